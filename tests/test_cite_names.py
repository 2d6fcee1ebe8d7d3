"""What a citation names a record by, on a small archive written here: an agency's acronym
once (the README walkthrough found "NASA (NASA)"), `members:` as `isecg export members` calls
the agencies, and a post's key when it is asked for by its number alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from archive import cite
from archive.db import open_db

AT = "2026-12-07T06:00:00Z"


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    db = open_db(tmp_path / "isecg.db")
    db.table("crawls").insert(
        {"id": 1, "site": "http://127.0.0.1:8080/", "started_at": AT, "status": "done"}
    )
    db.table("captures").insert(
        {
            "id": 7,
            "crawl_id": 1,
            "url": "http://127.0.0.1:8080/",
            "kind": "page",
            "fetched_at": AT,
            "outcome": "ok",
            "status": 200,
            "warc_file": "isecg-1.warc.gz",
            "warc_offset": 0,
        }
    )
    for key, name, acronym in [
        ("nasa.gov", "NASA", "NASA"),
        ("asi.it", "Italian Space Agency (ASI)", "ASI"),
        ("esa.int", "European Space Agency", "ESA"),
        ("example.space", "A Space Office", None),
        ("roscosmos.ru", "ROSCOSMOS", "Roscosmos"),
    ]:
        db.table("agencies").insert(
            {
                "id": key,
                "name": name,
                "acronym": acronym,
                "capture_id": 7,
                "enriched": 0,
                "extractor_version": "45",
                "content_hash": key,
                "first_seen": AT,
                "last_seen": AT,
            }
        )
    return db


@pytest.mark.parametrize(
    ("key", "title"),
    [
        ("nasa.gov", "NASA"),
        ("asi.it", "Italian Space Agency (ASI)"),
        ("esa.int", "European Space Agency (ESA)"),
        ("example.space", "A Space Office"),
        ("roscosmos.ru", "ROSCOSMOS"),  # helper-207: "ROSCOSMOS (Roscosmos)"
    ],
)
def test_an_agency_is_named_with_its_acronym_once(
    db: sqlite_utils.Database, key: str, title: str
) -> None:
    assert cite.find(db, f"agencies:{key}").title == title


def test_members_are_the_agencies(db: sqlite_utils.Database) -> None:
    assert cite.find(db, "members:nasa.gov") == cite.find(db, "agencies:nasa.gov")


def test_a_post_asked_by_its_number_is_told_its_key(db: sqlite_utils.Database) -> None:
    with pytest.raises(cite.CiteError, match=r"news:wp:1950"):
        cite.find(db, "news:1950")


def test_a_capture_of_a_posts_page_is_named_by_the_post(db: sqlite_utils.Database) -> None:
    assert cite.find(db, "capture:7").title == "http://127.0.0.1:8080/"  # no post there
    db.table("news").insert(
        {
            "id": "wp:1",
            "url": "http://127.0.0.1:8080/",
            "title": "A post at that address",
            "extractor_version": "45",
            "content_hash": "x",
            "first_seen": AT,
            "last_seen": AT,
        }
    )
    assert cite.find(db, "capture:7").title == "A post at that address"


@pytest.mark.parametrize("record", ["bogus", "tables:x"])
def test_a_wrong_name_is_told_every_name_it_may_cite(
    db: sqlite_utils.Database, record: str
) -> None:
    """`members:` was left out of the list (helper-201)."""
    with pytest.raises(cite.CiteError) as raised:
        cite.find(db, record)
    assert "news, publications, documents, agencies, members, capture" in str(raised.value)


def capture(db: sqlite_utils.Database, capture_id: int, at: str, status: int | None) -> None:
    """A capture of post 5's page, by a crawl of its own (one capture a URL a crawl)."""
    db.table("crawls").insert(
        {"id": capture_id, "site": "http://127.0.0.1:8080/", "started_at": at, "status": "done"}
    )
    db.table("captures").insert(
        {
            "id": capture_id,
            "crawl_id": capture_id,
            "url": "http://127.0.0.1:8080/?p=5",
            "kind": "page",
            "fetched_at": at,
            "outcome": "ok" if status else "skipped",
            "status": status,
            "warc_file": "isecg-1.warc.gz" if status else None,
            "warc_offset": capture_id * 100 if status else None,
        }
    )


def test_a_capture_is_cited_by_what_it_holds(db: sqlite_utils.Database) -> None:
    """helper-207: `capture:N` of a post's first version gave the title a later edit made,
    undated, and a removed post's 404 the post's title; a capture robots.txt refused was
    "Captured" with a dead link to its copy."""
    capture(db, 20, "2025-01-01T06:00:00Z", 200)  # version 1 read from it
    capture(db, 21, "2025-02-01T06:00:00Z", 304)  # an unchanged night: still version 1
    capture(db, 22, "2025-03-01T06:00:00Z", 200)  # version 2, edited
    capture(db, 23, "2025-04-01T06:00:00Z", 404)  # removed
    capture(db, 24, "2025-04-01T06:00:01Z", None)  # refused by robots.txt: nothing fetched
    db.table("news").insert(
        {
            "id": "wp:5",
            "url": "http://127.0.0.1:8080/?p=5",
            "title": "Meeting in Luxembourg: Space Resources",
            "published": "2025-01-01",
            "extractor_version": "49",
            "content_hash": "b",
            "first_seen": AT,
            "last_seen": AT,
        }
    )
    for version, capture_id, title, day in [
        (1, 20, "Meeting in Luxembourg", "2024-12-30"),
        (2, 22, "Meeting in Luxembourg: Space Resources", "2025-01-01"),
    ]:
        record = {"title": title, "published": day}
        db.table("news_versions").insert(
            {
                "record_id": "wp:5",
                "version": version,
                "content_hash": title,
                "crawl_id": 1,
                "capture_id": capture_id,
                "seen_at": f"2025-0{2 * version - 1}-01T06:00:00Z",
                "changed": "[]",
                "record": json.dumps(record),
            }
        )
    cited = {n: cite.find(db, f"capture:{n}") for n in (20, 21, 22, 23)}
    assert [(c.title, c.issued) for c in cited.values()] == [
        ("Meeting in Luxembourg", "2024-12-30"),
        ("Meeting in Luxembourg", "2024-12-30"),
        ("Meeting in Luxembourg: Space Resources", "2025-01-01"),
        ("http://127.0.0.1:8080/?p=5", None),
    ]
    assert "(capture 23, HTTP 404, no content)" in cite.render(cited[23], "text")
    assert "HTTP 404" in cite.render(cited[23], "bibtex")
    assert "HTTP" not in cite.render(cited[21], "text")  # a 304 holds the page
    with pytest.raises(cite.CiteError, match=r"nothing archived in capture 24"):
        cite.find(db, "capture:24")


def test_a_key_or_url_is_read_in_any_form_and_keyed_alike(db: sqlite_utils.Database) -> None:
    """helper-207: `documents:<url>` needed the stored form exactly (the bare URL found it),
    `HTTP://` was read as a table's name, and BibTeX and CSL-JSON keyed one record two ways
    (`isecg-news-wp-1950`, `isecg-news-wp:1950`)."""
    pdf = "http://127.0.0.1:8080/wp-content/uploads/2013/06/GER_2011.pdf"
    db.table("documents").insert(
        {"url": pdf, "title": "GER 2011", "capture_id": 7, "first_seen": AT, "last_seen": AT}
    )
    by_key = cite.find(db, f"documents:{pdf}")
    assert cite.find(db, f"documents:{pdf.replace('/wp-content', '/wordpress/wp-content')}") == (
        by_key
    )
    assert cite.find(db, "HTTP://127.0.0.1:8080/").record == "capture:7"
    bibtex = cite.render(by_key, "bibtex")
    (item,) = json.loads(cite.render(by_key, "csl-json"))
    assert bibtex.startswith("@misc{" + item["id"] + ",")
    assert (
        item["id"] == "isecg-documents-http-127-0-0-1-8080-wp-content-uploads-2013-06-GER-2011-pdf"
    )
