"""The crawl loop: persisted frontier -> fetch -> WARC -> capture index -> discover -> frontier.

One crawl per data directory (CrawlLock). A crawl left `running` by a dead process is resumed
by the next `isecg crawl`: its frontier is in SQLite, and every capture was committed together
with its frontier entry, so nothing is fetched or counted twice. Here the loop: which URL is
visited when, by which worker; one URL's visit is scraper/visit.py.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlite_utils

from archive import templates as templates_table
from archive import urls
from archive.captures import readable_capture
from archive.crawl_state import CrawlStore, Previous, resumes_full
from archive.db import open_db
from archive.spool import Spool, close_spooled
from archive.warc import WarcWriter, crawl_prefix
from archive.warc_check import repair_tails
from scraper import __version__
from scraper.addresses import check_site, check_site_resolves
from scraper.ahead import Ahead
from scraper.archiving import Archiver
from scraper.early import EarlyReader
from scraper.errors import CrawlFailed, Terminated
from scraper.frontier import Found
from scraper.http import Fetched, Fetcher
from scraper.interrupt import ctrl_c_ignored, interruptible, stopped, what_was_left
from scraper.limits import Limits, give_large_buffers_back
from scraper.lock import CrawlLock
from scraper.logs import crawl_log
from scraper.notify import notify_crawl, notify_failure
from scraper.outcome import CrawlResult, Facts, concluded
from scraper.politeness import RateLimiter, Robots
from scraper.progress import Progress
from scraper.records import settings_record
from scraper.settings import Settings
from scraper.visit import Visitor, storage_failed
from scraper.worklist import WorkQueue, seeds

if TYPE_CHECKING:  # loaded while the crawl fetches (scraper/ahead.py)
    from scraper.build import BuildReport

log = logging.getLogger("isecg.crawl")

__all__ = ["CrawlResult", "crawl"]


def crawl(
    settings: Settings,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> CrawlResult:
    """Run (or resume) a crawl of settings.site into settings.data_dir. `clock` and `sleep`
    drive every wait (spacing, retries, --max-time): tests record them, never sleeping (but
    for the 1 ms each answer's archiving yields to the next request, which none counts)."""
    check_site(settings.site)
    check_site_resolves(settings.site)
    give_large_buffers_back()  # bounded memory whatever the bodies' sizes (docs/trust.md)
    with CrawlLock(settings.lock_path), Ahead() as ahead:  # TLS roots load as the db opens
        db = open_db(settings.db_path)
        try:
            if resumes_full(db):  # before the crawler's parts read `settings`
                settings = settings.but(full=True)
            crawler = Crawler(settings, db, ahead, clock=clock, sleep=sleep)
            try:
                result = asyncio.run(crawler.run())
            except KeyboardInterrupt as stop:
                with ctrl_c_ignored():  # a second Ctrl-C here left "isecg: " and nothing more
                    left = stopped(stop, what_was_left(db, crawler.crawl_id))
                    if isinstance(left, Terminated) and settings.notify_url:  # a time limit's
                        notify_failure(settings.notify_url, settings, db, crawler.crawl_id, left)
                    db.close()
                raise left from stop
            except Exception as error:
                if settings.notify_url:  # never raises: the crawl's own error goes on up
                    notify_failure(settings.notify_url, settings, db, crawler.crawl_id, error)
                raise
            if settings.notify_url:  # on failure, or when records changed; never raises
                notify_crawl(settings.notify_url, settings, db, result.counts)
            return result
        finally:
            db.close()


class Crawler(Visitor):
    def __init__(
        self,
        settings: Settings,
        db: sqlite_utils.Database,
        ahead: Ahead,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.s, self.ahead = settings, ahead
        self.site = urls.canonical(settings.site, settings.site)
        self.store = CrawlStore(db)
        self.crawl_id = 0
        self.robots = Robots.allow_all()
        self.clock, self.sleep = clock, sleep
        self.limiter = RateLimiter(settings.delay, clock, sleep, settings.slow_down_max)
        self.limits = Limits(settings, clock)
        self.requests = 0
        self._archiving: set[asyncio.Task[tuple[int, bytes]]] = set()
        self._archive_slots = asyncio.Semaphore(max(1, settings.concurrency))
        # Documents (up to five times a page's cap) one at a time, from request to WARC, in a
        # lane of their own one worker works through: memory bounded, pages never waiting.
        self._documents: deque[Found] = deque()
        self._document_worker = False
        self._failures: list[BaseException] = []
        self.seconds: dict[str, float] = {}  # each phase's wall time (make bench)
        self.first_request: float | None = None
        self.early: EarlyReader | None = None

    async def run(self) -> CrawlResult:
        s = self.s
        unfinished = self.store.unfinished_crawl()
        resumed = unfinished is not None
        if unfinished is not None:
            self.crawl_id = unfinished
            self.store.mark_resumed(unfinished, s.accept_counts)
        else:
            self.crawl_id = self.store.start(self.site, s.full, settings_record(s))
        with crawl_log(s.data_dir, self.crawl_id, s.log_format):
            log.info(
                "crawl %d %s: %s",
                self.crawl_id,
                "resumed" if resumed else "started",
                self.site,
                extra={"crawl_id": self.crawl_id},
            )
            if resumed:  # killed mid-record, maybe: its files cut back to whole records
                repair_tails(s.warc_dir, self.crawl_id)
            try:
                return await self._run(resumed)
            except (KeyboardInterrupt, asyncio.CancelledError):  # Ctrl-C: in the crawl's log too
                log.warning("crawl %d interrupted", self.crawl_id)
                raise
            except Exception as error:
                if storage_failed(error):  # left running: resumed once there is room again
                    log.error("crawl %d stopped: %s", self.crawl_id, error)
                    raise CrawlFailed(
                        f"crawl {self.crawl_id} stopped: {error}; `isecg crawl` resumes it"
                        " once the disk can take more"
                    ) from error
                # Not a kill (that leaves the crawl running, to resume): a failure to report.
                log.exception("crawl %d failed", self.crawl_id)
                message = f"{type(error).__name__}: {error}"
                self.store.finish(self.crawl_id, "failed", message)
                raise CrawlFailed(f"crawl {self.crawl_id} failed: {message}") from error

    async def _run(self, resumed: bool) -> CrawlResult:
        s = self.s
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        started = time.monotonic()
        with self._early_reader() as self.early:
            with WarcWriter(
                s.warc_dir,
                prefix=crawl_prefix(stamp, self.crawl_id),
                max_bytes=s.warc_max_bytes,
                software=f"isecg-archive/{__version__}",
                info={"isPartOf": f"isecg crawl {self.crawl_id}", "operator": s.user_agent},
            ) as warc:
                self.archiver = Archiver(s, self.site, self.store, warc)
                async with Fetcher(
                    s,
                    before_request=self._before_request,
                    sleep=self.sleep,
                    clock=self.clock,
                    slow_down=self.limiter.slow_down,
                ) as self.fetcher:
                    with Progress(s.progress) as self.progress:
                        await self._crawl(resumed)
                        fetched = time.monotonic()
            closed = time.monotonic()
            with interruptible():  # the fetch is over: nothing awaits from here
                if self.early is not None:
                    self.early.finish()
                # Extraction reads the WARC files just written, as `isecg reparse` will: what
                # the early reader read while the crawl fetched, it read from the same records.
                db, site, build = self.store.db, self.site, self.ahead.build()
                report = build(db, s.warc_dir, self.crawl_id, site, early=self.early)
            if self.early is not None and self.early.taken:
                log.info(
                    "crawl %d: %d captures read while the crawl fetched (the reader's peak: %s MB)",
                    self.crawl_id,
                    self.early.taken,
                    "?" if self.early.peak_mb is None else f"{self.early.peak_mb:.0f}",
                    extra={"crawl_id": self.crawl_id},
                )
        # For `make bench`: the fetch spans the first request to the last answer archived, as
        # Scrapy's span is taken; opening the client and the WARC file, and closing them, are
        # timed apart (the whole command counts everything).
        first = self.first_request or fetched
        self.seconds = {
            "setup": first - started,
            "fetch": fetched - first,
            "close": closed - fetched,
            "extract": time.monotonic() - closed,
        }
        return self._finish(resumed, report)

    def _early_reader(self) -> EarlyReader | nullcontext[None]:
        if not self.s.read_early:
            self.s.early_readings_path.unlink(missing_ok=True)  # a killed crawl's
            return nullcontext()
        known = templates_table.load(self.store.db, self.site, self.crawl_id)
        return EarlyReader(
            self.s.warc_dir,
            self.site,
            known,
            lambda capture_id: readable_capture(self.store.db, capture_id),
            self.s.early_readings_path,
            ready=self.ahead.build_modules_ready,
        )

    async def _before_request(self) -> None:
        await self.limiter.wait()
        if self.first_request is None:
            self.first_request = time.monotonic()
            # while this process waits on the network
            self.ahead.load_build_modules(byline_patterns=not self.s.read_early)

    async def _crawl(self, resumed: bool) -> None:
        robots_url = self._url("/robots.txt")
        self.limits.guard.load(self.store.frontier_urls(self.crawl_id))
        asked = asyncio.create_task(self._robots(robots_url))
        # A timer, not sleep(0): the loop takes robots.txt's request as far as the network
        # lets it before what earlier crawls left is read, while it is answered.
        await asyncio.sleep(0.001)
        try:
            carried = [*self.store.known_urls(), *self.store.left_over(self.crawl_id)]
        except BaseException:
            asked.cancel()
            raise
        self.robots, robots_archived = await asked
        try:
            await self._crawl_by_rules(carried)
        finally:  # its row written before the crawl ends, whatever ended it
            if robots_archived is not None:
                await robots_archived

    async def _crawl_by_rules(self, carried: list[Found]) -> None:
        asked = self.limits.crawl_delay(self.robots)  # kept if robots.txt's 429 slowed us more
        self.limiter.delay = max(0.0, self.s.delay, asked, self.limiter.delay)
        if self.limits.stopped:
            return  # a Crawl-delay over the cap: robots.txt is all this crawl asks for
        self._enqueue(seeds(self.site, self.robots.sitemaps, carried), None)
        queue = WorkQueue()
        for item in self.store.queued(self.crawl_id):
            if item.kind != "robots":  # robots.txt and its redirects: asked above, once
                queue.add(item)
        self.progress.total(queue.qsize())
        workers = [asyncio.create_task(self._worker(queue)) for _ in range(self.s.concurrency)]
        joined = asyncio.ensure_future(queue.join())
        try:
            # A worker only ever ends by raising: whatever it was doing is then never marked
            # done, so waiting for the queue alone would wait for ever.
            await asyncio.wait([joined, *workers], return_when=asyncio.FIRST_COMPLETED)
            for worker in workers:
                if worker.done():
                    worker.result()
            if self._failures:
                raise self._failures[0]
        finally:
            joined.cancel()
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    async def _worker(self, queue: WorkQueue) -> None:
        """Fetch, then hand the answer to an archiving task and fetch the next URL at once:
        the WARC fsync and the parsing then overlap the network wait instead of adding to it."""
        while True:
            item = await queue.next()
            if self._passed_over(item, queue):
                continue
            if item.kind == "document":
                self._documents.append(item)
                if not self._document_worker:
                    await self._documents_in_turn(queue)
                continue
            try:
                answer = await self._fetch_safely(item, queue)
            except BaseException:
                queue.task_done()
                raise
            if answer is None:
                queue.task_done()
                continue
            await self._archive_later(item, answer, queue)
            del answer  # the task holds it; the next fetch must not keep this body alive

    async def _archive_later(
        self, item: Found, answer: tuple[Fetched, Previous | None, dict[str, Any]], queue: WorkQueue
    ) -> None:
        """Archive an answer in a task of its own (at most `concurrency` at a time), which
        marks its item done; a spooled body's temporary file goes once it is in the WARC."""
        try:
            await self._archive_slots.acquire()
        except BaseException:
            close_spooled(answer[0].raw)
            queue.task_done()
            raise

        async def archive() -> tuple[int, bytes]:
            # The worker's next request goes out first: a timer, unlike sleep(0), runs every
            # callback ready (the send path) before it fires (fetch span 2.47 -> 2.38 s).
            try:
                await asyncio.sleep(0.001)
                return await self._archive_safely(item, answer, queue)
            finally:
                close_spooled(answer[0].raw)

        task = asyncio.create_task(archive())
        self._archiving.add(task)
        task.add_done_callback(lambda done: self._archived(done, queue))

    def _passed_over(self, item: Found, queue: WorkQueue) -> bool:
        """True (and the item done with) when this run is not to fetch it."""
        if (
            self._failures  # the crawl is stopping: nothing more is fetched
            or self.limits.time_is_up()
            or (self.s.max_pages is not None and self.requests >= self.s.max_pages)
        ):
            queue.task_done()  # left queued: the next crawl takes it up
            return True
        if self.limits.rest_cut(item):
            self.store.skip(self.crawl_id, item.url, "rest_stopped")
            queue.task_done()
            return True
        return False

    async def _documents_in_turn(self, queue: WorkQueue) -> None:
        """Fetch the waiting documents one after another. One held in memory (compressed in
        transit, or read for links) is archived before the next is fetched, so two are never
        in memory at once; one spooled to a temporary file is archived in a task while the
        next is fetched (measured: a document's WARC write and fsync took 13 ms on average,
        time the lane's slot sat idle)."""
        self._document_worker = True
        try:
            while self._documents:
                item = self._documents.popleft()
                if self._passed_over(item, queue):  # the time may be up by now
                    continue
                try:
                    answer = await self._fetch_safely(item, queue)
                except BaseException:
                    queue.task_done()
                    raise
                if answer is None:
                    queue.task_done()
                elif isinstance(answer[0].raw, Spool):
                    await self._archive_later(item, answer, queue)
                else:
                    try:
                        await self._archive_safely(item, answer, queue)
                    finally:
                        queue.task_done()
                del answer
        finally:
            self._document_worker = False

    def _archived(self, task: asyncio.Task[tuple[int, bytes]], queue: WorkQueue) -> None:
        self._archiving.discard(task)
        self._archive_slots.release()
        queue.task_done()
        if not task.cancelled() and task.exception() is not None:
            self._failures.append(task.exception())  # type: ignore[arg-type]

    def _url(self, path: str) -> str:
        return urls.canonical(path, self.site, self.site)

    def _finish(self, resumed: bool, report: BuildReport) -> CrawlResult:
        answered, home_ok = self.store.answered(self.crawl_id, self.site)
        facts = Facts(
            counts=self.store.crawl(self.crawl_id),
            answered=answered,
            home_ok=home_ok,
            robots_capture=self.store.capture_of(self.crawl_id, self.robots_at),
            robots=self.robots,
            site=self.site,
            stopped=self.limits.stopped,
            left=len(self.store.queued(self.crawl_id)),
            max_pages=self.s.max_pages,
            flags=report.flags,
        )
        return concluded(self.store, self.crawl_id, facts, resumed, report, self.seconds)
