"""Notifications: a JSON POST to a receiver on 127.0.0.1; a failing receiver never raises."""

from __future__ import annotations

import json
import logging
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from archive.crawl_state import COUNTERS
from archive.db import open_db
from scraper.notify import (
    crawl_event,
    error_event,
    notify,
    notify_crawl,
    notify_failure,
    redacted,
)
from scraper.settings import Settings
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import Crawled

SETTINGS = Settings(connect_timeout=2.0)


class Receiver:
    """An HTTP server on 127.0.0.1 that keeps every POST and answers `status` after `delay`."""

    def __init__(self, status: int = 204, delay: float = 0.0) -> None:
        self.posts: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                receiver.posts.append(({k.lower(): v for k, v in self.headers.items()}, body))
                time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/secret-token"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def payloads(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.posts]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "isecg.notify" and r.levelno >= 30]


def test_the_payload_arrives_as_json(receiver: Receiver):
    payload = {"event": "changes", "text": "isecg crawl 2 done: news 1 new", "n": [1, 2]}
    assert notify(receiver.url, payload, SETTINGS) is True
    ((headers, body),) = receiver.posts
    assert json.loads(body) == payload
    assert headers["content-type"] == "application/json"
    assert headers["user-agent"] == SETTINGS.user_agent


@pytest.mark.parametrize("status", [500, 404, 302])
def test_a_receiver_that_does_not_answer_2xx_gives_false_and_one_line(
    status: int, caplog: pytest.LogCaptureFixture
):
    with Receiver(status=status) as failing:
        assert notify(failing.url, {"event": "changes"}, SETTINGS) is False
        assert len(failing.posts) == 1  # no retry, no redirect followed
    port = failing.server.server_address[1]
    (line,) = warnings_of(caplog)
    assert line == f"notification to http://127.0.0.1:{port}/… failed: HTTP {status}"


def test_a_closed_port_gives_false_quickly(caplog: pytest.LogCaptureFixture, refused_port: int):
    url = f"http://127.0.0.1:{refused_port}/hook"
    assert notify(url, {"event": "changes"}, SETTINGS) is False
    (line,) = warnings_of(caplog)  # one attempt, refused: no retry
    assert "ConnectError" in line and "\n" not in line


def test_a_receiver_that_hangs_gives_false_after_the_timeout(caplog: pytest.LogCaptureFixture):
    with Receiver(delay=2.0) as slow:
        # it answers after 2 s: had notify waited past its 0.3 s, this would be True
        assert notify(slow.url, {"event": "changes"}, SETTINGS, timeout=0.3) is False
    (line,) = warnings_of(caplog)
    assert "ReadTimeout" in line


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1/hook", "http://192.168.1.1/hook", "ftp://127.0.0.1/hook", "nonsense"]
)
def test_a_refused_url_is_never_connected_to(url: str, caplog: pytest.LogCaptureFixture):
    # The suite's network guard would fail this test if anything tried to connect.
    assert notify(url, {"event": "changes"}, SETTINGS) is False
    (line,) = warnings_of(caplog)
    assert "RefusedURL" in line


def test_a_name_resolving_to_a_private_address_is_never_connected_to(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    """Held to the crawler's rules (addresses.check_site_resolves), not to the literal address only:
    a receiver's name pointing into the local network is refused before connecting."""
    asked: list[str] = []

    def resolve(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("10.1.2.3", 0))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    assert notify("https://hooks.intranet.example/x", {"event": "changes"}, SETTINGS) is False
    assert asked == ["hooks.intranet.example"]
    (line,) = warnings_of(caplog)
    assert "RefusedURL" in line and "resolves to a private or reserved address 10.1.2.3" in line


def test_the_log_line_never_shows_the_url_path(caplog: pytest.LogCaptureFixture, refused_port: int):
    url = f"http://127.0.0.1:{refused_port}/services/T000/B000/s3cr3t"
    notify(url, {"event": "changes"}, SETTINGS)
    assert "s3cr3t" not in caplog.text
    assert redacted(url).endswith("/…") and redacted("http://example.org") == "http://example.org/"


CRAWL = {"id": 7, "status": "done", "message": None, "site": "https://x.org/", "errors": 0}
NO_CHANGES: dict[str, Any] = {
    "since": "2026-01-20T02:30:00.000Z",
    "until": None,
    **{
        kind: {"new": [], "edited": [], "relisted": [], "removed": []}
        for kind in ("news", "publications", "members")
    },
}


def test_a_done_crawl_that_changed_nothing_sends_nothing():
    assert crawl_event(CRAWL, NO_CHANGES) is None


def test_a_failed_crawl_is_sent_even_without_changes():
    event = crawl_event(
        {**CRAWL, "status": "unhealthy", "message": "home page missing"}, NO_CHANGES
    )
    assert event is not None and event["event"] == "crawl_failed"
    assert event["text"] == "isecg crawl 7 unhealthy: home page missing"
    assert event["crawl"]["id"] == 7 and event["changes"] == {}


def test_the_crawl_is_sent_with_every_counter():
    """crawl_state.COUNTERS is the one list: retries and bytes_downloaded were missing before."""
    row = {**CRAWL, "status": "failed", **{name: n for n, name in enumerate(COUNTERS)}}
    event = crawl_event(row, None)
    assert event is not None
    assert {name: event["crawl"][name] for name in COUNTERS} == {n: row[n] for n in COUNTERS}
    assert {"retries", "bytes_downloaded"} <= set(event["crawl"])


def test_an_exception_is_sent_as_a_crawl_error():
    event = error_event("https://x.org/", RuntimeError("disk full"))
    assert event["event"] == "crawl_error" and event["text"].endswith("RuntimeError: disk full")


def test_a_crawl_that_changed_records_sends_what_changed(
    later_recrawl: Crawled, receiver: Receiver
):
    db = sqlite_utils.Database(later_recrawl.db)
    try:
        crawl = dict(db.table("crawls").get(2))
        assert notify_crawl(receiver.url, SETTINGS, db, crawl) is True
    finally:
        db.close()
    (payload,) = receiver.payloads()
    assert payload["event"] == "changes" and payload["crawl"]["id"] == 2
    assert payload["changes"]["news"] == {"new": 1, "edited": 1, "removed": 1}
    assert payload["changes"]["members"] == {"new": 1, "edited": 1}
    assert payload["changes"]["publications"]["new"] == 1
    assert payload["text"].startswith("isecg crawl 2 done: news 1 new, 1 edited, 1 removed")
    (renamed,) = payload["details"]["members"]["edited"]
    assert renamed["before"]["name"] == "UK Space Agency"


def test_notify_crawl_never_raises_even_on_a_broken_database(tmp_path: Path, receiver: Receiver):
    db = sqlite_utils.Database(tmp_path / "empty.db")  # no tables at all
    try:
        assert notify_crawl(receiver.url, SETTINGS, db, {**CRAWL, "started_at": "2026"}) is False
    finally:
        db.close()
    assert receiver.posts == []


def test_nothing_is_logged_above_info_when_it_works(receiver: Receiver, caplog):
    caplog.set_level(logging.INFO, logger="isecg.notify")
    notify(receiver.url, {"event": "changes"}, SETTINGS)
    assert warnings_of(caplog) == []
    assert "notification changes sent to http://127.0.0.1:" in caplog.text


def test_a_crawl_that_raised_sends_its_failed_row(tmp_path: Path, receiver: Receiver):
    db = open_db(tmp_path / "isecg.db")
    try:
        with db.conn:
            db.execute(
                "INSERT INTO crawls (id, started_at, finished_at, status, site, message)"
                " VALUES (4, '2026-01-20T02:30:00.000Z', '2026-01-20T02:31:00.000Z', 'failed',"
                " 'https://x.org/', 'OSError: disk full')"
            )
        assert notify_failure(receiver.url, SETTINGS, db, 4, OSError("disk full")) is True
    finally:
        db.close()
    (payload,) = receiver.payloads()
    assert payload["event"] == "crawl_failed"
    assert payload["text"] == "isecg crawl 4 failed: OSError: disk full"


def test_a_crawl_that_raised_before_it_had_a_row_sends_the_error(
    tmp_path: Path, receiver: Receiver
):
    db = open_db(tmp_path / "isecg.db")
    try:
        assert notify_failure(receiver.url, SETTINGS, db, None, RuntimeError("boom")) is True
    finally:
        db.close()
    (payload,) = receiver.payloads()
    assert payload["event"] == "crawl_error" and payload["site"] == SETTINGS.site


@pytest.mark.slow
def test_a_crawl_stopped_by_sigterm_says_so_and_notifies(
    replica_factory: ReplicaFactory, tmp_path: Path, receiver: Receiver
) -> None:
    """helper-196: systemd's TimeoutStartSec and cron's `timeout` stop a crawl with SIGTERM,
    which ended it without a line in its log or a notification; `isecg status` read "ok". It
    is taken as a Ctrl-C is now: one line, the crawl left to resume, exit 143, and the
    notification of a crawl that stopped."""
    server = replica_factory(latency=0.05)
    data = tmp_path / "data"
    command = [
        *(str(Path(sys.executable).with_name("isecg")), "crawl", "--site", server.url + "/"),
        *("--data", str(data), "--delay", "0", "--no-progress", "--notify-url", receiver.url),
    ]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while len(server.log) < 20 and time.monotonic() < deadline:  # well into the fetch
        time.sleep(0.05)
    child.send_signal(signal.SIGTERM)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 143, stderr[-2000:]
    assert stderr.splitlines()[-1] == (
        "isecg: terminated (SIGTERM): crawl 1 interrupted: `isecg crawl` resumes it"
    )
    ((sent),) = receiver.payloads()
    assert sent["event"] == "crawl_error" and "terminated (SIGTERM)" in sent["text"]
    log = next((data / "logs").glob("crawl-1*.log")).read_text()
    assert "stopped" in log.splitlines()[-1] or "interrupted" in log.splitlines()[-1]
    db = open_db(data / "isecg.db")
    try:
        assert db.execute("SELECT status FROM crawls").fetchall() == [("running",)]
    finally:
        db.close()
