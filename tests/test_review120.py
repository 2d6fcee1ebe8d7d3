"""Review 120 (helper-184, 28 pages written against version 43's later rules): Norwegian,
Polish, Romanian and Arabic months and labels, publications headings in those languages, a
category's link as no title, a list's <time> in a card's content block. Days read and right:
7 at the session's start, 40 now; wrong 1 and 5; 4 and 6 extra entries.

The review found, and version 43 answers: a change's label with its own little word
("Actualizat la", "تم التحديث في") dated posts (pages 03, 04, 15); news under "Aktualności"
and "Événements" read as publications (17, 24); "Publicações" and "المنشورات" head a blog's
posts as often (18); a <time> in a sentence or a list item of a card's content, or in a
sidebar's widget, dated the entry (10 to 13). What is left is what the same page in English
gives: a "Data" fact line and a deadline read as the post's day (05, 06), an "Approved"
column under "Annual reports" (20), minutes, a job advert and a press release under a
publications heading (19, 21)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.review_days import extras, right_and_wrong, truth, wrong_days

PAGES = Path(__file__).parent / "fixtures" / "probe23" / "review120"
KNOWN_WRONG = {
    "05_pl_post_r_suffix_event",
    "06_no_post_soknadsfrist",
    "20_en_annual_reports_table",
}
EXTRA = {
    "19_nl_publicaties_minutes": {
        "Notulen Adviesraad Ruimtevaart 14 maart 2024",
        "Agenda Adviesraad Ruimtevaart 16 mei 2024",
        "Vacature: beleidsmedewerker ruimtevaart",
    },
    "20_en_annual_reports_table": {"Council meetings"},
    "21_uk_publikatsii_press": {
        "\u041e\u0433\u043e\u043b\u043e\u0448\u0435\u043d\u043d\u044f \u043f\u0440\u043e "
        "\u043a\u043e\u043d\u043a\u0443\u0440\u0441 \u043d\u0430 \u043f\u043e\u0441\u0430\u0434"
        "\u0443 \u0433\u043e\u043b\u043e\u0432\u043d\u043e\u0433\u043e \u0441\u043f\u0435\u0446"
        "\u0456\u0430\u043b\u0456\u0441\u0442\u0430",
        "\u041f\u0440\u0435\u0441-\u0440\u0435\u043b\u0456\u0437: \u0423\u043a\u0440\u0430\u0457"
        "\u043d\u0430 \u043f\u0440\u0438\u0454\u0434\u043d\u0430\u043b\u0430\u0441\u044f \u0434"
        "\u043e \u043f\u0440\u043e\u0433\u0440\u0430\u043c\u0438 \u0404\u0421 \u0437 \u043a"
        "\u043e\u0441\u043c\u043e\u0441\u0443",
    },
}


@pytest.mark.parametrize("name", truth(PAGES))
def test_no_page_but_the_known_ones_gives_a_wrong_day_or_an_extra_entry(name: str) -> None:
    wrong = wrong_days(PAGES, name)
    assert bool(wrong) == (name in KNOWN_WRONG), wrong
    assert extras(PAGES, name) == EXTRA.get(name, set())


def test_the_reviews_right_and_wrong_days_do_not_get_worse() -> None:
    right, wrong = right_and_wrong(PAGES)
    assert right >= 40 and wrong <= 5
