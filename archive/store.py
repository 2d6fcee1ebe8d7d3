"""Upserts that keep history: first/last seen, removals, and a version row per content change.

A record's content is hashed as canonical JSON; a new `<table>_versions` row is written only
when that hash changes, naming the columns that changed and the capture it came from. Times
come from the captures, never from the clock, so replaying the WARC files (`isecg reparse`)
rebuilds the very same rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from archive import documents, kinds
from archive.kinds import Kind

if TYPE_CHECKING:  # the early reader's worker imports this and needs no database
    import sqlite_utils


@dataclass(frozen=True)
class Seen:
    """When and where a record was seen: the crawl and its capture."""

    crawl_id: int
    capture_id: int | None
    at: str  # the capture's fetched_at (UTC, Z)


def content_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def upsert_versioned(
    db: sqlite_utils.Database,
    kind: Kind | str,
    record_id: str,
    content: dict[str, Any],
    seen: Seen,
    extractor_version: str,
    provenance: dict[str, Any] | None = None,
) -> str:
    """Store one record as seen now; return "new", "changed", "returned" or "same".

    `provenance` columns (where each field came from) are written with the record but are
    not part of its content: a post read from REST one night and from HTML the next, saying
    the same thing, has not changed. `kind`: its declaration (kinds.py), or its table's name.
    """
    from archive.upserts import upsert_many  # which imports this module

    [outcome] = upsert_many(db, kind, [(record_id, content, seen, provenance)], extractor_version)
    return outcome


EMPTY = (None, "", "[]", "{}")  # a column's stored value when it says nothing


def is_edit(kind: Kind, changed: list[str], before: dict[str, Any]) -> bool:
    """Whether a version changed what the site said: a column it changed held something
    before, other than where the record was listed (Kind.listing). A column filled in where
    it was empty (a fuller page read) or a publication moved to another listing page is
    relisted, not edited (`isecg changes`, the reading room's changes_since and feed)."""
    return any(c not in kind.listing and before.get(c) not in EMPTY for c in changed)


def resourced(kind: Kind, before: str | None, now: str | None) -> set[str]:
    """The content columns whose source differs between two `sources` values (JSON): what a
    night read from elsewhere (REST one night, the page the next; a publication's post, then
    its list's entry), where a different value is no sign the site changed it."""
    if not kind.sourced or not before or not now:
        return set()
    old, new = json.loads(before), json.loads(now)
    return {
        column
        for column, source in kind.sourced
        if old.get(source) and new.get(source) and old[source] != new[source]
    }


def mark_removed(db: sqlite_utils.Database, table: str, gone: list[tuple[str, str]]) -> int:
    """Set removed_at on records gone from the site, each (id, when it was seen gone): once,
    the first time it was noticed."""
    assert kinds.by_table(table).removable
    count = 0
    for record_id, at in gone:
        cursor = db.execute(
            f"UPDATE {table} SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
            [at, record_id],
        )
        count += cursor.rowcount
    return count


def current(
    db: sqlite_utils.Database, table: str, columns: tuple[str, ...]
) -> dict[str, tuple[Any, ...]]:
    """key -> the given columns, of every record of a removable kind still on the site."""
    kind = kinds.by_table(table)
    return {
        key: tuple(values)
        for key, *values in db.execute(
            f"SELECT {kind.key}, {', '.join(columns)} FROM {table} WHERE removed_at IS NULL"
        )
    }


def agencies(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every agency the archive holds (id, name, acronym, country, website, logo, enriched)."""
    cursor = db.execute(
        "SELECT id, name, acronym, country, website, logo, enriched FROM agencies ORDER BY id"
    )
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def dated_posts(
    db: sqlite_utils.Database, leave_out: Iterable[str] = ()
) -> Iterator[tuple[str, str, str, str | None, str]]:
    """(id, url, published, title, body_text) of every news post with a date, one at a time
    (a large archive's texts are never all held), those in `leave_out` left out."""
    left_out = set(leave_out)
    for row in db.execute(
        "SELECT id, url, published, title, body_text FROM news WHERE published IS NOT NULL"
    ):
        if row[0] not in left_out:
            yield row[0], row[1], row[2], row[3], row[4] or ""


def has_current_records(db: sqlite_utils.Database) -> bool:
    """Whether the archive holds anything a crawl could mark removed or left."""
    return bool(
        db.execute(
            "SELECT EXISTS (SELECT 1 FROM news WHERE removed_at IS NULL)"
            " OR EXISTS (SELECT 1 FROM publications WHERE removed_at IS NULL)"
            " OR EXISTS (SELECT 1 FROM memberships WHERE left_on IS NULL)"
        ).fetchone()[0]
    )


def save_document(
    db: sqlite_utils.Database, record: dict[str, Any], seen: Seen, extractor_version: str
) -> str:
    """Store one read of a document (archive/documents.py: versions and failures); return
    "new", "changed", "returned", "same", or "failed" when the read gave nothing to keep."""
    if documents.failed(record):
        document_failed(db, record["url"], seen, record["error"], record)
        return "failed"
    return upsert_versioned(
        db,
        kinds.DOCUMENTS,
        record["url"],
        documents.content(record),
        seen,
        extractor_version,
        {
            "error": record["error"],
            "reader": record.get("reader"),
            "last_error": None,
            "last_error_at": None,
        },
    )


def read_before(db: sqlite_utils.Database) -> documents.ReadBefore:
    """sha256 -> what a good read of those bytes by today's reader (documents.reader) stored
    (pages, text, title, error), or None: documents.document_record then does not read them
    again. A night that finds every PDF unchanged reads none of them (a large report takes
    seconds), nor does the first night of a new extractor."""
    reader = documents.reader()

    def earlier(sha256: str) -> dict[str, Any] | None:
        row = db.execute(
            f"SELECT {', '.join(documents.READ)} FROM documents WHERE sha256 = ?"
            " AND reader = ? AND content_hash IS NOT NULL LIMIT 1",
            [sha256, reader],
        ).fetchone()
        return dict(zip(documents.READ, row, strict=True)) if row else None

    return earlier


def document_failed(
    db: sqlite_utils.Database,
    url: str,
    seen: Seen,
    error: str,
    record: dict[str, Any] | None = None,
) -> None:
    """A read of a document that failed: recorded, and the last good version kept.

    `record`: what the read got (its digest and size), when bytes came at all; a fetch that
    got no usable answer has none, and is recorded all the same."""
    got = record or {}
    db.execute(
        "INSERT OR REPLACE INTO document_failures (url, crawl_id, capture_id, seen_at, sha256,"
        " size, content_type, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            url,
            seen.crawl_id,
            seen.capture_id,
            seen.at,
            got.get("sha256"),
            got.get("size"),
            got.get("content_type"),
            error,
        ],
    )
    row = db.execute("SELECT content_hash FROM documents WHERE url = ?", [url]).fetchone()
    if record is not None and (row is None or row[0] is None):
        # Never read well: the row shows this read as it is (no text, the error), as before.
        columns = (*documents.CONTENT, "error", "capture_id")
        values = [*(record.get(c) for c in columns[:-1]), seen.capture_id]
        db.execute(
            f"INSERT INTO documents (url, {', '.join(columns)}, first_seen, last_seen)"
            f" VALUES (?, {', '.join('?' * len(columns))}, ?, ?) ON CONFLICT(url) DO UPDATE SET"
            f" {', '.join(f'{c} = excluded.{c}' for c in columns)}, last_seen = excluded.last_seen",
            [url, *values, seen.at, seen.at],
        )
    db.execute(
        "UPDATE documents SET last_error = ?, last_error_at = ? WHERE url = ?",
        [error, seen.at, url],
    )
