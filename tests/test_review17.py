"""Review 17 (helper-66) of the other-posts rule (scraper/extract/others.py): a "Back to News
Releases" link beside the post's day, and a link in the post's own text, were taken for
other posts, and the block holding the day went with them: the day lost, and at the post's
own address its record. Each case is the reviewer's page (tests/fixtures/review17/)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
CASES = Path(__file__).parent / "fixtures" / "review17"


def days(name: str, path: str) -> list[str]:
    body = (CASES / f"{name}.html").read_bytes()
    got = extract(SITE + path, "text/html", body, SITE, CAPTURED)
    return [(n.published or "")[:10] for n in got.news]


@pytest.mark.parametrize("path", ["?p=1885", "news/agencies-meet-in-tokyo/"])
@pytest.mark.parametrize(
    "name",
    [
        "c3_back_to_news_releases",  # /about/news-releases/: a list, not a post
        "c11_back_link_and_page_reviewed",
        "c1_wrapper_date_text_link",  # "Global Exploration Roadmap" in a paragraph of the text
    ],
)
def test_the_posts_day_stays_beside_a_link_that_names_no_other_post(name: str, path: str) -> None:
    assert days(name, path) == ["2020-03-12"]


def test_a_back_link_does_not_leave_another_day_alone() -> None:
    """With "3 April 2019" after the text too, the two days disagree: none, never April's."""
    assert days("c10_back_link_and_date_below", "?p=1885") in ([""], ["2020-03-12"])
