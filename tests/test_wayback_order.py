"""The backfill's history in capture-time order, whatever order the captures came in; one
copy per capture (two forms of a page at one second are two copies when their bytes differ);
what `isecg status` says is left. Against the fake Wayback of tests/test_wayback_faults.py."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from archive import slices
from archive.db import open_db
from archive.status import format_status, status
from scraper import wayback_list
from scraper.settings import Settings
from scraper.wayback import import_wayback
from tests.crawl_helpers import Clock, rows
from tests.test_wayback_faults import FakeWayback, error_page, fake, page, run

__all__ = ["fake"]  # the fixture, used by name

DAY = "20140610"
SITE = "https://www.globalspaceexploration.org/"
HOST = "http://www.globalspaceexploration.org"


def post(title: str) -> bytes:
    """A classic theme's post page, as the builder reads one."""
    return (
        f"<html><head><title>{title}</title></head><body class='single postid-296'>"
        f"<article id='post-296' class='post hentry'><h1 class='entry-title'>{title}</h1>"
        "<time class='entry-date' datetime='2014-06-01T10:00:00+00:00'>June 1, 2014</time>"
        f"<div class='entry-content'><p>The text of {title}, long enough to read.</p></div>"
        "</article></body></html>"
    ).encode()


def test_a_capture_fetched_late_is_read_in_its_time(fake: FakeWayback, tmp_path: Path) -> None:
    """A capture failed once and fetched by --retry-failed after a later one of its page (and
    one of another page earlier that day) was read after it: its post's versions went
    back in time, and first_seen was the later capture's."""
    fake.capture("/wordpress/?p=312", f"{DAY}080000", page("Post 312"))
    early = fake.capture("/wordpress/?p=296", f"{DAY}090000", post("Post 296 first"))
    fake.capture("/wordpress/?p=296", f"{DAY}110000", post("Post 296 second"))
    good = fake.replays[f"{DAY}090000id_/{early}"]
    fake.replays[f"{DAY}090000id_/{early}"] = error_page(502)
    data = tmp_path / "data"
    first = run(fake, data)
    assert (first.fetched, first.failed) == (2, 1), first.message
    fake.replays[f"{DAY}090000id_/{early}"] = good
    again = run(fake, data, retry_failed=True)
    assert (again.status, again.fetched) == ("done", 1), again.message
    db = data / "isecg.db"
    versions = rows(
        db,
        "SELECT seen_at, json_extract(record, '$.title') FROM news_versions"
        " WHERE record_id = 'wp:296' ORDER BY version",
    )
    assert [title for _, title in versions] == ["Post 296 first", "Post 296 second"], versions
    assert versions == sorted(versions)
    assert rows(db, "SELECT first_seen FROM news WHERE id = 'wp:296'") == [
        ("2014-06-10T09:00:00.000Z",)
    ]
    # each slice a stretch of the day: none starts before the one read ahead of it ends
    spans = rows(
        db,
        "SELECT started_at, finished_at FROM crawls WHERE source = 'wayback'"
        " ORDER BY started_at, id",
    )
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), spans


def test_an_archive_sliced_as_it_was_fetched_is_cut_again_in_time_order(tmp_path: Path) -> None:
    """Slices an earlier version filled in the order the copies came: cut again, each copy
    in the stretch of its time, counters following their copies."""
    db = open_db(tmp_path / "isecg.db")
    settings = json.dumps({"day": "2014-06-10", "wayback": "w"})
    for at in ("08", "09"):  # the first slice: A at 11:00 and B at 08:00; the second: A at 09:00
        db.execute(
            "INSERT INTO crawls (started_at, finished_at, status, site, settings, source)"
            " VALUES (?, ?, 'done', ?, ?, 'wayback')",
            [f"2014-06-10T{at}:00:00.000Z", "2014-06-10T11:00:00.000Z", SITE, settings],
        )
    for crawl_id, path, hour in ((1, "?p=296", "11"), (1, "?p=312", "08"), (2, "?p=296", "09")):
        db.execute(
            "INSERT INTO captures (crawl_id, url, kind, fetched_at, outcome, status, attempts,"
            " size, source) VALUES (?, ?, 'page', ?, 'ok', 200, 2, 100, 'wayback')",
            [crawl_id, HOST + "/wordpress/" + path, f"2014-06-10T{hour}:00:00.000Z"],
        )
    assert slices.reslice_all(db, SITE)
    held = db.execute(
        "SELECT c.crawl_id, substr(c.fetched_at, 12, 2), s.started_at, s.finished_at,"
        " s.requests, s.pages_fetched FROM captures c JOIN crawls s ON s.id = c.crawl_id"
        " ORDER BY c.fetched_at"
    ).fetchall()
    assert held == [
        (1, "08", "2014-06-10T08:00:00.000Z", "2014-06-10T09:00:00.000Z", 4, 2),
        (1, "09", "2014-06-10T08:00:00.000Z", "2014-06-10T09:00:00.000Z", 4, 2),
        (2, "11", "2014-06-10T11:00:00.000Z", "2014-06-10T11:00:00.000Z", 2, 1),
    ]
    assert not slices.reslice_all(db, SITE)  # in order now: nothing moves
    assert db.execute("SELECT COUNT(*) FROM crawls").fetchone() == (2,)  # none left behind
    db.close()


def test_two_forms_of_a_page_at_one_second_with_other_bytes_are_two_copies(
    fake: FakeWayback, tmp_path: Path
) -> None:
    """The Wayback holds http://www. and https:// of a post at the same second, other bytes:
    the second was taken for the first's copy (time and page alike) and never kept."""
    at = f"{DAY}093000"
    fake.capture("/wordpress/?p=296", at, post("Post 296 http"))
    other = "https://globalspaceexploration.org/wordpress/?p=296"
    fake.capture("", at, post("Post 296 https"), url=other)
    data = tmp_path / "data"
    result = run(fake, data)
    assert (result.status, result.fetched, result.failed) == ("done", 2, 0), result.message
    db = data / "isecg.db"
    kept = rows(db, "SELECT url FROM captures WHERE source = 'wayback' ORDER BY url")
    assert kept == [(HOST + "/wordpress/?p=296",), (other,)]
    assert len({c for (c,) in rows(db, "SELECT crawl_id FROM captures")}) == 2  # two slices
    done = rows(db, "SELECT COUNT(DISTINCT capture_id) FROM wayback_captures WHERE state = 'done'")
    assert done == [(2,)]


def test_status_leaves_out_of_what_is_left_the_captures_after_our_first_crawl(
    fake: FakeWayback, tmp_path: Path
) -> None:
    """Listed by an import before our first crawl: captures after that crawl's start, which
    import-wayback no longer asks for (its --to stops there), were "left" for good."""
    for n, hour in enumerate(("08", "10", "12")):
        fake.capture(f"/wordpress/?p={300 + n}", f"{DAY}{hour}0000", page(f"Post {n}"))
    data = tmp_path / "data"
    first = run(fake, data, max_captures=1)  # no crawl yet: listed up to now, one fetched
    assert (first.listed, first.fetched, first.left) == (3, 1, 2)
    db = open_db(data / "isecg.db")
    db.execute(
        "INSERT INTO crawls (started_at, finished_at, status, site, source)"
        " VALUES ('2014-06-10T11:00:00.000Z', '2014-06-10T11:30:00.000Z', 'done', ?, 'crawl')",
        [SITE],
    )
    db.conn.commit()
    try:
        counts = status(db, 1e9)["backfill"]
        said = format_status(status(db, 1e9))
    finally:
        db.close()
    assert counts["left"] == 1  # the one before our crawl
    assert (counts["listed"], counts["fetched"], counts["later"]) == (3, 1, 1)
    assert "3 captures listed, 1 fetched, 0 not available, 1 left" in said
    assert "1 after our first crawl" in said
    again = run(fake, data)  # what it said was left: the one before our crawl
    assert (again.fetched, again.left) == (1, 0)


def test_the_cdx_list_is_read_answer_after_answer(fake: FakeWayback, tmp_path: Path) -> None:
    """The Internet Archive answers 150,000 rows at most, then a resume key: one unpaged query
    listed the first answer's captures only. Each further answer asked for from the key, one
    request at a time at the import's delay, like every other."""
    fake.page_rows = 2
    for n in range(5):
        fake.capture(f"/wordpress/?p={300 + n}", f"{DAY}09000{n}", page(f"Post {n}"))
    data = tmp_path / "data"
    clock = Clock()
    result = import_wayback(
        Settings(site=SITE, data_dir=data, wayback_url=fake.url, wayback_delay=2.5, progress=False),
        clock=clock,
        sleep=clock.sleep,
    )
    assert (result.status, result.listed, result.fetched) == ("done", 5, 5), result.message
    listings = [path for path in fake.log if "/cdx" in path]
    keys = [parse_qs(urlsplit(path).query).get("resumeKey") for path in listings]
    assert keys == [None, ["row 2"], ["row 4"]]
    assert all("showResumeKey=true" in path for path in listings)
    assert clock.sleeps.count(2.5) == 3 + 5 - 1  # every request but the first waited the delay


def test_a_cdx_list_without_end_fails_after_its_last_answer_and_keeps_what_it_read(
    fake: FakeWayback, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.page_rows = 1
    for n in range(4):
        fake.capture(f"/wordpress/?p={300 + n}", f"{DAY}09000{n}", page(f"Post {n}"))
    monkeypatch.setattr(wayback_list, "MAX_PAGES", 3)
    data = tmp_path / "data"
    result = run(fake, data)
    assert result.status == "failed" and result.message is not None
    assert "goes on after 3 answers" in result.message
    assert (result.listed, result.fetched) == (3, 3)  # those listed taken up all the same
    assert len([path for path in fake.log if "/cdx" in path]) == 3
