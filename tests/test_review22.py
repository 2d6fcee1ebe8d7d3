"""Review 22 (helper-72) of the day-first languages and bylines around links: pages that the
change read wrongly, each now read as before it or better. A sidebar heading repeating the
title anchored the post's date (a right day became an event's); a French "Publié le" line
lost its list's undated publications; foreign change and event labels ("Mise à jour le",
"Stand", "Date de l'événement") gave their day as the posting; a reply's "Posted by <a>" after
the text erased the post's day; a section page showing its first entry whole was read as a
post. An event's box ("event", "evenement", "veranstaltung") dated its post in English too."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scraper.extract import extract
from scraper.extract.types import Extracted
from tests.prose import EN

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
T = "ISECG Plenary Meeting in Rome"
FR = (
    "<p>Les délégations des agences membres se sont réunies pour faire le point sur la"
    " stratégie mondiale d'exploration et préparer les prochaines étapes du groupe.</p>"
)


def _page(body: str, title: str = T) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>{title} - ISECG</title></head><body><header>"
        "<a href='/'>ISECG</a><nav><ul><li><a href='/about/'>About</a></li>"
        f"<li><a href='/news/'>News</a></li></ul></nav></header>{body}"
        "<footer><p>© 2025 ISECG</p></footer></body></html>"
    ).encode()


def _read(body: str, url: str = SITE + "?p=1700", title: str = T) -> Extracted:
    return extract(url, "text/html", _page(body, title), SITE, CAPTURED)


def _days(body: str, url: str = SITE + "?p=1700") -> list[str | None]:
    return [(n.published or "")[:10] or None for n in _read(body, url).news]


MAIN = f"<div class='col-main'><div class='title'>{T}</div><p class='meta'>10 November 2023</p>"


@pytest.mark.parametrize(
    "side",
    [
        f"<h3>Upcoming events</h3><div class='box'><h4>{T}</h4>"
        "<p class='date'>14 December 2023</p></div>",
        f"<h3>Upcoming events</h3><div class='box'><h4><a href='/events/rome'>{T}</a></h4>"
        "<p>14 December 2023</p></div>",
    ],
)
def test_a_sidebar_heading_repeating_the_title_does_not_date_the_post(side: str) -> None:
    body = f"<div class='wrap'>{MAIN}<div class='text'>{EN}</div></div>"
    body += f"<div class='col-side'>{side}</div></div>"
    assert _days(body) == ["2023-11-10"]
    assert _days(body, SITE + "news/isecg-plenary-rome") == ["2023-11-10"]


def test_an_undated_post_is_not_dated_by_a_sidebar_event_of_its_name() -> None:
    event = f"<div class='event'><h3>{T}</h3><p class='date'>14 December 2023</p><p>Rome</p></div>"
    side = (
        f"<aside class='sidebar'><div class='widget'><h2>Upcoming events</h2>{event}</div></aside>"
    )
    post = f"<div class='post'><div class='post-title'>{T}</div>"
    post += f"<div class='post-body'>{EN}</div></div>"
    assert _days(f"<main>{post}{side}</main>") == [None]


def test_a_reply_posted_after_the_text_leaves_the_posts_day() -> None:
    reply = "<div class='replies'><div class='reply'><p>Posted by <a href='/u/jane'>jane</a> on"
    reply += " 14 Dec 2023</p><p>Great meeting!</p></div></div>"
    body = f"<div class='wrap'>{MAIN}<div class='text'>{EN}</div>{reply}</div></div>"
    assert _days(body) == ["2023-11-10"]


@pytest.mark.parametrize(
    ("label", "day"),
    [
        ("Mise à jour le", "5 mars 2024"),
        ("Actualisé le", "5 mars 2024"),
        ("Stand", "5. März 2024"),
        ("Zuletzt bearbeitet am", "5. März 2024"),
        ("Letzte Änderung", "5. März 2024"),
        ("Ultima modifica", "5 marzo 2024"),
        ("Última actualización", "5 de marzo de 2024"),
        ("Laatst gewijzigd op", "5 maart 2024"),
        ("Дата изменения", "5 марта 2024"),
        ("Date de l'événement :", "12 mars 2024"),
        ("Date de début", "12 mars 2024"),
        ("Veranstaltungsdatum", "12. März 2024"),
        ("Data evento", "12 marzo 2024"),
        ("Fecha del evento", "12 de marzo de 2024"),
    ],
)
def test_a_change_or_an_events_day_in_another_language_is_no_posting(label: str, day: str) -> None:
    meta = f"<div class='meta'><span>{label}</span> <span>{day}</span></div>"
    body = (
        f"<main><div class='content'><h1>{T}</h1>{meta}<div class='texte'>{FR}</div></div></main>"
    )
    assert _days(body) == [None]
    own = _read(body, SITE + "news/isecg-plenary-rome")
    assert own.page_kind != "article"  # undated: a post only where a news list dates it


@pytest.mark.parametrize("box", ["event", "evenement", "veranstaltung"])
def test_an_events_box_dates_no_post(box: str) -> None:
    event = f"<div class='{box}'><div class='date'>12 March 2024</div><div>Toulouse</div></div>"
    body = (
        f"<main><div class='content'><h1>{T}</h1>{event}<div class='text'>{EN}</div></div></main>"
    )
    assert _days(body) == [None]


def _publications(lines: list[str]) -> list[tuple[str, str | None]]:
    items = "".join(
        f"<li><a href='/wp-content/uploads/2024/0{i + 1}/rapport-{i}.pdf'>Progress report {i} on"
        f" the roadmap</a><br><span>{line}</span></li>"
        for i, line in enumerate(lines)
    )
    got = _read(f"<main><h1>Publications</h1><ul>{items}</ul></main>", SITE + "publications/")
    return [(p.title, p.posted_on) for p in got.publications]


def test_a_french_posting_line_keeps_its_lists_undated_publications() -> None:
    assert _publications(["Publié le 12 mars 2024", "", ""]) == [
        ("Progress report 0 on the roadmap", "2024-03-12"),
        ("Progress report 1 on the roadmap", None),
        ("Progress report 2 on the roadmap", None),
    ]


def test_a_french_posting_lines_slashed_day_comes_first() -> None:
    got = _publications(
        ["Publié le 12/03/2024", "Mis à jour le 05/04/2024", "Publié le 03/05/2024"]
    )
    assert dict(got) == {
        "Progress report 0 on the roadmap": "2024-03-12",
        "Progress report 1 on the roadmap": None,
        "Progress report 2 on the roadmap": "2024-05-03",
    }


def test_a_section_page_showing_its_first_entry_whole_is_a_list() -> None:
    teasers = "".join(
        f"<div class='teaser'><span class='date'>{10 + i} March 2024</span><h4>"
        f"<a href='/news/updates/u-{i}'>Update {i} from the working group</a></h4></div>"
        for i in range(3)
    )
    featured = "<div class='featured'><h2 class='title'>Working group meets in Tokyo</h2>"
    featured += f"<p class='date'>2 April 2024</p><div class='text'>{EN * 3}</div></div>"
    older = f"<div class='older'><h3>Older updates</h3>{teasers}</div>"
    body = f"<div id='content'>{featured}{older}</div>"
    got = _read(body, SITE + "news/updates", title="Updates")
    assert got.news == []
    assert sorted(v.value for v in got.list_dates.values()) == [
        "2024-03-10",
        "2024-03-11",
        "2024-03-12",
    ]
