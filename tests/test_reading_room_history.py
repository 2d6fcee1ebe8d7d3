"""What the reading room says changed, and when (helper-44's walkthrough).

A version that only fills in what was empty is no edit: `isecg changes` calls it relisted,
but the reading room's "What changed since" called it edited and its Atom feed listed it as
"Changed:" (helper-44's walkthrough: after a Wayback import, 38 of the feed's 39 "Changed:"
entries were such versions or publications moving between listing pages). And "Members on a
date" named agencies by today's names."""

from __future__ import annotations

import shutil
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path

import sqlite_utils

from archive import kinds, store
from archive.changes import changes
from tests.crawl_helpers import SIDE_FILES
from tests.serve_helpers import client_for

LATER = "2099-01-01T00:00:00Z"  # after every capture of the session's archive
ATOM = "{http://www.w3.org/2005/Atom}"


def add_version(
    data: Path, changed: Mapping[str, object], record_id: str | None = None, at: str = LATER
) -> tuple[str, str]:
    """A new version of a post, written by the archive's own store at `at`: `changed` set on
    its current row (by default, the first post with no modification day). Returns (record
    id, title)."""
    db = sqlite_utils.Database(data / "isecg.db")
    try:
        where = "id = ?" if record_id else "modified IS NULL"
        row = next(
            db.query(
                f"SELECT * FROM news WHERE {where} ORDER BY id LIMIT 1",
                [record_id] * bool(record_id),
            )
        )
        kind = kinds.by_table("news")
        content = {name: row[name] for name in kind.content_names}  # as stored
        seen = store.Seen(1, row["capture_id"], at)
        store.upsert_versioned(db, kind, row["id"], {**content, **changed}, seen, "x")
        db.conn.commit()
    finally:
        db.close()
    return row["id"], str({**content, **changed}["title"])


def labels(data: Path) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """(the CLI's label per news id, the web query's, the feed's entry titles) after LATER."""
    db = sqlite_utils.Database(data / "isecg.db")
    try:
        cli = changes(db, "2098-12-31T00:00:00Z")["news"]
    finally:
        db.close()
    by_cli = {entry["id"]: what for what, entries in cli.items() for entry in entries}
    with client_for(data) as client:
        rows = client.rows("/isecg/changes_since.json", since="2098-12-31")
        feed = ET.fromstring(client.get("/isecg/feed.atom").content)
    by_web = {r["record"].split(":", 1)[1]: r["change"] for r in rows if r["kind"] == "news"}
    titles = [e.findtext(f"{ATOM}title") or "" for e in feed.findall(f"{ATOM}entry")]
    return by_cli, by_web, titles


def test_a_filled_in_date_is_relisted_on_the_web_as_in_the_cli(data: Path, tmp_path: Path):
    shutil.copytree(data, tmp_path, dirs_exist_ok=True, ignore=SIDE_FILES)
    record_id, title = add_version(tmp_path, {"modified": "2021-02-03T10:00:00+01:00"})
    by_cli, by_web, titles = labels(tmp_path)
    assert by_cli == {record_id: "relisted"}
    assert by_web == by_cli
    assert f"Changed: {title}" not in titles


def test_a_changed_title_is_edited_everywhere(data: Path, tmp_path: Path):
    """Guard (passes before and after)."""
    shutil.copytree(data, tmp_path, dirs_exist_ok=True, ignore=SIDE_FILES)
    record_id, title = add_version(tmp_path, {"title": "A title the site gave it later"})
    by_cli, by_web, titles = labels(tmp_path)
    assert by_cli == by_web == {record_id: "edited"}
    assert titles[0] == f"Changed: {title}"


def test_members_on_a_date_are_named_as_the_page_named_them_then(data: Path, tmp_path: Path):
    """helper-44: "Members on a date" gave 2015 today's names ("UK Space Agency (DSIT)")."""
    shutil.copytree(data, tmp_path, dirs_exist_ok=True, ignore=SIDE_FILES)
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        agency_id, name_now = conn.execute(
            "SELECT a.id, a.name FROM agencies a JOIN memberships m ON m.agency_id = a.id"
            " WHERE m.joined_on < '2010' ORDER BY a.id LIMIT 1"
        ).fetchone()
        conn.execute(
            "INSERT INTO member_observations (agency_id, crawl_id, name, capture_id, seen_at)"
            " VALUES (?, 1000, 'Its name in 2015', NULL, '2015-01-01T00:00:00.000Z')",
            [agency_id],
        )
    with client_for(tmp_path) as client:
        then = client.rows("/isecg/members_on_date.json", date="2015-06-01")
        before = client.rows("/isecg/members_on_date.json", date="2010-06-01")
        later = client.rows("/isecg/members_on_date.json", date="2099-01-01")
    named = {r["agency_id"]: (r["agency"], r["name_now"]) for r in then}
    assert named[agency_id] == ("Its name in 2015", name_now)
    # before any crawl saw it: the first name seen
    assert {r["agency_id"]: r["agency"] for r in before}[agency_id] == "Its name in 2015"
    assert {r["agency_id"]: r["agency"] for r in later}[agency_id] == name_now


def test_filled_in_then_changed_in_one_window_is_edited_everywhere(data: Path, tmp_path: Path):
    """helper-47: a modification day filled in, then changed, both after the window's start:
    `isecg changes` compared the last with the value before the window (empty) and called it
    relisted; the reading room called the second version edited."""
    shutil.copytree(data, tmp_path, dirs_exist_ok=True, ignore=SIDE_FILES)
    record_id, _ = add_version(tmp_path, {"modified": "2021-02-03T10:00:00+01:00"})
    later = {"modified": "2021-03-04T10:00:00+01:00"}
    add_version(tmp_path, later, record_id, at="2099-01-02T00:00:00Z")
    by_cli, _, _ = labels(tmp_path)
    assert by_cli == {record_id: "edited"}
    with client_for(tmp_path) as client:
        rows = client.rows("/isecg/changes_since.json", since="2098-12-31")
    assert [r["change"] for r in rows] == ["edited", "relisted"]  # newest first
