"""What reviews 32 and 33 (helpers 82, 83) showed a news list must leave unread: a line's
"by" after the day or its time names an organiser, a tool or a deadline as often as an
author ("by Microsoft Teams", "by Midnight CET"); a bare slashed day in a list is an event's
as often as the posting's; an item printing a day that ends something (an event's end, a
call's closing day) has no posting day to give. A date classed as its excerpt card's
(Kirby's `note-excerpt-date`) stays unread too: "launch-summary__date" in a "launch-summary"
card is the launch's. A start's class, or the post's own, is no such day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scraper.extract import extract
from scraper.extract.dates import parse_text

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


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


def _entries(item: str) -> dict[str, str]:
    html = (
        "<html><head><title>News</title></head><body><main><h1>News</h1><ul>"
        + "".join(item.format(n=n) for n in (11, 12, 13))
        + "</ul></main></body></html>"
    )
    got = extract(SITE + "news/", "text/html", html.encode(), SITE, CAPTURED)
    return {str(k): v.value[:10] for k, v in got.list_dates.items()}


ALL = {"11": "2022-05-03", "12": "2022-05-03", "13": "2022-05-03"}


@pytest.mark.parametrize(
    "date_element",
    [
        "<span class='news-date'>3 May 2022</span>",  # in a summary block: its text
        "<span class='mission-summary__launch-date'>3 May 2022</span>",  # another date's class
        "<span class='excerpt-source-date'>3 May 2022</span>",  # a syndicated source's day
        "<span class='entry-summary-date'>3 May 2022</span>",  # even the card's own (Kirby's)
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


@pytest.mark.parametrize(
    ("item_class", "date_class"),
    [
        ("post call-status-closing", "entry-date published"),  # a custom taxonomy's class
        ("post news-type-deadline", "entry-date published"),
        ("post", "news-item__date-from"),
        ("post", "field-publish_start_date"),  # Drupal's scheduler: the posting's
        ("post", "news-open_date"),
    ],
)
def test_a_start_or_the_posts_own_class_is_no_other_day(item_class: str, date_class: str) -> None:
    item = (
        f"<li><article class='{item_class}'><h2><a href='/?p={{n}}'>Post {{n}}</a></h2>"
        f"<span class='{date_class}'>3 May 2022</span></article></li>"
    )
    assert _entries(item) == ALL


def test_a_bem_modifier_saying_end_is_no_end_day() -> None:
    """Review 34: "news-card__date--end" right-aligns the posting day."""
    item = (
        "<li><article class='news-card'><h2><a href='/?p={n}'>Post {n}</a></h2>"
        "<span class='news-card__date news-card__date--end'>3 May 2022</span></article></li>"
    )
    assert _entries(item) == ALL


@pytest.mark.parametrize("cls", ["webinar-date", "date", "submission-date", "launch-date"])
def test_a_split_date_reads_only_in_a_posting_dates_box(cls: str) -> None:
    """Review 36: a date split in spans is read whole only in a box classed as the posting's
    ("posted-on", "entry-date"); in a "webinar-date" it may be any day, and split it was new."""
    split = "<span>3</span> <span>May</span> <span>2022</span>"
    title = "<li><h3><a href='/?p={n}'>Post {n}</a></h3>"
    assert _entries(f"{title}<span class='{cls}'>{split}</span></li>") == {}
    assert _entries(f"{title}<span class='posted-on'>{split}</span></li>") == ALL
