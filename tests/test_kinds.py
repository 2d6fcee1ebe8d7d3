"""Record kinds declared as data (archive/kinds.py), and build counts as rows (issue 14).

A toy kind, "events", declared in a few lines, gets its table, its versions, full-text search,
its build counts and its metadata, with no other code; and the declarations of the real
kinds are exactly the tables the numbered migrations made.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils

from archive import builds, kinds
from archive.crawl_state import CrawlStore
from archive.db import MIGRATIONS, migrate, open_db
from archive.kinds import Column, Kind
from archive.status import status
from archive.store import Seen, upsert_versioned

EVENTS = Kind(
    "events",
    "events",
    "id",
    content=(
        Column("title", description="The event's name."),
        Column("starts_on", description="The day it starts (YYYY-MM-DD)."),
    ),
    fts=("title",),
    description="Workshops and conferences the site announces.",
)
ALL = (*kinds.KINDS, EVENTS)


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_db(tmp_path / "isecg.db")


def crawl(db: sqlite_utils.Database) -> int:
    return CrawlStore(db).start("https://site.example/", False, {})


def test_a_declared_kind_gets_its_table_versions_and_fts(db: sqlite_utils.Database):
    assert kinds.ensure(db, ALL) == ["events", "events_versions", "events_fts"]
    assert list(db.table("events").columns_dict) == [
        "id",
        "title",
        "starts_on",
        "capture_id",
        "extractor_version",
        "content_hash",
        "first_seen",
        "last_seen",
        "removed_at",
    ]


def test_applying_the_declarations_again_adds_nothing(db: sqlite_utils.Database):
    kinds.ensure(db, ALL)
    assert kinds.ensure(db, ALL) == []


def test_a_column_declared_later_is_added(db: sqlite_utils.Database):
    kinds.ensure(db, ALL)
    later = replace(EVENTS, content=(*EVENTS.content, Column("place")))
    assert kinds.ensure(db, (later,)) == ["events.place"]


def test_a_declared_kind_keeps_versions(db: sqlite_utils.Database):
    kinds.ensure(db, ALL)
    crawl_id = crawl(db)
    first = Seen(crawl_id, None, "2025-01-01T00:00:00.000Z")
    later = Seen(crawl_id, None, "2025-02-01T00:00:00.000Z")
    content = {"title": "Lunar workshop", "starts_on": "2025-05-01"}
    assert upsert_versioned(db, EVENTS, "e1", content, first, "v") == "new"
    assert upsert_versioned(db, EVENTS, "e1", content, later, "v") == "same"
    moved = {**content, "starts_on": "2025-06-01"}
    assert upsert_versioned(db, EVENTS, "e1", moved, later, "v") == "changed"
    versions = db.execute(
        "SELECT version, changed, json_extract(record, '$.starts_on') FROM events_versions"
    ).fetchall()
    assert versions == [
        (1, json.dumps(["starts_on", "title"]), "2025-05-01"),
        (2, json.dumps(["starts_on"]), "2025-06-01"),
    ]


def test_a_declared_kind_is_searchable(db: sqlite_utils.Database):
    kinds.ensure(db, ALL)
    seen = Seen(crawl(db), None, "2025-01-01T00:00:00.000Z")
    upsert_versioned(db, EVENTS, "e1", {"title": "Lunar workshop", "starts_on": None}, seen, "v")
    upsert_versioned(db, EVENTS, "e2", {"title": "Mars symposium", "starts_on": None}, seen, "v")
    upsert_versioned(db, EVENTS, "e1", {"title": "Lunar meeting", "starts_on": None}, seen, "v")

    def search(term: str) -> list[str]:
        return [row["id"] for row in db.table("events").search(term, columns=["id"])]

    assert (search("symposium"), search("meeting"), search("workshop")) == (["e2"], ["e1"], [])


def test_a_declared_kind_is_counted_in_build_stats(db: sqlite_utils.Database):
    kinds.ensure(db, ALL)
    crawl_id = crawl(db)
    db.execute("UPDATE crawls SET status = 'done', finished_at = started_at")
    builds.save_counts(db, crawl_id, {"news": 4, "events": 2, "problems": 0}, [], ["a note"])
    assert db.execute("SELECT kind, count FROM build_counts").fetchall() == [
        ("news", 4),
        ("events", 2),
        ("problems", 0),
    ]
    report = status(db, 24, now=datetime(2030, 1, 1, tzinfo=UTC))
    assert report["crawls"][0]["records"] == {"news": 4, "events": 2, "problems": 0}
    # The old columns, for status, the canned queries and anyone's SQL.
    assert db.execute("SELECT news, members, notes FROM build_stats").fetchall() == [
        (4, None, '["a note"]')
    ]


def test_a_declared_kind_is_described(db: sqlite_utils.Database):
    """Every column of its tables has a description for Datasette, with nothing in
    metadata.yml."""
    kinds.ensure(db, ALL)
    described = kinds.metadata((EVENTS,))
    assert described["events"]["description"] == EVENTS.description
    assert described["events"]["columns"]["starts_on"] == "The day it starts (YYYY-MM-DD)."
    for table in ("events", "events_versions"):
        assert set(described[table]["columns"]) == set(db.table(table).columns_dict), table


def numbered_migrations_only(path: Path, upto: str | None = None) -> sqlite_utils.Database:
    """An archive as the numbered migrations (up to `upto`, excluded) leave it, unshaped."""
    db = sqlite_utils.Database(path)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, step in MIGRATIONS:
        if name == upto:
            break
        step(db)
        db.execute("INSERT INTO _migrations VALUES (?, 'then')", [name])
    return db


def test_the_declarations_are_the_tables_the_migrations_made(tmp_path: Path):
    db = numbered_migrations_only(tmp_path / "isecg.db")
    assert kinds.ensure(db) == []


def test_the_migration_turns_build_stats_columns_into_rows(tmp_path: Path):
    db = numbered_migrations_only(tmp_path / "isecg.db", upto="008_build_counts")
    db.execute("INSERT INTO crawls (id, started_at, status, site) VALUES (3, 't', 'done', 's')")
    db.execute(
        "INSERT INTO build_stats VALUES (3, 64, 30, 27, 32, 1, '[\"a flag\"]', '[\"a note\"]')"
    )
    migrate(db)
    assert builds.counts(db, 3) == {
        "news": 64,
        "publications": 30,
        "members": 27,
        "documents": 32,
        "problems": 1,
    }
    assert db.execute("SELECT * FROM build_stats").fetchall() == [
        (3, 64, 30, 27, 32, 1, '["a flag"]', '["a note"]')
    ]
    db.execute("UPDATE build_stats SET flags = NULL WHERE crawl_id = 3")
    assert db.execute("SELECT flags, notes FROM builds").fetchall() == [(None, '["a note"]')]


def test_a_record_back_after_its_removal_keeps_the_gap(db: sqlite_utils.Database):
    """A removed record seen again is back, and the time it was gone stays in `absences`;
    a capture from before the removal (a Wayback backfill's) brings nothing back."""
    kinds.ensure(db, ALL)
    crawl_id = crawl(db)
    content = {"title": "Lunar workshop", "starts_on": "2025-05-01"}
    upsert_versioned(db, EVENTS, "e1", content, Seen(crawl_id, None, "2025-01-01T00:00:00Z"), "v")
    db.execute("UPDATE events SET removed_at = '2025-03-01T00:00:00Z'")  # found gone
    older = Seen(crawl_id, None, "2024-06-01T00:00:00Z")
    assert upsert_versioned(db, EVENTS, "e1", content, older, "v") == "same"
    assert db.execute("SELECT removed_at FROM events").fetchall() == [("2025-03-01T00:00:00Z",)]
    assert db.execute("SELECT * FROM absences").fetchall() == []
    back = Seen(crawl_id, 7, "2025-04-01T00:00:00Z")
    assert upsert_versioned(db, EVENTS, "e1", content, back, "v") == "returned"
    assert db.execute("SELECT removed_at FROM events").fetchall() == [(None,)]
    assert db.execute("SELECT * FROM absences").fetchall() == [
        ("events", "e1", "2025-03-01T00:00:00Z", "2025-04-01T00:00:00Z", crawl_id, 7)
    ]
