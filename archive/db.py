"""Open the archive database and bring its schema up to date with numbered migrations.

Each migration runs once, inside a transaction, and is recorded in `_migrations`; running
them again does nothing. WAL lets Datasette read while a crawl writes; foreign keys are on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from archive.store import content_hash

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


def _m002_records(db: sqlite_utils.Database) -> None:
    """News, publications, agencies and memberships with their versions; documents; problems."""
    run_script(
        db,
        """
        CREATE TABLE news (
            id TEXT PRIMARY KEY,             -- wp:<post id>, or portal:<date> before WordPress
            wp_id INTEGER,
            url TEXT NOT NULL,               -- canonical
            title TEXT,
            published TEXT,                  -- site-local ISO 8601 with offset, or a date alone
            modified TEXT,
            author TEXT,
            event_date TEXT,                 -- the opening dateline as printed: not `published`
            categories TEXT,                 -- JSON list
            summary TEXT,
            body_text TEXT,
            body_html TEXT,
            links TEXT,                      -- JSON list of absolute URLs
            documents TEXT,                  -- JSON list of document URLs
            images TEXT,                     -- JSON list of [src, alt]
            sources TEXT,                    -- JSON: where each field came from (rest, html, ...)
            date_candidates TEXT,            -- JSON: every date signal found, with its source
            capture_id INTEGER REFERENCES captures(id),
            extractor_version TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            removed_at TEXT
        );
        CREATE TABLE publications (
            id TEXT PRIMARY KEY,             -- the document URL, else wp:<id>, else the title
            title TEXT NOT NULL,
            posted_on TEXT,                  -- YYYY-MM-DD as the site states it
            description TEXT,
            kind TEXT,
            year INTEGER,
            document_url TEXT,
            url TEXT,                        -- the page it is listed on
            wp_id INTEGER,
            sources TEXT,
            capture_id INTEGER REFERENCES captures(id),
            extractor_version TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            removed_at TEXT
        );
        CREATE TABLE agencies (
            id TEXT PRIMARY KEY,             -- the agency's website host, else its acronym
            name TEXT NOT NULL,              -- as the site shows it now
            acronym TEXT,
            country TEXT,
            website TEXT,
            logo TEXT,
            enriched INTEGER NOT NULL DEFAULT 0,
            capture_id INTEGER REFERENCES captures(id),
            extractor_version TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            removed_at TEXT
        );
        CREATE TABLE memberships (
            agency_id TEXT PRIMARY KEY REFERENCES agencies(id),
            first_seen TEXT NOT NULL,        -- first crawl that showed it in the members block
            last_seen TEXT NOT NULL,
            left_on TEXT,                    -- first crawl whose members block no longer had it
            joined_on TEXT,                  -- date of the post announcing it joined, if any
            joined_source_url TEXT
        );
        CREATE TABLE member_observations (
            agency_id TEXT NOT NULL REFERENCES agencies(id),
            crawl_id INTEGER NOT NULL REFERENCES crawls(id),
            name TEXT NOT NULL,              -- as shown in that crawl
            capture_id INTEGER REFERENCES captures(id),
            seen_at TEXT NOT NULL,
            PRIMARY KEY (agency_id, crawl_id)
        );
        CREATE TABLE documents (
            url TEXT PRIMARY KEY,
            sha256 TEXT,
            content_type TEXT,
            size INTEGER,
            pages INTEGER,
            title TEXT,
            text TEXT,
            error TEXT,
            capture_id INTEGER REFERENCES captures(id),
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL
        );
        CREATE TABLE disagreements (
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            html_value TEXT,
            rest_value TEXT,
            crawl_id INTEGER NOT NULL REFERENCES crawls(id),
            PRIMARY KEY (record_id, field, crawl_id)
        );
        CREATE TABLE extraction_problems (
            crawl_id INTEGER NOT NULL REFERENCES crawls(id),
            url TEXT NOT NULL,
            capture_id INTEGER REFERENCES captures(id),
            problem TEXT NOT NULL
        );
        CREATE TABLE build_stats (
            crawl_id INTEGER PRIMARY KEY REFERENCES crawls(id),
            news INTEGER NOT NULL,
            publications INTEGER NOT NULL,
            members INTEGER NOT NULL,
            documents INTEGER NOT NULL,
            problems INTEGER NOT NULL,
            flags TEXT                       -- why the crawl's records were held back, if they were
        )
        """,
    )
    for table in ("news", "publications", "agencies"):
        run_script(
            db,
            f"""
            CREATE TABLE {table}_versions (
                record_id TEXT NOT NULL REFERENCES {table}(id),
                version INTEGER NOT NULL,
                content_hash TEXT NOT NULL,
                crawl_id INTEGER REFERENCES crawls(id),
                capture_id INTEGER REFERENCES captures(id),
                seen_at TEXT NOT NULL,
                changed TEXT NOT NULL,           -- JSON list of the columns that changed
                record TEXT NOT NULL,            -- JSON of the whole version
                PRIMARY KEY (record_id, version)
            )
            """,
        )


# Full-text search, sqlite-utils style (news_fts, ...), kept in sync by triggers.
FTS = {
    "news": ["title", "body_text"],
    "publications": ["title", "description"],
    "documents": ["title", "text"],
}


def _m003_fts(db: sqlite_utils.Database) -> None:
    """enable_fts() commits as it goes (executescript), so this step cannot be atomic; it
    checks what exists instead, and a rerun after a crash finishes the job."""
    for table, columns in FTS.items():
        if not db.table(f"{table}_fts").exists():
            db.table(table).enable_fts(columns, create_triggers=True)


def _m004_validators(db: sqlite_utils.Database) -> None:
    """The validators to send next time live with the URL: a 200 with the same bytes but a
    new ETag (the original capture stays the one revisits point at) must update them."""
    db.execute("ALTER TABLE urls ADD COLUMN etag TEXT")
    db.execute("ALTER TABLE urls ADD COLUMN last_modified TEXT")


def _m005_candidates(db: sqlite_utils.Database) -> None:
    """Every field a set of sourced candidates: all of them kept on the news row, a
    disagreement per differing source, and the templates learned from REST."""
    run_script(
        db,
        """
        -- JSON: every [field, value, source, raw] the sources gave
        ALTER TABLE news ADD COLUMN candidates TEXT;
        -- JSON: what the build learned or met (a theme's template)
        ALTER TABLE build_stats ADD COLUMN notes TEXT;
        DROP TABLE disagreements;
        CREATE TABLE disagreements (
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,             -- title or published
            source TEXT NOT NULL,            -- the source whose value differs
            value TEXT,
            chosen_source TEXT NOT NULL,     -- the source the record took
            chosen_value TEXT,
            crawl_id INTEGER NOT NULL REFERENCES crawls(id),
            PRIMARY KEY (record_id, field, source, crawl_id)
        );
        CREATE TABLE templates (
            site TEXT NOT NULL,
            page_kind TEXT NOT NULL,         -- post
            theme_fingerprint TEXT NOT NULL, -- the page skeleton's hash (templates.py)
            field TEXT NOT NULL,             -- title, published, body
            selector TEXT NOT NULL,          -- CSS selector of the element holding the field
            agreeing INTEGER NOT NULL,       -- how many posts' REST values it matched
            tried INTEGER NOT NULL,          -- how many posts of that fingerprint were tried
            crawl_id INTEGER NOT NULL REFERENCES crawls(id),
            learned_at TEXT NOT NULL,
            PRIMARY KEY (site, page_kind, theme_fingerprint, field)
        )
        """,
    )


def _m006_crawl_cuts(db: sqlite_utils.Database) -> None:
    """What a crawl's trap defences and limits left out, per rule: JSON {rule: URLs cut}."""
    db.execute("ALTER TABLE crawls ADD COLUMN cuts TEXT")


def _m007_document_versions(db: sqlite_utils.Database) -> None:
    """Documents keep versions like the other records, and a read that fails no longer
    overwrites the last good one (archive/documents.py): its failure is recorded instead.
    Each document already read becomes its version 1, as seen at the capture it came from."""
    run_script(
        db,
        """
        -- SHA-256 of the current version's content (documents.CONTENT); NULL: never read
        ALTER TABLE documents ADD COLUMN content_hash TEXT;
        ALTER TABLE documents ADD COLUMN extractor_version TEXT;
        -- the latest read that failed and when, until a later read succeeds
        ALTER TABLE documents ADD COLUMN last_error TEXT;
        ALTER TABLE documents ADD COLUMN last_error_at TEXT;
        CREATE TABLE documents_versions (
            record_id TEXT NOT NULL REFERENCES documents(url),
            version INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            crawl_id INTEGER REFERENCES crawls(id),
            capture_id INTEGER REFERENCES captures(id),
            seen_at TEXT NOT NULL,
            changed TEXT NOT NULL,           -- JSON list of the columns that changed
            record TEXT NOT NULL,            -- JSON of the whole version
            PRIMARY KEY (record_id, version)
        );
        CREATE TABLE document_failures (
            url TEXT NOT NULL,
            crawl_id INTEGER NOT NULL REFERENCES crawls(id),
            capture_id INTEGER REFERENCES captures(id),
            seen_at TEXT NOT NULL,
            sha256 TEXT,                     -- of the bytes that failed, when some came
            size INTEGER,
            content_type TEXT,
            error TEXT NOT NULL,             -- one line: why it could not be read or fetched
            PRIMARY KEY (url, crawl_id)
        )
        """,
    )
    columns = ("sha256", "content_type", "size", "pages", "title", "text")  # documents.CONTENT then
    rows = db.execute(
        f"SELECT d.url, {', '.join(f'd.{c}' for c in columns)}, d.capture_id,"
        " c.crawl_id, COALESCE(c.fetched_at, d.last_seen) FROM documents d"
        " LEFT JOIN captures c ON c.id = d.capture_id"
        " WHERE d.error IS NULL OR COALESCE(d.text, '') != ''"
    ).fetchall()
    for url, *values, capture_id, crawl_id, seen_at in rows:
        content = dict(zip(columns, values, strict=True))
        digest = content_hash(content)
        db.execute("UPDATE documents SET content_hash = ? WHERE url = ?", [digest, url])
        db.execute(
            "INSERT INTO documents_versions VALUES (?, 1, ?, ?, ?, ?, ?, ?)",
            [
                url,
                digest,
                crawl_id,
                capture_id,
                seen_at,
                json.dumps(sorted(content)),
                json.dumps(content, sort_keys=True, ensure_ascii=False),
            ],
        )


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_crawl_state", _m001_crawl_state),
    ("002_records", _m002_records),
    ("003_fts", _m003_fts),
    ("004_validators", _m004_validators),
    ("005_candidates", _m005_candidates),
    ("006_crawl_cuts", _m006_crawl_cuts),
    ("007_document_versions", _m007_document_versions),
]

# Tables derived from the WARC files: `isecg reparse` empties and rebuilds exactly these.
DERIVED_TABLES = (
    "news_versions",
    "publications_versions",
    "agencies_versions",
    "documents_versions",
    "document_failures",
    "member_observations",
    "memberships",
    "disagreements",
    "templates",
    "extraction_problems",
    "build_stats",
    "news",
    "publications",
    "agencies",
    "documents",
)


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
