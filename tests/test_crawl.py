"""The crawler against the replica over real HTTP: complete, on-site, polite, resilient."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from archive.warc import check_file, payload_digest, read_record
from scraper.settings import CONTACT_URL
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import answered_urls, expected_urls, rows, run_crawl
from tests.fixtures.site.server import FaultPlan, ReplicaServer

WARCIO = Path(sys.executable).with_name("warcio")


def test_full_crawl_archives_every_page_and_document(replica: ReplicaServer, tmp_path: Path):
    result = run_crawl(replica, tmp_path)
    assert result.status == "done"
    missing = expected_urls(replica.site, replica.url) - answered_urls(tmp_path / "isecg.db", 1)
    assert not missing, f"not archived: {sorted(missing)}"


def test_full_crawl_requests_nothing_disallowed_or_twice(replica: ReplicaServer, tmp_path: Path):
    run_crawl(replica, tmp_path)
    paths = [entry.path for entry in replica.log]
    assert not [p for p in paths if p.startswith(("/private-area/", "/wordpress/wp-admin/"))]
    assert len(paths) == len(set(paths)), "a URL was requested twice in one crawl"


def test_disallowed_and_offsite_are_recorded_not_fetched(replica: ReplicaServer, tmp_path: Path):
    run_crawl(replica, tmp_path)
    db = tmp_path / "isecg.db"
    refused = rows(db, "SELECT url, error_class FROM captures WHERE outcome = 'refused'")
    assert (f"{replica.url}/private-area/", "RobotsDisallowed") in refused
    fetched = rows(db, "SELECT url FROM captures WHERE status IS NOT NULL")
    assert all(url.startswith(replica.url + "/") for (url,) in fetched)
    offsite = rows(db, "SELECT dst FROM links WHERE on_site = 0")
    assert any("esa.int" in dst for (dst,) in offsite)


def test_requests_name_the_project(replica: ReplicaServer, tmp_path: Path):
    run_crawl(replica, tmp_path)
    agents = {entry.headers.get("user-agent", "") for entry in replica.log}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("isecg-archive/") and CONTACT_URL in agent


@pytest.mark.parametrize("concurrency", [1, 2, 4])
def test_concurrency_bounds_connections(
    replica_factory: ReplicaFactory, tmp_path: Path, concurrency: int
):
    server = replica_factory(latency=0.01)
    run_crawl(server, tmp_path, concurrency=concurrency, max_pages=40)
    connections = {entry.client_port for entry in server.log}
    assert 1 <= len(connections) <= concurrency


def test_delay_spaces_request_starts(replica: ReplicaServer, tmp_path: Path):
    delay = 0.1
    run_crawl(replica, tmp_path, delay=delay, max_pages=12)
    starts = sorted(entry.time for entry in replica.log)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(starts) >= 10
    assert min(gaps) >= delay - 0.01  # request starts, measured at the server


@pytest.mark.parametrize("mode", ["off-404", "off-401", "html", "partial"])
def test_rest_off_gives_the_same_pages(replica_factory: ReplicaFactory, tmp_path: Path, mode: str):
    on, off = replica_factory(), replica_factory(rest=mode)
    run_crawl(on, tmp_path / "on")
    result = run_crawl(off, tmp_path / "off")
    assert result.status == "done"

    def pages(server: ReplicaServer, data: Path) -> set[str]:
        found = rows(
            data / "isecg.db",
            "SELECT url FROM captures WHERE status = 200 AND kind IN ('page', 'document')",
        )
        return {url.removeprefix(server.url) for (url,) in found}

    assert pages(off, tmp_path / "off") == pages(on, tmp_path / "on")
    assert result.counts["rest_used"] == (1 if mode == "partial" else 0)


@pytest.mark.parametrize("seed", [3, 11])
def test_faults_still_complete_with_retries_counted(
    replica_factory: ReplicaFactory, tmp_path: Path, seed: int
):
    plan = FaultPlan(seed=seed, rate=0.3, max_in_a_row=2)
    server = replica_factory(faults=plan, slow_body_seconds=0.2)
    result = run_crawl(server, tmp_path)
    assert result.status == "done"
    assert not expected_urls(server.site, server.url) - answered_urls(tmp_path / "isecg.db", 1)
    faults = [entry for entry in server.log if entry.fault]
    retried = [e for e in faults if e.fault != "slow"]  # a slow body arrives whole: no retry
    assert retried and result.counts["retries"] == len(retried)
    assert result.counts["errors"] == 0


def test_retry_after_is_waited(replica_factory: ReplicaFactory, tmp_path: Path):
    plan = FaultPlan(seed=5, rate=0.2, kinds=("429",), max_in_a_row=1, retry_after=1)
    server = replica_factory(faults=plan)
    run_crawl(server, tmp_path, max_pages=30)
    by_path: dict[str, list[float]] = {}
    for entry in server.log:
        by_path.setdefault(entry.path, []).append(entry.time)
    throttled = [e for e in server.log if e.fault == "429"]
    assert throttled
    for entry in throttled:
        later = [t for t in by_path[entry.path] if t > entry.time]
        assert later and later[0] - entry.time >= 0.95  # Retry-After: 1


def test_recrawl_of_unchanged_site_is_conditional_and_cheap(replica: ReplicaServer, tmp_path: Path):
    first = run_crawl(replica, tmp_path)
    replica.clear_log()
    second = run_crawl(replica, tmp_path)
    pages = [e for e in replica.log if "rest_route" not in e.path]
    conditional = [
        e
        for e in pages
        if ("if-none-match" in e.headers or "if-modified-since" in e.headers) and e.status == 304
    ]
    assert len(conditional) >= 0.95 * len(pages), f"{len(conditional)} of {len(pages)}"
    assert second.counts["bytes_downloaded"] < 0.05 * first.counts["bytes_downloaded"]
    assert second.counts["unchanged"] >= len(conditional)


def test_later_state_changes_are_fetched_in_full(replica: ReplicaServer, tmp_path: Path):
    run_crawl(replica, tmp_path)
    replica.set_state("later")
    second = run_crawl(replica, tmp_path)
    db = tmp_path / "isecg.db"
    assert second.counts["pages_fetched"] > 0
    new_post = max(post.id for post in replica.site.posts)
    assert (f"{replica.url}/?p={new_post}",) in rows(
        db, "SELECT url FROM captures WHERE crawl_id = 2 AND outcome = 'ok'"
    )


def test_every_warc_file_passes_warcio_and_every_capture_rereads(
    replica: ReplicaServer, tmp_path: Path
):
    run_crawl(replica, tmp_path)
    run_crawl(replica, tmp_path)  # adds revisit records
    files = sorted((tmp_path / "warc").glob("*.warc.gz"))
    assert len(files) == 2
    for path in files:
        assert check_file(path)[1] is None
        check = subprocess.run([WARCIO, "check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        index = subprocess.run([WARCIO, "index", str(path)], capture_output=True, text=True)
        assert index.returncode == 0 and index.stdout.count("\n") > 1
    captures = rows(
        tmp_path / "isecg.db",
        "SELECT warc_file, warc_offset, payload_digest, outcome FROM captures"
        " WHERE warc_file IS NOT NULL",
    )
    assert len(captures) > 200
    for warc_file, offset, digest, outcome in captures:
        kind, _, _, payload = read_record(tmp_path / "warc", warc_file, offset)
        if outcome == "unchanged":
            assert kind == "revisit"
        else:
            assert kind == "response" and payload_digest(payload) == digest


def test_full_recrawl_asks_nothing_conditionally(replica: ReplicaServer, tmp_path: Path):
    first = run_crawl(replica, tmp_path)
    replica.clear_log()
    second = run_crawl(replica, tmp_path, full=True)
    conditional = [
        e for e in replica.log if "if-none-match" in e.headers or "if-modified-since" in e.headers
    ]
    assert conditional == [] and all(e.status != 304 for e in replica.log)
    # Everything fetched and stored again in full, as the first time.
    assert second.counts["unchanged"] == 0
    assert second.counts["pages_fetched"] == first.counts["pages_fetched"]
