"""The one Settings object: everything a crawl may be told, with polite defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from archive.decode import DEFAULT_DECODE_CAP
from scraper import __version__

DEFAULT_SITE = "https://www.globalspaceexploration.org/"
CONTACT_URL = "https://github.com/isecg-archive/isecg-archive"
# The Internet Archive's Wayback Machine: replay (`<this>/<timestamp>id_/<url>`) and CDX API.
DEFAULT_WAYBACK = "https://web.archive.org/web/"
DEFAULT_WAYBACK_CDX = "https://web.archive.org/cdx/search/cdx"

# Statuses worth another try: the server said "later" or failed on its side.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


def default_data_dir() -> Path:
    return Path(os.environ.get("ISECG_DATA") or "data")


def default_user_agent() -> str:
    return f"isecg-archive/{__version__} (+{CONTACT_URL})"


@dataclass(frozen=True)
class Settings:
    site: str = DEFAULT_SITE
    data_dir: Path = field(default_factory=default_data_dir)
    delay: float = 1.0  # seconds between requests to the site; Crawl-delay wins when larger
    concurrency: int = 2
    max_pages: int | None = None
    full: bool = False  # refetch everything, ignoring ETag / Last-Modified
    # This crawl's record counts are trusted though a kind fell below half or rose tenfold
    # against the last trusted crawl (the site really changed): it becomes the reference.
    accept_counts: bool = False
    progress: bool = True
    read_early: bool = True  # pages read in a worker process while the crawl fetches (early.py)
    user_agent: str = field(default_factory=default_user_agent)
    # Timeouts in seconds: connecting, each read, and the whole exchange.
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    max_attempts: int = 4  # first try + 3 retries
    backoff_base: float = 1.0  # first retry waits about this long, doubling each time
    backoff_max: float = 60.0
    # Retry-After waits of one URL add up to at most this. A server asking for more is not
    # waited for: the URL is given up and the crawl stops politely (exit 4), saying so, rather
    # than sleep for hours or come back sooner than asked.
    retry_after_max: float = 300.0
    # One URL, all its attempts and waits together (Retry-After's 300 s and two minutes of
    # answers): a server answering 503 slowly each time holds a worker this long at most. A
    # body trickled out past total_timeout is not retried: it would trickle again.
    url_time_budget: float = 420.0
    # A robots.txt Crawl-delay above this is not obeyed silently: the crawl stops politely
    # (exit 4) and says so. 60 s between requests is already 17 hours for the site's 1,000 URLs.
    crawl_delay_max: float = 60.0
    # A 429 Too Many Requests (or a 503 with Retry-After) doubles the delay between requests
    # for the rest of the crawl (from 1 s when there was none), up to this: the site asked
    # for fewer requests. 30 s is 8 hours for the site's 1,000 URLs, past max_time.
    slow_down_max: float = 30.0
    # The whole crawl: after this many seconds it stops taking URLs, builds what it fetched,
    # and the next crawl takes up the rest. A nightly run of the real site takes ~20 minutes.
    max_time: float = 6 * 3600.0
    max_page_bytes: int = 10 * 1024 * 1024
    max_document_bytes: int = DEFAULT_DECODE_CAP  # 50 MB: what a reparse reads back
    max_redirects: int = 5
    # Trap defences (scraper/traps.py). Each cut is logged once and counted in crawls.cuts.
    # URLs one crawl may queue: the real site has about 1,000, a trap has no end.
    max_frontier: int = 20_000
    # Distinct lists under one path and set of query keys (?m=YYYYMM, ?cat=N, ?tag=...):
    # 17 years of monthly archives are 204; a calendar trap goes on for ever. Post and page
    # ids (?p=N, ?page_id=N) are the site's content and bounded only by max_frontier.
    max_query_variants: int = 300
    # Pages of one paginated list (?paged=N, ?page=N, /page/N): the news list has 6.
    max_pagination_depth: int = 200
    # Pages of one REST collection, at 100 items a page: 10,000 posts. Fewer when the first
    # page and X-WP-Total say so; the walk stops at the first 4xx.
    max_rest_pages: int = 100
    warc_max_bytes: int = 1024 * 1024 * 1024  # rotate WARC files at about this size
    # Hosts other than the site's that may be connected to: none by default. Tests keep this
    # empty too; it exists so a mirror can be crawled by name.
    extra_hosts: tuple[str, ...] = ()
    # Where to POST a JSON summary when a crawl fails or changes records (None: nowhere).
    # Never stored in crawls.settings: webhook URLs carry secrets.
    notify_url: str | None = None
    log_format: str = "text"  # "text" or "json": stderr and data/logs/crawl-<id>.log
    # History backfill (isecg import-wayback, scraper/wayback.py). The Wayback endpoint is the
    # one host it may contact: its replay prefix, and its CDX API (None: the Internet Archive's
    # for the default endpoint, else `<wayback_url>/cdx` as pywb serves it).
    wayback_url: str = DEFAULT_WAYBACK
    wayback_cdx_url: str | None = None
    # Seconds between request starts to the Wayback Machine, one request at a time. The
    # Internet Archive publishes no limit; its staff gave 60 CDX requests a minute in 2023,
    # and clients now keep to 24 a minute (docs/backfill.md): 2.5 s keeps every request, CDX
    # or replay, under that.
    wayback_delay: float = 2.5
    # A 429 ignored for more than a minute gets an address blocked for an hour: the first
    # retry without Retry-After waits this long, doubling up to backoff_max.
    wayback_backoff: float = 30.0

    @property
    def db_path(self) -> Path:
        return self.data_dir / "isecg.db"

    @property
    def warc_dir(self) -> Path:
        return self.data_dir / "warc"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "crawl.lock"

    @property
    def early_readings_path(self) -> Path:
        return self.data_dir / "early-readings.tmp"

    @property
    def cdx_url(self) -> str:
        """The CDX API of the Wayback endpoint."""
        if self.wayback_cdx_url:
            return self.wayback_cdx_url
        if self.wayback_url.rstrip("/") == DEFAULT_WAYBACK.rstrip("/"):
            return DEFAULT_WAYBACK_CDX
        return self.wayback_url.rstrip("/") + "/cdx"

    def but(self, **changes: object) -> Settings:
        """A copy with some fields changed (the object itself never changes)."""
        return replace(self, **changes)  # type: ignore[arg-type]
