"""Review 24 (helper-74) of the day's reading of titles, bylines and member cards: a left
column's teaser ("Posted by <a>isecg</a> on 1 February 2025" beside another post's link)
dated a post whose title stands in a banner above; a call to action, a newsletter's box or
an event's card after the members' logos became a member; a card's Twitter or Wikipedia link
became its agency's website; "18 Mars 2020" (the rover) read as a French date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scraper.extract import extract
from scraper.extract.dates import parse_text
from scraper.extract.members import members_from_html
from tests.prose import EN

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
T = "ISECG Workshop on Lunar Surface Logistics"
HERO = (
    f"<div class='page-header'><div class='container'><h1 class='page-title'>{T}</h1></div></div>"
)
TEASER = (
    "<div class='col-md-3'><h4>Latest</h4><div class='teaser'><h5><a href='/news/ger-2024/'>"
    "GER 2024 released</a></h5><p>Posted by <a href='/author/isecg/'>isecg</a> on 1 February"
    " 2025</p></div></div>"
)


def _days(main: str, url: str) -> list[str | None]:
    body = f"{HERO}<div class='container'><div class='row'>{TEASER}<div class='col-md-9'>{main}"
    html = f"<html><head><title>{T} - ISECG</title></head><body>{body}</div></div></div></body>"
    got = extract(url, "text/html", html.encode(), SITE, CAPTURED)
    return [(n.published or "")[:10] or None for n in got.news]


@pytest.mark.parametrize("url", [SITE + "?p=1700", SITE + "news/isecg-workshop-lunar-logistics/"])
def test_a_left_columns_teaser_does_not_date_the_post(url: str) -> None:
    assert _days(f"<div class='entry'>{EN}</div>", url) == [None]
    own = f"<div class='entry'>{EN}</div><p class='posted'>10 November 2023</p>"
    assert _days(own, url) == ["2023-11-10"]


AGENCIES = [
    ("NASA", "https://www.nasa.gov/", "nasa"),
    ("ESA", "https://www.esa.int/", "esa"),
    ("JAXA", "https://global.jaxa.jp/", "jaxa"),
]


def _card(inner: str, image: str) -> str:
    logo = f"<img src='/img/{image}.png' alt=''>"
    return f"<div class='col'><div class='member-card'>{logo}{inner}</div></div>"


CARDS = "".join(
    _card(f"<h3>{name}</h3><a href='{web}'>Visit website</a>", image)
    for name, web, image in AGENCIES
)
NAMED = "".join(
    f"<div class='col'><a href='{web}'><img src='/img/{image}.png' alt='{name} logo'></a></div>"
    for name, web, image in AGENCIES
)


def _members(grid: str, after: str = "") -> list[tuple[str, str | None]]:
    html = f"<body><main><h2>Member agencies</h2><div class='row'>{grid}</div>{after}</main></body>"
    members, _, _ = members_from_html(SITE + "members/", html, SITE)
    return [(m.name, m.website) for m in members]


@pytest.mark.parametrize(
    "card",
    [
        _card("<h3>Become a member</h3><a href='https://forms.gle/abc123'>Apply now</a>", "hands"),
        _card(
            "<h3>Subscribe to our newsletter</h3>"
            "<a href='https://isecg.us12.list-manage.com/subscribe'>Subscribe</a>",
            "news",
        ),
        _card(
            "<h4>ISECG Plenary 2025</h4><a href='https://www.iafastro.org/events/'>IAC</a>", "iac"
        ),
    ],
)
@pytest.mark.parametrize("grid", [CARDS, NAMED])
def test_a_card_after_the_members_is_no_member(grid: str, card: str) -> None:
    expected = [(name, web) for name, web, _ in AGENCIES]
    assert _members(grid, f"<div class='row'>{card}</div>") == expected
    if grid == CARDS and "Plenary" not in card:  # a call to action inside the grid
        assert _members(grid + card) == expected


@pytest.mark.parametrize(
    "inner",
    [
        "<h3>{name}</h3><a href='https://twitter.com/{image}'>Twitter</a>"
        " <a href='{web}'>Website</a>",
        "<h3><a href='https://en.wikipedia.org/wiki/{name}'>{name}</a></h3>"
        "<a href='{web}'>Website</a>",
    ],
)
def test_a_cards_website_is_the_agencys_not_a_social_or_encyclopedia_page(inner: str) -> None:
    grid = "".join(
        _card(inner.format(name=name, web=web, image=image), image) for name, web, image in AGENCIES
    )
    assert _members(grid) == [(name, web) for name, web, _ in AGENCIES]


def test_mars_the_planet_is_no_french_month() -> None:
    assert parse_text("18 Mars 2020") is None
    assert parse_text("18 mars 2020") is not None
    html = (
        "<html><head><title>Ten Mars 2020 facts</title></head><body><main><h1>Ten Mars 2020"
        f" facts</h1><p class='date'>November 10, 2023</p><div class='entry'>{EN}</div>"
        "<h3>18 Mars 2020</h3></main></body></html>"
    )
    got = extract(SITE + "news/ten-mars-facts/", "text/html", html.encode(), SITE, CAPTURED)
    assert [n.published for n in got.news] == ["2023-11-10"]
