"""What a citation names a record by, on a small archive written here: an agency's acronym
once (the README walkthrough found "NASA (NASA)"), `members:` as `isecg export members` calls
the agencies, and a post's key when it is asked for by its number alone."""

from __future__ import annotations

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
        }
    )
    for key, name, acronym in [
        ("nasa.gov", "NASA", "NASA"),
        ("asi.it", "Italian Space Agency (ASI)", "ASI"),
        ("esa.int", "European Space Agency", "ESA"),
        ("example.space", "A Space Office", None),
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
