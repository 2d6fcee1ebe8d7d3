"""A news list's entry dated by a date classed as its excerpt card's (Kirby's
`note-excerpt-date` in its `note-excerpt`), and what review 32 (helper-82) showed must stay
unread: a list line's "by" after the day or its time names an organiser, a tool or a
deadline as often as an author ("by Microsoft Teams", "by Midnight CET"), a bare slashed day
in a list is an event's as often as the posting's, and an item classed as another day's
(an event's end, a call's closing day) has no posting day to give."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract
from scraper.extract.dates import parse_text

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
LISTS = Path(__file__).parent / "fixtures" / "probe14" / "lists"


@pytest.mark.parametrize(
    "text",
    [
        "12 March 2021 at 14:00",  # an event's time
        "12 March 2025, 14:00 by Microsoft Teams",
        "March 12, 2025, 10:00 AM By NASA Goddard",  # an organiser
        "31 March 2025 by Midnight CET",  # a deadline
        "12 March 2025 by ESA",
        "Dec 12, 2024, 10:15 AM By Communications Team",  # Sitefinity's byline: unread too
        "03/25/2025",  # a bare slashed day
    ],
)
def test_a_list_line_with_a_time_a_by_or_slashes_is_no_entrys_day(text: str) -> None:
    assert parse_text(text, byline=False) is None


def _list_days(name: str) -> tuple[dict[str, str], dict[str, str]]:
    """(truth, read) for a probe 14 list at its WordPress address: entries by post number."""
    case = json.loads((LISTS / f"{name}.json").read_text())
    page = (LISTS / f"{name}.html").read_text()
    entries = case["truth"]["entries"]
    for href, entry in sorted(entries.items(), key=lambda kv: -len(kv[0])):
        page = page.replace(f'href="{href}"', f'href="{SITE}?p={entry["id"]}"')
    got = extract(case["wp_url"], "text/html", page.encode(), SITE, CAPTURED)
    truth = {str(e["id"]): e["day"] for e in entries.values() if e["day"] is not None}
    return truth, {str(k): v.value[:10] for k, v in got.list_dates.items()}


def test_kirbys_excerpt_cards_are_dated_by_their_date_element() -> None:
    truth, read = _list_days("k05-kirby-starterkit-notes-excerpts")
    assert len(truth) == 4
    assert read == truth


def _entries(item: str) -> dict[str, str]:
    html = (
        "<html><head><title>News</title></head><body><main><h1>News</h1><ul>"
        + "".join(item.format(n=n) for n in (11, 12, 13))
        + "</ul></main></body></html>"
    )
    got = extract(SITE + "news/", "text/html", html.encode(), SITE, CAPTURED)
    return {str(k): v.value[:10] for k, v in got.list_dates.items()}


ALL = {"11": "2022-05-03", "12": "2022-05-03", "13": "2022-05-03"}


def test_an_excerpt_card_with_its_date_element_is_dated() -> None:
    item = (
        "<li><article class='post-excerpt'><a href='/?p={n}'><h2 class='post-excerpt-title'>"
        "Post {n}</h2><span class='post-excerpt__date'>3 May 2022</span>"
        "<p class='post-excerpt-text'>On 12 June 2021 the agencies met.</p></a></article></li>"
    )
    assert _entries(item) == ALL


@pytest.mark.parametrize(
    "date_element",
    [
        "<span class='news-date'>3 May 2022</span>",  # in a summary block: its text
        "<span class='mission-summary__launch-date'>3 May 2022</span>",  # another date's class
        "<span class='excerpt-source-date'>3 May 2022</span>",  # a syndicated source's day
    ],
)
def test_a_date_in_an_excerpt_not_named_its_cards_is_no_entrys(date_element: str) -> None:
    item = (
        "<li><h2><a href='/?p={n}'>Post {n}</a></h2><div class='entry-summary mission-summary'>"
        f"<p>{date_element} The agencies met in Rome.</p></div></li>"
    )
    assert _entries(item) == {}


@pytest.mark.parametrize(
    "days",
    [
        "<span class='closing-date'>3 May 2022</span>",
        "<span class='date'>3 May 2022</span> &ndash; <span class='end-date'>5 May 2022</span>",
        "<span class='grid-item__date'>3 May 2022</span><span class='grid-item__end-date'>"
        "5 May 2022</span>",
        "<span class='event-item__start-date'>1 May 2022</span><span class='date-end'>"
        "3 May 2022</span>",
        "<time class='entry-date'>3 May 2022</time> <span class='application-deadline'>"
        "30 May 2022</span>",
    ],
)
def test_an_item_printing_another_days_class_gives_no_day(days: str) -> None:
    """An event's end or a call's closing day beside a day: which one is the posting's is
    not said, so the item gives none (before, the end alone, or the other day, was read)."""
    assert _entries(f"<li><h2><a href='/?p={{n}}'>Call {{n}}</a></h2><p>{days}</p></li>") == {}


def test_a_posts_tag_naming_deadlines_is_no_other_day() -> None:
    item = (
        "<li><article class='post tag-application-deadline category-deadlines'><h2>"
        "<a href='/?p={n}'>Call {n}</a></h2><span class='posted-on'>3 May 2022</span>"
        "</article></li>"
    )
    assert _entries(item) == ALL
