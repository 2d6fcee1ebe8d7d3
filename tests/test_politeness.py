"""robots.txt rules, the rate limiter's spacing, and the effective delay.

The rate limiter runs on a fake clock (its injected clock and sleep): spacing is asserted
exactly on that clock, and no test sleeps for real.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Coroutine
from typing import Any

import pytest

from scraper.politeness import RateLimiter, Robots, agent_token, effective_delay
from scraper.settings import default_user_agent
from tests.crawl_helpers import Clock

SITE = "http://127.0.0.1:1"
REPLICA_ROBOTS = (
    "User-agent: *\n"
    "Disallow: /private-area/\n"
    "Disallow: /wordpress/wp-admin/\n"
    "Sitemap: http://127.0.0.1:1/wp-sitemap.xml\n"
)
WITH_DELAY = REPLICA_ROBOTS.replace("User-agent: *\n", "User-agent: *\nCrawl-delay: 2\n")
AGENT_SPECIFIC = (
    REPLICA_ROBOTS + "\n"
    "User-agent: isecg-archive\n"
    "Disallow: /wordpress/docs/\n"
    "Crawl-delay: 5\n"
    "\n"
    "User-agent: BadBot\n"
    "Disallow: /\n"
)


def test_agent_token_is_the_product_name() -> None:
    assert agent_token(default_user_agent()) == "isecg-archive"
    assert agent_token("isecg-archive/0.1.0 (+https://example.org)") == "isecg-archive"


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/", True),
        ("/?p=370", True),
        ("/wordpress/?p=370", True),
        ("/private-area/", False),
        ("/private-area/members.html", False),
        ("/private-area", True),  # the rule names the directory, with its slash
        ("/wordpress/wp-admin/", False),
        ("/wordpress/wp-admin/admin-ajax.php", False),
        ("/wordpress/wp-content/uploads/2013/08/x.pdf", True),
        ("/robots.txt", True),
    ],
)
def test_replica_robots(path: str, allowed: bool) -> None:
    robots = Robots.parse(REPLICA_ROBOTS)
    assert robots.allowed(SITE + path) is allowed


def test_replica_robots_sitemaps_and_no_delay() -> None:
    robots = Robots.parse(REPLICA_ROBOTS)
    assert robots.sitemaps == ["http://127.0.0.1:1/wp-sitemap.xml"]
    assert robots.crawl_delay is None


def test_crawl_delay() -> None:
    robots = Robots.parse(WITH_DELAY)
    assert robots.crawl_delay == 2.0
    assert not robots.allowed(SITE + "/private-area/")


def test_request_rate_counts_as_delay() -> None:
    robots = Robots.parse("User-agent: *\nCrawl-delay: 1\nRequest-rate: 1/4\n")
    assert robots.crawl_delay == 4.0


def test_agent_specific_group_replaces_the_star_group() -> None:
    # RFC 9309: the most specific group applies alone; the * rules do not add to it.
    robots = Robots.parse(AGENT_SPECIFIC, default_user_agent())
    assert robots.agent == "isecg-archive"
    assert not robots.allowed(SITE + "/wordpress/docs/Dust%20Mitigation.pdf")
    assert robots.allowed(SITE + "/private-area/")
    assert robots.allowed(SITE + "/?p=370")
    assert robots.crawl_delay == 5.0
    assert robots.sitemaps == ["http://127.0.0.1:1/wp-sitemap.xml"]


def test_other_agents_get_the_star_group() -> None:
    robots = Robots.parse(AGENT_SPECIFIC, "someone-else/1.0")
    assert not robots.allowed(SITE + "/private-area/")
    assert robots.allowed(SITE + "/wordpress/docs/x.pdf")
    assert Robots.parse(AGENT_SPECIFIC, "BadBot").allowed(SITE + "/") is False


def test_empty_robots_allows_everything() -> None:
    robots = Robots.parse("")
    assert robots.allowed(SITE + "/private-area/")
    assert robots.sitemaps == []
    assert robots.crawl_delay is None


def test_html_served_as_robots_allows_everything() -> None:
    robots = Robots.parse("<!doctype html><html><body>Not found</body></html>")
    assert robots.allowed(SITE + "/?p=370")


@pytest.mark.parametrize(
    ("status", "allows_pages"),
    [
        (200, None),  # decided by the text
        (404, True),
        (410, True),
        (400, True),
        (401, False),
        (403, False),
        (429, False),
        (500, False),
        (503, False),
        (None, False),  # no answer at all
        (301, False),  # redirects are the caller's to follow
    ],
)
def test_from_response(status: int | None, allows_pages: bool | None) -> None:
    robots = Robots.from_response(status, REPLICA_ROBOTS)
    assert robots.allowed(SITE + "/robots.txt"), "robots.txt itself is always allowed"
    if allows_pages is None:
        assert robots.allowed(SITE + "/?p=370")
        assert not robots.allowed(SITE + "/private-area/")
        assert robots.sitemaps == ["http://127.0.0.1:1/wp-sitemap.xml"]
    else:
        assert robots.allowed(SITE + "/?p=370") is allows_pages
        assert robots.allowed(SITE + "/private-area/") is allows_pages
        assert robots.sitemaps == []  # the body of an error answer is never read as rules
        assert robots.crawl_delay is None
    assert robots.reason


def test_bytes_are_read_as_utf8() -> None:
    body = ("\ufeff" + REPLICA_ROBOTS).encode() + b"# \xff not utf-8\n"
    robots = Robots.from_response(200, body)
    assert not robots.allowed(SITE + "/private-area/")
    assert robots.sitemaps == ["http://127.0.0.1:1/wp-sitemap.xml"]


def test_only_the_first_500_kib_is_read() -> None:
    padding = "# " + "x" * 600_000 + "\n"
    robots = Robots.parse(padding + "User-agent: *\nDisallow: /\n")
    assert robots.allowed(SITE + "/?p=370")


@pytest.mark.parametrize(
    ("ours", "robots", "expected"),
    [
        (1.0, None, 1.0),
        (1.0, Robots.parse(REPLICA_ROBOTS), 1.0),
        (1.0, Robots.parse(WITH_DELAY), 2.0),
        (3.0, Robots.parse(WITH_DELAY), 3.0),
        (0.0, Robots.parse(WITH_DELAY), 2.0),
        (0.0, Robots.from_response(404), 0.0),
        (-1.0, None, 0.0),
    ],
)
def test_effective_delay(ours: float, robots: Robots | None, expected: float) -> None:
    assert effective_delay(ours, robots) == expected


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(times)]


class LoopClock(Clock):
    """A fake clock whose sleep gives the event loop to other tasks, as a real sleep does, and
    moves the clock on when it resumes. `early` wakes every sleep longer than it that many
    seconds early, as an event loop may (by up to its clock resolution)."""

    def __init__(self, early: float = 0.0) -> None:
        super().__init__()
        self.early = early

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await asyncio.sleep(0)
        self.now += seconds - self.early if seconds > self.early else seconds


def limiter(delay: float, clock: LoopClock) -> RateLimiter:
    return RateLimiter(delay, clock=clock, sleep=clock.sleep)


def completes_without_suspending(coro: Coroutine[Any, Any, None]) -> bool:
    """Run one step of `coro`: True if it finished without ever giving the loop control."""
    try:
        coro.send(None)
    except StopIteration:
        return True
    coro.close()
    return False


async def starts_of(limiter: RateLimiter, clock: Clock, tasks: int) -> list[tuple[int, float]]:
    """Start `tasks` concurrent callers; return (caller, start time) in the order they started."""
    starts: list[tuple[int, float]] = []

    async def caller(i: int) -> None:
        await limiter.wait()
        starts.append((i, clock()))

    await asyncio.gather(*(caller(i) for i in range(tasks)))
    return starts


# Delays are binary fractions, so the fake clock's sums are exact and spacing is asserted with ==.
@pytest.mark.parametrize("delay", [0.25, 1.0, 60.0])
def test_rate_limiter_spaces_concurrent_starts(delay: float) -> None:
    clock = LoopClock()
    starts = asyncio.run(starts_of(limiter(delay, clock), clock, 6))
    assert gaps([t for _, t in starts]) == [delay] * 5
    assert clock.sleeps == [delay] * 5  # one wait per caller after the first, none slept twice


def test_rate_limiter_is_fair() -> None:
    clock = LoopClock()
    starts = asyncio.run(starts_of(limiter(0.25, clock), clock, 8))
    assert [i for i, _ in starts] == list(range(8))


def test_rate_limiter_spaces_sequential_calls() -> None:
    clock = LoopClock()

    async def run() -> list[float]:
        spaced = limiter(0.5, clock)
        times = []
        for _ in range(4):
            await spaced.wait()
            times.append(clock())
        return times

    assert gaps(asyncio.run(run())) == [0.5] * 3


def test_rate_limiter_sleeps_again_when_woken_early() -> None:
    """A sleep that returns early does not shorten the spacing: the limiter waits the rest."""
    clock = LoopClock(early=0.125)
    starts = asyncio.run(starts_of(limiter(1.0, clock), clock, 3))
    assert gaps([t for _, t in starts]) == [1.0, 1.0]
    assert clock.sleeps == [1.0, 0.125, 1.0, 0.125]


def test_rate_limiter_first_call_does_not_wait() -> None:
    async def run() -> bool:
        return completes_without_suspending(RateLimiter(60.0).wait())

    assert asyncio.run(run())


def test_rate_limiter_does_not_wait_once_the_delay_has_passed() -> None:
    clock = LoopClock()

    async def run() -> tuple[bool, bool]:
        spaced = limiter(0.25, clock)
        await spaced.wait()
        too_soon = completes_without_suspending(spaced.wait())
        clock.now += 0.375  # time passes between requests
        later = completes_without_suspending(spaced.wait())
        return too_soon, later

    assert asyncio.run(run()) == (False, True)


def test_rate_limiter_zero_delay_never_suspends() -> None:
    async def run() -> list[bool]:
        limiter = RateLimiter(0.0)
        return [completes_without_suspending(limiter.wait()) for _ in range(1000)]

    assert all(asyncio.run(run()))


def test_rate_limiter_delay_can_be_raised_later() -> None:
    clock = LoopClock()

    async def run() -> list[float]:
        spaced = limiter(0.0, clock)
        await spaced.wait()
        spaced.delay = 2.0  # robots.txt read: Crawl-delay applies from now on
        times = []
        for _ in range(3):
            await spaced.wait()
            times.append(clock())
        return times

    times = asyncio.run(run())
    assert times[0] == 1002.0  # spaced from the request made before the delay was raised
    assert gaps(times) == [2.0, 2.0]
