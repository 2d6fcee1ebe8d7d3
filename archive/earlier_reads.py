"""What the archive's documents said before a reparse empties them, for the reparse to take
rather than read every file again.

`isecg reparse` rebuilds every derived table inside one transaction, the `documents` table
first emptied; its pages are read by forked worker processes, which share no connection with
the builder. So, before the tables are emptied, each good read by today's reader
(documents.reader) is copied to a SQLite file of its own, keyed by the bytes' digest; any
process then opens it and looks a document up as store.read_before looks it up in the archive.
A report of a hundred pages takes pypdf seconds; a reparse after a new extractor need read
none of the files it has read before. The file is deleted when the reparse ends.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from archive import documents


class EarlierReads:
    """sha256 -> an earlier read of those bytes (documents.READ), or None: a ReadBefore that
    pickles as its path, each process opening its own connection when it first asks."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._pid = 0

    def __reduce__(self) -> tuple[type[EarlierReads], tuple[Path]]:
        return EarlierReads, (self.path,)  # a worker opens its own connection

    def __call__(self, sha256: str) -> dict[str, Any] | None:
        if self._conn is None or self._pid != os.getpid():  # a fork shares no connection
            self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self._pid = os.getpid()
        row = self._conn.execute(
            f"SELECT {', '.join(documents.READ)} FROM reads WHERE sha256 = ?", [sha256]
        ).fetchone()
        return dict(zip(documents.READ, row, strict=True)) if row else None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


@contextmanager
def earlier_reads(db: sqlite_utils.Database) -> Iterator[EarlierReads]:
    """The archive's good reads by today's reader, copied aside (call before the documents
    table is emptied); the copy is removed on leaving."""
    columns = ", ".join(documents.READ)
    with tempfile.TemporaryDirectory(prefix="isecg-reads-") as tmp:
        path = Path(tmp) / "reads.db"
        copy = sqlite3.connect(path)
        try:
            # a scratch file deleted when the reparse ends: no journal, no wait on the disk
            copy.execute("PRAGMA journal_mode = OFF")
            copy.execute("PRAGMA synchronous = OFF")
            copy.execute(f"CREATE TABLE reads (sha256 TEXT PRIMARY KEY, {columns})")
            rows = db.execute(
                f"SELECT sha256, {columns} FROM documents WHERE reader = ?"
                " AND content_hash IS NOT NULL AND sha256 IS NOT NULL",
                [documents.reader()],
            )
            marks = ", ".join("?" * (1 + len(documents.READ)))
            copy.executemany(f"INSERT OR IGNORE INTO reads VALUES ({marks})", rows)
            copy.commit()
        finally:
            copy.close()
        reads = EarlierReads(path)
        try:
            yield reads
        finally:
            reads.close()
