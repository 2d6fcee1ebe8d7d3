"""Dates in designs nobody here wrote (helper-205's pages, tests/fixtures/probe27). A day
labelled only "Date" beside an event's other facts is the event's, not the post's: "Date: 12
June 2023" above "Place: ESTEC", a "Date" row beside a "Venue" row, "Date : ... / Lieu :
...", a "Date:" in a meeting's box; each dated a workshop's announcement, or a list's
entries, by the workshop. The post's own "Posted on" day beside them stays, and so does a
press release's lone "Date:" line (tests/test_extract_cms.py) and a board's "Date" among
"Writer" and "Hits" (probe14). And a Drupal view's days, read through its field's value.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract
from scraper.extract.types import Extracted

FIXTURES = Path(__file__).parent / "fixtures" / "probe27"
SITE = "https://www.globalspaceexploration.org/"
AT = datetime(2025, 3, 1, 12, tzinfo=UTC)
URLS = {"wp": f"{SITE}?p=2500", "plain": f"{SITE}news/isecg-agencies-meet-on-lunar-data/"}
CASES = ["date_p_strong_place", "date_br_venue", "date_meeting_class", "date_table_row"]


def read(name: str, url: str) -> Extracted:
    return extract(url, "text/html", (FIXTURES / f"{name}.html").read_bytes(), SITE, AT)


@pytest.mark.parametrize("layout", URLS)
@pytest.mark.parametrize("case", [*CASES, "fr_date_colon"])
def test_an_events_date_beside_its_place_dates_no_post(case: str, layout: str) -> None:
    (news,) = read(f"{layout}_{case}", URLS[layout]).news
    assert news.title == "ISECG Agencies Meet on Lunar Data"
    assert news.published is None


def test_a_workshop_post_is_dated_by_its_address_not_the_workshop() -> None:
    (news,) = read(
        "q11_post_url_date_event_box", f"{SITE}2023/05/02/moon-to-mars-workshop.html"
    ).news
    assert news.published == "2023-05-02" and news.published_source == "url"


@pytest.mark.parametrize("case", ["date_br_location", "th_date_row"])  # each dated once
def test_a_lists_entries_are_not_dated_by_their_events(case: str) -> None:
    assert read(f"list_{case}", f"{SITE}?cat=3").list_dates == {}


def test_a_lists_posted_days_stay_beside_an_events_line() -> None:
    dated = read("list_mixed_posted_and_event", f"{SITE}?cat=3").list_dates
    assert {key: c.value[:10] for key, c in dated.items()} == {  # keyed by post id
        3021: "2023-05-02",
        3022: "2023-04-20",
    }


def test_a_featured_events_card_dates_nothing() -> None:
    """A Next.js news page's featured card for an event (`Featured_when__vW5xY`): its day,
    the event's, dated the event's page, which a list's day then made a news post."""
    dated = read("l03_nextjs_news_cards_featured_event", f"{SITE}news").list_dates
    assert {key: c.value[:10] for key, c in dated.items()} == {
        f"{SITE}news/isecg-statement-mars-sample-return": "2023-05-01",
        f"{SITE}news/isecg-meets-in-toulouse": "2023-03-31",
        f"{SITE}news/technology-gaps-update": "2023-02-14",
    }


def test_a_table_of_past_meetings_dates_no_post() -> None:
    """A home page's "Date | Meeting" table links the post about each meeting: the day is
    the meeting's (a "Post date | Meeting" table's posting column stays: lists_review14)."""
    assert read("home_past_meetings", SITE).list_dates == {}


def test_a_drupal_views_days_are_read_through_the_fields_value() -> None:
    """A Drupal view prints each day in `views-field-field-release-date > .field-content`:
    the class naming the date sits on the field, the day in its value's wrapper, and none of
    the five was read (helper-205). Its order (month first) is told by 03/15 and 02/28."""
    dated = read("l05_us_slashes_mixed_drupal_views", f"{SITE}press-releases").list_dates
    assert {str(key).rsplit("/", 1)[-1]: c.value for key, c in dated.items()} == {
        "isecg-welcomes-uae": "2022-04-05",
        "gateway-briefing": "2022-03-15",
        "statement-ukraine": "2022-03-04",
        "ger-supplement-survey": "2022-02-28",
        "new-chair-2022": "2022-01-10",
    }


def test_a_titles_long_site_name_after_a_bar_is_not_the_posts() -> None:
    """`<title>ISECG-Treffen in Köln | Raumfahrt-Nachrichten</title>` over `<h1>ISECG-Treffen
    in Köln</h1>`: the part before the bar is under half the title (the site's name is
    long), so the <h1> was not taken for the page's own name and the title kept the site's
    (helper-205). A first part of three words or more before a bar is the page's own."""
    (news,) = read("q12_de_two_digit_year_dotted", f"{SITE}news/isecg-treffen-in-koeln/").news
    assert news.title == "ISECG-Treffen in Köln"


def test_a_replies_sections_times_leave_the_posts_own() -> None:
    """A post's <time datetime> and, in `<section class="replies">` below it, each reply's:
    the days disagreed and the post was left undated (helper-205). Replies are no part of
    the post, as comments are not."""
    (news,) = read("p15_relative_time_hidden_absolute", f"{SITE}news/analogue-mission-review/").news
    assert (news.published or "")[:10] == "2024-09-10"
