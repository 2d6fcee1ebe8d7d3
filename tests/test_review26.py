"""Review 26 (helper-76) of review 25's fixes: counting only links that read as another
post's title, and stopping at any <h1>, let a left column's teaser date the post again (its
title in a paragraph with an excerpt, an unlinked heading with "Read more", a thumbnail, a
one-word title, a site logo's <h1> in the sidebar, `index.html` or `item.php?id=` slugs taken
for a translation's); a byline's own author link counted as another post; member cards
with social icons beside them were lost; a fact sheet's PDF became a member's website."""

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
HERO = f"<div class='page-header'><h1 class='page-title'>{T}</h1></div>"


def _days(side: str, url: str = URL, hero: str = HERO, own: str = "") -> list[str | None]:
    main = f"<div class='col-md-9'>{own}<div class='entry'>{EN}</div></div>"
    body = f"{hero}<div class='row'><div class='col-md-3'>{side}</div>{main}</div>"
    html = f"<html><head><title>{T} - ISECG</title></head><body>{body}</body></html>"
    got = extract(url, "text/html", html.encode(), SITE, CAPTURED)
    return [(n.published or "")[:10] or None for n in got.news]


GER = "<a href='/news/ger-2024/'>GER 2024 released</a>"


@pytest.mark.parametrize(
    ("side", "url"),
    [
        (f"<h4>Featured</h4><p>{SPLIT}</p><p>{GER}: the roadmap's fourth edition</p>", URL),
        (
            f"<h4>GER 2024 released</h4><p>{SPLIT}</p><p>The fourth edition is out."
            " <a href='/news/ger-2024/'>Read more</a></p>",
            URL,
        ),
        (f"<h4>Latest</h4><p>{SPLIT}</p><p><a href='/news/artemis/'>Artemis</a></p>", URL),
        (
            f"<h1 class='logo'><a href='/'>ISECG</a></h1><h4>Latest</h4><p>{SPLIT}</p><p>{GER}</p>",
            URL,
        ),
        (
            f"<h4>Featured</h4><p>{SPLIT}</p><p><a href='/news/ger-2024/index.html'>GER 2024"
            " released</a></p>",
            SITE + "news/workshop-2023/index.html",
        ),
        (
            f"<h4>Featured</h4><p>{SPLIT}</p><p><a href='/news/item.php?id=12'>GER 2024"
            " released</a></p>",
            SITE + "news/item.php?id=17",
        ),
    ],
)
def test_a_teasers_byline_beside_the_text_dates_no_post(side: str, url: str) -> None:
    assert _days(side, url) == [None]


def test_the_posts_own_day_stands_beside_a_teaser() -> None:
    side = f"<h4>Featured</h4><p>{SPLIT}</p><p>{GER}: the roadmap's fourth edition</p>"
    assert _days(side, own="<p class='date'>14 December 2023</p>") == ["2023-12-14"]


def test_a_bylines_own_author_link_is_no_other_post() -> None:
    author = "<span class='author'><a href='/team/jane-doe/'>Jane Doe</a></span>"
    meta = f"<p class='byline'>Posted on 14 <b>December</b> 2023 by {author}</p>"
    article = f"<article class='post'><h2 class='entry-title'>{T}</h2>"
    article += f"<div class='entry-meta'><span class='avatar'></span>{meta}</div>"
    article += f"<div class='entry-content'>{EN}</div></article>"
    html = (
        f"<html><head><title>{T} - ISECG</title></head><body><main>{article}</main></body></html>"
    )
    got = extract(URL, "text/html", html.encode(), SITE, CAPTURED)
    assert [(n.published or "")[:10] for n in got.news] == ["2023-12-14"]


AGENCIES = [("NASA", "https://www.nasa.gov/", "nasa"), ("ESA", "https://www.esa.int/", "esa")]


def _members(card: str) -> list[tuple[str | None, str | None]]:
    grid = "".join(card.format(name=n, web=w, image=i) for n, w, i in AGENCIES)
    html = f"<body><main><h2>Member agencies</h2><div class='row'>{grid}</div></main></body>"
    members, _, _ = members_from_html(SITE + "members/", html, SITE)
    return [(m.acronym, m.website) for m in members]


def test_member_cards_with_social_icons_beside_them_are_read() -> None:
    card = (
        "<div class='col-md-3'><div class='card'><img src='/img/{image}.png' alt=''>"
        "<h5>{name}</h5><a href='{web}'>Website</a></div><div class='social'>"
        "<a href='https://twitter.com/{image}'><img src='/i/x.svg' alt=''></a>"
        "<a href='https://www.linkedin.com/company/{image}'><img src='/i/in.svg' alt=''></a>"
        "</div></div>"
    )
    assert _members(card) == [(n, w) for n, w, _ in AGENCIES]


def test_a_cards_website_is_never_its_fact_sheet() -> None:
    card = (
        "<div class='col-md-3'><div class='card'><img src='/img/{image}.png' alt=''>"
        "<div class='card-body'><h5>{name}</h5><p>See <a href='https://en.wikipedia.org/wiki/"
        "{name}'>encyclopedia</a> and the <a href='https://www.isecg-archive.net/{image}.pdf'>"
        "fact sheet</a>.</p><a href='{web}'>Visit {name}</a></div></div></div>"
    )
    assert _members(card) == [(n, w) for n, w, _ in AGENCIES]
