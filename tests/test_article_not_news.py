"""Pages of a redesign that look like articles but are not news (helper-60's review): a Hugo
theme marking every page a BlogPosting, a Drupal list of one teaser, a publications or members
page, an About page its menu links without the slash. None may become a news record, nor lose
the publications or members it lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive.store import Seen
from scraper.chosen import records
from scraper.extract import extract
from scraper.extract.types import Extracted
from scraper.harvest import Page, harvest
from tests.test_extract_cms import CAPTURED_AT

SITE = "https://www.globalspaceexploration.org/"
OTHER = Path(__file__).parent / "fixtures" / "other_cms"
HUGO_POST = (OTHER / "hugo_site" / "files" / "001.html").read_text()
POST_PATH = "/news/isecg-publishes-2024-annual-report/"


def hugo_page(title: str, path: str, text: str, dated: bool = True) -> str:
    """PaperMod's post page made into another page of the site: BlogPosting JSON-LD and
    og:type article stay, as the theme prints them on every page."""
    page = HUGO_POST.replace("ISECG Publishes the 2024 Annual Report", title)
    page = page.replace(POST_PATH, path)
    page = re.sub(
        r'<div class="post-content">.*?</div>',
        f'<div class="post-content">{text}</div>',
        page,
        flags=re.S,
    )
    page = re.sub(r'<footer class="post-footer">.*?</footer>', "", page, flags=re.S)
    if not dated:
        page = re.sub(r'<div class="post-meta">.*?</div>', "", page, flags=re.S)
    return page


SEEN = Seen(1, 7, "2025-01-15T12:00:00Z")


def at(where: str, html: str) -> Page:
    return Page(SITE.rstrip("/") + where, "page", 200, "text/html", html.encode(), SEEN)


def read(path: str, html: str) -> Extracted:
    return extract(SITE.rstrip("/") + path, "text/html", html.encode(), SITE, CAPTURED_AT)


def test_the_post_itself_is_read() -> None:
    assert [post.title for post in read(POST_PATH, HUGO_POST).news] == [
        "ISECG Publishes the 2024 Annual Report"
    ]


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/publications/ger-2024/", "Global Exploration Roadmap 2024"),
        ("/members/nasa/", "NASA"),
        ("/events/isef3/", "ISEF3: 3rd International Space Exploration Forum"),
        ("/careers/junior-officer/", "Vacancy: Junior Officer at the ISECG Secretariat"),
        ("/faq/", "Frequently Asked Questions"),
    ],
)
def test_a_page_of_another_section_marked_as_an_article_is_no_news(path: str, title: str) -> None:
    """A record only where the site says it is a post elsewhere (below)."""
    page = hugo_page(title, path, "<p>Some text about it.</p>")
    found = read(path, page)  # refused, or left for the site to confirm
    assert found.news == [] or found.page_kind == "article-unconfirmed"
    assert list(harvest([at(path, page)], SITE, {}).html_news) == []


def test_a_post_in_a_section_of_another_kind_is_one_where_the_site_says_so() -> None:
    """A redesign putting its meetings under /events/ (helper-61): a ?p=N that moved there,
    or a news list dating it, says it is a post."""
    path = "/events/third-meeting-of-isecg/"
    page = hugo_page("3rd Meeting of ISECG", path, "<p>The agencies met in Yokohama.</p>")
    moved = harvest([at(path, page)], SITE, {}, None, {SITE.rstrip("/") + path: (296,)})
    assert list(moved.html_news) == ["wp:296"]
    listing = (
        "<html><head><title>News | ISECG</title></head><body><main><h1>News</h1><ul>"
        f'<li><h2><a href="{path.rstrip("/")}">3rd Meeting</a></h2><time datetime="2009-03-12">'
        '12 March 2009</time></li><li><h2><a href="/events/other/">Other</a></h2><time'
        ' datetime="2010-07-20">20 July 2010</time></li></ul></main></body></html>'
    )
    listed = harvest([at(path, page), at("/news/", listing)], SITE, {})
    assert list(listed.html_news) == [SITE.rstrip("/") + path]


def test_an_undated_page_marked_as_an_article_is_no_news_on_its_own() -> None:
    """Hugo prints a page without a date in its front matter with the zero time: no day.
    Such a page is a post only where a news list dates it (harvest.finish)."""
    page = hugo_page("History", "/history/", "<p>Since 2007.</p>", dated=False)
    page = re.sub(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00", "0001-01-01T00:00:00Z", page)
    found = read("/history/", page)
    assert found.page_kind == "article-unconfirmed" and [p.published for p in found.news] == [None]


def test_about_linked_by_the_menu_without_its_slash_is_no_news() -> None:
    about = hugo_page("About ISECG", "/about-isecg/", "<p>Since 2007.</p>", dated=False)
    about = about.replace('href="/about"', 'href="/about-isecg"')
    assert 'href="/about-isecg"' in about
    assert read("/about-isecg/", about).news == []


@pytest.mark.parametrize("path", ["/news?page=2", "/taxonomy/term/5", "/news/page/2/"])
def test_a_list_of_one_teaser_is_no_post(path: str) -> None:
    listing = (OTHER / "drupal10-list-one-teaser.html").read_text()
    assert read(path, listing).news == []


@pytest.mark.parametrize("path", ["/publications/", "/node/14"])
def test_a_publications_page_marked_as_an_article_keeps_its_publications(path: str) -> None:
    page = (OTHER / "drupal_migration" / "drupal" / "files" / "014.html").read_text()
    found = read(path, page)
    assert found.news == [] and len(found.publications) == 5


def test_a_members_page_marked_as_an_article_keeps_its_members() -> None:
    head = (
        '<meta property="og:type" content="article" />\n<meta property="article:published_time"'
        ' content="2021-03-01T10:00:00+01:00" />\n<script type="application/ld+json">'
        '{"@context":"https://schema.org","@type":"BlogPosting","headline":"Members",'
        '"datePublished":"2021-03-01T10:00:00+01:00"}</script>\n</head>'
    )
    page = (OTHER / "hugo-members.html").read_text().replace("</head>", head, 1)
    found = read("/members/", page)
    assert found.news == [] and len(found.members) == 10


@pytest.mark.parametrize("linked", ["/news/zero-day/", "/news/zero-day"])
def test_an_undated_article_is_a_post_where_a_news_list_dates_it(linked: str) -> None:
    """Also where the list links it without its slash (helper-61), in either order."""
    path = "/news/zero-day/"
    page = hugo_page("Zero Day", path, "<p>The agencies met.</p>", dated=False)
    page = re.sub(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00", "0001-01-01T00:00:00Z", page)
    listing = (
        "<html><head><title>News | ISECG</title></head><body><main><h1>News</h1><ul>"
        f'<li><h2><a href="{linked}">Zero Day</a></h2><time datetime="2024-12-12">12 December'
        ' 2024</time></li><li><h2><a href="/news/other/">Other</a></h2><time datetime='
        '"2023-12-14">14 December 2023</time></li></ul></main></body></html>'
    )
    alone = harvest([at(path, page)], SITE, {})
    assert list(alone.html_news) == []
    for pages in ([at(path, page), at("/news/", listing)], [at("/news/", listing), at(path, page)]):
        found = harvest(pages, SITE, {})
        assert list(found.html_news) == [SITE.rstrip("/") + path]
        news, _, _ = records(found)
        assert [post.published for post, _ in news.values()] == ["2024-12-12"]


@pytest.mark.parametrize(
    "path",
    ["/news/collaboration-beyond-borders", "/news/collaboration-beyond-borders/", "/node/1885"],
)
def test_one_post_at_its_several_addresses_is_one_record(path: str) -> None:
    """Drupal serves a post at its alias, with a slash too, and at /node/N; its page names the
    alias (<link rel="canonical">): that is the record's address at each."""
    page = (OTHER / "drupal10-olivero-post.html").read_text()
    assert 'rel="canonical" href="/news/collaboration-beyond-borders"' in page
    assert [post.url for post in read(path, page).news] == [
        SITE + "news/collaboration-beyond-borders"
    ]


def test_a_canonical_naming_the_news_index_merges_no_posts() -> None:
    page = (OTHER / "drupal10-olivero-post.html").read_text()
    page = page.replace(
        'rel="canonical" href="/news/collaboration-beyond-borders"', 'rel="canonical" href="/news"'
    )
    assert [post.url for post in read("/node/1885", page).news] == [SITE + "node/1885"]


def test_an_index_or_a_query_names_no_posts_address() -> None:
    """helper-61: /node/12 naming /news/all (or /en/news) would merge every post into one
    record; /news/x?lang=en naming another post's address would take it."""
    page = (OTHER / "drupal10-olivero-post.html").read_text()
    alias = 'rel="canonical" href="/news/collaboration-beyond-borders"'
    for named, path in (
        ("/news/all", "/node/1885"),
        ("/en/news", "/node/1885"),
        ("/news/ninth-meeting", "/news/collaboration-beyond-borders?lang=en"),
    ):
        found = read(path, page.replace(alias, f'rel="canonical" href="{named}"'))
        assert [post.url for post in found.news] == [SITE.rstrip("/") + path]


@pytest.mark.parametrize(
    "title", ["ISECG Members: UAE Space Agency joins", "Membership - six new agencies join ISECG"]
)
def test_a_post_whose_title_begins_with_members_is_read(title: str) -> None:
    """helper-61: a members page is one that lists the members, not one named so."""
    path = "/news/uae-joins/"
    page = hugo_page(title, path, "<p>The UAE Space Agency joined ISECG.</p>")
    assert [post.title for post in read(path, page).news] == [title]


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ("Member Agencies of ISECG", "Member Agencies of ISECG"),
        ("Members of ISECG", "Members of ISECG"),
        ("ISECG | Member Agencies", "Member Agencies"),
    ],
)
def test_a_members_page_by_those_names_is_read(title: str, heading: str) -> None:
    """helper-61: at `?page_id=N` the page's name is all that says it is the members'."""
    page = (OTHER / "hugo-members.html").read_text()
    page = page.replace("<title>Members | ISECG</title>", f"<title>{title}</title>")
    page = page.replace('"post-title">Members<', f'"post-title">{heading}<')
    assert len(read("/?page_id=16", page).members) == 10
