"""Portal items (2007-2013) in Liferay's own markup, written by helper-39 from Liferay 4.4 to
6.0's themes and portlets, not by the extractors' authors (tests/fixtures/liferay/: each page
beside the truth written for it by hand). Before: "Web Content Display" or "News - Liferay"
as titles, titles and datelines left at the top of the text, accents lost."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from scraper.extract import extract

SITE = "http://www.globalspaceexploration.org/"
CAPTURED = datetime(2013, 3, 1, 12, 0, tzinfo=UTC)
CASES = sorted((Path(__file__).parent / "fixtures" / "liferay").glob("*.json"))


def case(path: Path) -> tuple[dict[str, Any], bytes]:
    found = json.loads(path.read_text(encoding="utf-8"))
    return found, (path.parent / found["html"]).read_bytes()


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_a_portal_item_in_liferays_markup(path: Path) -> None:
    found, html = case(path)
    [truth] = found["truth"]["news"]
    got = extract(found["url"], found["content_type"], html, SITE, CAPTURED)
    [news] = got.news
    assert news.title == truth["title"], found["note"]
    # one record under the item's plain address, its print view's and a portlet action's too
    assert news.url.endswith("/news/" + found["url"].split("/news/")[1][:10])
    assert (news.published[:10] if news.published else None) == truth["date"], found["note"]
    assert news.body_text.startswith(truth["body_start"]), news.body_text[:120]
    assert news.body_text.endswith(truth.get("body_end", "")), news.body_text[-120:]
    # the Document Library's files, which have no extension (get_file, /documents/...)
    assert set(truth.get("documents", [])) <= set(news.documents)
    assert "File Type:" not in news.body_text and "Web Content Display" not in news.body_text


def test_enough_cases_are_read() -> None:
    assert len(CASES) >= 20  # the fixtures are there: a glob matching nothing tests nothing


MEMBERS = sorted((Path(__file__).parent / "fixtures" / "liferay" / "members").glob("*.json"))


@pytest.mark.parametrize("path", MEMBERS, ids=lambda p: p.stem)
def test_the_portals_home_page_lists_the_founding_members(path: Path) -> None:
    """The home page at Liferay's own address (/web/guest/home) was read as no home page; a
    block headed by a portlet's title, which holds a 16-pixel icon, was no block; and the
    portlet's "Print" icon was read as a logo."""
    found, html = case(path)
    got = extract(found["url"], found["content_type"], html, SITE, CAPTURED)
    assert sorted(m.key for m in got.members) == sorted(found["truth"]["members"])
    assert len(got.members) == 14 and len(MEMBERS) >= 4
