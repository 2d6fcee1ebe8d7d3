"""Review 15 (helper-64) of this session's reading: what its first fixes broke or missed,
each case the reviewer's page (tests/fixtures/review15/), read as the reviewer read it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from archive.parse_cost import MAX_ELEMENTS, past_parse_budget, within_parse_budget
from scraper.extract import extract
from scraper.extract.types import Extracted

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
CASES = Path(__file__).parent / "fixtures" / "review15"


def read(name: str, path: str) -> Extracted:
    body = (CASES / f"{name}.html").read_bytes()
    return extract(SITE + path, "text/html", body, SITE, CAPTURED)


@pytest.mark.parametrize(
    ("name", "path", "day"),
    [
        (
            "a1_joomla4_category_link",
            "news/meetings/42-isecg-publishes-the-ger-supplement",
            "2022-10-04",
        ),
        ("a1_joomla4_category_link", "?p=1950", "2022-10-04"),
        ("a3_drupal_olivero_author_people", "news/isecg-agencies-meet-cologne", "2024-12-18"),
        ("a4_static_byline_in_category", "news/ger-supplement/", "2021-03-12"),
        ("a5_govuk_metadata_from_org", "news/agencies-agree-lunar-principles", "2021-03-12"),
        ("b1_wp_twentysixteen_permalink", "?p=1950", "2021-03-12"),
        ("b1_wp_twentysixteen_permalink", "2021/03/12/ger-supplement/2/", "2021-03-12"),
    ],
)
def test_a_link_in_the_posts_own_byline_is_no_other_post(name: str, path: str, day: str) -> None:
    """A category at /news/meetings, an author at /people/jane-doe, "From: Secretariat", the
    post's own permalink around its date: taken for other posts, their block (the byline,
    its date) was left out, and the record with it where the page was read as an article."""
    got = read(name, path)
    assert [(n.published or "")[:10] for n in got.news] == [day]


@pytest.mark.parametrize(
    "name", ["amp1_ampfirst_canonical_no_slash", "amp2_ampfirst_canonical_home"]
)
def test_an_amp_first_page_is_a_post_whatever_address_it_names(name: str) -> None:
    """Marked <html amp> at a plain address: the site is built in AMP, the page is the post
    (its canonical the home page, or its address without the slash)."""
    got = read(name, "news/ger-supplement/")
    assert [(n.published or "")[:10] for n in got.news] == ["2021-03-12"]


def test_member_logos_laid_out_as_a_nav_are_members() -> None:
    got = read("m1_members_logos_in_nav", "")
    assert {m.name for m in got.members} == {"ASI", "CNES", "CSA", "DLR", "ESA", "JAXA", "NASA"}


def test_a_column_of_workshops_days_dates_no_document() -> None:
    """ "15 June 2021 (Rome)" under "Workshop": the workshop's day, never the posting's."""
    got = read("t1_pubs_date_with_venue", "publications/")
    assert len(got.publications) == 3
    assert {p.posted_on for p in got.publications} == {None}


def test_links_left_open_in_a_long_list_are_read() -> None:
    """A menu of 4,000 links, then 100 entries whose </a> was forgotten, then 1,000
    paragraphs: a new link ends the one left open, so the parser makes some 13,000
    elements; counted as if each were made again in every later paragraph, it was refused."""
    menu = "".join(f'<a href="/p/{i}/">Page {i}</a>' for i in range(4_000))
    entries = "".join(f'<li><a href="/f/{i}.pdf">Report {i}</li>' for i in range(100))
    page = f"<html><body><nav>{menu}</nav><ul>{entries}</ul>{'<p>Text.</p>' * 1_000}</body></html>"
    assert past_parse_budget(page) is None
    assert len(LexborHTMLParser(page).css("*")) < MAX_ELEMENTS


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><!-->" + "<div>" * 60_000,  # "<!-->" is a comment closed at once
        "<html><body><svg><title>" + "<div>" * 60_000,  # in SVG, a <title> holds tags
        "<html><body>" + "</p>" * 150_000,  # each stray </p> makes a paragraph
    ],
    ids=["abrupt-comment", "svg-title", "stray-end-p"],
)
def test_what_the_parser_still_makes_is_counted(page: str) -> None:
    kept = within_parse_budget(page)
    assert len(kept) < len(page)
    assert len(LexborHTMLParser(kept).css("*")) <= MAX_ELEMENTS + 3
