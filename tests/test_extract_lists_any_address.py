"""A news list of another system than WordPress dates the posts it links (helper-58, probe 13
L2): its dates are keyed by the linked post's canonical URL, the key its record has
(reconcile.news_id), where WordPress's stay keyed by the post id."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract
from scraper.extract.types import Candidate, DateCandidate, News
from scraper.reconcile import news_id, reconcile_news

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parent / "fixtures" / "other_cms"


@pytest.mark.parametrize(
    ("name", "path", "expected"),
    [
        (
            "joomla4-list",
            "news",
            {
                "news/1950-isecg-publishes-2024-annual-report": "2025-02-20",
                "news/1885-collaboration-beyond-borders": "2024-12-12",
                "news/1700-isecg-meets-songdo-korea": "2023-12-14",
                "news/1180-new-zealand-space-agency-joins": "2021-06-10",
            },
        ),
        (
            "hugo-papermod-list",
            "news/",
            {
                "news/collaboration-beyond-borders/": "2024-12-12",
                "news/isecg-meets-songdo-korea/": "2023-12-14",
                "news/new-zealand-space-agency-joins/": "2021-06-10",
            },
        ),
    ],
)
def test_a_list_dates_posts_by_their_address(
    name: str, path: str, expected: dict[str, str]
) -> None:
    body = (FIXTURES / f"{name}.html").read_bytes()
    got = extract(SITE + path, "text/html", body, SITE, CAPTURED)
    assert {k: v.value[:10] for k, v in got.list_dates.items()} == {
        SITE + k: day for k, day in expected.items()
    }


def test_the_list_date_reaches_the_record_keyed_by_its_address() -> None:
    url = SITE + "news/isecg-meets-songdo-korea/"
    record = News(
        url=url,
        wp_id=None,
        title="T",
        title_source="heading",
        published=None,
        published_source=None,
        candidates=(Candidate("title", "T", "heading"),),
    )
    seen = object()
    listed: dict[int | str, DateCandidate] = {url: DateCandidate("2023-12-14", "list", "14 Dec")}
    merged, _ = reconcile_news({news_id(url): (record, seen)}, {}, {}, listed)
    assert merged[url][0].published == "2023-12-14"
