"""A record new in the window and edited later in it: `isecg changes` lists it as new and as
edited, with the columns the edit changed, as the reading room's changes_since lists each
version (the README walkthrough, helper-189: post 1950 of the demo, new on the first night
and edited on the second, was listed only as new by the command, and as both on the web)."""

from __future__ import annotations

from pathlib import Path

from archive import kinds, store
from archive.changes import changes, format_changes
from archive.db import open_db

NEXT = "2026-12-02T00:00:00Z"  # the second night


def test_new_then_edited_in_one_window_is_both(tmp_path: Path) -> None:
    db = open_db(tmp_path / "isecg.db")
    for crawl in (1, 2):
        db.table("crawls").insert(
            {"id": crawl, "site": "https://www.example.org/", "started_at": "", "status": "done"}
        )
    kind = kinds.by_table("news")
    content = {name: None for name in kind.content_names}
    first = {**content, "url": "https://www.example.org/?p=1950", "title": "A first title"}
    store.upsert_versioned(
        db, kind, "wp:1950", first, store.Seen(1, None, "2026-12-01T00:00:00Z"), "45"
    )
    edited = {**first, "title": "The title the site gave it the next night"}
    store.upsert_versioned(
        db, kind, "wp:1950", edited, store.Seen(2, None, "2026-12-02T00:00:00Z"), "45"
    )
    found = changes(db, "2026-11-30")["news"]
    assert [e["id"] for e in found["new"]] == ["wp:1950"]
    (entry,) = found["edited"]
    assert entry["id"] == "wp:1950" and entry["changed"] == ["title"]
    assert entry["before"]["title"] == "A first title"
    assert "news edited: " in format_changes(changes(db, "2026-11-30"))
    # a window holding its first version alone: new, nothing edited
    alone = changes(db, "2026-11-30", until="2026-12-01T12:00:00Z")["news"]
    assert [e["id"] for e in alone["new"]] == ["wp:1950"] and alone["edited"] == []


def test_a_member_new_then_renamed_in_one_window_is_both(tmp_path: Path) -> None:
    """The same for the members: an agency first seen on the first night and renamed on the
    second was only new, under its first name, and its rename lost (helper-191)."""
    db = open_db(tmp_path / "isecg.db")
    for crawl in (1, 2):
        db.table("crawls").insert(
            {"id": crawl, "site": "https://www.example.org/", "started_at": "", "status": "done"}
        )
    kind = kinds.by_table("agencies")
    first: dict[str, object] = {name: None for name in kind.content_names}
    first.update(name="UK Space Agency", enriched=0)
    night = store.Seen(1, None, "2026-12-01T00:00:00Z")
    store.upsert_versioned(db, kind, "ukspace", first, night, "45")
    renamed = {**first, "name": "UK Space Agency (DSIT)"}
    store.upsert_versioned(db, kind, "ukspace", renamed, store.Seen(2, None, NEXT), "45")
    db.table("memberships").insert(
        {"agency_id": "ukspace", "first_seen": night.at, "last_seen": NEXT}
    )
    members = changes(db, "2026-11-30")["members"]
    assert [m["name"] for m in members["new"]] == ["UK Space Agency"]  # as the page named it
    (entry,) = members["edited"]
    assert (entry["before"]["name"], entry["after"]["name"]) == (first["name"], renamed["name"])


def test_a_title_edited_then_put_back_reads_so(tmp_path: Path) -> None:
    """helper-196: over a window in which a title was edited and put back, `isecg changes`
    printed "title: 'X' -> 'X'", an edit that changed nothing."""
    db = open_db(tmp_path / "isecg.db")
    for crawl in (1, 2, 3):
        db.table("crawls").insert(
            {"id": crawl, "site": "https://www.example.org/", "started_at": "", "status": "done"}
        )
    kind = kinds.by_table("news")
    content = {name: None for name in kind.content_names}
    first = {**content, "url": "https://www.example.org/?p=1912", "title": "Spring Meeting"}
    for crawl, title in ((1, "Spring Meeting"), (2, "Spring Meeting 2025"), (3, "Spring Meeting")):
        at = f"2026-12-0{crawl}T00:00:00Z"
        store.upsert_versioned(
            db, kind, "wp:1912", {**first, "title": title}, store.Seen(crawl, None, at), "47"
        )
    said = format_changes(changes(db, "2026-12-01T12:00:00Z"))
    line = "news edited: Spring Meeting (2026-12-03T00:00:00Z)"
    assert f"{line} [title: 'Spring Meeting' (changed, then back)]" in said
    assert "'Spring Meeting' -> 'Spring Meeting'" not in said
