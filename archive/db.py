"""Open the archive database and bring its schema up to date with numbered migrations.

Each migration (migrations.py) runs once, inside a transaction, and is recorded in
`_migrations`; running them again does nothing. Then kinds.ensure gives every declared record
kind its table, versions and FTS. WAL lets Datasette read while a crawl writes; foreign keys
are on.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from archive import kinds
from archive.migrations import MIGRATIONS as MIGRATIONS
from archive.migrations import run_script as run_script


def iso_z(moment: datetime) -> str:
    """A moment as the archive writes times: UTC ISO 8601 with milliseconds and Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def utc_now() -> str:
    return iso_z(datetime.now(UTC))


# Tables derived from the WARC files: `isecg reparse` empties and rebuilds exactly these, in
# this order (a row goes before the row it refers to).
DERIVED_TABLES = (
    *(f"{kind.table}_versions" for kind in kinds.KINDS),
    "document_failures",
    "absences",
    "member_observations",
    "memberships",
    "disagreements",
    "templates",
    "category_names",
    "news_listings",
    "extraction_problems",
    "build_counts",
    "builds",
    *(kind.table for kind in kinds.KINDS),
)


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations not yet applied (return their names), then the kinds' shape."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row["name"] for row in db.query("SELECT name FROM _migrations")}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        with db.atomic():
            step(db)
            db.execute("INSERT INTO _migrations VALUES (?, ?)", [name, utc_now()])
        applied.append(name)
    kinds.ensure(db)
    return applied


def open_db(path: Path) -> sqlite_utils.Database:
    """The archive database, migrated, in WAL mode with foreign keys on."""
    if path.is_file() and path.stat().st_size == 0 and any(path.parent.glob("warc/*.warc*")):
        # SQLite would take an empty file for a new archive, and index none of the WARC files
        # beside it: an index emptied by accident is not a fresh start.
        raise sqlite3.DatabaseError("file is not a database: it is empty, beside WARC files")
    path.parent.mkdir(parents=True, exist_ok=True)
    # No sqlite-utils plugins: none is ours, one installed beside us could change what the
    # archive's connections do, and finding them scans every installed package (17 ms a start).
    db = sqlite_utils.Database(path, execute_plugins=False)
    db.execute("PRAGMA busy_timeout = 10000")  # a reader (Datasette) may hold the file briefly
    db.enable_wal()
    # In WAL mode NORMAL survives any process crash (kill -9 included); only a power cut can
    # lose the last commits, which the next crawl then simply refetches. FULL would fsync on
    # every capture and stall the crawl.
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db


def open_db_read_only(path: Path) -> sqlite_utils.Database:
    """The archive opened to read only: no WAL switch, no migrations, the file's bytes left as
    they are (a snapshot's sha256 still checks). An archive whose migrations are due is
    refused: only a writable copy can take them."""
    return read_only_database(read_only_connection(path))


def read_only_database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """open_db_read_only on a connection read_only_connection gave (closed when refused)."""
    if migrations_due(conn):
        conn.close()
        raise sqlite3.OperationalError(
            "attempt to write a readonly database: its schema needs updating, which only a"
            " writable copy can take"
        )
    return sqlite_utils.Database(conn, execute_plugins=False)


def migrations_due(conn: sqlite3.Connection) -> bool:
    """Whether the archive lacks a migration this build knows."""
    try:
        done = {name for (name,) in conn.execute("SELECT name FROM _migrations")}
    except sqlite3.OperationalError as error:
        if "no such table" not in str(error):
            raise
        done = set()
    return any(name not in done for name, _ in MIGRATIONS)


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that never writes to the archive; WAL lets a crawl go on writing, and one
    SELECT sees one consistent state."""
    uri = path.resolve().as_uri()
    if opens_only_immutable(path):
        return sqlite3.connect(f"{uri}?immutable=1", uri=True)
    return sqlite3.connect(f"{uri}?mode=ro", uri=True)


def opens_only_immutable(path: Path) -> bool:
    """Whether the archive opens read-only only as immutable: a WAL archive in a directory this
    process cannot write has no -shm file to share. Safe only where nothing can write: a
    read-only file system, or a file nobody may write (not one a crawl running as another
    user writes, whose commits an immutable reader would not see); elsewhere the error is
    raised. `isecg serve` asks it too (a read-only snapshot answered 500 on every page)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return False
    except sqlite3.OperationalError:
        read_only_fs = bool(os.statvfs(path).f_flag & os.ST_RDONLY)
        if not (read_only_fs or path.stat().st_mode & 0o222 == 0):
            raise
        return True
    finally:
        conn.close()
