"""One crawl's build, saved: its records, what it decided about them, and its counts.

The builder (scraper/build.py) reads a crawl's captures back, extracts and chooses; what it
hands over is a `Build`, plain rows and decisions, and `save` stores all of it in one
transaction: the records with their versions, the members block, joins, documents, removals
when the crawl may make them, disagreements, problems, templates learned, and the counts.

Counts are rows (`build_counts`: crawl, kind, count), one per record kind (kinds.py) and
`problems`, so a new kind is counted without a new column; flags and notes are one `builds`
row per crawl. `build_stats` is a view of both with the columns it always had.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import sqlite_utils

from archive import captures, kinds, memberships, store
from archive import templates as templates_table
from archive.db import DERIVED_TABLES
from archive.store import Seen
from archive.text import whole_characters
from archive.upserts import upsert_many
from archive.warc_read import DAMAGED

log = logging.getLogger("isecg.build")

PROBLEMS = "problems"  # the count of pages that could not be read, beside the kinds' counts


@dataclass(frozen=True)
class Record:
    """One record as the builder chose it: its key, content and where each field came from."""

    key: str
    content: dict[str, Any]
    seen: Seen
    provenance: dict[str, Any] = field(default_factory=dict)


@dataclass
class Build:
    """What one crawl's build hands to `save`."""

    crawl_id: int
    site: str
    extractor_version: str  # what the records are stamped with (archive knows no extractor)
    # table -> records to store: news, publications, agencies (a kind held back is absent;
    # agencies only when a members block was read, with members_seen its capture). Each is
    # iterated once to be saved (news may come one record at a time, from a file), and
    # publications and agencies once more after: those two are lists.
    records: dict[str, Iterable[Record]]
    members_seen: Seen | None
    documents: list[tuple[dict[str, Any], Seen]]  # documents.document_record rows
    # (agency key, joined on, URL of the announcing post, the day it says the join took place)
    joined: list[tuple[str, str, str, str | None]]
    gone_news: list[tuple[str, str]]  # (news id, when its own page answered 404 or 410)
    removable: bool  # the crawl read the site and is trusted (scraper/removals.py)
    disagreements: list[tuple[Any, ...]]  # record, field, source, value, chosen source, value
    problems: list[tuple[str, int | None, str]]  # url, capture id, problem
    learned: dict[str, dict[str, tuple[str, int, int]]]  # theme -> field -> (sel, agree, tried)
    counts: dict[str, int]  # kind name -> records read; and problems
    flags: list[str]
    notes: list[str]
    category_names: dict[str, str] = field(default_factory=dict)  # id -> name, REST's tonight
    listings: list[tuple[str, Seen]] = field(default_factory=list)  # (news id, its list's)


def save(db: sqlite_utils.Database, build: Build) -> dict[str, int]:
    """Store one crawl's build (inside one transaction); return what changed, counted."""
    changes: dict[str, int] = {}

    def count(what: str, n: int = 1) -> None:
        if n:
            changes[what] = changes.get(what, 0) + n

    # what pages said, as SQLite can store it (a JSON escape's lone surrogate: helper-206);
    # the records themselves go through store.upsert_versioned, which does the same
    said = ("learned", "category_names", "disagreements", "problems", "notes", "flags")
    build = replace(build, **{name: whole_characters(getattr(build, name)) for name in said})
    crawl_id = build.crawl_id
    at = captures.last_fetched_at(db, crawl_id) or ""
    with db.atomic():
        # A crawl killed after its build but before it was marked done builds again on resume.
        for table in ("disagreements", "extraction_problems"):
            db.execute(f"DELETE FROM {table} WHERE crawl_id = ?", [crawl_id])
        templates_table.save(db, build.site, crawl_id, at, build.learned)
        db.conn.executemany(
            "INSERT OR REPLACE INTO category_names (id, name, crawl_id) VALUES (?, ?, ?)",
            [(key, name, crawl_id) for key, name in build.category_names.items()],
        )
        db.conn.executemany(  # the earliest list that showed each post stays
            "INSERT INTO news_listings (record_id, first_seen, capture_id) VALUES (?, ?, ?)"
            " ON CONFLICT(record_id) DO UPDATE SET first_seen = excluded.first_seen,"
            " capture_id = excluded.capture_id WHERE excluded.first_seen < first_seen",
            [(record_id, seen.at, seen.capture_id) for record_id, seen in build.listings],
        )
        for table, records in build.records.items():
            # many at a time (archive/upserts.py): the same rows as one by one, fewer statements
            upserts = ((r.key, r.content, r.seen, r.provenance) for r in records)
            for outcome in upsert_many(db, table, upserts, build.extractor_version):
                count(f"{table} {outcome}")
            if table == "agencies":  # a list (Build.records), read again here
                for record in records:
                    memberships.observe_member(db, record.key, record.content["name"], record.seen)
        if build.removable and build.members_seen and "agencies" in build.records:
            present = {record.key for record in build.records["agencies"]}
            memberships.mark_left(db, present, build.members_seen.at)
        for key, joined_on, url, day_said in build.joined:
            memberships.set_joined(db, key, joined_on, url, day_said)
        for document, seen in build.documents:
            count(f"documents {store.save_document(db, document, seen, build.extractor_version)}")
        for url, capture_id, fetched_at, why in captures.failed_fetches(db, crawl_id, "document"):
            store.document_failed(db, url, Seen(crawl_id, capture_id, fetched_at), why)
            count("documents failed")
        if build.removable:
            count("news removed", store.mark_removed(db, "news", build.gone_news))
            listed = {record.key for record in build.records.get("publications", [])}
            unlisted = _unlisted(db, listed, captures.told_urls(db, crawl_id, build.site))
            count("publications removed", store.mark_removed(db, "publications", unlisted))
        db.conn.executemany(
            "INSERT OR REPLACE INTO disagreements (record_id, field, source, value,"
            " chosen_source, chosen_value, crawl_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(*disagreement, crawl_id) for disagreement in build.disagreements],
        )
        db.conn.executemany(
            "INSERT INTO extraction_problems VALUES (?, ?, ?, ?)",
            [(crawl_id, *problem) for problem in build.problems],
        )
        save_counts(db, crawl_id, build.counts, build.flags, build.notes)
    optimize_search(
        db, {what.split()[0] for what in changes if what.endswith((" new", " changed"))}
    )
    return changes


def optimize_search(db: sqlite_utils.Database, tables: Iterable[str]) -> None:
    """Merge the full-text index of each kind this build wrote text to into one segment: each
    crawl's writes otherwise leave segments that every search reads (ten after one build of
    100,000 posts; 81 snippets looked up by rowid took 4.5 ms there, 1.0 ms merged). Its own
    transaction, after the build's: a second's work at that size, milliseconds at the site's.
    """
    outer = db.conn.in_transaction  # a reparse's, which a full disk may have rolled back
    for kind in kinds.KINDS:
        if kind.fts and kind.table in tables:
            try:
                db.table(kind.table).optimize()
            except sqlite3.OperationalError as exc:
                if outer:  # the reparse fails whole, its tables as they were
                    raise
                # a full disk after a crawl's build, which is saved: searches read the index
                # as it is, and the next build that writes text merges it
                log.warning("the %s search index was left unmerged: %s", kind.table, exc)


def _unlisted(
    db: sqlite_utils.Database, listed: set[str], reread: dict[str, str]
) -> list[tuple[str, str]]:
    """Publications gone from their listing, each with when that listing was read again
    without them or found gone itself (`reread`: URL -> its answer's time; the last page of
    a shorter listing answers 404). A publication has no page of its own to answer 404."""
    return sorted(
        (key, reread[listed_on])
        for key, (listed_on,) in store.current(db, "publications", ("url",)).items()
        if key not in listed and listed_on in reread
    )


def save_counts(
    db: sqlite_utils.Database,
    crawl_id: int,
    counts: dict[str, int],
    flags: list[str],
    notes: list[str],
) -> None:
    """A build's counts (one row per kind) and its flags and notes (one row)."""
    db.execute(
        "INSERT OR REPLACE INTO builds (crawl_id, flags, notes) VALUES (?, ?, ?)",
        [crawl_id, json.dumps(flags) if flags else None, json.dumps(notes) if notes else None],
    )
    db.execute("DELETE FROM build_counts WHERE crawl_id = ?", [crawl_id])
    db.conn.executemany(
        "INSERT INTO build_counts (crawl_id, kind, count) VALUES (?, ?, ?)",
        [(crawl_id, kind, n) for kind, n in counts.items()],
    )


def counts(db: sqlite_utils.Database, crawl_id: int) -> dict[str, int]:
    """kind -> count of one crawl's build; empty when it has none."""
    return dict(
        db.execute(
            "SELECT kind, count FROM build_counts WHERE crawl_id = ? ORDER BY rowid", [crawl_id]
        ).fetchall()
    )


def notes(db: sqlite_utils.Database, crawl_id: int) -> list[str]:
    """What one crawl's build learned or met (build_stats.notes); empty when none."""
    row = db.execute("SELECT notes FROM builds WHERE crawl_id = ?", [crawl_id]).fetchone()
    found: list[str] = json.loads(row[0]) if row and row[0] else []
    return found


def last_trusted_counts(db: sqlite_utils.Database, before: int) -> dict[str, int]:
    """The counts of the last build of ours before crawl `before` that was trusted and whole
    (not flagged, nothing left unvisited: not stopped by --max-time, nor cut short by
    --max-pages), or run with --accept-counts: what a kind collapsing or rising is judged
    against. A backfill slice (a few Wayback captures) is no measure of the site."""
    row = db.execute(
        "SELECT b.crawl_id FROM builds b JOIN crawls c ON c.id = b.crawl_id"
        " WHERE b.crawl_id < ? AND b.flags IS NULL AND c.source = 'crawl'"
        " AND (json_extract(c.settings, '$.accept_counts') OR NOT EXISTS (SELECT 1"
        " FROM frontier f WHERE f.crawl_id = c.id AND f.state = 'queued'))"
        " AND COALESCE(c.message, '') NOT LIKE '%--max-pages%'"
        " ORDER BY b.crawl_id DESC LIMIT 1",
        [before],
    ).fetchone()
    return counts(db, row[0]) if row else {}


def damaged(db: sqlite_utils.Database) -> list[tuple[str, int | None, int | None]]:
    """(problem, capture, the original its revisit pointed at) of each capture whose WARC
    record a build could not read back: reparse stops on one, a crawl fetches its URL whole."""
    rows = db.execute(
        "SELECT p.problem, c.id, c.revisit_of FROM extraction_problems p"
        " LEFT JOIN captures c ON c.id = p.capture_id WHERE p.problem LIKE ?",
        [f"%{DAMAGED}%"],
    )
    return [tuple(row) for row in rows]


def category_names(db: sqlite_utils.Database) -> dict[str, str]:
    """Each category id's name as the REST categories collection last gave it."""
    return dict(db.execute("SELECT id, name FROM category_names").fetchall())


def clear_derived(db: sqlite_utils.Database) -> None:
    """Empty the tables derived from the WARC files (inside the caller's transaction), for a
    reparse to rebuild them."""
    for table in DERIVED_TABLES:
        db.execute(f"DELETE FROM {table}")
