"""A post's title is its own: the site's name and a section's name ("News", "Press Release",
"Новости") come off a <title>, and a section's name alone never titles a post."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scraper.extract import extract

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
TEXT = "<p>" + "Delegates of the member agencies met to review the roadmap and its updates. " * 4


def title_of(head: str, body: str) -> str | None:
    page = f"<html><head><title>{head}</title></head><body><main>{body}{TEXT}</p></main></body>"
    (news,) = extract(SITE + "?p=12", "text/html", page.encode(), SITE, CAPTURED).news
    return news.title


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        # a section's name left where the site's was taken off
        ("ISECG meets in Cologne - News - ISECG", "", "ISECG meets in Cologne"),
        ("ISECG meets in Cologne | Press Releases | ISECG", "", "ISECG meets in Cologne"),
        # the section and the site in one part, a colon spaced on both sides
        ("Руководители встретились : Новости ISECG", "", "Руководители встретились"),
        ("Réunion du ISECG à Paris : Actualités", "", "Réunion du ISECG à Paris"),
        # a bare <h1> that is a part of the <title> so split is the page's own name
        (
            "Réunion du ISECG à Paris : Actualités ISECG",
            "<h1>Réunion du ISECG à Paris</h1>",
            "Réunion du ISECG à Paris",
        ),
        # a headline's own colon and dash stay
        ("Artemis: the next step | ISECG", "", "Artemis: the next step"),
        ("Moon - Mars: a roadmap | ISECG", "", "Moon - Mars: a roadmap"),
        # a board's <title> names its section on every post: no title rather than that one
        ("Press Release | ISECG", "<h3>Press Release</h3>", None),
        ("News | ISECG", "", None),
    ],
)
def test_a_title_without_the_sites_or_a_sections_name(head: str, body: str, title: str) -> None:
    assert title_of(head, body) == title
