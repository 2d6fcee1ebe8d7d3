"""Dates the extractors missed on probe 14's pages (tests/fixtures/probe14, written by a
helper after other systems' markup): a day in the members' other languages ("12. Dezember
2024", "Pubblicato il 14 Dicembre 2023", "20 февраля 2025 13:42", "Publié le 10/06/2021"), a
dotted day ("14. December 2023"), a byline around links ("Posted by <a>isecg</a> on 14 Dec
2023 · <a>Meetings</a>"), a breadcrumb naming the post before its <h1>, and a "More news"
column of dated teasers beside the text, which made the post a list; a definition list's
day in the <dt> beside its link's <dd>."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.extract import extract
from scraper.extract.dates import parse_text
from scraper.extract.generic import title_node

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PAGES = Path(__file__).parent / "fixtures" / "probe14" / "posts"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("12. Dezember 2024", date(2024, 12, 12)),
        ("14. December 2023", date(2023, 12, 14)),
        ("Pubblicato il 14 Dicembre 2023", date(2023, 12, 14)),
        ("20 февраля 2025 13:42", date(2025, 2, 20)),
        ("14 мая 2025 года", date(2025, 5, 14)),
        ("10 de junio de 2021", date(2021, 6, 10)),
        ("1er juillet 2021", date(2021, 7, 1)),
        ("Veröffentlicht am 3. März 2024", date(2024, 3, 3)),
        ("Publié le 10/06/2021", date(2021, 6, 10)),  # a French label: the day comes first
        ("Pubblicato il 31/12/2020", date(2020, 12, 31)),
    ],
)
def test_a_day_first_language_is_read(text: str, day: date) -> None:
    assert parse_text(text) == day


@pytest.mark.parametrize(
    "text",
    [
        "10/06/2021",  # no label: the 10th of June or the 6th of October
        "Mis à jour le 05/01/2022",  # a change, not the posting
        "Dicembre 14, 2023",  # Italian never prints the month first
        "Publicerad 2 maj 2019",  # a language not listed
        "dal 5 al 7 dicembre 2023",  # a range
    ],
)
def test_what_is_no_day_stays_none(text: str) -> None:
    assert parse_text(text) is None


@pytest.mark.parametrize(
    "name",
    [
        "as01-asi-like-italian-month-name-no-time",
        "cn01-cnes-like-french-publie-le-slashes",
        "dl01-dlr-like-german-month-name",
        "ro01-roscosmos-like-russian-genitive-month",
        "m01-magnolia-dotted-day-month-name",
        "p01-processwire-posted-by-on-sidebar",
        "ja01-jaxa-press-release-jst-date-first",
    ],
)
@pytest.mark.parametrize("where", ["wp_url", "url"])
def test_a_post_printing_its_day_so_is_dated(name: str, where: str) -> None:
    case = json.loads((PAGES / f"{name}.json").read_text())
    got = extract(case[where], "text/html", (PAGES / f"{name}.html").read_bytes(), SITE, CAPTURED)
    assert [(n.published or "")[:10] for n in got.news] == [case["truth"]["published"]]


def _read(body: str, url: str = SITE + "?p=1700") -> list[tuple[str | None, str | None]]:
    html = f"<html><head><title>Songdo meeting | ISECG</title></head><body>{body}</body></html>"
    got = extract(url, "text/html", html.encode(), SITE, CAPTURED)
    return [(n.published, n.published_source) for n in got.news]


TEXT = "<p>" + "Delegates met in Songdo and reviewed the roadmap's progress. " * 6 + "</p>"


def test_a_change_in_another_language_is_not_the_posting() -> None:
    body = "<div><h1>Songdo meeting</h1><p>Mis à jour le <span>5 janvier 2022</span></p>"
    assert _read(body + f"<div>{TEXT}</div></div>") == [(None, None)]


def test_a_byline_around_links_is_read_whole_but_not_a_sentence_around_them() -> None:
    byline = (
        "<p>Posted by <a href='/u/isecg'>isecg</a> on 14 Dec 2023 · <a href='/c/m'>Meetings</a></p>"
    )
    assert _read(f"<div><h1>Songdo meeting</h1>{byline}{TEXT}</div>") == [("2023-12-14", "generic")]
    # no posting label: a paragraph of links and a day is not taken for a byline
    other = "<p><a href='/c/m'>Meetings</a> 14 Dec 2023</p>"
    assert _read(f"<div><h1>Songdo meeting</h1>{other}{TEXT}</div>") == [(None, None)]


def test_the_title_element_is_the_heading_not_a_breadcrumb_naming_the_post() -> None:
    tree = LexborHTMLParser(
        "<body><ol><li><a href='/'>Home</a></li><li>Songdo meeting</li></ol>"
        "<div><h1><span>Songdo meeting</span></h1></div></body>"
    )
    assert tree.body is not None
    found = title_node(tree.body, ["Songdo meeting"])
    assert found is not None and found.tag == "span"
    assert found.parent is not None and found.parent.tag == "h1"
    # no heading names the post: the first element that does
    tree = LexborHTMLParser("<body><ol><li>Songdo meeting</li></ol><p>Songdo meeting</p></body>")
    assert tree.body is not None
    found = title_node(tree.body, ["Songdo meeting"])
    assert found is not None and found.tag == "li"


NEWS_LIST = "<div class='news'><h1>News</h1>{}</div>"


def test_a_list_whose_text_is_its_dated_entries_is_no_post() -> None:
    entries = "".join(
        f"<div><h3><a href='/isecg/news/{slug}.html'>{slug}</a></h3><p class='date'>{day}</p>"
        f"<p>{'Words of the summary. ' * 8}</p></div>"
        for slug, day in (("a", "03. May 2022"), ("b", "10. June 2021"), ("c", "14. December 2023"))
    )
    html = f"<html><head><title>News</title></head><body>{NEWS_LIST.format(entries)}</body></html>"
    got = extract(SITE + "isecg/news.html", "text/html", html.encode(), SITE, CAPTURED)
    assert got.news == []
    assert {str(k).rsplit("/", 1)[-1]: v.value for k, v in got.list_dates.items()} == {
        "a.html": "2022-05-03",
        "b.html": "2021-06-10",
        "c.html": "2023-12-14",
    }


LISTS = Path(__file__).parent / "fixtures" / "probe14" / "lists"


def test_a_definition_list_dates_each_link_by_its_term() -> None:
    """JAXA's press list: <dt>Feb. 20, 2025</dt><dd><a>title</a></dd>, the day beside the
    link, not above it."""
    name = "ja02-jaxa-press-list-dl-dt-dd"
    case = json.loads((LISTS / f"{name}.json").read_text())
    got = extract(case["url"], "text/html", (LISTS / f"{name}.html").read_bytes(), SITE, CAPTURED)
    truth = {
        href.rsplit("/", 1)[-1]: entry["day"] for href, entry in case["truth"]["entries"].items()
    }
    assert len(truth) == 4
    assert {str(k).rsplit("/", 1)[-1]: v.value for k, v in got.list_dates.items()} == truth


def test_a_definition_lists_entry_linking_two_posts_dates_neither() -> None:
    html = (
        "<html><body><main><h1>Press releases</h1><dl>"
        "<dt>Feb. 20, 2025</dt><dd><a href='/press/a.html'>A</a> <a href='/press/b.html'>B</a></dd>"
        "<dt>Dec. 12, 2024</dt><dd><a href='/press/c.html'>C</a></dd>"
        "</dl></main></body></html>"
    )
    got = extract(SITE + "press/", "text/html", html.encode(), SITE, CAPTURED)
    assert {str(k).rsplit("/", 1)[-1]: v.value for k, v in got.list_dates.items()} == {
        "c.html": "2024-12-12"
    }
