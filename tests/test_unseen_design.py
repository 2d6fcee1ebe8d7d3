"""Whole crawls of a site design nobody here wrote (`theme="random:SEED"`), through the CLI.

REST on: the crawl ends 0 with every post, its title and its exact date, and learns the
design's template. REST off afterwards: the learned template reads the posts. A redesign is
re-learned and said so in the crawl's output, `status` and the notification. An archive
built by an extractor that held posts back gains them on `isecg reparse`.
"""

from __future__ import annotations

import html
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive.db import open_db
from scraper.extract import signals
from scraper.extract.types import EXTRACTOR_VERSION
from tests.crawl_helpers import crawl_command, isecg, run_crawl
from tests.fixtures.site.app import handle
from tests.fixtures.site.model import load_site
from tests.fixtures.site.server import ReplicaConfig, ReplicaServer

from .conftest import ReplicaFactory

pytestmark = pytest.mark.slow  # whole crawls of the replica
SITE = load_site("base")
SEED = 3  # a design whose post bodies no theme selector finds


def news(db_path: Path) -> dict[int, tuple[str, str | None, dict[str, str]]]:
    with sqlite3.connect(db_path) as conn:
        return {
            wp_id: (title, published, json.loads(sources))
            for wp_id, title, published, sources in conn.execute(
                "SELECT wp_id, title, published, sources FROM news WHERE wp_id IS NOT NULL"
            )
        }


def _modified(db_path: Path) -> dict[int, str | None]:
    with sqlite3.connect(db_path) as conn:
        return dict(conn.execute("SELECT wp_id, modified FROM news WHERE wp_id IS NOT NULL"))


def truth() -> dict[int, tuple[str, str]]:
    return {p.id: (html.unescape(p.title), p.published) for p in SITE.news}


@dataclass(frozen=True)
class Unseen:
    """The unseen design crawled once through the CLI, REST on; read it, or copy it to write."""

    data: Path
    url: str  # the replica's address during the crawl
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def unseen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Unseen]:
    data = tmp_path_factory.mktemp("unseen") / "data"
    with ReplicaServer(ReplicaConfig(theme=f"random:{SEED}")) as server:
        yield Unseen(data, server.url, crawl_command(server, data))


def test_rest_on_an_unseen_design_exits_0_with_every_post(unseen: Unseen):
    result = unseen.result
    assert result.returncode == 0, result.stderr
    assert "templates learned for theme" in result.stderr
    got = news(unseen.data / "isecg.db")
    assert {k: v[:2] for k, v in got.items() if k in truth()} == truth()
    with sqlite3.connect(unseen.data / "isecg.db") as conn:
        learned = conn.execute("SELECT DISTINCT field FROM templates").fetchall()
        kinds = conn.execute("SELECT members, publications FROM build_stats").fetchone()
    assert {f for (f,) in learned} >= {"title", "body"}
    assert kinds == (len(SITE.members), len(SITE.publications))


def test_rest_off_after_learning_reads_with_the_template(
    replica_factory: ReplicaFactory, tmp_path: Path
):
    """REST switched off: the template reads what the pages show; a post whose page shows
    no date (only REST had it) would lose it, so the crawl says so and keeps its last good
    version: every post keeps its exact title and date."""
    server = replica_factory(theme=f"random:{SEED}")
    assert run_crawl(server, tmp_path).status == "done"
    modified = _modified(tmp_path / "isecg.db")
    server.configure(rest="off-404")
    second = run_crawl(server, tmp_path, full=True)
    # The design prints no modification day: what only REST said stays, and is no edit.
    assert _modified(tmp_path / "isecg.db") == modified
    assert any(modified.values())
    if second.status != "done":  # a post dated only by REST: held back, and said
        assert second.status == "unhealthy"
        assert second.message and "lost a title or date they had" in second.message
    got = news(tmp_path / "isecg.db")
    assert {k: v[:2] for k, v in got.items() if k in truth()} == truth()
    bodies = [v[2]["body"] for v in got.values()]
    assert bodies.count("template") > len(bodies) / 2  # rows say where fields now come from


def test_rest_off_from_the_start_keeps_only_right_records(
    replica_factory: ReplicaFactory, tmp_path: Path
):
    server = replica_factory(theme=f"random:{SEED}", rest="off-404")
    result = run_crawl(server, tmp_path)
    assert result.status == "done", result.message
    got = news(tmp_path / "isecg.db")
    for wp_id, (title, published) in truth().items():
        assert got[wp_id][0] == title
        assert got[wp_id][1] in (published, published[:10], None), wp_id


def test_a_redesign_is_relearned_and_said(replica_factory: ReplicaFactory, tmp_path: Path):
    server = replica_factory(small=True)  # no post is checked: the small replica will do
    assert run_crawl(server, tmp_path).status == "done"
    server.configure(theme=f"random:{SEED}")
    result = crawl_command(server, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "the theme changed: templates re-learned" in result.stderr
    status = isecg("status", "--data", str(tmp_path), "--json")
    last = json.loads(status.stdout)["crawls"][0]
    assert any("the theme changed" in note for note in last["notes"])


def _held_back_by_version_1(site_url: str, data: Path) -> set[int]:
    """The posts whose page no theme selector reads: what extractor version 1 held back."""
    held = set()
    with sqlite3.connect(data / "isecg.db") as conn:
        rows = conn.execute("SELECT url FROM captures WHERE url LIKE '%?p=%' AND status = 200")
        for (url,) in rows:
            page = handle(SITE, url.removeprefix(site_url), site_url, theme=f"random:{SEED}")
            tree = signals.parse(page.body.decode("utf-8"))
            wp_id = signals.url_post_id(url, site_url + "/", None)
            if tree is not None and signals.scope_and_body(tree, wp_id)[1] is None:
                held.add(wp_id)
    return {i for i in held if i in truth()}  # news posts (publication posts are publications)


def test_reparse_brings_back_what_an_older_extractor_held_back(unseen: Unseen, tmp_path: Path):
    shutil.copytree(unseen.data, tmp_path, dirs_exist_ok=True)  # this test rewrites the archive
    held = _held_back_by_version_1(unseen.url, tmp_path)
    assert held, "the design must defeat the theme selectors"
    db = open_db(tmp_path / "isecg.db")  # the archive as version 1 left it
    with db.atomic():
        for wp_id in held:
            db.execute("DELETE FROM news_versions WHERE record_id = ?", [f"wp:{wp_id}"])
            db.execute("DELETE FROM news WHERE id = ?", [f"wp:{wp_id}"])
        for table in ("news", "publications", "agencies"):
            db.execute(f"UPDATE {table} SET extractor_version = '1'")
        db.execute("DELETE FROM templates")
    db.close()
    before = isecg("status", "--data", str(tmp_path))
    assert before.returncode == 1 and "run `isecg reparse`" in before.stderr
    result = isecg("reparse", "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr
    got = news(tmp_path / "isecg.db")
    assert held <= set(got)
    assert {k: v[:2] for k, v in got.items() if k in truth()} == truth()
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        versions = conn.execute("SELECT DISTINCT extractor_version FROM news").fetchall()
    assert versions == [(EXTRACTOR_VERSION,)]
    assert isecg("status", "--data", str(tmp_path)).returncode == 0
