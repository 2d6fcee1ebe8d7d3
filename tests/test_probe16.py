"""Probe 16 (helper-84): 48 pages after popular commercial WordPress themes and builders
(Astra, Divi, Avada, Elementor Pro, Beaver Builder, Newspaper, Enfold...), read with no REST.
It found three kinds of wrong value and several losses; the pages that showed them are here
(tests/fixtures/probe16/), each with its truth."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract
from scraper.extract.types import Extracted

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PAGES = Path(__file__).parent / "fixtures" / "probe16"


def read(name: str, where: str) -> tuple[dict, Extracted]:
    case = json.loads((PAGES / f"{name}.json").read_text())
    body = (PAGES / f"{name}.html").read_bytes()
    return case, extract(case[where], "text/html", body, SITE, CAPTURED)


@pytest.mark.parametrize("where", ["url", "wp_url"])
def test_a_more_news_grids_headlines_are_not_the_posts_title(where: str) -> None:
    """Beaver Themer: the post's title in a heading module no class names a title, and a
    "More from ISECG" grid of other posts below, each with its own itemprop headline. The
    first of those titled the post; the heading named as the page is named is its title."""
    case, got = read("bb01-beaver-themer-post-info-updated-post-grid-more", where)
    assert [(n.title, (n.published or "")[:10]) for n in got.news] == [
        (case["truth"]["title"], case["truth"]["published"])
    ]


@pytest.mark.parametrize("where", ["url", "wp_url"])
def test_a_day_archives_link_is_no_list_entry(where: str) -> None:
    """Elementor's post-info widget links each day to its archive (/2025/02/20/): the
    archives were dated as if they were posts."""
    case, got = read("ele05-hello-home-loop-grid-post-info-jFY-upcoming-events", where)
    truth = {k: e["day"] for k, e in case["truth"]["entries"].items()}
    read_ = {str(k): v.value[:10] for k, v in got.list_dates.items()}
    assert not [k for k in read_ if re.search(r"/\d{4}/\d{2}/\d{2}/?$", k)]
    assert all(truth.get(k) == day for k, day in read_.items())


@pytest.mark.parametrize("where", ["url", "wp_url"])
def test_a_file_block_titled_by_its_files_name_gives_no_wrong_day_or_file(where: str) -> None:
    """Gutenberg: a heading, "Posted on ...", then the File block whose link reads the
    upload's title ("ISECG-Annual-Report-2023"). Each entry is two records, the heading's
    with its day and no file, the file's with no day: joining them gave notices and
    file-first layouts another entry's file (reviews 37, 38), so they stay apart."""
    case, got = read("pub01-gutenberg-heading-posted-on-file-block", where)
    truth = {p["title"]: (p["posted_on"], p["document"]) for p in case["truth"]["pubs"]}
    files = {doc for _, doc in truth.values()}
    for p in got.publications:
        if p.title in truth:
            assert p.posted_on == truth[p.title][0]
            assert p.document_url in (None, truth[p.title][1])
        else:  # the File block's own record: its file, no day
            assert (p.posted_on, p.document_url in files) == (None, True)


@pytest.mark.parametrize("where", ["url", "wp_url"])
def test_an_elementor_image_box_grid_four_levels_up_gives_no_wrong_member(where: str) -> None:
    """Elementor's heading widget sits four elements deep in its container, the grid of
    image boxes is that container's next sibling: its 14 members stay lost. Looking four
    levels up read sponsors' cards and staff photos as members elsewhere (reviews 36, 37)."""
    case, got = read("mem02-elementor-image-box-grid-acronym-title", where)
    assert {m.key for m in got.members} <= set(case["truth"]["members"])
