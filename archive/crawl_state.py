"""Crawl state in SQLite: crawl rows, the persistent frontier, the capture index, known URLs.

Everything about one fetched URL (its capture row, its frontier entry marked done, the URLs it
revealed, the crawl's counters) is written in one transaction after its WARC record is on disk,
so a crawl killed at any moment resumes without refetching or double-counting anything. The
crawl's own questions are here (CrawlStore); captures read back after it are archive/captures.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from archive.builds import damaged
from archive.db import utc_now

# The crawls row's counters, in column order: the one list (status and notify.py show these).
# `resumes` is counted when a crawl resumes; the others are added up as captures are recorded.
COUNTERS = (
    "resumes",
    "requests",
    "pages_fetched",
    "documents_fetched",
    "unchanged",
    "errors",
    "retries",
    "refused",
    "bytes_downloaded",
)


@dataclass(frozen=True)
class Entry:
    """A frontier entry: a URL to visit, and how it was found. The crawler calls it Found
    (scraper/frontier.py)."""

    url: str  # canonical
    kind: str  # page, document, rest, sitemap, feed, robots
    source: str  # seed, link, rest, sitemap, feed, known, redirect
    hops: int = 0


@dataclass(frozen=True)
class Previous:
    """What the archive already holds for a URL: for conditional GET and revisit records."""

    capture_id: int
    etag: str | None
    last_modified: str | None
    payload_digest: str | None
    fetched_at: str
    warc_file: str
    warc_offset: int
    warc_record_id: str
    url: str
    content_sha256: str | None = None  # of its decoded content: a revisit's content too


class CrawlStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        # Captures whose WARC record cannot be read back: never again the original of a
        # revisit, so the next answer for their URL is archived whole, mending the damage.
        self.damaged = damaged_captures(db)

    # -- crawls ---------------------------------------------------------------------------
    def unfinished_crawl(self) -> int | None:
        """A crawl still marked running: its process died (we hold the lock now)."""
        row = self.db.execute(UNFINISHED).fetchone()
        return row[0] if row else None

    def start(self, site: str, full: bool, settings: dict[str, Any]) -> int:
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO crawls (started_at, status, site, full, settings)"
                " VALUES (?, 'running', ?, ?, ?)",
                [utc_now(), site, int(full), json.dumps(settings, default=str, sort_keys=True)],
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def mark_resumed(self, crawl_id: int, accept_counts: bool = False) -> None:
        """A resumed crawl keeps its first run's settings, but --accept-counts given now is
        kept too (helper-54: it was dropped without a word)."""
        with self.db.atomic():
            self.db.execute("UPDATE crawls SET resumes = resumes + 1 WHERE id = ?", [crawl_id])
            if accept_counts:
                self.db.execute(
                    "UPDATE crawls SET settings = json_set(COALESCE(settings, '{}'),"
                    " '$.accept_counts', json('true')) WHERE id = ?",
                    [crawl_id],
                )

    def finish(self, crawl_id: int, status: str, message: str | None = None) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE crawls SET status = ?, finished_at = ?, message = ? WHERE id = ?",
                [status, utc_now(), message, crawl_id],
            )

    def set_flag(self, crawl_id: int, column: str, value: int) -> None:
        assert column in ("rest_used",)
        with self.db.atomic():
            self.db.execute(f"UPDATE crawls SET {column} = ? WHERE id = ?", [value, crawl_id])

    def crawl(self, crawl_id: int) -> dict[str, Any]:
        return dict(self.db.table("crawls").get(crawl_id))

    # -- frontier -------------------------------------------------------------------------
    def enqueue(self, crawl_id: int, items: Iterable[Entry], found_on: str | None) -> list[Entry]:
        """Add URLs not yet in this crawl's frontier; return the ones that were new."""
        added = []
        seq = self.db.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM frontier WHERE crawl_id = ?", [crawl_id]
        ).fetchone()[0]
        for item in items:
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO frontier (crawl_id, url, kind, source, found_on, hops, seq)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [crawl_id, item.url, item.kind, item.source, found_on, item.hops, seq + 1],
            )
            if cursor.rowcount:
                seq += 1
                added.append(item)
        return added

    def queued(self, crawl_id: int) -> list[Entry]:
        return [
            Entry(url, kind, source, hops)
            for url, kind, source, hops in self.db.execute(
                "SELECT url, kind, source, hops FROM frontier"
                " WHERE crawl_id = ? AND state = 'queued' ORDER BY seq",
                [crawl_id],
            )
        ]

    def known_urls(self) -> list[Entry]:
        """Every URL an earlier crawl fetched with an answer, carried into the next crawl; and
        every page the Wayback gave a copy of (a backfill writes no `urls` rows): a record
        known only from the Wayback is found gone only if a crawl asks for its page. The
        crawl puts each in its canonical form on the site (worklist.seeds)."""
        return [
            Entry(url, kind, "known")
            for url, kind in self.db.execute(
                "SELECT url, kind FROM (SELECT url, kind, first_seen AS at FROM urls"
                " WHERE last_status IS NOT NULL UNION ALL"
                " SELECT c.url, c.kind, MIN(c.fetched_at) FROM captures c"
                " JOIN crawls k ON k.id = c.crawl_id WHERE k.source = 'wayback'"
                " AND c.kind = 'page' AND c.status = 200 GROUP BY c.url)"
                " GROUP BY url ORDER BY MIN(at), url"
            )
        ]

    # -- captures -------------------------------------------------------------------------
    def previous(self, url: str) -> Previous | None:
        """The last good (200, archived) capture of a URL."""
        row = self.db.execute(
            "SELECT c.id, COALESCE(u.etag, c.etag), COALESCE(u.last_modified, c.last_modified),"
            " c.payload_digest, c.fetched_at, c.warc_file,"
            " c.warc_offset, c.warc_record_id, c.url, c.content_sha256 FROM urls u"
            " JOIN captures c ON c.id = u.good_capture_id WHERE u.url = ?",
            [url],
        ).fetchone()
        return Previous(*row) if row and row[0] not in self.damaged else None

    def first_with_digest(self, digest: str) -> Previous | None:
        """The first archived 200 of our own whose payload has this digest, whatever its URL
        (a Wayback copy is never the original a capture of ours refers to)."""
        row = self.db.execute(
            "SELECT id, etag, last_modified, payload_digest, fetched_at, warc_file, warc_offset,"
            " warc_record_id, url, content_sha256 FROM captures WHERE payload_digest = ?"
            " AND status = 200"
            " AND outcome = 'ok' AND warc_file IS NOT NULL AND source = 'crawl'"
            " AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT 1",
            [digest, json.dumps(sorted(self.damaged))],
        ).fetchone()
        return Previous(*row) if row else None

    def record(
        self,
        crawl_id: int,
        capture: dict[str, Any],
        found: Iterable[Entry] = (),
        links: Iterable[tuple[str, bool]] = (),
        aliases: Iterable[tuple[str, str]] = (),
        counts: dict[str, int] | None = None,
        cuts: dict[str, int] | None = None,
    ) -> tuple[int, list[Entry]]:
        """Store one fetch outcome and what it revealed, atomically. Returns (capture id, new)."""
        url = capture["url"]
        with self.db.atomic():
            # OR IGNORE: two redirects to the same off-site URL record one refusal, not two.
            cursor = self.db.execute(
                f"INSERT OR IGNORE INTO captures ({', '.join(capture)}, crawl_id)"
                f" VALUES ({', '.join('?' * len(capture))}, ?)",
                [*capture.values(), crawl_id],
            )
            if not cursor.rowcount:
                return 0, []
            capture_id = cursor.lastrowid
            assert capture_id is not None
            self.db.execute(
                "UPDATE frontier SET state = 'done' WHERE crawl_id = ? AND url = ?",
                [crawl_id, url],
            )
            if capture.get("status") is not None:
                self._remember_url(url, capture, capture_id)
            new = self.enqueue(crawl_id, found, url)
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO links (src, dst, on_site, first_crawl) VALUES (?, ?, ?, ?)",
                [(url, dst, int(on_site), crawl_id) for dst, on_site in links],
            )
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO aliases (alias, url) VALUES (?, ?)", list(aliases)
            )
            if counts:
                sets = ", ".join(f"{name} = {name} + ?" for name in counts if name in COUNTERS)
                values = [v for name, v in counts.items() if name in COUNTERS]
                self.db.execute(f"UPDATE crawls SET {sets} WHERE id = ?", [*values, crawl_id])
            if cuts:
                self._add_cuts(crawl_id, cuts)
        return capture_id, new

    # -- limits ---------------------------------------------------------------------------
    def _add_cuts(self, crawl_id: int, cuts: dict[str, int]) -> None:
        row = self.db.execute("SELECT cuts FROM crawls WHERE id = ?", [crawl_id]).fetchone()
        total: dict[str, int] = json.loads(row[0]) if row and row[0] else {}
        for rule, count in cuts.items():
            total[rule] = total.get(rule, 0) + count
        self.db.execute(
            "UPDATE crawls SET cuts = ? WHERE id = ?", [json.dumps(total, sort_keys=True), crawl_id]
        )

    def add_cuts(self, crawl_id: int, cuts: dict[str, int]) -> None:
        """Count URLs a trap defence left out (seeds, which no capture revealed)."""
        if cuts:
            with self.db.atomic():
                self._add_cuts(crawl_id, cuts)

    def skip(self, crawl_id: int, url: str, rule: str) -> None:
        """A queued URL a limit leaves out after all (a REST page past a 4xx): marked cut, so
        it is neither fetched nor carried to the next crawl, and counted."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE frontier SET state = 'cut' WHERE crawl_id = ? AND url = ?", [crawl_id, url]
            )
            self._add_cuts(crawl_id, {rule: 1})

    def answered(self, crawl_id: int, home: str) -> tuple[int, bool]:
        """How many captures got an HTTP status, and whether the home page answered 200/304
        with a body that could be read (not one that could not be decoded)."""
        count, home_ok = self.db.execute(
            "SELECT COUNT(status), COUNT(CASE WHEN url = ? AND status IN (200, 304)"
            " AND outcome != 'error' THEN 1 END)"
            " FROM captures WHERE crawl_id = ?",
            [home, crawl_id],
        ).fetchone()
        return count, bool(home_ok)

    def capture_of(self, crawl_id: int, url: str) -> dict[str, Any] | None:
        """A crawl's capture row of one URL (its status, location and error), or None."""
        row = self.db.execute(
            "SELECT status, location, error_class, error FROM captures"
            " WHERE crawl_id = ? AND url = ?",
            [crawl_id, url],
        ).fetchone()
        names = ("status", "location", "error_class", "error")
        return dict(zip(names, row, strict=True)) if row else None

    def frontier_urls(self, crawl_id: int) -> list[str]:
        """Every URL this crawl queued so far, visited or not: a resumed crawl's trap counts."""
        return [
            url
            for (url,) in self.db.execute(
                "SELECT url FROM frontier WHERE crawl_id = ? ORDER BY seq", [crawl_id]
            )
        ]

    def left_over(self, crawl_id: int) -> list[Entry]:
        """URLs the crawl before this one queued and never visited (it stopped at --max-time,
        or politely): this crawl takes them up. REST pages are walked afresh instead."""
        row = self.db.execute(
            "SELECT id FROM crawls WHERE id < ? AND status != 'running' AND source = 'crawl'"
            " ORDER BY id DESC LIMIT 1",
            [crawl_id],
        ).fetchone()
        if row is None:
            return []
        return [
            Entry(url, kind, "left", hops)
            for url, kind, hops in self.db.execute(
                "SELECT url, kind, hops FROM frontier WHERE crawl_id = ? AND state = 'queued'"
                " AND kind != 'rest' ORDER BY seq",
                [row[0]],
            )
        ]

    def _remember_url(self, url: str, capture: dict[str, Any], capture_id: int) -> None:
        now = capture["fetched_at"]
        # A 200 whose body could not be decoded (outcome error) is archived, but no original.
        readable = capture["outcome"] != "error"
        good = capture_id if capture["status"] == 200 and capture.get("warc_file") else None
        good = good if readable else None
        if capture["outcome"] == "unchanged":
            # The original stays the one to compare against: this URL's own, or, for an asset
            # deduplicated by digest, the capture of another URL it is a revisit of.
            good = capture.get("revisit_of")
        answered = capture["status"] in (200, 304)
        etag = capture.get("etag") if answered else None
        last_modified = capture.get("last_modified") if answered else None
        self.db.execute(
            "INSERT INTO urls (url, kind, first_seen, last_seen, last_status, last_capture_id,"
            " good_capture_id, etag, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(url) DO UPDATE SET last_seen = excluded.last_seen,"
            " last_status = excluded.last_status, last_capture_id = excluded.last_capture_id,"
            " good_capture_id = COALESCE(excluded.good_capture_id, urls.good_capture_id),"
            " etag = COALESCE(excluded.etag, urls.etag),"
            " last_modified = COALESCE(excluded.last_modified, urls.last_modified)",
            [
                url,
                capture["kind"],
                now,
                now,
                capture["status"],
                capture_id,
                good,
                etag,
                last_modified,
            ],
        )


# The crawl left running by a process that died, and whether it was a --full one
UNFINISHED = (
    "SELECT id, full FROM crawls WHERE status = 'running' AND source = 'crawl'"
    " ORDER BY id DESC LIMIT 1"
)


def resumes_full(db: sqlite_utils.Database) -> bool:
    """Whether the next crawl resumes a --full one: it stays full, whatever it is given."""
    row = db.execute(UNFINISHED).fetchone()
    return bool(row and row[1])


def damaged_captures(db: sqlite_utils.Database) -> set[int]:
    """The captures whose record a build found damaged, and the originals their revisits
    pointed at (the record read for them)."""
    return {capture for _, *ids in damaged(db) for capture in ids if capture is not None}
