"""The full-text indexes' upkeep: a record is re-indexed only when its searched text changes,
and a build that wrote text leaves each index it wrote to in one segment (archive/kinds.py,
archive/builds.py, migration 016)."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from archive import builds, kinds
from archive.builds import Build, Record
from archive.crawl_state import CrawlStore
from archive.db import migrate, open_db
from archive.store import Seen, upsert_versioned
from tests.test_kinds import numbered_migrations_only

SITE = "https://site.example/"


def news(n: int, title: str = "", body: str = "") -> dict[str, object]:
    empty = dict.fromkeys(kinds.NEWS.content_names)
    return {
        **empty,
        "url": f"{SITE}?p={n}",
        "title": title or f"Lunar post {n}",
        "body_text": body or f"Gateway orbit text {n}",
    }


def index_blocks(db: sqlite_utils.Database, table: str = "news") -> list[tuple[int, bytes]]:
    return db.execute(f"SELECT id, block FROM {table}_fts_data ORDER BY id").fetchall()


def segments(db: sqlite_utils.Database, table: str = "news") -> int:
    count: int = db.execute(f"SELECT count(DISTINCT segid) FROM {table}_fts_idx").fetchone()[0]
    return count


def search(db: sqlite_utils.Database, term: str) -> list[str]:
    return [row["id"] for row in db.table("news").search(term, columns=["id"])]


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_db(tmp_path / "isecg.db")


def seen(db: sqlite_utils.Database, at: str) -> Seen:
    return Seen(CrawlStore(db).start(SITE, False, {}), None, at)


def test_a_record_seen_again_unchanged_leaves_the_index_as_it_was(db: sqlite_utils.Database):
    for n in range(5):
        upsert_versioned(db, "news", f"wp:{n}", news(n), seen(db, "2025-01-01T00:00:00Z"), "v")
    before = index_blocks(db)
    later = seen(db, "2025-02-01T00:00:00Z")
    assert {upsert_versioned(db, "news", f"wp:{n}", news(n), later, "v") for n in range(5)} == {
        "same"
    }
    assert index_blocks(db) == before
    # Changed, but not in the text searched: the index is left alone too.
    other = {**news(1), "author": "ESA"}
    assert upsert_versioned(db, "news", "wp:1", other, later, "v") == "changed"
    assert index_blocks(db) == before


def test_a_changed_text_is_indexed_anew(db: sqlite_utils.Database):
    first = seen(db, "2025-01-01T00:00:00Z")
    upsert_versioned(db, "news", "wp:1", news(1, "Lunar workshop"), first, "v")
    upsert_versioned(db, "news", "wp:2", news(2, "Mars symposium"), first, "v")
    later = seen(db, "2025-02-01T00:00:00Z")
    retitled = news(1, "Lunar meeting")
    assert upsert_versioned(db, "news", "wp:1", retitled, later, "v") == "changed"
    assert (search(db, "meeting"), search(db, "workshop"), search(db, "symposium")) == (
        ["wp:1"],
        [],
        ["wp:2"],
    )
    rewritten = news(2, "Mars symposium", "Rover landing site")
    upsert_versioned(db, "news", "wp:2", rewritten, later, "v")
    assert (search(db, "rover"), search(db, "gateway")) == (["wp:2"], ["wp:1"])
    integrity_check(db)


def integrity_check(db: sqlite_utils.Database) -> None:
    """FTS5 raises SQLITE_CORRUPT_VTAB where the index and the rows it indexes disagree."""
    for table in ("news", "publications", "documents"):
        db.execute(f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('integrity-check', 1)")


def build(records: list[Record], crawl_id: int) -> Build:
    return Build(
        crawl_id=crawl_id,
        site=SITE,
        extractor_version="v",
        records={"news": records},
        members_seen=None,
        documents=[],
        joined=[],
        gone_news=[],
        removable=False,
        disagreements=[],
        problems=[],
        learned={},
        counts={"news": len(records)},
        flags=[],
        notes=[],
    )


def test_a_build_that_wrote_text_leaves_its_index_in_one_segment(db: sqlite_utils.Database):
    for batch in range(4):  # four crawls' writes: a segment each at least
        at = seen(db, f"2025-0{batch + 1}-01T00:00:00Z")
        with db.atomic():
            for n in range(batch * 10, batch * 10 + 10):
                upsert_versioned(db, "news", f"wp:{n}", news(n), at, "v")
    written = segments(db)
    assert written >= 4
    at = seen(db, "2025-06-01T00:00:00Z")
    unchanged = [Record(f"wp:{n}", news(n), at) for n in range(40)]
    assert builds.save(db, build(unchanged, at.crawl_id)) == {"news same": 40}
    assert segments(db) == written  # nothing written, nothing merged: a quiet night is cheap
    at = seen(db, "2025-07-01T00:00:00Z")
    one_more = [*unchanged, Record("wp:40", news(40, "Artemis base"), at)]
    assert builds.save(db, build(one_more, at.crawl_id)) == {"news same": 40, "news new": 1}
    assert segments(db) == 1
    assert search(db, "artemis") == ["wp:40"] and len(search(db, "gateway")) == 41


def test_the_migration_mends_an_archive_indexed_on_every_update(tmp_path: Path):
    db = numbered_migrations_only(tmp_path / "isecg.db", upto="016_search_on_text_change")
    crawl_id = CrawlStore(db).start(SITE, False, {})
    for n in range(3):
        at = Seen(crawl_id, None, f"2025-0{n + 1}-01T00:00:00Z")
        with db.atomic():
            upsert_versioned(db, "news", f"wp:{n}", news(n), at, "v")
    before = index_blocks(db)
    upsert_versioned(db, "news", "wp:0", news(0), Seen(crawl_id, None, "2025-05-01Z"), "v")
    assert index_blocks(db) != before  # as sqlite-utils' trigger did: every update re-indexed
    assert segments(db) > 1
    assert "016_search_on_text_change" in migrate(db)
    assert segments(db) == 1
    after = index_blocks(db)
    upsert_versioned(db, "news", "wp:1", news(1), Seen(crawl_id, None, "2025-06-01Z"), "v")
    assert index_blocks(db) == after
    assert search(db, "lunar") == ["wp:0", "wp:1", "wp:2"]
    integrity_check(db)


def test_a_full_disk_leaves_the_index_unmerged_and_the_build_as_saved(
    db: sqlite_utils.Database, caplog: pytest.LogCaptureFixture
):
    for batch in range(3):  # texts of many words each: a merge needs pages of its own
        at = seen(db, f"2025-0{batch + 1}-01T00:00:00Z")
        with db.atomic():
            for n in range(batch * 10, batch * 10 + 10):
                words = " ".join(f"w{n}x{k}" for k in range(400))
                upsert_versioned(db, "news", f"wp:{n}", news(n, body=f"Gateway {words}"), at, "v")
    written, blocks = segments(db), index_blocks(db)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # the disk full: no page more
    with caplog.at_level(logging.WARNING, logger="isecg.build"):
        builds.optimize_search(db, ["news"])
    assert "the news search index was left unmerged: database or disk is full" in caplog.text
    assert (segments(db), index_blocks(db)) == (written, blocks)
    assert len(search(db, "gateway")) == 30

    # Inside a reparse's transaction the failure is the reparse's: it ends, nothing half done.
    with pytest.raises(sqlite3.OperationalError, match="full"), db.atomic():
        builds.optimize_search(db, ["news"])
