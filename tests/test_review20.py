"""Review 20 (helper-69) of this session's list, publication and unmarked-post rules: each case
it found gave a wrong record or lost a right one, and is pinned here."""

from __future__ import annotations

import pytest

from scraper.chosen import records
from scraper.extract import extract
from scraper.harvest import harvest
from tests.test_unmarked_posts import CAPTURED, SITE, page, plain, posts


def publications_of(body: str) -> list[tuple[str, str | None]]:
    html = f"<html><head><title>Publications</title></head><body><main>{body}</main></body></html>"
    got = extract(SITE + "publications/", "text/html", html.encode(), SITE, CAPTURED)
    return sorted((p.title, p.document_url) for p in got.publications)


def test_a_file_label_before_a_links_version_name_titles_nothing() -> None:
    """'PDF <a>Download</a> (PDF, 2 MB)' and 'PDF <a>English</a>' below a bold title: the
    link names a version of it, not a publication."""
    body = "<h1>Publications</h1><ul>" + "".join(
        f"<li><strong>{t}</strong><br>PDF <a href='/f/{f}.pdf'>{v}</a> (PDF, 2 MB)</li>"
        for t, f, v in (
            ("Global Exploration Roadmap", "ger", "Download"),
            ("Annual", "ar", "English"),
        )
    )
    assert all(t not in ("Download", "English") for t, _ in publications_of(body + "</ul>"))


@pytest.mark.parametrize("heading", ["Resources", "Documents", "Latest Documents"])
def test_agendas_under_another_heading_are_no_publications(heading: str) -> None:
    body = (
        "<h1>Publications</h1><ul><li><a href='/f/ger.pdf'>Global Exploration Roadmap</a></li>"
        f"</ul><h2>{heading}</h2><ul><li><a href='/f/agenda.pdf'>Meeting agenda</a></li>"
        "<li><a href='/f/minutes.pdf'>Workshop minutes</a></li></ul>"
    )
    assert publications_of(body) == [("Global Exploration Roadmap", SITE + "f/ger.pdf")]


def test_a_post_listing_its_report_is_a_post_and_the_report_a_publication() -> None:
    path, title = "/news/isecg-publishes-ar-2021/", "ISECG publishes its 2021 Annual Report"
    box = "<h4>Publications</h4><ul><li><a href='/files/AR2021.pdf'>ISECG Annual Report 2021</a>"
    own = page(
        SITE.rstrip("/") + path, plain(title, f"<h2>{title}</h2>{box} (PDF, 2 MB)</li></ul>")
    )
    listing = page(
        SITE + "news/",
        plain("News", f"<ul><li><h3><a href='{path}'>{title}</a></h3><span>12 March 2024</span>"),
    )
    news, publications, _ = records(harvest([own, listing], SITE, {}))
    assert [(p.title, p.published) for p, _ in news.values()] == [(title, "2024-03-12")]
    assert [p.document_url for p, _ in publications.values()] == [SITE + "files/AR2021.pdf"]


def test_posts_addressed_by_a_query_under_the_list_are_dated() -> None:
    entries = (("5", "Alpha meets", "12 December 2024"), ("6", "Beta joins", "3 May 2023"))
    items = "".join(f"<li><a href='?id={i}'>{t}</a> <span>{d}</span></li>" for i, t, d in entries)
    pages = [page(SITE + "news/", plain("News", f"<ul>{items}</ul>"))]
    pages += [page(SITE + f"news/?id={i}", plain(t, f"<h2>{t}</h2>")) for i, t, _ in entries]
    assert sorted(posts(pages)) == [("2023-05-03", "Beta joins"), ("2024-12-12", "Alpha meets")]


@pytest.mark.parametrize("base", ["javascript:alert(1)", "data:text/html,x"])
def test_a_base_no_browser_resolves_against_is_ignored(base: str) -> None:
    html = (
        f"<html><head><base href='{base}'><title>News</title></head><body><ul>"
        "<li><h3><a href='alpha-post'>Alpha</a></h3><span>12 December 2024</span></li>"
        "<li><h3><a href='beta-post'>Beta</a></h3><span>3 May 2023</span></li></ul></body></html>"
    )
    got = extract(SITE + "news/", "text/html", html.encode(), SITE, CAPTURED)
    assert {k: v.value for k, v in got.list_dates.items()} == {
        SITE + "news/alpha-post": "2024-12-12",
        SITE + "news/beta-post": "2023-05-03",
    }


@pytest.mark.parametrize(
    ("path", "post"),
    [
        ("/posts/isecg-x/", True),
        ("/noticia/isecg-x/", True),
        ("/comunicado/isecg-x/", True),
        ("/aktuell/isecg-x/", True),
        ("/nieuws/isecg-x/", True),
        ("/media-releases/isecg-x/", True),
        ("/node/123", True),
        ("/press-kit/", False),
        ("/newsletter-signup/", False),
    ],
)
def test_which_addresses_an_unmarked_post_may_have(path: str, post: bool) -> None:
    title = "ISECG releases its Lunar Surface Exploration Scenario"
    own = page(SITE.rstrip("/") + path, plain(title, f"<h2>{title}</h2>"))
    listing = page(
        SITE,
        plain("Home", f"<ul><li><h3><a href='{path}'>{title}</a></h3><span>12 March 2024</span>"),
    )
    assert posts([own, listing]) == ([("2024-03-12", title)] if post else [])
