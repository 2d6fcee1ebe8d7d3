"""Captures read back: where each one's content is (revisits resolved), and what a finished crawl
read, for the builder, the reading room and a resumed crawl. Written by archive/crawl_state.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from archive import urls
from archive.lookup import as_browsers_read

if TYPE_CHECKING:  # the early reader's worker imports this and needs no database
    import sqlite_utils

# A capture and where its content is. An unchanged answer (a 304, or a 200 with the same bytes)
# is a WARC revisit record holding no payload: its content is its original's, one hop back.
# The one query that resolves it; the builder, the Datasette plugin (archived copies) and the
# crawler (robots.txt on resume) add their WHERE clause.
READABLE = (
    "SELECT c.id, c.url, c.kind, c.status, c.outcome, c.fetched_at, c.crawl_id,"
    " COALESCE(o.warc_file, c.warc_file) AS warc_file,"
    " COALESCE(o.warc_offset, c.warc_offset) AS warc_offset, c.source,"
    " COALESCE(o.size, c.size) AS size"
    " FROM captures c LEFT JOIN captures o ON o.id = c.revisit_of"
)


@dataclass(frozen=True)
class Readable:
    """A capture, and the WARC record holding its content (its original's, for a revisit)."""

    id: int
    url: str
    kind: str
    status: int | None
    outcome: str
    fetched_at: str
    crawl_id: int
    warc_file: str | None  # None: nothing was archived (no answer, or a refusal)
    warc_offset: int | None
    source: str = "crawl"  # crawl (ours) or wayback (a Wayback Machine capture, its time)
    size: int | None = None  # its content's bytes on the wire (before any Content-Encoding)


# Where else the bytes of the record at (warc_file, warc_offset) are kept: the same URL's
# same payload in another response record, latest first (a later crawl fetches a damaged
# copy again whole: scraper/visit.py).
SAME_BYTES = """
    SELECT o.warc_file, o.warc_offset, o.id FROM captures c
    JOIN captures o ON o.url = c.url AND o.payload_digest = c.payload_digest AND o.id != c.id
    WHERE c.warc_file = ? AND c.warc_offset = ? AND c.revisit_of IS NULL
      AND o.revisit_of IS NULL AND o.warc_file IS NOT NULL
    ORDER BY o.id DESC
"""


def same_bytes(db_path: Path, warc_file: str, warc_offset: int) -> list[tuple[str, int, int]]:
    """(file, offset, capture id) of each other record holding what the record at
    (warc_file, warc_offset) holds, read from the archive at `db_path` (its own read-only
    connection: a reparse's worker process has none). Asked only of a damaged record."""
    if not db_path.is_file():
        return []
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return conn.execute(SAME_BYTES, [warc_file, warc_offset]).fetchall()
    finally:
        conn.close()


def readable(db: sqlite_utils.Database, crawl_id: int) -> Iterator[Readable]:
    """A crawl's answered captures, REST answers first (the builder reads pages knowing them),
    one at a time as the builder reads them: not a list as long as the crawl."""
    rows = db.execute(
        READABLE + " WHERE c.crawl_id = ? AND c.status IS NOT NULL ORDER BY c.kind != 'rest', c.id",
        [crawl_id],
    )
    return (Readable(*row) for row in rows)


def readable_capture(db: sqlite_utils.Database, capture_id: int) -> Readable | None:
    row = db.execute(READABLE + " WHERE c.id = ?", [capture_id]).fetchone()
    return Readable(*row) if row else None


def readable_url(db: sqlite_utils.Database, crawl_id: int, url: str) -> Readable | None:
    """A crawl's capture of one URL (robots.txt, when a crawl resumes), or None."""
    row = db.execute(READABLE + " WHERE c.crawl_id = ? AND c.url = ?", [crawl_id, url]).fetchone()
    return Readable(*row) if row else None


def categories_before(db: sqlite_utils.Database, crawl_id: int) -> Readable | None:
    """The last answer of the REST categories collection before this crawl began."""
    row = db.execute(
        READABLE + " WHERE c.kind = 'rest' AND c.status = 200 AND c.crawl_id != ?"
        " AND c.url LIKE '%/wp/v2/categories%' AND c.fetched_at < (SELECT started_at FROM"
        " crawls WHERE id = ?) ORDER BY c.fetched_at DESC LIMIT 1",
        [crawl_id, crawl_id],
    ).fetchone()
    return Readable(*row) if row else None


def finished_crawls(db: sqlite_utils.Database) -> list[tuple[int, str]]:
    """(id, site) of every crawl no longer running, oldest first: what a reparse replays.

    Oldest by when it saw the site: a backfill slice of Wayback captures made in 2014 comes
    before our first crawl, whatever its id (it was imported later)."""
    return [
        (crawl_id, site)
        for crawl_id, site in db.execute(
            "SELECT id, site FROM crawls WHERE status != 'running' ORDER BY started_at, id"
        )
    ]


def crawl_source(db: sqlite_utils.Database, crawl_id: int) -> str:
    """crawl (ours) or wayback (a backfill slice)."""
    row = db.execute("SELECT source FROM crawls WHERE id = ?", [crawl_id]).fetchone()
    return str(row[0]) if row else "crawl"


def counts_accepted(db: sqlite_utils.Database, crawl_id: int) -> bool:
    """Whether the crawl was run with --accept-counts (its settings say so: a reparse knows)."""
    row = db.execute(
        "SELECT json_extract(settings, '$.accept_counts') FROM crawls WHERE id = ?", [crawl_id]
    ).fetchone()
    return bool(row and row[0])


# -- what a finished crawl read (the builder's questions) -------------------------------------
# Answers that say something about a page: its content, unchanged, moved, or gone.
TELLING_STATUSES = (200, 304, 301, 302, 303, 307, 308, 404, 410)


def last_fetched_at(db: sqlite_utils.Database, crawl_id: int) -> str | None:
    """When the crawl's last capture was made: the moment its removals and lessons date from."""
    at: str | None = db.execute(
        "SELECT MAX(fetched_at) FROM captures WHERE crawl_id = ?", [crawl_id]
    ).fetchone()[0]
    return at


MAX_HOPS = 5  # a listing page's redirects followed to the page they lead to


def told_urls(db: sqlite_utils.Database, crawl_id: int, site: str) -> dict[str, str]:
    """The URLs whose answer in this crawl said what is there now, each with its first such
    answer's time: content, the archived copy still standing, gone, or redirects (up to
    MAX_HOPS) ending at another page this crawl read. A redirect to the same page in another
    form (a tracking parameter, a slash: one canonical URL), to a page not read (robots.txt
    forbids it) or to no address at all (port 99999) says nothing of what the page holds."""
    marks = ", ".join("?" * len(TELLING_STATUSES))
    rows = db.execute(
        "SELECT url, status, location, fetched_at FROM captures WHERE crawl_id = ?"
        f" AND status IN ({marks}) AND outcome != 'error' ORDER BY fetched_at, id",
        [crawl_id, *TELLING_STATUSES],
    ).fetchall()
    read = {url for url, status, _, _ in rows if status in (200, 304)}
    leads = {url: _target(url, location, site) for url, status, location, _ in rows}
    told: dict[str, str] = {}
    for url, status, _, at in rows:
        if 300 <= status < 400 and status != 304:  # a 304: the archived copy stands
            target: str | None = url
            for _ in range(MAX_HOPS):
                target = leads.get(target) if target is not None else None
                if target is None or target in read:
                    break
            if target is None or target == url or target not in read:
                continue
        told.setdefault(url, at)
    return told


# "The page is now there": not a 303, which answers one request with another page.
MOVES = (301, 302, 307, 308)


def moved_posts(
    db: sqlite_utils.Database, site: str, up_to: int | None = None
) -> dict[str, tuple[int, ...]]:
    """Where the site's WordPress posts moved: the URL each `?p=N` address (any route form:
    they share one canonical URL) last redirected to in the crawls up to `up_to` (all: None),
    through up to MAX_HOPS redirects of that crawl, with the ids of the posts that did, lowest
    first. A redirect module answers `?p=N` until it is switched off, and the move stands after;
    a redirect map put right later moves the post again, from then on (a reparse builds each
    crawl with what was known then, as the crawl did). Only the sources are searched, by the
    URL index: a chain's later hops are looked up one by one."""
    prefix = urls.canonical("/?p=0", site).removesuffix("0")
    marks = ", ".join("?" * len(MOVES))
    rows = db.execute(
        "SELECT crawl_id, url, location FROM captures WHERE url >= ? AND url < ?"
        f" AND status IN ({marks}) AND outcome != 'error' AND crawl_id <= ? ORDER BY crawl_id, id",
        [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1), *MOVES, up_to or 2**62],
    ).fetchall()
    last: dict[int, str | None] = {}  # post id -> where its latest redirect led
    for crawl_id, url, location in rows:
        post, target = urls.post_id(url), _target(url, location, site)
        for _ in range(MAX_HOPS):
            if target is None:
                break
            hop = db.execute(
                "SELECT status, location FROM captures WHERE crawl_id = ? AND url = ?",
                [crawl_id, target],
            ).fetchone()
            if hop is None or hop[0] not in MOVES:
                break
            target = _target(target, hop[1], site)
        # only to a post's page: a later redirect to the home page, a section or the same
        # post in another form says nothing of where the post went
        if post is not None and _a_page_of_its_own(target, site):
            last[post] = target
    ids: dict[str, set[int]] = {}
    for post, target in last.items():
        if target is not None:
            ids.setdefault(target, set()).add(post)
    return {target: tuple(sorted(posts)) for target, posts in sorted(ids.items())}


def _a_page_of_its_own(url: str | None, site: str) -> bool:
    """Whether a redirect's end may be a moved post's page: no post address (that post is read
    and kept under its own id), not the home page, not a section's index (`/news`)."""
    if url is None or urls.post_id(url) is not None:
        return False
    path = urlsplit(url).path.strip("/").lower()
    return bool(path) and path.rsplit("/", 1)[-1] not in urls.SECTION_INDEXES


def _target(url: str, location: str | None, site: str) -> str | None:
    """Where a redirect leads, canonical, as the crawl read it (scraper/redirects.py: as a
    browser does, helper-209); None for no Location or one that is no address."""
    read = as_browsers_read(location, url) if location else None
    if read is None:
        return None
    try:
        return urls.canonical(urljoin(url, read), site)
    except ValueError:
        return None


def unvisited(db: sqlite_utils.Database, crawl_id: int) -> int:
    """How many URLs the crawl left queued (it stopped early: --max-pages, --max-time, ...)."""
    return int(
        db.execute(
            "SELECT COUNT(*) FROM frontier WHERE crawl_id = ? AND state = 'queued'", [crawl_id]
        ).fetchone()[0]
    )


def unanswered_pages(
    db: sqlite_utils.Database, crawl_id: int
) -> list[tuple[str, int | None, str | None]]:
    """(url, status, error class) of the crawl's pages whose answer said nothing about them:
    a 5xx or 429 after every retry, a timeout, a cut body, a 200 whose body could not be
    decoded (named by its error). Pages robots.txt forbids are not asked for, so they are not
    counted."""
    marks = ", ".join("?" * len(TELLING_STATUSES))
    return [
        (url, status, error_class)
        for url, status, error_class in db.execute(
            "SELECT url, CASE WHEN outcome = 'error' AND status IN (200, 304) THEN NULL"
            " ELSE status END, error_class FROM captures WHERE crawl_id = ? AND kind = 'page'"
            f" AND (status IS NULL OR status NOT IN ({marks}) OR outcome = 'error')"
            " AND COALESCE(error_class, '') != 'RobotsDisallowed' ORDER BY id",
            [crawl_id, *TELLING_STATUSES],
        )
    ]


def failed_fetches(
    db: sqlite_utils.Database, crawl_id: int, kind: str
) -> list[tuple[str, int, str, str]]:
    """(url, capture id, fetched_at, why) of the crawl's fetches of one kind of URL that got
    no usable answer: a 5xx after every retry, a timeout, a body over its cap."""
    return [
        (url, capture_id, at, f"{error_class}: {error}" if error_class else str(error))
        for url, capture_id, at, error_class, error in db.execute(
            "SELECT url, id, fetched_at, error_class, COALESCE(error, 'status ' || status)"
            " FROM captures WHERE crawl_id = ? AND kind = ? AND outcome = 'error' ORDER BY id",
            [crawl_id, kind],
        )
    ]
