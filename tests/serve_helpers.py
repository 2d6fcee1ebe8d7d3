"""What the Datasette tests share: a synchronous client and a real HTTP server (the crawled archive
they read is the session's `later_recrawl`, tests/conftest.py)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from datasette.app import Datasette

from archive.serve import make_datasette


class Client:
    """`Datasette(...).client`, called from plain tests: one event loop for the instance's life."""

    def __init__(self, ds: Datasette) -> None:
        self.ds = ds
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(ds.invoke_startup())

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        response: httpx.Response = self.loop.run_until_complete(self.ds.client.get(path, **kwargs))
        return response

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response: httpx.Response = self.loop.run_until_complete(
            self.ds.client.request(method, path, **kwargs)
        )
        return response

    def rows(self, path: str, **params: str) -> list[dict[str, Any]]:
        """The rows a table or query page gives as JSON (`_shape=array`); it must answer 200."""
        response = self.get(path, params={**params, "_shape": "array"})
        assert response.status_code == 200, response.text
        found: list[dict[str, Any]] = response.json()
        return found

    def close(self) -> None:
        self.loop.close()


@contextmanager
def client_for(data: Path) -> Iterator[Client]:
    client = Client(make_datasette(data / "isecg.db", data / "warc"))
    try:
        yield client
    finally:
        client.close()


@contextmanager
def http_server(ds: Datasette) -> Iterator[str]:
    """Datasette served over real HTTP on 127.0.0.1 (a free port), in a thread; yields its URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    asyncio.run(ds.invoke_startup())
    config = uvicorn.Config(ds.app(), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("Datasette did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
