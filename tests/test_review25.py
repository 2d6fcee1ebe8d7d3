"""Review 25 (helper-75) of review 24's fixes: the teaser guard dropped a post's own byline
split across inline elements ("Posted on 14 <span>December</span> 2023") wherever its header
also linked the previous post, a related one, a translation or a breadcrumb; Elementor's
member image boxes, nested deeper than the grid check looked, were lost. (It also asked for
a French badge in capitals, "18 MARS 2020", to be read; review 26 showed "2 MARS 2020" on an
English page, and capitals stay unread.)"""

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
BYLINE = (
    "<p class='x'>Posted on 14 <span>December</span> 2023 by <a href='/author/isecg/'>isecg</a></p>"
)


def _days(body: str, url: str = URL) -> list[str | None]:
    html = f"<html><head><title>{T} - ISECG</title></head><body>{body}</body></html>"
    got = extract(url, "text/html", html.encode(), SITE, CAPTURED)
    return [(n.published or "")[:10] or None for n in got.news]


@pytest.mark.parametrize(
    "extra",
    [
        "<nav class='post-nav'><a href='/news/ger-2024-released/'>&laquo; GER 2024 released</a>"
        " <a href='/news/plenary-2024/'>Plenary 2024 &raquo;</a></nav>",
        "<p class='related'>Related: <a href='/news/isecg-plenary-2023/'>ISECG Plenary"
        " 2023</a></p>",
        "<p class='lang'><a href='/fr/news/isecg-workshop-lunar-logistics/'>Lire en"
        " français</a></p>",
        "<ol class='breadcrumb'><li><a href='/'>Home</a></li><li><a href='/news/'>News</a></li>"
        "<li><a href='/news/meetings/'>Meetings</a></li></ol>",
    ],
)
def test_a_split_byline_in_the_posts_own_header_is_read(extra: str) -> None:
    head = f"<div class='post-head'><h1>{T}</h1>{BYLINE}{extra}</div>"
    assert _days(f"<div class='wrap'>{head}<div class='txt'>{EN}</div></div>") == ["2023-12-14"]


def test_a_featured_columns_byline_beside_another_posts_title_dates_nothing() -> None:
    side = (
        "<div class='col-md-3'><h4>Featured</h4><p>Posted by <a href='/author/isecg/'>isecg</a>"
        " on 1 February 2025</p><p><a href='/news/ger-2024/'>GER 2024 released</a></p></div>"
    )
    hero = f"<div class='page-header'><h1 class='page-title'>{T}</h1></div>"
    main = f"<div class='col-md-9'><div class='entry'>{EN}</div></div>"
    body = f"{hero}<div class='row'>{side}{main}</div>"
    assert _days(body) == [None]


def test_a_badge_in_capitals_naming_mars_is_no_date() -> None:
    """Review 26 undid review 25's reading of "18 MARS 2020": on an English page "2 MARS 2020"
    names the mission. A French badge in capitals goes undated: a wrong day is worse."""
    fr = (
        "<p>Les délégations des agences membres se sont réunies pour faire le point sur la"
        " stratégie mondiale d'exploration et préparer les prochaines étapes du groupe.</p>"
    )
    head = f"<div class='post-head'><h1>{T}</h1><span class='date'>18 MARS 2020</span></div>"
    assert _days(f"<div class='wrap'>{head}<div class='txt'>{fr}</div></div>") == [None]
    head = "<div class='post-head'><h1>Mars Sample Return update</h1>"
    head += "<span class='badge'>2 MARS 2020</span></div>"
    url = SITE + "news/msr-update/"
    assert _days(f"<div class='wrap'>{head}<div class='txt'>{EN}</div></div>", url) == [None]


def test_elementors_member_image_boxes_are_read() -> None:
    agencies = [("NASA", "https://www.nasa.gov/"), ("ESA", "https://www.esa.int/")]
    boxes = "".join(
        "<div class='elementor-column'><div class='elementor-widget-wrap'><div class='elementor"
        "-widget-image-box'><div class='elementor-widget-container'><div class='elementor-image"
        f"-box-wrapper'><figure><a href='{web}'><img src='/img/{name}.png' alt=''></a></figure>"
        f"<div class='elementor-image-box-content'><h3><a href='{web}'>{name}</a></h3><p>Space"
        " agency</p></div></div></div></div></div></div>"
        for name, web in agencies
    )
    html = f"<body><main><h2>Member agencies</h2><div class='elementor-row'>{boxes}</div></main>"
    members, _, _ = members_from_html(SITE + "members/", html + "</body>", SITE)
    assert [(m.acronym, m.website) for m in members] == agencies
