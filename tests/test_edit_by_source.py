"""A version is an edit when the same source says something else: a field read from another
source than the night before (REST, then the page; a publication's post, then its list's
entry) and different is the archive reading it otherwise, not the site changing it. A night
without REST on a design whose pages read differently made an edit of every post (helper-193),
and a partial crawl that read a publication from its post, then a full one from its list, an
edit of its title and day (helper-192)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive import kinds, store
from archive.db import open_db

SITE = "https://www.example.org/"


def versions(tmp_path: Path, table: str, nights: list[tuple[dict, dict]]) -> list[tuple]:
    """Each night's (content changes, sources) stored in turn; the versions' (changed, edit)."""
    db = open_db(tmp_path / "isecg.db")
    kind = kinds.by_table(table)
    content = {name: None for name in kind.content_names}
    for night, (changes, sources) in enumerate(nights, start=1):
        db.table("crawls").insert({"id": night, "site": SITE, "started_at": "", "status": "done"})
        content = {**content, **changes}
        seen = store.Seen(night, None, f"2026-12-0{night}T00:00:00Z")
        store.upsert_versioned(
            db, kind, "r1", content, seen, "46", {"sources": json.dumps(sources)}
        )
    rows = db.execute(
        f"SELECT changed, edit FROM {table}_versions WHERE record_id = 'r1' ORDER BY version"
    ).fetchall()
    db.close()
    return [(sorted(json.loads(changed)), edit) for changed, edit in rows]


REST = {"title": "rest", "body": "rest", "categories": "rest"}
PAGE = {"title": "template", "body": "template", "categories": "selector"}
POST = {
    "url": SITE + "?p=1",
    "title": "A first title",
    "body_text": "The text.",
    "categories": '["News"]',
}


@pytest.mark.parametrize(
    ("second", "edit"),
    [
        (REST, 1),  # REST says another title and text: the site edited them
        (PAGE, 0),  # the page, read otherwise than REST reads its text: no edit
        ({**PAGE, "title": "rest"}, 1),  # the title by the same source: an edit, whatever else
    ],
)
def test_a_news_edit_is_the_same_source_saying_otherwise(
    tmp_path: Path, second: dict, edit: int
) -> None:
    later = {"title": "Another title", "body_text": "The text, and a menu.", "categories": "[]"}
    got = versions(tmp_path, "news", [(POST, REST), (later, second)])
    assert got[1] == (["body_text", "categories", "title"], edit)


def test_a_publication_read_from_its_post_then_its_list_is_relisted(tmp_path: Path) -> None:
    from_post = {"title": "Science White Paper (Summary) Now Online", "posted_on": "2017-01-12"}
    from_list = {"title": "Scientific opportunities (summary)", "posted_on": "2016-12-01"}
    got = versions(
        tmp_path,
        "publications",
        [(from_post, {"posted_on": "rest"}), (from_list, {"posted_on": "posted-on"})],
    )
    assert got[1] == (["posted_on", "title"], 0)
    # the list saying another day the next night: an edit
    again = versions(
        tmp_path / "again",
        "publications",
        [
            (from_list, {"posted_on": "posted-on"}),
            ({"posted_on": "2016-12-02"}, {"posted_on": "posted-on"}),
        ],
    )
    assert again[1] == (["posted_on"], 1)


def test_a_row_that_named_no_source_keeps_the_old_rule(tmp_path: Path) -> None:
    got = versions(tmp_path, "news", [(POST, {}), ({"title": "Another title"}, PAGE)])
    assert got[1] == (["title"], 1)
