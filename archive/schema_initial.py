"""The initial schema: migrations 001 (crawl state) and 002 (records), as they shipped.

Registered in migrations.py with the others; apart only to keep each module short.
"""

from __future__ import annotations

import sqlite_utils


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
