"""The numbered migrations: each runs once, inside a transaction (db.migrate), in order.

Never edit one that has shipped: an archive that already ran it would never see the change.
Add the next number instead. Record kinds' tables, versions and FTS are also kept in shape by
kinds.ensure, which db.migrate runs after these.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import sqlite_utils

from archive.kinds import KINDS, search_on_text_change
from archive.schema_initial import _m001_crawl_state, _m002_records, run_script
from archive.store import content_hash

Migration = Callable[[sqlite_utils.Database], None]
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


# The counts build_stats had as columns, in its column order.
STATS_COLUMNS = ("news", "publications", "members", "documents", "problems")


def _m008_build_counts(db: sqlite_utils.Database) -> None:
    """build_stats as rows, one per crawl and kind (build_counts), beside one row per build for
    its flags and notes (builds): a new record kind is counted without a new column. The
    name build_stats stays, as a view with the old columns, for status, the canned queries
    and anyone's SQL; updating its flags or notes still works (a trigger)."""
    pivot = ",\n".join(
        f"(SELECT count FROM build_counts c WHERE c.crawl_id = b.crawl_id AND c.kind = '{k}')"
        f" AS {k}"
        for k in STATS_COLUMNS
    )
    counts = " UNION ALL ".join(
        f"SELECT crawl_id, '{k}', {k} FROM build_stats" for k in STATS_COLUMNS
    )
    run_script(
        db,
        f"""
        CREATE TABLE builds (
            crawl_id INTEGER PRIMARY KEY REFERENCES crawls(id),
            flags TEXT,                      -- JSON: why the crawl's records were held back
            notes TEXT                       -- JSON: what the build learned or met
        );
        CREATE TABLE build_counts (
            crawl_id INTEGER NOT NULL REFERENCES crawls(id),
            kind TEXT NOT NULL,              -- a record kind (kinds.py), or problems
            count INTEGER NOT NULL,
            PRIMARY KEY (crawl_id, kind)
        );
        INSERT INTO builds SELECT crawl_id, flags, notes FROM build_stats;
        INSERT INTO build_counts {counts};
        DROP TABLE build_stats;
        CREATE VIEW build_stats AS SELECT b.crawl_id,
        {pivot},
        b.flags, b.notes FROM builds b
        """,
    )
    # Apart: run_script would split the trigger's body at its semicolon.
    db.execute(
        "CREATE TRIGGER build_stats_update INSTEAD OF UPDATE OF flags, notes ON build_stats"
        " BEGIN UPDATE builds SET flags = NEW.flags, notes = NEW.notes"
        " WHERE crawl_id = OLD.crawl_id; END"
    )


def _m010_reading_room_indexes(db: sqlite_utils.Database) -> None:
    """The reading room's record pages look records up by URL: the news post at a URL, the
    publications of a document, the pages linking to one. Without these, each is a scan."""
    db.execute("CREATE INDEX IF NOT EXISTS news_url ON news(url)")
    db.execute("CREATE INDEX IF NOT EXISTS publications_document_url ON publications(document_url)")
    db.execute("CREATE INDEX IF NOT EXISTS links_dst ON links(dst)")


# The tables whose rows say when a crawl or a Wayback capture saw something (migration 009).
SEEN_BY_CAPTURE = ("news_versions", "publications_versions", "agencies_versions")


def _m009_wayback(db: sqlite_utils.Database) -> None:
    """History from the Wayback Machine beside our own captures, never mistaken for them.

    Every crawl row and capture names its source: `crawl` (ours) or `wayback` (a capture the
    Wayback Machine made, fetched later). A Wayback capture's fetched_at is when the Wayback
    captured the page, retrieved_at when we fetched it, source_url where from. Its crawl is a
    backfill slice: the Wayback captures of one day, built like one crawl (scraper/build.py).
    `wayback_captures` is the work list the CDX API gave, so a killed import resumes. Record
    versions and member observations copy their crawl's source (triggers: the store writes
    them without knowing of sources), as does a membership's first sighting."""
    run_script(
        db,
        """
        ALTER TABLE crawls ADD COLUMN source TEXT NOT NULL DEFAULT 'crawl';
        ALTER TABLE captures ADD COLUMN source TEXT NOT NULL DEFAULT 'crawl';
        ALTER TABLE captures ADD COLUMN source_url TEXT;
        ALTER TABLE captures ADD COLUMN retrieved_at TEXT;
        CREATE TABLE wayback_captures (
            url TEXT NOT NULL,               -- the original URL, as the CDX API lists it
            timestamp TEXT NOT NULL,         -- the Wayback's 14-digit capture time (UTC)
            captured_at TEXT NOT NULL,       -- the same as an ISO 8601 time with Z
            kind TEXT NOT NULL,              -- page, document or rest, as the crawl names them
            generation TEXT NOT NULL,        -- portal, classic or root (SITE.md)
            mimetype TEXT,
            statuscode TEXT,
            digest TEXT,                     -- the CDX digest (sha1, base32) of the payload
            length INTEGER,
            state TEXT NOT NULL DEFAULT 'queued',  -- queued, done, failed
            listed_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,                      -- why a failed capture could not be fetched
            digest_ok INTEGER,               -- 1: the bytes fetched have the CDX digest
            capture_id INTEGER REFERENCES captures(id),
            PRIMARY KEY (url, timestamp)
        );
        CREATE INDEX wayback_captures_queue ON wayback_captures(state, timestamp);
        ALTER TABLE member_observations ADD COLUMN source TEXT;
        ALTER TABLE memberships ADD COLUMN first_seen_source TEXT;
        ALTER TABLE documents_versions ADD COLUMN source TEXT;
        UPDATE member_observations SET source = 'crawl';
        UPDATE memberships SET first_seen_source = 'crawl';
        UPDATE documents_versions SET source = 'crawl'
        """,
    )
    for table in SEEN_BY_CAPTURE:
        db.execute(f"ALTER TABLE {table} ADD COLUMN source TEXT")
        db.execute(f"UPDATE {table} SET source = 'crawl'")
    # One statement each: run_script would split a trigger's body at its semicolon.
    for table in (*SEEN_BY_CAPTURE, "documents_versions"):
        db.execute(
            f"CREATE TRIGGER {table}_source AFTER INSERT ON {table} BEGIN"
            f" UPDATE {table} SET source = (SELECT source FROM crawls WHERE id = NEW.crawl_id)"
            " WHERE record_id = NEW.record_id AND version = NEW.version; END"
        )
    db.execute(
        "CREATE TRIGGER member_observations_source AFTER INSERT ON member_observations BEGIN"
        " UPDATE member_observations SET source = (SELECT source FROM crawls"
        " WHERE id = NEW.crawl_id) WHERE agency_id = NEW.agency_id AND crawl_id = NEW.crawl_id;"
        " END"
    )
    db.execute(
        "CREATE TRIGGER memberships_source AFTER INSERT ON memberships BEGIN"
        " UPDATE memberships SET first_seen_source = (SELECT o.source FROM member_observations o"
        " WHERE o.agency_id = NEW.agency_id ORDER BY o.seen_at LIMIT 1)"
        " WHERE agency_id = NEW.agency_id; END"
    )


def _m011_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for speed at scale (issue 15; 009 and 010 are other changes' numbers).

    frontier_seq: each fetched page asks for its crawl's highest frontier seq before queueing
    what it found; frontier_queue (crawl_id, state, seq) cannot answer that without reading
    every entry of the crawl (2 ms a page at 25,000 entries), this index at once.
    Then the reading room's default sort orders (metadata.yml sort_desc): without them each
    table page, CSV export and next page sorts the whole table (0.7 s for the news table page
    at 100,000 posts), with them it reads the first rows of an index. And the news table's
    facets: its year facet groups substr(published, 1, 4) (datasette_plugins), its array
    facet reads every categories list; each reads a small index instead of every wide row
    (at 100,000 posts, 0.28 s to 0.08 s and 1.8 s to 0.24 s on a loaded machine)."""
    run_script(
        db,
        """
        CREATE INDEX IF NOT EXISTS frontier_seq ON frontier(crawl_id, seq);
        CREATE INDEX IF NOT EXISTS news_published ON news(published);
        CREATE INDEX IF NOT EXISTS publications_posted_on ON publications(posted_on);
        CREATE INDEX IF NOT EXISTS documents_last_seen ON documents(last_seen);
        CREATE INDEX IF NOT EXISTS news_year ON news(substr(published, 1, 4), published);
        CREATE INDEX IF NOT EXISTS news_categories ON news(categories)
        """,
    )


def _m012_absences(db: sqlite_utils.Database) -> None:
    """The times records were gone from the site and came back. A record's removed_at is
    cleared when it is seen again; without this its removal and return left no trace in
    `changes`, `changes_since` or the "as of" queries."""
    run_script(
        db,
        """
        CREATE TABLE IF NOT EXISTS absences (
            record_table TEXT NOT NULL,   -- news, publications or agencies
            record_id TEXT NOT NULL,
            removed_at TEXT NOT NULL,     -- when it was found gone (a capture's time)
            returned_at TEXT NOT NULL,    -- when it was seen again
            crawl_id INTEGER,             -- the crawl and capture that saw it again
            capture_id INTEGER,
            PRIMARY KEY (record_table, record_id, removed_at)
        );
        CREATE INDEX IF NOT EXISTS absences_returned ON absences(returned_at)
        """,
    )


def _m013_versions_by_time(db: sqlite_utils.Database) -> None:
    """The versions by the time they were seen: the Atom feed reads the newest 100 edits and
    "what changed since" a time's versions without reading every version (at 100,000 posts
    with 40,000 edits, the feed took 0.5 s)."""
    for table in ("news_versions", "publications_versions", "agencies_versions"):
        db.execute(f"CREATE INDEX IF NOT EXISTS {table}_seen_at ON {table}(seen_at)")


def _m014_version_edits(db: sqlite_utils.Database) -> None:
    """Each version says whether it changed what the site said (`edit`, store.is_edit, which
    writes it from now on): `isecg changes`, changes_since and the feed read it, where each
    had its own test of the version before. Versions already stored are judged here, once,
    against their previous version's record."""
    for kind in KINDS:
        table = f"{kind.table}_versions"
        if "edit" not in db.table(table).columns_dict:
            db.execute(f"ALTER TABLE {table} ADD COLUMN edit INTEGER NOT NULL DEFAULT 0")
        listing = ", ".join(f"'{column}'" for column in kind.listing)
        db.execute(
            f"UPDATE {table} SET edit = 1 WHERE version > 1 AND EXISTS ("
            f" SELECT 1 FROM {table} p, json_each({table}.changed) c"
            f" WHERE p.record_id = {table}.record_id AND p.version = {table}.version - 1"
            + (f" AND c.value NOT IN ({listing})" if listing else "")
            + " AND coalesce(json_extract(p.record, '$.' || c.value), '') NOT IN ('', '[]', '{}'))"
        )


def _m015_document_reader(db: sqlite_utils.Database) -> None:
    """Which reader read each document's text (archive/documents.py, reader()): a later read of
    the same bytes by the same reader takes it rather than read the file again. Documents
    read before have none, and are read once more."""
    if "reader" not in db.table("documents").columns_dict:
        db.execute("ALTER TABLE documents ADD COLUMN reader TEXT")


def _m016_search_on_text_change(db: sqlite_utils.Database) -> None:
    """Each kind's full-text index re-indexes a record only when its text changes (until now
    every crawl re-indexed every record it saw), and is merged into one segment once: the
    deletions and insertions of earlier crawls slowed every search."""
    for kind in KINDS:
        if kind.fts and db.table(f"{kind.table}_fts").exists():
            search_on_text_change(db, kind)
            db.table(kind.table).optimize()


def _m017_names_listings_records(db: sqlite_utils.Database) -> None:
    """Each category id's name as REST last gave it (for a night that did not read them);
    when a dated list first showed each post (before its own page was captured, maybe);
    captures by their record (what else holds a damaged record's bytes is asked by it)."""
    run_script(
        db,
        """
        CREATE TABLE IF NOT EXISTS category_names (id TEXT PRIMARY KEY, name TEXT NOT NULL,
            crawl_id INTEGER NOT NULL REFERENCES crawls(id));
        CREATE TABLE IF NOT EXISTS news_listings (record_id TEXT PRIMARY KEY,
            first_seen TEXT NOT NULL, capture_id INTEGER REFERENCES captures(id));
        CREATE INDEX IF NOT EXISTS captures_record ON captures(warc_file, warc_offset);
        """,
    )


def _m018_join_days(db: sqlite_utils.Database) -> None:
    """The day the post announcing a join says it took place ("joined ISECG on 20 January
    2025"), beside joined_on, the post's own day; empty where it says none."""
    if "joined_on_said" not in db.table("memberships").columns_dict:
        db.execute("ALTER TABLE memberships ADD COLUMN joined_on_said TEXT")


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_crawl_state", _m001_crawl_state),
    ("002_records", _m002_records),
    ("003_fts", _m003_fts),
    ("004_validators", _m004_validators),
    ("005_candidates", _m005_candidates),
    ("006_crawl_cuts", _m006_crawl_cuts),
    ("007_document_versions", _m007_document_versions),
    ("008_build_counts", _m008_build_counts),
    ("009_wayback", _m009_wayback),
    ("010_reading_room_indexes", _m010_reading_room_indexes),
    ("011_indexes", _m011_indexes),
    ("012_absences", _m012_absences),
    ("013_versions_by_time", _m013_versions_by_time),
    ("014_version_edits", _m014_version_edits),
    ("015_document_reader", _m015_document_reader),
    ("016_search_on_text_change", _m016_search_on_text_change),
    ("017_names_listings_records", _m017_names_listings_records),
    ("018_join_days", _m018_join_days),
]
