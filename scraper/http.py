"""The one HTTP client: timeouts, size caps, retries (tenacity), Retry-After, conditional GET.

Only this module (and clients.post_json, for a webhook) opens connections. Every URL is
checked before a socket is made: the crawler talks to the site's own host and port and nothing
else, and never to a private-range address.
The address rules are scraper/addresses.py, applied as httpx parses the URL, and again to the
address each connection goes to (scraper/dialer.py: a name's DNS may change during a crawl).
The one other host ever contacted, a notification receiver (scraper/clients.py's
`post_json`), is held to the same address rules.

A fetch either returns a `Fetched` (any status that is an answer: 2xx, 3xx, 304, 404, ...) or
raises a `FetchError` subclass carrying `attempts` and `elapsed`, so the caller can record why a
page is missing. Retries happen here, on timeouts, resets, truncated bodies and RETRY_STATUSES.
"""

from __future__ import annotations

import asyncio
import io
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import anyio.lowlevel
import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type

from archive.decode import DecodedTooLarge, Decoder
from archive.spool import Spool
from scraper.addresses import checked_url
from scraper.clients import Client, client_options, tls
from scraper.dialer import checked_transport
from scraper.discover import reads_links
from scraper.errors import (
    BadEncoding,
    FetchError,
    RefusedURL,
    RetryableStatus,
    TooLarge,
    TransportError,
    TruncatedBody,
)
from scraper.fetched import NO_BODY_STATUSES, Fetched, parse_retry_after
from scraper.politeness import asks_to_slow_down
from scraper.retries import Budget, BudgetSpent, SlowBody, TotalTimeout, timeout_message
from scraper.settings import RETRY_STATUSES, Settings

RETRYABLE = (RetryableStatus, TransportError, TruncatedBody)

log = logging.getLogger("isecg.http")


def _received_headers(response: httpx.Response) -> list[tuple[str, str]]:
    """The response headers exactly as received, though a Location was hidden from httpx."""
    raw = response.extensions.get(_RAW_HEADERS) or response.headers.raw
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw]


_RAW_HEADERS = "isecg_raw_headers"


async def _hide_location(response: httpx.Response) -> None:
    """A response hook: httpx builds the next request of every redirect, even one it will not
    follow (follow_redirects=False only keeps it from sending it), and raises on a Location
    it cannot use: javascript:, data:, a broken URL, and `http:dest` or `https:foo/bar`,
    which its redirect code reads otherwise than URL.join does (an InvalidURL, no transport
    error: a traceback, and the answer lost). No redirect is ever followed by httpx (the
    crawl reads Location and judges the target itself, scraper/redirects.py), so httpx never
    sees one; the headers as received are kept for the WARC record."""
    if response.has_redirect_location:
        response.extensions[_RAW_HEADERS] = list(response.headers.raw)
        del response.headers["location"]


def _feed(url: str, decoder: Decoder, chunk: bytes | None) -> bytes:
    """Feed a chunk to the decoder (None: the body is over, return it), as FetchErrors."""
    try:
        if chunk is None:
            return decoder.finish()
        decoder.feed(chunk)
        return b""
    except DecodedTooLarge as error:  # a gzip bomb, or just too much
        raise TooLarge(url, f"decoded body: {error}") from error
    except ValueError as error:
        # Corrupt or unknown encoding: the server's bytes as stored, so no retry helps.
        raise BadEncoding(url, f"undecodable body: {error}") from error


class Fetcher:
    """Fetch URLs of one site politely. Use as `async with Fetcher(settings) as f:`."""

    def __init__(
        self,
        settings: Settings,
        before_request: Callable[[], Awaitable[None]] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,  # between attempts
        clock: Callable[[], float] = time.monotonic,  # for the per-URL time budget
        # told of each answer asking for fewer requests (politeness.RateLimiter.slow_down)
        slow_down: Callable[[str, int], None] | None = None,
    ) -> None:
        site = checked_url(settings.site)
        self.settings = settings
        # A port is part of a host (as in urls.is_on_site); None is the scheme's default port.
        self._site = (site.host, site.port)
        self._extra_hosts = {h.lower() for h in settings.extra_hosts}  # any port
        self._before_request = before_request
        self._sleep = sleep
        self._clock = clock
        self._slow_down = slow_down
        s = settings
        options = client_options(
            s,
            httpx.Timeout(
                connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout, pool=None
            ),
        )
        options["headers"]["Accept-Encoding"] = "gzip, deflate"
        # Redirects are not followed: the crawl loop checks and queues them (redirects.py).
        limits = httpx.Limits(max_connections=max(1, s.concurrency))
        self._client = Client(
            **options,
            # Each connection to an address checked as it connects (scraper/dialer.py).
            transport=transport or checked_transport(verify=tls(), limits=limits),
            event_hooks={"response": [_hide_location]},
        )
        self.retries = 0  # retries made over this fetcher's life, for the crawl's counters

    async def __aenter__(self) -> Fetcher:
        # httpcore's locks load anyio's asyncio backend on the first request: 20 ms of imports
        # spent here instead, before the crawl starts, not while robots.txt holds up the rest.
        await anyio.lowlevel.checkpoint()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    def check_url(self, url: str) -> None:
        """Raise RefusedURL unless the URL may be requested. No connection is made."""
        parsed = checked_url(url)
        if (parsed.host, parsed.port) != self._site and parsed.host not in self._extra_hosts:
            raise RefusedURL(url, f"host {parsed.netloc.decode('ascii')} is not the site's")

    async def fetch(
        self,
        url: str,
        *,
        max_bytes: int | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        spool: bool = False,
    ) -> Fetched:
        """GET a URL with retries. Conditional when etag/last_modified are given. With `spool`,
        a body the crawl does not read for links is kept in a temporary file (archive/spool.py),
        and the caller closes it."""
        try:
            self.check_url(url)
        except RefusedURL as error:
            error.attempts = 0  # never requested
            raise
        cap = self.settings.max_page_bytes if max_bytes is None else max_bytes
        # Validators go back byte for byte as they came (latin-1, as they were read): an ETag
        # may hold any octet HTTP allows, and httpx would refuse a str beyond ASCII.
        headers: dict[bytes, bytes] = {}
        if etag:
            headers[b"If-None-Match"] = etag.encode("latin-1", "replace")
        if last_modified:
            headers[b"If-Modified-Since"] = last_modified.encode("latin-1", "replace")
        budget = Budget(url, self.settings, self._clock)
        retrying = AsyncRetrying(
            stop=budget.stop,
            wait=lambda state: budget.wait(state, self._backoff(state)),
            retry=retry_if_exception_type(RETRYABLE),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    budget.attempts += 1
                    if budget.attempts > 1:
                        self.retries += 1
                    fetched = await self._once(url, headers, cap, budget, spool)
        except FetchError as error:
            error.attempts = budget.attempts
            error.elapsed = budget.elapsed()
            if budget.gave_up:
                error.explain(budget.gave_up)
            elif error.attempts > 1:
                error.explain(f"after {error.attempts} attempts in {error.elapsed:.0f} s")
            raise
        return Fetched(
            **{**fetched.__dict__, "attempts": budget.attempts, "elapsed": budget.elapsed()}
        )

    def _backoff(self, state: RetryCallState) -> float:
        """Exponential backoff with jitter (Retry-After, when given, is the budget's call)."""
        s = self.settings
        backoff = min(s.backoff_max, s.backoff_base * 2 ** (state.attempt_number - 1))
        return backoff * (0.5 + random.random() / 2)  # jitter: 50-100% of the backoff

    async def _once(
        self, url: str, headers: dict[bytes, bytes], cap: int, budget: Budget, spool: bool
    ) -> Fetched:
        if self._before_request is not None:
            await self._before_request()
        fetched_at = datetime.now(UTC)
        s = self.settings
        # The last attempt gets what is left of the URL's budget, if that is less.
        limit, why = s.total_timeout, "total_timeout"
        if budget.left() < limit:
            limit, why = max(0.001, budget.left()), "url_time_budget"
        # the status and bytes so far, once the headers are in (and the answer as far as it
        # came, where the total timeout cut its body)
        arrived: dict[str, Any] = {}
        try:
            async with asyncio.timeout(limit):
                try:
                    return await self._exchange(url, headers, cap, fetched_at, spool, arrived)
                finally:
                    budget.answered = budget.answered or bool(arrived)
        except RetryableStatus as error:  # every 429, even one retried into a 200
            if self._slow_down and asks_to_slow_down(error.status, error.retry_after):
                self._slow_down(url, error.status)
            raise
        except RefusedURL as error:  # the address a connection was to go to (dialer.py)
            log.warning("%s: not connected to: %s", url, error.why)
            raise RefusedURL(url, error.why) from error
        except TimeoutError as error:
            if not arrived and why == "url_time_budget" and budget.answered:
                message = (
                    f"timed out after {limit:.3g} s, what was left of its time ({why}), the"
                    " site having answered it before"
                )
                raise BudgetSpent(url, message) from error
            if arrived:  # an answer, cut off mid-body: not "no answer"
                message = (
                    f"timed out after {limit:.3g} s with the body of a {arrived['status']}"
                    f" still arriving ({arrived['bytes']} bytes in): the total timeout ({why})"
                )
                slow = SlowBody(url, message)
                slow.response = arrived.get("cut")  # archived, with WARC-Truncated: time
                raise slow from error
            message = f"timed out after {limit:.3g} s: the total timeout ({why})"
            raise TotalTimeout(url, message) from error
        except httpx.TimeoutException as error:
            raise TransportError(url, timeout_message(error, s)) from error
        except httpx.TransportError as error:
            name = type(error).__name__
            detail = str(error).strip()
            raise TransportError(url, f"{name}: {detail}" if detail else name) from error

    async def _exchange(
        self,
        url: str,
        headers: dict[bytes, bytes],
        cap: int,
        fetched_at: datetime,
        spool: bool,
        arrived: dict[str, Any],
    ) -> Fetched:
        async with self._client.stream("GET", url, headers=headers) as response:
            arrived.update(status=response.status_code, bytes=0)
            declared = response.headers.get("content-length")
            resp_headers = _received_headers(response)

            def cut(error: FetchError, received: bytes, why: str) -> FetchError:
                """The error, carrying the answer as far as it came (archived with
                WARC-Truncated: its status, headers and bytes were lost, helper-206)."""
                error.response = _answer(url, response, resp_headers, received, fetched_at, why)
                return error

            if declared and declared.isdigit() and int(declared) > cap:
                over = TooLarge(url, f"Content-Length {declared} is over the cap of {cap} bytes")
                raise cut(over, b"", "length")
            # Decoded as it streams, once, under the cap; a retry needs no body decoded.
            # A body that cannot be decoded is still read whole, as received, under the cap:
            # it is archived (DESIGN: every response is in a WARC), and nothing read from it.
            decoder, undecodable = None, None
            if response.status_code not in RETRY_STATUSES:
                try:
                    decoder = Decoder(resp_headers, cap)
                except ValueError as error:
                    undecodable = BadEncoding(url, f"undecodable body: {error}")
            # One growing buffer, not a list of chunks joined at the end: a body near the cap
            # is then held once, not twice (BytesIO hands its buffer over without a copy).
            # A document nobody reads for links goes to a temporary file instead.
            content_type = response.headers.get("content-type", "")
            spooled = spool and decoder is not None and decoder.identity
            buffer = Spool() if spooled and not reads_links(content_type) else io.BytesIO()
            size = 0
            try:
                async for chunk in response.aiter_raw():
                    size += len(chunk)
                    if size > cap:  # kept up to the cap exactly (a document's spool: not)
                        over = TooLarge(url, f"body is over the cap of {cap} bytes")
                        head = chunk[: cap - (size - len(chunk))]
                        raise cut(over, _so_far(buffer, head), "length")
                    buffer.write(chunk)
                    arrived["bytes"] = size
                    if decoder is not None and not decoder.identity:
                        try:
                            _feed(url, decoder, chunk)
                        except BadEncoding as error:
                            decoder, undecodable = None, error
            except httpx.RemoteProtocolError as error:
                # Only here, with the headers in, is an early end a cut body; before the
                # headers ("disconnected without sending a response") it is a transport error.
                early = TruncatedBody(url, f"connection ended early: {error}")
                received = _so_far(buffer)
                buffer.close()
                raise cut(early, received, "disconnect") from error
            except asyncio.CancelledError:  # the total timeout: kept as far as it came
                received = _so_far(buffer)
                arrived["cut"] = _answer(url, response, resp_headers, received, fetched_at, "time")
                buffer.close()
                raise
            except BaseException:
                buffer.close()
                raise
            promised = int(declared) if declared and declared.isdigit() else 0
            if size < promised and response.status_code not in NO_BODY_STATUSES:
                short = TruncatedBody(url, f"{size} of {declared} bytes received")
                received = _so_far(buffer)
                buffer.close()
                raise cut(short, received, "disconnect")
            stream = response.extensions.get("network_stream")
            peer = stream.get_extra_info("server_addr") if stream is not None else None
        raw = buffer if isinstance(buffer, Spool) else buffer.getvalue()
        del buffer
        ip = peer[0] if isinstance(peer, tuple) else None
        answer = _answer(url, response, resp_headers, raw, fetched_at, ip=ip)
        if response.status_code in RETRY_STATUSES:  # before decoding: a retry needs no body
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            # The answer rides along: when it is the last one, the crawl archives it.
            raise RetryableStatus(url, response.status_code, retry_after, answer)
        if decoder is not None and decoder.identity:
            return replace(answer, body=raw)
        if decoder is not None:
            try:
                return replace(answer, body=_feed(url, decoder, None))
            except BadEncoding as error:
                undecodable = error
        assert undecodable is not None
        undecodable.response = answer  # archived as it came, as a 503's last answer is
        raise undecodable


def _answer(
    url: str,
    response: httpx.Response,
    headers: list[tuple[str, str]],
    raw: bytes | Spool,
    fetched_at: datetime,
    truncated: str | None = None,
    ip: str | None = None,
) -> Fetched:
    """The exchange as it happened, its body not yet decoded."""
    return Fetched(
        url=url,
        method="GET",
        request_headers=[
            (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.request.headers.raw
        ],
        http_version=response.http_version,
        status=response.status_code,
        reason=response.reason_phrase,
        headers=headers,
        raw=raw,
        body=b"",
        fetched_at=fetched_at,
        ip=ip,
        truncated=truncated,
    )


def _so_far(buffer: io.BytesIO | Spool, head: bytes = b"") -> bytes:
    """What came of a body cut short (and `head`, the part of the last chunk within the cap);
    a document's spool is not kept (its file is dropped)."""
    return b"" if isinstance(buffer, Spool) else buffer.getvalue() + head
