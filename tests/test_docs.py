"""The README and docs/ stay true: the CLI reference is regenerated and compared, links
resolve, the tables match the schema, the layout names real files, and the README's example
SQL answers as shown on a crawl of the replica."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from archive.db import open_db
from tests import cli_docs
from tests.crawl_helpers import run_crawl
from tests.fixtures.site.server import ReplicaConfig, ReplicaServer

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, ROOT / "CHANGELOG.md", *sorted(DOCS.glob("*.md"))]
README_MAX_BYTES = 8192

FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} (.+)$", re.MULTILINE)


def prose(text: str) -> str:
    """The page without its fenced code blocks (no links or headings are read inside them)."""
    return FENCE.sub("", text)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def relative_links(page: Path) -> Iterator[tuple[str, Path, str]]:
    for target in LINK.findall(prose(page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        yield target, (page.parent / path).resolve() if path else page, anchor


# -- the CLI reference ---------------------------------------------------------------------


def test_cli_reference_is_current():
    assert cli_docs.CLI_MD.read_text(encoding="utf-8") == cli_docs.render(), (
        "docs/cli.md is out of date: run make docs"
    )


def test_cli_reference_has_every_command():
    text = cli_docs.render()
    for name in cli_docs.isecg.commands:
        assert f"## isecg {name}\n" in text
        assert f"Usage: isecg {name} [OPTIONS]" in text


# -- the front door and its links ----------------------------------------------------------


def test_readme_is_a_front_door():
    size = len(README.read_bytes())
    assert size < README_MAX_BYTES, f"README.md is {size} bytes; keep it under {README_MAX_BYTES}"
    text = README.read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text and "isecg crawl" in text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page: Path):
    broken = []
    for target, path, anchor in relative_links(page):
        if not path.exists():
            broken.append(f"{target}: no such file")
        elif anchor and path.suffix == ".md":
            anchors = {slug(h) for h in HEADING.findall(prose(path.read_text(encoding="utf-8")))}
            if anchor not in anchors:
                broken.append(f"{target}: no heading #{anchor}")
    assert not broken, f"{page.relative_to(ROOT)}: " + "; ".join(broken)


def test_every_docs_page_is_linked_from_the_readme():
    linked = {path for _, path, _ in relative_links(README)}
    assert not [p.name for p in DOCS.glob("*.md") if p.resolve() not in linked]


# -- the schema in docs/data.md ------------------------------------------------------------


def documented_tables() -> dict[str, set[str]]:
    """{table: the backticked columns of its row} from the tables of docs/data.md."""
    text = (DOCS / "data.md").read_text(encoding="utf-8")
    tables: dict[str, set[str]] = {}
    for first, rest in re.findall(r"^\| (`[^|]+) \| (.+) \|$", text, re.MULTILINE):
        for name in re.findall(r"`([^`]+)`", first):
            tables[name] = set(re.findall(r"`([^`]+)`", rest))
    return tables


def test_data_md_lists_every_column_of_every_table(tmp_path: Path):
    db = open_db(tmp_path / "isecg.db")
    real = {
        name: {c.name for c in db.table(name).columns}
        for name in db.table_names()
        if not re.search(r"_fts(_|$)", name)
    }
    db.close()
    documented = documented_tables()
    assert sorted(documented) == sorted(real), "docs/data.md: tables differ from archive/db.py"
    wrong = {
        name: {"undocumented": sorted(real[name] - cols), "unknown": sorted(cols - real[name])}
        for name, cols in documented.items()
        if cols != real[name]
    }
    assert not wrong, f"docs/data.md: columns differ from archive/db.py: {wrong}"


# -- layout: every path named exists -------------------------------------------------------


def layout_paths(block: str) -> list[str]:
    """Paths of a layout block: its first token per line, nested by two-space indents."""
    stack: list[str] = []
    paths = []
    for line in block.splitlines():
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2
        stack = [*stack[:depth], line.split()[0]]
        paths.append("".join(p if p.endswith("/") else p + "/" for p in stack).rstrip("/"))
    return paths


def first_block(text: str) -> str:
    found = FENCE.search(text)
    assert found is not None
    return found[2]


def layout_blocks() -> list[tuple[str, str]]:
    """The README's short layout and docs/layout.md's module by module."""
    readme = README.read_text(encoding="utf-8").split("## Layout", 1)[1]
    layout = (DOCS / "layout.md").read_text(encoding="utf-8")
    return [("README.md", first_block(readme)), ("docs/layout.md", first_block(layout))]


@pytest.mark.parametrize(("page", "block"), layout_blocks(), ids=["README", "layout"])
def test_layout_names_only_real_paths(page: str, block: str):
    missing = [p for p in layout_paths(block) if not (ROOT / p).exists()]
    assert not missing, f"{page} names paths that do not exist: {missing}"


def test_layout_names_every_module():
    listed = set(layout_paths(layout_blocks()[1][1]))
    modules = [
        str(p.relative_to(ROOT))
        for package in ("scraper", "archive")
        for p in sorted((ROOT / package).rglob("*.py"))
        if p.name != "__init__.py" and "datasette_plugins" not in p.parts
    ]
    assert not [m for m in modules if m not in listed], "docs/layout.md lacks these modules"


# -- the reading room's addresses ----------------------------------------------------------


def test_datasette_addresses_name_real_tables_and_queries(tmp_path: Path):
    metadata = yaml.safe_load((ROOT / "archive" / "metadata.yml").read_text(encoding="utf-8"))
    db = open_db(tmp_path / "isecg.db")
    names = set(db.table_names()) | set(metadata["databases"]["isecg"]["queries"])
    db.close()
    used = {
        (page.name, name)
        for page in PAGES
        for name in re.findall(r"/isecg/(\w+)", page.read_text(encoding="utf-8"))
    }
    assert not [u for u in used if u[1] not in names]


# -- the README's questions, asked of a crawl of the replica -------------------------------


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """What `make demo` crawls: the replica in its base state, REST on."""
    data = tmp_path_factory.mktemp("demo")
    with ReplicaServer(ReplicaConfig()) as server:
        assert run_crawl(server, data).status == "done"
    yield data / "isecg.db"


def readme_queries() -> list[tuple[str, str | None]]:
    """(sql, the csv shown after it or None) for every ```sql block of the README."""
    blocks = FENCE.findall(README.read_text(encoding="utf-8"))
    return [
        (body, blocks[i + 1][1] if i + 1 < len(blocks) and blocks[i + 1][0] == "csv" else None)
        for i, (lang, body) in enumerate(blocks)
        if lang == "sql"
    ]


def as_csv(cursor: sqlite3.Cursor) -> list[str]:
    """The rows as `sqlite-utils ... --csv` prints them: a header, then one line a row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([d[0] for d in cursor.description])
    writer.writerows(cursor.fetchall())
    return out.getvalue().splitlines()


def test_the_readme_asks_three_questions():
    assert len(readme_queries()) == 3


@pytest.mark.parametrize(("sql", "shown"), readme_queries(), ids=["joined", "edited", "on-a-day"])
def test_readme_sql_answers_as_shown(demo_db: Path, sql: str, shown: str | None):
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    with sqlite3.connect(demo_db) as conn:
        params = {"date": today} if ":date" in sql else {}
        lines = as_csv(conn.execute(sql, params))
    assert len(lines) > 1, "the query found nothing"
    if shown is not None:
        expected = shown.splitlines()
        assert lines[: len(expected)] == expected
