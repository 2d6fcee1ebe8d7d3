"""News lists in designs nobody here wrote (helper-211's pages, tests/fixtures/probe28): an
event's card among news cards, dated by its event (a badge saying "Event" or "Webinar", a
card saying so in its category), and a home page's list headed "Events", each of whose days
was taken for the linked post's publication. The news cards beside them keep their days.
Left, as a known limit: the one entry of a "Past meetings" section is still dated (its day,
withheld from the entry, is found around the section, which links nothing else)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract

SITE = "https://www.globalspaceexploration.org/"
FIXTURES = Path(__file__).parent / "fixtures" / "probe28"
CASES = {
    "L19_webflow_collection_event_field": (
        SITE + "news",
        {"news/isecg-annual-report-2024": "2025-02-20", "news/philsa-joins": "2025-01-20"},
    ),
    "L20_event_cards_variants": (
        SITE + "news/",
        {"news/ger-2024-released/": "2024-08-28", "news/philsa-joins/": "2025-01-20"},
    ),
    "L26_home_events_block_plain": (SITE, {"3090": "2024-11-05"}),  # the known limit
}


@pytest.mark.parametrize("name", CASES)
def test_only_the_news_cards_are_dated(name: str) -> None:
    url, expected = CASES[name]
    body = (FIXTURES / f"{name}.html").read_bytes()
    got = extract(url, "text/html", body, SITE, datetime(2025, 3, 1, 12, tzinfo=UTC))
    read = {str(key).removeprefix(SITE): c.value[:10] for key, c in got.list_dates.items()}
    assert read == expected
