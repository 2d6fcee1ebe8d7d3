"""Probes 17 and 18 (helpers 90 and 91): news, publications and members pages after the
designs of space agencies' and intergovernmental sites, not WordPress (GOV.UK, Canada.ca,
Drupal, Joomla's Phoca Download, Contao, CNES-like French cards...). The pages that showed a
wrong value are here (tests/fixtures/probe17/), each with its truth."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract
from scraper.extract.types import Extracted

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PAGES = Path(__file__).parent / "fixtures" / "probe17"


def read(name: str, where: str = "url") -> tuple[dict, Extracted]:
    case = json.loads((PAGES / f"{name}.json").read_text())
    body = (PAGES / f"{name}.html").read_bytes()
    return case, extract(case[where], "text/html", body, SITE, CAPTURED)


@pytest.mark.parametrize("where", ["url", "wp_url"])
@pytest.mark.parametrize(
    "name",
    [
        # a title-classed <h2> heads GOV.UK's "Published ... Last updated ..." lines
        "govuk01-news-story-published-last-updated",
        # and its notice "This news article was withdrawn on <time>", whose day is no posting's
        "govuk03-withdrawn-notice",
    ],
)
def test_govuk_date_lines_neither_title_nor_date_the_post(name: str, where: str) -> None:
    case, got = read(name, where)
    truth = case["truth"]
    assert [(n.title, (n.published or "")[:10]) for n in got.news] == [
        (truth["title"], truth["published"])
    ]


def test_a_files_upload_date_beside_its_size_dates_no_publication() -> None:
    """Phoca Download prints each file's "Date:" (its upload) beside "Size:" and "Downloads:",
    and a "Details" button; the posting day is in a sentence. None of them is read."""
    case, got = read("p12-joomla4-phoca-download-file-date-vs-published")
    days = {p["posted_on"] for p in case["truth"]["pubs"]}
    for publication in got.publications:
        assert publication.title != "Details"
        assert publication.posted_on is None or publication.posted_on[:10] in days


def test_a_pages_base_href_resolves_its_documents() -> None:
    """Contao writes <base href> at the site's root; its page lives under /de/."""
    case, got = read("p14-contao5-de-text-plus-download-dotted-date")
    files = {url for p in case["truth"]["pubs"] for url in p["documents"]}
    assert got.publications
    assert {p.document_url for p in got.publications} <= files


@pytest.mark.parametrize(
    "name",
    [
        "p18-cnes-style-fr-cards-publie-le-mis-a-jour",  # a news item under "Actualités"
        "p01-govuk-publication-attachments",  # GOV.UK's "Full page history" heading
    ],
)
def test_no_publication_but_the_pages_own(name: str) -> None:
    case, got = read(name)
    titles = {p["title"] for p in case["truth"]["pubs"]}
    assert {p.title for p in got.publications} <= titles
