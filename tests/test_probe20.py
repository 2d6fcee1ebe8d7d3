"""Probe 20 (helper-99): pages after designs none of the earlier probes had (Bootstrap 3's
blog template, Statamic, Kentico, an ASP.NET WebForms site, a 2008 table layout, Substack,
a Ukrainian agency's Joomla). The pages that showed a wrong value or a fixed loss are here
(tests/fixtures/probe20/), each with its truth as the helper read the page."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract
from scraper.extract.dates import parse_text
from scraper.extract.types import Extracted

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PAGES = Path(__file__).parent / "fixtures" / "probe20"


def read(name: str) -> tuple[dict, Extracted]:
    case = json.loads((PAGES / f"{name}.json").read_text())
    body = (PAGES / f"{name}.html").read_bytes()
    return case, extract(case["url"], "text/html", body, SITE, CAPTURED)


def post(name: str) -> tuple[dict, tuple[str | None, str | None]]:
    case, got = read(name)
    assert len(got.news) == 1
    return case["truth"], (got.news[0].title, (got.news[0].published or "")[:10] or None)


@pytest.mark.parametrize(
    "name",
    [
        # "Posted on 04/21/2015 at 9:00 AM" in a plain <p> below a "by ..." credit; a
        # comment's "04/22/2015 at 10:30 PM" in a Bootstrap media heading had dated the post
        "bootstrap3_post",
        # "Published on <time> · Updated <time>" in a plain <p>, a category's link above it
        "statamic_post",
        # "1/25/2024 3:00:00 PM": a time with seconds; the comments under "CommentsSection"
        "kentico_post",
        # "Опубліковано: 07.06.2013 14:25"
        "ukrainian_post",
    ],
)
def test_the_posting_line_dates_the_post(name: str) -> None:
    truth, (_, published) = post(name)
    assert published == truth["published"]


@pytest.mark.parametrize(
    "name",
    [
        "html4_table_post",  # <title>ISECG :: News :: <headline></title>, no heading
    ],
)
def test_a_titles_leading_site_and_section_names_are_no_part_of_it(name: str) -> None:
    truth, (title, _) = post(name)
    assert title == truth["title"]


def test_an_entrys_comments_link_takes_no_date() -> None:
    """Substack prints "<time> • <a href=…/comments>3</a>" under each entry's title link."""
    case, got = read("substack_archive_list")
    own = {e["url"] for e in case["truth"]["entries"]}
    dated = {key for key in got.list_dates if isinstance(key, str)}
    assert dated and dated <= own


def test_ukrainian_list_days() -> None:
    """ "Опубліковано: 30 травня 2013" and "07.06.2013": the days of a Ukrainian list."""
    case, got = read("ukrainian_list")
    days = {key: value.value[:10] for key, value in got.list_dates.items()}
    assert days == {e["url"]: e["published"] for e in case["truth"]["entries"]}


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("1/25/2024 3:00:00 PM", "2024-01-25"),
        ("25/10/2019 18h30", None),  # "2h30" is as often a duration (review 50)
        ("12 March 2019 99:99", None),  # no time of day
        ("12 March 201910:30", None),  # no time glued to a year
        ("30 травня 2013 року", "2013-05-30"),
        ("7 червня 2013 \u0440.", "2013-06-07"),  # the Cyrillic er and a dot: "year"
    ],
)
def test_clock_forms_and_ukrainian_days(text: str, day: str | None) -> None:
    found = parse_text(text)
    assert (found.isoformat() if found else None) == day


def test_comments_are_no_part_of_the_post_in_any_case() -> None:
    """A comments block classed in capitals ("CommentList", as Kentico's "CommentsSection")
    inside the post's element: a comment's day is no candidate for the post's (it was its
    only one, and dated the post)."""
    html = (
        b"<html><head><title>Agencies meet in Rome | ISECG</title></head><body>"
        b"<article class='post'><h1 class='entry-title'>Agencies meet in Rome</h1>"
        b"<div class='entry-content'><p>The agencies met in Rome to discuss the roadmap.</p></div>"
        b"<div class='CommentList'><div class='CommentItem'><span>A. Reader</span>"
        b"<span class='CommentDate'>March 5, 2020</span><p>Nice meeting.</p></div></div>"
        b"</article></body></html>"
    )
    url = SITE + "news/agencies-meet-in-rome/"
    got = extract(url, "text/html", html, SITE, CAPTURED)
    assert [(n.title, n.published) for n in got.news] == [("Agencies meet in Rome", None)]


@pytest.mark.parametrize(
    "name",
    [
        # Bootstrap's page header "Members <small>participating space agencies</small>"
        # over thumbnails named by their captions' headings (logos without alt)
        "bootstrap3_members",
    ],
)
def test_members_pages_of_other_designs(name: str) -> None:
    case, got = read(name)
    assert got.members_block
    names = [m.name for m in got.members or []]
    # each in the page's order; a list item's name with its gloss ("NASA — Національне ...")
    assert len(names) == len(case["truth"]["members"])
    assert all(t in n for t, n in zip(case["truth"]["members"], names, strict=True))


@pytest.mark.parametrize(
    "subtitle", ["former", "Observers", "past members", "partners", "Login", "since 2007"]
)
def test_a_heading_subtitle_saying_anything_else_stays_in_it(subtitle: str) -> None:
    """ "Members <small>former</small>" or "<small>Login</small>" heads no block of members;
    "participating space agencies" in that place does (review 46: a list of subtitles that
    name other groups fails open, in every language)."""
    html = (PAGES / "bootstrap3_members.html").read_text()
    changed = html.replace(
        "<small>participating space agencies</small>", f"<small>{subtitle}</small>"
    )
    assert changed != html
    got = extract(SITE + "members/", "text/html", changed.encode(), SITE, CAPTURED)
    assert not got.members


@pytest.mark.parametrize(
    "name",
    [
        # review 45 of the posting line: a sentence with a day, a paper's day, a report's
        # facts, a repost's original day are no byline's
        "r1_ahead_time",
        "r1_paper_time_nometa",
        "r1_facts_li_nodate",
        "r1_republished_nometa",
        # and of the <title>'s leading names: a section's word or the group's name before a
        # headline's own dash is the headline's
        "r2_h4_events",
        "r2_h4_isecg_decade",
    ],
)
def test_what_the_review_read_wrong(name: str) -> None:
    truth, (title, published) = post(name)
    assert (title, published) == (truth["title"], truth["published"])


REVIEW_46 = PAGES / "review46"


@pytest.mark.parametrize("name", sorted(json.loads((REVIEW_46 / "expected.json").read_text())))
def test_what_review_46_read_wrong(name: str) -> None:
    """Review 46 of the members rules: log-in boxes, members' areas, "since 2007", suspended
    and former members, working groups and delegates under a subtitled or Ukrainian
    "members" heading; industry, staff and social cards whose logo and heading say the same
    after the members; observers and partners labelled in Ukrainian, Arabic, Portuguese.
    Each page's members are the old code's where it read them right, none where it read
    none, and the first list only under a foreign heading whose later ones say "former"."""
    case = json.loads((REVIEW_46 / "expected.json").read_text())[name]
    body = (REVIEW_46 / f"{name}.html").read_bytes()
    got = extract(case["url"], "text/html", body, SITE, CAPTURED)
    assert [m.key for m in got.members or []] == case["keys"]


@pytest.mark.parametrize("name", ["ukrainian_members", "arabic_members"])
def test_members_lost_rather_than_read_wrong(name: str) -> None:
    """ "Члени ISECG" over a list (it heads delegates and news as often, review 46) and cards
    whose logo and heading both name an agency (sponsors', staff's and social cards look the
    same) are not read: none of their members, and none that is not one."""
    case, got = read(name)
    truth = case["truth"]["members"]
    assert all(any(t in m.name for t in truth) for m in got.members or [])


REVIEW_47 = PAGES / "review47"


@pytest.mark.parametrize("name", sorted(json.loads((REVIEW_47 / "expected.json").read_text())))
def test_what_review_47_read_wrong(name: str) -> None:
    """Review 47, a second look: reposts' and papers' lines after a <time> or with an author
    ("Published by NASA on 3 May 2019", "Published on <time>…</time> on NASA Blogs"), a
    report's facts in paragraphs, an earlier part's day under its link; "Press Release -
    <headline>" printed whole (its day is found by it); "Members <small>current
    agencies</small>" over former members, supporters and "Friends of ISECG" after the
    members, "<small>agencies</small>" over news, other groups' labels in Portuguese,
    Ukrainian and Arabic under their "member agencies" (no longer read)."""
    case = json.loads((REVIEW_47 / "expected.json").read_text())[name]
    body = (REVIEW_47 / f"{name}.html").read_bytes()
    got = extract(case["url"], "text/html", body, SITE, CAPTURED)
    if "members" in case:
        assert [m.key for m in got.members or []] == case["members"]
        return
    assert len(got.news) == 1
    assert ((got.news[0].published or "")[:10] or None) == case["published"]
    if "title" in case:
        assert got.news[0].title == case["title"]


REVIEW_49 = PAGES / "review49"


@pytest.mark.parametrize("name", sorted(json.loads((REVIEW_49 / "expected.json").read_text())))
def test_what_review_49_read_wrong(name: str) -> None:
    """Review 49, a fourth look: a <time> whose printed day cannot be read ("Nov 4",
    "11/04/2019", "Jun 20" in another zone, "3 May 2019, NASA Blogs") was trusted for its
    datetime (a build's time, swapped fields); a listing at a /news/<slug>/ address, each
    item's short linked title above its "Posted on", gave its first item's day. None now."""
    case = json.loads((REVIEW_49 / "expected.json").read_text())[name]
    body = (REVIEW_49 / f"{name}.html").read_bytes()
    got = extract(case["url"], "text/html", body, SITE, CAPTURED)
    assert got.news and all(n.published is None for n in got.news)


def _reviewed(*reviews: str) -> list[tuple[str, str]]:
    return [
        (review, name)
        for review in reviews
        for name in sorted(json.loads((PAGES / review / "expected.json").read_text()))
    ]


@pytest.mark.parametrize(("review", "name"), _reviewed("review48", "review50", "review51"))
def test_what_reviews_48_to_51_read_wrong(review: str, name: str) -> None:
    """The post's own day where the page prints one, else none, on the pages these reviews
    dated wrong. 48, a third look at the posting line: a digest's first item's day, a
    comment's under text in a <div> or between <br>s, an update box's "Posted on" at the top,
    a <time> whose datetime is not the day it prints. 50, fresh eyes on the rest: "12 March
    2019 2h30" (a duration) and "- 18h30" under a workshop's title; a byline classed
    "ShowComments" or a header classed "NoComments" dropped as a comments block. 51, a fifth
    look: the title found was a document's card lower in the body, named as the page's
    <title>, and its "Published on <time>" dated the post; a quoted release's line in a
    <div> or a <figure> under the title."""
    case = json.loads((PAGES / review / "expected.json").read_text())[name]
    body = (PAGES / review / f"{name}.html").read_bytes()
    got = extract(case["url"], "text/html", body, SITE, CAPTURED)
    assert len(got.news) == 1
    assert ((got.news[0].published or "")[:10] or None) == case["published"]
