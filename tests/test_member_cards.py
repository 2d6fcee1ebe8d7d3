"""Member cards (probe 14's Wagtail page, tests/fixtures/probe14/members): an empty-alt logo
beside the agency's name in a heading and a "Visit website" link. The cards' headings ended
the members' block and their logos named nothing: all 8 members were lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.extract.members import members_from_html

SITE = "https://www.globalspaceexploration.org/"
PAGES = Path(__file__).parent / "fixtures" / "probe14" / "members"


@pytest.mark.parametrize("where", ["url", "wp_url"])
def test_wagtails_member_cards_are_read(where: str) -> None:
    name = "w04-wagtail-members-streamfield-cards"
    case = json.loads((PAGES / f"{name}.json").read_text())
    members, block, problems = members_from_html(
        case[where], (PAGES / f"{name}.html").read_text(), SITE
    )
    assert [m.key for m in members] == case["truth"]["members"]
    assert block and problems == []
    assert members[0].name == "Italian Space Agency (ASI)"
    assert members[0].website == "https://www.asi.it/"


def _card(name: str, host: str, image: str = "logo.png") -> str:
    return (
        f"<div class='col'><div class='card'><img src='/img/{image}' alt=''>"
        f"<h3>{name}</h3><a href='https://{host}/'>Visit website</a></div></div>"
    )


CARDS = _card("Italian Space Agency (ASI)", "www.asi.it") + _card(
    "UAE Space Agency", "space.gov.ae"
)


def _keys(after: str) -> list[str]:
    html = f"<body><main><h2>ISECG Members</h2><div class='grid'>{CARDS}</div>{after}</main></body>"
    members, _, _ = members_from_html(SITE + "members/", html, SITE)
    return [m.key for m in members]


def test_a_next_sections_banner_and_heading_is_no_members_card() -> None:
    """One image and a heading, linking the site's own pages: the next section, which ends
    the block as any heading does."""
    news = (
        "<div class='teaser'><img src='/img/banner.jpg' alt=''><h3>Latest news</h3>"
        "<a href='/news/'>All news</a></div>"
    )
    assert _keys(news + _card("Polish Space Agency (POLSA)", "polsa.gov.pl")) == [
        "asi.it",
        "space.gov.ae",
    ]


def test_observers_after_the_cards_are_no_members() -> None:
    observers = (
        "<h2>Observers</h2><div class='grid'>" + _card("Space Agency X", "x.example") + "</div>"
    )
    assert _keys(observers) == ["asi.it", "space.gov.ae"]
    # a card's heading naming another group ends the block too
    assert _keys(_card("Observers", "x.example")) == ["asi.it", "space.gov.ae"]
