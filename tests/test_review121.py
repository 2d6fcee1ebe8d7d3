"""Review 121 (helper-185, 26 news lists written against a rule not kept): a day in slashes
or with its time, in an element classed with a bare date word ("date", "datum", "fecha",
"data": ESA's `<span class="date">26/04/2024</span>`), read as a prefixed date class
("news-date") is. It dated 46 more entries right and 54 wrong: the bare word is every day's
class, an event's, a deadline's, a meeting's, a table cell's, and a list's day is used where
nothing else dates the post. Such a day stays unread; these pages pin it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.review_days import right_and_wrong, truth, wrong_days

PAGES = Path(__file__).parent / "fixtures" / "probe23" / "review121"


@pytest.mark.parametrize("name", truth(PAGES))
def test_a_bare_date_class_gives_no_list_a_wrong_day(name: str) -> None:
    assert wrong_days(PAGES, name) == []


def test_the_days_read_stay_read() -> None:
    right, wrong = right_and_wrong(PAGES)
    assert right >= 15 and wrong == 0
