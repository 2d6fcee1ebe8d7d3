"""A crawl killed at any moment resumes; one crawl per data directory; the lock outlives no one.

The killed crawls are of the small replica (tests/fixtures/site/small.py, about 90 requests)."""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from archive.warc import WarcWriter
from archive.warc_check import check_file
from scraper.errors import CrawlFailed, LockHeld
from scraper.lock import CrawlLock
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import answered_urls, crawl_args, expected_urls, rows, run_crawl
from tests.fixtures.site import app
from tests.fixtures.site.model import Site
from tests.fixtures.site.server import ReplicaServer


def start_crawl(server: ReplicaServer, data: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        crawl_args(server, data, "--concurrency", "2"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def captures_so_far(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=0.2) as conn:
            return conn.execute("SELECT COUNT(*) FROM captures").fetchone()[0]
    except sqlite3.OperationalError:  # not migrated yet, or busy for a moment
        return 0


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.005)


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [1, 25, 50])  # at the start, early, half way
def test_kill_9_then_resume_completes_without_duplicates(
    replica_factory: ReplicaFactory, tmp_path: Path, kill_after: int
):
    server = replica_factory(latency=0.01, small=True)
    db = tmp_path / "isecg.db"
    crawler = start_crawl(server, tmp_path)
    wait_for(lambda: captures_so_far(db) >= kill_after or crawler.poll() is not None)
    os.kill(crawler.pid, signal.SIGKILL)
    # Its output closes: nothing it started (the early reader's worker) outlives it.
    crawler.communicate(timeout=30)
    archived = answered_urls(db, 1)
    assert archived, "nothing was archived before the kill"
    server.clear_log()

    result = run_crawl(server, tmp_path)

    assert result.crawl_id == 1 and result.resumed and result.status == "done"
    assert not expected_urls(server.site, server.url) - answered_urls(db, 1)
    refetched = {server.url + entry.path for entry in server.log} & archived
    assert not refetched, f"fetched again: {sorted(refetched)}"
    duplicates = rows(db, "SELECT url FROM captures GROUP BY crawl_id, url HAVING COUNT(*) > 1")
    assert duplicates == []
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    for path in (tmp_path / "warc").glob("*.warc.gz"):
        assert check_file(path)[1] is None, path.name


def test_second_crawl_on_the_same_data_exits_3(replica_factory: ReplicaFactory, tmp_path: Path):
    release = threading.Event()

    def held(site: Site, target: str, base_url: str, rest: str, **more: Any) -> Any:
        if target != "/robots.txt":
            release.wait(60)  # the first crawl is still running, however long the second takes
        return app.handle(site, target, base_url, rest, **more)

    server = replica_factory(handler=held, small=True)
    first = start_crawl(server, tmp_path)
    try:
        wait_for(lambda: captures_so_far(tmp_path / "isecg.db") >= 1)
        second = start_crawl(server, tmp_path)
        _, err = second.communicate(timeout=60)
        assert second.returncode == 3
        assert "another crawl" in err and err.strip().count("\n") == 0
        assert first.poll() is None  # the lock's holder had not ended
    finally:
        release.set()
        first.kill()
        first.communicate()


def test_lock_of_a_dead_crawl_is_taken_over(tmp_path: Path):
    lock_path = tmp_path / "crawl.lock"
    lock_path.write_text("999999\n")  # left behind by a process that no longer holds it
    with CrawlLock(lock_path) as lock:
        assert lock.was_stale
        assert lock_path.read_text().strip() == str(os.getpid())
        with pytest.raises(LockHeld), CrawlLock(lock_path):
            pass
    assert lock_path.read_text() == ""


def interrupted(script: str, server: ReplicaServer, data: Path) -> str:
    """`isecg crawl` run by `script`, which presses Ctrl-C: it exits 130 with one line saying
    how to go on, the crawl stays running, and no readings file is left (nor a worker holding
    its output: run() would wait). What it printed on stdout."""
    child = subprocess.run(
        [sys.executable, "-c", script, server.url + "/", str(data)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == 130, child.stderr[-2000:]
    assert "isecg: crawl 1 interrupted: `isecg crawl` resumes it\n" in child.stderr
    assert rows(data / "isecg.db", "SELECT status FROM crawls") == [("running",)]
    assert not (data / "early-readings.tmp").exists()
    return child.stdout


CTRL_C_IN_THE_BUILD = """
import os, signal, sys
# Ctrl-C live, as at a terminal: a child inherits an ignored SIGINT from the process that
# starts it (some pytest worker's, in the whole suite), and the crawl leaves that alone
signal.signal(signal.SIGINT, signal.default_int_handler)
from archive import store
from scraper.cli import run

saved = [0]
upsert = store.upsert_versioned

def upsert_then_ctrl_c(*args, **kwargs):
    saved[0] += 1
    if saved[0] == 3:  # the build is saving records: Ctrl-C, as a person would press it
        os.kill(os.getpid(), signal.SIGINT)
    return upsert(*args, **kwargs)

store.upsert_versioned = upsert_then_ctrl_c
sys.argv = ["isecg", "crawl", "--site", sys.argv[1], "--data", sys.argv[2], "--delay", "0",
            "--no-progress"]
try:
    run()  # as the console script runs it
finally:
    print("saved", saved[0], flush=True)
"""


@pytest.mark.slow
def test_ctrl_c_in_the_build_stops_it_at_once_and_the_next_crawl_builds(
    replica_factory: ReplicaFactory, tmp_path: Path
) -> None:
    """asyncio only cancels the crawl's task at its next await, and the build has none: Ctrl-C
    there used to wait for the whole build. Now it stops the build where it is; nothing of it
    is kept (one transaction), the crawl stays running, and the next crawl resumes and builds
    what a crawl never interrupted builds."""
    server = replica_factory(small=True)
    data = tmp_path / "data"
    said = interrupted(CTRL_C_IN_THE_BUILD, server, data)
    assert said.split() == ["saved", "3"]  # not one record more
    db = data / "isecg.db"
    assert rows(db, "SELECT COUNT(*) FROM news") == [(0,)]

    result = run_crawl(server, data)
    assert result.crawl_id == 1 and result.resumed and result.status == "done"
    run_crawl(server, tmp_path / "alone")
    for table in ("news", "publications", "memberships"):
        query = f"SELECT * FROM {table} ORDER BY 1"
        ignore = {"first_seen", "last_seen", "capture_id"}
        assert _rows_without(db, query, ignore) == _rows_without(
            tmp_path / "alone" / "isecg.db", query, ignore
        ), table


def _rows_without(db: Path, query: str, ignore: set[str]) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        cursor = conn.execute(query)
        keep = [i for i, column in enumerate(cursor.description) if column[0] not in ignore]
        return [tuple(row[i] for i in keep) for row in cursor.fetchall()]


CTRL_C_IN_THE_FETCH = """
import os, signal, sys
# Ctrl-C live, as at a terminal: a child inherits an ignored SIGINT from the process that
# starts it (some pytest worker's, in the whole suite), and the crawl leaves that alone
signal.signal(signal.SIGINT, signal.default_int_handler)
from scraper.cli import run
from scraper.crawl import Crawler

fetches = [0]
fetch = Crawler._fetch_safely

async def fetch_then_ctrl_c(self, *args, **kwargs):
    fetches[0] += 1
    if fetches[0] == 60:  # well into the fetch, the early reader's worker started
        os.kill(os.getpid(), signal.SIGINT)
    return await fetch(self, *args, **kwargs)

Crawler._fetch_safely = fetch_then_ctrl_c
sys.argv = ["isecg", "crawl", "--site", sys.argv[1], "--data", sys.argv[2], "--delay", "0",
            "--no-progress", "--concurrency", "2"]
run()  # as the console script runs it
"""


@pytest.mark.slow
def test_ctrl_c_in_the_fetch_leaves_a_crawl_to_resume(
    replica_factory: ReplicaFactory, tmp_path: Path
) -> None:
    """The crawl stops, says how to go on, and leaves no worker behind (its output would stay
    open) nor its readings file; the next crawl resumes it and fetches nothing twice."""
    server = replica_factory(latency=0.01, small=True)
    data = tmp_path / "data"
    interrupted(CTRL_C_IN_THE_FETCH, server, data)
    db = data / "isecg.db"
    archived = answered_urls(db, 1)
    assert len(archived) > 30
    server.clear_log()

    result = run_crawl(server, data)
    assert result.crawl_id == 1 and result.resumed and result.status == "done"
    assert not expected_urls(server.site, server.url) - answered_urls(db, 1)
    fetched_now = {server.url + entry.path for entry in server.log}
    assert fetched_now, "the first crawl had stopped where Ctrl-C was pressed"
    assert not fetched_now & archived


@pytest.mark.slow
def test_a_full_disk_stops_the_crawl_at_once_and_the_next_crawl_resumes(
    replica_factory: ReplicaFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Each URL used to fail on its own, logged as an unexpected error with its traceback
    (800 on the replica), each opening a new WARC file, and the crawl went on to the end."""
    server = replica_factory(latency=0.005, small=True)
    written: list[Any] = []
    write = WarcWriter.write

    def filling_up(self: WarcWriter, *args: Any, **kwargs: Any) -> Any:
        if len(written) >= 10:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(write(self, *args, **kwargs))
        return written[-1]

    monkeypatch.setattr(WarcWriter, "write", filling_up)
    with pytest.raises(CrawlFailed, match=r"crawl 1 stopped: .*No space left on device.*resumes"):
        run_crawl(server, tmp_path)
    db = tmp_path / "isecg.db"
    expected = expected_urls(server.site, server.url)
    assert len(server.log) < len(expected) / 2  # stopped, not gone on to the end
    assert rows(db, "SELECT status FROM crawls") == [("running",)]
    assert rows(db, "SELECT COUNT(*) FROM captures WHERE outcome = 'error'") == [(0,)]
    assert len(list((tmp_path / "warc").glob("*.warc.gz"))) == 1

    monkeypatch.undo()  # room again
    result = run_crawl(server, tmp_path)
    assert result.resumed and result.status == "done"
    assert not expected - answered_urls(db, 1)


def test_a_resumed_full_crawl_stays_full(replica_factory: ReplicaFactory, tmp_path: Path) -> None:
    """helper-196: `isecg crawl --full` stopped, then `isecg crawl` (as its message says):
    the row said full, but 21 answers were conditional 304s."""
    from archive.crawl_state import CrawlStore
    from archive.db import open_db

    server = replica_factory(small=True)
    assert run_crawl(server, tmp_path).status == "done"  # validators to ask with
    db = open_db(tmp_path / "isecg.db")
    CrawlStore(db).start(server.url + "/", True, {})  # a --full crawl killed at once
    db.conn.commit()
    db.close()
    server.clear_log()
    result = run_crawl(server, tmp_path)  # no --full given
    assert result.resumed and result.crawl_id == 2
    asked = [e for e in server.log if e.path != "/robots.txt"]
    assert asked and not [e.path for e in asked if "if-none-match" in e.headers]
    assert not [e.path for e in asked if e.status == 304]
    fresh = run_crawl(server, tmp_path)  # the next crawl is no --full one
    assert fresh.crawl_id == 3 and any(e.status == 304 for e in server.log)
