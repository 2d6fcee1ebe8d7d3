"""Review 27 (helper-77) of review 26's fixes: a grid of sponsors' or heads of delegation's
cards after the members' list or logos joined the members (and, logos winning over a list,
replaced them); a carousel of one slide under "Our members" named its agency "Our members";
a previous post's link with its day below it in the post's header dated the post; a teaser
linking `news-ger-2024.html` or `news.php?id=12` was taken for no other post."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scraper.extract import extract
from scraper.extract.members import members_from_html
from tests.prose import EN

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
T = "ISECG Workshop on Lunar Surface Logistics"
SPLIT = "Posted on 1 <span>February</span> 2025"
AGENCIES = [("NASA", "https://www.nasa.gov/", "nasa"), ("ESA", "https://www.esa.int/", "esa")]
LIST = "<ul>" + "".join(f"<li><a href='{w}'>{n}</a></li>" for n, w, _ in AGENCIES) + "</ul>"
LOGOS = (
    "<div class='logos'>"
    + "".join(f"<a href='{w}'><img src='/img/{i}.png' alt='{n}'></a>" for n, w, i in AGENCIES)
    + "</div>"
)
SPONSORS = (
    "<div class='row'>"
    + "".join(
        f"<div class='col-md-4'><div class='card'><img src='/sp/{i}.png' alt=''>"
        "<div class='card-body'>"
        f"<h4>{n}</h4><a href='https://www.{i}.com/'>Visit website</a></div></div></div>"
        for n, i in (("Acme Rockets", "acme"), ("Orbital Widgets", "orbital"))
    )
    + "</div>"
)
PEOPLE = (
    "<div class='row'>"
    + "".join(
        f"<div class='col-md-4'><div class='person'><img src='/people/{i}.jpg' alt=''><h4>{n}</h4>"
        f"<a href='https://orcid.org/0000-{i}'>ORCID</a></div></div>"
        for n, i in (("Jane Doe, Head of Delegation", "jane"), ("John Roe, Head", "john"))
    )
    + "</div>"
)


@pytest.mark.parametrize(
    ("members", "after"),
    [
        (LIST, "<p><strong>Industry sponsors</strong></p>" + SPONSORS),
        (LOGOS, SPONSORS),
        (LIST, "<p><strong>Heads of delegation</strong></p>" + PEOPLE),
        (LOGOS, "<p><strong>Heads of delegation</strong></p>" + PEOPLE),
    ],
)
def test_cards_after_the_members_list_or_logos_are_no_members(members: str, after: str) -> None:
    html = f"<body><main><h2>Member agencies</h2>{members}{after}</main></body>"
    found, _, _ = members_from_html(SITE + "members/", html, SITE)
    assert [m.website for m in found] == [w for _, w, _ in AGENCIES]


def test_a_carousel_of_one_slide_does_not_name_its_agency_by_the_heading() -> None:
    html = (
        "<body><main><div class='widget'><h3>Our members</h3><div class='slider'><a href="
        "'https://www.nasa.gov/'><img src='/img/nasa.png' alt=''></a></div></div></main></body>"
    )
    found, _, _ = members_from_html(SITE, html, SITE)
    assert [(m.key, m.name) for m in found] == [
        ("nasa.gov", "National Aeronautics and Space Administration")
    ]


def _days(html_body: str, url: str) -> list[str | None]:
    html = f"<html><head><title>{T} - ISECG</title></head><body>{html_body}</body></html>"
    got = extract(url, "text/html", html.encode(), SITE, CAPTURED)
    return [(n.published or "")[:10] or None for n in got.news]


def test_a_previous_posts_day_in_the_header_is_not_the_posts() -> None:
    head = f"<h1 class='entry-title'>{T}</h1><nav class='post-nav'><a href='/news/ger-2024/'>"
    head += f"Previous: GER 2024 released</a></nav><p class='prev-date'>{SPLIT}</p>"
    body = f"<article class='post'><header class='entry-header'>{head}</header>"
    body += f"<div class='entry-content'>{EN}</div></article>"
    assert _days(body, SITE + "news/isecg-workshop-lunar-logistics/") == [None]


@pytest.mark.parametrize(
    ("url", "href"),
    [
        (SITE + "news-workshop-2023.html", "news-ger-2024.html"),
        (SITE + "news.php?id=17", "news.php?id=12"),
        (SITE + "news/isecg-workshop/", "/ger-2024/"),
    ],
)
def test_a_teaser_at_a_flat_address_dates_no_post(url: str, href: str) -> None:
    hero = f"<div class='page-header'><h1>{T}</h1></div>"
    side = f"<h4>Featured</h4><p>{SPLIT}</p><p><a href='{href}'>GER 2024 released</a></p>"
    main = f"<div class='col-md-9'><div class='entry'>{EN}</div></div>"
    assert _days(f"{hero}<div class='row'><div class='col-md-3'>{side}</div>{main}</div>", url) == [
        None
    ]


def test_member_cards_in_two_rows_are_one_block() -> None:
    """After cards, more cards are the members' still (a grid in rows of two)."""
    agencies = [*AGENCIES, ("JAXA", "https://global.jaxa.jp/", "jaxa")]
    cards = [
        f"<div class='col'><div class='card'><img src='/img/{i}.png' alt=''><h5>{n}</h5>"
        f"<a href='{w}'>Website</a></div></div>"
        for n, w, i in agencies
    ]
    rows = f"<div class='row'>{''.join(cards[:2])}</div><div class='row'>{cards[2]}</div>"
    html = f"<body><main><h2>Member agencies</h2>{rows}</main></body>"
    found, _, _ = members_from_html(SITE + "members/", html, SITE)
    assert [m.website for m in found] == [w for _, w, _ in agencies]
