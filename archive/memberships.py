"""Memberships: who the members block showed, crawl by crawl and Wayback capture by capture,
when each agency was first and last seen, when it left, and when a post announced it joined.
The agencies' own rows are versioned records (store.upsert_versioned); this is their
membership's history."""

from __future__ import annotations

import sqlite_utils

from archive.store import Seen


def observe_member(db: sqlite_utils.Database, agency_id: str, name: str, seen: Seen) -> None:
    """One observation of an agency in the members block of one crawl."""
    db.execute(
        "INSERT OR REPLACE INTO member_observations"
        " (agency_id, crawl_id, name, capture_id, seen_at) VALUES (?, ?, ?, ?, ?)",
        [agency_id, seen.crawl_id, name, seen.capture_id, seen.at],
    )
    db.execute(
        "INSERT INTO memberships (agency_id, first_seen, last_seen) VALUES (?, ?, ?)"
        " ON CONFLICT(agency_id) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen),"
        # back only when seen after it left: a capture from before (a backfill's) is not
        " left_on = CASE WHEN excluded.last_seen > left_on THEN NULL ELSE left_on END",
        [agency_id, seen.at, seen.at],
    )


def current_members(db: sqlite_utils.Database) -> set[str]:
    """The agencies the archive holds as members now (none has left)."""
    return {row[0] for row in db.execute("SELECT agency_id FROM memberships WHERE left_on IS NULL")}


def members_last_crawled(db: sqlite_utils.Database, crawl_id: int) -> set[str]:
    """The agencies the members block of our own latest crawl but this one showed (none
    when no crawl of ours read one): what tonight's block is held to. A Wayback capture's
    block, years old, says nothing of how many left since last night (helper-195: three
    agencies of 2014 held back every crawl after the backfill, for good)."""
    row = db.execute(
        "SELECT crawl_id FROM member_observations WHERE source = 'crawl' AND crawl_id != ?"
        " ORDER BY seen_at DESC LIMIT 1",
        [crawl_id],
    ).fetchone()
    if row is None:
        return set()
    found = db.execute("SELECT agency_id FROM member_observations WHERE crawl_id = ?", row)
    return {agency_id for (agency_id,) in found}


def mark_left(db: sqlite_utils.Database, present: set[str], at: str) -> list[str]:
    """Agencies missing from a members block that was read: they left (or were dropped),
    when the first block after their last sighting showed them no more: a Wayback capture's,
    years before our crawl that finds them gone, or this one's (`at`)."""
    gone = sorted(current_members(db) - present)
    for agency_id in gone:
        (first,) = db.execute(
            "SELECT MIN(o.seen_at) FROM member_observations o, memberships m"
            " WHERE m.agency_id = ? AND o.seen_at > m.last_seen",
            [agency_id],
        ).fetchone()
        left = min(first or at, at)
        db.execute("UPDATE memberships SET left_on = ? WHERE agency_id = ?", [left, agency_id])
        db.execute(
            "UPDATE agencies SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
            [left, agency_id],
        )
    return gone


def set_joined(
    db: sqlite_utils.Database, agency_id: str, joined_on: str, source_url: str, said: str | None
) -> None:
    """The date of the post announcing the agency joined, and the day its sentence says the
    join took place (`said`, or None); the earliest announcement wins."""
    db.execute(
        "UPDATE memberships SET joined_on = ?, joined_source_url = ?, joined_on_said = ?"
        " WHERE agency_id = ? AND (joined_on IS NULL OR joined_on > ?)",
        [joined_on, source_url, said, agency_id, joined_on],
    )
