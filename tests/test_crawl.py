"""The crawler against the replica over real HTTP: complete, on-site, polite, resilient.

Tests that only read a crawl of the default replica share the session's archives
(tests/conftest.py); those that change the site, inject faults or set the crawl's knobs run
their own, of the small replica (tests/fixtures/site/small.py). Waits are asserted on a fake
clock (`Clock`), never on the wall clock.
"""

from __future__ import annotations

import asyncio
import inspect
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from archive.warc import payload_digest
from archive.warc_check import check_file
from archive.warc_read import read_record
from scraper.crawl import Crawler, crawl
from scraper.http import Fetcher
from scraper.limits import Limits
from scraper.politeness import RateLimiter
from scraper.settings import CONTACT_URL
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import Clock, Crawled, answered_urls, expected_urls, rows, run_crawl
from tests.fixtures.site.model import load_site
from tests.fixtures.site.server import FaultPlan, ReplicaConfig, ReplicaServer

WARCIO = Path(sys.executable).with_name("warcio")


def test_full_crawl_archives_every_page_and_document(base_crawl: Crawled):
    assert base_crawl.results[0].status == "done"
    missing = expected_urls(load_site("base"), base_crawl.url) - answered_urls(base_crawl.db, 1)
    assert not missing, f"not archived: {sorted(missing)}"


def test_full_crawl_requests_nothing_disallowed_or_twice(base_crawl: Crawled):
    paths = [entry.path for entry in base_crawl.requests[0]]
    assert not [p for p in paths if p.startswith(("/private-area/", "/wordpress/wp-admin/"))]
    assert len(paths) == len(set(paths)), "a URL was requested twice in one crawl"


def test_disallowed_and_offsite_are_recorded_not_fetched(base_crawl: Crawled):
    db, url = base_crawl.db, base_crawl.url
    refused = rows(db, "SELECT url, error_class FROM captures WHERE outcome = 'refused'")
    assert (f"{url}/private-area/", "RobotsDisallowed") in refused
    fetched = rows(db, "SELECT url FROM captures WHERE status IS NOT NULL")
    assert all(found.startswith(url + "/") for (found,) in fetched)
    offsite = rows(db, "SELECT dst FROM links WHERE on_site = 0")
    assert any("esa.int" in dst for (dst,) in offsite)


def test_requests_name_the_project(base_crawl: Crawled):
    agents = {entry.headers.get("user-agent", "") for entry in base_crawl.requests[0]}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("isecg-archive/") and CONTACT_URL in agent


@pytest.mark.parametrize("concurrency", [1, 2, 4])
def test_concurrency_bounds_connections(
    replica_factory: ReplicaFactory, tmp_path: Path, concurrency: int
):
    server = replica_factory(latency=0.01, small=True)
    run_crawl(server, tmp_path, concurrency=concurrency, max_pages=40)
    connections = {entry.client_port for entry in server.log}
    assert 1 <= len(connections) <= concurrency


def test_delay_spaces_request_starts(replica: ReplicaServer, tmp_path: Path):
    """Every request but the first waits the whole delay on the crawl's clock, concurrency 4
    or not; the fake clock makes that exact, and nothing sleeps for real."""
    delay = 0.25  # a binary fraction: the fake clock's sums stay exact
    clock = Clock()
    run_crawl(replica, tmp_path, clock, delay=delay, max_pages=12)
    requests = len(replica.log)
    assert requests >= 10
    assert clock.sleeps == [delay] * (requests - 1)


@pytest.mark.parametrize(
    ("takes", "names"),
    [
        (crawl, ("clock", "sleep")),
        (Crawler, ("clock", "sleep")),
        (Fetcher, ("clock", "sleep")),
        (RateLimiter, ("clock", "sleep")),
        (Limits, ("clock",)),
    ],
    ids=["crawl", "Crawler", "Fetcher", "RateLimiter", "Limits"],
)
def test_left_alone_the_crawl_waits_on_the_real_clock(
    takes: Callable[..., Any], names: tuple[str, ...]
):
    """The tests pass a fake clock and sleep everywhere; without them, the real ones."""
    parameters = inspect.signature(takes).parameters
    real = {"clock": time.monotonic, "sleep": asyncio.sleep}
    assert {name: parameters[name].default for name in names} == {n: real[n] for n in names}


@pytest.fixture(scope="module")
def small_rest_on(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The small replica crawled once with its REST API on: (its address, the data dir)."""
    data = tmp_path_factory.mktemp("rest-on") / "data"
    with ReplicaServer(ReplicaConfig(small=True)) as server:
        assert run_crawl(server, data).status == "done"
        yield server.url, data


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["off-404", "off-401", "html", "partial"])
def test_rest_off_gives_the_same_pages(
    small_rest_on: tuple[str, Path], replica_factory: ReplicaFactory, tmp_path: Path, mode: str
):
    off = replica_factory(rest=mode, small=True)
    result = run_crawl(off, tmp_path)
    assert result.status == "done"

    def pages(url: str, data: Path) -> set[str]:
        found = rows(
            data / "isecg.db",
            "SELECT url FROM captures WHERE status = 200 AND kind IN ('page', 'document')",
        )
        return {found_url.removeprefix(url) for (found_url,) in found}

    assert pages(off.url, tmp_path) == pages(*small_rest_on)  # REST on
    assert result.counts["rest_used"] == (1 if mode == "partial" else 0)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3, 11])
def test_faults_still_complete_with_retries_counted(
    replica_factory: ReplicaFactory, tmp_path: Path, seed: int
):
    plan = FaultPlan(seed=seed, rate=0.3, max_in_a_row=2)
    server = replica_factory(faults=plan, slow_body_seconds=0.2, small=True)
    clock = Clock()  # the backoffs and Retry-After waits are recorded, not slept
    # slow_down_max=0: no spacing after a 429 (test_hostile_slow_down.py), only retries' waits
    result = run_crawl(server, tmp_path, clock, slow_down_max=0)
    assert result.status == "done"
    assert not expected_urls(server.site, server.url) - answered_urls(tmp_path / "isecg.db", 1)
    faults = [entry for entry in server.log if entry.fault]
    retried = [e for e in faults if e.fault != "slow"]  # a slow body arrives whole: no retry
    assert retried and result.counts["retries"] == len(retried)
    assert len(clock.sleeps) == len(retried)  # one wait before every retry
    assert result.counts["errors"] == 0


def test_retry_after_is_waited(replica_factory: ReplicaFactory, tmp_path: Path):
    plan = FaultPlan(seed=5, rate=0.2, kinds=("429",), max_in_a_row=1, retry_after=1)
    server = replica_factory(faults=plan, small=True)
    clock = Clock()
    # slow_down_max=0: no spacing after a 429 (test_hostile_slow_down.py), only Retry-After
    run_crawl(server, tmp_path, clock, max_pages=30, slow_down_max=0)
    log = server.log
    throttled = [i for i, entry in enumerate(log) if entry.fault == "429"]
    assert throttled
    assert clock.sleeps == [1.0] * len(throttled)  # Retry-After: 1, waited before each retry
    for i in throttled:  # and each throttled URL was asked again after its 429
        assert any(entry.path == log[i].path for entry in log[i + 1 :]), log[i].path


def test_recrawl_of_unchanged_site_is_conditional_and_cheap(unchanged_recrawl: Crawled):
    first, second = unchanged_recrawl.results
    pages = [e for e in unchanged_recrawl.requests[1] if "rest_route" not in e.path]
    conditional = [
        e
        for e in pages
        if ("if-none-match" in e.headers or "if-modified-since" in e.headers) and e.status == 304
    ]
    assert len(conditional) >= 0.95 * len(pages), f"{len(conditional)} of {len(pages)}"
    assert second.counts["bytes_downloaded"] < 0.05 * first.counts["bytes_downloaded"]
    assert second.counts["unchanged"] >= len(conditional)


def test_a_first_crawl_counts_nothing_unchanged(base_crawl: Crawled):
    """helper-44: identical images at different URLs are written as revisits of the first
    one's record, and the crawl line called 38 of them unchanged on a first crawl."""
    ((revisits,),) = rows(
        base_crawl.db, "SELECT COUNT(*) FROM captures WHERE crawl_id = 1 AND outcome = 'unchanged'"
    )
    assert revisits > 0  # the replica has them
    assert base_crawl.results[0].counts["unchanged"] == 0
    assert rows(base_crawl.db, "SELECT unchanged FROM crawls WHERE id = 1") == [(0,)]


def test_later_state_changes_are_fetched_in_full(later_recrawl: Crawled):
    second = later_recrawl.results[1]
    assert second.counts["pages_fetched"] > 0
    new_post = max(post.id for post in load_site("later").posts)
    assert (f"{later_recrawl.url}/?p={new_post}",) in rows(
        later_recrawl.db, "SELECT url FROM captures WHERE crawl_id = 2 AND outcome = 'ok'"
    )


def test_every_warc_file_passes_warcio_and_every_capture_rereads(unchanged_recrawl: Crawled):
    data = unchanged_recrawl.data  # two crawls: the second adds revisit records
    files = sorted((data / "warc").glob("*.warc.gz"))
    assert len(files) == 2
    for path in files:
        assert check_file(path)[1] is None
        check = subprocess.run([WARCIO, "check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        index = subprocess.run([WARCIO, "index", str(path)], capture_output=True, text=True)
        assert index.returncode == 0 and index.stdout.count("\n") > 1
    captures = rows(
        unchanged_recrawl.db,
        "SELECT warc_file, warc_offset, payload_digest, outcome FROM captures"
        " WHERE warc_file IS NOT NULL",
    )
    assert len(captures) > 200
    for warc_file, offset, digest, outcome in captures:
        kind, _, _, payload = read_record(data / "warc", warc_file, offset)
        if outcome == "unchanged":
            assert kind == "revisit"
        else:
            assert kind == "response" and payload_digest(payload) == digest


def test_full_recrawl_asks_nothing_conditionally(full_recrawl: Crawled):
    first, second = full_recrawl.results
    log = full_recrawl.requests[1]
    conditional = [
        e for e in log if "if-none-match" in e.headers or "if-modified-since" in e.headers
    ]
    assert conditional == [] and all(e.status != 304 for e in log)
    # Everything fetched and stored again in full, as the first time.
    assert second.counts["unchanged"] == 0
    assert second.counts["pages_fetched"] == first.counts["pages_fetched"]
