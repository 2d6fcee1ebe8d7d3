"""A list's entry dated by a byline with its time and author (Sitefinity), by a slashed day
that only one order makes a date (SharePoint), or by a date classed as the excerpt card's
(Kirby's "note-excerpt-date"): probe 14's lists, and what stays unread beside them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from scraper.extract import extract
from scraper.extract.dates import parse_text

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
LISTS = Path(__file__).parent / "fixtures" / "probe14" / "lists"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Dec 12, 2024, 10:15 AM By Communications Team", date(2024, 12, 12)),
        ("12 December 2024 by Jane Doe", date(2024, 12, 12)),
        ("12/14/2023", date(2023, 12, 14)),
        ("14/12/2023", date(2023, 12, 14)),
        ("12/12/2024", date(2024, 12, 12)),
    ],
)
def test_a_list_reads_a_byline_or_a_slashed_day_one_order_makes(text: str, day: date) -> None:
    assert parse_text(text, byline=False) == day


@pytest.mark.parametrize(
    "text",
    [
        "12 March 2021 at 14:00",  # an event's time, no author
        "Dec 12, 2024, 10:15 AM",
        "10 June 2021, 10:00 By Invitation Only",
        "18 September 2020 by the agencies",  # a sentence
        "5/3/2022",  # the 5th of March or the 3rd of May
        "12/14/2023 10:15",  # a slashed day with a time stays a byline's
    ],
)
def test_a_list_leaves_an_events_time_and_an_ambiguous_day(text: str) -> None:
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


def test_sitefinitys_byline_with_time_and_author_dates_each_entry() -> None:
    truth, read = _list_days("f03-sitefinity-mvc-newslist-dated-urls")
    assert len(truth) == 4
    assert read == truth


def test_kirbys_excerpt_cards_are_dated_by_their_date_element() -> None:
    truth, read = _list_days("k05-kirby-starterkit-notes-excerpts")
    assert len(truth) == 4
    assert read == truth


def test_sharepoints_slashed_days_are_read_where_one_order_makes_a_date() -> None:
    truth, read = _list_days("s02-sharepoint-cqwp-title-description-us-date")
    assert read == {"1885": "2024-12-12", "1700": "2023-12-14"}  # 5/3/2022, 6/10/2021: unread
    assert all(truth[k] == v for k, v in read.items())


def _entries(item: str) -> dict[str, str]:
    html = (
        "<html><head><title>News</title></head><body><main><h1>News</h1><ul>"
        + "".join(item.format(n=n) for n in (11, 12, 13))
        + "</ul></main></body></html>"
    )
    got = extract(SITE + "news/", "text/html", html.encode(), SITE, CAPTURED)
    return {str(k): v.value[:10] for k, v in got.list_dates.items()}


def test_a_date_class_inside_an_excerpt_is_still_the_excerpts_text() -> None:
    """Only the date element's own class is set aside: a dated line in a summary block
    (its text, a dateline) dates no entry."""
    item = (
        "<li><h2><a href='/?p={n}'>Post {n}</a></h2><div class='entry-summary'>"
        "<p><span class='news-date'>3 May 2022</span> The agencies met in Rome.</p></div></li>"
    )
    assert _entries(item) == {}


def test_an_excerpt_card_with_its_date_element_is_dated() -> None:
    item = (
        "<li><article class='post-excerpt'><a href='/?p={n}'><h2 class='post-excerpt-title'>"
        "Post {n}</h2><span class='post-excerpt-date'>3 May 2022</span>"
        "<p class='post-excerpt-text'>On 12 June 2021 the agencies met.</p></a></article></li>"
    )
    assert _entries(item) == {"11": "2022-05-03", "12": "2022-05-03", "13": "2022-05-03"}


@pytest.mark.parametrize(
    "cls", ["closing-date", "grid-item__start-date", "application-deadline", "end-date"]
)
def test_a_day_classed_as_another_days_dates_no_entry(cls: str) -> None:
    """A slashed day is read in a list now: the class saying it closes or starts something
    keeps it, and a day in words, from being the entry's (both were read as such before)."""
    for day in ("3 May 2022", "05/13/2022"):
        item = f"<li><h2><a href='/?p={{n}}'>Call {{n}}</a></h2><div class='{cls}'>{day}</div></li>"
        assert _entries(item) == {}
    control = (
        "<li><h2><a href='/?p={n}'>Post {n}</a></h2><div class='news-date'>3 May 2022</div></li>"
    )
    assert _entries(control) == {"11": "2022-05-03", "12": "2022-05-03", "13": "2022-05-03"}
