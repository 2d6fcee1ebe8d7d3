"""History backfill from the Internet Archive: `isecg import-wayback`.

List the site's captures through a Wayback CDX API (scraper/cdx.py) onto a persisted work
list, fetch each capture's original bytes (`<wayback>/<timestamp>id_/<url>`), keep them in
`wayback-*.warc.gz` beside our own WARC files under the original URL and capture time
(archive/backfill.py), then rebuild the records in time order (scraper/build.py's reparse),
so Wayback captures and our crawls make one history, each version naming its source.

Polite like the crawl, and resumable: the crawl's lock; the one HTTP client (scraper/http.py),
which may contact the Wayback endpoint and nothing else; one request at a time, at least
`wayback_delay` apart; Retry-After and 429/503 backoff. A Wayback that keeps saying "slow
down", or is down, stops the import (exit 4), its work list kept for the next run; one
capture it cannot give is failed with why, and the import goes on. `--to` defaults to our
first crawl's start: from there on our own captures tell the story.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

import sqlite_utils

from archive import backfill, slices, urls
from archive.backfill import Listed
from archive.db import iso_z, open_db
from archive.spool import Spool, sha256_of
from archive.warc import WarcWriter
from archive.warc_check import repair_tail
from scraper import __version__, cdx
from scraper.addresses import check_site, check_site_resolves
from scraper.build import BuildReport, reparse
from scraper.errors import (
    BadEncoding,
    CrawlFailed,
    FetchError,
    RefusedURL,
    RetryableStatus,
    TooLarge,
    TransportError,
    TruncatedBody,
    UsageError,
    WaitTooLong,
)
from scraper.http import Fetched, Fetcher
from scraper.interrupt import interruptible, stopped
from scraper.lock import CrawlLock
from scraper.politeness import RateLimiter
from scraper.progress import Progress
from scraper.settings import Settings
from scraper.wayback_copy import keep_copy
from scraper.wayback_list import list_captures
from scraper.wayback_urls import (
    captured_at,
    endpoint_settings,
    outside_window,
    replay_url,
    replayed_url,
    same_page,
    unrewritten,
)

log = logging.getLogger("isecg.wayback")
_TAKE_UP = ", run `isecg import-wayback` again later to take it up"
# Errors of one capture's bytes: recorded against it, and the import goes on.
CAPTURE_ERRORS = (BadEncoding, TooLarge, TruncatedBody, RefusedURL)
NO_CONNECTION = ("ConnectError", "ConnectTimeout")  # a TransportError's cause, as it names it
# A 429 or 503 after every retry asks us to wait, and no connection says the Wayback is not
# there: either stops the import at once. Another 5xx (502, 500, 504) may be one capture's
# (the Internet Archive answers so for a record it cannot read): it is failed, with why, once
# the Wayback answers another capture; DOWN_AFTER in a row, or all of a run's, stop it.
SLOW_DOWN = frozenset({429, 503})
DOWN_AFTER = 3


@dataclass
class ImportResult:
    # done; stopped (politely, resumable: exit 4); failed (the CDX API's answer could not be
    # read, exit 1: the captures already on the work list were taken up all the same)
    status: str
    message: str | None = None
    listed: int = 0  # captures the CDX API listed this run
    new: int = 0  # of which not on the work list before
    fetched: int = 0
    failed: int = 0
    retried: int = 0  # failed by earlier runs, asked for again (--retry-failed)
    left: int = 0  # still on the work list in the --from/--to window
    requests: int = 0
    retries: int = 0
    builds: list[tuple[int, BuildReport]] = field(default_factory=list)


def import_wayback(
    settings: Settings,
    *,
    start: str | None = None,
    end: str | None = None,
    max_captures: int | None = None,
    retry_failed: bool = False,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> ImportResult:
    """Backfill settings.data_dir from the Wayback endpoint; start/end are 14-digit timestamps
    (end None: our first crawl's start); `retry_failed` asks again for the captures earlier
    runs marked failed. `clock` and `sleep` drive every wait: tests record."""
    check_site(settings.site)
    for url in (settings.wayback_url, settings.cdx_url):
        check_site(url)
        check_site_resolves(url)
    with CrawlLock(settings.lock_path):
        db = open_db(settings.db_path)
        try:
            job = Backfill(settings, db, clock=clock, sleep=sleep)
            try:
                return asyncio.run(job.run(start, end, max_captures, retry_failed))
            except KeyboardInterrupt as stop:
                raise stopped(stop, job.left_by_ctrl_c()) from stop
        finally:
            db.close()


class Backfill:
    def __init__(
        self,
        settings: Settings,
        db: sqlite_utils.Database,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.s = settings
        self.db = db
        self.site = urls.canonical(settings.site, settings.site)
        self.limiter = RateLimiter(settings.wayback_delay, clock, sleep)
        self.clock, self.sleep = clock, sleep
        self.result = ImportResult("done")
        # Captures that answered 5xx after every retry since the Wayback last answered one:
        # (capture, error). Failed once another answers; DOWN_AFTER in a row stop.
        self.erring: list[tuple[Listed, str]] = []
        self.answered = False  # whether the Wayback answered a capture (not 5xx) this run
        self.rebuilding = False  # in the rebuild at the end (what a Ctrl-C leaves)
        self.window: tuple[str | None, str | None] = (None, None)  # 14-digit start, end

    async def run(
        self,
        start: str | None,
        end: str | None,
        max_captures: int | None,
        retry_failed: bool = False,
    ) -> ImportResult:
        s, result = self.s, self.result
        if end is None and (first := backfill.first_crawl_start(self.db)):
            end = backfill.as_timestamp(first)
            if start and start > end:  # a query no capture answers: "done", 0 listed
                raise UsageError(
                    f"--from is after our first crawl ({first[:10]}), where --to stops by"
                    " default: give --to as well"
                )
        self.window = (start, end)
        self._repair_tails()
        if slices.reslice_all(self.db, self.site):  # an archive sliced as it was fetched
            log.info("the backfill's slices cut again in capture-time order: to be built again")
        async with Fetcher(
            endpoint_settings(s), self.limiter.wait, sleep=self.sleep, clock=self.clock
        ) as fetcher:
            unlisted = await self._list(fetcher, start, end)
            if retry_failed:
                result.retried = backfill.requeue_failed(self.db, start, end)
                log.info("%d captures marked failed asked for again", result.retried)
            work = backfill.queued(self.db, start, end)
            todo = work[:max_captures] if max_captures is not None else work
            log.info("%d captures to fetch of %d on the work list", len(todo), len(work))
            if unlisted:  # an earlier run's list is still worth taking up: the replay may work
                log.warning("%s; taking up the %d already on the work list", unlisted[1], len(todo))
            writer = WarcWriter(
                s.warc_dir,
                backfill.WARC_PREFIX,
                s.warc_max_bytes,
                f"isecg-archive/{__version__} import-wayback",
                {"isPartOf": "isecg-archive", "description": f"copies from {s.wayback_url}"},
            )
            with writer, Progress(s.progress, "wayback", every=25) as progress:
                progress.total(len(todo))
                for item in todo:
                    failed = self.result.failed
                    if not await self._fetch(fetcher, writer, item):
                        break
                    erred = self.result.failed > failed or any(
                        e[0] == item for e in self.erring[-1:]
                    )
                    progress.advance(item.url, "error" if erred else "ok")
                else:
                    self._settle()
            result.retries = fetcher.retries
        result.left = len(backfill.queued(self.db, start, end))
        if unlisted:
            self._unlisted(*unlisted, len(todo))
        if result.fetched or self._unbuilt():
            log.info("rebuilding the records in time order, our crawls and the backfill")
            self.rebuilding = True
            with interruptible():  # nothing awaits in it: Ctrl-C at once, not at its end
                result.builds = reparse(self.db, s.warc_dir)
        return result

    def left_by_ctrl_c(self) -> str:
        """What a Ctrl-C left, in one line: every copy indexed is kept (each in its own
        transaction), and the rebuild's transaction rolled back."""
        fetched = self.result.fetched
        kept = f"the {fetched} captures fetched this run are kept" if fetched else "nothing lost"
        if self.rebuilding:
            return (
                f"interrupted while rebuilding the records ({kept}, the records as they"
                " were): `isecg import-wayback` rebuilds them"
            )
        return f"interrupted ({kept}): `isecg import-wayback` takes up the work list"

    def _repair_tails(self) -> None:
        """A copy torn by a kill -9 is cut off its file (it is fetched again, as unindexed)."""
        for path in sorted(self.s.warc_dir.glob(f"{backfill.WARC_PREFIX}-*.warc.gz")):
            try:
                if removed := repair_tail(path):
                    log.info("cut %d bytes of a torn record off %s", removed, path.name)
            except ValueError as error:
                raise CrawlFailed(f"{error}: run `isecg verify`") from None

    def _unbuilt(self) -> bool:
        return bool(backfill.counts(self.db)["unbuilt"])

    async def _list(
        self, fetcher: Fetcher, start: str | None, end: str | None
    ) -> tuple[str, str] | None:
        """Ask the CDX API for the site's captures (scraper/wayback_list.py); put the new ones
        on the work list, those of a list cut short too. When it cannot be read whole, the
        status to end with and why."""
        s = self.s
        listing = await list_captures(
            fetcher, s.cdx_url, self.site, start, end, s.max_document_bytes
        )
        self.result.requests += listing.requests
        found = cdx.listed(listing.rows, self.site)
        self.result.listed = len(found)
        self.result.new = backfill.add_listed(self.db, found)
        log.info(
            "%d captures listed (%d new) of %d rows in %d answers",
            len(found),
            self.result.new,
            len(listing.rows),
            listing.answers,
        )
        return listing.unlisted

    def _unlisted(self, status: str, why: str, taken: int) -> None:
        """End a run whose listing failed: why, what it did of the work list all the same."""
        result = self.result
        worked = (
            f"the {taken} captures already on the work list were taken up"
            f" ({result.fetched} fetched, {result.failed} not available)"
            if taken
            else "nothing was on the work list"
        )
        # the stop's own "run it again" said once, at the end (helper-201: said twice)
        stopped = (result.message or "").removesuffix(_TAKE_UP)
        then = f"; then it {stopped}" if result.status == "stopped" else ""
        result.status = "failed" if status == "failed" else "stopped"
        result.message = (
            f"{why}; {worked}{then}; run `isecg import-wayback` again later to list the"
            " site's captures" + (" and take up the rest" if then else "")
        )

    def _erring(self, item: Listed, error: FetchError) -> bool:
        """A capture answered an error after every retry: one capture's, unless DOWN_AFTER in a
        row did (_settle fails them once anything answers, else they stay queued)."""
        self.erring.append((item, str(error)))
        if len(self.erring) >= DOWN_AFTER:
            why = f"{len(self.erring)} captures in a row answered an error after every retry"
            return self._stop(item, f"{why}, the Wayback looks down (the last: {error})")
        return True

    def _count(self, fetched: Fetched) -> None:
        self.result.requests += fetched.attempts

    async def _fetch(self, fetcher: Fetcher, writer: WarcWriter, item: Listed) -> bool:
        """Fetch and keep one capture; False when the import must stop (the Wayback asked us
        to slow down, or does not answer)."""
        cap = self.s.max_document_bytes if item.kind == "document" else self.s.max_page_bytes
        try:
            answer = await self._follow(fetcher, item, cap, spool=item.kind == "document")
        except RetryableStatus as error:
            self.result.requests += error.attempts
            # asked now, whether it stays queued or is failed later (helper-195: stayed 0)
            backfill.add_attempts(self.db, item, error.attempts)
            if isinstance(error, WaitTooLong) or error.status in SLOW_DOWN:
                return self._stop(item, str(error))
            return self._erring(item, error)
        except TransportError as error:
            self.result.requests += error.attempts
            backfill.add_attempts(self.db, item, error.attempts)
            if error.why.startswith(NO_CONNECTION):  # the Wayback is not there: stop now
                return self._stop(item, str(error))
            # an answer too slow or cut short may be one capture's, as a 502 may (helper-210:
            # one trickling capture stopped every run at the same place): counted the same
            return self._erring(item, error)
        except CAPTURE_ERRORS as error:
            self.result.requests += error.attempts
            self._failed(item, str(error), error.attempts)
            return True
        self._count(answer)
        self._answered()
        if answer.status != 200:
            self._failed(item, f"the Wayback answered {answer.status} {answer.reason}", 1)
            return True
        try:
            captured = captured_at(self.s, answer, item)
            if isinstance(captured, str):  # the Wayback's word contradicts itself: undated
                self._failed(item, captured, 1)
            elif outside := outside_window(captured, self.window, answer.fetched_at):
                self._failed(item, outside, 1)
            elif same := backfill.same_copy(
                self.db, self.site, item.url, iso_z(captured), body_sha := sha256_of(answer.body)
            ):
                backfill.record_same(self.db, item, same, answer.attempts)
            else:
                endpoint = self.s.wayback_url
                keep_copy(self.db, writer, self.site, endpoint, item, answer, captured, body_sha)
                self.result.fetched += 1
        finally:
            if isinstance(answer.raw, Spool):
                answer.raw.close()
        return True

    def _stop(self, item: Listed, why: str) -> bool:
        """Stop the import at this capture, politely; False, for _fetch to return."""
        self.result.status = "stopped"
        self.result.message = (
            f"stopped at {item.url} ({item.timestamp}): {why}; the work list is kept" + _TAKE_UP
        )
        log.warning("%s", self.result.message)
        return False

    def _answered(self) -> None:
        """The Wayback answered a capture: those that answered 5xx before it were theirs."""
        self.answered = True
        for item, why in self.erring:
            self._failed(item, why, 0)  # its attempts counted when made
        self.erring.clear()

    def _settle(self) -> None:
        """At the end of the list, 5xx captures since the last answer are failed if anything
        came this run, else the Wayback answered nothing but 5xx: stopped, they stay queued."""
        if not self.erring:
            return
        if self.answered:
            self._answered()
        else:
            last, why = self.erring[-1]
            self._stop(last, f"every capture asked answered an error ({why})")

    async def _follow(self, fetcher: Fetcher, item: Listed, cap: int, spool: bool) -> Fetched:
        """GET, following the Wayback's redirects to another capture time of the same page (it
        sends one when the time asked is not exact); checked like every URL, never off it. A
        redirect to another URL's capture is refused: those bytes are not this URL's (the
        Internet Archive sends one where the page itself redirected when captured), and kept
        under this URL they would be read and cited as its. The capture is marked failed,
        naming the other URL."""
        url = replay_url(self.s, item)
        for _ in range(self.s.max_redirects + 1):
            answer = await fetcher.fetch(url, max_bytes=cap, spool=spool)
            location = answer.header("location")
            if answer.status not in (301, 302, 303, 307, 308) or not location:
                return answer
            self._count(answer)
            if isinstance(answer.raw, Spool):
                answer.raw.close()
            url = urljoin(url, location)
            if (original := replayed_url(self.s, url)) is None:
                raise RefusedURL(url, "the Wayback redirects off its captures")
            if not unrewritten(self.s, url):
                raise RefusedURL(url, "the Wayback redirects to a rewritten copy (no id_)")
            if not same_page(original, item.url, self.s.site):
                raise RefusedURL(url, "the Wayback redirects to this capture of another URL")
        raise RefusedURL(url, f"more than {self.s.max_redirects} redirects")

    def _failed(self, item: Listed, why: str, attempts: int) -> None:
        self.result.failed += 1
        backfill.record_failure(self.db, item, why, attempts)
        log.info("not fetched: %s (%s): %s", item.url, item.timestamp, why)
