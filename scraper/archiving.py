"""What a crawl keeps of one answer: its WARC record (a revisit record when the answer only
confirms the archived copy), its capture row and counters, and what it points at. The crawl
loop (scraper/crawl.py) records what this returns and queues what it found."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from archive.crawl_state import CrawlStore, Previous
from archive.decode import decoded_payload
from archive.warc import WarcLocation, WarcWriter
from archive.warc_read import UnreadableRecord, http_headers_at, read_record
from scraper.discover import Discovery, discover, reads_links
from scraper.frontier import Found
from scraper.http import Fetched
from scraper.records import (
    capture_row,
    counts_for,
    exchange_of,
    failed_answer,
    original_of,
    revisit_profile,
)
from scraper.redirects import TOO_MANY_REDIRECTS, Refusal, follow
from scraper.requisites import same_bytes
from scraper.settings import Settings

REDIRECTS = (301, 302, 303, 307, 308)

log = logging.getLogger("isecg.crawl")


@dataclass
class Kept:
    capture: dict[str, Any]
    counts: dict[str, int]
    found: Discovery
    status: int  # as the answer stands now: 200 for a revisit of an archived 200
    body: bytes  # b"" for a document never held in memory, or a revisit nobody reads
    refusals: list[dict[str, Any]] = field(default_factory=list)  # redirects not followed
    rest_used: bool = False


class Archiver:
    def __init__(self, settings: Settings, site: str, store: CrawlStore, warc: WarcWriter) -> None:
        self.s, self.site, self.store, self.warc = settings, site, store, warc
        self._lock = asyncio.Lock()

    async def write(self, write: Callable[..., WarcLocation], *args: Any) -> WarcLocation:
        """Write WARC records in a thread, one at a time: the fsync that makes each record
        durable before it is indexed then does not stall the other requests in flight."""
        async with self._lock:
            return await asyncio.to_thread(write, *args)

    async def keep_failed(self, last: Fetched, capture: dict[str, Any]) -> dict[str, Any]:
        """The server's last answer to a URL that failed (a 503...), kept like any other."""
        cut = {"WARC-Truncated": last.truncated} if last.truncated else None
        location = await self.write(self.warc.write, exchange_of(last), cut)
        return capture | failed_answer(last, location)

    async def keep(
        self, item: Found, fetched: Fetched, previous: Previous | None, base: dict[str, Any]
    ) -> Kept:
        exchange = exchange_of(fetched)
        outcome, body, content_type = "ok", fetched.body, fetched.content_type
        headers = {k.lower(): v for k, v in fetched.headers}
        own = previous  # this URL's last answer, if it had one
        previous = same_bytes(self.store, item, fetched, previous, self.s.full)
        if previous and (profile := revisit_profile(fetched, previous)):
            # Discovery still runs on the archived copy, so a REST walk or a list page
            # that did not change still leads to everything behind it. It is read before the
            # revisit is written: a copy that cannot be read back is nobody's original.
            try:
                archived, content_type, body = self._archived_copy(item, previous)
            except UnreadableRecord:
                self.store.damaged.add(previous.capture_id)
                if fetched.status == 304:
                    raise  # no bytes in hand: the crawl asks again, unconditionally
                return await self.keep(item, fetched, None, base)  # the bytes in hand, whole
            location = await self.write(
                self.warc.write_revisit, exchange, *original_of(previous), profile
            )
            outcome = "unchanged"
            headers = archived | headers
        else:
            location = await self.write(self.warc.write, exchange)
        found = Discovery()
        if isinstance(body, bytes) and (fetched.status == 200 or outcome == "unchanged"):
            try:
                found = discover(
                    item.url, content_type, body, headers, self.site, self.s.max_rest_pages
                )
            except Exception as error:  # archived already: kept, with its place in the WARC
                log.warning("the links of %s could not be read: %r", item.url, error)
            if found.rest_root:
                found.add(found.rest_root, "link")
        refusals: list[dict[str, Any]] = []
        chain_end: dict[str, str] = {}  # why this redirect ends a chain, on its own row
        if fetched.status in REDIRECTS:
            found.found += self._redirect(item, fetched, base["fetched_at"], refusals, chain_end)
        capture = capture_row(base, fetched, location, outcome, body, content_type, previous)
        capture |= chain_end
        return Kept(
            capture=capture,
            # An asset with another URL's bytes is a revisit of that URL's capture, but new
            # here: it is not counted unchanged (a first crawl said "38 unchanged").
            counts=counts_for(item.kind, fetched, outcome, elsewhere=previous is not own),
            found=found,
            status=200 if outcome == "unchanged" else fetched.status,
            body=body
            if isinstance(body, bytes)
            else b"",  # a spooled document: its fetcher closes it
            refusals=refusals,
            rest_used=item.kind == "rest" and fetched.status == 200 and "json" in content_type,
        )

    def _archived_copy(self, item: Found, previous: Previous) -> tuple[dict[str, str], str, bytes]:
        """(lower-cased headers, content type, body) of the copy a revisit stands for. Only a
        body discovery reads (robots.txt, pages, feeds, REST, CSS) is read back, for its links:
        an image's or a document's is not (its digest is the original's row's)."""
        where = (self.s.warc_dir, previous.warc_file, previous.warc_offset)
        archived = http_headers_at(*where)
        headers = {k.lower(): v for k, v in archived}
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if not reads_links(content_type) and item.kind != "robots":
            return headers, content_type, b""
        _, _, _, payload = read_record(*where)
        return headers, content_type, decoded_payload(archived, payload, self.s.max_document_bytes)

    def _redirect(
        self,
        item: Found,
        fetched: Fetched,
        now: str,
        refusals: list[dict[str, Any]],
        chain_end: dict[str, str],
    ) -> list[Found]:
        location = fetched.header("location")
        step = follow(item, location, self.site, self.s.max_redirects) if location else None
        if isinstance(step, Refusal) and step.error_class == TOO_MANY_REDIRECTS:
            # Said on this redirect's row and in the log (a chain past the cap was dropped
            # without a word). Not a refused row of the target's own: the target is on the
            # site, and a row for it would stand for its capture, were a link to lead there.
            said = f"redirect to {step.target} {step.why}"
            chain_end.update(error_class=step.error_class, error=said)
            log.warning("%s: %s", item.url, said)
        elif isinstance(step, Refusal):
            refusals.append(
                {
                    "url": step.target[:2000],  # a data: URL may be as long as a page
                    "kind": item.kind,
                    "fetched_at": now,
                    "outcome": "refused",
                    "error_class": step.error_class,
                    "error": f"redirect from {item.url} {step.why}",
                }
            )
        return [step] if isinstance(step, Found) else []
