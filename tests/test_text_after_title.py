"""The generic reader's body where the library's main text is only the page's menu and
footer (a short post: trafilatura keeps the furniture and drops the text). Version 49 reads
the block of paragraphs after the post's title then; a lead paragraph the library did read,
between the title and a list, stays the text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract
from scraper.extract.mainbody import main_text
from tests.fidelity import SITE_URL, pages
from tests.fixtures.site.model import load_site

SITE = load_site("base")
AT = datetime(2025, 10, 1, tzinfo=UTC)
POST = next(p for p in SITE.posts if p.id == 1384)  # two short paragraphs and a file


@pytest.mark.parametrize("seed", [23, 42, 47])  # the generated designs where it happened
def test_a_short_post_s_text_is_what_follows_its_title(seed: int) -> None:
    (page,) = (p for p in pages(SITE, f"random:{seed}", rest=False) if p.url.endswith("=1384"))
    html = page.body.decode()
    assert "supplement to the Global" not in main_text(html, fast=False)  # the library's miss
    (news,) = extract(page.url, page.content_type, page.body, SITE_URL, AT).news
    assert news.title == POST.title
    assert news.body_text.startswith("ISECG has released an update of the lunar surface")
    assert news.body_text.endswith("Download: GER Supplement 2022")
    assert "rights reserved" not in news.body_text and "About ISECG" not in news.body_text
    assert any(d.endswith("/GER_2022_supplement.pdf") for d in news.documents)


def test_a_lead_the_library_read_stays_the_text() -> None:
    """Markup we did not write (a think tank's testimony list): the lead paragraph under the
    title is what the library read; the list after it is not taken for the text instead."""
    site = "https://www.example.org/"
    fixture = Path(__file__).parent / "fixtures/probe23/review110/16_thinktank_testimony.html"
    got = extract(f"{site}?p=123", "text/html", fixture.read_bytes(), site, AT)
    (news,) = got.news
    assert (
        news.body_text == "Written statements submitted by our scholars. Dates are hearing dates."
    )
