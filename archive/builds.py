"""One crawl's build: its counts, flags and notes.

Counts are rows (`build_counts`: crawl, kind, count), one per record kind (kinds.py) and
`problems`, so a new kind is counted without a new column; flags and notes are one `builds`
row per crawl. `build_stats` is a view of both with the columns it always had.
"""

from __future__ import annotations

import json

import sqlite_utils

from archive.db import DERIVED_TABLES

PROBLEMS = "problems"  # the count of pages that could not be read, beside the kinds' counts


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
    """The counts of the last build before crawl `before` that was trusted and whole (not
    flagged, not cut short by --max-pages): what a kind collapsing is judged against."""
    row = db.execute(
        "SELECT b.crawl_id FROM builds b JOIN crawls c ON c.id = b.crawl_id"
        " WHERE b.crawl_id < ? AND b.flags IS NULL"
        " AND COALESCE(c.message, '') NOT LIKE '%--max-pages%'"
        " ORDER BY b.crawl_id DESC LIMIT 1",
        [before],
    ).fetchone()
    return counts(db, row[0]) if row else {}


def clear_derived(db: sqlite_utils.Database) -> None:
    """Empty the tables derived from the WARC files (inside the caller's transaction), for a
    reparse to rebuild them."""
    for table in DERIVED_TABLES:
        db.execute(f"DELETE FROM {table}")
