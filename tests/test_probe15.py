"""Probe 15 (helper-70): ten whole sites after systems not met before, harvested together. It
found one wrong post day and two publications lists read as two records an entry; the pages
that showed them are here (tests/fixtures/probe15/), each with its truth."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PAGES = Path(__file__).parent / "fixtures" / "probe15"


def read(name: str) -> tuple[dict, object]:
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
    ],
)
def test_a_file_below_its_entrys_date_is_that_entrys(name: str) -> None:
    """Each entry was two records: its title and day without its file, and the file alone,
    titled by its name ("GER_2024.pdf") or with its size ("... 4.2 MB")."""
    case, got = read(name)
    truth = sorted((p["title"], p["posted_on"], p["document_url"]) for p in case["publications"])
    assert sorted((p.title, p.posted_on, p.document_url) for p in got.publications) == truth


def test_a_naive_instant_a_day_from_the_day_its_element_prints_gives_that_day() -> None:
    """HubSpot writes its UTC instant with no offset: `<time datetime="2024-06-25 22:00:00">
    June 26, 2024</time>` was read as 25 June in the site's time."""
    case, got = read("hubspot-post-utc-no-offset")
    assert [(n.published or "")[:10] for n in got.news] == [case["news"]["published"]]
