"""The archive in a real browser: Playwright drives Debian's chromium (never a downloaded one)
against Datasette served over HTTP on 127.0.0.1.

Chromium comes from apt (`make chromium`, which `make test` and .ci/run run first); without it
these tests fail, they never skip. The chart screenshot is written to the test's temporary
directory, and to docs/screenshots/ when UPDATE_SCREENSHOTS=1 is set.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from archive.export import CURATED, export
from archive.serve import make_datasette
from archive.warc import Exchange, WarcWriter
from tests.browser_helpers import SCREENSHOTS, chromium
from tests.crawl_helpers import Crawled
from tests.serve_helpers import http_server

pytestmark = pytest.mark.slow  # drives a real chromium

SCRIPT = "<script>window.pwned=1;document.title='pwned'</script>"
PLANTED_ID = 999999


@dataclass(frozen=True)
class Served:
    url: str
    data: Path
    planted_capture: int  # 0 when nothing is planted


def plant_a_script(data: Path) -> int:
    """A news post whose title and body carry a script, and its capture: an archived page with
    the same script, in a WARC file. Returns the capture id."""
    now = datetime.now(UTC)
    page = f"<html><head><title>Planted</title></head><body><h1>Planted</h1>{SCRIPT}</body></html>"
    with WarcWriter(data / "warc", "planted", 1 << 30, "tests") as writer:
        where = writer.write(
            Exchange(
                url=f"http://127.0.0.1:9/?p={PLANTED_ID}",
                fetched_at=now,
                method="GET",
                request_headers=[("Host", "127.0.0.1:9")],
                http_version="HTTP/1.1",
                status=200,
                reason="OK",
                response_headers=[("Content-Type", "text/html; charset=UTF-8")],
                body=page.encode(),
            )
        )
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    with sqlite3.connect(data / "isecg.db") as conn:
        capture = conn.execute(
            "INSERT INTO captures (crawl_id, url, kind, fetched_at, outcome, status, warc_file,"
            " warc_offset, warc_length) VALUES (2, ?, 'page', ?, 'ok', 200, ?, ?, ?)",
            [f"http://127.0.0.1:9/?p={PLANTED_ID}", stamp, where.file, where.offset, where.length],
        ).lastrowid
        conn.execute(
            "INSERT INTO news (id, wp_id, url, title, published, body_text, body_html, capture_id,"
            " extractor_version, content_hash, first_seen, last_seen)"
            " VALUES (?, ?, ?, ?, '2024-01-01', ?, ?, ?, 'test', 'planted', ?, ?)",
            [
                f"wp:{PLANTED_ID}",
                PLANTED_ID,
                f"http://127.0.0.1:9/?p={PLANTED_ID}",
                f"Planted {SCRIPT} post",
                f"Body with {SCRIPT} inside, pwnedword",
                f"<p>Body with {SCRIPT} inside</p>",
                capture,
                stamp,
                stamp,
            ],
        )
        record = {"title": f"Planted {SCRIPT} post", "body_text": f"Body with {SCRIPT} inside"}
        # no "url" in the version: the feed falls back on the post's row
        conn.execute(
            "INSERT INTO news_versions (record_id, version, content_hash, crawl_id, capture_id,"
            " seen_at, changed, record) VALUES (?, 1, 'planted', 2, ?, ?, '[\"title\"]', ?)",
            [f"wp:{PLANTED_ID}", capture, stamp, json.dumps(record)],
        )
    assert capture is not None
    return capture


@pytest.fixture(scope="module")
def served(later_recrawl: Crawled) -> Iterator[Served]:
    """The crawled replica, as it is (the session's two-crawl archive, read only)."""
    data = later_recrawl.data
    with http_server(make_datasette(data / "isecg.db", data / "warc")) as url:
        yield Served(url, data, 0)


@pytest.fixture(scope="module")
def planted(served: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A copy of it with a post and a capture that carry a script, served apart."""
    data = tmp_path_factory.mktemp("planted") / "data"
    shutil.copytree(served.data, data)
    capture = plant_a_script(data)
    with http_server(make_datasette(data / "isecg.db", data / "warc")) as url:
        yield Served(url, data, capture)


@pytest.fixture(scope="module")
def browser(
    tmp_path_factory: pytest.TempPathFactory, served: Served, planted: Served
) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("chromium-profile"), accept_downloads=True) as context:
        yield context


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    page.set_default_timeout(10000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert errors == []


def screenshot(page: Any, tmp_path: Path, name: str) -> bytes:
    """The whole page as a PNG, kept with the test; also in docs/ with UPDATE_SCREENSHOTS=1."""
    shot: bytes = page.screenshot(path=str(tmp_path / name), full_page=True)
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / name).write_bytes(shot)
    return shot


def table_text(page: Any) -> str:
    text: str = page.locator("table.rows-and-columns").inner_text()
    return text


def test_open_the_archive(page: Any, served: Served):
    page.goto(served.url)
    assert page.title().startswith("ISECG website archive")
    page.get_by_role("link", name="isecg", exact=True).click()
    assert page.locator("h1").inner_text().strip() == "isecg"
    page.get_by_role("link", name="Members on a given date").wait_for()


def test_full_text_search(page: Any, served: Served):
    page.goto(f"{served.url}/isecg/news")
    page.fill("input[name=_search]", "Mars")
    page.press("input[name=_search]", "Enter")
    page.wait_for_url("**_search=Mars**")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() > 0
    assert "Mars" in table_text(page)


def test_apply_a_facet(page: Any, served: Served, tmp_path: Path):
    page.goto(f"{served.url}/isecg/publications")
    page.locator('.facet-info[data-column="posted_on"] a', has_text="2020").first.click()
    page.wait_for_url("**posted_on__startswith=2020**")
    dates = page.locator("table.rows-and-columns td.col-posted_on").all_inner_texts()
    assert dates
    assert {d[:4] for d in dates} == {"2020"}
    page.locator('.facet-info[data-column="kind"] a', has_text="annual report").first.click()
    page.wait_for_url("**kind=annual+report**")
    kinds = page.locator("table.rows-and-columns td.col-kind").all_inner_texts()
    assert kinds
    assert set(kinds) == {"annual report"}
    screenshot(page, tmp_path, "publications-faceted.png")


def test_members_on_a_date(page: Any, served: Served):
    page.goto(f"{served.url}/isecg/members_on_date")
    page.fill("input[name=date]", "2021-01-01")
    page.get_by_role("button", name="Run SQL").click()
    page.wait_for_url("**date=2021-01-01**")
    acronyms = page.locator("table.rows-and-columns td.col-acronym").all_inner_texts()
    assert "AEM" in acronyms  # announced 2020-12-14
    assert "NZSA" not in acronyms  # announced 2021-03-09


def test_download_a_csv_and_compare_it_with_the_export(page: Any, served: Served, tmp_path: Path):
    columns = [c for c in CURATED["publications"].sql.split(" FROM ")[0][7:].split(", ")]
    query = "&".join(f"_col={c}" for c in columns if c != "id") + "&_sort=posted_on"
    page.goto(f"{served.url}/isecg/publications?{query}")
    page.check("input[name=_dl]")
    page.uncheck("input[name=_labels]")  # capture_id as the export writes it: the id alone
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    downloaded = Path(download.value.path()).read_bytes()
    export(served.data / "isecg.db", "publications", "csv", tmp_path / "publications.csv")
    assert downloaded == (tmp_path / "publications.csv").read_bytes()


def test_a_chart_draws(page: Any, served: Served, tmp_path: Path):
    page.goto(f"{served.url}/-/dashboards/archive")
    # vega-embed draws SVG: one path per bar, one per line.
    bars = page.locator("#chart-publications-per-year svg .mark-rect path")
    bars.first.wait_for(timeout=15000)
    with sqlite3.connect(served.data / "isecg.db") as conn:
        first, last = conn.execute(
            "SELECT min(substr(posted_on, 1, 4)), max(substr(posted_on, 1, 4)) FROM publications"
            " WHERE posted_on IS NOT NULL"
        ).fetchone()
    assert bars.count() == int(last) - int(first) + 1  # every year, zero where none was posted
    for chart, mark in [("news-per-year", "rect"), ("members-over-time", "line")]:
        page.locator(f"#chart-{chart} svg .mark-{mark} path").first.wait_for(timeout=15000)
    page.locator("#chart-crawl-health svg .mark-rect path").first.wait_for(timeout=15000)
    assert page.locator("#chart-members-now").inner_text().strip() == "28"
    page.wait_for_timeout(300)  # let the last transitions settle before the picture
    assert len(screenshot(page, tmp_path, "dashboard.png")) > 20000


@pytest.mark.parametrize(
    "path",
    [
        f"/isecg/news/wp~3A{PLANTED_ID}",
        "/isecg/news?_search=pwnedword",
        "/isecg/search_everything?q=pwnedword",
        "/isecg/feed",
    ],
)
def test_script_in_an_archived_post_shows_as_text(page: Any, planted: Served, path: str):
    page.goto(planted.url + path)
    page.get_by_text(SCRIPT).first.wait_for()
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.title() != "pwned"


def test_the_atom_feed_carries_the_script_as_text(page: Any, planted: Served):
    page.goto(f"{planted.url}/isecg/feed.atom")
    titles = page.evaluate("Array.from(document.getElementsByTagName('title'), t => t.textContent)")
    assert f"New: Planted {SCRIPT} post" in titles
    assert page.evaluate("document.getElementsByTagName('script').length") == 0
    assert page.evaluate("typeof window.pwned") == "undefined"


def test_search_all_shows_the_script_as_text(page: Any, planted: Served):
    page.goto(f"{planted.url}/-/search?q=pwnedword")
    page.get_by_text(SCRIPT).first.wait_for()
    assert page.evaluate("typeof window.pwned") == "undefined"


def test_an_archived_copy_never_runs_its_scripts(page: Any, planted: Served):
    response = page.goto(f"{planted.url}/-/capture/{planted.planted_capture}")
    assert response is not None and response.status == 200
    page.get_by_role("heading", name="Planted").wait_for()
    assert page.title() == "Planted"  # the script would have renamed it
    assert page.evaluate("typeof window.pwned") == "undefined"
