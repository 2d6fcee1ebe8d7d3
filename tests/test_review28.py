"""Review 28 (helper-78) of review 27's fixes: a card grid was read only where every card had
one class (a "card--featured" first card, WordPress's "post-12" and Drupal's "views-row-1"
classes, Bootstrap's "offset" column lost the grid, or its last row); one observer listed
before the grid ended it; a post's own byline was dropped after a category, an author's or
a "Back to news" link between its title and it; a sidebar block of press links (off the
site) dated the post."""

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
        OBSERVER + "<div class='row'>" + "".join(_card(*a) for a in AGENCIES) + "</div>",
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
        "<p><a href='/news/'>Back to news</a></p>",
    ],
)
def test_a_byline_after_a_link_under_the_title_is_the_posts(between: str) -> None:
    head = f"<h1 class='entry-title'>{T}</h1>{between}<p class='entry-meta'>{SPLIT}</p>"
    body = f"<article class='post'><header class='entry-header'>{head}</header>"
    assert _days(body + f"<div class='entry-content'>{EN}</div></article>") == ["2025-02-01"]


def test_a_sidebar_block_of_press_links_does_not_date_the_post() -> None:
    side = (
        f"<h4>In the press</h4><p>{SPLIT}</p><p><a href='https://www.nasa.gov/news-release/"
        "nasa-isecg-2025/'>NASA hosts ISECG partners</a></p>"
    )
    body = f"<div class='page-header'><h1>{T}</h1></div><div class='row'><div class='col-md-3'>"
    body += f"{side}</div><div class='col-md-9'><div class='entry'>{EN}</div></div></div>"
    assert _days(body) == [None]
