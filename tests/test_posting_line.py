"""A post whose body, found by a selector, opens with a line saying when it was posted: a post
moved from an older system keeps its own "Posted on 14 May 2015" in its text, where the new
system's meta tags give the day of the move (helper-216's P64). That line is the post's
printed day (a candidate beside the structured one, whose disagreement is then stored), and
neither text nor an event's dateline. Lines further down, quoted, or saying more stay text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.extract import extract
from scraper.extract.openings import posting_line_dates
from scraper.extract.types import News

SITE = "https://www.globalspaceexploration.org/"
URL = SITE + "news/isecg-welcomes-a-new-agency/"
MOVED = (
    '<meta property="article:published_time" content="2023-07-25T11:04:37+00:00">'
    '<meta property="article:modified_time" content="2023-07-25T11:04:37+00:00">'
)
TEXT = "<p>A new agency has joined the group, its representatives at the Berlin meeting.</p>"


def page(opening: str, head: str = "") -> bytes:
    """An Elementor-like page (a page header, then the content) nobody here themed."""
    return (
        f'<html lang="en"><head><title>A new agency &#8211; ISECG</title>{head}</head><body>'
        '<header class="site-header"><a href="/">ISECG</a><nav><a href="/news/">News</a></nav>'
        '</header><main id="content" class="site-main"><div class="page-header">'
        '<h1 class="entry-title">ISECG welcomes a new agency</h1></div>'
        f'<div class="page-content">{opening}{TEXT}</div></main>'
        "<footer><p>&copy; 2023 ISECG</p></footer></body></html>"
    ).encode()


def post(body: bytes) -> News:
    got = extract(URL, "text/html", body, SITE, datetime(2025, 3, 1, 12, tzinfo=UTC))
    assert len(got.news) == 1
    return got.news[0]


@pytest.mark.parametrize(
    "line",
    [
        '<p class="legacy-posted"><em>Posted on 14 May 2015</em></p>',
        "<p>Published: May 14, 2015</p>",
        '<p>Posted on <time datetime="2015-05-14">14 May 2015</time></p>',
    ],
)
def test_the_opening_posting_line_dates_the_post(line: str) -> None:
    read = post(page(line))
    assert read.published is not None and read.published[:10] == "2015-05-14"
    assert read.event_date is None  # no event's dateline
    assert "2015" not in read.body_text and read.body_text.startswith("A new agency")


def test_beside_a_moved_posts_meta_the_line_is_a_candidate_and_the_meta_still_leads() -> None:
    read = post(page("<p><em>Posted on 14 May 2015</em></p>", MOVED))
    days = {(c.source, c.value[:10]) for c in read.candidates if c.field == "published"}
    assert ("visible", "2015-05-14") in days and ("meta", "2023-07-25") in days
    assert read.published is not None and read.published.startswith("2023-07-25")


@pytest.mark.parametrize(
    "opening",
    [
        "<p>Berlin, 14 May 2015.</p>",  # an event's dateline, kept as such
        "<blockquote><p>Posted on 14 May 2015</p></blockquote>",  # quoted
        "<p>Posted on 14 May 2015 by NASA Blogs | Exploration</p>",  # a repost's line
        "<p>The group met.</p><p>Posted on 14 May 2015</p>",  # not the opening line
        "<p>Pubblicato il 14 maggio 2015 da Corriere della Sera</p>",  # a source's (review 123)
        "<p>Posted on 14 May 2015</p><ul><li>Posted on 2 June 2015</li></ul>",  # a list's
    ],
)
def test_other_openings_date_nothing(opening: str) -> None:
    read = post(page(opening))
    assert read.published is None
    assert "2015" in read.body_text or (read.event_date or "").endswith("2015.")


def test_with_no_headline_over_it_the_line_dates_nothing() -> None:
    """Under no title, the line may be a list's first entry's ("Posted on ..." above the
    entry's own heading)."""
    tree = LexborHTMLParser("<div id=b><p>Posted on 14 May 2015</p><p>Some text.</p></div>")
    body = tree.css_first("#b")
    assert body is not None
    assert posting_line_dates(body, None, None) == []
    tree = LexborHTMLParser("<h1>A</h1><div id=b><p>Posted on 14 May 2015</p><p>Text.</p></div>")
    body, heading = tree.css_first("#b"), tree.css_first("h1")
    assert body is not None
    assert [day.value for _, day in posting_line_dates(body, heading, None)] == ["2015-05-14"]


def generic_page(line: str) -> bytes:
    """A page of no known design (helper-216's P63): the generic reader finds its text."""
    return (
        '<html lang="en"><head><title>Membership reaches 27 | ISECG</title></head><body>'
        '<header><a href="/">ISECG</a></header><main><article class="news-article">'
        f'<h1>Membership reaches 27</h1><p class="news-article__dates">{line}</p>'
        f'<div class="news-article__body">{TEXT}</div></article></main></body></html>'
    ).encode()


@pytest.mark.parametrize(
    ("line", "day"),
    [
        (
            "<span>Updated 2 February 2024</span> \u2014 "
            "<span>first published 20 January 2024</span>",
            "2024-01-20",
        ),
        (
            "<span>Last updated: 2 February 2024</span> | <span>Published 20 January 2024</span>",
            "2024-01-20",
        ),
        # the change before the posting: which is which is not sure
        ("Updated 2 January 2024 \u2014 first published 20 January 2024", None),
        ("Updated 2 February 2024 \u2014 first published 20 January 2024 by NASA", None),
    ],
)
def test_a_changes_day_then_the_postings_dates_the_post_by_the_second(
    line: str, day: str | None
) -> None:
    read = post(generic_page(line))
    assert (read.published[:10] if read.published else None) == day
