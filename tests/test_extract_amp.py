"""An AMP copy of a post is the post, not a second one (left from review 12): WordPress's AMP
plugin serves `/news/<slug>/amp/` (or `?amp=1`) beside `/news/<slug>/`, marks it `<html amp>`
and names the post's own address in `<link rel="canonical">`. Markup after the plugin's
reader-mode template (tests/fixtures/amp/)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract

SITE = "https://www.globalspaceexploration.org/"
POST = SITE + "news/isecg-agencies-meet-in-cologne/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PAGE = (Path(__file__).parent / "fixtures" / "amp" / "reader-mode-post.html").read_text()


def records(url: str, html: str = PAGE) -> list[tuple[str, str | None, str | None]]:
    got = extract(url, "text/html", html.encode(), SITE, CAPTURED)
    return [(n.url, n.title, n.published) for n in got.news]


@pytest.mark.parametrize("copy", [POST + "amp/", POST + "amp", POST + "?amp=1"])
def test_an_amp_copy_is_keyed_by_the_post_it_copies(copy: str) -> None:
    assert records(copy) == records(POST)
    assert records(copy) == [(POST, "ISECG Agencies Meet in Cologne", "2024-12-12T10:15:00+01:00")]


def test_an_amp_path_without_the_amp_mark_names_no_other_post() -> None:
    """A page at .../amp/ that is no AMP document may be a post of its own (a post titled
    "AMP"): a canonical naming the path above it is then no proof of a copy."""
    plain = PAGE.replace("<html amp ", "<html ")
    assert [url for url, *_ in records(POST + "amp/", plain)] == [POST + "amp/"]


def test_an_amp_copy_naming_another_post_keeps_its_own_address() -> None:
    other = PAGE.replace('href="' + POST + '"', 'href="' + SITE + 'news/another-post/"')
    assert [url for url, *_ in records(POST + "amp/", other)] == [POST + "amp/"]
