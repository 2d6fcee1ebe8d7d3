"""Review 28 (helper-78) of review 27's fixes: a card grid was read only where every card had
one class (a "card--featured" first card, WordPress's "post-12" and Drupal's "views-row-1"
classes, Bootstrap's "offset" column lost the grid, or its last row); a sidebar block of
press links (off the site) dated the post. Its other two findings (one observer before the
grid; a category's link between the title and the byline) were read, then undone by
review 29 (helper-79): the fix gave sponsors' cards and a previous post's day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scraper.extract import extract
from scraper.extract.members import members_from_html
from tests.prose import EN

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
T = "ISECG Workshop on Lunar Surface Logistics"
URL = SITE + "news/isecg-workshop-lunar-logistics/"
SPLIT = "Posted on 1 <span>February</span> 2025"
AGENCIES = [
    ("NASA", "https://www.nasa.gov/", "nasa"),
    ("ESA", "https://www.esa.int/", "esa"),
    ("JAXA", "https://global.jaxa.jp/", "jaxa"),
]


def _card(name: str, web: str, image: str, cls: str = "card", col: str = "col-md-4") -> str:
    return (
        f"<div class='{col}'><div class='{cls}'><img src='/img/{image}.png' alt=''>"
        f"<div class='card-body'><h4>{name}</h4><a href='{web}'>Visit website</a></div></div></div>"
    )


FEATURED = _card(*AGENCIES[0], cls="card card--featured") + "".join(_card(*a) for a in AGENCIES[1:])
OFFSET = "".join(_card(*a) for a in AGENCIES[:2]) + _card(*AGENCIES[2], col="col-md-4 offset-md-4")
OBSERVER = "<ul><li><a href='https://www.unoosa.org/'>UNOOSA</a> (observer)</li></ul>"


@pytest.mark.parametrize(
    "inner",
    [
        f"<div class='row'>{FEATURED}</div>",
        f"<div class='row'>{OFFSET}</div>",
    ],
)
def test_a_grid_of_member_cards_is_read_whatever_each_cards_class(inner: str) -> None:
    html = f"<body><main><h2>Member agencies</h2>{inner}</main></body>"
    found, _, _ = members_from_html(SITE + "members/", html, SITE)
    assert [m.website for m in found if m.key != "unoosa.org"] == [w for _, w, _ in AGENCIES]


def _days(body: str) -> list[str | None]:
    html = f"<html><head><title>{T} - ISECG</title></head><body>{body}</body></html>"
    got = extract(URL, "text/html", html.encode(), SITE, CAPTURED)
    return [(n.published or "")[:10] or None for n in got.news]


@pytest.mark.parametrize(
    "between",
    [
        "<p class='cat'><a href='/news/meetings/'>Meetings</a></p>",
        "<p><a href='/people/jane/'>Jane Doe</a></p>",
        "<a rel='prev' href='/news/ger-2024-released/'>GER 2024 released</a>",
        "<p>Article précédent : <a href='/fr/news/ger-2024/'>GER 2024</a></p>",
    ],
)
def test_a_byline_after_a_link_under_the_title_dates_nothing(between: str) -> None:
    """Review 29 (helper-79) undid review 28's reading of these: a previous post's link need
    not say so (rel="prev", "Article précédent"), and its day below it would be taken. A
    category's or an author's link there drops the post's own byline too: a lost day, never
    a wrong one."""
    head = f"<h1 class='entry-title'>{T}</h1>{between}<p class='entry-meta'>{SPLIT}</p>"
    body = f"<article class='post'><header class='entry-header'>{head}</header>"
    assert _days(body + f"<div class='entry-content'>{EN}</div></article>") == [None]


@pytest.mark.parametrize(
    "before",
    [
        OBSERVER,  # one observer before the grid ends it: the observer alone, as before
        "<ul><li><a href='https://www.nasa.gov/'>NASA</a></li></ul><p>Supported by</p>",
    ],
)
def test_cards_after_one_entry_of_another_kind_are_no_members(before: str) -> None:
    """Review 29: one agency listed before a grid of sponsors' cards lost the agency to them
    (logos win over a list)."""
    sponsors = "".join(
        _card(n, f"https://www.{i}.com/", i) for n, i in (("Airbus", "airbus"), ("Thales", "tas"))
    )
    html = f"<body><main><h2>Member agencies</h2>{before}<div class='row'>{sponsors}</div>"
    found, _, _ = members_from_html(SITE + "members/", html + "</main></body>", SITE)
    assert [m.name for m in found if m.key in ("airbus.com", "tas.com")] == []


def test_a_sidebar_block_of_press_links_does_not_date_the_post() -> None:
    side = (
        f"<h4>In the press</h4><p>{SPLIT}</p><p><a href='https://www.nasa.gov/news-release/"
        "nasa-isecg-2025/'>NASA hosts ISECG partners</a></p>"
    )
    body = f"<div class='page-header'><h1>{T}</h1></div><div class='row'><div class='col-md-3'>"
    body += f"{side}</div><div class='col-md-9'><div class='entry'>{EN}</div></div></div>"
    assert _days(body) == [None]


@pytest.mark.parametrize(
    "after",
    [
        "<p class='label'><strong>Sponsor</strong></p><div class='row'>{sponsor}</div>",
        "<div class='supported-by'><div class='row'>{sponsor}</div></div>",
    ],
)
def test_a_sponsors_card_after_or_among_the_member_cards_is_no_member(after: str) -> None:
    """Review 29: a "Sponsor" label or a "supported-by" box before a card of the members'
    shape, or a card classed as a sponsor's in their own grid, made the sponsor a member."""
    sponsor = _card("Airbus", "https://www.airbus.com/", "airbus")
    cards = "".join(_card(*a) for a in AGENCIES)
    among = _card("Airbus", "https://www.airbus.com/", "airbus", cls="card sponsor-card")
    for page in (
        f"<div class='row'>{cards}</div>" + after.format(sponsor=sponsor),
        f"<div class='row'>{cards}{among}</div>",
    ):
        html = f"<body><main><h2>Member agencies</h2>{page}</main></body>"
        found, _, _ = members_from_html(SITE + "members/", html, SITE)
        assert [m.website for m in found] == [w for _, w, _ in AGENCIES]
