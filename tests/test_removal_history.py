"""A post removed from the site and put back keeps both in its history (helper-44's
walkthrough): its removed_at was cleared when it came back, and nothing said it had been gone.
`isecg changes` listed neither, and "news as of" a day in between listed it as on the site
while its page answered 404. Its removal time is its own 404's, not the crawl's last answer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from archive.changes import changes, format_changes
from tests.crawl_helpers import run_crawl
from tests.serve_helpers import client_for

pytestmark = pytest.mark.slow  # three whole crawls of the replica

GONE = "news:wp:1912"  # the replica's later state removes it


@pytest.fixture(scope="module")
def back(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The replica crawled in its base state, its later state, then its base state again."""
    from tests.fixtures.site.server import ReplicaConfig, ReplicaServer

    data = tmp_path_factory.mktemp("back") / "data"
    with ReplicaServer(ReplicaConfig()) as server:
        for state in ("base", "later", "base"):
            server.set_state(state)
            assert run_crawl(server, data).status == "done"
    return data


def query(data: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(data / "isecg.db") as conn:
        return conn.execute(sql, args).fetchall()


def test_the_gap_is_kept_with_the_404s_own_time(back: Path) -> None:
    ((answered_404,),) = query(
        back,
        "SELECT fetched_at FROM captures WHERE crawl_id = 2 AND status = 404"
        " AND url LIKE '%?p=1912'",
    )
    ((third_start,),) = query(back, "SELECT started_at FROM crawls WHERE id = 3")
    assert query(back, "SELECT removed_at FROM news WHERE id = 'wp:1912'") == [(None,)]
    ((removed_at, returned_at),) = query(
        back, "SELECT removed_at, returned_at FROM absences WHERE record_id = 'wp:1912'"
    )
    assert removed_at == answered_404
    assert returned_at > third_start


def test_changes_lists_the_removal_and_the_return(back: Path) -> None:
    ((second_start,),) = query(back, "SELECT started_at FROM crawls WHERE id = 2")
    db = sqlite_utils.Database(back / "isecg.db")
    try:
        found = changes(db, second_start)
    finally:
        db.close()
    # wp:2031, new in the later state, is gone again in the base state: removed for good
    assert [e["id"] for e in found["news"]["removed"]] == ["wp:1912", "wp:2031"]
    assert [e["id"] for e in found["news"]["returned"]] == ["wp:1912"]
    assert "news returned:" in format_changes(found)
    with client_for(back) as client:
        rows = client.rows("/isecg/changes_since.json", since=second_start)
    assert {(r["record"], r["change"]) for r in rows if r["record"] == GONE} == {
        (GONE, "removed"),
        (GONE, "returned"),
    }


def test_news_as_of_a_day_it_was_gone_leaves_it_out(back: Path) -> None:
    ((removed_at, returned_at),) = query(
        back, "SELECT removed_at, returned_at FROM absences WHERE record_id = 'wp:1912'"
    )
    with client_for(back) as client:
        gone = client.rows("/isecg/news_as_of.json", date=removed_at)
        again = client.rows("/isecg/news_as_of.json", date=returned_at)
    assert GONE not in {r["record"] for r in gone}
    assert GONE in {r["record"] for r in again}


def test_reparse_keeps_the_gap(back: Path) -> None:
    """The gap is derived from the captures, as every other history row: a reparse gives it
    again."""
    from archive.db import open_db
    from scraper.build import reparse

    before = query(back, "SELECT * FROM absences")
    db = open_db(back / "isecg.db")
    try:
        reparse(db, back / "warc", workers=1)
    finally:
        db.close()
    assert query(back, "SELECT * FROM absences") == before


def test_removed_at_is_the_time_its_page_answered_404(back: Path) -> None:
    """wp:2031, new in the later state, answers 404 in the third crawl: its removed_at is that
    answer's time, not the crawl's last capture (a logo fetched after it)."""
    ((answered_404,),) = query(
        back,
        "SELECT fetched_at FROM captures WHERE crawl_id = 3 AND status = 404"
        " AND url LIKE '%?p=2031'",
    )
    ((last,),) = query(back, "SELECT max(fetched_at) FROM captures WHERE crawl_id = 3")
    assert answered_404 < last
    assert query(back, "SELECT removed_at FROM news WHERE id = 'wp:2031'") == [(answered_404,)]


def test_a_publication_is_removed_when_its_listing_was_read_without_it(back: Path) -> None:
    """helper-46: its removed_at was the crawl's last capture, not the listing page's answer."""
    ((key, listing, removed_at),) = query(
        back, "SELECT id, url, removed_at FROM publications WHERE removed_at IS NOT NULL"
    )
    ((read_again,),) = query(
        back,
        "SELECT MIN(fetched_at) FROM captures WHERE crawl_id = 3 AND url = ?"
        " AND status IN (200, 304)",
        listing,
    )
    ((last,),) = query(back, "SELECT max(fetched_at) FROM captures WHERE crawl_id = 3")
    assert removed_at == read_again < last, key


def test_the_record_page_says_when_it_was_gone(back: Path) -> None:
    """A record gone and back said nothing of it on its page (its removed_at is cleared)."""
    from datasette.utils import tilde_encode

    gaps = query(back, "SELECT record_table, record_id, removed_at, returned_at FROM absences")
    assert {table for table, *_ in gaps} == {"news"}  # wp:1912; the macro is the same for all
    with client_for(back) as client:
        for table, record_id, removed_at, returned_at in gaps:
            page = client.get(f"/isecg/{table}/{tilde_encode(record_id)}").text
            line = f'Gone from the site from <time datetime="{removed_at}">'
            assert line in page, (table, record_id)
            assert f'until <time datetime="{returned_at}">' in page, (table, record_id)


def test_every_record_page_lists_its_gaps(back: Path, tmp_path: Path) -> None:
    """The same for a publication and a member agency (none of the replica's comes back)."""
    import shutil

    from datasette.utils import tilde_encode

    data = tmp_path / "data"
    shutil.copytree(back, data)
    ((publication,),) = query(data, "SELECT id FROM publications LIMIT 1")
    ((agency,),) = query(data, "SELECT id FROM agencies LIMIT 1")
    with sqlite3.connect(data / "isecg.db") as conn:
        for table, key in (("publications", publication), ("agencies", agency)):
            conn.execute(
                "INSERT INTO absences (record_table, record_id, removed_at, returned_at,"
                " crawl_id, capture_id) VALUES (?, ?, '2026-01-02T00:00:00Z',"
                " '2026-02-03T00:00:00Z', 3, NULL)",
                [table, key],
            )
    with client_for(data) as client:
        for table, key, said in (
            ("publications", publication, "Not listed"),
            ("agencies", agency, "Not on the members page"),
        ):
            page = client.get(f"/isecg/{table}/{tilde_encode(key)}").text
            assert f'{said} from <time datetime="2026-01-02T00:00:00Z">' in page, table
