"""News posts at addresses of no WordPress or portal form (helper-58, after probe 13): a site
redesigned onto Drupal, Joomla, Hugo or Ghost serves its posts at `/news/<slug>`,
`/news/<id>-<slug>`, `/news/<slug>/` or `/<slug>/`. The page's markup says it is one article,
and it is read as a `?p=N` post is, keyed by its address. Pages that are not one article
(About, members, a list, a publication's node) give no news record. Markup from the probe's
cases (tests/fixtures/other_cms/, each written after the system's own output)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive.urls import canonical
from scraper.extract import extract
from scraper.extract.types import Extracted
from scraper.reconcile import news_id

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parent / "fixtures" / "other_cms"
TITLE = "Collaboration Beyond Borders: Highlights from the ISECG December 2024 Meeting in Cologne"


def read(name: str, url: str) -> Extracted:
    body = (FIXTURES / f"{name}.html").read_bytes()
    return extract(url, "text/html", body, SITE, CAPTURED)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("drupal10-olivero-post", "news/collaboration-beyond-borders"),
        ("joomla4-post", "news/1885-collaboration-beyond-borders"),
        ("hugo-papermod-post", "news/collaboration-beyond-borders/"),
        ("ghost-casper-post", "collaboration-beyond-borders/"),
    ],
)
def test_a_post_at_its_own_address_is_one_record_keyed_by_it(name: str, path: str) -> None:
    got = read(name, SITE + path)
    assert [(n.title, (n.published or "")[:10]) for n in got.news] == [(TITLE, "2024-12-12")]
    (record,) = got.news
    assert record.wp_id is None
    assert news_id(record.url, record.wp_id) == record.url == canonical(SITE + path, SITE)
    assert got.problems == []
    # Ghost's post at the site's root names no news: a post where a news list dates it, as
    # Hugo's About page, marked an article too, is not (review 21)
    kind = "article" if path.startswith("news/") else "article-unconfirmed"
    assert got.page_kind == kind


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("joomla4-post-prev-link-to-itself", "news/1700-isecg-meets-songdo-korea"),
        ("hugo-papermod-post-next-link-to-itself", "news/isecg-meets-songdo-korea/"),
    ],
)
def test_previous_and_next_links_are_no_site_menu(name: str, path: str) -> None:
    """A page the site's menu links is a section (About, Members), not a post; a post's
    previous/next navigation linking the page itself (as the probe's sites print) is no menu."""
    got = read(name, SITE + path)
    assert [(n.title, (n.published or "")[:10]) for n in got.news] == [
        ("ISECG meets in Songdo, Korea", "2023-12-14")
    ]


def test_aem_page_class_does_not_refuse_a_post() -> None:
    """AEM's `<body class="page basicpage">`: WordPress's `page` class, but not WordPress's."""
    got = read("aem-post-at-p", SITE + "?p=1885")
    assert [(n.wp_id, (n.published or "")[:10]) for n in got.news] == [(1885, "2024-12-12")]
    assert not any("not a single post" in p for p in got.problems)


def test_an_article_that_cannot_be_read_says_so() -> None:
    """Its markup says it is an article and nothing of it could be read: a problem row, not
    silence, as a `?p=N` post's would be."""
    html = (
        '<html><head><meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2024-12-12T10:15:00+01:00">'
        "</head><body><main></main></body></html>"
    )
    got = extract(SITE + "news/t", "text/html", html.encode(), SITE, CAPTURED)
    assert got.problems and all("an article by its og:type" in p for p in got.problems)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("drupal10-about", "about"),
        ("drupal10-members", "members"),
        ("drupal10-publication-node", "publications/isecg_annual_report_2020"),
        ("drupal10-list", "news"),
        ("joomla4-about", "about"),
        ("joomla4-list", "news"),
        ("hugo-papermod-about", "about/"),
        ("hugo-members", "members/"),
        ("hugo-papermod-list", "news/"),
        ("joomla4-list-last-page-one-entry", "news?start=8"),
    ],
)
def test_a_page_that_is_not_one_article_gives_no_news(name: str, path: str) -> None:
    """These passed before the change too (nothing was read there): they guard the reading
    of articles from taking pages for posts."""
    assert read(name, SITE + path).news == []
