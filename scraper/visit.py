"""One URL's visit, as every crawl worker makes it: fetch, archive, record its outcome.

A refusal (robots.txt), a failed fetch or an error no rule foresaw is recorded as that URL's
capture row, never raised: one URL must not stop the others. The crawl loop (scraper/crawl.py)
decides which URL is visited when; Visitor is its base class and holds nothing of its own.
robots.txt is visited first (and its redirects on the site), or read back from the WARC file
when a crawl resumes.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import sqlite3
from typing import Any

from archive.captures import readable_url
from archive.crawl_state import CrawlStore, Previous
from archive.db import iso_z
from archive.decode import decoded_payload
from archive.warc_read import UnreadableRecord, read_record
from scraper.archiving import Archiver
from scraper.discover import Discovery
from scraper.early import EarlyReader
from scraper.errors import FetchError, RefusedURL, TooLarge, WaitTooLong
from scraper.frontier import Found
from scraper.http import Fetched, Fetcher
from scraper.limits import Limits
from scraper.outcome import REDIRECTS, shown
from scraper.politeness import UNREADABLE, Robots
from scraper.progress import Progress
from scraper.records import attempt_row, failure_row
from scraper.redirects import OFF_SITE, TOO_MANY_REDIRECTS, follow
from scraper.settings import Settings
from scraper.worklist import WorkQueue

log = logging.getLogger("isecg.crawl")  # the crawl's own logger: its lines read as before


def storage_failed(error: BaseException) -> bool:
    """The disk failed, not the URL: it is full, read-only, or failing."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO)
    name = getattr(error, "sqlite_errorname", None) or ""
    return isinstance(error, sqlite3.Error) and name.startswith(
        ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY")
    )


class Visitor:
    """Fetch, archive and record one URL; the crawler (a Visitor) sets these up."""

    s: Settings
    site: str
    store: CrawlStore
    crawl_id: int
    robots: Robots
    limits: Limits
    requests: int
    fetcher: Fetcher
    archiver: Archiver
    progress: Progress
    early: EarlyReader | None  # reads each capture recorded, while the crawl goes on
    robots_at = ""  # the URL whose answer gave robots.txt's rules: its own, or a redirect's
    _failures: list[BaseException]  # what stops the crawl (it raises the first)

    async def _fetch_safely(
        self, item: Found, queue: WorkQueue
    ) -> tuple[Fetched, Previous | None, dict[str, Any]] | None:
        try:
            return await self._fetch(item, queue)
        except Exception as error:  # a bug or a surprise must not stop the other URLs
            self._unexpected(item, error, queue)
            return None

    async def _archive_safely(
        self,
        item: Found,
        answer: tuple[Fetched, Previous | None, dict[str, Any]],
        queue: WorkQueue,
    ) -> tuple[int, bytes]:
        try:
            return await self._archive(item, *answer, queue)
        except Exception as error:
            self._unexpected(item, error, queue)
            return 0, b""

    def _unexpected(self, item: Found, error: Exception, queue: WorkQueue) -> None:
        """Record an error no rule foresaw as that URL's outcome, and carry on; unless it is
        the disk's (full, read-only, failing): then every URL would fail alike, so the crawl
        stops, left to resume (a full disk gave 800 tracebacks and 50 empty WARC files)."""
        if storage_failed(error):
            self._failures.append(error)
            return
        log.exception("unexpected error on %s", item.url)
        capture = {
            **attempt_row(item.url, item.kind),
            "outcome": "error",
            "error_class": type(error).__name__,
            "error": str(error) or repr(error),
        }
        try:
            self._record(capture, {"errors": 1}, queue)
        except Exception:  # even the record failed (the URL was already recorded): log only
            log.exception("could not record the error on %s", item.url)

    async def _fetch(
        self, item: Found, queue: WorkQueue | None
    ) -> tuple[Fetched, Previous | None, dict[str, Any]] | None:
        """Fetch one URL. A refusal or failure is recorded here and gives None."""
        base = attempt_row(item.url, item.kind)
        if item.kind != "robots" and not self.robots.allowed(item.url):
            self._record(
                {
                    **base,
                    "outcome": "refused",
                    "error_class": "RobotsDisallowed",
                    # where no robots.txt could be read (the site down), say that, not that
                    # it disallowed the URL (helper-191: 176 "disallowed" with the site down)
                    "error": self.robots.reason
                    if self.robots.disallow_all
                    else "disallowed by robots.txt",
                },
                {"refused": 1},
                queue,
            )
            return None
        previous = None if self.s.full else self.store.previous(item.url)
        cap = self.s.max_document_bytes if item.kind == "document" else self.s.max_page_bytes
        self.requests += 1  # reserved before the wait, so --max-pages holds with many workers
        try:
            fetched = await self.fetcher.fetch(
                item.url,
                max_bytes=cap,
                etag=previous.etag if previous else None,
                last_modified=previous.last_modified if previous else None,
                spool=item.kind == "document",
            )
        except FetchError as error:
            self.requests += (0 if isinstance(error, RefusedURL) else error.attempts) - 1
            capture, counts = failure_row(base, error)
            last = error.response
            # robots.txt over the cap keeps its verdict (no rules: nothing fetched), which its
            # first bytes, archived, would replace on a resume with rules read from a part
            if item.kind == "robots" and isinstance(error, TooLarge):
                last = None
            if last is not None:  # the server's last answer (a 503...): kept like any other
                capture = await self.archiver.keep_failed(last, capture)
                counts["bytes_downloaded"] = len(last.raw)
            self._record(capture, counts, queue)
            self.limits.fetched(error, item.kind)
            if isinstance(error, WaitTooLong):  # the site asked for a pause: all of it, not one URL
                self.limits.stop(f"{error}; the next crawl takes up the URLs left")
            return None
        self.requests += fetched.attempts - 1
        self.limits.fetched(None, item.kind)
        if item.kind == "rest":  # now, not once archived: no worker takes the walk's next page
            self.limits.rest_answered(item.url, fetched.status)
        # The time of the request that was answered, as its WARC record says (to the ms).
        base["fetched_at"] = iso_z(fetched.fetched_at)
        return fetched, previous, base

    async def _archive(
        self,
        item: Found,
        fetched: Fetched,
        previous: Previous | None,
        base: dict[str, Any],
        queue: WorkQueue | None,
    ) -> tuple[int, bytes]:
        try:
            kept = await self.archiver.keep(item, fetched, previous, base)
        except UnreadableRecord as damage:  # the archived copy a 304 stands for
            log.warning(
                "%s: the archived copy is damaged, fetched again whole: %s", item.url, damage
            )
            answer = await self._fetch(item, queue)  # no longer asked conditionally
            if answer is None:
                return 0, b""
            kept = await self.archiver.keep(item, *answer)
        for refusal in kept.refusals:
            self._record(refusal, {"refused": 1}, None)
        if kept.rest_used:
            self.store.set_flag(self.crawl_id, "rest_used", 1)
        self._record(kept.capture, kept.counts, queue, kept.found)
        return kept.status, kept.body

    def _record(
        self,
        capture: dict[str, Any],
        counts: dict[str, int],
        queue: WorkQueue | None,
        found: Discovery | None = None,
    ) -> None:
        found = found or Discovery()
        admitted, cuts = self.limits.admit(found.found, found.cuts)
        capture_id, new = self.store.record(
            self.crawl_id, capture, admitted, found.links, found.aliases, counts, cuts
        )
        if queue is not None:
            for item in new:
                queue.add(item)
            self.progress.total(len(new))
        if self.early is not None and capture_id:  # never raises
            self.early.add(capture_id)
        self.progress.advance(capture["url"], capture["outcome"])

    def _enqueue(self, items: list[Found], found_on: str | None) -> list[Found]:
        admitted, cuts = self.limits.admit(items)
        self.store.add_cuts(self.crawl_id, cuts)
        with self.store.db.atomic():
            return self.store.enqueue(self.crawl_id, admitted, found_on)

    async def _robots(self, robots_url: str) -> tuple[Robots, asyncio.Task[Any] | None]:
        """robots.txt's rules, and the task archiving its answer when that is still going on.

        A redirect is followed as RFC 9309 asks (up to max_redirects, five), each one archived
        as any redirect is, but only on the site's own scheme, host and port (redirects.py):
        a target elsewhere, or one redirect too many, leaves robots.txt unread, and nothing
        is fetched, as for any answer of robots.txt that gives no rules. Each step is read
        back from this crawl's captures when there is one (a resumed crawl asks none again)."""
        item = Found(robots_url, "robots", "seed")
        while True:
            self.robots_at = item.url  # whose answer gave the rules (the crawl's verdict)
            robots, archiving = await self._robots_step(item)
            capture = None if archiving else self.store.capture_of(self.crawl_id, item.url)
            if not capture or capture["status"] not in REDIRECTS or not capture["location"]:
                return robots, archiving
            step = follow(item, capture["location"], self.site, self.s.max_redirects)
            if isinstance(step, Found):
                item = step
                continue
            where = shown(capture["location"])
            if step.error_class == OFF_SITE:
                why = f"robots.txt redirects to {where}: nothing else was fetched; give --site"
                why += " with that scheme and host"
            elif step.error_class == TOO_MANY_REDIRECTS:
                why = f"robots.txt redirects more than {self.s.max_redirects} times in a row"
                why += f" (the last to {where}): nothing else was fetched (max_redirects)"
            else:
                why = f"robots.txt redirects to {where}: not followed ({step.why}); nothing else"
                why += " was fetched"
            return Robots.deny_all(self.s.user_agent, why), None

    async def _robots_step(self, item: Found) -> tuple[Robots, asyncio.Task[Any] | None]:
        """The rules one answer of robots.txt's chain gives (its own URL, or a redirect's
        target), asked or read back; a redirect's are none, its target asked next.

        A first answer (not asked conditionally, a 200) holds the rules in its own bytes: the
        seeds' requests go out while it is archived (its WARC file opened and synced, its row
        written: some 20 ms they used to wait for). Its Discovery is empty (no redirect): the
        frontier loses nothing by its row coming after theirs. The crawl awaits the task."""
        url = item.url
        # An unchanged robots.txt is a revisit record: its text is the original's, one hop back.
        row = readable_url(self.store.db, self.crawl_id, url)
        if row and (unreadable := self._unreadable_robots(url)):
            return unreadable, None  # resuming: the body did not decode (or arrive) then either
        if row and row.warc_file and row.warc_offset is not None:
            # resuming: read robots.txt back from the WARC, not the network
            _, _, headers, payload = read_record(self.s.warc_dir, row.warc_file, row.warc_offset)
            status = 200 if row.status == 304 else row.status
            body = decoded_payload(headers, payload, self.s.max_page_bytes)
            return Robots.from_response(status, body, self.s.user_agent), None
        if row:  # resuming after robots.txt failed: keep that verdict, as the first run did
            return Robots.from_response(row.status, b"", self.s.user_agent), None
        self._enqueue([item], None)
        answer = await self._fetch(item, None)
        if answer is None:
            kept = None
        else:
            fetched, previous, base = answer
            if previous is None and fetched.status == 200 and isinstance(fetched.body, bytes):
                archiving = asyncio.create_task(self._archive_robots(item, fetched, base))
                return Robots.from_response(200, fetched.body, self.s.user_agent), archiving
            kept = await self._archive(item, fetched, previous, base, None)
        if kept is None and (unreadable := self._unreadable_robots(url)):
            return unreadable, None
        if kept is None:  # no answer, or a 5xx/429 after every retry: judged by its status
            capture = self.store.capture_of(self.crawl_id, url)
            status = capture["status"] if capture else None
            return Robots.from_response(status, b"", self.s.user_agent), None
        return Robots.from_response(kept[0], kept[1], self.s.user_agent), None

    async def _archive_robots(
        self, item: Found, fetched: Fetched, base: dict[str, Any]
    ) -> tuple[int, bytes]:
        await asyncio.sleep(0.001)  # a timer: the seeds' requests go out first (crawl.py)
        return await self._archive(item, fetched, None, base, None)

    def _unreadable_robots(self, robots_url: str) -> Robots | None:
        """Unusable rules when robots.txt answered but its body could not be read, else None."""
        capture = self.store.capture_of(self.crawl_id, robots_url)
        if not capture or capture["error_class"] not in UNREADABLE:
            return None
        why = str(capture["error"]).removeprefix(f"{robots_url}: ")
        return Robots.unreadable(capture["status"], why, self.s.user_agent)
