"""Extraction and the archive, end to end: crawl the replica, score the tables against truth."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.crawl_helpers import Crawled

TRUTH = Path(__file__).parent / "fixtures" / "site" / "truth"
# The columns that make a news record what it is, for comparing two archives.
NEWS_FIELDS = "wp_id, title, published, modified, event_date, categories, body_text"


def truth(state: str) -> dict[str, Any]:
    return json.loads((TRUTH / f"{state}.json").read_text(encoding="utf-8"))


def query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture
def archive(base_crawl: Crawled) -> Crawled:
    """The base replica crawled once, REST on (the session's shared crawl)."""
    return base_crawl


@pytest.fixture
def archive_no_rest(norest_crawl: Crawled) -> Crawled:
    return norest_crawl


@pytest.fixture
def history(later_recrawl: Crawled) -> Crawled:
    """The base replica crawled, then its later state."""
    return later_recrawl


def test_the_crawl_is_healthy(archive: Crawled):
    assert archive.results[0].status == "done", archive.results[0].message
    assert query(archive.db, "SELECT COUNT(*) FROM extraction_problems") == [(0,)]


def test_every_news_post_is_found(archive: Crawled):
    expected = {post["wp_id"] for post in truth("base")["news"]}
    found = {wp_id for (wp_id,) in query(archive.db, "SELECT wp_id FROM news")}
    assert expected - found == set()
    assert found - expected <= {None}  # portal items have no WordPress id


def test_portal_news_is_found_with_its_date(archive: Crawled):
    rows = dict(
        query(archive.db, "SELECT id, substr(published, 1, 10) FROM news WHERE wp_id IS NULL")
    )
    expected = {f"portal:{item['date']}": item["date"] for item in truth("base")["portal_news"]}
    assert rows == expected


def test_published_dates_match_the_site(archive: Crawled):
    stated = {post["wp_id"]: post["published_date"] for post in truth("base")["news"]}
    found = dict(
        query(
            archive.db, "SELECT wp_id, substr(published, 1, 10) FROM news WHERE wp_id IS NOT NULL"
        )
    )
    misses = {
        wp_id: (found.get(wp_id), day) for wp_id, day in stated.items() if found.get(wp_id) != day
    }
    assert len(misses) <= 0.02 * len(stated), f"wrong or missing published: {misses}"


def test_published_keeps_the_site_offset_and_its_source(archive: Crawled):
    rows = query(archive.db, "SELECT published, sources FROM news WHERE wp_id = 1109")
    assert rows[0][0] == "2020-09-18T08:55:27+01:00"
    assert json.loads(rows[0][1])["published"] in ("rest", "meta")


def test_datelines_are_event_dates_not_published(archive: Crawled):
    rows = query(archive.db, "SELECT event_date, published FROM news WHERE wp_id = 296")
    assert rows and rows[0][0] and "March" in rows[0][0]
    assert not rows[0][1].startswith("2009-03-10")


@pytest.mark.parametrize("which", range(30))
def test_every_publication_has_its_posted_on(archive: Crawled, which: int):
    publication = truth("base")["publications"][which]
    rows = query(
        archive.db,
        "SELECT title, posted_on FROM publications WHERE document_url = ?",
        (archive.url + publication["document"],),
    )
    assert rows and rows[0][1] == publication["posted_on"], (publication, rows)


def test_publication_posts_are_publications_not_news(archive: Crawled):
    for post in truth("base")["publication_posts"]:
        assert query(archive.db, "SELECT 1 FROM news WHERE wp_id = ?", (post["wp_id"],)) == []
        assert query(archive.db, "SELECT 1 FROM publications WHERE wp_id = ?", (post["wp_id"],))


def test_exactly_the_27_members(archive: Crawled):
    members = query(
        archive.db,
        "SELECT a.name FROM agencies a JOIN memberships m"
        " ON m.agency_id = a.id WHERE m.left_on IS NULL",
    )
    assert len(members) == 27
    assert query(archive.db, "SELECT COUNT(*) FROM member_observations") == [(27,)]


@pytest.mark.parametrize("acronym", ["UAE Space Agency", "NZSA", "GISTDA", "POLSA"])
def test_joined_on_comes_from_the_announcing_post(archive: Crawled, acronym: str):
    member = next(
        m for m in truth("base")["members"] if m["acronym"] == acronym or m["name"] == acronym
    )
    rows = query(
        archive.db,
        "SELECT m.joined_on, m.joined_source_url FROM memberships m"
        " JOIN agencies a ON a.id = m.agency_id WHERE a.acronym = ?",
        (member["acronym"],),
    )
    assert rows == [(member["joined_on"], f"{archive.url}/?p={member['announced_by']}")]


def test_documents_have_their_text_and_pages(archive: Crawled):
    for document in truth("base")["documents"]:
        rows = query(
            archive.db,
            "SELECT pages, text, error FROM documents WHERE url = ?",
            (archive.url + document["path"],),
        )
        assert rows and rows[0][0] == document["pages"] and rows[0][2] is None, document["path"]
        assert " ".join(document["text"].split()) in " ".join(rows[0][1].split())


def test_full_text_search_finds_posts(archive: Crawled):
    hits = query(
        archive.db,
        "SELECT n.wp_id FROM news_fts f JOIN news n ON n.rowid = f.rowid"
        " WHERE news_fts MATCH 'Cologne'",
    )
    assert (1885,) in hits


def test_rest_on_and_off_give_the_same_records(archive: Crawled, archive_no_rest: Crawled):
    assert archive_no_rest.results[0].status == "done", archive_no_rest.results[0].message

    def records(crawled: Crawled) -> dict[str, Any]:
        news = query(crawled.db, f"SELECT {NEWS_FIELDS} FROM news ORDER BY id")
        pubs = query(
            crawled.db, "SELECT title, posted_on, kind, year FROM publications ORDER BY id"
        )
        members = query(crawled.db, "SELECT id, name, acronym, country FROM agencies ORDER BY id")
        return {"news": news, "publications": pubs, "members": members}

    on, off = records(archive), records(archive_no_rest)
    for kind in on:
        assert on[kind] == off[kind], kind


def test_later_state_new_post(history: Crawled):
    added = max(post["wp_id"] for post in truth("later")["news"])
    rows = query(history.db, "SELECT first_seen, removed_at FROM news WHERE wp_id = ?", (added,))
    first_crawl_end = query(history.db, "SELECT finished_at FROM crawls WHERE id = 1")[0][0]
    assert rows and rows[0][0] > first_crawl_end and rows[0][1] is None


def test_later_state_edit_keeps_the_earlier_version(history: Crawled):
    base = {p["wp_id"]: p for p in truth("base")["news"]}
    later = {p["wp_id"]: p for p in truth("later")["news"]}
    edited = next(i for i in base if i in later and base[i]["title"] != later[i]["title"])
    versions = query(
        history.db,
        "SELECT version, changed, json_extract(record, '$.title')"
        " FROM news_versions WHERE record_id = ? ORDER BY version",
        (f"wp:{edited}",),
    )
    assert [v[0] for v in versions] == [1, 2]
    assert "title" in json.loads(versions[1][1])
    assert versions[0][2] == base[edited]["title"]


def test_later_state_removal(history: Crawled):
    base = {p["wp_id"] for p in truth("base")["news"]}
    later = {p["wp_id"] for p in truth("later")["news"]}
    (removed,) = base - later
    rows = query(history.db, "SELECT removed_at FROM news WHERE wp_id = ?", (removed,))
    assert rows and rows[0][0] is not None
    assert query(history.db, "SELECT COUNT(*) FROM news WHERE removed_at IS NOT NULL") == [(1,)]


def test_later_state_agency_joined(history: Crawled):
    base = {m["acronym"] for m in truth("base")["members"]}
    (new,) = [m for m in truth("later")["members"] if m["acronym"] not in base]
    rows = query(
        history.db,
        "SELECT m.joined_on, m.joined_source_url, m.first_seen"
        " FROM memberships m JOIN agencies a ON a.id = m.agency_id"
        " WHERE a.acronym = ?",
        (new["acronym"],),
    )
    assert rows and rows[0][0] == new["joined_on"]
    assert rows[0][1] == f"{history.url}/?p={new['announced_by']}"
    members = query(history.db, "SELECT COUNT(*) FROM memberships WHERE left_on IS NULL")
    assert members == [(28,)]


def test_later_state_rename_is_a_new_version_of_the_same_agency(history: Crawled):
    base = {m["acronym"]: m["name"] for m in truth("base")["members"]}
    later = {m["acronym"]: m["name"] for m in truth("later")["members"]}
    (acronym,) = [a for a in base if a in later and base[a] != later[a]]
    rows = query(
        history.db,
        "SELECT v.version, json_extract(v.record, '$.name')"
        " FROM agencies_versions v JOIN agencies a ON a.id = v.record_id"
        " WHERE a.acronym = ? ORDER BY v.version",
        (acronym,),
    )
    assert [name for _, name in rows] == [base[acronym], later[acronym]]


def test_founders_joined_on_the_founding_announcement(archive: Crawled):
    rows = query(
        archive.db,
        "SELECT COUNT(*), MIN(joined_source_url), MAX(joined_source_url)"
        " FROM memberships WHERE joined_on = '2007-11-08'",
    )
    assert rows == [(14, f"{archive.url}/news/2007-11-08", f"{archive.url}/news/2007-11-08")]
    missing = query(archive.db, "SELECT COUNT(*) FROM memberships WHERE joined_on IS NULL")
    assert missing == [(0,)]
