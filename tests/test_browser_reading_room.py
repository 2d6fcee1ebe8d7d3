"""The reading room walked as a researcher would, in Debian's chromium (Playwright with
executable_path, never a downloaded browser): search, open a post, step through its versions,
open a capture at a date, cite it, export publications as CSV; and every page of the walk fits
a 1280 px window with no horizontal scroll.

One browser and one served archive (the session's two-crawl archive: the replica, then its
later state, as `make demo` makes) for the whole module. Screenshots go to the test's
temporary directory, and to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archive.serve import make_datasette
from tests.browser_helpers import SCREENSHOTS, chromium
from tests.crawl_helpers import Crawled
from tests.serve_helpers import http_server

pytestmark = pytest.mark.slow  # drives a real chromium

WIDTH = 1280
# The pages whose screenshots docs/ keeps (every page's goes to the test's directory).
DOCUMENTED = {"home", "news", "post", "search", "capture", "agency", "changes", "charts"}
# The replica's font is no usable font (tests/fixtures/site/assets.py): chromium says so once
# an archived copy's style sheet has fetched it from the archive, as it should
NO_FONT = ("Failed to decode downloaded font", "OTS parsing error")
UKSA = "gov.uk/government/organisations/uk-space-agency"  # renamed, with a new logo, later
AGENCY = "/isecg/agencies/gov~2Euk~2Fgovernment~2Forganisations~2Fuk-space-agency"
# Every kind of page of the reading room: (name of its screenshot, path).
PAGES = [
    ("home", "/"),
    ("database", "/isecg"),
    ("news", "/isecg/news"),
    ("publications", "/isecg/publications"),
    ("agencies", "/isecg/agencies"),
    ("memberships", "/isecg/memberships"),
    ("documents", "/isecg/documents"),
    ("captures", "/isecg/captures"),
    ("crawls", "/isecg/crawls"),
    ("news-versions", "/isecg/news_versions"),
    ("search", "/isecg/search_everything?q=roadmap"),
    ("changes", "/isecg/changes_since?since=2000-01-01"),
    ("members-on-date", "/isecg/members_on_date"),
    ("news-as-of", "/isecg/news_as_of"),
    ("timeline", "/isecg/membership_timeline"),
    ("crawl-health", "/isecg/crawl_health"),
    ("post", "/isecg/news/wp~3A1950"),
    ("agency", AGENCY),
    ("as-it-was", "/-/as-it-was"),
    ("charts", "/-/dashboards/archive"),
]


@pytest.fixture(scope="module")
def served(later_recrawl: Crawled) -> Iterator[tuple[str, Path]]:
    data = later_recrawl.data
    with http_server(make_datasette(data / "isecg.db", data / "warc")) as url:
        yield url, data


@pytest.fixture(scope="module")
def browser(served: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    profile = tmp_path_factory.mktemp("chromium-reading-room")
    with chromium(profile, width=WIDTH, accept_downloads=True) as context:
        yield context


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    page.set_default_timeout(10000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "warning" and not message.text.startswith(NO_FONT)
            else None
        ),
    )
    yield page
    page.close()
    assert problems == []  # no script error, no Vega-Lite version warning


def fits(page: Any) -> None:
    """No horizontal scroll: neither the page nor any table is wider than the window."""
    width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1] <= WIDTH, page.url
    tables = page.evaluate(
        "Array.from(document.querySelectorAll('.table-wrapper'),"
        " e => e.scrollWidth - e.clientWidth)"
    )
    assert all(extra <= 1 for extra in tables), (page.url, tables)


def keep(page: Any, tmp_path: Path, name: str) -> None:
    """The window as a PNG (modest: one screen, not the whole page)."""
    shot: bytes = page.screenshot(path=str(tmp_path / f"{name}.png"))
    if os.environ.get("UPDATE_SCREENSHOTS") == "1" and name in DOCUMENTED:
        (SCREENSHOTS / f"reading-room-{name}.png").write_bytes(shot)


def test_search_open_a_post_step_through_its_versions_and_cite_it(
    page: Any, served: tuple[str, Path], tmp_path: Path
):
    url, _ = served
    page.goto(url)
    page.fill("#home-q", "Luxembourg spring meeting")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/isecg/search_everything?q=**")
    page.locator("mark").first.wait_for()
    fits(page)
    keep(page, tmp_path, "search")
    page.locator('td.col-record a[title="news:wp:1950"]').click()
    page.wait_for_url("**/isecg/news/wp~3A1950")
    assert "Space Resources on the Agenda" in page.locator("h1").inner_text()
    fits(page)
    keep(page, tmp_path, "post")
    page.get_by_role("link", name="version 2 →").click()
    page.wait_for_url("**#v2")
    assert page.locator("#v2 ins").first.inner_text() == ": Space Resources on the Agenda"
    page.get_by_role("link", name="← version 1").click()
    page.wait_for_url("**#v1")
    citation = page.locator("blockquote.citation").inner_text()
    assert "Captured " in citation and "/-/capture/" in citation
    page.get_by_role("link", name="BibTeX", exact=True).click()
    assert page.locator("body").inner_text().startswith("@misc{isecg-news-wp-1950,")


def test_open_a_page_as_it_was_on_a_date(page: Any, served: tuple[str, Path], tmp_path: Path):
    url, data = served
    with sqlite3.connect(data / "isecg.db") as conn:
        post, first = conn.execute(
            "SELECT url, min(fetched_at) FROM captures WHERE url LIKE '%?p=1950' AND kind = 'page'"
        ).fetchone()
    page.goto(f"{url}/-/as-it-was")
    fits(page)
    page.fill("#aiw-url", post)
    page.fill("#aiw-at", first[:10])
    page.get_by_role("button", name="Open the capture").click()
    page.wait_for_url("**/-/capture/*")
    banner = page.locator("#isecg-archive-banner").inner_text()
    assert post in banner and "captured " + first[:10] in banner
    # the end of the day: the later crawl's capture, with the edited title
    assert "Space Resources on the Agenda" in page.locator("body").inner_text()
    keep(page, tmp_path, "capture")


def test_an_archived_copy_is_styled_from_the_archive(page: Any, served: tuple[str, Path]):
    """The archived copy's style sheet, the sheet it imports, its background image and its
    font all come from the archive: their url()s were the live site's (the sandbox showed
    none of them) until style sheets were rewritten like pages, and the font, fetched with
    CORS from the sandbox's origin "null", was refused until its answer allowed any origin."""
    url, data = served
    with sqlite3.connect(data / "isecg.db") as conn:
        (capture,) = conn.execute(
            "SELECT max(id) FROM captures WHERE url LIKE '%?p=1950' AND status = 200"
        ).fetchone()
    answered: dict[str, tuple[int, str]] = {}
    page.on(
        "response",
        lambda r: answered.__setitem__(r.url, (r.status, r.headers.get("content-type", ""))),
    )
    failed: list[str] = []  # a font is fetched with CORS: from a sandbox, origin "null"
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(f"{url}/-/capture/{capture}")
    page.wait_for_load_state("networkidle")
    header = page.evaluate(
        "getComputedStyle(document.querySelector('.gse-header')).backgroundImage"
    )
    assert "/-/capture/" in header
    image = header.split('"')[1]
    assert answered[image] == (200, "image/png")
    kinds = {kind for status, kind in answered.values() if status == 200}
    assert {"text/css; charset=utf-8", "font/woff2"} <= kinds
    assert not failed and all(address.startswith(url) for address in answered)  # none live


def test_export_publications_as_csv(page: Any, served: tuple[str, Path]):
    url, data = served
    page.goto(f"{url}/isecg/publications")
    fits(page)
    page.check("input[name=_dl]")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    found = list(csv.DictReader(io.StringIO(text)))
    with sqlite3.connect(data / "isecg.db") as conn:
        count = conn.execute("SELECT count(*) FROM publications").fetchone()[0]
        every = [row[1] for row in conn.execute("PRAGMA table_info(publications)")]
    assert len(found) == count
    assert set(found[0]) >= set(every)  # every column, not the page's five (helper-200)


def test_more_opens_a_long_text_in_place_of_its_start(page: Any, served: tuple[str, Path]):
    """helper-200: the start stayed shown above the whole text, which then read twice."""
    url, _ = served
    page.goto(f"{url}/isecg/news?_col=body_text&_size=3")
    cell = page.locator("td.col-body_text").first
    start = cell.locator(".clip")
    assert start.is_visible()
    cell.locator("summary", has_text="more").click()
    assert not start.is_visible()
    assert cell.locator("details.more[open]").is_visible()


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_every_page_fits_the_window(
    page: Any, served: tuple[str, Path], tmp_path: Path, name: str, path: str
):
    url, _ = served
    response = page.goto(url + path)
    assert response is not None and response.status == 200
    if name == "charts":
        for chart in ("publications-per-year", "news-per-year", "members-over-time"):
            page.locator(f"#chart-{chart} svg").first.wait_for(timeout=15000)
        page.wait_for_timeout(300)
    fits(page)
    keep(page, tmp_path, name)


def test_an_agency_page_shows_its_logo_as_archived(page: Any, served: tuple[str, Path]):
    url, data = served
    page.goto(url + AGENCY)
    logo = page.locator("article.record img.logo")
    logo.wait_for()
    page.wait_for_load_state("load")
    # Loaded, not a broken image: the browser decoded it (naturalWidth 0 when it cannot).
    natural = page.evaluate("img => img.complete ? img.naturalWidth : -1", logo.element_handle())
    assert natural > 0
    box = logo.bounding_box()
    assert box is not None and box["width"] >= 48 and box["height"] >= 48  # seen, not a dot
    # The bytes shown are a capture of the agency's logo as it is now (the later, renamed one).
    capture = (logo.get_attribute("src") or "").rsplit("/", 1)[-1]
    with sqlite3.connect(data / "isecg.db") as conn:
        (logo_url,) = conn.execute("SELECT logo FROM agencies WHERE id = ?", [UKSA]).fetchone()
        captured = conn.execute("SELECT url FROM captures WHERE id = ?", [capture]).fetchone()
    assert logo_url.endswith("/logo-uksa-dsit.png") and captured == (logo_url,)
    link = page.get_by_role("link", name="archived logo")
    assert link.get_attribute("href") == logo.get_attribute("src")


def test_a_logo_never_archived_is_no_broken_image(served: tuple[str, Path], tmp_path: Path):
    """The Wayback import fetches no images, so an agency only the Wayback saw has a logo URL
    no capture holds; and a URL's last capture may be a 404 page. Neither becomes an <img>."""
    from archive.reading import agency_page

    _, data = served
    copy = tmp_path / "isecg.db"
    with sqlite3.connect(data / "isecg.db") as conn, sqlite3.connect(copy) as out:
        conn.backup(out)
    with sqlite3.connect(copy) as conn:
        (logo,) = conn.execute("SELECT logo FROM agencies WHERE id = ?", [UKSA]).fetchone()
        assert agency_page(conn, UKSA, "")["logo_capture"] is not None
        # Its logo's image captures answered 404 instead, as a logo deleted from the site.
        conn.execute(
            "UPDATE captures SET status = 404, content_type = 'text/html', revisit_of = NULL"
            " WHERE url = ?",
            [logo],
        )
        assert agency_page(conn, UKSA, "")["logo_capture"] is None
        conn.execute("UPDATE agencies SET logo = ? WHERE id = ?", [logo + "?never", UKSA])
        assert agency_page(conn, UKSA, "")["logo_capture"] is None


@pytest.mark.parametrize("table", ["publications", "documents", "memberships", "captures"])
def test_every_kind_of_record_page_fits_the_window(
    page: Any, served: tuple[str, Path], tmp_path: Path, table: str
):
    """One record of each other kind (the widest row: longest text first), as its page."""
    import sqlite_utils
    from datasette.utils import tilde_encode

    url, data = served
    db = sqlite_utils.Database(data / "isecg.db")
    pks = db[table].pks  # type: ignore[union-attr]
    widest = " + ".join(f"length(coalesce([{c}], ''))" for c in db[table].columns_dict)
    row = db.execute(
        f"SELECT {', '.join(f'[{pk}]' for pk in pks)} FROM [{table}] ORDER BY {widest} DESC"
    ).fetchone()
    path = f"/isecg/{table}/" + ",".join(tilde_encode(str(value)) for value in row)
    response = page.goto(url + path)
    assert response is not None and response.status == 200, path
    fits(page)
    keep(page, tmp_path, f"record-{table}")
