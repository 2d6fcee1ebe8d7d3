"""What crawl tests share: running a crawl against a replica, and what a full crawl must hold."""

from __future__ import annotations

import contextlib
import hashlib
import math
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scraper.crawl import CrawlResult, crawl
from scraper.settings import Settings
from tests.fixtures.site.model import Site
from tests.fixtures.site.server import LoggedRequest, ReplicaServer

# A database's -wal and -shm files: a reader elsewhere makes and removes them as it opens and
# closes, so a copy of an archive another test reads leaves them out (they hold nothing once
# the writer closed: its commits are checkpointed into the database).
SIDE_FILES = shutil.ignore_patterns("*-wal", "*-shm")

ISECG = Path(sys.executable).with_name("isecg")  # the installed command, as people run it
NEWS_PER_PAGE = 10  # the replica's list sizes (render_theme.py)
PUBLICATIONS_PER_PAGE = 8


def settings_for(server: ReplicaServer, data: Path, **changes: Any) -> Settings:
    """Fast, quiet settings for a crawl of a replica: no delay, tiny backoff."""
    values: dict[str, Any] = {
        "site": server.url + "/",
        "data_dir": data,
        "delay": 0.0,
        "concurrency": 4,
        "progress": False,
        "backoff_base": 0.01,
        "backoff_max": 0.05,
        "read_timeout": 5.0,
    }
    values.update(changes)
    return Settings(**values)


class Clock:
    """A fake monotonic clock and sleep for crawl(clock=, sleep=) and Fetcher: each sleep is
    recorded and moves the clock on, and no time passes for real. Waits are asserted on
    `sleeps`, never on the wall clock."""

    def __init__(self, start: float = 1000.0, tick: float = 0.0) -> None:
        self.now = start
        self.tick = tick  # seconds added at every reading: time that passes while working
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        self.now += self.tick
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)


def run_crawl(
    server: ReplicaServer, data: Path, clock: Clock | None = None, **changes: Any
) -> CrawlResult:
    """Crawl a replica; with a Clock, every wait is recorded on it and none is slept."""
    settings = settings_for(server, data, **changes)
    if clock is None:
        return crawl(settings)
    return crawl(settings, clock=clock, sleep=clock.sleep)


@dataclass(frozen=True)
class Crawled:
    """A data directory crawled from the default replica, shared by the whole test session
    (tests/conftest.py): read it, never write to it; `copy` gives a test one of its own."""

    data: Path
    url: str  # the replica's address while it was crawled, as in every archived URL
    results: tuple[CrawlResult, ...]  # one per crawl, in order
    requests: tuple[tuple[LoggedRequest, ...], ...]  # what the replica was asked, per crawl

    @property
    def db(self) -> Path:
        return self.data / "isecg.db"

    def copy(self, where: Path) -> Path:
        """A copy of the data directory at `where`, free to change.

        The database's -wal and -shm files are left behind: another test (or xdist worker)
        reading the archive makes and removes them as its connections open and close, so
        they can vanish mid-copy; and they hold nothing, since the crawl's writes were
        checkpointed into the database (crawl_shared) and the fingerprint check fails any test
        that writes after."""
        shutil.copytree(self.data, where, ignore=SIDE_FILES)
        return where

    def fingerprint(self) -> dict[str, str]:
        """A digest of every file the crawls left (an empty or absent WAL counts as none)."""
        digests = {}
        for path in sorted(self.data.rglob("*")):
            if path.is_file() and not path.name.endswith("-shm"):
                content = path.read_bytes()
                if path.name.endswith("-wal") and not content:
                    continue
                digests[str(path.relative_to(self.data))] = hashlib.sha256(content).hexdigest()
        return digests


def crawl_shared(
    server: ReplicaServer, data: Path, before: Crawled | None = None, **changes: Any
) -> Crawled:
    """Crawl `server` into `data` (first copying `before`'s archive there, to crawl again)."""
    if before is not None:
        before.copy(data)
    server.clear_log()
    result = run_crawl(server, data, **changes)
    assert result.status == "done", result.message
    with contextlib.closing(sqlite3.connect(data / "isecg.db")) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the database file
    results, requests = (before.results, before.requests) if before else ((), ())
    return Crawled(data, server.url, (*results, result), (*requests, tuple(server.log)))


def expected_urls(site: Site, base: str) -> set[str]:
    """Every page and document of the replica a complete crawl must archive (canonical URLs)."""
    titles = {page.title: page.id for page in site.pages}
    news_pages = math.ceil(len(site.news) / NEWS_PER_PAGE)
    publication_pages = math.ceil(len(site.publications) / PUBLICATIONS_PER_PAGE)
    found = {f"{base}/", f"{base}/news/"}
    found |= {f"{base}/?p={post.id}" for post in site.posts}
    found |= {f"{base}/?page_id={page.id}" for page in site.pages if page.title != "Private Area"}
    found |= {f"{base}/?page_id={titles['News']}&paged={n}" for n in range(2, news_pages + 1)}
    found |= {
        f"{base}/?page_id={titles['Publications']}&paged={n}"
        for n in range(2, publication_pages + 1)
    }
    found |= {f"{base}/news/{item.date}" for item in site.portal}
    found |= {base + path for path in site.documents}
    return found


def rows(db_path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def answered_urls(db_path: Path, crawl_id: int) -> set[str]:
    """URLs the crawl holds an archived answer for (new content or unchanged)."""
    return {
        url
        for (url,) in rows(
            db_path,
            "SELECT url FROM captures WHERE crawl_id = ? AND status IN (200, 304)",
            (crawl_id,),
        )
    }


def isecg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the `isecg` command in its own process, output captured."""
    return subprocess.run([ISECG, *args], capture_output=True, text=True, timeout=timeout)


def crawl_args(server: ReplicaServer, data: Path, *extra: str) -> list[str]:
    """`isecg crawl` of a replica as a person would type it: no delay, plain log lines."""
    site = server.url + "/"
    return [
        str(ISECG),
        "crawl",
        "--site",
        site,
        "--data",
        str(data),
        "--delay",
        "0",
        "--no-progress",
        *extra,
    ]


def crawl_command(
    server: ReplicaServer, data: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_args(server, data, *extra), capture_output=True, text=True, timeout=300
    )
