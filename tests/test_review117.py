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

from pathlib import Path

import pytest

from tests.review_days import days, right_and_wrong, truth, wrong_days

PAGES = Path(__file__).parent / "fixtures" / "probe23" / "review117"
# Pages with wrong days, each what the same page with slashes gives
KNOWN_WRONG = {
    "02_us_reports_event_line",
    "07_dos_annual_reports_dl",
    "13_us_list_mostread_box",
    "20_post_us_event_box",
}


@pytest.mark.parametrize("name", truth(PAGES))
def test_no_page_but_the_known_ones_gives_a_wrong_day(name: str) -> None:
    wrong = wrong_days(PAGES, name)
    assert bool(wrong) == (name in KNOWN_WRONG), wrong


def test_the_reviews_right_and_wrong_days_do_not_get_worse() -> None:
    right, wrong = right_and_wrong(PAGES)
    assert right >= 62 and wrong <= 12


def test_a_boxs_hyphenated_day_tells_no_order_of_a_lists_slashed_ones() -> None:
    """Page 22: "Published 04/05/2024" in a US list stays unread beside "17-10-2023"."""
    pairs = days(PAGES, "22_us_list_mixed_separators")
    assert ("2024-05-04", "2024-04-05") not in pairs
    assert sum(got is None for got, _ in pairs) == 4
