"""How a crawl ended: its status (done, unhealthy, failed), the one line that says why, and the
result `crawl()` returns. Pure: the crawl loop gathers the facts, this judges them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scraper.limits import robots_verdict
from scraper.politeness import UNREADABLE, Robots
from scraper.records import judge

if TYPE_CHECKING:  # the build's modules load while the crawl fetches (scraper/crawl.py)
    from archive.crawl_state import CrawlStore
    from scraper.build import BuildReport

log = logging.getLogger("isecg.crawl")

REDIRECTS = (301, 302, 303, 307, 308)
SHOWN_CHARS = 200  # of a URL in the one line: a Location of 60 KB was printed whole


def shown(url: str) -> str:
    """A URL as the one line prints it: whole, or its start and how long it is."""
    return url if len(url) <= SHOWN_CHARS else f"{url[:SHOWN_CHARS]}… ({len(url):,} characters)"


@dataclass(frozen=True)
class CrawlResult:
    crawl_id: int
    status: str  # done, unhealthy, failed
    resumed: bool
    counts: dict[str, Any]
    message: str | None
    records: BuildReport  # what extraction found and changed
    seconds: dict[str, float]  # wall time of the fetch and extract phases of this run


@dataclass(frozen=True)
class Facts:
    """What the crawl loop knows when it ends."""

    counts: dict[str, Any]  # the crawl row's counters
    answered: int  # captures with an HTTP status
    home_ok: bool  # the home page answered 200 or 304
    # the capture row (status, location, error) of robots.txt, or of the redirect's target
    # that gave its rules
    robots_capture: dict[str, Any] | None
    robots: Robots  # the rules the crawl obeyed
    site: str
    stopped: str | None  # why the crawl stopped early (a limit), or None
    left: int  # URLs still queued
    max_pages: int | None
    flags: list[str]  # why the build held records back


def verdict(f: Facts) -> tuple[str, str | None]:
    """(status, message) for the crawl row, the exit code and the one line printed."""
    status, message = judge(f.counts, f.answered, f.home_ok)
    robots = f.robots_capture
    # Only a robots.txt that got no answer (a status, even 500, is an answer; so are headers
    # whose body could not be read: UNREADABLE, robots.reason says) has an error.
    error = None
    unread = robots and robots["error_class"] in UNREADABLE
    if robots and robots["error_class"] and robots["status"] is None and not unread:
        error = (robots["error_class"], robots["error"])
    if robots and robots["status"] in REDIRECTS and f.robots.disallow_all:
        # a redirect robots.txt's chain did not follow (visit.py says which, and why)
        status, message = "unhealthy", f.robots.reason
    elif not f.answered and error and error[0] != "TooLarge":
        message = f"the site did not answer at all (robots.txt: {error[1]})"
    elif why := robots_verdict(f.robots, f.site, error):
        status, message = "unhealthy", why
    elif f.stopped:
        status, message = "unhealthy", f.stopped
        if f.left:
            message += f" ({f.left} URLs left)"
    if f.flags and status == "done":
        status, message = "unhealthy", "records held back: " + "; ".join(f.flags)
    if f.left and f.max_pages is not None:
        note = f"stopped at --max-pages {f.max_pages}; {f.left} URLs left unvisited"
        message = f"{message}; {note}" if message else note
    return status, message


def concluded(
    store: CrawlStore,
    crawl_id: int,
    facts: Facts,
    resumed: bool,
    report: BuildReport,
    seconds: dict[str, float],
) -> CrawlResult:
    """The crawl judged, its row finished with the verdict, the verdict and the build's notes
    logged (the crawl's log, the console): what `crawl()` returns."""
    status, message = verdict(facts)
    store.finish(crawl_id, status, message)
    log.info(
        "crawl %d %s%s",
        crawl_id,
        status,
        f": {message}" if message else "",
        extra={"crawl_id": crawl_id, "status": status, "changes": report.changes},
    )
    for note in report.notes:
        log.info("crawl %d: %s", crawl_id, note, extra={"crawl_id": crawl_id})
    return CrawlResult(crawl_id, status, resumed, store.crawl(crawl_id), message, report, seconds)
