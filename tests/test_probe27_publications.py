"""Publications pages in designs nobody here wrote (helper-205's, tests/fixtures/probe27):
a page whose own "Posted on" stands beside its "Publications" heading over an undated list
(all three entries were lost: the heading and the page's day made an entry, which hid the
undated ones), and an undated entry whose file is a "Download (PDF)" button under its
heading, between dated ones (lost: only a title linking its file was kept undated)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract

SITE = "https://www.globalspaceexploration.org/"
UPLOADS = SITE + "wp-content/uploads/"
FIXTURES = Path(__file__).parent / "fixtures" / "probe27"
EXPECTED: dict[str, dict[str, tuple[str | None, str]]] = {
    "q08_pubs_flat_date_below_link_one_missing": {
        "The Global Exploration Roadmap 2024": ("2024-08-28", "2024/08/GER_2024.pdf"),
        "ISECG Reference Architecture for Human Lunar Exploration": (
            None,
            "2016/07/ISECG_Lunar_Reference_Architecture.pdf",
        ),
        "Global Exploration Roadmap Supplement October 2022": (
            "2022-10-27",
            "2022/10/GER_2022.pdf",
        ),
        "ISECG Annual Report 2019": ("2020-03-16", "2020/03/ISECG_Annual_Report_2019.pdf"),
    },
    "q09_pubs_page_posted_on_header_items_undated": {
        "The Global Exploration Roadmap (January 2018)": (
            None,
            "2018/01/GER_2018_small_mobile.pdf",
        ),
        "Global Exploration Roadmap Supplement August 2020": (
            None,
            "2020/08/GER_2020_supplement.pdf",
        ),
        "Benefits Stemming from Space Exploration": (
            None,
            "2013/09/Benefits-Stemming-from-Space-Exploration-2013-TAGGED.pdf",
        ),
    },
}


@pytest.mark.parametrize("name", EXPECTED)
def test_every_entry_is_kept_with_its_own_day_or_none(name: str) -> None:
    body = (FIXTURES / f"{name}.html").read_bytes()
    got = extract(f"{SITE}?page_id=14", "text/html", body, SITE, datetime(2025, 3, 1, tzinfo=UTC))
    read = {p.title: (p.posted_on, p.document_url) for p in got.publications}
    assert read == {title: (day, UPLOADS + f) for title, (day, f) in EXPECTED[name].items()}


def test_a_heading_over_a_table_of_files_is_no_entry() -> None:
    """The rule above reads a heading with a file's button below it as an entry; a heading
    over a table ("Statistics" over rows each with its "Download PDF") is not one: the rows
    are the entries (probe23's review95 page, whose rows are not read yet:
    tests/test_entry_elements.py)."""
    page = Path(__file__).parent / "fixtures/probe23/review95/09_table_then_df_briefings.html"
    got = extract(
        f"{SITE}?page_id=14", "text/html", page.read_bytes(), SITE, datetime(2025, 3, 1, tzinfo=UTC)
    )
    titles = [p.title for p in got.publications]
    assert "Statistics" not in titles and "Briefing: the two-child limit" in titles
