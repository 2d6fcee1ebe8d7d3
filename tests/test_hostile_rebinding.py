"""DNS rebinding: a site name whose DNS answers a loopback address when the crawl starts, and a
private one later. Every connection (the crawl's, the notification POST's) goes to an address
checked just before it connects, so the later answer is refused and nothing connects to it.

No test here connects anywhere but 127.0.0.1: the inner backend's connect_tcp is a spy that
refuses anything else before a socket exists (and the suite's network guard stands behind it).
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpcore
import pytest
import sqlite_utils

from scraper.clients import post_json
from scraper.crawl import crawl
from scraper.errors import RefusedURL
from scraper.settings import Settings
from tests.hostile import ROBOTS_OK, Answer, page, serve, settings_of

NAME = "rebind.test"


def rebinding(monkeypatch: pytest.MonkeyPatch, loopback_answers: int) -> list[str]:
    """Resolve NAME to 127.0.0.1 for its first lookups, then to 10.0.0.1; returns the lookups."""
    asked: list[str] = []

    def resolve(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        assert host == NAME, f"only {NAME} is ever looked up here, not {host!r}"
        asked.append(host)
        address = "127.0.0.1" if len(asked) <= loopback_answers else "10.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return asked


def connect_spy(monkeypatch: pytest.MonkeyPatch, backend: Any) -> list[str]:
    """Every host the inner network backend is asked to connect to; anything but 127.0.0.1 is
    refused there, before a socket is made."""
    hosts: list[str] = []
    real: Callable[..., Any] = backend.connect_tcp

    def spy(self: Any, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        hosts.append(host)
        if host != "127.0.0.1":
            raise httpcore.ConnectError(f"the test's spy refused to connect to {host}")
        return real(self, host, port, *args, **kwargs)

    monkeypatch.setattr(backend, "connect_tcp", spy)
    return hosts


def test_a_site_name_that_rebinds_to_a_private_address_is_refused_before_connecting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Every answer closes its connection, so each request makes (and resolves) a new one.
    close = [("Connection", "close")]
    pages = {
        "/robots.txt": Answer(body=ROBOTS_OK, content_type="text/plain", headers=close),
        "/": Answer(body=page("/a", "/b").body, headers=close),
        "/a": Answer(body=page().body, headers=close),
        "/b": Answer(body=page().body, headers=close),
    }
    with serve(pages) as server:
        port = server.url.rsplit(":", 1)[1]
        # Lookups: the crawl's own check, robots.txt's connection, the home page's; then 10.x.
        asked = rebinding(monkeypatch, loopback_answers=3)
        hosts = connect_spy(monkeypatch, httpcore.AnyIOBackend)
        settings = settings_of(server, tmp_path, site=f"http://{NAME}:{port}/", concurrency=1)
        with caplog.at_level(logging.WARNING):
            result = crawl(settings)
        assert server.log == ["/robots.txt", "/"], "nothing after the rebinding reached the server"
    rows = sqlite_utils.Database(tmp_path / "isecg.db").execute(
        "SELECT url, outcome, status, error_class, error FROM captures WHERE outcome != 'ok'"
    )
    refused = rows.fetchall()  # /a and /b, and the seeds after the home page (feed, REST...)
    assert {url.rsplit("/", 1)[1] for url, *_ in refused} >= {"a", "b"}
    assert len(asked) == 3 + len(refused), "each refused URL's connection looked the name up"
    assert hosts == ["127.0.0.1", "127.0.0.1"], "connect_tcp only ever got the checked address"
    for url, outcome, status, error_class, error in refused:
        assert (outcome, status, error_class) == ("refused", None, "RefusedURL")
        assert error == f"{url}: {NAME} resolves to a private or reserved address 10.0.0.1"
    assert result.counts["refused"] == len(refused) and result.counts["errors"] == 0
    warned = [r.getMessage() for r in caplog.records if "10.0.0.1" in r.getMessage()]
    assert warned and f"{NAME} resolves to a private or reserved address 10.0.0.1" in warned[0]


def test_the_notification_post_is_held_to_the_address_it_connects_to(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """post_json checks the name before it starts, then the name answers 10.0.0.1 when the
    connection is made: refused there, before any socket exists."""
    asked = rebinding(monkeypatch, loopback_answers=1)
    hosts = connect_spy(monkeypatch, httpcore.SyncBackend)
    with pytest.raises(RefusedURL, match=f"{NAME} resolves to a private or reserved address"):
        post_json(f"http://{NAME}:9/hook", {"event": "changes"}, Settings(), timeout=2.0)
    assert len(asked) == 2 and hosts == []


@pytest.mark.parametrize("backend", ["sync", "async"])
def test_a_name_of_many_addresses_shares_one_connect_timeout(
    monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    """helper-54: three addresses that never answer took three times the connect timeout (the
    notification's documented 10 s became 30 s). The spy answers nothing and connects nowhere."""
    import asyncio

    from scraper.dialer import CheckedBackend, CheckedSyncBackend

    def three(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))] * 3

    monkeypatch.setattr(socket, "getaddrinfo", three)
    given: list[float | None] = []

    class Silent:
        def connect_tcp(self, host: str, port: int, timeout: float | None, *rest: Any) -> Any:
            given.append(timeout)
            raise httpcore.ConnectTimeout("no answer")

    class SilentAsync:
        async def connect_tcp(self, host: str, port: int, timeout: float | None, *rest: Any) -> Any:
            return Silent().connect_tcp(host, port, timeout)

    with pytest.raises(httpcore.ConnectTimeout):
        if backend == "sync":
            CheckedSyncBackend(Silent()).connect_tcp(NAME, 80, 9.0)  # type: ignore[arg-type]
        else:
            checked = CheckedBackend(SilentAsync())  # type: ignore[arg-type]
            asyncio.run(checked.connect_tcp(NAME, 80, 9.0))
    assert given == [3.0, 3.0, 3.0]
