"""Open the archive database and bring its schema up to date with numbered migrations.

Each migration runs once, inside a transaction, and is recorded in `_migrations`; running
them again does nothing. WAL lets Datasette read while a crawl writes; foreign keys are on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]


def iso_z(moment: datetime) -> str:
    """A moment as the archive writes times: UTC ISO 8601 with milliseconds and Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def utc_now() -> str:
    return iso_z(datetime.now(UTC))


def run_script(db: sqlite_utils.Database, sql: str) -> None:
    """Run several statements inside the caller's transaction.

    sqlite3's executescript() would COMMIT first and break the migration's atomicity.
    """
    for statement in sql.split(";\n"):
        if statement.strip():
            db.execute(statement)


def _m001_crawl_state(db: sqlite_utils.Database) -> None:
    """Crawls, the persistent frontier, captures (the WARC index), known URLs, links."""
    run_script(
        db,
        """
        CREATE TABLE crawls (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL,            -- running, done, failed, unhealthy
            site TEXT NOT NULL,
            full INTEGER NOT NULL DEFAULT 0,
            settings TEXT,                   -- JSON of the Settings used
            resumes INTEGER NOT NULL DEFAULT 0,
            requests INTEGER NOT NULL DEFAULT 0,
            pages_fetched INTEGER NOT NULL DEFAULT 0,
            documents_fetched INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,
            retries INTEGER NOT NULL DEFAULT 0,
            refused INTEGER NOT NULL DEFAULT 0,
            bytes_downloaded INTEGER NOT NULL DEFAULT 0,
            rest_used INTEGER NOT NULL DEFAULT 0,
            message TEXT
        );
        CREATE TABLE frontier (
            crawl_id INTEGER NOT NULL REFERENCES crawls(id),
            url TEXT NOT NULL,               -- canonical URL, what is requested
            kind TEXT NOT NULL,              -- page, document, rest, sitemap, feed, robots
            source TEXT NOT NULL,            -- seed, link, rest, sitemap, feed, known, redirect
            found_on TEXT,                   -- the URL whose content listed it
            hops INTEGER NOT NULL DEFAULT 0, -- redirects followed to reach it
            state TEXT NOT NULL DEFAULT 'queued',  -- queued, done
            seq INTEGER NOT NULL,            -- discovery order, so a resumed crawl keeps it
            PRIMARY KEY (crawl_id, url)
        );
        CREATE INDEX frontier_queue ON frontier(crawl_id, state, seq);
        CREATE TABLE captures (
            id INTEGER PRIMARY KEY,
            crawl_id INTEGER NOT NULL REFERENCES crawls(id),
            url TEXT NOT NULL,
            kind TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            outcome TEXT NOT NULL,           -- ok, unchanged, error, refused
            status INTEGER,
            error_class TEXT,
            error TEXT,
            attempts INTEGER NOT NULL DEFAULT 1,
            elapsed_ms INTEGER,
            content_type TEXT,
            etag TEXT,
            last_modified TEXT,
            location TEXT,                   -- redirect target, as sent
            size INTEGER,                    -- bytes on the wire
            payload_digest TEXT,             -- WARC-Payload-Digest (sha1, base32)
            content_sha256 TEXT,             -- of the decoded body: "did the page change"
            revisit_of INTEGER REFERENCES captures(id),
            warc_file TEXT,
            warc_offset INTEGER,
            warc_length INTEGER,
            warc_record_id TEXT,
            UNIQUE (crawl_id, url)
        );
        CREATE INDEX captures_url ON captures(url, fetched_at);
        CREATE TABLE urls (
            url TEXT PRIMARY KEY,            -- canonical
            kind TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            last_status INTEGER,
            last_capture_id INTEGER REFERENCES captures(id),
            good_capture_id INTEGER REFERENCES captures(id)  -- last 200 with a body
        );
        CREATE TABLE aliases (
            alias TEXT PRIMARY KEY,          -- a URL as found in a link, before canonicalising
            url TEXT NOT NULL                -- its canonical form
        );
        CREATE TABLE links (
            src TEXT NOT NULL,
            dst TEXT NOT NULL,
            on_site INTEGER NOT NULL,
            first_crawl INTEGER NOT NULL REFERENCES crawls(id),
            PRIMARY KEY (src, dst)
        );
        """,
    )


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_crawl_state", _m001_crawl_state),
]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations not yet applied; return their names."""
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
    return applied


def open_db(path: Path) -> sqlite_utils.Database:
    """The archive database, migrated, in WAL mode with foreign keys on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA busy_timeout = 10000")  # a reader (Datasette) may hold the file briefly
    db.enable_wal()
    # In WAL mode NORMAL survives any process crash (kill -9 included); only a power cut can
    # lose the last commits, which the next crawl then simply refetches. FULL would fsync on
    # every capture and stall the crawl.
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db
