"""The records checked against their own history, for `isecg verify`: each version's content
hashes to its `content_hash`, and each record's row holds what its latest version says. A
byte changed in a post's `body_text` outside the archive went unnoticed (helper-196: SQLite's
quick_check reads pages, not what they say)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import sqlite_utils
from sqlite_utils.db import jsonify_if_needed

from archive import kinds
from archive.store import content_hash


def record_problems(db: sqlite_utils.Database) -> Iterator[str]:
    """One line per version or record that is not what the archive wrote, read one row at a
    time (a record's text is never all held)."""
    for kind in kinds.KINDS:
        table, key, names = kind.table, kind.key, kind.content_names
        for record_id, version, digest, record in db.execute(
            f"SELECT record_id, version, content_hash, record FROM {table}_versions"
        ):
            if content_hash(json.loads(record)) != digest:
                yield f"{table} {record_id} version {version}: its record is not its content_hash"
        columns = ", ".join(f"t.{name}" for name in names)
        for record_id, digest, last_digest, record, *values in db.execute(
            f"SELECT t.{key}, t.content_hash, v.content_hash, v.record, {columns}"
            f" FROM {table} t LEFT JOIN {table}_versions v ON v.record_id = t.{key}"
            f" AND v.version = (SELECT MAX(version) FROM {table}_versions"
            f" WHERE record_id = t.{key}) WHERE t.content_hash IS NOT NULL"
        ):
            if last_digest != digest:
                yield f"{table} {record_id}: its content_hash is not its latest version's"
                continue
            said = json.loads(record)
            differ = [
                name
                for name, now in zip(names, values, strict=True)
                if now != jsonify_if_needed(said.get(name))
            ]
            if differ:
                yield f"{table} {record_id}: {', '.join(differ)} not as its latest version says"
