"""The backfill's state in SQLite and its WARC records: Wayback captures beside our own.

`isecg import-wayback` (scraper/wayback.py) lists the site's captures through the Wayback
CDX API into `wayback_captures`, the work list, then fetches them one by one. Each capture
fetched is written to a `wayback-*.warc.gz` file as a response record under the original URL
and the Wayback's capture time, and indexed in `captures` with source `wayback`, in one
transaction with its work-list entry marked done: a kill -9 at any moment resumes without
fetching anything twice (a record written but not yet indexed is fetched again, and the
orphan record harms nothing).

A Wayback capture belongs to a backfill slice: a `crawls` row with source `wayback` holding
the captures of one day (a second capture of a page that day, in whatever URL form, opens a
second slice; the day's slices are stretches of it in capture-time order, archive/slices.py).
The builder reads a slice like a crawl, and a reparse replays slices and
crawls in time order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from archive import slices, urls
from archive.db import iso_z, utc_now

WARC_PREFIX = "wayback"  # wayback-00001.warc.gz, beside our own isecg-*.warc.gz
# Extension fields of a Wayback copy's WARC record, beside WARC-Target-URI (the original URL)
# and WARC-Date (when the Wayback Machine captured it).
SOURCE_URI = "WARC-Source-URI"  # where the bytes were fetched: the Wayback's id_ URL
SOURCE = "ISECG-Source"  # always "wayback": never one of our own captures
RETRIEVED = "ISECG-Retrieved-Date"  # when we fetched them from there
CDX_DIGEST = "ISECG-CDX-Digest"  # the digest the CDX API listed for the capture


def timestamp_time(timestamp: str) -> datetime:
    """A Wayback 14-digit timestamp (UTC) as an aware time; ValueError if it is none."""
    if len(timestamp) != 14 or not timestamp.isdigit():
        raise ValueError(f"not a 14-digit Wayback timestamp: {timestamp!r}")
    return datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


@dataclass(frozen=True)
class Listed:
    """One capture the CDX API listed: what to fetch, and what the Wayback says of it."""

    url: str  # the original URL, as listed
    timestamp: str  # 14 digits, UTC
    kind: str  # page, document or rest
    generation: str  # portal, classic or root
    mimetype: str | None = None
    statuscode: str | None = None
    digest: str | None = None
    length: int | None = None

    @property
    def captured_at(self) -> str:
        return iso_z(timestamp_time(self.timestamp))


def add_listed(db: sqlite_utils.Database, items: Iterable[Listed]) -> int:
    """Put captures on the work list (those already there stay as they are); return how many
    were new."""
    now = utc_now()
    added = 0
    with db.atomic():
        for item in items:
            cursor = db.execute(
                "INSERT OR IGNORE INTO wayback_captures (url, timestamp, captured_at, kind,"
                " generation, mimetype, statuscode, digest, length, listed_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    item.url,
                    item.timestamp,
                    item.captured_at,
                    item.kind,
                    item.generation,
                    item.mimetype,
                    item.statuscode,
                    item.digest,
                    item.length,
                    now,
                ],
            )
            added += cursor.rowcount
    return added


def queued(
    db: sqlite_utils.Database, start: str | None = None, end: str | None = None
) -> list[Listed]:
    """The captures still to fetch, oldest first, within [start, end] (14-digit timestamps)."""
    return [
        Listed(*row)
        for row in db.execute(
            "SELECT url, timestamp, kind, generation, mimetype, statuscode, digest, length"
            " FROM wayback_captures WHERE state = 'queued' AND timestamp >= ? AND timestamp <= ?"
            " ORDER BY timestamp, url",
            [start or "0", end or "99999999999999"],
        )
    ]


def requeue_failed(
    db: sqlite_utils.Database, start: str | None = None, end: str | None = None
) -> int:
    """Put the captures marked failed within [start, end] back on the work list (their error
    stays until they are fetched or fail again); how many."""
    with db.atomic():
        return db.execute(
            "UPDATE wayback_captures SET state = 'queued' WHERE state = 'failed'"
            " AND timestamp >= ? AND timestamp <= ?",
            [start or "0", end or "99999999999999"],
        ).rowcount


def record_copy(
    db: sqlite_utils.Database,
    site: str,
    endpoint: str,
    item: Listed,
    capture: dict[str, Any],
    counts: dict[str, int],
    digest_ok: bool | None,
) -> int:
    """Index one fetched capture in its slice and mark it done, atomically; its capture id."""
    at = capture["fetched_at"]
    with db.atomic():
        slice_id = slices.slice_for(db, site, endpoint, at, capture["url"])
        cursor = db.execute(
            f"INSERT INTO captures ({', '.join(capture)}, crawl_id, source)"
            f" VALUES ({', '.join('?' * len(capture))}, ?, 'wayback')",
            [*capture.values(), slice_id],
        )
        capture_id = cursor.lastrowid
        assert capture_id is not None
        # a slice built by an earlier run is to be built again with it: an import killed
        # before its rebuild left copies no rebuild would read (helper-195)
        db.execute("DELETE FROM builds WHERE crawl_id = ?", [slice_id])
        sets = ", ".join(f"{name} = {name} + ?" for name in counts)
        db.execute(
            f"UPDATE crawls SET {sets}, started_at = MIN(started_at, ?),"
            " finished_at = MAX(finished_at, ?) WHERE id = ?",
            [*counts.values(), at, at, slice_id],
        )
        db.execute(
            "UPDATE wayback_captures SET state = 'done', attempts = attempts + ?, error = NULL,"
            " digest_ok = ?, capture_id = ? WHERE url = ? AND timestamp = ?",
            [
                capture["attempts"],
                None if digest_ok is None else int(digest_ok),
                capture_id,
                item.url,
                item.timestamp,
            ],
        )
        slices.reslice(db, site, at[:10])  # in its place in time, whenever it was fetched
    return capture_id


def same_copy(
    db: sqlite_utils.Database, site: str, url: str, at: str, content_sha256: str | None
) -> int | None:
    """The Wayback copy already indexed of this page at this very time with these very bytes,
    if any: a redirect to another capture time that is listed too lands on it (helper-195:
    stored twice, a second slice opened for it). The bytes, not the CDX digests: two forms of
    the page captured in one second may differ (two copies), and the digest listed for a time
    a redirect left is not of the copy it landed on."""
    page = urls.canonical(url, site)
    for capture_id, other in db.execute(
        "SELECT id, url FROM captures WHERE source = 'wayback' AND fetched_at = ?"
        " AND content_sha256 IS ?",  # an empty body's is NULL
        [at, content_sha256],
    ):
        if urls.canonical(other, site) == page:
            return int(capture_id)
    return None


def record_same(db: sqlite_utils.Database, item: Listed, capture_id: int, attempts: int) -> None:
    """A listed capture whose copy is one already indexed: done, naming that capture."""
    _entry(db, item, attempts, state="done", error=None, capture_id=capture_id)


def add_attempts(db: sqlite_utils.Database, item: Listed, attempts: int) -> None:
    """Requests made for a capture that is not done with yet (it may stay queued)."""
    _entry(db, item, attempts)


def record_failure(db: sqlite_utils.Database, item: Listed, error: str, attempts: int) -> None:
    """A capture the Wayback would not give (a 404, say): failed, with why; asked for again
    only by `isecg import-wayback --retry-failed`."""
    _entry(db, item, attempts, state="failed", error=error)


def _entry(db: sqlite_utils.Database, item: Listed, attempts: int, **columns: Any) -> None:
    """One work-list entry's requests counted, and `columns` set, in a transaction of its own."""
    sets = "".join(f", {name} = ?" for name in columns)
    with db.atomic():
        db.execute(
            f"UPDATE wayback_captures SET attempts = attempts + ?{sets}"
            " WHERE url = ? AND timestamp = ?",
            [attempts, *columns.values(), item.url, item.timestamp],
        )


def digest_differs(db: sqlite_utils.Database) -> int:
    """Captures fetched whose bytes are not what the CDX API's digest says. No damage (the
    copy is what the Wayback sent, and verifies as such), but not what it listed: a copy
    worth a look before it is cited (`isecg status` and `isecg verify` say how many)."""
    if "wayback_captures" not in db.table_names():
        return 0
    row = db.execute(
        "SELECT COUNT(*) FROM wayback_captures WHERE state = 'done' AND digest_ok = 0"
    ).fetchone()
    return int(row[0])


def digest_note(count: int) -> str:
    return (
        f"{count} Wayback captures were fetched with bytes that are not the CDX API's digest"
        " (wayback_captures.digest_ok = 0): kept as the Wayback sent them"
    )


def all_built(db: sqlite_utils.Database) -> bool:
    """Whether every backfill slice has been built (an import killed before its rebuild
    leaves some that are not: the next import builds them)."""
    row = db.execute(
        "SELECT EXISTS (SELECT 1 FROM crawls c WHERE c.source = 'wayback'"
        " AND NOT EXISTS (SELECT 1 FROM builds b WHERE b.crawl_id = c.id))"
    ).fetchone()
    return not row[0]


def first_crawl_start(db: sqlite_utils.Database) -> str | None:
    """When our own first crawl started: where the archive's own history begins."""
    row = db.execute("SELECT MIN(started_at) FROM crawls WHERE source = 'crawl'").fetchone()
    return row[0] if row else None


def as_timestamp(at: str) -> str:
    """An ISO 8601 time (UTC) as a 14-digit Wayback timestamp."""
    return at[:19].replace("-", "").replace("T", "").replace(":", "")


def counts(db: sqlite_utils.Database) -> dict[str, Any]:
    """What `isecg status` reports of the backfill: captures listed, fetched, failed, left
    (and queued after our first crawl, where an import stops by default),
    the span of the times of the copies fetched (a capture's own, which a redirect to the
    nearest time may make other than the time listed), and the slices they were built in."""
    # Left: those an import takes up, up to our first crawl's start by default (its --to);
    # those after it, listed by an import before that crawl, only with a later --to.
    first = first_crawl_start(db)
    end = as_timestamp(first) if first else "99999999999999"
    listed, done, failed, left, later = db.execute(
        "SELECT COUNT(*), COUNT(CASE WHEN state = 'done' THEN 1 END),"
        " COUNT(CASE WHEN state = 'failed' THEN 1 END),"
        " COUNT(CASE WHEN state = 'queued' AND timestamp <= ? THEN 1 END),"
        " COUNT(CASE WHEN state = 'queued' AND timestamp > ? THEN 1 END) FROM wayback_captures",
        [end, end],
    ).fetchone()
    first, last = db.execute(
        "SELECT MIN(c.fetched_at), MAX(c.fetched_at) FROM wayback_captures w"
        " JOIN captures c ON c.id = w.capture_id WHERE w.state = 'done'"
    ).fetchone()
    slices = db.execute("SELECT COUNT(*) FROM crawls WHERE source = 'wayback'").fetchone()[0]
    return {
        "unbuilt": bool(done) and not all_built(db),
        "listed": listed,
        "fetched": done,
        "failed": failed,
        "left": left,
        "later": later,
        "first_capture": first,
        "last_capture": last,
        "slices": slices,
    }


# Datasette's descriptions of what migration 009 added (archive/serve.py merges them where
# metadata.yml says nothing, as it does the record kinds').
VERSION_SOURCE = "crawl: one of our crawls saw this version; wayback: a Wayback capture did."
METADATA: dict[str, dict[str, Any]] = {
    "wayback_captures": {
        "description": "The backfill's work list: every capture of the site the Wayback CDX"
        " API listed (isecg import-wayback), and whether it was fetched.",
        "columns": {
            "url": "The original URL, as the Wayback lists it.",
            "timestamp": "The Wayback's 14-digit capture time (UTC).",
            "captured_at": "The capture time, ISO 8601 (UTC).",
            "kind": "page, document or rest.",
            "generation": "portal (before 2013), classic (/wordpress/) or root (2018 on).",
            "mimetype": "The payload type the CDX API lists.",
            "statuscode": "The status the Wayback recorded (200).",
            "digest": "The CDX digest of the payload (sha1, base32).",
            "length": "The size the CDX API lists.",
            "state": "queued (to fetch), done, or failed (see error).",
            "listed_at": "When the CDX API first listed it (UTC).",
            "attempts": "Requests made for it.",
            "error": "Why it could not be fetched.",
            "digest_ok": "1 when the bytes fetched have the CDX digest, 0 when not.",
            "capture_id": "Its capture (captures.id), once fetched.",
        },
    },
    "crawls": {
        "columns": {
            "source": "crawl: one of ours; wayback: a backfill slice, the Wayback captures of"
            " one day (started_at and finished_at are their capture times)."
        }
    },
    "captures": {
        "columns": {
            "source": "crawl: fetched by one of our crawls; wayback: captured by the Wayback"
            " Machine (fetched_at is when) and fetched from it later.",
            "source_url": "Where a Wayback capture's bytes were fetched from (its id_ URL).",
            "retrieved_at": "When a Wayback capture's bytes were fetched from there (UTC).",
        }
    },
    "member_observations": {"columns": {"source": VERSION_SOURCE}},
    "memberships": {
        "columns": {"first_seen_source": "crawl or wayback: what saw it first (first_seen)."}
    },
    **{
        f"{table}_versions": {"columns": {"source": VERSION_SOURCE}}
        for table in ("news", "publications", "agencies", "documents")
    },
}
