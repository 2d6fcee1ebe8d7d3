"""`status` and `changes` against a two-crawl archive: the replica, then its later state."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from archive.changes import changes, format_changes, parse_since
from archive.crawl_state import COUNTERS
from archive.db import open_db
from archive.status import format_status, status
from tests.crawl_helpers import Crawled

TRUTH = Path(__file__).parent / "fixtures" / "site" / "truth"


def truth(state: str) -> dict[str, Any]:
    return json.loads((TRUTH / f"{state}.json").read_text(encoding="utf-8"))


@pytest.fixture
def crawled(later_recrawl: Crawled) -> Path:
    """The session's two-crawl archive (the replica, then its later state), read only."""
    return later_recrawl.data


@pytest.fixture
def db(crawled: Path) -> Iterator[sqlite_utils.Database]:
    database = sqlite_utils.Database(crawled / "isecg.db")
    yield database
    database.close()


@pytest.fixture
def copy(crawled: Path, tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    """A copy of the database, free to change."""
    shutil.copy(crawled / "isecg.db", tmp_path / "isecg.db")
    database = sqlite_utils.Database(tmp_path / "isecg.db")
    yield database
    database.close()


def finished(db: sqlite_utils.Database, crawl_id: int) -> str:
    return db.execute("SELECT finished_at FROM crawls WHERE id = ?", [crawl_id]).fetchone()[0]


def after(moment: str, hours: float) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00")) + timedelta(hours=hours)


@pytest.fixture
def second(db: sqlite_utils.Database) -> dict[str, Any]:
    """What changed in the second crawl: everything seen since the first one finished."""
    return changes(db, finished(db, 1))


def ids(items: list[dict[str, Any]], key: str = "id") -> list[Any]:
    return [item[key] for item in items]


# -- changes ----------------------------------------------------------------------------------
def test_changes_lists_the_new_post(second: dict[str, Any]):
    base = {p["wp_id"] for p in truth("base")["news"]}
    (added,) = {p["wp_id"] for p in truth("later")["news"]} - base
    assert ids(second["news"]["new"]) == [f"wp:{added}"]


def test_changes_lists_the_edited_post_with_its_title_before_and_after(second: dict[str, Any]):
    base = {p["wp_id"]: p for p in truth("base")["news"]}
    later = {p["wp_id"]: p for p in truth("later")["news"]}
    (edited,) = [i for i in base if i in later and base[i]["title"] != later[i]["title"]]
    (entry,) = second["news"]["edited"]
    assert entry["id"] == f"wp:{edited}" and entry["versions"] == [2]
    assert entry["before"]["title"] == base[edited]["title"]
    assert entry["after"]["title"] == later[edited]["title"] == entry["title"]
    assert {"title", "body_text"} <= set(entry["changed"])
    assert "body_text" not in entry["after"]  # long columns are named, not printed


def test_changes_lists_the_removed_post(second: dict[str, Any]):
    (removed,) = {p["wp_id"] for p in truth("base")["news"]} - {
        p["wp_id"] for p in truth("later")["news"]
    }
    assert ids(second["news"]["removed"]) == [f"wp:{removed}"]


def test_changes_lists_the_new_publication_and_no_edit(second: dict[str, Any]):
    base = {p["title"] for p in truth("base")["publications"]}
    (added,) = [p["title"] for p in truth("later")["publications"] if p["title"] not in base]
    assert ids(second["publications"]["new"], "title") == [added]
    assert second["publications"]["edited"] == second["publications"]["removed"] == []


def test_a_publication_pushed_to_the_next_listing_page_is_relisted_not_edited(
    second: dict[str, Any],
):
    relisted = second["publications"]["relisted"]
    assert relisted, "the new publication pushes older ones down the paginated list"
    for entry in relisted:
        assert "url" in entry["changed"]
        assert all(entry["before"].get(c) in (None, "") for c in entry["changed"] if c != "url")


def test_changes_lists_the_new_member(second: dict[str, Any]):
    base = {m["acronym"] for m in truth("base")["members"]}
    (added,) = [m for m in truth("later")["members"] if m["acronym"] not in base]
    assert [(m["acronym"], m["name"]) for m in second["members"]["new"]] == [
        (added["acronym"], added["name"])
    ]
    assert second["members"]["removed"] == []


def test_changes_lists_the_renamed_member_with_both_names(second: dict[str, Any]):
    base = {m["acronym"]: m["name"] for m in truth("base")["members"]}
    later = {m["acronym"]: m["name"] for m in truth("later")["members"]}
    (acronym,) = [a for a in base if a in later and base[a] != later[a]]
    (entry,) = second["members"]["edited"]
    assert entry["acronym"] == acronym
    assert (entry["before"]["name"], entry["after"]["name"]) == (base[acronym], later[acronym])


@pytest.mark.parametrize("since", ["2000-01-01", "0999-01-01", "0001-01-01"])
def test_changes_since_before_the_first_crawl_lists_everything_as_new(
    db: sqlite_utils.Database, since: str
):
    """A year before 1000 too: written as 999-01-01 it sorted after every stored time."""
    found = changes(db, since)
    assert format_changes(found).startswith(f"changes since {since}T00:00:00.000Z\n")
    assert len(found["members"]["new"]) == 28
    assert len(found["news"]["new"]) == db.execute("SELECT COUNT(*) FROM news").fetchone()[0]


def test_changes_after_the_last_crawl_lists_nothing(db: sqlite_utils.Database):
    found = changes(db, "2999-01-01")
    assert all(
        not items for kind in ("news", "publications", "members") for items in found[kind].values()
    )
    last = db.execute("SELECT MAX(fetched_at) FROM captures").fetchone()[0]
    # a window after the last capture: said, not a bare "nothing changed" (helper-189)
    assert format_changes(found).endswith(f"nothing changed (the last capture is from {last})")


def test_changes_until_bounds_the_window_to_the_first_crawl(db: sqlite_utils.Database):
    first = changes(db, "2000-01-01", until=finished(db, 1))
    assert first["news"]["edited"] == first["news"]["removed"] == []
    assert len(first["members"]["new"]) == 27


def test_format_changes_names_each_change(second: dict[str, Any]):
    text = format_changes(second)
    assert "news new: " in text and "news removed: " in text and "members new: " in text
    assert "members edited: " in text and "name: 'UK Space Agency' -> " in text


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2026-01-20", "2026-01-20T00:00:00.000Z"),
        ("2026-01-20T10:00:00+01:00", "2026-01-20T09:00:00.000Z"),
        ("2026-01-20T10:00:00", "2026-01-20T10:00:00.000Z"),
        ("2026-01-20T10:00:00.123Z", "2026-01-20T10:00:00.123Z"),
        ("7d", "2026-01-13T12:00:00.000Z"),
        ("36h", "2026-01-19T00:00:00.000Z"),
        # Four digits for a year before 1000, as stored times have: they compare as strings.
        ("0999-01-01", "0999-01-01T00:00:00.000Z"),
        ("0001-01-01", "0001-01-01T00:00:00.000Z"),
        ("0001-01-01T00:00:00-05:00", "0001-01-01T05:00:00.000Z"),
        ("700000d", "0109-07-09T12:00:00.000Z"),
    ],
)
def test_since_accepts_dates_times_and_spans(given: str, stored: str):
    assert parse_since(given, now=datetime(2026, 1, 20, 12, tzinfo=UTC)) == stored


def test_since_refuses_what_is_not_a_date():
    with pytest.raises(ValueError, match="not a date: 'last week'"):
        parse_since("last week")


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ("100000000h", "'100000000h' goes back before year 1"),
        ("999999d", "'999999d' goes back before year 1"),
        ("9999999999999999999d", "'9999999999999999999d' goes back before year 1"),
        ("0001-01-01T00:30:00+01:00", r"'0001-01-01T00:30:00\+01:00' is before year 1 in UTC"),
        ("9999-12-31T23:00:00-05:00", "'9999-12-31T23:00:00-05:00' is after year 9999 in UTC"),
    ],
)
def test_since_refuses_a_time_outside_years_1_to_9999(given: str, error: str):
    """A ValueError, which --since turns into a usage error; an OverflowError was a traceback."""
    with pytest.raises(ValueError, match=error):
        parse_since(given, now=datetime(2026, 1, 20, 12, tzinfo=UTC))


# -- status -----------------------------------------------------------------------------------
def test_status_is_ok_after_a_recent_good_crawl(db: sqlite_utils.Database):
    report = status(db, 36, now=after(finished(db, 2), 1))
    assert report["ok"] and report["reasons"] == []
    assert report["last_crawl"]["id"] == 2 and report["running"] is None
    assert report["counts"]["members"] == 28 and report["counts"]["news_removed"] == 1
    json.dumps(report)  # what --json prints


def test_status_reports_each_crawl_with_what_it_changed(db: sqlite_utils.Database):
    second, first = status(db, 36, now=after(finished(db, 2), 1))["crawls"]
    assert (second["id"], first["id"]) == (2, 1)
    assert first["changes"]["members"] == {"new": 27}
    assert second["changes"]["news"] == {"new": 1, "edited": 1, "removed": 1}
    assert second["changes"]["members"] == {"new": 1, "edited": 1}
    assert second["records"]["members"] == 28 and second["flags"] == []
    assert second["unchanged"] > 0 and second["duration_seconds"] is not None


def test_status_reports_every_counter_of_the_crawls_row(db: sqlite_utils.Database):
    """crawl_state.COUNTERS is the one list: retries was missing from status before."""
    (second, _) = status(db, 36, now=after(finished(db, 2), 1))["crawls"]
    row = db.table("crawls").get(2)
    assert {name: second[name] for name in COUNTERS} == {name: row[name] for name in COUNTERS}
    assert "retries" in COUNTERS and "resumes" in COUNTERS


def test_status_is_not_ok_when_the_last_crawl_is_too_old(db: sqlite_utils.Database):
    report = status(db, 36, now=after(finished(db, 2), 48))
    assert not report["ok"]
    assert report["reasons"] == ["last crawl 2 finished 48.0 hours ago (more than 36)"]


def test_status_is_not_ok_when_the_last_crawl_was_unhealthy(copy: sqlite_utils.Database):
    with copy.conn:
        copy.execute(
            "UPDATE crawls SET status = 'unhealthy', message = '40 of 130 URLs failed to fetch'"
            " WHERE id = 2"
        )
        copy.execute("UPDATE build_stats SET flags = ? WHERE crawl_id = 2", ['["news fell"]'])
    report = status(copy, 36, now=after(finished(copy, 2), 1))
    assert not report["ok"]
    assert report["reasons"] == [
        "last crawl 2 unhealthy: 40 of 130 URLs failed to fetch; news fell"
    ]
    assert format_status(report).startswith("NOT OK: last crawl 2 unhealthy")


def test_a_crawl_line_says_how_many_pages_were_not_read(copy: sqlite_utils.Database):
    """helper-50: a post page turned empty, or a page of too many links, was said only in
    extraction_problems; the crawl's line and `isecg status` were silent."""
    with copy.conn:
        copy.execute(
            "INSERT OR REPLACE INTO build_counts (crawl_id, kind, count) VALUES (2, 'problems', 3)"
        )
    text = format_status(status(copy, 36, now=after(finished(copy, 2), 1)))
    line = next(line for line in text.splitlines() if line.startswith("crawl 2 "))
    assert "3 pages or documents not read: see extraction_problems for crawl 2" in line


def test_a_reason_the_message_already_gives_is_said_once(tmp_path: Path):
    """A crawl whose records were held back has its health flags in its message too
    (scraper/outcome.py: "records held back: " and the flags): each was said twice."""
    flags = ["91 pages were error pages served as 200", "members fell from 27 to 0"]
    database = open_db(tmp_path / "isecg.db")
    try:
        with database.conn:
            database.execute(
                "INSERT INTO crawls (id, started_at, finished_at, status, site, message)"
                " VALUES (1, '2026-01-20T10:00:00.000Z', '2026-01-20T10:05:00.000Z',"
                " 'unhealthy', 'http://127.0.0.1:1/', ?)",
                ["records held back: " + "; ".join(flags)],
            )
            database.execute(
                "INSERT INTO builds (crawl_id, flags, notes) VALUES (1, ?, ?)",
                [json.dumps(flags), json.dumps(["removals skipped"])],
            )
        report = status(database, 36, now=datetime(2026, 1, 20, 11, tzinfo=UTC))
    finally:
        database.close()
    said = "records held back: 91 pages were error pages served as 200; members fell from 27 to 0"
    assert report["reasons"] == [f"last crawl 1 unhealthy: {said}"]
    assert format_status(report).splitlines()[0] == f"NOT OK: last crawl 1 unhealthy: {said}"
    assert format_status(report).splitlines()[-1].endswith(f" ({said}; removals skipped)")


def test_a_running_crawl_is_reported_and_the_last_finished_one_judged(
    copy: sqlite_utils.Database,
):
    with copy.conn:
        copy.execute(
            "INSERT INTO crawls (id, started_at, status, site) VALUES (3, ?, 'running', 'x')",
            [finished(copy, 2)],
        )
    report = status(copy, 36, now=after(finished(copy, 2), 1))
    assert report["ok"] and report["running"] == 3 and report["last_crawl"]["id"] == 2
    assert "crawl 3 is running" in format_status(report)


def test_status_of_an_empty_archive_is_not_ok(tmp_path: Path):
    database = open_db(tmp_path / "isecg.db")
    try:
        report = status(database, 36)
    finally:
        database.close()
    assert not report["ok"] and report["reasons"] == ["no crawl has run yet"]


def test_format_status_shows_the_verdict_counts_and_crawls(db: sqlite_utils.Database):
    text = format_status(status(db, 36, now=after(finished(db, 2), 1)))
    lines = text.splitlines()
    assert lines[0] == "ok"
    news = db.execute("SELECT COUNT(*) FROM news WHERE removed_at IS NULL").fetchone()[0]
    assert lines[1].startswith(f"records: {news} news (1 removed)")
    assert lines[2].startswith("crawl 2 done ") and "news 1 new, 1 edited, 1 removed" in lines[2]


def test_status_reads_a_database_another_process_is_writing(crawled: Path):
    with sqlite3.connect(crawled / "isecg.db") as writer:
        writer.execute("BEGIN IMMEDIATE")  # a crawl holding the write lock
        database = sqlite_utils.Database(crawled / "isecg.db")
        try:
            assert status(database, 36)["last_crawl"]["id"] == 2
        finally:
            database.close()
            writer.rollback()
