"""What the backfill tests put in front of their pywb (tests/fixtures/wayback.py: the replica as
the Wayback Machine saw it at four past dates, which `make demo` serves too): a small proxy
that logs every request and can answer 429 with Retry-After, on the loopback server the
fake Wayback of tests/test_wayback_faults.py answers from too."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

Answer = tuple[int, list[tuple[str, str]], bytes]  # status, headers, body


class Answering:
    """A threaded HTTP server on a free loopback port (`address`) answering each GET with what
    `answer(path)` gives (status 0: closing the connection unanswered), every path logged in
    order."""

    def __init__(self) -> None:
        self.log: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.log.append(self.path)
                status, headers, body = owner.answer(self.path)
                if status == 0:  # no answer at all: the connection closed
                    self.close_connection = True
                    return
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.address = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, path: str) -> Answer:
        raise NotImplementedError

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Proxy(Answering):
    """A loopback HTTP proxy to one upstream (pywb): logs each request's path and answers
    the first request whose path holds a key of `faults` with 429 and its Retry-After."""

    def __init__(self, upstream: str) -> None:
        super().__init__()
        self.upstream = upstream.rstrip("/")
        self.faults: dict[str, str | None] = {}  # path fragment -> Retry-After ("" = none)
        self.always_429 = False  # every replay answered 429 (Retry-After: 0, so no test waits)
        self.pause = 0.0  # seconds each replay is held before it is answered
        self._client = httpx.Client(timeout=30)  # kept alive: pywb is slow to connect to
        self.url = self.address

    def answer(self, path: str) -> Answer:
        fault = next((key for key in self.faults if key in path), None)
        if self.always_429 and "id_/" in path:
            return 429, [("Content-Type", "text/plain"), ("Retry-After", "0")], b"slow down"
        if self.pause and "id_/" in path:
            time.sleep(self.pause)
        if fault is not None:
            retry_after = self.faults.pop(fault)
            headers = [("Retry-After", retry_after)] if retry_after else []
            return 429, headers, b"Too Many Requests"
        upstream = self._client.get(self.upstream + path)
        kept = ("content-type", "memento-datetime", "link", "location")
        headers = [(k, v) for k, v in upstream.headers.items() if k.lower() in kept]
        return upstream.status_code, headers, upstream.content

    def replays(self) -> list[str]:
        """The id_ requests made, in order."""
        return [path for path in self.log if "id_/" in path]

    def __enter__(self) -> Proxy:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self._client.close()
