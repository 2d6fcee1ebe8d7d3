"""pywb (the real one, `wayback`) replays a snapshot of a two-night archive at both dates.

The second night's answers are all 304 Not Modified, kept as server-not-modified revisits;
pywb must still replay that night with status 200 and the bytes the server confirmed.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest

from archive.replay import REPLAY_WARC
from tests.crawl_helpers import Crawled
from tests.replay_helpers import BIN, TwoNights, free_port, serving, sha256, two_nights

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nights(unchanged_recrawl: Crawled, tmp_path_factory: pytest.TempPathFactory) -> TwoNights:
    return two_nights(unchanged_recrawl, tmp_path_factory.mktemp("pywb"))


@pytest.fixture(scope="module")
def pywb(nights: TwoNights) -> Iterator[str]:
    port = free_port()
    args = [str(BIN / "wayback"), "-d", str(nights.snap), "-b", "127.0.0.1", "-p", str(port)]
    base = f"http://127.0.0.1:{port}"
    with serving(args, base + "/", cwd=nights.snap):
        yield base + "/isecg"


def test_the_second_night_is_304_revisits(nights: TwoNights) -> None:
    """The case under test: every sample's second capture is a 304, its first a 200."""
    for url in nights.samples.values():
        first, second = nights.captures(url)
        assert (first.status, second.status) == (200, 304), url
        assert first.timestamp != second.timestamp, "both captures in one second"


@pytest.mark.parametrize("night", [1, 2])
@pytest.mark.parametrize("sample", ["post", "pdf", "home"])
def test_pywb_replays_every_night(nights: TwoNights, pywb: str, sample: str, night: int) -> None:
    url = nights.samples[sample]
    capture = nights.captures(url)[night - 1]
    response = httpx.get(f"{pywb}/{capture.timestamp}id_/{url}", timeout=30)
    assert response.status_code == 200
    assert sha256(response.content) == capture.sha256  # what the archive says it holds
    assert response.content == nights.live[url]  # what the site serves
    when = parsedate_to_datetime(response.headers["memento-datetime"])
    assert when.strftime("%Y%m%d%H%M%S") == capture.timestamp  # that night, not the first


def test_pywb_rewrites_a_page_of_the_second_night(nights: TwoNights, pywb: str) -> None:
    """Through pywb's rewriting (the way people browse), links stay inside the archive."""
    url = nights.samples["post"]
    capture = nights.captures(url)[1]
    response = httpx.get(f"{pywb}/{capture.timestamp}mp_/{url}", timeout=30)
    assert response.status_code == 200
    assert "Moon and Mars" in response.text
    assert f'href="{pywb}/{capture.timestamp}mp_/{nights.site}"' in response.text


def test_the_crawl_warc_files_are_unchanged(nights: TwoNights) -> None:
    """Replay needs no edit of what was captured: the snapshot's WARC files are the crawl's."""
    for path in (nights.data / "warc").glob("*.warc.gz"):
        assert (nights.snap / "warc" / path.name).read_bytes() == path.read_bytes()
    assert not (nights.snap / "warc" / REPLAY_WARC).exists()
    assert Path(nights.snap / "replay" / REPLAY_WARC).is_file()
