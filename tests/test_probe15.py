"""Probe 15 (helper-70): ten whole sites after systems not met before, harvested together. It
found one wrong post day and two publications lists read as two records an entry; the pages
that showed them are here (tests/fixtures/probe15/), each with its truth."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract
from scraper.extract.types import Extracted

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PAGES = Path(__file__).parent / "fixtures" / "probe15"


def read(name: str) -> tuple[dict, Extracted]:
    case = json.loads((PAGES / f"{name}.json").read_text())
    body = (PAGES / f"{name}.html").read_bytes()
    return case, extract(case["url"], "text/html", body, SITE, CAPTURED)


@pytest.mark.parametrize(
    "name",
    [
        # WordPress's own File block: "GER_2024.pdf" and "Download" below the "Posted on" line
        "wp-tt24-file-blocks",
        # django CMS's filer link: the entry's title again, and "4.2 MB", below it
        "djangocms-filer-links",
        # HubSpot's description below the "Posted on" line, ending in "Download the PDF"
        "hubspot-publications",
    ],
)
def test_a_file_below_its_entrys_date_is_that_entrys(name: str) -> None:
    """Each entry was two records: its title and day without its file, and the file alone,
    titled by its name ("GER_2024.pdf") or with its size ("... 4.2 MB")."""
    case, got = read(name)
    truth = {(p["title"], p["posted_on"], p["document_url"]) for p in case["publications"]}
    read_ = {(p.title, p.posted_on, p.document_url) for p in got.publications}
    assert read_ <= truth  # none wrong, none extra
    assert {t for t in truth if t[1]} <= read_  # every dated entry, with its file
    # (HubSpot's one undated entry, whose title links nothing, stays unread)


def test_a_naive_instant_a_day_from_the_day_its_element_prints_gives_that_day() -> None:
    """HubSpot writes its UTC instant with no offset: `<time datetime="2024-06-25 22:00:00">
    June 26, 2024</time>` was read as 25 June in the site's time."""
    case, got = read("hubspot-post-utc-no-offset")
    assert [(n.published or "")[:10] for n in got.news] == [case["news"]["published"]]


@pytest.mark.parametrize(
    "name",
    [
        # Ghost's footer "Sign up" links "#/portal/": taken for the post's own menu entry
        "ghost-source-post",
        # Minimal Mistakes' <nav class="skip-links"> links "#main"
        "minimal-mistakes-post",
        # Docsy's <nav id="td-section-nav"> lists every post of the blog, this one too
        "docsy-blog-post",
        # OpenEuropa's news node type, oe_news
        "openeuropa-oe-news-post",
    ],
)
def test_a_post_of_these_systems_is_read_at_its_own_address(name: str) -> None:
    """Each was taken for a section of the site, or a node of another type: no record."""
    case, got = read(name)
    assert [((n.published or "")[:10], n.title) for n in got.news] == [
        (case["news"]["published"], case["news"]["title"])
    ]


def test_a_logo_files_name_names_its_agency_without_the_word_logo() -> None:
    """HubSpot's alt texts "nasa-logo", "logo-cnes", "asi-logo-blu" gave "nasa-", "-cnes"."""
    _, got = read("hubspot-members")
    names = [m.name for m in got.members]
    assert names and not [n for n in names if n.startswith("-") or n.endswith("-") or "- " in n]


@pytest.mark.parametrize("name", ["typo3-uploads-element", "ghost-source-file-cards"])
def test_typo3s_file_lines_and_ghosts_file_cards_give_nothing_wrong(name: str) -> None:
    """TYPO3's "<a>Title</a> <span>Posted on 21 May, 2024</span> <span>4 MB</span>": reading
    past the size dated "<a>Read more</a> Posted on ... 2 MB" and agendas' "Date:" lines too
    (reviews 34, 37). Ghost's file cards: reading the card's first line as its title read a
    label ("New", "Featured") or the day (review 33). Both left unread, nothing wrong."""
    case, got = read(name)
    truth = {(p["title"], p["posted_on"], p["document_url"]) for p in case["publications"]}
    assert {(p.title, p.posted_on, p.document_url) for p in got.publications} <= truth


def test_a_read_more_link_before_a_posting_line_titles_nothing() -> None:
    """Review 34: "<a>Read more</a> Posted on 21 May 2024 2 MB" under each title, once its
    size was a note, was an entry titled "Read more"."""
    entries = "".join(
        f"<h3><a href='/files/{t}.pdf'>{t} report</a></h3>"
        f"<p><a href='/?p={i}'>Read more</a> Posted on {d} 2 MB</p>"
        for i, (t, d) in enumerate([("Roadmap", "21 May 2024"), ("Annual", "11 March 2024")])
    )
    html = f"<html><body><main><h1>Publications</h1>{entries}</main></body></html>"
    got = extract(SITE + "publications/", "text/html", html.encode(), SITE, CAPTURED)
    assert "Read more" not in [p.title for p in got.publications]
