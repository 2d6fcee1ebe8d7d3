"""Probe 29 (helper-212's pages): members pages in designs nobody on the team wrote, each
read with exactly its members (tests/fixtures/probe29, the probe's file names kept)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract

PAGES = Path(__file__).parent / "fixtures" / "probe29"
SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, tzinfo=UTC)
NEW = {"UAESA", "ASA", "ROSA", "SSO", "POLSA", "LSA", "NOSA", "VNSC", "AEB", "GISTDA"}
TRUTH = {
    # Bootstrap's cards: alt="logo" on every logo, the name in the card's heading
    "M08_bootstrap_cards_logo_alt_visit": NEW | {"PT Space", "AEM", "NZSA"},
}


def _acronyms(name: str) -> list[str]:
    page = (PAGES / f"{name}.html").read_bytes()
    got = extract(SITE + "members/", "text/html", page, SITE, CAPTURED)
    return [m.acronym or m.name for m in got.members or []]


@pytest.mark.parametrize("name", TRUTH)
def test_a_members_page_of_probe_29_reads_its_members_exactly(name: str) -> None:
    read = _acronyms(name)
    assert sorted(read) == sorted(TRUTH[name])
