"""The replica's transport: conditional GETs, gzip, seeded faults, latency, state, request log.

Most tests serve a stand-in handler (below) instead of the page layer, so they test the
server alone; the state-switch and synthetic-site tests go through the real app.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import itertools
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import NetworkGuard, NonLoopbackConnection
from tests.fixtures.site import __main__ as cli
from tests.fixtures.site.model import Site, load_site
from tests.fixtures.site.server import FAULT_KINDS, FaultPlan, ReplicaServer, fault_for
from tests.fixtures.site.synthetic import synthetic_site, synthetic_truth

LAST_MODIFIED = datetime(2020, 9, 18, 7, 55, 27, tzinfo=UTC)
PAGE = b"<html><body>" + b"<p>International Space Agencies Meet.</p>" * 20 + b"</body></html>"
EMPTY_SITE = Site(
    state="base", banner="", posts=(), publications=(), members=(), pages=(), portal=()
)


@dataclass(frozen=True)
class StandIn:
    """The shape of app.Response, so these tests do not depend on the page layer."""

    status: int
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()
    last_modified: datetime | None = None


def stand_in(site: Site, target: str, base_url: str, rest: str) -> StandIn:
    if target.startswith("/echo"):  # shows what the server handed to the page layer
        return StandIn(200, f"{site.state} {rest} {base_url}".encode(), "text/plain")
    if target.startswith("/small"):
        return StandIn(200, b"tiny", "text/plain")
    if target.startswith("/boom"):
        raise RuntimeError("the page layer failed")
    return StandIn(200, PAGE + target.encode(), "text/html; charset=UTF-8", (), LAST_MODIFIED)


Serve = Callable[..., ReplicaServer]


@pytest.fixture
def serve(replica_factory: Callable[..., ReplicaServer]) -> Serve:
    """A server with the stand-in handler; keywords are ReplicaConfig fields."""

    def make(**fields: Any) -> ReplicaServer:
        fields.setdefault("site", EMPTY_SITE)
        return replica_factory(handler=stand_in, **fields)

    return make


# Conditional requests


@pytest.mark.parametrize("validator", ["etag", "last-modified"])
def test_a_matching_validator_gets_304_without_body(serve: Serve, validator: str) -> None:
    srv = serve()
    with httpx.Client(base_url=srv.url) as client:
        first = client.get("/page")
        if validator == "etag":
            assert first.headers["etag"] == f'"{hashlib.sha1(first.content).hexdigest()}"'
            condition = {"If-None-Match": first.headers["etag"]}
        else:
            assert parsedate_to_datetime(first.headers["last-modified"]) == LAST_MODIFIED
            condition = {"If-Modified-Since": first.headers["last-modified"]}
        again = client.get("/page", headers=condition)
    assert (first.status_code, again.status_code, again.content) == (200, 304, b"")


@pytest.mark.parametrize(
    "condition",
    [{"If-None-Match": '"0000"'}, {"If-Modified-Since": "Thu, 17 Sep 2020 07:55:27 GMT"}],
    ids=["other-etag", "older-date"],
)
def test_a_stale_validator_gets_the_whole_page(serve: Serve, condition: dict[str, str]) -> None:
    srv = serve()
    response = httpx.get(srv.url + "/page", headers=condition)
    assert (response.status_code, response.content) == (200, PAGE + b"/page")


def test_head_has_the_get_headers_and_no_body(serve: Serve) -> None:
    srv = serve()
    with httpx.Client(base_url=srv.url) as client:
        got, head = client.get("/page"), client.head("/page")
    assert head.content == b""
    for name in ("etag", "last-modified", "content-length", "content-type", "content-encoding"):
        assert head.headers.get(name) == got.headers.get(name), name


# Compression


@pytest.mark.parametrize(
    ("accept", "path", "gzipped"),
    [
        ("gzip, deflate", "/page", True),
        ("identity", "/page", False),
        ("gzip;q=0", "/page", False),
        ("gzip", "/small", False),  # too short to be worth it
    ],
)
def test_gzip_only_when_asked_and_worth_it(
    serve: Serve, accept: str, path: str, gzipped: bool
) -> None:
    srv = serve()
    with (
        httpx.Client(base_url=srv.url) as client,
        client.stream("GET", path, headers={"Accept-Encoding": accept}) as response,
    ):
        raw = b"".join(response.iter_raw())
    assert raw.startswith(b"\x1f\x8b") is gzipped
    assert response.headers.get("content-encoding") == ("gzip" if gzipped else None)
    assert response.headers["vary"] == "Accept-Encoding"
    assert int(response.headers["content-length"]) == len(raw)
    if gzipped:
        assert gzip.decompress(raw) == PAGE + path.encode()


def test_gzip_can_be_switched_off(serve: Serve) -> None:
    srv = serve(gzip=False)
    with httpx.Client(base_url=srv.url) as client, client.stream("GET", "/page") as response:
        raw = b"".join(response.iter_raw())
    assert raw == PAGE + b"/page"


# Faults


def run_requests(srv: ReplicaServer, n: int = 24, targets: int = 4) -> list[str | None]:
    """The same request sequence every time; returns the fault served to each request."""
    srv.clear_log()
    with httpx.Client(base_url=srv.url, timeout=5) as client:
        for i in range(n):
            with contextlib.suppress(httpx.TransportError):  # the log says which fault
                client.get(f"/page/{i % targets}")
    return [entry.fault for entry in srv.log]


def plan(kind: str, seed: int = 7, rate: float = 0.5, **more: Any) -> FaultPlan:
    return FaultPlan(seed=seed, rate=rate, kinds=(kind,), **more)


@pytest.mark.parametrize("kind", FAULT_KINDS)
def test_the_same_seed_serves_the_same_faults(serve: Serve, kind: str) -> None:
    one = run_requests(serve(faults=plan(kind), slow_body_seconds=0.01))
    two = run_requests(serve(faults=plan(kind), slow_body_seconds=0.01))
    assert kind in one
    assert one == two


@pytest.mark.parametrize("kind", FAULT_KINDS)
def test_another_seed_serves_other_faults(serve: Serve, kind: str) -> None:
    one = run_requests(serve(faults=plan(kind, seed=7), slow_body_seconds=0.01))
    two = run_requests(serve(faults=plan(kind, seed=8), slow_body_seconds=0.01))
    assert one != two


@pytest.mark.parametrize("kind", FAULT_KINDS)
def test_the_log_matches_fault_for(serve: Serve, kind: str) -> None:
    srv = serve(faults=plan(kind), slow_body_seconds=0.01)
    served = run_requests(srv, n=8, targets=1)
    assert served == [fault_for(plan(kind), "GET", "/page/0", n) for n in range(8)]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("503", 503),
        ("429", 429),
        ("reset", httpx.ReadError),  # ECONNRESET: an RST, not a polite close
        ("truncated", httpx.RemoteProtocolError),
        ("slow", 200),
    ],
)
def test_the_client_feels_each_fault(serve: Serve, kind: str, expected: Any) -> None:
    srv = serve(faults=plan(kind, rate=1.0), slow_body_seconds=0.2)
    with httpx.Client(base_url=srv.url, timeout=5) as client:
        started = time.monotonic()
        if isinstance(expected, int):
            response = client.get("/page/0")
            assert response.status_code == expected
        else:
            with pytest.raises(expected):
                client.get("/page/0")
        elapsed = time.monotonic() - started
    assert srv.log[0].fault == kind
    if kind == "slow":
        assert response.content == PAGE + b"/page/0"  # late, but whole
        assert elapsed >= 0.2


@pytest.mark.parametrize("max_in_a_row", [1, 2, 3])
def test_faults_never_come_more_than_max_in_a_row(serve: Serve, max_in_a_row: int) -> None:
    srv = serve(faults=plan("503", rate=1.0, max_in_a_row=max_in_a_row))
    with httpx.Client(base_url=srv.url) as client:
        statuses = [client.get("/page/0").status_code for _ in range(3 * (max_in_a_row + 1))]
    assert statuses == ([503] * max_in_a_row + [200]) * 3


@pytest.mark.parametrize("form", ["seconds", "http-date"])
def test_429_says_when_to_retry(serve: Serve, form: str) -> None:
    faults = plan("429", rate=1.0, retry_after=60, retry_after_date=form == "http-date")
    response = httpx.get(serve(faults=faults).url + "/page/0")
    assert response.status_code == 429
    value = response.headers["retry-after"]
    if form == "seconds":
        assert value == "60"
    else:
        # An HTTP-date 60 s (plus rounding) ahead, read on the wall clock a moment later: the
        # margin below is for a loaded machine, the 60 s keep it far from any other answer.
        wait = (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds()
        assert 50 <= wait <= 61


def test_faults_touch_only_the_paths_asked_for(serve: Serve) -> None:
    srv = serve(faults=plan("503", rate=1.0, paths=("/page/1",)))
    run_requests(srv, n=8)
    faulted = {entry.path for entry in srv.log if entry.fault}
    assert faulted == {"/page/1"}


def test_a_new_fault_plan_restarts_the_sequence(serve: Serve) -> None:
    srv = serve(faults=plan("503"))
    first = run_requests(srv)
    srv.configure(faults=plan("503"))
    assert run_requests(srv) == first


# Latency, state, log, connections


def test_latency_is_added_to_every_response(serve: Serve) -> None:
    srv = serve(latency=0.1)
    with httpx.Client(base_url=srv.url) as client:
        client.get("/small")  # connect first, so only the answer is timed
        started = time.monotonic()
        client.get("/small")
        assert time.monotonic() - started >= 0.1


@pytest.mark.parametrize(
    ("field", "value", "echo"), [("state", "later", "later"), ("rest", "html", "html")]
)
def test_configure_reaches_the_page_layer(
    replica_factory: Callable[..., ReplicaServer], field: str, value: str, echo: str
) -> None:
    srv = replica_factory(handler=stand_in)  # no site override: the state picks the site
    before = httpx.get(srv.url + "/echo").text
    srv.configure(**{field: value})
    after = httpx.get(srv.url + "/echo").text
    assert before == f"base on {srv.url}"
    assert echo in after.split() and after != before


def test_crawl_delay_reaches_robots_txt(replica_factory: Callable[..., ReplicaServer]) -> None:
    srv = replica_factory(crawl_delay=2.5)
    assert "Crawl-delay: 2.5" in httpx.get(srv.url + "/robots.txt").text


@pytest.mark.parametrize(("change", "expected"), [("added", (404, 200)), ("removed", (200, 404))])
def test_the_later_state_changes_the_site(
    replica: ReplicaServer, change: str, expected: tuple[int, int]
) -> None:
    base, later = ({p.id for p in load_site(state).posts} for state in ("base", "later"))
    wp_id = min(later - base) if change == "added" else min(base - later)
    with httpx.Client(base_url=replica.url) as client:
        before = client.get(f"/?p={wp_id}").status_code
        replica.set_state("later")
        after = client.get(f"/?p={wp_id}").status_code
    assert (before, after) == expected


def test_the_log_records_each_request(serve: Serve) -> None:
    srv = serve()
    headers = {"User-Agent": "isecg-archive-test/1.0"}
    with httpx.Client(base_url=srv.url, headers=headers) as client:
        client.get("/page?x=1")
        client.head("/small")
    get, head = srv.log
    assert (get.method, get.path, get.status, get.fault) == ("GET", "/page?x=1", 200, None)
    assert get.headers["user-agent"] == "isecg-archive-test/1.0"
    assert get.bytes_sent > 0 and get.time <= head.time
    assert (head.method, head.path, head.bytes_sent) == ("HEAD", "/small", 0)
    srv.clear_log()
    assert srv.log == []


def test_keep_alive_serves_many_requests_on_one_connection(serve: Serve) -> None:
    srv = serve()
    with httpx.Client(base_url=srv.url) as client:
        for path in ("/page", "/small", "/page"):
            client.get(path)
    assert len({entry.client_port for entry in srv.log}) == 1


def test_a_failing_page_layer_answers_500_quietly(serve: Serve) -> None:
    srv = serve()
    response = httpx.get(srv.url + "/boom")
    assert response.status_code == 500
    assert "the page layer failed" in srv.errors[0]


# Loopback only


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1", "example.org"])
def test_the_server_refuses_to_bind_off_loopback(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        ReplicaServer(host=host)


def test_the_command_refuses_a_public_host(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["--host", "0.0.0.0"])
    assert exc.value.code == 2 and "loopback" in capsys.readouterr().err


def test_the_command_serves_until_stopped(capsys: pytest.CaptureFixture[str]) -> None:
    stop = threading.Event()
    runner = threading.Thread(target=cli.main, args=(["--port", "0"],), kwargs={"stop": stop})
    runner.start()
    try:
        for _ in range(500):  # until the replica prints its address (10 s at most)
            if url := capsys.readouterr().out.strip():
                break
            time.sleep(0.02)
        assert httpx.get(url + "/robots.txt").status_code == 200
    finally:
        stop.set()
        runner.join(5)


@pytest.mark.parametrize(
    "connect",
    [
        lambda: socket.create_connection(("192.0.2.1", 80), timeout=1),
        lambda: socket.create_connection(("example.org", 80), timeout=1),
        lambda: httpx.get("http://192.0.2.1/"),
    ],
    ids=["create_connection", "by-name", "httpx"],
)
def test_the_guard_refuses_foreign_addresses(
    network_guard: NetworkGuard, connect: Callable[[], Any]
) -> None:
    with pytest.raises(NonLoopbackConnection):
        connect()
    assert network_guard.take()


@pytest.mark.parametrize("method", ["connect", "connect_ex"])
def test_the_guard_covers_raw_sockets(network_guard: NetworkGuard, method: str) -> None:
    with socket.socket(socket.AF_INET) as sock, pytest.raises(NonLoopbackConnection):
        getattr(sock, method)(("10.1.2.3", 80))
    assert network_guard.take() == ["('10.1.2.3', 80)"]


def test_the_guard_lets_loopback_and_unix_sockets_through(serve: Serve, tmp_path: Path) -> None:
    assert httpx.get(serve().url + "/small").status_code == 200
    path = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX) as server, socket.socket(socket.AF_UNIX) as client:
        server.bind(path)
        server.listen()
        client.connect(path)


# Synthetic site


@pytest.fixture(scope="module")
def big() -> Site:
    return synthetic_site(n_posts=20000, seed=3)


def test_synthetic_site_is_reproducible_by_seed(big: Site) -> None:
    assert synthetic_site(n_posts=20000, seed=3) == big
    assert synthetic_site(n_posts=2000, seed=3) != synthetic_site(n_posts=2000, seed=4)


def test_synthetic_site_has_the_replica_shape(big: Site) -> None:
    posts = big.posts[::-1]  # oldest first
    assert len(posts) == 20000 and posts[0].published.startswith("2009")
    assert all(
        a.id < b.id and a.published[:19] < b.published[:19] for a, b in itertools.pairwise(posts)
    )
    assert all(p.published.endswith("+00:00") == (p.published < "2018") for p in posts)
    assert sum(p.dateline is not None for p in posts) > 5000
    assert any(not p.show_title for p in posts) and any(not p.show_date for p in posts)
    assert any(p.is_publication for p in posts)
    assert len(big.members) == 27
    assert all(pub.document in big.documents for pub in big.publications)
    assert {p.title for p in big.pages} == {p.title for p in load_site("base").pages}


@pytest.mark.parametrize("kind", ["post", "news-list", "old-post"])
def test_the_server_serves_a_synthetic_site(
    replica_factory: Callable[..., ReplicaServer], big: Site, kind: str
) -> None:
    news = next(p.id for p in big.pages if p.title == "News")
    target = {
        "post": f"/?p={big.posts[0].id}",
        "news-list": f"/?page_id={news}&paged=1500",
        "old-post": f"/wordpress/?p={big.posts[-1].id}",
    }[kind]
    srv = replica_factory(site=big)
    response = httpx.get(srv.url + target)
    assert response.status_code == 200


def test_synthetic_truth_counts_every_post_and_member() -> None:
    site = synthetic_site(n_posts=300, seed=1)
    truth = synthetic_truth(site)
    assert len(truth["news"]) + len(truth["publication_posts"]) == 300
    assert len(truth["members"]) == len(site.members) == 27
