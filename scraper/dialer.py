"""The connections scraper/http.py opens: each one to an address checked just before it connects.

A name checked once before a crawl proves nothing about the next connection: its DNS may answer
127.0.0.1, or a public address, when the crawl starts and 10.0.0.1 or 169.254.169.254 a minute
later (DNS rebinding), and httpx would look the name up again for every new connection. So the
network backend under httpx's connection pool (httpcore's) resolves the host itself, holds every
address it gets to the rules of scraper/addresses.py, and connects to the checked address, never
to the name. TLS still names the host (httpcore passes it to start_tls apart), as does the Host
header. A refusal is a RefusedURL raised before any socket exists; http.py names the URL.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from scraper.addresses import allowed_addresses


def _literal(host: str) -> bool:
    """A host that is an address as it stands: no lookup (other forms, "10.1", are looked up,
    and what they resolve to is judged)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _addresses(host: str, port: int) -> list[str]:
    """Where a connection to host may go: the address itself, or every address its lookup
    gives, in order, once each one passed the rules (RefusedURL otherwise)."""
    if _literal(host):
        return allowed_addresses(host, [host])
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:  # as httpcore reports a failed lookup: a ConnectError
        raise httpcore.ConnectError(f"{host}: {error}") from error
    return allowed_addresses(host, [str(answer[4][0]) for answer in answers])


def _share(timeout: float | None, addresses: list[str]) -> float | None:
    """Each address's part of the connect timeout: tried one after another, a name of three
    addresses that do not answer took three times the timeout (helper-54: the notification's
    10 s became 30 s)."""
    return None if timeout is None else timeout / max(1, len(addresses))


class CheckedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's asyncio backend, connecting only to checked addresses."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if _literal(host):
            addresses = _addresses(host, port)
        else:  # a lookup blocks: in a thread, as asyncio's own getaddrinfo does
            try:
                async with asyncio.timeout(timeout):
                    addresses = await asyncio.to_thread(_addresses, host, port)
            except TimeoutError as error:
                raise httpcore.ConnectTimeout(f"{host}: no address within {timeout} s") from error
        failure: Exception | None = None
        share = _share(timeout, addresses)
        for address in addresses:  # the next address when one does not answer
            try:
                return await self._inner.connect_tcp(
                    address, port, share, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        raise failure or httpcore.ConnectError(f"{host}: no address")

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are never connected to")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class CheckedSyncBackend(httpcore.NetworkBackend):
    """The same for the one blocking client (the notification POST)."""

    def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        failure: Exception | None = None
        addresses = _addresses(host, port)
        share = _share(timeout, addresses)
        for address in addresses:
            try:
                return self._inner.connect_tcp(address, port, share, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        raise failure or httpcore.ConnectError(f"{host}: no address")

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never connected to")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def checked_transport(**options: Any) -> httpx.AsyncHTTPTransport:
    """httpx's own transport, its pool connecting through CheckedBackend."""
    transport = httpx.AsyncHTTPTransport(**options)
    _swap(transport, CheckedBackend())
    return transport


def checked_sync_transport(**options: Any) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(**options)
    _swap(transport, CheckedSyncBackend())
    return transport


def _swap(
    transport: httpx.AsyncHTTPTransport | httpx.HTTPTransport,
    backend: httpcore.AsyncNetworkBackend | httpcore.NetworkBackend,
) -> None:
    """httpx builds its pool with no way to name a backend: set the pool's own. Should a later
    httpx or httpcore lay this out otherwise, this fails here rather than connect unchecked."""
    pool = transport._pool
    if not hasattr(pool, "_network_backend"):
        raise RuntimeError("httpcore's connection pool has no _network_backend to check")
    pool._network_backend = backend
