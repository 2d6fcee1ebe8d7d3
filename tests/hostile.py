"""Hostile and broken servers for the tests: small, in-process, on 127.0.0.1 only.

`HostileServer(route)` answers every request with what `route(target)` returns: an `Answer`
(status, headers, body, optionally trickled byte by byte, or endless), raw bytes written to the
socket as they are (any wire shape), a `Drip` of raw bytes (headers trickled in), or None for a
plain 404. Every request target is logged, and its headers.
`crawl_of(server, data, **settings)` crawls it with fast test settings; `Clock` is a fake clock
and sleep that record every wait and never sleep for real.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from archive.db import open_db
from archive.status import format_status, status
from scraper.crawl import CrawlResult, crawl
from scraper.settings import Settings
from tests.crawl_helpers import Clock

ROBOTS_OK = b"User-agent: *\nDisallow:\n"


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=UTF-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    trickle: float = 0.0  # seconds between single bytes of the body
    endless: bytes = b""  # after the body, this chunk for ever (no Content-Length)
    length: bool = True  # send Content-Length


@dataclass
class Drip:
    """Raw bytes written one at a time, `every` seconds apart: a status line and headers that
    never end arrive as a tarpit sends them, the connection held open till the test ends."""

    data: bytes
    every: float = 0.05


Route = Callable[[str], "Answer | bytes | Drip | None"]


def page(*links: str, text: str = "") -> Answer:
    """An HTML page linking to each of `links`."""
    anchors = "".join(f'<a href="{link}">{link}</a>\n' for link in links)
    return Answer(body=f"<html><body><p>{text}</p>\n{anchors}</body></html>".encode())


def site(pages: Mapping[str, Answer | bytes | Drip], robots: bytes = ROBOTS_OK) -> Route:
    """A route table: exact targets, robots.txt allowing everything unless given."""

    def route(target: str) -> Answer | bytes | Drip | None:
        if target == "/robots.txt" and "/robots.txt" not in pages:
            return Answer(body=robots, content_type="text/plain")
        return pages.get(target)

    return route


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in separate writes: with Nagle on, the body of every keep-alive
    # answer after the first waits for the client's delayed ACK (about 40 ms a request).
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.owner.log.append(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.owner.heard.append((self.path, headers))  # one append: threads interleave
        try:
            answer = self.server.owner.route(self.path)
        except Exception as error:  # a bug in a test's route: answer 500 and remember it
            self.server.owner.errors.append(repr(error))
            answer = Answer(500, b"route failed")
        try:
            self._send(answer if answer is not None else Answer(404, b"not here"))
        except OSError:
            self.close_connection = True  # the client hung up: it is allowed to

    def _send(self, answer: Answer | bytes | Drip) -> None:
        if isinstance(answer, Drip):
            self.close_connection = True
            for i in range(len(answer.data)):
                self.wfile.write(answer.data[i : i + 1])
                self.wfile.flush()
                if self.server.owner.stopping.wait(answer.every):
                    return
            return
        if isinstance(answer, bytes):
            self.wfile.write(answer)
            self.close_connection = True
            return
        self.send_response(answer.status)
        headers = [("Content-Type", answer.content_type), *answer.headers]
        if answer.length and not answer.endless:
            headers.append(("Content-Length", str(len(answer.body))))
        else:
            headers.append(("Connection", "close"))
            self.close_connection = True
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if answer.trickle:
            for i in range(len(answer.body)):
                self.wfile.write(answer.body[i : i + 1])
                self.wfile.flush()
                if self.server.owner.stopping.wait(answer.trickle):
                    return
        else:
            self.wfile.write(answer.body)
        while answer.endless and not self.server.owner.stopping.is_set():
            self.wfile.write(answer.endless)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: HostileServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up mid-answer is what these servers are for


class HostileServer:
    def __init__(self, route: Route) -> None:
        self.route = route
        self.log: list[str] = []
        self.heard: list[tuple[str, dict[str, str]]] = []  # targets, headers (lower-cased names)
        self.errors: list[str] = []
        self.stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def count(self, prefix: str) -> int:
        return sum(1 for target in self.log if target.startswith(prefix))


@contextlib.contextmanager
def serve(route: Route | Mapping[str, Answer | bytes | Drip]) -> Iterator[HostileServer]:
    with HostileServer(route if callable(route) else site(route)) as server:
        yield server


def settings_of(server: HostileServer, data: Path, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "site": server.url + "/",
        "data_dir": data,
        "delay": 0.0,
        "concurrency": 2,
        "progress": False,
        "backoff_base": 0.01,
        "backoff_max": 0.02,
        "read_timeout": 5.0,
        "max_attempts": 2,
    }
    values.update(changes)
    return Settings(**values)


def crawl_of(
    server: HostileServer, data: Path, clock: Clock | None = None, **changes: Any
) -> CrawlResult:
    """Crawl the server; with a Clock, every wait is recorded on it and none is slept."""
    settings = settings_of(server, data, **changes)
    if clock is None:
        return crawl(settings)
    return crawl(settings, clock=clock, sleep=clock.sleep)


def wait_until(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.01)
    return check()


def status_of(data: Path) -> str:
    """What `isecg status` prints of the archive in `data`."""
    db = open_db(data / "isecg.db")
    try:
        return format_status(status(db, max_age_hours=36))
    finally:
        db.close()
