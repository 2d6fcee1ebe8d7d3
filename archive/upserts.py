"""store.upsert_versioned for many records of one kind at once: a build's hundreds of records.

One at a time, each record took four statements (its row read, its row written, its last
version number read, its version written). Here the rows and last version numbers of a chunk
of records are read in one statement each; what is written is written as before, statement
for statement in the same order: the rows, their rowids, versions and search index are the
very same as record after record (store.upsert_versioned is this with one record).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import TYPE_CHECKING, Any

from archive import kinds
from archive.kinds import Kind
from archive.store import Seen, content_hash, is_edit, resourced
from archive.text import whole_characters

if TYPE_CHECKING:
    import sqlite_utils

CHUNK = 256  # records read and written together: bounded memory for a generator of posts

# (record id, content, seen, provenance): one record, as upsert_versioned takes it
Upsert = tuple[str, dict[str, Any], Seen, dict[str, Any] | None]


def upsert_many(
    db: sqlite_utils.Database,
    kind: Kind | str,
    records: Iterable[Upsert],
    extractor_version: str,
) -> Iterator[str]:
    """Store each record as seen now, in order; yield "new", "changed", "returned" or "same"
    for each (store.upsert_versioned). A record is written once the chunk it is in was read
    whole: consume what this yields."""
    if isinstance(kind, str):
        kind = kinds.by_table(kind)
    chunk: list[Upsert] = []
    keys: set[str] = set()
    for record in records:
        # a key twice in one chunk would be read before its first write: a chunk of its own
        if len(chunk) >= CHUNK or record[0] in keys:
            yield from _chunk(db, kind, chunk, extractor_version)
            chunk, keys = [], set()
        chunk.append(record)
        keys.add(record[0])
    if chunk:
        yield from _chunk(db, kind, chunk, extractor_version)


# A chunk's statements, (SQL, values), in the order they were made one record after another
_Writes = list[tuple[str, list[Any]]]

ABSENCE = (
    "INSERT OR IGNORE INTO absences (record_table, record_id, removed_at, returned_at,"
    " crawl_id, capture_id) VALUES (?, ?, ?, ?, ?, ?)"
)


def _chunk(
    db: sqlite_utils.Database, kind: Kind, chunk: list[Upsert], extractor_version: str
) -> list[str]:
    table, key = kind.table, kind.key
    names = kind.content_names
    removable, sources = kind.removable, "sources" if kind.sourced else "NULL"
    marks = ", ".join("?" * len(chunk))
    ids = [record_id for record_id, *_ in chunk]
    held = {
        row[0]: row[1:]
        for row in db.execute(
            f"SELECT {key}, content_hash, {'removed_at' if removable else 'NULL'}, {sources},"
            f" {', '.join(names)} FROM {table} WHERE {key} IN ({marks})",
            ids,
        )
    }
    last = dict(
        db.execute(
            f"SELECT record_id, COALESCE(MAX(version), 0) FROM {table}_versions"
            f" WHERE record_id IN ({marks}) GROUP BY record_id",
            ids,
        ).fetchall()
    )
    writes: _Writes = []
    outcomes = [
        _one(kind, record, held.get(record[0]), last.get(record[0], 0), extractor_version, writes)
        for record in chunk
    ]
    # In the very order one record after another wrote them, across tables too: a statement
    # with a trigger flushes the search index's pending terms (FTS5, at its statement's
    # savepoint), so writing the rows and then their versions gave the same rows, and the
    # same index, in other segments. Runs of one statement (a table of no versions) go as one.
    for sql, run in groupby(writes, key=lambda write: write[0]):
        db.conn.executemany(sql, [values for _, values in run])
    return outcomes


def _one(
    kind: Kind,
    record: Upsert,
    row: tuple[Any, ...] | None,
    last_version: int,
    extractor_version: str,
    writes: _Writes,
) -> str:
    """One record's outcome, its statements added to `writes`: store.upsert_versioned's
    decisions, given its row as the chunk read it (hash, removed_at, sources, content)."""
    record_id, content, seen, provenance = record
    assert set(content) == set(kind.content_names), f"not the content of {kind.name}"
    content, provenance = whole_characters(content), whole_characters(provenance)
    table, key = kind.table, kind.key
    provenance = provenance or {}
    assert set(provenance) <= {c.name for c in kind.provenance}, f"not provenance of {kind.name}"
    digest = content_hash(content)
    # Seeing a record again brings it back, where records can be removed.
    present: dict[str, Any] = {"removed_at": None} if kind.removable else {}
    if row is None:
        row_values = {
            key: record_id,
            **content,
            **provenance,
            "capture_id": seen.capture_id,
            "extractor_version": extractor_version,
            "content_hash": digest,
            "first_seen": seen.at,
            "last_seen": seen.at,
            **present,
        }
        writes.append(_insert(table, row_values))
        _version(writes, table, record_id, last_version, digest, seen, sorted(content), content)
        return "new"
    old_hash, removed_at, old_sources, *old_values = row
    if removed_at is not None:
        if seen.at > removed_at:  # back: the gap stays in `absences`
            absence = [table, record_id, removed_at, seen.at, seen.crawl_id, seen.capture_id]
            writes.append((ABSENCE, absence))
        else:  # a capture from before it was found gone (a Wayback backfill's) brings nothing back
            present = {}
    if old_hash == digest:
        update = {**provenance, "last_seen": seen.at, **present}
        writes.append(_update(table, key, record_id, update))
        return "returned" if present and removed_at else "same"
    stored = dict(zip(kind.content_names, old_values, strict=True))
    before = {name: stored[name] for name in content}  # in the content's order, as read one by one
    changed = [k for k, old in before.items() if old != content[k]]
    moved = resourced(kind, old_sources, provenance.get("sources"))
    edit = is_edit(kind, [c for c in changed if c not in moved], before)
    if old_hash is None:  # a row kept from reads that all failed: this is its first version
        changed, edit = sorted(content), False
    update = {
        **content,
        **provenance,
        "capture_id": seen.capture_id,
        "extractor_version": extractor_version,
        "content_hash": digest,
        "last_seen": seen.at,
        **present,
    }
    writes.append(_update(table, key, record_id, update))
    _version(writes, table, record_id, last_version, digest, seen, changed, content, edit)
    return "changed"


# Plain statements, not sqlite-utils' Table.insert/update: those read the table's schema on
# every call. Values are converted as sqlite-utils converts them; the types it leaves as they
# are (nearly every value: text, numbers, None) are not put through its five type checks.
_PLAIN = frozenset({str, int, float, bytes, type(None)})


def _insert(table: str, row: dict[str, Any]) -> tuple[str, list[Any]]:
    from sqlite_utils.db import jsonify_if_needed  # imported by then: a database is open

    columns = ", ".join(f"[{name}]" for name in row)
    sql = f"INSERT INTO [{table}] ({columns}) VALUES ({', '.join('?' * len(row))})"
    return sql, [v if type(v) in _PLAIN else jsonify_if_needed(v) for v in row.values()]


def _update(table: str, key: str, record_id: str, row: dict[str, Any]) -> tuple[str, list[Any]]:
    from sqlite_utils.db import jsonify_if_needed

    assignments = ", ".join(f"[{name}] = ?" for name in row)
    sql = f"UPDATE [{table}] SET {assignments} WHERE [{key}] = ?"
    return sql, [
        *(v if type(v) in _PLAIN else jsonify_if_needed(v) for v in row.values()),
        record_id,
    ]


def _version(
    writes: _Writes,
    table: str,
    record_id: str,
    last_version: int,
    digest: str,
    seen: Seen,
    changed: list[str],
    content: dict[str, Any],
    edit: bool = False,
) -> None:
    version = {
        "record_id": record_id,
        "version": last_version + 1,
        "content_hash": digest,
        "crawl_id": seen.crawl_id,
        "capture_id": seen.capture_id,
        "seen_at": seen.at,
        "changed": json.dumps(changed),
        "record": json.dumps(content, sort_keys=True, ensure_ascii=False),
        "edit": int(edit),
    }
    writes.append(_insert(f"{table}_versions", version))
