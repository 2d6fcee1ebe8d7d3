"""How long one URL may take: the retry policy's time budget, and timeouts in words.

A URL's attempts and the waits between them fit in `url_time_budget`; the Retry-After waits
within that add up to at most `retry_after_max`, and a server asking for more is not waited for
(WaitTooLong: the crawl stops politely). A body trickled out past `total_timeout` is not
retried. Every wait of ANNOUNCE_WAIT seconds or more is logged: the crawl never sleeps silently.
The clock is injected, so tests assert on the waits without sleeping.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx
from tenacity import RetryCallState

from scraper.errors import FetchError, RetryableStatus, TransportError, WaitTooLong
from scraper.settings import Settings

ANNOUNCE_WAIT = 5.0  # a wait before a retry this long or longer is logged
YEAR = 365.25 * 86400

log = logging.getLogger("isecg.http")


def duration(seconds: float) -> str:
    """Seconds as people read them: 45 s, 12 minutes, 27.8 hours."""
    if seconds < 120:
        return f"{seconds:.3g} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 3 * 86400:
        return f"{seconds / 3600:.1f} hours"
    if seconds < 730 * 86400:
        return f"{seconds / 86400:.0f} days"
    if seconds < 100 * YEAR:
        return f"{seconds / YEAR:.3g} years"  # "2.3e+09 s" read as nothing (helper-195)
    # A Retry-After of 400 nines is inf seconds ("inf years"), a date in 9999 "7.97e+03
    # years": past a century, how far past says nothing more.
    return "over 100 years"


class TotalTimeout(TransportError):
    """The whole exchange took longer than total_timeout: a server that slow will be as slow
    again, so this is not retried."""


class SlowBody(TotalTimeout):
    """The same, once the status and headers were in: the server answered, but its body did
    not arrive in time. Cut, not retried, and never called "no answer" (robots.txt: unusable)."""


class BudgetSpent(TotalTimeout):
    """A later attempt cut short by what was left of url_time_budget, the site having answered
    an earlier one (a slow 500): that URL's trouble, not the site's silence (helper-209)."""


def timeout_message(error: httpx.TimeoutException, s: Settings) -> str:
    """What timed out and after how long: httpx's own message is often empty."""
    if isinstance(error, httpx.ConnectTimeout):
        return f"ConnectTimeout: no connection within {s.connect_timeout:g} s (connect_timeout)"
    if isinstance(error, httpx.PoolTimeout):
        return "PoolTimeout: no free connection"
    what = "ReadTimeout" if isinstance(error, httpx.ReadTimeout) else type(error).__name__
    return f"{what}: no data for {s.read_timeout:g} s (read_timeout)"


class Budget:
    """One URL's time: attempts and waits within url_time_budget, Retry-After waits within
    retry_after_max. Keeps, in words, why it gave up."""

    def __init__(self, url: str, settings: Settings, clock: Callable[[], float]) -> None:
        self.url, self.s, self._clock = url, settings, clock
        self.started = clock()
        self.attempts = 0
        self.server_waits = 0.0  # Retry-After seconds waited so far
        self.gave_up: str | None = None
        self.answered = False  # an attempt got a status and headers (BudgetSpent)

    def elapsed(self) -> float:
        return self._clock() - self.started

    def left(self) -> float:
        return self.s.url_time_budget - self.elapsed()

    def wait(self, state: RetryCallState, backoff: float) -> float:
        """Retry-After when the server gave one, else the backoff. A Retry-After over what is
        left of retry_after_max is not waited: WaitTooLong, and the crawl stops politely."""
        error = state.outcome.exception() if state.outcome else None
        if not (isinstance(error, RetryableStatus) and error.retry_after is not None):
            return backoff
        asked, allowed = error.retry_after, self.s.retry_after_max - self.server_waits
        if asked > allowed:
            stop = WaitTooLong(self.url, error.status, asked, error.response)
            stop.explain(
                f"asked to retry after {duration(asked)} (Retry-After), over the"
                f" {self.s.retry_after_max:g} s per URL (retry_after_max): not waited"
            )
            raise stop from error
        self.server_waits += asked
        return asked

    def stop(self, state: RetryCallState) -> bool:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, TotalTimeout) or state.attempt_number >= self.s.max_attempts:
            return True
        upcoming = state.upcoming_sleep
        if self.elapsed() + upcoming >= self.s.url_time_budget:
            self.gave_up = (
                f"gave up after {self.attempts} attempts in {self.elapsed():.0f} s: another"
                f" would pass the {self.s.url_time_budget:g} s per URL (url_time_budget)"
            )
            return True
        if upcoming >= ANNOUNCE_WAIT:
            # what failed, each time: offline, a name that does not resolve read only as
            # "backoff" for two minutes (the README walkthrough, helper-189)
            why = (
                "Retry-After"
                if getattr(error, "retry_after", None)
                else f"backoff: {_cause(error)}"
            )
            log.info("waiting %.0f s before retrying %s (%s)", upcoming, self.url, why)
        return False


def _cause(error: BaseException | None) -> str:
    """What failed, as one short line without its URL: a fetch error's own words ("HTTP 503",
    "ConnectError: [Errno -2] Name or service not known"). Every error retried is one (http's
    RETRYABLE); anything else is named by its class."""
    if isinstance(error, FetchError):
        return " ".join(error.why.split())[:160]
    return type(error).__name__
