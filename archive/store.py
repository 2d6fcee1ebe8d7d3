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
from archive.text import whole_characters

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
    if isinstance(kind, str):
        kind = kinds.by_table(kind)
    assert set(content) == set(kind.content_names), f"not the content of {kind.name}"
    content, provenance = whole_characters(content), whole_characters(provenance)
    table, key = kind.table, kind.key
    provenance = provenance or {}
    assert set(provenance) <= {c.name for c in kind.provenance}, f"not provenance of {kind.name}"
    digest = content_hash(content)
    columns = ", ".join(content)
    # Seeing a record again brings it back, where records can be removed.
    present = {"removed_at": None} if kind.removable else {}
    sources = "sources" if kind.sourced else "NULL"
    row = db.execute(
        f"SELECT content_hash, {'removed_at' if present else 'NULL'}, {sources}, {columns}"
        f" FROM {table} WHERE {key} = ?",
        [record_id],
    ).fetchone()
    if row is None:
        _insert(
            db,
            table,
            {
                key: record_id,
                **content,
                **provenance,
                "capture_id": seen.capture_id,
                "extractor_version": extractor_version,
                "content_hash": digest,
                "first_seen": seen.at,
                "last_seen": seen.at,
                **present,
            },
        )
        _version(db, table, record_id, digest, seen, sorted(content), content)
        return "new"
    old_hash, removed_at, old_sources, *old_values = row
    if removed_at is not None:
        if seen.at > removed_at:  # back: the gap stays in `absences`
            _absence(db, table, record_id, removed_at, seen)
        else:  # a capture from before it was found gone (a Wayback backfill's) brings nothing back
            present = {}
    if old_hash == digest:
        _update(db, table, key, record_id, {**provenance, "last_seen": seen.at, **present})
        return "returned" if present and removed_at else "same"
    before = dict(zip(content, old_values, strict=True))
    changed = [k for k, old in before.items() if old != content[k]]
    moved = resourced(kind, old_sources, provenance.get("sources"))
    edit = is_edit(kind, [c for c in changed if c not in moved], before)
    if old_hash is None:  # a row kept from reads that all failed: this is its first version
        changed, edit = sorted(content), False
    _update(
        db,
        table,
        key,
        record_id,
        {
            **content,
            **provenance,
            "capture_id": seen.capture_id,
            "extractor_version": extractor_version,
            "content_hash": digest,
            "last_seen": seen.at,
            **present,
        },
    )
    _version(db, table, record_id, digest, seen, changed, content, edit)
    return "changed"


# Plain statements, not sqlite-utils' Table.insert/update: those read the table's schema on
# every call, a third of a build's saving. Values are converted as sqlite-utils converts them.
def _insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> None:
    from sqlite_utils.db import jsonify_if_needed  # imported by then: `db` is one

    columns = ", ".join(f"[{name}]" for name in row)
    db.execute(
        f"INSERT INTO [{table}] ({columns}) VALUES ({', '.join('?' * len(row))})",
        [jsonify_if_needed(value) for value in row.values()],
    )


def _update(
    db: sqlite_utils.Database, table: str, key: str, record_id: str, row: dict[str, Any]
) -> None:
    from sqlite_utils.db import jsonify_if_needed

    assignments = ", ".join(f"[{name}] = ?" for name in row)
    db.execute(
        f"UPDATE [{table}] SET {assignments} WHERE [{key}] = ?",
        [*(jsonify_if_needed(value) for value in row.values()), record_id],
    )


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


def _version(
    db: sqlite_utils.Database,
    table: str,
    record_id: str,
    digest: str,
    seen: Seen,
    changed: list[str],
    content: dict[str, Any],
    edit: bool = False,
) -> None:
    number = db.execute(
        f"SELECT COALESCE(MAX(version), 0) + 1 FROM {table}_versions WHERE record_id = ?",
        [record_id],
    ).fetchone()[0]
    _insert(
        db,
        f"{table}_versions",
        {
            "record_id": record_id,
            "version": number,
            "content_hash": digest,
            "crawl_id": seen.crawl_id,
            "capture_id": seen.capture_id,
            "seen_at": seen.at,
            "changed": json.dumps(changed),
            "record": json.dumps(content, sort_keys=True, ensure_ascii=False),
            "edit": int(edit),
        },
    )


def _absence(
    db: sqlite_utils.Database, table: str, record_id: str, removed_at: str, seen: Seen
) -> None:
    """A record seen again after it was found gone: its removed_at is cleared, so the time it
    was gone is kept here (`changes` and the "as of" queries read it)."""
    db.execute(
        "INSERT OR IGNORE INTO absences (record_table, record_id, removed_at, returned_at,"
        " crawl_id, capture_id) VALUES (?, ?, ?, ?, ?, ?)",
        [table, record_id, removed_at, seen.at, seen.crawl_id, seen.capture_id],
    )


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
