"""Bounded time: Crawl-delay and Retry-After over their caps, a per-URL budget, trickled bodies,
silent timeouts, and the whole crawl's --max-time. Waits run on a fake clock (tests.hostile.Clock):
no test sleeps for what it checks; the few real timeouts are fractions of a second."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from scraper.errors import FetchError, RetryableStatus, TransportError, WaitTooLong
from scraper.http import Fetcher
from scraper.settings import Settings
from tests.crawl_helpers import isecg
from tests.hostile import Answer, Clock, HostileServer, crawl_of, page, serve, settings_of, site


def robots(delay: str) -> bytes:
    return f"User-agent: *\nCrawl-delay: {delay}\nDisallow:\n".encode()


FOUR_PAGES = {"/": page("/a", "/b", "/c"), "/a": page(), "/b": page(), "/c": page()}


def fetch_error(
    server: HostileServer, path: str, clock: Clock | None, **changes: Any
) -> FetchError:
    values: dict[str, Any] = {"backoff_base": 0.01, "backoff_max": 0.02, "connect_timeout": 2.0}
    settings = Settings(site=server.url + "/").but(**(values | changes))
    extra: dict[str, Any] = {} if clock is None else {"sleep": clock.sleep, "clock": clock}

    async def go() -> None:
        async with Fetcher(settings, **extra) as fetcher:
            await fetcher.fetch(server.url + path)

    with pytest.raises(FetchError) as caught:
        asyncio.run(go())
    return caught.value


def rows(data: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(data / "isecg.db") as conn:
        return conn.execute(sql).fetchall()


# -- Crawl-delay ----------------------------------------------------------------------------------


def test_crawl_delay_over_the_cap_stops_politely(tmp_path: Path) -> None:
    clock = Clock()
    with serve(site(FOUR_PAGES, robots=robots("100000"))) as server:
        result = crawl_of(server, tmp_path, clock=clock)
    assert server.log == ["/robots.txt"]  # nothing else asked for
    assert clock.sleeps == []  # and nothing slept
    assert result.status == "unhealthy"
    assert result.message and "Crawl-delay of 27.8 hours" in result.message
    assert "crawl_delay_max" in result.message


def test_crawl_delay_over_the_cap_exits_4_with_one_line(tmp_path: Path) -> None:
    with serve(site(FOUR_PAGES, robots=robots("100000"))) as server:
        done = isecg("crawl", "--site", server.url + "/", "--data", str(tmp_path), "--no-progress")
    assert done.returncode == 4
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("isecg: crawl 1 unhealthy: robots.txt asks for a Crawl-delay")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("delay", ["30", "60"])
def test_crawl_delay_within_the_cap_is_obeyed_and_announced(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, delay: str
) -> None:
    clock = Clock()
    with serve(site(FOUR_PAGES, robots=robots(delay))) as server, caplog.at_level(logging.INFO):
        result = crawl_of(server, tmp_path, clock=clock, concurrency=1)
    assert server.count("/") >= 4
    assert clock.sleeps and max(clock.sleeps) <= float(delay)
    assert sum(clock.sleeps) >= float(delay) * (len(server.log) - 2)
    assert any(f"Crawl-delay of {float(delay)}" in r.message for r in caplog.records)
    assert "Crawl-delay" not in (result.message or "")


# -- Retry-After ----------------------------------------------------------------------------------


def test_retry_after_over_the_cap_is_not_waited_and_stops_the_crawl(tmp_path: Path) -> None:
    pages = {
        **FOUR_PAGES,
        "/": page(*(f"/p{i}" for i in range(20))),
        **{f"/p{i}": Answer(503, b"later", headers=[("Retry-After", "100000")]) for i in range(20)},
    }
    clock = Clock()
    with serve(site(pages)) as server:
        result = crawl_of(server, tmp_path, clock=clock, concurrency=1)
    assert all(wait < 1 for wait in clock.sleeps)
    assert server.count("/p") <= 2  # one, and perhaps one already on its way
    assert result.status == "unhealthy"
    assert result.message and "Retry-After" in result.message
    assert "retry_after_max" in result.message and "URLs left" in result.message
    # The 503 itself is archived.
    archived = rows(tmp_path, "SELECT status, warc_file FROM captures WHERE url LIKE '%/p%'")
    assert archived and all(status == 503 and warc for status, warc in archived)


def test_retry_after_waits_add_up_to_the_cap_per_url() -> None:
    """Retry-After 120 three times: 240 s waited, then the third ask (past 300) is refused."""
    answer = Answer(503, b"later", headers=[("Retry-After", "120")])
    clock = Clock()
    with serve(site({"/x": answer})) as server:
        error = fetch_error(server, "/x", clock, max_attempts=4)
    assert type(error) is WaitTooLong
    assert clock.sleeps == [120.0, 120.0] and sum(clock.sleeps) <= 300
    assert "over the 300 s per URL (retry_after_max)" in str(error)


def test_a_retry_after_of_centuries_is_said_in_words() -> None:
    """400 nines of Retry-After: "asked to retry after inf years"."""
    answer = Answer(503, b"later", headers=[("Retry-After", "9" * 400)])
    clock = Clock()
    with serve(site({"/x": answer})) as server:
        error = fetch_error(server, "/x", clock)
    assert type(error) is WaitTooLong and clock.sleeps == []
    assert "asked to retry after over 100 years (Retry-After)" in str(error)


def test_a_long_retry_after_is_announced(caplog: pytest.LogCaptureFixture) -> None:
    answers = [Answer(503, b"later", headers=[("Retry-After", "20")]), Answer(body=b"ok")]
    clock = Clock()

    def route(target: str) -> Answer:
        return answers.pop(0) if len(answers) > 1 else answers[0]

    async def go(server: HostileServer) -> int:
        settings = Settings(site=server.url + "/")
        async with Fetcher(settings, sleep=clock.sleep, clock=clock) as fetcher:
            return (await fetcher.fetch(server.url + "/x")).status

    with HostileServer(route) as server, caplog.at_level(logging.INFO):
        assert asyncio.run(go(server)) == 200
    assert clock.sleeps == [20.0]
    assert any("waiting 20 s before retrying" in r.message for r in caplog.records)


def test_a_long_backoff_is_announced_with_what_failed(caplog: pytest.LogCaptureFixture) -> None:
    """Offline, "waiting 28 s before retrying ... (backoff)" for two minutes told nobody why
    (the README walkthrough, helper-189): each announcement names the failure."""
    answer = Answer(503, b"later")
    clock = Clock()
    with serve(site({"/x": answer})) as server, caplog.at_level(logging.INFO):
        fetch_error(server, "/x", clock, backoff_base=10.0, backoff_max=20.0, max_attempts=3)
    waits = [r.message for r in caplog.records if "before retrying" in r.message]
    assert waits and all(m.endswith("(backoff: HTTP 503)") for m in waits)


def test_the_url_budget_ends_retries() -> None:
    """503 without Retry-After, backoff growing: retries end within url_time_budget."""
    clock = Clock()
    with serve(site({"/x": Answer(503, b"down")})) as server:
        error = fetch_error(
            server, "/x", clock, max_attempts=50, backoff_base=20.0, backoff_max=1000.0
        )
    assert type(error) is RetryableStatus
    assert sum(clock.sleeps) < 420 and error.attempts < 50
    assert "url_time_budget" in str(error) and "gave up after" in str(error)


# -- trickles and timeouts ------------------------------------------------------------------------


def test_a_trickled_body_is_cut_at_the_total_timeout_and_not_retried() -> None:
    trickle = Answer(body=b"x" * 1000, trickle=0.05)  # 50 s to send it all
    with serve(site({"/slow": trickle})) as server:
        error = fetch_error(server, "/slow", None, total_timeout=0.5, max_attempts=4)
    assert isinstance(error, TransportError) and error.attempts == 1
    assert "timed out after 0.5 s" in str(error) and "total_timeout" in str(error)
    assert server.count("/slow") == 1
    assert error.elapsed < 3


def test_the_last_attempt_gets_what_is_left_of_the_budget() -> None:
    trickle = Answer(body=b"x" * 1000, trickle=0.05)
    with serve(site({"/slow": trickle})) as server:
        error = fetch_error(server, "/slow", None, total_timeout=30.0, url_time_budget=0.4)
    assert "url_time_budget" in str(error) and error.elapsed < 3


def stall(target: str) -> bytes | Answer | None:
    """Headers, then nothing: the body never comes."""
    if target == "/stall":
        return Answer(body=b"never", trickle=30.0)
    return None


def test_a_read_timeout_says_how_long() -> None:
    with HostileServer(stall) as server:
        error = fetch_error(server, "/stall", None, read_timeout=0.2, max_attempts=1)
    assert str(error).endswith("ReadTimeout: no data for 0.2 s (read_timeout)")


def test_a_crawl_records_a_timeout_in_words(tmp_path: Path) -> None:
    pages = {"/": page("/stall"), "/stall": Answer(body=b"never", trickle=30.0)}
    with serve(site(pages)) as server:
        # 1.5 s, not less: robots.txt and the home page must answer in time on a loaded machine
        crawl_of(server, tmp_path, read_timeout=1.5, max_attempts=1)
    ((error,),) = rows(tmp_path, "SELECT error FROM captures WHERE url LIKE '%/stall'")
    assert "no data for 1.5 s (read_timeout)" in error


# -- the whole crawl ------------------------------------------------------------------------------


BIG_SITE = {"/": page(*(f"/n{i}" for i in range(60))), **{f"/n{i}": page() for i in range(60)}}


def test_max_time_stops_the_crawl_and_the_next_takes_up_the_rest(tmp_path: Path) -> None:
    clock = Clock(tick=1.0)  # every reading of the clock, a second passes
    with serve(site(BIG_SITE)) as server:
        first = crawl_of(server, tmp_path, clock=clock, max_time=40.0, concurrency=1)
        asked_first = set(server.log)
        server.log.clear()
        second = crawl_of(server, tmp_path)
    assert first.status == "unhealthy"
    assert first.message and first.message.startswith("stopped after --max-time 40 s")
    assert "URLs left" in first.message
    assert 2 < len(asked_first) < 60
    # Built what it fetched: the capture index and the build ran.
    assert rows(tmp_path, "SELECT COUNT(*) FROM build_stats WHERE crawl_id = 1") == [(1,)]
    # The next crawl asks for the pages the first never reached.
    never = {f"/n{i}" for i in range(60)} - asked_first
    assert never and never <= set(server.log)
    assert rows(tmp_path, "SELECT COUNT(*) FROM frontier WHERE crawl_id = 2 AND source = 'left'")[
        0
    ][0] == len(never)
    assert second.message is None or "max-time" not in second.message


def test_max_time_from_the_command_line(tmp_path: Path) -> None:
    with serve(site(BIG_SITE)) as server:
        done = isecg(
            "crawl",
            "--site",
            server.url + "/",
            "--data",
            str(tmp_path),
            "--no-progress",
            "--delay",
            "0",
            "--max-time",
            "0.0000001",
        )
    assert done.returncode == 4, done.stderr
    assert "stopped after --max-time" in done.stderr.strip().splitlines()[-1]
    assert "Traceback" not in done.stderr
    status = isecg("status", "--data", str(tmp_path))
    assert status.returncode == 1 and "stopped after --max-time" in status.stdout


def test_settings_defaults_bound_every_wait() -> None:
    s = Settings()
    assert (s.crawl_delay_max, s.retry_after_max, s.url_time_budget) == (60.0, 300.0, 420.0)
    assert s.max_time == 6 * 3600
    assert s.retry_after_max < s.url_time_budget  # a Retry-After within the cap is waited


def test_settings_of_helper(tmp_path: Path) -> None:
    with serve(site({"/": page()})) as server:
        assert settings_of(server, tmp_path).site == server.url + "/"


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        *((45, "45 s"), (720, "12 minutes"), (100_000, "27.8 hours"), (864_000, "10 days")),
        (2.3e9, "72.9 years"),  # helper-195: a Retry-After date in 2099 read "2.3e+09 s"
        (2.5e11, "over 100 years"),  # a date in 9999 read "7.92e+03 years"
        (float("inf"), "over 100 years"),  # 400 nines read "inf years"
    ],
)
def test_waits_read_as_people_read_them(seconds: float, said: str) -> None:
    from scraper.retries import duration

    assert duration(seconds) == said
