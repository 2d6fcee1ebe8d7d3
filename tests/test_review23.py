"""Review 23 (helper-73) of review 22's fixes and the member cards: a breadcrumb of spans
(Yoast's, Rank Math's) or a banner naming the post before its <h1> anchored its date near a
top bar's "today"; an event in an <aside> named as the post did the same; a byline after a
lead paragraph or a caption was dropped, as was one in a "news-events" box; a sidebar column
no class names dated the post by another post's day; a post at `/news/?id=123` was read as
a list of its siblings. Members: sponsors', social links' and partners' cards after the
logos were read as members, a named logo took its card's Twitter link as its website."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scraper.extract import extract
from scraper.extract.members import members_from_html
from tests.prose import EN

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
URL = SITE + "news/isecg-plenary-rome/"
T = "ISECG Plenary Meeting in Rome"
BYLINE = "<p>Posted by <a href='/author/admin/'>admin</a> on 10 November 2023</p>"
YOAST = (
    "<p id='breadcrumbs'><span><span><a href='/'>Home</a></span> » <span><a href='/news/'>"
    f"News</a></span> » <span class='breadcrumb_last' aria-current='page'>{T}</span></span></p>"
)
LEAD = (
    "<p class='lead'>The fourteenth plenary of the International Space Exploration"
    " Coordination Group gathered agencies in Rome this week.</p>"
)
POST = f"<main><article><h1>{T}</h1>{BYLINE}<div class='text'>{EN}</div></article></main>"


def _days(body: str, url: str = URL) -> list[str | None]:
    html = f"<html><head><title>{T} - ISECG</title></head><body>{body}</body></html>"
    got = extract(url, "text/html", html.encode(), SITE, CAPTURED)
    return [(n.published or "")[:10] or None for n in got.news]


@pytest.mark.parametrize(
    "before",
    [
        f"<div class='topbar'><span>1 March 2025</span></div>{YOAST}",  # a top bar's "today"
        f"<div class='hero'><div class='hero-title'>{T}</div><div>1 March 2025</div></div>",
        f"<aside class='sidebar'><h3>Upcoming events</h3><ul><li><span>{T}</span>"
        "<div>14 March 2025</div></li><li><span>Workshop</span><div>2 June 2025</div></li></ul>"
        "</aside>",
    ],
)
def test_what_names_the_post_before_its_h1_does_not_anchor_its_date(before: str) -> None:
    assert _days(f"<div class='site'>{before}{POST}</div>") == ["2023-11-10"]


@pytest.mark.parametrize(
    "before",
    [
        LEAD,
        "<div class='wp-caption'><img src='/a.jpg' alt=''><p class='wp-caption-text'>"
        "Heads of delegation at the opening session of the plenary in Rome, Italy, on the first"
        " day.</p></div>",
    ],
)
def test_a_byline_after_a_lead_or_a_caption_is_read(before: str) -> None:
    body = (
        f"<main><article><h1>{T}</h1>{before}{BYLINE}<div class='text'>{EN}</div></article></main>"
    )
    assert _days(body) == ["2023-11-10"]


@pytest.mark.parametrize("box", ["news-events", "event-news", "post-event-report", "meetings"])
def test_a_byline_in_a_sections_events_box_is_read(box: str) -> None:
    body = f"<main><article><h1>{T}</h1>{LEAD}<div class='{box}'>{BYLINE}</div>"
    assert _days(body + f"<div class='text'>{EN}</div></article></main>") == ["2023-11-10"]


def test_a_column_beside_the_post_does_not_date_it() -> None:
    side = "<div class='col-side'><h3>Other</h3><p>14 December 2023</p></div>"
    main = f"<div class='col-main'><div class='title'>{T}</div>{EN}</div>"
    body = f"<div class='wrap'>{main}{side}</div>"
    assert _days(body) == [None]


def test_a_post_at_a_query_address_is_no_list_of_its_siblings() -> None:
    cards = "".join(
        f"<div class='card'><a href='/news/u-{i}' class='card-link'><div class='card-title'>"
        f"Update {i} from the working group</div><div class='card-date'>{10 + i} March 2023"
        "</div></a></div>"
        for i in range(3)
    )
    body = f"<div class='ttl'><strong>{T}</strong></div><div class='d'><span class='news-date'>"
    body += f"10 November 2023</span></div><div class='text'>{EN}</div>"
    body += f"<div class='more'><p><b>Related</b></p><div class='cards'>{cards}</div></div>"
    assert _days(body, SITE + "news/?id=123") == ["2023-11-10"]


LOGOS = "".join(
    f"<a href='https://www.{a.lower()}.gov'><img src='/img/{a}.png' alt='{a}'></a>"
    for a in ("NASA", "ESA", "CNES")
)


def _members(after: str, logos: str = LOGOS) -> list[tuple[str, str | None]]:
    html = f"<body><main><section><h2>ISECG Members</h2><div class='logos'>{logos}</div>"
    members, _, _ = members_from_html(SITE, html + after + "</section></main></body>", SITE)
    return [(m.name, m.website) for m in members]


@pytest.mark.parametrize(
    "after",
    [
        "<div class='sponsor'><h4>Website supported by</h4><a href='https://www.acme.com'>"
        "<img src='/img/acme.png' alt='Acme Hosting'></a></div>",
        "<div class='widget'><h3>Follow us</h3><a href='https://twitter.com/isecg'>"
        "<img src='/img/x.svg' alt='X'></a></div>",
        "<div class='box'><h3>Our partner</h3><a href='https://www.unoosa.org'>"
        "<img src='/img/unoosa.png' alt='UNOOSA'></a></div>",
        "<div class='partners'><div class='card'><img src='/img/u.png' alt=''><h3>UNOOSA</h3>"
        "<p><a href='https://www.unoosa.org'>Visit</a></p></div></div>",
    ],
)
def test_cards_after_the_members_are_no_members(after: str) -> None:
    assert [name for name, _ in _members(after)] == ["NASA", "ESA", "CNES"]


def test_a_named_logos_website_is_never_its_cards_social_link() -> None:
    cards = "".join(
        f"<div class='member'><a href='/members/{a.lower()}/'><img src='/img/{a}.png' alt='{a}'>"
        f"</a><ul class='social'><li><a href='https://twitter.com/{a}'>Twitter</a></li></ul></div>"
        for a in ("NASA", "ESA")
    )
    assert _members("", logos=cards) == [("NASA", None), ("ESA", None)]


def test_a_cards_website_is_its_first_web_link_not_a_mail_address() -> None:
    cards = "".join(
        f"<div class='card'><img src='/img/{a}.png' alt=''><h3>{a}</h3><p><a href='mailto:info@"
        f"{host}'>Contact</a><a href='https://www.{host}'>Website</a></p></div>"
        for a, host in (("NASA", "nasa.gov"), ("ESA", "esa.int"))
    )
    assert _members("", logos=cards) == [
        ("NASA", "https://www.nasa.gov/"),
        ("ESA", "https://www.esa.int/"),
    ]
