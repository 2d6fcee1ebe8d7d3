"""Review 125 (helper-190, 40 post pages in English, French and German: hero headers above the
post's element) against a rule not kept: a title-classed heading outside the post's element,
named as the page, whose own block holds a <time>, taken as the post's title, and that
block's days as the post's (Hestia's page header, review 124's page). Right days 28 to 24,
wrong 9 to 11: a card of another post's heading below the article, an event's, a
modification's, a consultation's, a match's <time> in the hero beside a right byline. Most
Hestia pages were dated already, by the generic reader. These pages pin what is read now.

The 9 wrong days were the same in both trees: a hero printing today's date, a countdown, a
notice, an event's time, a last reply's, and change words before an author's name, past the
four words a label was read in ("Zuletzt bearbeitet von ... am", "Mis à jour par ... le"):
those two are modifications since version 45 (printed._AUTHOR_ON). "Medically reviewed by
... on" names no change word."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.review_days import right_and_wrong, truth, wrong_days

PAGES = Path(__file__).parent / "fixtures" / "probe23" / "review125"
KNOWN_WRONG = {
    "countdown_fr",
    "hestia_lastmod_en",
    "last_reply_en",
    "notice_nobyline_fr",
    "printed_byline_event_time_fr",
    "reviewed_en",
    "today_header_en",
}


@pytest.mark.parametrize("name", truth(PAGES))
def test_no_page_but_the_known_ones_gives_a_wrong_day(name: str) -> None:
    assert bool(wrong_days(PAGES, name)) == (name in KNOWN_WRONG)


def test_the_reviews_right_and_wrong_days_do_not_get_worse() -> None:
    right, wrong = right_and_wrong(PAGES)
    assert right >= 30 and wrong <= 7
