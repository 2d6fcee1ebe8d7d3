"""What the backfill tests put in front of their pywb (tests/fixtures/wayback.py: the replica as
the Wayback Machine saw it at four past dates, which `make demo` serves too): a small proxy
that logs every request and can answer 429 with Retry-After."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx


class Proxy:
    """A loopback HTTP proxy to one upstream (pywb): logs each request's path and answers
    the first request whose path holds a key of `faults` with 429 and its Retry-After."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.log: list[str] = []
        self.faults: dict[str, str | None] = {}  # path fragment -> Retry-After ("" = none)
        self.always_429 = False  # every replay answered 429 (Retry-After: 0, so no test waits)
        self.pause = 0.0  # seconds each replay is held before it is answered
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy.log.append(self.path)
                status, body, headers = proxy.answer(self.path)
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._client = httpx.Client(timeout=30)  # kept alive: pywb is slow to connect to
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, path: str) -> tuple[int, bytes, list[tuple[str, str]]]:
        fault = next((key for key in self.faults if key in path), None)
        if self.always_429 and "id_/" in path:
            return 429, b"slow down", [("Content-Type", "text/plain"), ("Retry-After", "0")]
        if self.pause and "id_/" in path:
            time.sleep(self.pause)
        if fault is not None:
            retry_after = self.faults.pop(fault)
            headers = [("Retry-After", retry_after)] if retry_after else []
            return 429, b"Too Many Requests", headers
        upstream = self._client.get(self.upstream + path)
        kept = ("content-type", "memento-datetime", "link", "location")
        headers = [(k, v) for k, v in upstream.headers.items() if k.lower() in kept]
        return upstream.status_code, upstream.content, headers

    def replays(self) -> list[str]:
        """The id_ requests made, in order."""
        return [path for path in self.log if "id_/" in path]

    def __enter__(self) -> Proxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._client.close()
