"""A site asking for fewer requests: a 429 Too Many Requests (or a 503 with Retry-After) raises
the delay between requests for the rest of the crawl, doubling up to slow_down_max, logged at
each change. Waits run on the fake clock (tests.hostile.Clock), which the server reads too: no
test measures the wall clock."""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
from pathlib import Path

import pytest

from scraper.http import Fetcher
from scraper.politeness import RateLimiter
from scraper.settings import Settings
from tests.hostile import Answer, Clock, HostileServer, crawl_of, page, site

PAGES = {"/": page(*(f"/p{n}" for n in range(6))), **{f"/p{n}": page() for n in range(6)}}


class RateLimited:
    """A site answering 429, without Retry-After, to any request that comes less than `apart`
    seconds (on the crawl's clock) after the one before it, as rate limiters do."""

    def __init__(self, clock: Clock, apart: float) -> None:
        self.clock, self.apart = clock, apart
        self.arrivals: list[tuple[str, float, bool]] = []  # target, time, refused
        self._lock = threading.Lock()
        self._pages = site(PAGES)

    def __call__(self, target: str) -> Answer | None:
        with self._lock:
            now = self.clock.now
            soon = bool(self.arrivals) and now - self.arrivals[-1][1] < self.apart
            self.arrivals.append((target, now, soon))
        if soon:
            return Answer(429, b"too many requests")
        answer = self._pages(target)
        return answer if isinstance(answer, Answer) else None


def test_a_429_without_retry_after_spaces_the_later_requests(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Was: the crawl went on at its own pace, every request too soon, each URL refused four
    times, until five URLs in a row stopped it ("the site refuses our requests")."""
    clock = Clock()
    limited = RateLimited(clock, apart=1.5)
    with HostileServer(limited) as server, caplog.at_level(logging.WARNING):
        result = crawl_of(server, tmp_path, clock=clock, max_attempts=4, concurrency=1)
    assert result.status == "done", result.message
    refused = [soon for _, _, soon in limited.arrivals]
    # robots.txt; the home page too soon, its retry 1 s later still too soon; then 2 s apart
    assert refused[:4] == [False, True, True, False] and refused.count(True) == 2
    times = [at for _, at, _ in limited.arrivals]
    assert all(later - earlier >= 2 - 1e-9 for earlier, later in itertools.pairwise(times[2:]))
    assert {f"/p{n}" for n in range(6)} <= {target for target, _, _ in limited.arrivals}
    slowed = [r.message for r in caplog.records if "requests now" in r.message]
    assert len(slowed) == 2  # once per change
    assert "answered 429: requests now 1 s apart (were 0 s)" in slowed[0]
    assert "answered 429: requests now 2 s apart (were 1 s)" in slowed[1]


@pytest.mark.parametrize(
    ("answer", "slowed"),
    [
        pytest.param(Answer(429, b"no"), True, id="429"),
        pytest.param(Answer(429, b"no", headers=[("Retry-After", "2")]), True, id="429-after"),
        pytest.param(Answer(503, b"later", headers=[("Retry-After", "2")]), True, id="503-after"),
        pytest.param(Answer(503, b"down"), False, id="503"),  # a failure, not a request
        pytest.param(Answer(502, b"gateway"), False, id="502"),
    ],
)
def test_which_answers_ask_for_fewer_requests(answer: Answer, slowed: bool) -> None:
    """One such answer, then a 200: the limiter is told even though the retry succeeded."""
    told: list[tuple[str, int]] = []
    answers = [answer, Answer(body=b"ok")]
    clock = Clock()

    async def go(server: HostileServer) -> int:
        settings = Settings(site=server.url + "/", backoff_base=0.01)
        slow_down = lambda url, status: told.append((url, status))  # noqa: E731
        async with Fetcher(settings, sleep=clock.sleep, clock=clock, slow_down=slow_down) as f:
            return (await f.fetch(server.url + "/x")).status

    with HostileServer(lambda target: answers.pop(0)) as server:
        assert asyncio.run(go(server)) == 200
        assert told == ([(server.url + "/x", answer.status)] if slowed else [])


def test_the_delay_doubles_up_to_its_cap_and_is_never_lowered(
    caplog: pytest.LogCaptureFixture,
) -> None:
    limiter = RateLimiter(0.0, most=Settings().slow_down_max)
    delays = []
    with caplog.at_level(logging.WARNING):
        for _ in range(8):
            limiter.slow_down("http://127.0.0.1:1/x", 429)
            delays.append(limiter.delay)
    assert delays == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
    assert len(caplog.records) == 6  # once per change, none at the cap
    crawl_delay = RateLimiter(45.0, most=30.0)  # robots.txt asked for more than the cap
    crawl_delay.slow_down("http://127.0.0.1:1/x", 429)
    assert crawl_delay.delay == 45.0


def test_a_429_of_robots_txt_slows_the_crawl_that_follows(tmp_path: Path) -> None:
    """Its rules, read once it answered, set the delay: they must not undo the slow-down."""
    clock = Clock()
    arrivals: list[float] = []
    first = [Answer(429, b"too many requests")]
    pages = site(PAGES)

    def route(target: str) -> Answer | None:
        arrivals.append(clock.now)
        if target == "/robots.txt" and first:
            return first.pop()
        answer = pages(target)
        return answer if isinstance(answer, Answer) else None

    with HostileServer(route) as server:
        result = crawl_of(server, tmp_path, clock=clock, concurrency=1)
    assert result.status == "done", result.message
    assert len(arrivals) > 8
    assert all(later - earlier >= 1 - 1e-9 for earlier, later in itertools.pairwise(arrivals[1:]))
