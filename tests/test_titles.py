"""A post's title is its own: the site's name and a section's name ("News", "Press Release",
"Новости") come off a <title>, and a section's name alone never titles a post."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from scraper.extract import extract

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
TEXT = "<p>" + "Delegates of the member agencies met to review the roadmap and its updates. " * 4


def title_of(head: str, body: str, more_head: str = "") -> str | None:
    page = f"<html><head><title>{head}</title>{more_head}</head>"
    page += f"<body><main>{body}{TEXT}</p></main></body>"
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
        ("Réunion du ISECG à Paris : Actualités | ISECG", "", "Réunion du ISECG à Paris"),
        # no site's name came off: the last part may be the headline's own
        ("Lunar Gateway - Updates", "", "Lunar Gateway - Updates"),
        # a rubric's bare <h1> is not a part of a <title> split at its colon (review 18)
        (
            "Exploration lunaire : accord signé",
            "<div class='rubrique'><h1>Exploration lunaire</h1></div>",
            "Exploration lunaire : accord signé",
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


def test_a_headline_keeps_its_last_words() -> None:
    """The post's own JSON-LD headline, which outranks its heading, is never cut where a
    section's name might end a <title> (review 18: "Artemis I Launch - Updates")."""
    headline = "Artemis I Launch \u2013 Updates"
    data = json.dumps({"@context": "https://schema.org", "@type": "Article", "headline": headline})
    script = f"<script type='application/ld+json'>{data}</script>"
    assert title_of(f"{headline} | ISECG", f"<h1>{headline}</h1>", script) == headline
