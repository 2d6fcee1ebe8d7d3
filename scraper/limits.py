"""A crawl's limits in one place: trap defences, the whole-crawl time, polite stops.

Every limit says what it does: a cut is logged once per rule and family and counted in
crawls.cuts; a stop (--max-time, a Crawl-delay or Retry-After over its cap) is logged, ends the
crawl as `unhealthy` (exit 4) with one line saying why, and leaves the URLs not yet visited for
the next crawl (CrawlStore.left_over). The clock is injected, so tests need no real waiting.
"""

from __future__ import annotations

import ctypes
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from urllib.parse import parse_qs, urlsplit

from scraper.errors import FetchError, RefusedURL, RetryableStatus, TransportError
from scraper.frontier import Found
from scraper.politeness import Robots
from scraper.retries import BudgetSpent, SlowBody, duration
from scraper.settings import Settings
from scraper.traps import Cut, TrapGuard

log = logging.getLogger("isecg.crawl")

# URLs in a row that got no answer after every retry: the site is down, not those URLs. Each
# takes its retries' backoff (some 7 s), so a site that died mid-crawl took 270 s to fail the
# replica's last 101 URLs one by one (helper-192); the real site's thousands would take hours.
DOWN_AFTER = 5
# A gateway's answer that the site behind it is down (a 500 is the page's own error)
GATEWAY_DOWN = frozenset({502, 503, 504})
# "Too Many Requests" after every retry: the site refuses this client, not that URL. Counted
# as a site that is down is: 43 URLs all answering 429 took 172 requests and never stopped.
TOO_MANY_REQUESTS = 429


def rest_route(url: str) -> str | None:
    """The collection a REST URL pages through (its rest_route), None for other URLs."""
    routes = parse_qs(urlsplit(url).query).get("rest_route")
    return routes[0] if routes else None


class Limits:
    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        self.s = settings
        self.clock = clock
        self.started = clock()
        self.guard = TrapGuard(settings)
        self.stopped: str | None = None  # why the crawl stopped early, once it has
        self._rest_stopped: set[str] = set()
        self._unanswered = 0  # URLs in a row that got no answer (site_down)
        self._refused = 0  # of those, the last ones in a row refused with a 429

    # -- trap defences ---------------------------------------------------------------------
    def admit(
        self, items: Iterable[Found], cuts: Iterable[Cut] = ()
    ) -> tuple[list[Found], dict[str, int]]:
        """New URLs that pass the trap defences, and the URLs cut per rule (each logged once)."""
        admitted, cut = self.guard.admit(items)
        counted: Counter[str] = Counter()
        for one in [*cuts, *cut]:
            counted[one.rule] += one.count
            if self.guard.first_time(one):
                log.warning(one.message)
        return admitted, dict(counted)

    def rest_answered(self, url: str, status: int) -> None:
        """A REST page answered: a 4xx (400 past the last page, 401, 404 ...) ends its walk."""
        route = rest_route(url)
        page = parse_qs(urlsplit(url).query).get("page", ["1"])[0]
        if route is None or page in ("", "1") or not 400 <= status < 500:
            return  # page 1 (or the index) answering 4xx queues nothing: no walk to stop
        if route in self._rest_stopped:
            return
        self._rest_stopped.add(route)
        log.warning(
            "trap defence: REST %s answered %d at %s; the rest of its walk is left out",
            route,
            status,
            url,
        )

    def rest_cut(self, item: Found) -> bool:
        """Whether a queued REST page belongs to a walk a 4xx has ended."""
        return item.kind == "rest" and rest_route(item.url) in self._rest_stopped

    # -- stops -----------------------------------------------------------------------------
    def stop(self, why: str) -> None:
        """Stop taking URLs (the first reason wins); the crawl ends unhealthy and says why."""
        if self.stopped is None:
            self.stopped = why
            log.warning("the crawl stops: %s", why)

    def fetched(self, error: FetchError | None = None, kind: str = "page") -> None:
        """A fetch ended, answered or with `error` after every retry. DOWN_AFTER in a row
        without an answer (no connection, a timeout, a gateway's 502/503/504) or refused (429)
        stop the crawl: the next crawl takes up the URLs left, rather than this one failing
        each in turn. A document's failure says nothing of the site (a file server of its own,
        a few broken files asked first every night stopped every night: helper-199); its
        answer does."""
        if isinstance(error, RefusedURL) or (error is not None and kind == "document"):
            return
        if error is None or not site_down(error):
            self._unanswered = self._refused = 0
            return
        self._unanswered += 1
        refused = isinstance(error, RetryableStatus) and error.status == TOO_MANY_REQUESTS
        self._refused = self._refused + 1 if refused else 0
        if self._unanswered < DOWN_AFTER:
            return
        if self._refused == self._unanswered:  # every one of them: say what the site said
            self.stop(
                f"the site refuses our requests: {self._unanswered} URLs in a row answered 429"
                f" Too Many Requests after every retry (the last: {error}); the next crawl"
                " takes up the URLs left"
            )
        else:
            self.stop(
                f"the site stopped answering: {self._unanswered} URLs in a row failed after"
                f" every retry (the last: {error}); the next crawl takes up the URLs left"
            )

    def time_is_up(self) -> bool:
        """True once the crawl has run --max-time (and stops it, once)."""
        if self.stopped is None and self.clock() - self.started >= self.s.max_time:
            self.stop(
                f"stopped after --max-time {duration(self.s.max_time)} (max_time); the next"
                " crawl takes up the URLs left"
            )
        return self.stopped is not None

    def crawl_delay(self, robots: Robots) -> float:
        """The delay robots.txt asks for, announced; over crawl_delay_max, a polite stop."""
        asked = robots.crawl_delay or 0.0
        if asked > self.s.crawl_delay_max:
            self.stop(
                f"robots.txt asks for a Crawl-delay of {duration(asked)}, over the cap of"
                f" {self.s.crawl_delay_max:g} s (crawl_delay_max): nothing else was fetched"
            )
        elif asked > self.s.delay:
            log.info("robots.txt asks for a Crawl-delay of %s: requests that far apart", asked)
        return min(asked, self.s.crawl_delay_max)


def site_down(error: FetchError) -> bool:
    """Whether an error says the site, not the URL, failed: no connection or no answer in
    time, a gateway saying the site behind it is down, or the site refusing us (429). Past
    the total timeout, only a body that trickled (SlowBody: the headers were in) is that
    URL's; with no headers by then, the site did not answer (a tarpit dripping its headers
    was never judged down), unless it answered the URL's earlier attempts (BudgetSpent)."""
    if isinstance(error, TransportError):
        return not isinstance(error, SlowBody | BudgetSpent)
    down = GATEWAY_DOWN | {TOO_MANY_REQUESTS}
    return isinstance(error, RetryableStatus) and error.status in down


def robots_verdict(robots: Robots, site: str, error: tuple[str, str] | None) -> str | None:
    """Why robots.txt kept the crawl from the home page, in one line; None when it did not.

    `error` is the robots.txt capture's (error_class, error) when it got no answer to read
    (a status, even 500, is an answer: robots.reason says what it means).
    """
    if robots.allowed(site):
        return None
    if error and error[0] == "TooLarge":
        return f"robots.txt is too big ({error[1].split(': ', 1)[-1]}): nothing else was fetched"
    if error:
        return f"robots.txt could not be fetched ({error[1]}): nothing else was fetched"
    if robots.disallow_all:
        return robots.reason
    return f"robots.txt forbids everything to {robots.agent}: nothing else was fetched"


M_MMAP_THRESHOLD = -3  # mallopt's parameter number, from glibc's malloc.h


def give_large_buffers_back() -> None:
    """Make glibc hand every block of 1 MB or more straight back to the system when freed.

    By default glibc raises its mmap threshold each time a large block is freed (up to 32 MB),
    so the next bodies of a few MB come from the heap, which fragments and rarely shrinks: a
    crawl of large pages and documents then held some 90 MB more than it used. A fixed
    threshold stops that. Elsewhere than glibc there is no such call, and nothing is done.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, 1 << 20)
    except (OSError, AttributeError):
        pass
