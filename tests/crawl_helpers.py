"""What crawl tests share: running a crawl against a replica, and what a full crawl must hold."""

from __future__ import annotations

import math
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from scraper.crawl import CrawlResult, crawl
from scraper.settings import Settings
from tests.fixtures.site.model import Site
from tests.fixtures.site.server import ReplicaServer

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


def run_crawl(server: ReplicaServer, data: Path, **changes: Any) -> CrawlResult:
    return crawl(settings_for(server, data, **changes))


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
