"""The crawl keeps its connections busy: a worker's next request is on the wire before the
answer it just had is archived (written, fsynced and parsed for links), so that work overlaps
the network wait instead of adding to it (bench/crawl_bench.py measures what it saves)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

import scraper.http
from scraper.archiving import Archiver
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import run_crawl


def test_the_next_request_is_sent_before_the_last_answer_is_archived(
    replica_factory: ReplicaFactory, tmp_path: Path, monkeypatch: Any
):
    events: list[tuple[str, str]] = []
    real_transport = scraper.http.checked_transport

    class Traced(httpx.AsyncBaseTransport):
        """The real transport, noting when each request's last byte has been written."""

        def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
            self.inner = inner

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            url = str(request.url)

            async def trace(name: str, info: dict[str, Any]) -> None:
                if name == "http11.send_request_body.complete":
                    events.append(("sent", url))

            request.extensions["trace"] = trace
            return await self.inner.handle_async_request(request)

        async def aclose(self) -> None:
            await self.inner.aclose()

    monkeypatch.setattr(
        scraper.http, "checked_transport", lambda **kw: Traced(real_transport(**kw))
    )
    real_keep = Archiver.keep

    async def keep(self: Archiver, item: Any, *args: Any) -> Any:
        events.append(("archive", item.url))
        return await real_keep(self, item, *args)

    monkeypatch.setattr(Archiver, "keep", keep)
    server = replica_factory(small=True)
    result = run_crawl(server, tmp_path, concurrency=1)
    assert result.status == "done", result.message

    # One worker: between a URL's request and its archiving, did another request go out?
    overlapped, alone = 0, 0
    for at, (what, url) in enumerate(events):
        if what != "archive" or ("sent", url) not in events[:at]:
            continue
        sent = max(i for i in range(at) if events[i] == ("sent", url))
        if any(kind == "sent" for kind, _ in events[sent + 1 : at]):
            overlapped += 1
        else:
            alone += 1
    # Alone only where nothing else was known yet to fetch (robots.txt, an empty frontier).
    assert overlapped > 3 * alone, (overlapped, alone)
