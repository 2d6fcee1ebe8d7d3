"""Shared fixtures: the replica site on 127.0.0.1, archives crawled from it once per session, and
a guard that keeps every test on loopback.

The guard is the test-suite half of "no test ever opens a connection to any other address": for
the whole run, socket.connect / connect_ex and socket.create_connection refuse any address that
is not 127.0.0.0/8, ::1 or a unix socket, before a packet leaves (host names other than
"localhost" are refused before they are even resolved). A refusal raises NonLoopbackConnection,
which is not an OSError on purpose, so no retry loop mistakes it for a flaky network; and every
refusal fails the test it happened in, even if the code under test swallowed the exception.

The crawled archives (`base_crawl` and the crawls made on top of it) are Datasette's
`app_client` pattern: made once per run and shared by every test that only reads them, across
xdist's workers too (the first worker to need them crawls, under a file lock, and the others
read what it left). A test that writes takes `crawled.copy(tmp_path / "data")`; one that
changes the site, injects faults or tests the crawl itself runs a crawl of its own. Each shared
archive is fingerprinted when made and checked at the end of the session, so a test that
writes to one fails the run instead of quietly changing what later tests read.
"""

from __future__ import annotations

import ipaddress
import os
import pickle
import shutil
import socket
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from tests.crawl_helpers import Crawled, crawl_shared
from tests.fixtures.site.server import ReplicaConfig, ReplicaServer
from tests.serve_helpers import Client, client_for


class NonLoopbackConnection(RuntimeError):
    """A test tried to connect somewhere other than this machine."""


def is_allowed_address(address: Any) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX paths (and abstract names) stay local
        return True
    host = str(address[0]).split("%", 1)[0]  # drop an IPv6 zone id
    if host == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: refused unresolved, so not even a DNS query leaves
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


class NetworkGuard:
    def __init__(self) -> None:
        self.refused: list[str] = []

    def check(self, address: Any) -> None:
        if not is_allowed_address(address):
            self.refused.append(repr(address))
            raise NonLoopbackConnection(f"tests may only connect to loopback, not {address!r}")

    def take(self) -> list[str]:
        """The refusals so far, forgotten: for tests that provoke them on purpose."""
        refused, self.refused = self.refused, []
        return refused


def pytest_configure(config: pytest.Config) -> None:
    """The run's shared-crawl directory, made by the process that starts the run (xdist's
    controller, or the only process) before any worker starts, so every worker inherits it."""
    if not hasattr(config, "workerinput") and "ISECG_SHARED_CRAWLS" not in os.environ:
        os.environ["ISECG_SHARED_CRAWLS"] = tempfile.mkdtemp(prefix="isecg-shared-crawls-")
        config.add_cleanup(_forget_shared_crawls)


def _forget_shared_crawls() -> None:
    shutil.rmtree(os.environ.pop("ISECG_SHARED_CRAWLS"), ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files made only of slow tests run first, then the files that hold some, then the
    rest; each file's tests kept together and in order. In the first group, one file that
    reads the shared crawls leads, and the files that need none of them come next.

    `make test` runs xdist workers one file at a time each (pyproject.toml). A file of slow
    tests alone is one long scenario (the memory crawl, about a minute; three nights; chromium):
    started first, these overlap the many short files instead of ending the run alone on one
    worker. The first file to need the shared crawls builds them (about 5 s), and a worker that
    needs them meanwhile waits on their lock: the workers that start with a file needing none
    work instead. The order is the same in every worker, as xdist requires.
    """
    slow = Counter(item.path for item in items if item.get_closest_marker("slow"))
    tests = Counter(item.path for item in items)
    shared = {item.path for item in items if "replica_crawls" in getattr(item, "fixturenames", ())}

    def group(item: pytest.Item) -> int:
        return 0 if slow[item.path] == tests[item.path] else 1 if slow[item.path] else 2

    builder = next((i.path for i in items if group(i) == 0 and i.path in shared), None)

    def rank(item: pytest.Item) -> tuple[int, int]:
        if group(item) != 0 or item.path == builder:
            return group(item), 0
        return 0, 2 if item.path in shared else 1

    items.sort(key=rank)  # stable: the file order and each file's order are kept


@pytest.fixture(scope="session", autouse=True)
def network_guard() -> Iterator[NetworkGuard]:
    guard = NetworkGuard()
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex
    create_connection = socket.create_connection

    def guarded_connect(self: socket.socket, address: Any) -> None:
        guard.check(address)
        connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        guard.check(address)
        return connect_ex(self, address)

    def guarded_create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        guard.check(address)
        return create_connection(address, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", guarded_connect)
        mp.setattr(socket.socket, "connect_ex", guarded_connect_ex)
        mp.setattr(socket, "create_connection", guarded_create_connection)
        yield guard


@pytest.fixture(autouse=True)
def _no_foreign_connections(network_guard: NetworkGuard) -> Iterator[None]:
    network_guard.take()
    yield
    if refused := network_guard.take():
        pytest.fail(f"the test tried to connect off loopback: {', '.join(refused)}")


@pytest.fixture
def replica() -> Iterator[ReplicaServer]:
    """The replica with default settings (base state, REST on, gzip, no faults)."""
    with ReplicaServer(ReplicaConfig()) as srv:
        yield srv


@pytest.fixture
def refused_port() -> Iterator[int]:
    """A loopback port where every connection is refused: bound for the test's length, so no
    other test or xdist worker can be given it, and never listening."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


ReplicaFactory = Callable[..., ReplicaServer]


@pytest.fixture
def replica_factory() -> Iterator[ReplicaFactory]:
    """make(**ReplicaConfig fields, handler=None) -> a started server, stopped at teardown."""
    servers: list[ReplicaServer] = []

    def make(*, handler: Any = None, **fields: Any) -> ReplicaServer:
        srv = ReplicaServer(ReplicaConfig(**fields), handler=handler).start()
        servers.append(srv)
        return srv

    yield make
    for srv in servers:
        srv.stop()


# -- archives crawled once per session ---------------------------------------------------------


def _kept_intact(crawled: Crawled) -> Iterator[Crawled]:
    made = crawled.fingerprint()
    yield crawled
    now = crawled.fingerprint()
    changed = sorted(name for name in made.keys() | now.keys() if made.get(name) != now.get(name))
    assert not changed, f"a test wrote to the shared archive {crawled.data}: {changed}"


def _shared_root() -> Path:
    """The directory every xdist worker of this run shares (pytest_configure)."""
    return Path(os.environ["ISECG_SHARED_CRAWLS"])


def _crawled_once(group: str, build: Callable[[Path], dict[str, Crawled]]) -> dict[str, Crawled]:
    """`build`'s archives, made by whichever process asks first and read back by the others.

    Under xdist each worker is its own process with its own session fixtures: without this,
    three workers crawled the same replica three times. A file lock makes the first worker
    build the group while the others wait, then everyone unpickles what it left."""
    root = _shared_root()
    root.mkdir(parents=True, exist_ok=True)
    made = root / f"{group}.pickle"
    with FileLock(root / f"{group}.lock"):
        if not made.exists():
            made.write_bytes(pickle.dumps(build(root / group)))
    crawls: dict[str, Crawled] = pickle.loads(made.read_bytes())
    return crawls


def _replica_crawls(where: Path) -> dict[str, Crawled]:
    """The default replica crawled, then crawled again three ways on top of that first crawl:
    unchanged, in its later state, and with --full. One server throughout, so every crawl
    archives the same address."""
    with ReplicaServer(ReplicaConfig()) as server:
        base = crawl_shared(server, where / "base" / "data")
        unchanged = crawl_shared(server, where / "unchanged" / "data", base)
        server.set_state("later")
        later = crawl_shared(server, where / "later" / "data", base)
        server.set_state("base")
        full = crawl_shared(server, where / "full" / "data", base, full=True)
    return {"base": base, "unchanged": unchanged, "later": later, "full": full}


def _norest_crawls(where: Path) -> dict[str, Crawled]:
    with ReplicaServer(ReplicaConfig(rest="off-404")) as server:
        return {"norest": crawl_shared(server, where / "norest" / "data")}


@pytest.fixture(scope="session")
def replica_crawls() -> dict[str, Crawled]:
    """The default replica's four crawls by name (base, unchanged, later, full), read only."""
    return _crawled_once("replica", _replica_crawls)


@pytest.fixture(scope="session")
def base_crawl(replica_crawls: dict[str, Crawled]) -> Iterator[Crawled]:
    """One crawl of the default replica (base state, REST on, no faults)."""
    yield from _kept_intact(replica_crawls["base"])


@pytest.fixture(scope="session")
def unchanged_recrawl(replica_crawls: dict[str, Crawled]) -> Iterator[Crawled]:
    """`base_crawl`, then a second crawl of the unchanged replica (conditional, revisits)."""
    yield from _kept_intact(replica_crawls["unchanged"])


@pytest.fixture(scope="session")
def later_recrawl(replica_crawls: dict[str, Crawled]) -> Iterator[Crawled]:
    """`base_crawl`, then a crawl of the replica's later state (an edited post, a removed one,
    a new one, a new member, a renamed one): history to read."""
    yield from _kept_intact(replica_crawls["later"])


@pytest.fixture(scope="session")
def full_recrawl(replica_crawls: dict[str, Crawled]) -> Iterator[Crawled]:
    """`base_crawl`, then `crawl --full` of the unchanged replica."""
    yield from _kept_intact(replica_crawls["full"])


@pytest.fixture(scope="session")
def norest_crawl() -> Iterator[Crawled]:
    """One crawl of the replica with its REST API gone (404), from a replica of its own."""
    yield from _kept_intact(_crawled_once("norest", _norest_crawls)["norest"])


# -- the two-crawl archive as the Datasette tests read it -------------------------------------
# A test module that means another archive or client defines its own `data` or `client`.


@pytest.fixture(scope="module")
def data(later_recrawl: Crawled) -> Path:
    """The session's two-crawl archive (the replica, then its later state), read only."""
    return later_recrawl.data


@pytest.fixture(scope="module")
def client(data: Path) -> Iterator[Client]:
    """Datasette over `data`, as `isecg serve` makes it, called in process."""
    with client_for(data) as c:
        yield c
