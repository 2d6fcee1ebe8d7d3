"""Review 117 (helper-180, 26 pages written against extractor version 43): numeric days with
hyphens ("24-04-2024", as ISRO and Dutch sites print them) are read as slashed ones are, on
publications pages, news lists and post pages alike. Before, none was read: 1 right day
(this test's count: a day read and right), 74 unread; since, 62 right, 15 unread.

The 16 wrong days it gave are each what the same page gives with slashes ("05/04/2024"): a
US list of ambiguous days beside one day-first line, a reporting period's start in a <dl>, a
"Most read" box in a list's block, an event box's day on a post, a "Date received" column
(since left unread where no column is the posting's: 12 wrong days now).
Page 22 gave 4 more, where a box's hyphenated "17-10-2023" told the order of a US list's
slashed "04/05/2024": since, each separator tells its own order only (dayorder.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

from scraper.extract import extract
from scraper.extract.types import Extracted

PAGES = Path(__file__).parent / "fixtures" / "probe23" / "review117"
TRUTH = json.loads((PAGES / "truth.json").read_text())
SITE = "https://www.example.org/"
CAPTURED = datetime(2024, 5, 1, tzinfo=UTC)
# Pages with wrong days, each what the same page with slashes gives
KNOWN_WRONG = {
    "02_us_reports_event_line",
    "07_dos_annual_reports_dl",
    "13_us_list_mostread_box",
    "20_post_us_event_box",
}


@cache
def read(name: str) -> Extracted:
    body = (PAGES / f"{name}.html").read_bytes()
    return extract(TRUTH[name]["url"], "text/html", body, SITE, CAPTURED)


def days(name: str) -> list[tuple[str | None, str | None]]:
    """(the day read or None, the truth's day) for each publication, post and list entry the
    truth names that was read (a publication's with its file: another file is no right day)."""
    case, got = TRUTH[name], read(name)
    pairs: list[tuple[str | None, str | None]] = []
    pubs = {p.title: (p.posted_on, p.document_url) for p in got.publications}
    for pub in case.get("pubs", []):
        if pub["title"] in pubs:
            day, document = pubs[pub["title"]]
            pairs.append((day if document == pub["document"] else "another file", pub["posted_on"]))
    posts = {n.url: (n.published or "")[:10] or None for n in got.news}
    pairs += [(posts.get(n["url"]), n["published"]) for n in case.get("news", [])]
    listed = {str(key): found.value[:10] for key, found in got.list_dates.items()}
    pairs += [(listed.get(key), day) for key, day in case.get("list_dates", {}).items()]
    return pairs


@pytest.mark.parametrize("name", TRUTH)
def test_no_page_but_the_known_ones_gives_a_wrong_day(name: str) -> None:
    wrong = [(got, day) for got, day in days(name) if got and got != day]
    assert bool(wrong) == (name in KNOWN_WRONG), wrong


def test_the_reviews_right_and_wrong_days_do_not_get_worse() -> None:
    pairs = [pair for name in TRUTH for pair in days(name)]
    right = sum(got is not None and got == day for got, day in pairs)
    wrong = sum(got is not None and got != day for got, day in pairs)
    assert right >= 62 and wrong <= 12


def test_a_boxs_hyphenated_day_tells_no_order_of_a_lists_slashed_ones() -> None:
    """Page 22: "Published 04/05/2024" in a US list stays unread beside "17-10-2023"."""
    pairs = days("22_us_list_mixed_separators")
    assert ("2024-05-04", "2024-04-05") not in pairs
    assert sum(got is None for got, _ in pairs) == 4
