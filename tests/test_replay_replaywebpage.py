"""ReplayWeb.page (vendored, archive/replayweb/) opens a snapshot's WACZ in Debian's chromium
and replays a page of the second night, a 304 night, with its stylesheet applied.

The screenshot is kept with the test, and in docs/screenshots/ with UPDATE_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archive.viewer import make_server, viewer_url
from tests.browser_helpers import SCREENSHOTS, chromium
from tests.crawl_helpers import Crawled
from tests.replay_helpers import TwoNights, two_nights

pytestmark = pytest.mark.slow

HEADER_BLUE = "rgb(11, 61, 145)"  # .gse-header's background in the replica's style.css


@pytest.fixture(scope="module")
def nights(unchanged_recrawl: Crawled, tmp_path_factory: pytest.TempPathFactory) -> TwoNights:
    return two_nights(unchanged_recrawl, tmp_path_factory.mktemp("rwp"))


@pytest.fixture(scope="module")
def viewer(nights: TwoNights) -> Iterator[str]:
    server = make_server(nights.snap, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield viewer_url(server)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, nights: TwoNights) -> Iterator[Any]:
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    with chromium(tmp_path_factory.mktemp("rwp-profile"), args=args) as context:
        yield context


def replayed_frame(page: Any, url: str, timestamp: str) -> Any:
    """The frame ReplayWeb.page replays `url` at `timestamp` in (30 s at most)."""
    for _ in range(120):
        for frame in page.frames:
            if f"{timestamp}mp_/{url}" in frame.url:
                try:
                    if frame.evaluate("() => !!document.querySelector('.gse-header')"):
                        return frame
                except Exception:  # the frame navigated while we asked: ask again
                    pass
        page.wait_for_timeout(250)
    raise AssertionError(f"ReplayWeb.page did not replay {url} at {timestamp}")


def test_replaywebpage_replays_the_second_night_styled(
    browser: Any, viewer: str, nights: TwoNights, tmp_path: Path
) -> None:
    url = nights.samples["post"]
    _, second = nights.captures(url)
    assert second.status == 304  # the night under test is a revisit
    page = browser.new_page()
    page.goto(f"{viewer}#view=pages&url={url}&ts={second.timestamp}")
    frame = replayed_frame(page, url, second.timestamp)
    style = "(s) => getComputedStyle(document.querySelector(s)).backgroundColor"
    assert frame.evaluate(style, ".gse-header") == HEADER_BLUE  # the archived stylesheet
    assert "Moon and Mars" in frame.evaluate("() => document.title")
    logo = "() => document.querySelector('.gse-logo img').naturalWidth"
    assert frame.evaluate(logo) == 1  # the archived 1x1 PNG, not a broken image
    page.wait_for_timeout(500)  # let the fonts and the last image paint
    shot = page.screenshot(path=str(tmp_path / "replaywebpage.png"))
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "replaywebpage.png").write_bytes(shot)
    page.close()


def test_the_page_list_has_real_titles_and_text(browser: Any, viewer: str, nights: TwoNights):
    """ReplayWeb.page's page list shows each page's own <title> and finds words in its text."""
    page = browser.new_page()
    page.goto(f"{viewer}#view=pages")
    text = ""
    for _ in range(120):
        text = page.evaluate("() => document.body.innerText") + _shadow_text(page)
        if "Moon and Mars Exploration" in text:
            break
        page.wait_for_timeout(250)
    assert "International Space Agencies Meet to Advance Coordination" in text
    page.close()


def _shadow_text(page: Any) -> str:
    text: str = page.evaluate(
        """() => { const out = []; const walk = (root) => { for (const el of
        root.querySelectorAll('*')) { if (el.shadowRoot) { out.push(el.shadowRoot.textContent);
        walk(el.shadowRoot); } } }; walk(document); return out.join(' '); }"""
    )
    return text
