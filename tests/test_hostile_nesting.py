"""A page nested thousands deep, or of too many elements. lexbor's tree builder walks the open
elements for each block start tag, so its parse time grows with the square of the nesting:
30,000 nested <div>s (180 KB) took 1.3 s here, 100,000 (600 KB) 23 s, and a 10 MB page under
the size cap would hold the crawl's loop and every build for hours. archive.parse_cost bounds
the work before any parse: discovery reads such a page up to that point (a `page_parse` cut,
logged), the build reads none of it (one problem), REST fragments and a WACZ page's text are
read as far as they parse in time. A page of more than MAX_ELEMENTS elements is cut the same
way (its tree's memory). Times are never asserted: the cut position is, against the same
parse's cost model."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from archive.pages import title_and_text
from archive.parse_cost import (
    MAX_ELEMENTS,
    MAX_PARSE_WORK,
    TOO_COSTLY,
    past_parse_budget,
    within_parse_budget,
)
from scraper.discover import discover
from scraper.extract import extract
from scraper.extract.rest import news_from_data
from tests.hostile import Answer, crawl_of, serve, status_of

SITE = "http://127.0.0.1:8080/"
FIXTURES = Path(__file__).parent / "fixtures"
DEEP = 30_000  # nested <div>s: 1.3 s to parse whole; past the budget after about 14,000


def nested(depth: int = DEEP, before: str = "", tag: str = "div") -> str:
    return f"<html><body>{before}{f'<{tag}>' * depth}the end</body></html>"


def test_a_deep_page_is_cut_where_the_parsers_work_passes_the_budget() -> None:
    page = nested()
    kept = within_parse_budget(page)
    assert len(kept) < len(page)
    assert past_parse_budget(kept) is None  # all before the cut is read
    assert past_parse_budget(kept + "<div>") == len(kept)  # one more passes it
    depth = kept.count("<div>")
    # the work of n nested start tags is about 0 + 1 + ... + (n - 1)
    assert depth * (depth - 1) // 2 <= MAX_PARSE_WORK < (depth + 3) * (depth + 2) // 2


@pytest.mark.parametrize(
    "page",
    [
        "<body>" + "<div></span>" * DEEP,  # stray end tags close nothing: still nested
        "<body>" + ("<section>" * 5_000 + "</section>" * 5_000) * 10,  # deep, ten times over
        "<body>" + "<ul><x-item>" * (DEEP // 2),  # any element holds others open
    ],
    ids=["stray-ends", "deep-again", "custom-elements"],
)
def test_nesting_is_followed_as_a_parser_follows_it(page: str) -> None:
    assert past_parse_budget(page) is not None


@pytest.mark.parametrize(
    "page",
    [
        "<body>" + "<div>x</div>" * 90_000,  # many elements, none deep
        "<body>" + "<p>x" * 90_000,  # a <p> closes the one before
        "<body>" + "<li>x" * 90_000,
        "<body><!--" + "<div>" * DEEP + "--></body>",  # a comment holds no elements
        "<body><script>" + "'<div>'+" * DEEP + "''</script></body>",
    ],
    ids=["flat", "unclosed-p", "unclosed-li", "comment", "script"],
)
def test_many_elements_that_are_not_deep_are_read(page: str) -> None:
    assert past_parse_budget(page) is None


def test_a_page_of_too_many_elements_is_cut_at_the_one_past_the_cap() -> None:
    """A 10 MB page of 600,000 <p> and <img> held 239 MB in its tree (none of them links)."""
    page = "<body>" + '<p><img src="/i.png">x' * MAX_ELEMENTS
    kept = within_parse_budget(page)
    assert kept.count("<p>") + kept.count("<img") == MAX_ELEMENTS - 1  # and <body>
    assert past_parse_budget(page[: len(kept)]) is None


def test_no_page_written_after_a_real_system_passes_the_budget() -> None:
    pages = sorted(FIXTURES.rglob("*.htm*"))
    assert len(pages) > 200
    refused = [p.name for p in pages if past_parse_budget(p.read_text(errors="replace"))]
    assert refused == []


def test_the_build_reads_no_page_nested_too_deep() -> None:
    found = extract(SITE + "?page_id=5", "text/html", nested().encode(), SITE, datetime.now(UTC))
    assert found.problems == [f"{TOO_COSTLY}: not read"]
    assert (found.news, found.publications, found.list_dates) == ([], [], {})


def test_discovery_reads_the_links_before_the_cut_and_says_where() -> None:
    early = '<a href="/news/first/">first</a>'
    late = '<a href="/news/last/">last</a>'
    page = nested(before=early).replace("the end", late)
    found = discover(SITE, "text/html", page.encode(), {}, SITE)
    assert [url for url, _ in found.links] == [SITE + "news/first/"]
    (cut,) = found.cuts
    assert (cut.rule, cut.count) == ("page_parse", 1)
    assert TOO_COSTLY in cut.message


def test_a_rest_item_nested_too_deep_keeps_its_title_and_date() -> None:
    item = {
        "id": 7,
        "link": SITE + "?p=7",
        "date": "2024-12-12T10:15:00",
        "date_gmt": "2024-12-12T09:15:00",
        "title": {"rendered": "Deep<div>" * DEEP},
        "content": {"rendered": "<p>Kept words.</p>" + "<div>" * DEEP + "lost"},
    }
    (news,) = news_from_data([item], SITE, datetime(2025, 1, 1, tzinfo=UTC))
    assert news.wp_id == 7 and (news.published or "").startswith("2024-12-12")
    assert news.title and news.title.startswith("Deep")
    assert "Kept words." in (news.body_text or "") and "lost" not in (news.body_text or "")


def test_a_wacz_page_text_is_read_as_far_as_it_parses_in_time() -> None:
    title, text = title_and_text(nested(before="<p>First words</p>").encode(), "text/html")
    assert title is None and text.startswith("First words") and "the end" not in text


def test_a_crawl_of_a_deep_page_is_cut_logged_and_counted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    home = nested(before='<a href="/?p=1">a post</a>').encode()
    with serve({"/": Answer(body=home)}) as server, caplog.at_level(logging.WARNING):
        result = crawl_of(server, tmp_path, max_pages=5)
    assert json.loads(result.counts["cuts"]) == {"page_parse": 1}
    warned = [r.getMessage() for r in caplog.records if TOO_COSTLY in r.getMessage()]
    assert len(warned) == 1 and server.url + "/" in warned[0]
    shown = status_of(tmp_path)
    assert "cut by trap defences: page_parse 1" in shown


def test_formatting_elements_rebuilt_after_every_paragraph_count_as_made() -> None:
    """Review 14: a 93 KB page left 1,000 distinct <b>s open in a <div>; the parser makes
    them again in each of the 10,000 paragraphs after it (10 million elements, 3.6 GB,
    9 s). The page is cut where what the parser would make passes MAX_ELEMENTS."""
    opened = "".join(f'<b id="b{i}">' for i in range(1_000))
    page = f"<html><body><div>{opened}</div>" + "<p>x</p>" * 10_000 + "</body></html>"
    kept = within_parse_budget(page)
    assert len(kept) < len(page) // 5
    made = len(LexborHTMLParser(kept).css("*"))  # the cut part only: bounded
    assert MAX_ELEMENTS * 0.9 < made <= MAX_ELEMENTS * 1.01


@pytest.mark.parametrize(
    "row",
    [
        '<tr><td><font face="Arial" size="2">01.01.2000</td><td><font size="2">notes</td></tr>',
        '<p><font face="Arial" size="2">A paragraph of an old page, its font never closed',
    ],
    ids=["frontpage-table", "unclosed-font-paragraphs"],
)
def test_old_pages_leaving_their_fonts_open_are_read(row: str) -> None:
    """Review 14: a FrontPage table of 1,400 rows, each cell's <font> left open, was refused
    though the parser closes them at each cell (5 ms); so were paragraphs doing the same."""
    page = f"<html><body><table>{row * 15_000}</table></body></html>"
    assert past_parse_budget(page) is None
    assert len(LexborHTMLParser(page).css("*")) < MAX_ELEMENTS
