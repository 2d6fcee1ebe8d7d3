"""scraper/http.py over real HTTP on 127.0.0.1: retries, timeouts, caps, refusals, conditional GET.

Most cases serve a stand-in handler through the replica server, so each test says exactly what
the server answers; seeded FaultPlans bring the replica's own faults; a tiny raw socket server
sends the wire shapes the replica never produces (chunked bodies, a 304 with a Content-Length,
a connection closed before any answer). Waits between attempts run on a fake clock
(crawl_helpers.Clock) and are asserted as recorded, never slept; only the real timeouts
(read, connect, total) take real time, fractions of a second, with generous upper bounds.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import http.cookiejar
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any, TypeVar

import httpx
import pytest

from scraper.addresses import check_site, check_site_resolves
from scraper.clients import client_options
from scraper.errors import (
    BadEncoding,
    FetchError,
    RefusedURL,
    RetryableStatus,
    TooLarge,
    TransportError,
    TruncatedBody,
    WaitTooLong,
)
from scraper.http import Fetched, Fetcher, parse_retry_after
from scraper.settings import RETRY_STATUSES, Settings, default_user_agent
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import Clock
from tests.fixtures.site.model import Site, load_site
from tests.fixtures.site.server import FAULT_KINDS, FaultPlan, ReplicaServer

T = TypeVar("T")
PAGE = b"<html><body>" + b"<p>International Space Agencies Meet.</p>" * 20 + b"</body></html>"
LAST_MODIFIED = datetime(2020, 9, 18, 7, 55, 27, tzinfo=UTC)
BLOB = bytes(range(256)) * 8  # 2048 bytes the replica never gzips (not a text type)


# Helpers


def small(srv_url: str, **changes: Any) -> Settings:
    """Settings for tests: the server as the site, tiny backoff, short timeouts."""
    base = Settings(
        site=srv_url + "/",
        backoff_base=0.01,
        backoff_max=0.05,
        connect_timeout=2.0,
        read_timeout=2.0,
        total_timeout=5.0,
        retry_after_max=2.0,
        max_attempts=4,
    )
    return base.but(**changes)


def run(settings: Settings, use: Callable[[Fetcher], Awaitable[T]], **kwargs: Any) -> T:
    async def go() -> T:
        async with Fetcher(settings, **kwargs) as fetcher:
            return await use(fetcher)

    return asyncio.run(go())


def fetch(settings: Settings, url: str, *, using: Any = None, **kwargs: Any) -> Fetched:
    """One fetch with a new Fetcher; `using` is a dict of extra Fetcher arguments."""
    return run(settings, lambda f: f.fetch(url, **kwargs), **(using or {}))


def fetch_error(settings: Settings, url: str, *, using: Any = None, **kwargs: Any) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(settings, url, using=using, **kwargs)
    return caught.value


@dataclass(frozen=True)
class StandIn:
    """The shape of app.Response."""

    status: int
    body: bytes = PAGE
    content_type: str = "text/html; charset=UTF-8"
    headers: tuple[tuple[str, str], ...] = ()
    last_modified: datetime | None = None


OK = StandIn(200, last_modified=LAST_MODIFIED)


class Script:
    """A stand-in handler: the first `first` answers in order, then `then` for ever."""

    def __init__(self, *first: StandIn, then: StandIn = OK) -> None:
        self.first, self.then = list(first), then
        self._lock = threading.Lock()

    def __call__(self, site: Site, target: str, base_url: str, rest: str) -> StandIn:
        with self._lock:
            return self.first.pop(0) if self.first else self.then


def http_date(seconds_from_now: float) -> str:
    return format_datetime(datetime.now(UTC) + timedelta(seconds=seconds_from_now), usegmt=True)


def on(clock: Clock) -> dict[str, Any]:
    """Fetcher arguments that run its waits and its time budget on a fake clock."""
    return {"sleep": clock.sleep, "clock": clock}


@pytest.fixture
def sockets(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every connect and name lookup made during the test (on top of the network guard)."""
    seen: list[object] = []
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex
    create_connection, getaddrinfo = socket.create_connection, socket.getaddrinfo

    def counted(real: Callable[..., Any], skip_self: bool) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            seen.append(args[1] if skip_self else args[0])
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(socket.socket, "connect", counted(connect, True))
    monkeypatch.setattr(socket.socket, "connect_ex", counted(connect_ex, True))
    monkeypatch.setattr(socket, "create_connection", counted(create_connection, False))
    monkeypatch.setattr(socket, "getaddrinfo", counted(getaddrinfo, False))
    return seen


class RawServer:
    """Answers each connection with scripted bytes, then closes it: wire shapes on demand.

    With hold, the connection stays open after the answer until the client closes it.
    """

    def __init__(self, *answers: bytes, hold: bool = False) -> None:
        self.answers, self.hold = list(answers), hold
        self.requests: list[bytes] = []
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen()
        self._sock.settimeout(0.05)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                request = b""
                while b"\r\n\r\n" not in request and (data := conn.recv(65536)):
                    request += data
                self.requests.append(request)
                answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
                conn.sendall(answer)
                with contextlib.suppress(OSError):
                    while self.hold and not self._stop.is_set() and conn.recv(65536):
                        pass

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []

    def make(*answers: bytes, hold: bool = False) -> RawServer:
        servers.append(RawServer(*answers, hold=hold))
        return servers[-1]

    yield make
    for srv in servers:
        srv.stop()


def chunked(body: bytes, size: int = 4096) -> bytes:
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    zeros = bytes(20 * 1024 * 1024)  # 20 MB that compress to about 20 KB
    return {"gzip": gzip.compress(zeros, mtime=0), "deflate": zlib.compress(zeros, 9)}


# parse_retry_after and check_site: pure, no server


NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("0", 0.0),
        ("Wed, 01 May 2024 12:00:30 GMT", 30.0),  # HTTP date, 30 s after NOW
        ("Wednesday, 01-May-24 12:01:00 GMT", 60.0),  # obsolete RFC 850 form
        ("Wed, 01 May 2024 11:59:00 GMT", 0.0),  # in the past: no wait, never negative
        (None, None),
        ("", None),
        ("soon", None),
        ("-5", None),
        ("1.5", None),  # delta-seconds are whole numbers
        ("²", None),  # a Unicode digit is not delta-seconds
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == expected


@pytest.mark.parametrize(
    "site",
    [
        "ftp://www.globalspaceexploration.org/",
        "file:///etc/passwd",
        "http:///no-host",
        "www.globalspaceexploration.org",  # no scheme
        "http://10.0.0.1/",
        "http://10.255.255.255/",
        "http://172.16.0.1/",
        "http://172.31.255.254/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://0.0.0.0/",
        "http://[fc00::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:192.168.0.1]/",
        "http://10.1/",  # inet_aton shorthand for 10.0.0.1
        "http://167772161/",  # 10.0.0.1 as one number
        "http://0xa9.0xfe.0xa9.0xfe/",  # 169.254.169.254 in hex
        "http://127.0.0.1:99999/",
        "http://[::1/",
        # An IPv6 address carrying a private IPv4 one is judged as that IPv4 address.
        "http://[::ffff:10.0.0.1]/",
        "http://[64:ff9b::a00:1]/",  # NAT64 (RFC 6052) of 10.0.0.1
        "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1: the translator's loopback, not ours
        "http://[64:ff9b:1::808:808]/",  # NAT64 local use (RFC 8215): never a public host
        "http://[2002:a00:1::]/",  # 6to4 of 10.0.0.1
        "http://[2002:c0a8:101::1]/",  # 6to4 of 192.168.1.1
        "http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/",  # Teredo with client 10.0.0.1
        "http://[::a00:1]/",  # IPv4-compatible (deprecated) 10.0.0.1
        "http://224.0.0.1/",  # multicast, which ipaddress calls global
        "http://239.255.255.250/",
        "http://[ff02::1]/",
        "http://[ff0e::1]/",
        "http://[::ffff:224.0.0.1]/",
        "http://[64:ff9b::e000:1]/",  # NAT64 of 224.0.0.1
    ],
)
def test_check_site_refuses(site: str) -> None:
    with pytest.raises(RefusedURL):
        check_site(site)


@pytest.mark.parametrize(
    "site",
    [
        "https://www.globalspaceexploration.org/",
        "http://127.0.0.1:8080/",
        "http://localhost:8080/",
        "http://[::1]:8080/",
        "http://172.15.255.255/",  # just below 172.16/12
        "http://172.32.0.1/",  # just above it
        "http://8.8.8.8/",
        "http://[64:ff9b::808:808]/",  # NAT64 of 8.8.8.8
        "http://[2002:808:808::1]/",  # 6to4 of 8.8.8.8
        "http://[::ffff:8.8.8.8]/",
    ],
)
def test_check_site_allows(site: str) -> None:
    check_site(site)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("64:ff9b::a00:1", "private or reserved address 10.0.0.1 inside 64:ff9b::a00:1"),
        ("2002:a00:1::1", "private or reserved address 10.0.0.1 inside 2002:a00:1::1"),
        ("ff05::2", "multicast address ff05::2"),
    ],
)
def test_check_site_resolves_refuses_a_name_answered_with_an_embedded_private_address(
    monkeypatch: pytest.MonkeyPatch, address: str, reason: str
) -> None:
    """A DNS64 resolver answers a name whose A record is 10.0.0.1 with 64:ff9b::a00:1."""

    def resolve(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        assert host == "archive.example"
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, 0, 0, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(RefusedURL, match=f"archive.example resolves to a {reason}"):
        check_site_resolves("https://archive.example/")


# Refusal before any connection


def test_socket_counter_sees_a_real_fetch(replica: ReplicaServer, sockets: list[object]) -> None:
    """The control for the refusal tests: a fetch that does connect is counted."""
    fetch(small(replica.url), replica.url + "/robots.txt")
    assert sockets


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/",
        "https://www.globalspaceexploration.org/",  # the real site is not this fetcher's site
        "http://localhost:{port}/",  # another name for the same server is another host
        "ftp://127.0.0.1:{port}/robots.txt",
        "file:///etc/passwd",
        "http://127.0.0.1:{other}/robots.txt",  # same address, another port: another server
        "http://10.0.0.1/",
        "http://192.168.1.1:{port}/",
        "http://169.254.169.254/latest/meta-data/",
        "http://167772161/",
        "http://127.0.0.1:99999/",
        "http://[::1/",
        "/robots.txt",  # relative: resolve it first
    ],
)
def test_refused_before_any_connection(
    replica_factory: ReplicaFactory, sockets: list[object], url: str
) -> None:
    srv, other = replica_factory(), replica_factory()
    settings = small(srv.url)
    sockets.clear()
    error = fetch_error(settings, url.format(port=srv.port, other=other.port))
    assert isinstance(error, RefusedURL)
    assert (error.attempts, sockets, srv.log, other.log) == (0, [], [], [])


@pytest.mark.parametrize("literal", ["10.0.0.1", "172.20.1.1", "192.168.0.10", "169.254.1.1"])
def test_private_address_refused_even_as_an_allowed_host(
    replica: ReplicaServer, sockets: list[object], literal: str
) -> None:
    settings = small(replica.url, extra_hosts=(literal,))
    sockets.clear()
    error = fetch_error(settings, f"http://{literal}/")
    assert isinstance(error, RefusedURL) and "private" in str(error)
    assert sockets == []


@pytest.mark.parametrize(
    ("host", "url", "reason"),
    [
        ("64:ff9b::a00:1", "http://[64:ff9b::a00:1]/", "private"),  # NAT64 of 10.0.0.1
        ("2002:a00:1::", "http://[2002:a00:1::]/", "private"),  # 6to4 of 10.0.0.1
        ("224.0.0.1", "http://224.0.0.1/", "multicast"),
        ("ff02::1", "http://[ff02::1]/", "multicast"),
    ],
)
def test_embedded_private_or_multicast_address_refused_even_as_an_allowed_host(
    replica: ReplicaServer, sockets: list[object], host: str, url: str, reason: str
) -> None:
    settings = small(replica.url, extra_hosts=(host,))
    sockets.clear()
    error = fetch_error(settings, url)
    assert isinstance(error, RefusedURL) and reason in str(error)
    assert sockets == []


def test_proxy_from_the_environment_is_ignored(
    replica: ReplicaServer, monkeypatch: pytest.MonkeyPatch, sockets: list[object]
) -> None:
    # A proxy on a private address: the network guard would refuse (and fail the test) if the
    # client went there instead of straight to the replica.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://10.255.255.1:3128")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    fetched = fetch(small(replica.url), replica.url + "/robots.txt")
    assert fetched.status == 200 and len(replica.log) == 1
    assert all("10.255.255.1" not in str(address) for address in sockets)


# Retries


@pytest.mark.parametrize("status", sorted(RETRY_STATUSES))
def test_retryable_status_is_retried_until_it_succeeds(
    replica_factory: ReplicaFactory, status: int
) -> None:
    failures = 2
    srv = replica_factory(handler=Script(*[StandIn(status)] * failures))

    async def fetch_and_count(fetcher: Fetcher) -> tuple[Fetched, int]:
        fetched = await fetcher.fetch(srv.url + "/page")
        return fetched, fetcher.retries

    fetched, retries = run(small(srv.url), fetch_and_count)
    assert fetched.status == 200 and fetched.body == PAGE
    assert fetched.attempts == failures + 1 == len(srv.log)
    assert retries == failures


@pytest.mark.parametrize("max_attempts", [1, 3])
def test_exhausted_retries_raise_retryable_status(
    replica_factory: ReplicaFactory, max_attempts: int
) -> None:
    srv = replica_factory(handler=Script(then=StandIn(503)))
    clock = Clock(tick=0.125)  # each reading, a little time passes: attempts take time
    error = fetch_error(small(srv.url, max_attempts=max_attempts), srv.url + "/x", using=on(clock))
    assert isinstance(error, RetryableStatus) and error.status == 503
    assert error.attempts == max_attempts == len(srv.log)
    assert len(clock.sleeps) == max_attempts - 1  # no wait after the last attempt
    assert error.elapsed > sum(clock.sleeps)  # the URL's time: the waits and the attempts


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 410, 451])
def test_other_4xx_is_an_answer_not_retried(replica_factory: ReplicaFactory, status: int) -> None:
    srv = replica_factory(handler=Script(then=StandIn(status, b"<h1>no</h1>")))
    fetched = fetch(small(srv.url), srv.url + "/gone")
    assert (fetched.status, fetched.attempts, len(srv.log)) == (status, 1, 1)
    assert fetched.body == b"<h1>no</h1>"


@pytest.mark.parametrize("kind", ["503", "429", "reset", "truncated"])
def test_seeded_fault_is_retried(replica_factory: ReplicaFactory, kind: str) -> None:
    # rate 1 and max_in_a_row 2: exactly the first two requests for a URL meet the fault.
    plan = FaultPlan(seed=1, rate=1.0, kinds=(kind,), max_in_a_row=2, retry_after=0)
    srv = replica_factory(faults=plan)
    fetched = fetch(small(srv.url, max_attempts=3), srv.url + "/")
    assert (fetched.status, fetched.attempts) == (200, 3)
    assert [e.fault for e in srv.log] == [kind, kind, None]


@pytest.mark.parametrize(
    ("kind", "error_class"),
    [
        ("503", RetryableStatus),
        ("429", RetryableStatus),
        ("reset", TransportError),
        ("truncated", TruncatedBody),
    ],
)
def test_seeded_fault_on_every_attempt_raises_its_type(
    replica_factory: ReplicaFactory, kind: str, error_class: type
) -> None:
    plan = FaultPlan(seed=1, rate=1.0, kinds=(kind,), max_in_a_row=2, retry_after=0)
    srv = replica_factory(faults=plan)
    error = fetch_error(small(srv.url, max_attempts=2), srv.url + "/")
    assert type(error) is error_class
    assert error.attempts == 2 == len(srv.log)


def test_closed_before_any_answer_is_a_transport_error(
    raw_server: Callable[..., RawServer],
) -> None:
    srv = raw_server(b"")  # reads the request, closes without a byte
    error = fetch_error(small(srv.url, max_attempts=2), srv.url + "/")
    assert type(error) is TransportError  # nothing was cut: no body had started
    assert error.attempts == 2 == len(srv.requests)


def test_connection_refused_is_retried(refused_port: int) -> None:
    url = f"http://127.0.0.1:{refused_port}"
    error = fetch_error(small(url, max_attempts=3), url + "/")
    assert type(error) is TransportError and error.attempts == 3


def test_retries_wait_with_exponential_backoff_and_jitter(replica_factory: ReplicaFactory) -> None:
    srv = replica_factory(handler=Script(then=StandIn(503)))
    clock = Clock()
    settings = small(srv.url, max_attempts=4, backoff_base=0.02, backoff_max=1.0)

    async def five(fetcher: Fetcher) -> None:
        for _ in range(5):
            with pytest.raises(RetryableStatus):
                await fetcher.fetch(srv.url + "/x")

    run(settings, five, **on(clock))
    assert len(srv.log) == 20  # 4 attempts each, a wait between each two
    ratios = [w / (0.02 * 2 ** (i % 3)) for i, w in enumerate(clock.sleeps)]
    assert len(ratios) == 15
    assert all(0.5 <= r <= 1.0 for r in ratios)  # each wait is 50-100% of base * 2^(n-1)
    assert len(set(ratios)) > 1  # jitter: not the same fraction every time


def test_backoff_is_capped_by_backoff_max(replica_factory: ReplicaFactory) -> None:
    srv = replica_factory(handler=Script(then=StandIn(503)))
    clock = Clock()
    settings = small(srv.url, max_attempts=4, backoff_base=0.5, backoff_max=0.02)
    error = fetch_error(settings, srv.url + "/x", using=on(clock))
    assert len(clock.sleeps) == 3 and max(clock.sleeps) <= 0.02
    assert error.elapsed == pytest.approx(sum(clock.sleeps))  # its time on its clock: the waits
    assert error.elapsed < 0.9  # uncapped, the waits alone would take at least 1.75 s


def test_before_request_runs_before_every_attempt(replica_factory: ReplicaFactory) -> None:
    srv = replica_factory(handler=Script(StandIn(503), StandIn(503)))
    calls: list[int] = []

    async def before() -> None:
        calls.append(len(srv.log))  # how many requests the server had seen at that moment

    fetched = fetch(small(srv.url), srv.url + "/x", using={"before_request": before})
    assert fetched.attempts == 3 and calls == [0, 1, 2]


# Retry-After


def test_retry_after_seconds_is_waited(replica_factory: ReplicaFactory) -> None:
    srv = replica_factory(handler=Script(StandIn(429, headers=(("Retry-After", "1"),))))
    clock = Clock()
    fetched = fetch(small(srv.url, retry_after_max=5), srv.url + "/x", using=on(clock))
    assert fetched.attempts == 2
    assert clock.sleeps == [1.0]  # backoff alone is <= 0.05 s
    assert fetched.elapsed == 1.0


def test_retry_after_http_date_is_waited(replica_factory: ReplicaFactory) -> None:
    # The replica announces now + 31 s, rounded down to a whole second: a wait of 30-31 s,
    # less however long the answer took to be read (the date is read on the wall clock).
    plan = FaultPlan(
        seed=1, rate=1.0, kinds=("429",), max_in_a_row=1, retry_after=30, retry_after_date=True
    )
    srv = replica_factory(faults=plan)
    clock = Clock()
    fetched = fetch(small(srv.url, retry_after_max=60), srv.url + "/", using=on(clock))
    assert [e.fault for e in srv.log] == ["429", None]
    (wait,) = clock.sleeps
    assert 25 < wait <= 31  # the date's wait, not a backoff of <= 0.05 s
    assert fetched.elapsed == pytest.approx(wait)


@pytest.mark.parametrize("announced", ["30", "date"])
def test_retry_after_over_the_cap_is_not_waited(
    replica_factory: ReplicaFactory, announced: str
) -> None:
    value = http_date(30) if announced == "date" else announced
    srv = replica_factory(handler=Script(StandIn(503, headers=(("Retry-After", value),))))
    clock = Clock()
    error = fetch_error(small(srv.url, retry_after_max=0.05), srv.url + "/x", using=on(clock))
    assert type(error) is WaitTooLong and error.attempts == 1 and clock.sleeps == []
    assert "(Retry-After), over the 0.05 s per URL (retry_after_max): not waited" in str(error)
    assert error.response is not None and error.response.status == 503  # kept, to archive


def test_retry_after_waits_add_up_to_the_cap(replica_factory: ReplicaFactory) -> None:
    answer = StandIn(503, headers=(("Retry-After", "1"),))
    srv = replica_factory(handler=Script(answer, answer, answer))
    clock = Clock()
    error = fetch_error(small(srv.url, retry_after_max=2.5), srv.url + "/x", using=on(clock))
    assert type(error) is WaitTooLong and clock.sleeps == [1.0, 1.0] and error.attempts == 3


# Timeouts


def test_slow_body_hits_the_read_timeout(replica_factory: ReplicaFactory) -> None:
    plan = FaultPlan(seed=1, rate=1.0, kinds=("slow",), max_in_a_row=5)
    srv = replica_factory(faults=plan, slow_body_seconds=3.0)  # a pause of ~0.4 s per piece
    error = fetch_error(small(srv.url, read_timeout=0.2, max_attempts=1), srv.url + "/")
    assert type(error) is TransportError and "ReadTimeout" in str(error)
    assert error.elapsed < 1.5  # gave up well before the body's 3 s


def test_slow_answer_hits_the_total_timeout(replica_factory: ReplicaFactory) -> None:
    srv = replica_factory(latency=2.0)
    settings = small(srv.url, read_timeout=5.0, total_timeout=0.3, max_attempts=1)
    error = fetch_error(settings, srv.url + "/robots.txt")
    assert isinstance(error, TransportError) and "total timeout" in str(error)
    assert error.elapsed < 1.5


def test_unanswered_connect_hits_the_connect_timeout() -> None:
    # A listener whose accept queue is full: the kernel drops further SYNs, so connect() hangs.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = [socket.socket() for _ in range(4)]
    for filler in fillers:
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
    try:
        url = f"http://127.0.0.1:{port}"
        settings = small(url, connect_timeout=0.2, read_timeout=5, max_attempts=1)
        error = fetch_error(settings, url + "/")
    finally:
        for s in [*fillers, listener]:
            s.close()
    assert type(error) is TransportError and "ConnectTimeout" in str(error)
    assert error.elapsed < 1.5


# Size caps


@pytest.mark.parametrize(("cap", "ok"), [(len(BLOB), True), (len(BLOB) - 1, False)])
def test_declared_body_cap(replica_factory: ReplicaFactory, cap: int, ok: bool) -> None:
    srv = replica_factory(handler=Script(then=StandIn(200, BLOB, "application/octet-stream")))
    if ok:
        assert fetch(small(srv.url), srv.url + "/f", max_bytes=cap).body == BLOB
    else:
        error = fetch_error(small(srv.url), srv.url + "/f", max_bytes=cap)
        assert type(error) is TooLarge and error.attempts == 1 == len(srv.log)


@pytest.mark.parametrize(("cap", "ok"), [(len(BLOB), True), (len(BLOB) - 1, False)])
def test_streamed_body_cap(raw_server: Callable[..., RawServer], cap: int, ok: bool) -> None:
    answer = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(BLOB, 100)
    srv = raw_server(answer)
    if ok:
        assert fetch(small(srv.url), srv.url + "/f", max_bytes=cap).body == BLOB
    else:
        error = fetch_error(small(srv.url), srv.url + "/f", max_bytes=cap)
        assert type(error) is TooLarge and error.attempts == 1 == len(srv.requests)


def test_endless_body_is_cut_at_the_cap(raw_server: Callable[..., RawServer]) -> None:
    # Chunks and no last chunk, on a connection left open: only the running count stops it.
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    srv = raw_server(head + chunked(BLOB * 4)[: -len(b"0\r\n\r\n")], hold=True)
    error = fetch_error(small(srv.url, read_timeout=3), srv.url + "/f", max_bytes=4096)
    assert type(error) is TooLarge and error.attempts == 1
    assert error.elapsed < 1.5  # did not wait for the read timeout


@pytest.mark.parametrize(("page_cap", "max_bytes", "ok"), [(1000, None, False), (1000, 4096, True)])
def test_cap_defaults_to_pages_and_max_bytes_overrides_it(
    replica_factory: ReplicaFactory, page_cap: int, max_bytes: int | None, ok: bool
) -> None:
    srv = replica_factory(handler=Script(then=StandIn(200, BLOB, "application/pdf")))
    settings = small(srv.url, max_page_bytes=page_cap)
    if ok:
        assert fetch(settings, srv.url + "/doc.pdf", max_bytes=max_bytes).body == BLOB
    else:
        assert type(fetch_error(settings, srv.url + "/doc.pdf", max_bytes=max_bytes)) is TooLarge


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_compression_bomb_is_too_large(
    replica_factory: ReplicaFactory, bombs: dict[str, bytes], coding: str
) -> None:
    bomb = bombs[coding]
    headers = (("Content-Encoding", coding),)
    srv = replica_factory(handler=Script(then=StandIn(200, bomb, "application/x-bin", headers)))
    error = fetch_error(small(srv.url), srv.url + "/bomb", max_bytes=1024 * 1024)
    assert len(bomb) < 1024 * 1024  # the transfer itself is under the cap
    assert type(error) is TooLarge and error.attempts == 1 == len(srv.log)


def test_corrupt_encoding_is_a_fetch_error_not_retried(replica_factory: ReplicaFactory) -> None:
    headers = (("Content-Encoding", "gzip"),)
    srv = replica_factory(handler=Script(then=StandIn(200, b"not gzip at all", "text/x", headers)))
    error = fetch_error(small(srv.url), srv.url + "/x")
    assert isinstance(error, BadEncoding) and "undecodable" in str(error)
    assert error.attempts == 1 == len(srv.log)


def test_retryable_status_with_a_corrupt_body_is_still_retried(
    replica_factory: ReplicaFactory,
) -> None:
    headers = (("Content-Encoding", "gzip"),)
    srv = replica_factory(handler=Script(StandIn(503, b"garbage", "text/x", headers)))
    assert fetch(small(srv.url), srv.url + "/x").attempts == 2


# What a Fetched holds


def test_raw_stays_encoded_and_body_is_decoded(replica: ReplicaServer) -> None:
    fetched = fetch(small(replica.url), replica.url + "/")
    assert fetched.header("content-encoding") == "gzip"
    assert isinstance(fetched.raw, bytes)
    assert fetched.raw[:2] == b"\x1f\x8b" and gzip.decompress(fetched.raw) == fetched.body
    assert b"<html" in fetched.body.lower()


def test_fetched_records_the_exchange(replica: ReplicaServer) -> None:
    fetched = fetch(small(replica.url), replica.url + "/robots.txt")
    request = dict(fetched.request_headers)
    assert (fetched.method, fetched.http_version, fetched.reason) == ("GET", "HTTP/1.1", "OK")
    assert fetched.ip == "127.0.0.1" and fetched.fetched_at.tzinfo is not None
    assert request["User-Agent"] == default_user_agent() and request["Host"] == replica.url[7:]
    assert fetched.content_type == "text/plain"


@pytest.mark.parametrize("agent", [None, "test-agent/1.0 (+https://example.org/contact)"])
def test_user_agent_comes_from_settings(replica: ReplicaServer, agent: str | None) -> None:
    settings = small(replica.url) if agent is None else small(replica.url, user_agent=agent)
    fetch(settings, replica.url + "/robots.txt")
    assert replica.log[0].headers["user-agent"] == (agent or default_user_agent())


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_is_returned_not_followed(replica_factory: ReplicaFactory, status: int) -> None:
    location = "/elsewhere/"
    srv = replica_factory(
        handler=Script(then=StandIn(status, b"", headers=(("Location", location),)))
    )
    fetched = fetch(small(srv.url), srv.url + "/old")
    assert (fetched.status, fetched.header("location"), fetched.attempts) == (status, location, 1)
    assert [e.path for e in srv.log] == ["/old"]


# Conditional GET


@pytest.mark.parametrize("use", ["etag", "last_modified", "both"])
def test_conditional_get_returns_304(replica_factory: ReplicaFactory, use: str) -> None:
    srv = replica_factory(handler=Script(then=OK))
    first = fetch(small(srv.url), srv.url + "/page")
    etag, modified = first.header("etag"), first.header("last-modified")
    assert etag and modified
    kwargs = {
        "etag": etag if use != "last_modified" else None,
        "last_modified": modified if use != "etag" else None,
    }
    second = fetch(small(srv.url), srv.url + "/page", **kwargs)
    assert (second.status, second.body, second.attempts) == (304, b"", 1)
    # The log is in order of completion: on a loaded machine a first attempt that timed out may
    # be logged after the second fetch, so the conditional request is found by its answer.
    (sent,) = [e.headers for e in srv.log if e.status == 304]
    assert sent.get("if-none-match") == kwargs["etag"]
    assert sent.get("if-modified-since") == kwargs["last_modified"]


# Cookies


def test_a_cookie_the_site_sets_is_sent_back_and_only_such_answers_reach_the_jar(
    replica_factory: ReplicaFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site's cookie check (set a cookie, then look for it) passes; an answer setting no
    cookie is never read into the standard library's jar (the crawl loop's cost)."""
    sets = StandIn(200, headers=(("Set-Cookie", "checked=yes; Path=/"),))
    srv = replica_factory(handler=Script(OK, sets, then=OK))
    read_into_jar: list[str] = []
    real = http.cookiejar.CookieJar.extract_cookies

    def counted(jar: http.cookiejar.CookieJar, response: Any, request: Any) -> None:
        read_into_jar.append(request.get_full_url())
        real(jar, response, request)

    monkeypatch.setattr(http.cookiejar.CookieJar, "extract_cookies", counted)

    async def three(fetcher: Fetcher) -> None:
        for path in ("/first", "/sets", "/after"):
            await fetcher.fetch(srv.url + path)

    run(small(srv.url), three)
    sent = {e.path: e.headers.get("cookie") for e in srv.log}
    assert sent == {"/first": None, "/sets": None, "/after": "checked=yes"}
    assert read_into_jar == [srv.url + "/sets"]


def test_unconditional_get_sends_no_validators(replica: ReplicaServer) -> None:
    fetch(small(replica.url), replica.url + "/")
    assert not {"if-none-match", "if-modified-since"} & set(replica.log[0].headers)


def test_stale_etag_gets_the_page(replica: ReplicaServer) -> None:
    fetched = fetch(small(replica.url), replica.url + "/", etag='"stale"')
    assert fetched.status == 200 and fetched.body


def test_304_with_a_content_length_is_an_answer(raw_server: Callable[..., RawServer]) -> None:
    # RFC 9110 lets a 304 carry the Content-Length the 200 would have had; no body follows.
    srv = raw_server(b'HTTP/1.1 304 Not Modified\r\nContent-Length: 1234\r\nETag: "a"\r\n\r\n')
    fetched = fetch(small(srv.url), srv.url + "/", etag='"a"')
    assert (fetched.status, fetched.body, fetched.attempts) == (304, b"", 1)


# The replica with seeded faults, end to end


def test_replica_with_seeded_faults_is_fetched_whole(replica_factory: ReplicaFactory) -> None:
    # Seed 3 gives 15 faults over these 30 URLs, every kind among them; "slow" bodies pause
    # 1 s between pieces, over the 0.5 s read timeout, so they fail and are retried too. The
    # timeout leaves a sound answer room on a loaded machine (0.15 s once cost a retry more).
    plan = FaultPlan(seed=3, rate=0.5, max_in_a_row=2, retry_after=0)
    srv = replica_factory(faults=plan, slow_body_seconds=7.0)
    paths = [f"/?p={post.id}" for post in load_site("base").posts[:30]]
    settings = small(srv.url, max_attempts=4, read_timeout=0.5)

    async def all_of_them(fetcher: Fetcher) -> tuple[int, list[Fetched]]:
        fetched = [await fetcher.fetch(srv.url + p) for p in paths]
        return fetcher.retries, fetched

    retries, fetched = run(settings, all_of_them)
    deadline = time.monotonic() + 5  # a slow fault is logged when the server gives up on it
    while len(srv.log) < len(paths) + retries and time.monotonic() < deadline:
        time.sleep(0.02)
    faults = [e for e in srv.log if e.fault]
    assert all(f.status == 200 for f in fetched)
    assert retries == len(faults) == sum(f.attempts - 1 for f in fetched)
    assert {e.fault for e in faults} == set(FAULT_KINDS)


def test_every_client_checks_certificates_with_one_context() -> None:
    settings = Settings(site="https://www.globalspaceexploration.org/")
    verify = [client_options(settings, httpx.Timeout(5))["verify"] for _ in range(2)]
    assert verify[0] is verify[1]  # the roots are loaded once a process
    assert verify[0].verify_mode == ssl.CERT_REQUIRED and verify[0].check_hostname
