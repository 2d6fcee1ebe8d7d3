"""Politeness: what robots.txt allows (through protego), and how far apart requests start.

robots.txt by the status of its response (RFC 9309, made more careful where it allows):

    2xx               parse the body (its first 500 KiB, as RFC 9309 requires at least)
    404, 410, other 4xx   no robots.txt: everything is allowed
    401, 403          disallow everything but robots.txt itself. Google reads these as "allow
                      all"; a site that refuses us its robots.txt is not telling us to come in.
    429, 5xx, None    the site is struggling or unreachable (None: no response at all):
                      disallow everything for this crawl; the next crawl asks again.
    unreadable        an answer came but its body could not be read (UNREADABLE: an encoding
                      that cannot be undone, a body cut short or still trickling in at the
                      total timeout): unusable rules, so the same, and said so (`unreadable`).
    anything else     (1xx, or a 3xx) disallow everything too. The crawl (`Visitor._robots`
                      in scraper/visit.py) follows robots.txt's redirects on the site's own
                      scheme, host and port, up to max_redirects, and reads the rules of the
                      answer they end at; a 3xx it does not follow (elsewhere, or one too
                      many) comes here, and the crawl ends saying where robots.txt redirects.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from protego import Protego

from scraper.settings import default_user_agent

log = logging.getLogger("isecg.crawl")

ROBOTS_MAX_CHARS = 512_000  # characters, or bytes of a body not yet decoded
# Errors of an answer that came but could not be read (scraper/errors.py, retries.py): the
# server did answer, so these are unusable rules, never "the site did not answer at all".
UNREADABLE = frozenset({"BadEncoding", "TruncatedBody", "SlowBody"})


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups name: `isecg-archive` of `isecg-archive/0.1 (+…)`."""
    return user_agent.split("/", 1)[0].strip() or user_agent


DEFAULT_AGENT = agent_token(default_user_agent())


class Robots:
    """What robots.txt lets our user agent fetch. Build with `parse` or `from_response`."""

    def __init__(
        self,
        parser: Protego | None,
        user_agent: str = DEFAULT_AGENT,
        *,
        disallow_all: bool = False,
        reason: str = "",
    ) -> None:
        self._parser = parser
        self.agent = agent_token(user_agent)
        self.disallow_all = disallow_all
        self.reason = reason  # one line for the crawl log: why these rules

    @classmethod
    def parse(cls, text: str | bytes, user_agent: str = DEFAULT_AGENT) -> Robots:
        """Rules from the body of a robots.txt (bytes are read as UTF-8, as RFC 9309 says)."""
        if isinstance(text, bytes):
            text = text[:ROBOTS_MAX_CHARS].decode("utf-8-sig", errors="replace")
        parser = Protego.parse(text[:ROBOTS_MAX_CHARS])
        return cls(parser, user_agent, reason="robots.txt read")

    @classmethod
    def allow_all(cls, user_agent: str = DEFAULT_AGENT, reason: str = "no robots.txt") -> Robots:
        return cls(None, user_agent, reason=reason)

    @classmethod
    def deny_all(cls, user_agent: str = DEFAULT_AGENT, reason: str = "") -> Robots:
        return cls(None, user_agent, disallow_all=True, reason=reason)

    @classmethod
    def from_response(
        cls, status: int | None, text: str | bytes = "", user_agent: str = DEFAULT_AGENT
    ) -> Robots:
        """Rules for a robots.txt answered with `status` (None: no answer); see the module doc."""
        if status is None or status == 429 or 500 <= status < 600:
            said = "no answer" if status is None else f"answered {status}"
            return cls.deny_all(
                user_agent,
                f"robots.txt {said}: nothing is fetched this crawl; the next crawl asks again",
            )
        if 200 <= status < 300:
            return cls.parse(text, user_agent)
        if 400 <= status < 500 and status not in (401, 403):
            return cls.allow_all(user_agent, f"robots.txt answered {status}: everything allowed")
        return cls.deny_all(user_agent, f"robots.txt answered {status}: nothing is fetched")

    @classmethod
    def unreadable(cls, status: int | None, why: str, user_agent: str = DEFAULT_AGENT) -> Robots:
        """Rules for a robots.txt that answered (with `status`, when its headers said one and
        the capture kept it) but whose body could not be read: nothing is fetched."""
        said = f"answered {status}" if status else "answered"
        return cls.deny_all(
            user_agent,
            f"robots.txt {said} but could not be read ({why}): nothing is fetched this crawl;"
            " the next crawl asks again",
        )

    def allowed(self, url: str) -> bool:
        """Whether our user agent may fetch `url`. robots.txt itself is always allowed."""
        if urlsplit(url).path == "/robots.txt":
            return True
        if self.disallow_all:
            return False
        return self._parser is None or bool(self._parser.can_fetch(url, self.agent))

    @property
    def crawl_delay(self) -> float | None:
        """Seconds between requests asked of us: Crawl-delay, or Request-rate if slower."""
        if self._parser is None:
            return None
        delays = []
        delay = self._parser.crawl_delay(self.agent)
        if delay is not None:
            delays.append(float(delay))
        rate = self._parser.request_rate(self.agent)
        if rate is not None and rate.requests > 0:
            delays.append(rate.seconds / rate.requests)
        return max(delays) if delays else None

    @property
    def sitemaps(self) -> list[str]:
        return [] if self._parser is None else list(self._parser.sitemaps)


# The delay a first slow-down sets when there was none (`--delay 0`): the default delay.
SLOW_DOWN_FROM = 1.0


def asks_to_slow_down(status: int, retry_after: float | None) -> bool:
    """Whether an answer asks for fewer requests: 429 Too Many Requests, or a 503 saying when
    to come back (a 503 without Retry-After, like a 502, is a failure, not a request)."""
    return status == 429 or (status == 503 and retry_after is not None)


def effective_delay(settings_delay: float, robots: Robots | None) -> float:
    """Seconds between request starts: our own delay, or the site's Crawl-delay if larger."""
    asked = robots.crawl_delay if robots is not None else None
    return max(0.0, settings_delay, asked or 0.0)


class RateLimiter:
    """Spaces request starts at least `delay` seconds apart across all tasks.

    `await limiter.wait()` just before each request. Callers queue on one asyncio.Lock, which
    wakes waiters in order of arrival. `delay` may be changed between calls (for example
    once robots.txt is read), and `slow_down` raises it up to `most` when the site asks for
    fewer requests. With a delay of 0 `wait` returns at once without suspending.
    Use one limiter within one event loop.
    """

    def __init__(
        self,
        delay: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        most: float = math.inf,
    ) -> None:
        self.delay = delay
        self.most = most  # what slow_down may raise the delay to (settings.slow_down_max)
        self._clock, self._sleep = clock, sleep  # injected: tests record waits, never sleep
        self._lock = asyncio.Lock()
        self._last_start: float | None = None

    async def wait(self) -> None:
        if not self.delay > 0:  # also catches NaN
            # Still note the start: a delay raised later (robots.txt's Crawl-delay, read
            # right after this request) must space the next request from this one.
            self._last_start = self._clock()
            return
        async with self._lock:
            if self._last_start is not None:
                # A loop, not one sleep: the event loop may wake a timer up to its clock
                # resolution early, and the spacing is a promise.
                while (left := self._last_start + self.delay - self._clock()) > 0:
                    await self._sleep(left)
            self._last_start = self._clock()

    def slow_down(self, url: str, status: int) -> None:
        """The site answered `url` with a request for fewer requests (asks_to_slow_down): the
        delay doubles for the rest of the crawl, from SLOW_DOWN_FROM, up to `most`; never
        lowered (a larger Crawl-delay stays). Retry-After paces the retry of that URL alone
        (scraper/retries.py); this spaces every request after it. Logged at each change."""
        raised = min(self.most, max(2 * self.delay, SLOW_DOWN_FROM))
        if not raised > self.delay:
            return
        log.warning(
            "%s answered %d: requests now %.3g s apart (were %.3g s), for the rest of the"
            " crawl (at most %.3g s: slow_down_max)",
            url,
            status,
            raised,
            self.delay,
            self.most,
        )
        self.delay = raised
