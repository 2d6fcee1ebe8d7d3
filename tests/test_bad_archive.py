"""Commands over an archive that is damaged or read-only: one line and an exit code, never a
traceback; a read-only copy is read as it is. (Found by probing the CLI with bad input.)"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import main
from tests.crawl_helpers import SIDE_FILES

READERS = [["status"], ["verify"], ["export", "members"], ["cite", "capture:3"]]


@pytest.fixture
def archive(data: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "archive"
    # The database by SQLite's backup, the rest as files: another worker reading the shared
    # archive makes and removes its -wal file as it goes (copytree once met it half gone).
    shutil.copytree(data, copy, ignore=shutil.ignore_patterns("isecg.db*"))
    source = sqlite3.connect(f"file:{data / 'isecg.db'}?mode=ro", uri=True)
    target = sqlite3.connect(copy / "isecg.db")
    try:
        source.backup(target)
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file
    finally:
        source.close()
        target.close()
    return copy


def isecg(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output.splitlines()


@pytest.mark.parametrize(
    "command", [*READERS, ["changes", "--since", "7d"], ["reparse"], ["serve", "--port", "0"]]
)
@pytest.mark.timeout(60)  # `serve` over it used to start, and answer every page with a 500
def test_a_database_that_is_not_one_is_one_line(archive: Path, command: list[str]) -> None:
    (archive / "isecg.db").write_text("hi")
    for leftover in ("isecg.db-wal", "isecg.db-shm"):
        (archive / leftover).unlink(missing_ok=True)
    code, lines = isecg(*command, "--data", str(archive))
    assert code == 1
    assert lines == [
        "isecg: the archive's database is damaged (file is not a database): restore isecg.db"
        " from a backup or a snapshot (`isecg snapshot`); the WARC files are not touched"
    ]


def test_verify_finds_a_damaged_page_of_the_database(archive: Path) -> None:
    """A page of `links` overwritten: every command that did not read it went on, and verify
    said "ok"."""
    db = archive / "isecg.db"
    with sqlite3.connect(db) as conn:
        page = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'links' AND pagetype = 'leaf' LIMIT 1"
        ).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    with db.open("r+b") as fh:
        fh.seek((page - 1) * size + 7)
        fh.write(b"\x3f")  # a leaf's count of fragmented bytes, which its cells contradict
    code, lines = isecg("verify", "--data", str(archive))
    assert code == 1
    assert any(line.startswith("database: ") and "page" in line for line in lines)
    assert any("the database damaged" in line for line in lines)


@pytest.fixture
def read_only_archive(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A copy nobody may write. Root writes anyway, so the commands are also told, as anyone
    else would be, that they may not (os.access), and opening it to write is an error."""
    copy = tmp_path / "archive"
    # another worker's reader makes and removes -wal and -shm beside the shared archive
    shutil.copytree(data, copy, ignore=SIDE_FILES)
    real_access = os.access
    monkeypatch.setattr(
        "scraper.cli_common.os.access",
        lambda path, mode: False if mode == os.W_OK else real_access(path, mode),
    )
    monkeypatch.setattr("archive.db.open_db", _refused)
    for path in [copy, *copy.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield copy
    finally:
        for path in [copy, *copy.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def _refused(path: Path) -> None:
    raise AssertionError(f"{path} opened to write, in a directory that may not be written")


def _contents(root: Path) -> dict[str, bytes]:
    # The WAL was checkpointed into isecg.db (fixture `archive`): what a reader may make or
    # remove beside it where it can (-wal, -shm) holds no content, and isecg.db is compared.
    return {
        p.name: p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }


@pytest.mark.parametrize("command", READERS)
def test_a_read_only_copy_is_read(read_only_archive: Path, command: list[str]) -> None:
    """Each command tried to switch the database to WAL and migrate it: "attempt to write a
    readonly database", as a traceback."""
    before = _contents(read_only_archive)
    code, lines = isecg(*command, "--data", str(read_only_archive))
    assert code == 0, lines
    assert lines
    assert _contents(read_only_archive) == before


def test_a_full_standard_output_is_one_line(data: Path) -> None:
    """`isecg status > /dev/full` ended in a traceback."""
    root = Path(__file__).resolve().parent.parent
    command = [sys.executable, "-c", "from scraper.cli import run; run()", "status"]
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*command, "--data", str(data)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            cwd=root,
            env={**os.environ, "PYTHONPATH": str(root)},
        )
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["isecg: No space left on device"]


@pytest.mark.parametrize("command", [["status"], ["crawl", "--site", "http://127.0.0.1:9/"]])
def test_an_emptied_database_beside_warc_files_is_not_a_new_archive(
    archive: Path, command: list[str]
) -> None:
    """SQLite took the empty file for a new archive: status said "no crawl has run yet",
    verify "ok" over WARC files no capture pointed at, and a crawl began a new index."""
    (archive / "isecg.db").write_bytes(b"")
    for leftover in ("isecg.db-wal", "isecg.db-shm"):
        (archive / leftover).unlink(missing_ok=True)
    code, lines = isecg(*command, "--data", str(archive))
    assert code == 1
    assert len(lines) == 1 and "it is empty, beside WARC files" in lines[0]
    assert (archive / "isecg.db").stat().st_size == 0
