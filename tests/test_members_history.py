"""A member agency that leaves and comes back (helper-46's review): "Members on a date" listed
it on the days it was gone, and a capture from before it left (a Wayback backfill's, built
after the crawl that saw it leave) made it a member again."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from archive.db import open_db
from archive.memberships import current_members, mark_left, observe_member
from archive.store import Seen, upsert_versioned
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import rows, run_crawl
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


def slice_and_crawls(data: Path) -> sqlite_utils.Database:
    """Two Wayback slices (2014: agencies A and B; 2019: A only), then our crawl 1 (A)."""
    db = archive(data)
    for crawl_id, at in ((5, "2014-06-10"), (6, "2019-11-05")):
        db.execute(
            "INSERT INTO crawls (id, started_at, finished_at, status, site, full, settings,"
            " source) VALUES (?, ?, ?, 'done', 'https://x.org/', 0, '{}', 'wayback')",
            [crawl_id, f"{at}T00:00:00.000Z", f"{at}T01:00:00.000Z"],
        )
    for agency_id, crawls in (
        ("a.org", ((5, "2014-06-10"), (6, "2019-11-05"))),
        ("b.org", ((5, "2014-06-10"),)),
    ):
        for crawl_id, at in crawls:
            when = Seen(crawl_id, None, f"{at}T00:30:00.000Z")
            upsert_versioned(db, "agencies", agency_id, {**AGENCY, "name": agency_id}, when, "7")
            observe_member(db, agency_id, agency_id, when)
    return db


def test_a_member_the_wayback_alone_saw_left_when_a_block_first_lacked_it(tmp_path: Path) -> None:
    """helper-195: an agency seen only in a 2014 capture, absent from the 2019 one, left on
    our first crawl's day (years later); and held up to the 2014 block, our crawls read
    "members missing" every night, held back for good."""
    from archive.memberships import members_last_crawled

    db = slice_and_crawls(tmp_path)
    assert members_last_crawled(db, 1) == set()  # no crawl of ours read a block: no measure
    when = Seen(1, None, "2026-01-01T00:30:00.000Z")
    observe_member(db, "a.org", "a.org", when)
    assert mark_left(db, {"a.org"}, when.at) == ["b.org"]
    left = db.execute("SELECT left_on FROM memberships WHERE agency_id = 'b.org'").fetchall()
    assert left == [("2019-11-05T00:30:00.000Z",)]  # the first block without it
    assert db.execute("SELECT removed_at FROM agencies WHERE id = 'b.org'").fetchall() == left
    assert members_last_crawled(db, 2) == {"a.org"}  # crawl 2 is held to crawl 1's block
    assert members_last_crawled(db, 1) == set()  # its own block is not its measure


@pytest.mark.slow
def test_members_only_the_wayback_saw_do_not_hold_our_crawl_back(
    replica_factory: ReplicaFactory, tmp_path: Path
) -> None:
    """helper-195: three agencies of a 2014 capture, gone before our first crawl, made every
    crawl after the backfill "3 of the 30 members missing": held back, for good."""
    server = replica_factory(small=True)
    db = open_db(tmp_path / "isecg.db")
    db.execute(
        "INSERT INTO crawls (id, started_at, finished_at, status, site, full, settings, source)"
        " VALUES (1, '2014-06-10T00:00:00.000Z', '2014-06-10T01:00:00.000Z', 'done', ?, 0,"
        " '{}', 'wayback')",
        [server.url + "/"],
    )
    when = Seen(1, None, "2014-06-10T00:30:00.000Z")
    for agency_id in ("x.org", "y.org", "z.org"):
        upsert_versioned(db, "agencies", agency_id, {**AGENCY, "name": agency_id}, when, "7")
        observe_member(db, agency_id, agency_id, when)
    db.conn.commit()
    db.close()
    result = run_crawl(server, tmp_path)
    assert result.status == "done", result.message
    found = rows(
        tmp_path / "isecg.db",
        "SELECT agency_id, left_on FROM memberships WHERE left_on IS NOT NULL",
    )
    crawled = rows(tmp_path / "isecg.db", "SELECT MAX(seen_at) FROM member_observations")[0][0]
    assert found == [(agency_id, crawled) for agency_id in ("x.org", "y.org", "z.org")]
