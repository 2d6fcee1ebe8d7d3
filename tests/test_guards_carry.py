"""What a post's page stops saying is no edit: a night without REST or a new design that does
not print the modification day or the event's day kept the post's other fields and stored a
version with those dates emptied (57 such versions in a reviewer's crawl of a redesigned
replica, REST off), and the next good night another version putting them back."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from archive.builds import last_trusted_counts, save_counts
from archive.db import open_db
from archive.store import Seen
from scraper.extract.types import News, Publication
from scraper.guards import against_current, flags, keep_unsaid, read_less
from scraper.harvest import Harvest

SOURCES = json.dumps({"title": "rest", "published": "rest", "modified": "rest", "body": "rest"})
SEEN = Seen(crawl_id=2, capture_id=7, at="2026-01-02T00:00:00Z")


def tonight(**fields: Any) -> News:
    values: dict[str, Any] = {
        "url": "https://www.globalspaceexploration.org/?p=1768",
        "wp_id": 1768,
        "title": "ISECG meets in Cologne",
        "title_source": "heading",
        "published": "2024-12-05T10:00:00+01:00",
        "published_source": "jsonld",
        "body_text": "The agencies met.",
    }
    return News(**{**values, **fields})


def row(
    modified: str | None = "2025-01-10T09:00:00+01:00",
    event: str | None = "Cologne, 4 December 2024",
) -> dict:
    return {
        "news:wp:1768": (
            "ISECG meets in Cologne",
            "2024-12-05T10:00:00+01:00",
            modified,
            event,
            SOURCES,
        )
    }


def test_a_modification_day_no_longer_printed_keeps_the_rows() -> None:
    news = {"news:wp:1768": (tonight(), SEEN)}
    assert against_current(news, row()) == {}
    kept, _ = news["news:wp:1768"]
    assert (kept.modified, kept.modified_source) == ("2025-01-10T09:00:00+01:00", "rest")
    assert kept.event_date == "Cologne, 4 December 2024"


def test_a_new_modification_day_is_taken() -> None:
    """Guard (passes before and after): a day the page prints wins over the row's."""
    news = {"news:wp:1768": (tonight(modified="2025-03-01", modified_source="visible"), SEEN)}
    assert against_current(news, row()) == {}
    kept, _ = news["news:wp:1768"]
    assert (kept.modified, kept.modified_source) == ("2025-03-01", "visible")


def test_a_lost_publication_date_still_holds_the_post_back() -> None:
    """Guard (passes before and after)."""
    news = {"news:wp:1768": (tonight(published=None, published_source=None), SEEN)}
    assert against_current(news, row()) == {"news:wp:1768": "published"}


def test_a_modification_day_that_lost_its_time_keeps_the_rows() -> None:
    """helper-46: a theme printing `<time class="updated" datetime="2025-01-10">`, REST off,
    replaced the row's 2025-01-10T09:00:00+01:00 with the day alone (an "edit"), and the
    next night with REST put the time back."""
    news = {"news:wp:1768": (tonight(modified="2025-01-10", modified_source="time"), SEEN)}
    assert against_current(news, row()) == {}
    kept, _ = news["news:wp:1768"]
    assert (kept.modified, kept.modified_source) == ("2025-01-10T09:00:00+01:00", "rest")


@pytest.mark.parametrize(
    ("before", "now", "held"),
    [
        (16, 35_016, True),
        (16, 516, False),
        (16, 517, True),
        (150, 1_500, False),
        (150, 1_501, True),
    ],
)
def test_a_kind_that_rises_past_ten_times_is_held_back(before: int, now: int, held: bool):
    """helper-50: a server's REST answer of 35,016 made-up posts where the last trusted crawl
    read 16 was stored, exit 0 and no flag."""
    reasons, collapsed = flags({"news": now}, Harvest(), {}, {"news": before})
    assert ("news" in collapsed) is held
    assert any(f"news rose from {before} to {now}" in r for r in reasons) is held


@pytest.mark.parametrize(
    ("left", "accepted", "reference"), [(1, False, 600), (0, False, 12), (1, True, 12)]
)
def test_a_crawl_that_left_urls_unvisited_is_no_reference(
    tmp_path: Path, left: int, accepted: bool, reference: int
):
    """helper-53: a crawl stopped by --max-time (unhealthy, 52 URLs left) was the reference:
    its 12 news held back every later whole crawl of 600 as "rose from 12". One unhealthy for
    another reason (fetch errors) but whole still is (helper-54: an --accept-counts crawl
    with failing images never became the reference), and so is one run with --accept-counts."""
    db = open_db(tmp_path / "isecg.db")
    for crawl_id, crawl_status, news in ((1, "done", 600), (2, "unhealthy", 12)):
        settings = json.dumps({"accept_counts": accepted and crawl_id == 2})
        db.execute(
            "INSERT INTO crawls (id, started_at, status, site, source, settings)"
            " VALUES (?, ?, ?, 's', 'crawl', ?)",
            [crawl_id, f"2026-01-0{crawl_id}", crawl_status, settings],
        )
        save_counts(db, crawl_id, {"news": news}, [], [])
    for n in range(left):
        db.execute(
            "INSERT INTO frontier (crawl_id, url, kind, source, seq) VALUES (2, ?, 'page',"
            " 'link', ?)",
            [f"https://x.org/?p={n}", n],
        )
    assert last_trusted_counts(db, 3) == {"news": reference}
    db.close()


def test_accept_counts_given_on_resuming_a_crawl_is_kept(tmp_path: Path):
    """helper-54: a crawl killed, then resumed with --accept-counts, kept its first run's
    settings: the flag was dropped without a word and the crawl held back."""
    from archive.captures import counts_accepted
    from archive.crawl_state import CrawlStore

    db = open_db(tmp_path / "isecg.db")
    store = CrawlStore(db)
    crawl_id = store.start("https://x.org/", False, {"accept_counts": False, "delay": 1.0})
    store.mark_resumed(crawl_id)
    assert not counts_accepted(db, crawl_id)
    store.mark_resumed(crawl_id, accept_counts=True)
    assert counts_accepted(db, crawl_id)
    ((settings,),) = db.execute("SELECT json_extract(settings, '$.delay') FROM crawls")
    assert settings == 1.0  # the rest of its settings as they were
    db.close()


def test_a_crawl_that_did_not_finish_keeps_what_it_read_and_says_so():
    """helper-55: a night cut by --max-time said "news fell from 7 to 3", which reads like a
    site losing posts. helper-191: held back, a second --max-pages crawl was unhealthy where
    the first was done. A crawl that finished and read less is held back; one that did not
    finish keeps what it read (it removes nothing) and says why it read less."""
    assert flags({"news": 3}, Harvest(), {}, {"news": 7}) == (["news fell from 7 to 3"], {"news"})
    assert flags({"news": 3}, Harvest(), {}, {"news": 7}, unfinished=True) == ([], set())
    assert read_less({"news": 3, "publications": 4}, {"news": 7, "publications": 5}) == [
        "news: 3 read of 7, as the crawl did not finish: what it read is kept, nothing is removed"
    ]
    assert read_less({"news": 4}, {"news": 7}) == []  # not under half
    assert read_less({}, {}) == []  # the first crawl


def listed(description: str = "", posted_on: str | None = None, wp_id: int | None = None):
    """GER 2024 as the home page's block lists it (or, given more, its list's entry)."""
    return Publication(
        title="Global Exploration Roadmap 2024",
        posted_on=posted_on,
        posted_on_source="posted-on" if posted_on else None,
        description=description,
        document_url="https://www.globalspaceexploration.org/wp-content/uploads/GER2024.pdf",
        listed_on="https://www.globalspaceexploration.org/",
        kind="roadmap",
        year=2024,
        wp_id=wp_id,
    )


def test_a_publication_s_fields_no_longer_printed_keep_the_rows() -> None:
    """helper-196: a crawl cut before the publications' list read them from the home page's
    block alone, without their description: an edit of each (eight on the replica)."""
    key = "GER2024.pdf"
    row = ("The roadmap of 2024.", "2024-05-31", 1768, '{"posted_on": "posted-on"}')
    current = {key: (LIST, *row)}  # its row's: read from the publications' list
    publications = {key: (listed(), SEEN)}
    keep_unsaid(publications, current)
    kept = publications[key][0]
    assert (kept.description, kept.posted_on, kept.posted_on_source, kept.wp_id) == (
        "The roadmap of 2024.",
        "2024-05-31",
        "posted-on",
        1768,
    )
    assert kept.listed_on == "https://www.globalspaceexploration.org/"  # where it was read
    said = {key: (listed("Revised.", "2024-06-02", 1770), SEEN)}
    keep_unsaid(said, current)  # what the entry does print is taken
    assert said[key][0] == listed("Revised.", "2024-06-02", 1770)
    # the list itself read whole, no longer printing them: the site's edit, taken
    again = {key: (replace(listed(), listed_on=LIST), SEEN)}
    keep_unsaid(again, current)
    assert again[key][0] == replace(listed(), listed_on=LIST)
    keep_unsaid(again, current, unfinished=True)  # unless the crawl did not finish
    assert again[key][0].description == "The roadmap of 2024."


LIST = "https://www.globalspaceexploration.org/?page_id=407"
