"""Posts of other systems that nothing marks as articles (no <main>, no <h1>, no JSON-LD:
probe 14's DNN, JAXA, SharePoint, Sitefinity, Grav, Kentico...), at their own addresses. Read
as one title over one text, such a page is a post only where the site's news list dates it:
alone it gives no record, and an About page no list dates gives none."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive.store import Seen
from scraper.chosen import records
from scraper.extract import UNCONFIRMED, extract
from scraper.harvest import Page, harvest

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
SEEN = Seen(1, 7, "2025-03-01T12:00:00Z")
FIXTURES = Path(__file__).parent / "fixtures"
POSTS = FIXTURES / "probe14" / "posts"


def page(url: str, html: str | bytes) -> Page:
    body = html.encode() if isinstance(html, str) else html
    return Page(url, "page", 200, "text/html", body, SEEN)


def news_list(*entries: tuple[str, str, str]) -> Page:
    """A news list of its own design: each entry's title links its address, its day beside."""
    items = "".join(
        f'<li><h2><a href="{url}">{title}</a></h2><span class="date">{day}</span></li>'
        for url, title, day in entries
    )
    html = f"<html><head><title>News | ISECG</title></head><body><ul>{items}</ul></body></html>"
    return page(SITE + "news/", html)


def posts(pages: list[Page]) -> list[tuple[str | None, str | None]]:
    news, _, _ = records(harvest(pages, SITE, {}))
    return [(post.published, post.title) for post, _ in news.values()]


@pytest.mark.parametrize(
    "name",
    [
        "ja01-jaxa-press-release-jst-date-first",
        "s01-sharepoint-publishing-articleleft-us-date",
        "f01-sitefinity-mvc-newsdetail-mmm-d-yyyy-hh-tt",
        "g01-grav-quark-item-jS-M-Y",
        "k01-kentico-dancinggoat-long-date-D",
        "u01-umbraco-starterkit-en-gb-short-date",
        "v02-silverstripe3-time-rfc3339-nice-dmy",
        "x01-modx-articles-post-info-sidebar",
        "cn01-cnes-like-french-publie-le-slashes",  # a Drupal node of type "actualite"
        # WordPress markup at /it/<slug>/ naming ?p=1700: the list's day for the address is
        # the day of the post wp:1700
        "as01-asi-like-italian-month-name-no-time",
    ],
)
def test_an_unmarked_post_is_one_where_the_news_list_dates_it(name: str) -> None:
    case = json.loads((POSTS / f"{name}.json").read_text())
    url, truth = case["url"], case["truth"]
    post = page(url, (POSTS / f"{name}.html").read_bytes())
    listed = news_list((url, truth["title"], truth["published"]))
    assert posts([post]) == []  # alone: nothing says it is a post
    [(day, title)] = posts([post, listed])
    assert (day or "")[:10] == truth["published"] and title == truth["title"]


def test_an_unmarked_page_no_list_dates_is_no_post() -> None:
    about = (
        "<html><head><title>About ISECG | ISECG</title></head><body><div id='content'>"
        "<h2>About ISECG</h2><p>" + "The group coordinates the agencies' exploration plans. " * 6
    )
    about += "</p></div></body></html>"
    listed = news_list((SITE + "news/one/", "One", "12 December 2024"))
    assert posts([page(SITE + "about/", about), listed]) == []


MENU = "<nav><a href='/'>Home</a> <a href='/news/'>News</a> <a href='/about/'>About</a></nav>"


def plain(title: str, body: str) -> str:
    """A page of no article marks: a menu, then the title and text in a plain <div>."""
    text = "<p>" + "The agencies of the group work together on exploration plans. " * 5
    head = f"<html><head><title>{title} | ISECG</title></head>"
    return f"{head}<body>{MENU}<div id='content'>{body}{text}</p></div></body></html>"


def dated_list(path: str, *entries: tuple[str, str, str]) -> Page:
    items = "".join(
        f"<li><h3><a href='{u}'>{t}</a></h3><span>{d}</span></li>" for u, t, d in entries
    )
    return page(SITE.rstrip("/") + path, plain("List", f"<ul>{items}</ul>"))


@pytest.mark.parametrize(
    ("path", "title", "lister"),
    [
        ("/events/isef3/", "ISEF3 Forum", "/events/"),  # a meeting, dated by its day
        ("/faq/", "Frequently asked questions", "/"),  # a home page's "what's new"
        ("/about-isecg", "About ISECG", "/"),  # the portal's, its menu no <nav>
        ("/publications/ger-2024/", "Global Exploration Roadmap 2024", "/publications/"),
        ("/workshops/lunar-2023/", "Lunar workshop 2023", "/"),
    ],
)
def test_a_page_outside_the_news_is_no_post_whatever_lists_it(
    path: str, title: str, lister: str
) -> None:
    """Review 19: an unmarked page is read as a post only at an address naming news."""
    own = page(SITE.rstrip("/") + path, plain(title, f"<h2>{title}</h2>"))
    listing = dated_list(lister, (path, title, "12 March 2024"), ("/news/x/", "X", "3 May 2023"))
    assert posts([own, listing]) == []


def test_a_page_dating_a_link_to_itself_confirms_nothing() -> None:
    """Its own heading linked without the slash, a day beside it (review 19)."""
    path = "/news/ten-years/"
    html = plain(
        "Ten years", f"<h3><a href='{path.rstrip('/')}'>Ten years</a></h3><div>1 May 2017</div>"
    )
    assert posts([page(SITE.rstrip("/") + path, html)]) == []


def test_a_publications_own_page_keeps_its_publication() -> None:
    """A publication's page at a news-like address: its "Posted on" entry is kept, the page
    is no post (review 19 lost the entry)."""
    html = plain(
        "ISECG Annual Report 2020",
        "<h2>ISECG Annual Report 2020</h2><div class='pub'><a href='/docs/AR2020.pdf'>ISECG"
        " Annual Report 2020</a><p>Posted on 21 May, 2021</p></div>",
    )
    found = harvest([page(SITE + "news/annual-report-2020/", html)], SITE, {})
    news, publications, _ = records(found)
    assert news == {} and [p.posted_on for p, _ in publications.values()] == ["2021-05-21"]


def test_a_list_of_posts_is_not_read_as_one() -> None:
    """MODX's list: each entry a linked <h2> over its text, nothing marking it a list."""
    html = (FIXTURES / "probe14" / "lists" / "x02-modx-articles-list-post-info.html").read_text()
    got = extract(SITE + "news/", "text/html", html.encode(), SITE, CAPTURED)
    assert got.page_kind != UNCONFIRMED and got.news == []


def test_a_list_dates_its_entries_where_its_base_points() -> None:
    """MODX's list at /news/ links "news/2024/12/12/x" under `<base href="/">`: read from the
    page's own address, every key was /news/news/...; its author filter (`?arc_author=1`) and
    its month archives (`news/2024/12/`) beside each entry are no posts."""
    html = (FIXTURES / "probe14" / "lists" / "x02-modx-articles-list-post-info.html").read_text()
    got = extract(SITE + "news/", "text/html", html.encode(), SITE, CAPTURED)
    case = json.loads(
        (FIXTURES / "probe14" / "lists" / "x02-modx-articles-list-post-info.json").read_text()
    )
    truth = {SITE + href: entry["day"] for href, entry in case["truth"]["entries"].items()}
    assert {k: v.value for k, v in got.list_dates.items()} == truth


def test_an_unconfirmed_posts_sidebar_still_dates_other_posts() -> None:
    """A Bootstrap post of no article marks, its sidebar listing two other posts by day."""
    html = (FIXTURES / "cms" / "46-bootstrap-updated-then-originally-published.html").read_text()
    url = SITE + "news/collaboration-beyond-borders"
    got = extract(url, "text/html", html.encode(), SITE, CAPTURED)
    assert got.page_kind == UNCONFIRMED
    assert {k: v.value for k, v in got.list_dates.items()} == {
        1180: "2021-06-10",
        1700: "2023-12-14",
    }
    found = harvest([page(url, html)], SITE, {})
    assert {k: v.value for k, v in found.list_dates.items()} == {
        1180: "2021-06-10",
        1700: "2023-12-14",
    }
