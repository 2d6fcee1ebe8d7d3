"""An AMP copy of a post is the post, not a second record (review 12, then review 14):
WordPress's AMP plugin serves `/news/<slug>/amp/` (or `/amp/news/<slug>/`, or `?amp=1`)
beside the post, marks it `<html amp>` and names the post's own address in `<link
rel="canonical">`. The copy carries no post id where the theme's page names one
(`postid-1885`), so keyed by its address it stayed a second record: it now gives none, and
discovery follows the address it names. Markup after the plugin's reader-mode template and a
theme's page (tests/fixtures/amp/; the theme's page by review 14)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.discover import discover
from scraper.extract import extract

SITE = "https://www.globalspaceexploration.org/"
POST = SITE + "news/isecg-agencies-meet-in-cologne/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parent / "fixtures" / "amp"
COPY = (FIXTURES / "reader-mode-post.html").read_text()
THEMES_PAGE = (FIXTURES / "wordpress-post.html").read_text()


def records(url: str, html: str) -> list[tuple[str, int | None, str | None]]:
    got = extract(url, "text/html", html.encode(), SITE, CAPTURED)
    return [(n.url, n.wp_id, n.published) for n in got.news]


@pytest.mark.parametrize(
    "copy",
    [
        POST + "amp/",
        POST + "amp",
        POST + "?amp=1",
        SITE + "amp/news/isecg-agencies-meet-in-cologne/",
    ],
)
def test_an_amp_copy_gives_no_second_record_of_its_post(copy: str) -> None:
    assert records(POST, THEMES_PAGE) == [(SITE + "?p=1885", 1885, "2024-12-12T10:15:00+01:00")]
    assert records(copy, COPY) == []


def test_discovery_follows_the_post_an_amp_copy_names() -> None:
    found = discover(POST + "amp/", "text/html", COPY.encode(), {}, SITE)
    assert POST in {f.url for f in found.found}


def test_a_page_naming_itself_is_read_though_marked_amp() -> None:
    """A site built in AMP alone names each page as its own canonical: it is the page."""
    alone = COPY.replace('href="' + POST + '"', 'href="' + POST + 'amp/"')
    assert [url for url, *_ in records(POST + "amp/", alone)] == [POST + "amp/"]


def test_an_amp_path_without_the_amp_mark_is_a_page_of_its_own() -> None:
    """A page at .../amp/ that is no AMP document (a post titled "AMP") is read."""
    plain = COPY.replace("<html amp ", "<html ")
    assert [url for url, *_ in records(POST + "amp/", plain)] == [POST + "amp/"]
