"""A member agency that leaves and comes back (helper-46's review): "Members on a date" listed
it on the days it was gone, and a capture from before it left (a Wayback backfill's, built
after the crawl that saw it leave) made it a member again."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from archive.db import open_db
from archive.store import Seen, current_members, mark_left, observe_member, upsert_versioned
from tests.serve_helpers import client_for

AGENCY = {
    "name": "Agency A",
    "acronym": "AA",
    "country": "X",
    "website": None,
    "logo": None,
    "enriched": 0,
}


def archive(data: Path) -> sqlite_utils.Database:
    (data / "warc").mkdir(parents=True)
    db = open_db(data / "isecg.db")
    for crawl_id, at in enumerate(("2026-01-01", "2026-02-01", "2026-03-01", "2026-01-15"), 1):
        db.execute(
            "INSERT INTO crawls (id, started_at, finished_at, status, site, full, settings,"
            " source) VALUES (?, ?, ?, 'done', 'https://x.org/', 1, '{}', 'crawl')",
            [crawl_id, f"{at}T00:00:00.000Z", f"{at}T01:00:00.000Z"],
        )
    return db


def seen(db: sqlite_utils.Database, crawl_id: int, at: str) -> None:
    when = Seen(crawl_id, None, f"{at}T00:30:00.000Z")
    upsert_versioned(db, "agencies", "a.org", AGENCY, when, "7")
    observe_member(db, "a.org", "Agency A", when)


def test_an_older_capture_does_not_bring_a_member_back(tmp_path: Path) -> None:
    db = archive(tmp_path)
    seen(db, 1, "2026-01-01")
    mark_left(db, set(), "2026-02-01T00:30:00.000Z")
    seen(db, 4, "2026-01-15")  # from before it left
    assert current_members(db) == set()
    assert db.execute("SELECT left_on, last_seen FROM memberships").fetchall() == [
        ("2026-02-01T00:30:00.000Z", "2026-01-15T00:30:00.000Z")
    ]


def test_a_member_is_no_member_on_the_days_it_was_gone(tmp_path: Path) -> None:
    db = archive(tmp_path)
    seen(db, 1, "2026-01-01")
    mark_left(db, set(), "2026-02-01T00:30:00.000Z")
    seen(db, 3, "2026-03-01")  # back
    db.conn.commit()
    db.close()
    with client_for(tmp_path) as client:
        members = {
            day: [r["agency_id"] for r in client.rows("/isecg/members_on_date.json", date=day)]
            for day in ("2026-01-20", "2026-02-15", "2026-03-02")
        }
    assert members == {"2026-01-20": ["a.org"], "2026-02-15": [], "2026-03-02": ["a.org"]}


def test_changes_names_a_new_member_as_it_was_named_then(tmp_path: Path) -> None:
    """helper-49: `isecg changes` listed a member new in 2014 under its 2019 name."""
    from archive.changes import changes

    db = archive(tmp_path)
    seen(db, 1, "2026-01-01")
    renamed = {**AGENCY, "name": "Agency A Renamed", "acronym": "AAR"}
    upsert_versioned(
        db, "agencies", "a.org", renamed, Seen(3, None, "2026-03-01T00:30:00.000Z"), "7"
    )
    new = changes(db, "2025-12-01", until="2026-02-01")["members"]["new"]
    assert [(m["name"], m["acronym"]) for m in new] == [("Agency A", "AA")]
    assert db.execute("SELECT name FROM agencies").fetchall() == [("Agency A Renamed",)]
