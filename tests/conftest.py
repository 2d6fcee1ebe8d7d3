"""Shared fixtures: the replica site on 127.0.0.1, and a guard that keeps every test on loopback.

The guard is the test-suite half of "no test ever opens a connection to any other address": for
the whole run, socket.connect / connect_ex and socket.create_connection refuse any address that
is not 127.0.0.0/8, ::1 or a unix socket, before a packet leaves (host names other than
"localhost" are refused before they are even resolved). A refusal raises NonLoopbackConnection,
which is not an OSError on purpose, so no retry loop mistakes it for a flaky network; and every
refusal fails the test it happened in, even if the code under test swallowed the exception.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.fixtures.site.server import ReplicaConfig, ReplicaServer


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
