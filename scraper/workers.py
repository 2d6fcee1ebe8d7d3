"""A crawl's pages read in worker processes, for `isecg reparse`: extraction is CPU-bound and
each page's reading (harvest.read_alone) depends on no other page's.

The builder hands over the captures in its order; workers read each from its WARC record and
extract it; the results come back in that same order, and the builder gathers them exactly as
it gathers pages it read itself (harvest.note), so the records are the same whatever the
number of workers. At most WINDOW_PER_WORKER batches a worker are out at a time: memory
stays flat however many pages a crawl has.

One thing a page's reading depends on is outside it: whether REST gave its post whole
(`covered`: the heavier generic reader is then not run). Each capture goes out with that
answer for its own post id, as the builder knows it when sending, and REST answers (which
come first) are all gathered before a capture with a post id is sent. The captures before
the first one (the home page, lists, documents, assets: their reading cannot depend on
REST) go out while REST is read, so no worker waits idle through the long REST answer.
Should a page's answer have changed by the time it is gathered, the builder reads that page
again itself.

A document is read once per reparse: a crawl's revisit of an unchanged document points at
the original's WARC record, whose text an earlier crawl's build already read. What a record
gave waits in a temporary file (`documents`), by record and URL, for the later crawls.

Workers are forked: they start with everything imported and nothing to pickle but the
captures and what they gave.

`read` (a capture's body from its WARC record) is the build's too, and the crawl's early
reader's (scraper/early.py), whose worker imports this module and no pool.
"""

from __future__ import annotations

import gc
import io
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from archive import store, urls
from archive.captures import Readable, same_bytes
from archive.decode import content_codings, decoded_payload
from archive.documents import ReadBefore
from archive.spool import SPOOL_BYTES
from archive.warc_read import DAMAGED, UnreadableRecord, read_record, spool_payload
from scraper import extract
from scraper.extract.templates import Templates
from scraper.extract.types import News
from scraper.harvest import Page, Reading, learn_page, read_alone
from scraper.spill import Spilled

BATCH = 8  # captures per task: fewer round trips, and still a fair share for each worker
WINDOW_PER_WORKER = 3  # batches out per worker: workers never wait, results never pile up


@dataclass(frozen=True)
class Task:
    """What a worker needs to read a batch of one crawl's captures."""

    warc_dir: Path
    site: str
    templates: Templates
    # Each capture with the post ids among its own that REST gave whole (extract's `covered`);
    # None for one whose reading the builder has already (a document read by an earlier crawl).
    captures: list[tuple[Readable, frozenset[int]] | None]
    # A reparse's documents as the archive held them (archive/earlier_reads.py): a file whose
    # bytes were read by today's reader is not read again
    read_before: ReadBefore | None = None


def worker_count() -> int:
    """The CPUs this process may run on: no pool on one."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Readers:
    """A pool of forked worker processes, for one reparse. Use as a context manager."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        extract.warm_up()  # before the workers are forked (on the first task): they inherit it
        # Imported here: the early reader's worker imports this module and needs no pool.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        # document_key -> (content type, record): documents read, for later crawls' revisits
        self.documents: Spilled[tuple[str, dict[str, Any]]] = Spilled()
        # What exists now is left out of garbage collection until the pool is done: a worker's
        # collector would otherwise write to every object it inherited, copying the memory
        # the fork shares page by page.
        gc.freeze()

    def __enter__(self) -> Readers:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
        self.documents.close()

    def read(
        self,
        captures: Iterable[Readable],
        task: Callable[[list[tuple[Readable, frozenset[int]] | None]], Task],
        covered: Callable[[Readable], frozenset[int]],
        is_rest: Callable[[Readable], bool],
        has_post: Callable[[Readable], bool],
        already: Callable[[Readable], Reading | None],
    ) -> Iterator[list[tuple[Readable, frozenset[int], Reading]]]:
        """Batches of (capture, the covered ids it was sent with, its reading), in the order of
        `captures`.

        `covered(capture)`: the post ids of the capture that REST gave whole, asked when the
        capture is sent. `is_rest(capture)`: a REST answer, all of which are gathered (the
        caller consumes what this yields) before a capture with a post id (`has_post`) is
        sent: `covered` is asked of those only once it is whole. `already(capture)`: its
        reading when the caller has it (no worker reads it again).
        """
        Sent = list[tuple[Readable, frozenset[int], Reading | None]]
        out: deque[tuple[Sent, Future[list[Reading | None]]]] = deque()
        window = self.workers * WINDOW_PER_WORKER
        batch: list[Readable] = []
        # How many entries at the head of `out` to gather before a capture with a post id is
        # sent: up to the last REST answer sent (those come first; any later one is waited for)
        rest_out = 0

        def send() -> None:
            items = [(capture, covered(capture), already(capture)) for capture in batch]
            work = [None if known else (capture, ids) for capture, ids, known in items]
            out.append((items, self._pool.submit(read_batch, task(work))))
            batch.clear()

        def gathered() -> list[tuple[Readable, frozenset[int], Reading]]:
            nonlocal rest_out
            items, future = out.popleft()
            rest_out = max(rest_out - 1, 0)
            return [
                (capture, ids, known or _read(reading))
                for (capture, ids, known), reading in zip(items, future.result(), strict=True)
            ]

        for capture in captures:
            if is_rest(capture):  # REST answers are few and long: one a task
                if batch:
                    send()
                batch.append(capture)
                send()
                rest_out = len(out)
            else:
                if rest_out and has_post(capture):
                    if batch:
                        send()
                    while rest_out:  # every REST answer gathered: `covered` is whole from here
                        yield gathered()
                batch.append(capture)
                if len(batch) < BATCH:
                    continue
                send()
            while len(out) >= window:
                yield gathered()
        if batch:
            send()
        while out:
            yield gathered()

    def learn(
        self, pages: list[tuple[Readable | None, News]], warc_dir: Path, site: str
    ) -> list[dict[str, str] | None]:
        """harvest.learn_page of each (capture, its post's REST record), in order: the pages
        a crawl's templates are learned from, shared out between the workers."""
        if not pages:
            return []
        size = -(-len(pages) // self.workers)  # one batch a worker
        batches = [pages[i : i + size] for i in range(0, len(pages), size)]
        futures = [self._pool.submit(learn_batch, warc_dir, site, batch) for batch in batches]
        return [taught for future in futures for taught in future.result()]


def learn_batch(
    warc_dir: Path, site: str, pages: list[tuple[Readable | None, News]]
) -> list[dict[str, str] | None]:
    """In a worker: harvest.learn_page of each capture, read from its WARC record."""
    return [
        learn_page(read(warc_dir, capture, site) if capture else None, record)
        for capture, record in pages
    ]


def _read(reading: Reading | None) -> Reading:
    assert reading is not None  # a worker reads every capture it was given
    return reading


def covered_ids(capture: Readable, site: str | None, covered: set[int]) -> frozenset[int]:
    """The capture's own post id if REST gave that post whole: all its reading needs to know
    of `covered`, the post ids REST gave whole."""
    wp_id = post_of(capture, site)
    return frozenset({wp_id}) if wp_id is not None and wp_id in covered else frozenset()


def post_of(capture: Readable, site: str | None) -> int | None:
    """The post id the capture's URL names, or None: a capture without one is read the same
    whatever REST gave."""
    return urls.post_id(page_url(capture, site))


def page_url(capture: Readable, site: str | None) -> str:
    """A Wayback capture's URL (http, /wordpress/, a :80) is read as its canonical form on
    `site`, the form our own captures have."""
    if capture.source == "wayback" and site:
        return urls.canonical(capture.url, site)
    return capture.url


def document_key(capture: Readable, url: str) -> str | None:
    """Which document reading a capture's would be the same as: its WARC record (the
    original's, for a revisit) and its URL. None when it has no record to read."""
    if capture.kind != "document" or not capture.warc_file or capture.warc_offset is None:
        return None
    return f"{capture.warc_file}:{capture.warc_offset}:{url}"


def read_batch(task: Task) -> list[Reading | None]:
    """In a worker: each capture read from its WARC record and read alone (None where the
    builder has its reading already)."""
    readings: list[Reading | None] = []
    for item in task.captures:
        if item is None:
            readings.append(None)
            continue
        capture, covered = item
        page: Page = read(task.warc_dir, capture, task.site)
        readings.append(read_alone(page, task.site, task.templates, covered, task.read_before))
    return readings


def read(warc_dir: Path, capture: Readable, site: str | None = None) -> Page:
    """One capture as the extractors read it: its body decoded from its WARC record, its URL
    as page_url gives it. A record that cannot be read back (damaged, cut short, its file
    gone) gives a Page with the error, a problem of that capture alone: a crawl's build goes
    on, and what the archive holds from that record stays as it was (reparse, which would
    lose it, stops instead: scraper/build.py)."""
    try:
        return _read_page(warc_dir, capture, site)
    except UnreadableRecord as error:
        # the same bytes kept intact elsewhere: the answer a later crawl fetched again whole
        # (visit.py mends a damaged copy so). Read there, as this capture's.
        if capture.warc_file and capture.warc_offset is not None:
            for name, offset, _ in same_bytes(
                warc_dir.parent / "isecg.db", capture.warc_file, capture.warc_offset
            ):
                try:
                    return _read_page(
                        warc_dir, replace(capture, warc_file=name, warc_offset=offset), site
                    )
                except UnreadableRecord:
                    continue
        seen = store.Seen(capture.crawl_id, capture.id, capture.fetched_at)
        status = capture.status or 0
        return Page(capture.url, capture.kind, status, "", b"", seen, f"{DAMAGED}{error}")


def _read_page(warc_dir: Path, capture: Readable, site: str | None) -> Page:
    seen = store.Seen(capture.crawl_id, capture.id, capture.fetched_at)
    if capture.source == "wayback" and site:
        capture = replace(capture, url=page_url(capture, site))
    status = capture.status or 0
    if status not in (200, 304) or not capture.warc_file or capture.warc_offset is None:
        return Page(capture.url, capture.kind, status, "", b"", seen)
    if capture.outcome == "error":  # archived as received, but its body cannot be decoded
        return Page(capture.url, capture.kind, status, "", b"", seen)
    if capture.kind == "document":
        # Documents are read from a spooled file: a 50 MB PDF is never held whole.
        headers, spool = spool_payload(warc_dir, capture.warc_file, capture.warc_offset)
        if not content_codings(headers):
            content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
            if spool.seek(0, io.SEEK_END) > SPOOL_BYTES:
                spool.seek(0)
                return Page(capture.url, capture.kind, status, content_type, b"", seen, spool=spool)
            # A small one is in memory already: as bytes, pypdf reads it without going
            # through the spool's Python methods for every few bytes (a tenth of its time).
            spool.seek(0)
            body = spool.read()
            spool.close()
            return Page(capture.url, capture.kind, status, content_type, body, seen)
        payload = spool.read()  # compressed in transit (rare for a PDF): decoded in memory
        spool.close()
    else:
        _, _, headers, payload = read_record(warc_dir, capture.warc_file, capture.warc_offset)
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
    try:
        body = decoded_payload(headers, payload)  # capped at archive.decode.DEFAULT_DECODE_CAP
    except ValueError as error:
        return Page(capture.url, capture.kind, status, content_type, b"", seen, str(error))
    return Page(capture.url, capture.kind, status, content_type, body, seen)
