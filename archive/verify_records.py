"""The records checked against their own history, for `isecg verify`: each version's content
hashes to its `content_hash`, and each record's row holds what its latest version says. A
byte changed in a post's `body_text` outside the archive went unnoticed (helper-196: SQLite's
quick_check reads pages, not what they say)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import sqlite_utils
from sqlite_utils.db import jsonify_if_needed

from archive import kinds
from archive.store import content_hash


def record_problems(db: sqlite_utils.Database) -> Iterator[str]:
    """One line per version or record that is not what the archive wrote."""
    for kind in kinds.KINDS:
        table, key, names = kind.table, kind.key, kind.content_names
        latest: dict[str, dict[str, Any]] = {}
        for record_id, version, digest, record in db.execute(
            f"SELECT record_id, version, content_hash, record FROM {table}_versions"
            " ORDER BY record_id, version"
        ):
            content = json.loads(record)
            if content_hash(content) != digest:
                yield f"{table} {record_id} version {version}: its record is not its content_hash"
            latest[record_id] = {"digest": digest, "content": content}
        columns = ", ".join(names)
        for record_id, digest, *values in db.execute(
            f"SELECT {key}, content_hash, {columns} FROM {table} WHERE content_hash IS NOT NULL"
        ):
            last = latest.get(record_id)
            if last is None or last["digest"] != digest:
                yield f"{table} {record_id}: its content_hash is not its latest version's"
                continue
            said = [jsonify_if_needed(last["content"].get(name)) for name in names]
            differ = [n for n, now, then in zip(names, values, said, strict=True) if now != then]
            if differ:
                yield f"{table} {record_id}: {', '.join(differ)} not as its latest version says"
