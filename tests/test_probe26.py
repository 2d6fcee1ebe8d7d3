"""Probe 26 (helper-182, 28 pages written with no rule in view): news posts and lists as the
member agencies print them today: canada.ca, GOV.UK, industry.gov.au, gov.pl, gov.br,
gob.mx, Norwegian, Dutch, Arabic, Hebrew, Turkish, Korean, Chinese, Japanese, Ukrainian
pages, WordPress themes and Drupal. Days read and right: 62 at version 42, 79 at 43 (Norwegian,
Polish, Romanian and Arabic months and labels; a <time> in a card's content block); 2 wrong in
both.

The 2 wrong days are instants written in UTC by sites far from ISECG's offset: Sydney's
"15 February 2024" over 13:00Z, a NASA post's "Apr 26, 2024" beside a JSON-LD 01:12Z. The
printed day wins only where an offset two hours from the site's reaches it (review 21); the
site's offsets are ISECG's (instants.SITE_OFFSETS). Unread, by cause: numeric days after a
views count or in an element classed "event" (gov.pl's), a Plone "10h32" time, a Turkish
day split over three spans, a weekday before an Arabic day with no label."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.review_days import right_and_wrong, truth, wrong_days

PAGES = Path(__file__).parent / "fixtures" / "probe26"
KNOWN_WRONG = {"05_asa_drupal_post", "07_nasa_wp_post"}  # instants in a far offset


@pytest.mark.parametrize("name", truth(PAGES))
def test_no_page_but_the_known_ones_gives_a_wrong_day(name: str) -> None:
    wrong = wrong_days(PAGES, name)
    assert bool(wrong) == (name in KNOWN_WRONG), wrong


def test_the_probes_right_and_wrong_days_do_not_get_worse() -> None:
    right, wrong = right_and_wrong(PAGES)
    assert right >= 79 and wrong <= 2
