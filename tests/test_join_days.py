"""The day a post says an agency joined ("PhilSA joined ISECG on 20 January 2025") is kept
beside the post's own day, in a real archive: `memberships.joined_on` stays the announcing
post's day (the earliest post wins), `joined_on_said` the day its sentence gives, and both
reach `isecg export members`."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils
from datasette.utils import tilde_encode

from archive import memberships
from archive.db import open_db
from archive.export import export
from archive.store import Seen
from scraper.build import joined
from scraper.extract.types import Member, News
from tests.serve_helpers import client_for

SITE = "https://www.globalspaceexploration.org"
PHILSA = Member("philsa.gov.ph", "Philippine Space Agency", "PhilSA", "Philippines", None, None)


def _post(wp_id: int, day: str, body: str) -> tuple[News, Seen]:
    news = News(f"{SITE}/?p={wp_id}", wp_id, "PhilSA", "rest", day, "rest", body_text=body)
    return news, Seen(1, None, day + "T10:00:00.000Z")


def _archive(tmp_path: Path) -> sqlite_utils.Database:
    db = open_db(tmp_path / "data" / "isecg.db")
    db.execute(
        "INSERT INTO crawls (id, started_at, status, site, settings)"
        " VALUES (1, '2025-03-01T00:00:00.000Z', 'done', ?, '{}')",
        [SITE + "/"],
    )
    db.execute(
        "INSERT INTO agencies (id, name, acronym, extractor_version, content_hash, first_seen,"
        " last_seen) VALUES (?, ?, 'PhilSA', '51', 'x', ?, ?)",
        [PHILSA.key, PHILSA.name, "2025-03-01T00:00:00Z", "2025-03-01T00:00:00Z"],
    )
    memberships.observe_member(db, PHILSA.key, PHILSA.name, Seen(1, None, "2025-03-01T00:00:00Z"))
    return db


def _save(db: sqlite_utils.Database, posts: dict[str, tuple[News, Seen]]) -> None:
    for key, day, url, said in joined(db, posts, [PHILSA]):
        memberships.set_joined(db, key, day, url, said)


def test_the_day_said_is_kept_beside_the_posts_day(tmp_path: Path) -> None:
    db = _archive(tmp_path)
    said = "PhilSA joined ISECG on 20 January 2025, becoming its 28th member."
    _save(db, {"wp:7": _post(7, "2025-02-03", said)})
    row = db.execute("SELECT joined_on, joined_on_said, joined_source_url FROM memberships")
    assert row.fetchall() == [("2025-02-03", "2025-01-20", f"{SITE}/?p=7")]
    # A later post saying another day changes nothing: the earliest announcement stays.
    _save(db, {"wp:9": _post(9, "2025-06-01", "PhilSA joined ISECG on 2 June 2025.")})
    row = db.execute("SELECT joined_on, joined_on_said FROM memberships")
    assert row.fetchall() == [("2025-02-03", "2025-01-20")]
    db.conn.commit()
    out = tmp_path / "members.json"
    export(tmp_path / "data" / "isecg.db", "members", "json", out)
    assert [(m["joined_on"], m["joined_on_said"]) for m in json.loads(out.read_text())] == [
        ("2025-02-03", "2025-01-20")
    ]


def test_a_post_saying_no_day_leaves_it_empty_and_an_earlier_one_takes_over(
    tmp_path: Path,
) -> None:
    db = _archive(tmp_path)
    _save(db, {"wp:7": _post(7, "2025-02-03", "ISECG welcomes PhilSA as a new member.")})
    assert db.execute("SELECT joined_on, joined_on_said FROM memberships").fetchall() == [
        ("2025-02-03", None)
    ]
    _save(db, {"wp:5": _post(5, "2025-01-22", "PhilSA joined ISECG on 20 January 2025.")})
    assert db.execute("SELECT joined_on, joined_on_said FROM memberships").fetchall() == [
        ("2025-01-22", "2025-01-20")
    ]


def test_the_agency_page_and_the_timeline_show_the_day_said(tmp_path: Path) -> None:
    db = _archive(tmp_path)
    _save(db, {"wp:7": _post(7, "2025-02-03", "PhilSA joined ISECG on 20 January 2025.")})
    db.conn.commit()
    db.close()
    with client_for(tmp_path / "data") as client:
        page = client.get(f"/isecg/agencies/{tilde_encode(PHILSA.key)}").text
        assert "the post says it joined on" in page and 'datetime="2025-01-20"' in page
        rows = client.rows("/isecg/membership_timeline.json")
        assert [(r["joined_on"], r["joined_on_said"]) for r in rows] == [
            ("2025-02-03", "2025-01-20")
        ]
