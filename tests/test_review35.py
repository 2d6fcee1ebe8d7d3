"""Reviews 34 to 37 (helpers 85 to 88) of the rules for a byline beside a file's link, a
file's button, a day's archive, a File block named by its file, probe 16's split list dates
(Astra's date box) and members four levels above their heading (tried, undone)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract
from tests.prose import EN

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
URL = SITE + "news/isecg-workshop-lunar-logistics/"
T = "ISECG Workshop on Lunar Surface Logistics"
BY = "Posted on 1 <span>February</span> 2025 by <a href='/author/secretariat/'>Secretariat</a>"
HEADER = (
    f"<header class='entry-header'><h1 class='entry-title'>{T}</h1>"
    f"<div class='entry-meta'><span class='byline'>{BY}</span></div></header>"
)
AVATAR = "<a href='/wp-content/uploads/avatar.jpg'><img src='/wp-content/uploads/a.jpg' alt=''></a>"
REPORT = "<div class='report-info'><p>Published on 3 <span>November</span> 2024</p></div>"
PAGES = Path(__file__).parent / "fixtures" / "probe16"


def _day(inner: str) -> list[str | None]:
    html = (
        f"<html><head><title>{T} - ISECG</title></head><body><main><article class='post'>"
        f"{inner}<div class='entry-content'>{EN}</div></article></main></body></html>"
    )
    got = extract(URL, "text/html", html.encode(), SITE, CAPTURED)
    return [(n.published or "")[:10] or None for n in got.news]


def test_the_headers_byline_stands_before_an_author_box_beside_an_image_file() -> None:
    """Review 35 (A03): the author box's avatar links an image file, beside the byline
    repeated; every day of the block was set aside, the header's own too."""
    box = f"<div class='author-box'>{AVATAR}<p>{BY}</p></div>"
    assert _day(HEADER + box) == ["2025-02-01"]


def test_a_reports_day_before_a_byline_beside_a_file_is_not_the_posts() -> None:
    """Review 34 (V03): a report's box, then the byline beside an avatar's image file."""
    box = f"<h1>{T}</h1>{REPORT}<div class='author-box'>{AVATAR}<span>{BY}</span></div>"
    assert _day(box) == [None]


def _publications(titles: list[str]) -> set[tuple[str, str | None]]:
    lines = "".join(
        f"<p><a href='/wp-content/uploads/{i}.pdf'>{t}</a> Posted on 2 May, 2019</p>"
        for i, t in enumerate(titles)
    )
    html = f"<html><body><main><h1>Publications</h1>{lines}</main></body></html>"
    got = extract(SITE + "publications/", "text/html", html.encode(), SITE, CAPTURED)
    return {(p.title, p.posted_on) for p in got.publications}


def test_a_title_with_a_buttons_word_stays_a_title() -> None:
    """Review 35: "Open Architecture", "View from the Moon", "Data Download Guide" and review
    37's "Download Statistics 2023" were refused as buttons, and their entries lost."""
    titles = ["Open Architecture", "View from the Moon", "Data Download Guide"]
    titles += ["Download Statistics 2023"]
    assert _publications(titles) == {(t, "2019-05-02") for t in titles}


def test_a_day_permalink_under_a_section_is_a_post_not_an_archive() -> None:
    """Review 35 (D01): a daily bulletin's posts at /bulletin/2024/12/12/; only WordPress's
    day archive at the root (/2024/12/12/) is no entry."""
    days = ["2024/12/12", "2024/11/03"]
    items = "".join(
        f"<article><h2><a href='/bulletin/{d}/'>Bulletin {d}</a></h2><p class='date'>"
        f"{d.replace('/', '-')}</p></article>"
        for d in days
    )
    html = f"<html><body><main><h1>Daily Bulletin</h1>{items}</main></body></html>"
    got = extract(SITE + "bulletin/", "text/html", html.encode(), SITE, CAPTURED)
    read = {
        str(k).split("bulletin/")[1].rstrip("/"): v.value[:10] for k, v in got.list_dates.items()
    }
    assert read == {d: d.replace("/", "-") for d in days}


@pytest.mark.parametrize(
    "after",
    [
        "<p>Posted on April 16, 2024</p>",  # review 35 (F01)
        "<p>The group's yearly report.</p><p>Posted on April 16, 2024</p>",  # review 37 (G01)
        "<p>Date: April 16, 2024</p>",  # G03
    ],
)
def test_a_file_block_heading_its_own_entry_is_no_file_of_the_entry_above(after: str) -> None:
    """A notice with no file, then a bare File block and its own lines: the notice took the
    report's file and the report was lost. Only a File block that ends its entry (the next
    heading, or the list's end, after its button) is the entry's file."""
    upload = SITE + "wp-content/uploads/ISECG-Annual-Report-2023.pdf"
    block = (
        f"<div class='wp-block-file'><a href='{upload}'>ISECG-Annual-Report-2023</a>"
        f"<a href='{upload}' class='wp-block-file__button' download>Download</a></div>"
    )
    body = f"<h3>Call for Papers: GLEX 2025</h3><p>Posted on May 2, 2024</p>{block}{after}"
    html = f"<html><body><main><h1>Publications</h1>{body}</main></body></html>"
    got = extract(SITE + "publications/", "text/html", html.encode(), SITE, CAPTURED)
    files = {p.title: p.document_url for p in got.publications}
    assert files.get("Call for Papers: GLEX 2025") is None
    assert upload in files.values()


@pytest.mark.parametrize(
    ("name", "where"), [("ast04-astra-pro-archive-date-box-recent-widget", "wp_url")]
)
def test_a_split_date_box_dates_its_entries(name: str, where: str) -> None:
    """Astra's date box: <span class="posted-on"><span>Feb</span> <span>20</span>
    <span>2025</span></span>. (Enfold's <time class="updated" itemprop="datePublished"> stays
    a modification: a theme marking both its times datePublished lost its day, review 36.)"""
    case = json.loads((PAGES / f"{name}.json").read_text())
    page = (PAGES / f"{name}.html").read_text()
    entries = case["truth"]["entries"]
    if where == "wp_url":
        for href, entry in sorted(entries.items(), key=lambda kv: -len(kv[0])):
            page = page.replace(f'href="{href}"', f'href="{SITE}?p={entry["id"]}"')
    got = extract(case[where], "text/html", page.encode(), SITE, CAPTURED)
    read = {str(k): v.value[:10] for k, v in got.list_dates.items()}
    key = (lambda href, e: str(e["id"])) if where == "wp_url" else (lambda href, e: href)
    truth = {key(h, e): e["day"] for h, e in entries.items()}
    assert len(truth) >= 5
    assert {k: read.get(k) for k in truth} == truth


def _members(after_heading: str) -> list[str]:
    html = (
        "<html><body><main><div class='e-con'><div class='e-con-inner'><div class='w'>"
        "<div class='wc'><h2>Members</h2></div></div></div></div>"
        f"{after_heading}</main></body></html>"
    )
    got = extract(SITE + "members/", "text/html", html.encode(), SITE, CAPTURED)
    return [m.key for m in got.members]


def test_a_sponsors_strip_four_levels_above_the_heading_is_no_members() -> None:
    """Review 36 (M01): an unreadable text list of names, then a sponsors' logo strip in the
    next column four levels up, gave the sponsors as members."""
    sponsors = "".join(
        f"<a href='https://www.{n}.com/'><img src='/img/{n}.png' alt='{n.title()}'></a>"
        for n in ("lockheedmartin", "airbus")
    )
    assert _members(f"<div class='e-con'>{sponsors}</div>") == []


@pytest.mark.parametrize(
    ("title", "extra"),
    [
        ("ISECG Newsletter | ISECG", "<footer><div><h2>ISECG Newsletter</h2></div></footer>"),
        (
            "Gateway Logistics Webinar | ISECG",
            "<footer><h2>Gateway Logistics Webinar</h2></footer>",
        ),
    ],
)
def test_a_bare_heading_repeating_a_wrong_page_name_titles_no_post(title: str, extra: str) -> None:
    """Review 38: with a subtitle classed as a headline beside the post's title (two
    title-classed headings, neither the page's name), a bare <h2> in the article's footer
    repeating a wrong page name ("ISECG Newsletter") titled the post. Only the page's own
    <h1> above them all may (Beaver Builder's, over a "More news" grid)."""
    post = (
        f"<header><h1 class='entry-title'>{T}</h1><p class='entry-subheadline'>Agencies met in "
        f"Tokyo</p></header><div class='entry-content'>{EN}</div>{extra}"
    )
    html = f"<html><head><title>{title}</title></head><body><main><article>{post}</article>"
    got = extract(URL, "text/html", (html + "</main></body></html>").encode(), SITE, CAPTURED)
    assert [n.title for n in got.news] == [T]
