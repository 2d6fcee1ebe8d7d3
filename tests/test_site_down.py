"""A site that stops answering mid-crawl stops the crawl after a few URLs in a row, left to
the next crawl, rather than failing every URL left after its retries (helper-192: 271 s for
the replica's last 101 URLs; the real site's thousands would take hours)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from scraper.errors import RefusedURL, RetryableStatus, TooLarge, TransportError
from scraper.limits import DOWN_AFTER, Limits
from scraper.retries import BudgetSpent, SlowBody, TotalTimeout
from scraper.settings import Settings
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import Clock, rows, run_crawl
from tests.fixtures.site.faults import FaultPlan
from tests.hostile import Answer, Drip, crawl_of, page, serve, site

URL = "http://127.0.0.1:9/"


def limits() -> Limits:
    return Limits(Settings(site=URL), clock=lambda: 0.0)


@pytest.mark.parametrize(
    "error",
    [
        TransportError(URL, "ConnectError: All connection attempts failed"),
        TransportError(URL, "ReadTimeout"),
        RetryableStatus(URL, 502),
        RetryableStatus(URL, 503),
        RetryableStatus(URL, 504),
        TotalTimeout(URL, "timed out after 120 s: the total timeout"),  # no headers by then
    ],
    ids=["no connection", "no answer in time", "502", "503", "504", "total timeout"],
)
def test_urls_in_a_row_without_an_answer_stop_the_crawl(error: Exception) -> None:
    seen = limits()
    for _ in range(DOWN_AFTER - 1):
        seen.fetched(error)  # type: ignore[arg-type]
    assert seen.stopped is None
    seen.fetched(error)  # type: ignore[arg-type]
    assert seen.stopped and seen.stopped.startswith(
        f"the site stopped answering: {DOWN_AFTER} URLs in a row failed after every retry"
    )
    assert "the next crawl takes up the URLs left" in seen.stopped


@pytest.mark.parametrize(
    "between",
    [
        None,  # an answer
        RetryableStatus(URL, 500),  # the page's own error: the site answered
        TooLarge(URL, "over the cap"),
        SlowBody(URL, "trickled"),  # a body trickling past the total timeout: that URL's
        BudgetSpent(URL, "what was left of its time"),  # after answers to it (helper-209)
    ],
    ids=["answer", "500", "too large", "slow body", "budget spent"],
)
def test_an_answer_between_starts_the_count_again(between: Exception | None) -> None:
    seen = limits()
    down = TransportError(URL, "ConnectError")
    for _ in range(DOWN_AFTER - 1):
        seen.fetched(down)
    seen.fetched(between)  # type: ignore[arg-type]
    for _ in range(DOWN_AFTER - 1):
        seen.fetched(down)
    assert seen.stopped is None


def test_urls_in_a_row_refused_with_429_stop_the_crawl_saying_so() -> None:
    seen = limits()
    for _ in range(DOWN_AFTER - 1):
        seen.fetched(RetryableStatus(URL, 429, 1.0))
    assert seen.stopped is None
    seen.fetched(RetryableStatus(URL, 429, 1.0))
    assert seen.stopped and seen.stopped.startswith(
        f"the site refuses our requests: {DOWN_AFTER} URLs in a row answered 429 Too Many"
        f" Requests after every retry (the last: {URL}: HTTP 429)"
    )


def test_429s_and_gateways_down_in_a_row_stop_it_as_a_site_down() -> None:
    seen = limits()
    seen.fetched(RetryableStatus(URL, 503))
    for _ in range(DOWN_AFTER - 1):
        seen.fetched(RetryableStatus(URL, 429))
    assert seen.stopped and seen.stopped.startswith("the site stopped answering: 5 URLs in a row")


def test_a_site_answering_429_to_everything_is_left_after_a_few_urls(tmp_path: Path) -> None:
    """43 URLs answering 429 (Retry-After: 1) made 172 requests, each URL waiting its
    Retry-After thrice, and the crawl never stopped."""
    home = site({"/": page(*(f"/p{n}" for n in range(40)))})
    refusing = Answer(429, b"slow down", headers=[("Retry-After", "1")])

    def route(target: str) -> Answer | bytes | Drip | None:
        return refusing if target.startswith("/p") else home(target)

    clock = Clock()
    with serve(route) as server:
        result = crawl_of(server, tmp_path, clock=clock, max_attempts=4, concurrency=1)
    assert result.status == "unhealthy"
    assert result.message and result.message.startswith(
        "the site refuses our requests: 5 URLs in a row answered 429"
    )
    assert "URLs left" in result.message
    # the five refused URLs and their retries, and nothing else of the forty pages
    assert server.count("/p") == DOWN_AFTER * 4
    # each Retry-After waited, as before; and every request after the first 429 spaced
    # further, the delay doubling up to slow_down_max (tests/test_hostile_slow_down.py)
    assert clock.sleeps.count(1.0) >= DOWN_AFTER * 3 and max(clock.sleeps) == 30.0


def test_a_tarpit_dripping_its_headers_is_a_site_down(tmp_path: Path) -> None:
    """A byte of headers every 50 ms never lets the read timeout fire; each URL ran to the
    total timeout, and the crawl went on through every one of them."""
    home = site({"/": page(*(f"/t{n}" for n in range(12)))})
    tarpit = Drip(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000, every=0.05)

    def route(target: str) -> Answer | bytes | Drip | None:
        return tarpit if target.startswith("/t") else home(target)

    with serve(route) as server:
        result = crawl_of(server, tmp_path, total_timeout=0.3, concurrency=1)
    assert result.status == "unhealthy"
    assert result.message and result.message.startswith(
        "the site stopped answering: 5 URLs in a row failed after every retry"
    )
    assert "timed out after 0.3 s: the total timeout" in result.message
    assert server.count("/t") == DOWN_AFTER  # one attempt each (a total timeout is not retried)


def test_a_slow_500_cut_by_the_urls_time_says_nothing_of_the_site(tmp_path: Path) -> None:
    """Each page answers 500 after 0.15 s; its third attempt has 0.1 s of the URL's time left
    and gets no headers in them (helper-209: counted as "no answer", every such nightly
    crawl stopped as a site down at the same place). The site answered each URL."""

    def route(target: str) -> Answer | bytes | Drip | None:
        if target.startswith("/p"):
            time.sleep(0.15)  # a slow back end (the server's own thread)
            return Answer(500, b"internal error")
        return site({"/": page(*(f"/p{n}" for n in range(DOWN_AFTER)))})(target)

    with serve(route) as server:
        result = crawl_of(
            server, tmp_path, total_timeout=0.25, url_time_budget=0.4, max_attempts=4, concurrency=1
        )
    assert result.message and "stopped answering" not in result.message, result.message
    query = "SELECT DISTINCT error_class FROM captures WHERE url LIKE '%/p%'"
    errors = rows(tmp_path / "isecg.db", query)
    assert ("BudgetSpent",) in errors


def test_documents_failing_in_a_row_say_nothing_of_the_site() -> None:
    """helper-199: five PDFs answering 504, asked first every night, stopped every night,
    the other documents never asked again, while every page answered."""
    seen = limits()
    for _ in range(DOWN_AFTER * 2):
        seen.fetched(RetryableStatus(URL, 504), "document")
    assert seen.stopped is None
    for _ in range(DOWN_AFTER - 1):
        seen.fetched(TransportError(URL, "ConnectError"), "page")
    seen.fetched(None, "document")  # a document's answer is the site's
    seen.fetched(TransportError(URL, "ConnectError"), "page")
    assert seen.stopped is None


def test_a_refused_url_says_nothing_of_the_site() -> None:
    seen = limits()
    down = TransportError(URL, "ConnectError")
    for _ in range(DOWN_AFTER - 1):
        seen.fetched(down)
    seen.fetched(RefusedURL(URL, "a private address"))  # never asked
    seen.fetched(down)
    assert seen.stopped is not None


@pytest.mark.parametrize("fault", ["reset", "503"])
def test_a_site_that_stops_answering_stops_the_crawl(
    replica_factory: ReplicaFactory, tmp_path: Path, fault: str
) -> None:
    # every post page fails on every attempt: reset, or 503 as a gateway says it
    plan = FaultPlan(seed=1, rate=1.0, kinds=(fault,), max_in_a_row=99, paths=("/?p=",))
    server = replica_factory(faults=plan)
    result = run_crawl(server, tmp_path, Clock(), max_attempts=2, retry_after_max=5)
    assert result.status == "unhealthy"
    assert result.message and "the site stopped answering" in result.message
    posts = {e.path for e in server.log if e.path.startswith("/?p=")}
    queued = rows(tmp_path / "isecg.db", "SELECT COUNT(*) FROM frontier WHERE url LIKE '%/?p=%'")[
        0
    ][0]
    assert len(posts) < queued  # stopped: the posts not asked for are the next crawl's
    failed = rows(tmp_path / "isecg.db", "SELECT COUNT(*) FROM captures WHERE outcome = 'error'")[
        0
    ][0]
    assert failed >= DOWN_AFTER


def every_other_page_down(site: object, target: str, base_url: str, rest: str, **_: object):
    """Twelve pages, the even ones behind a gateway that says they are down."""
    from types import SimpleNamespace

    def answer(status: int, body: bytes, kind: str = "text/html") -> SimpleNamespace:
        return SimpleNamespace(
            status=status, body=body, content_type=kind, headers=(), last_modified=None
        )

    if target == "/robots.txt":
        return answer(200, b"User-agent: *\nDisallow:\n", "text/plain")
    if target == "/":
        links = "".join(f'<a href="/a/{n}">page {n}</a> ' for n in range(1, 13))
        return answer(200, f"<html><body>{links}</body></html>".encode())
    if target.startswith("/a/"):
        if int(target.rsplit("/", 1)[1]) % 2 == 0:
            return answer(502, b"bad gateway")
        return answer(200, b"<html><body><p>a page</p></body></html>")
    return answer(404, b"not found")


def test_urls_failing_between_answers_do_not_stop_the_crawl(
    replica_factory: ReplicaFactory, tmp_path: Path
) -> None:
    server = replica_factory(handler=every_other_page_down)
    result = run_crawl(server, tmp_path, Clock(), max_attempts=2, concurrency=1)
    asked = {e.path for e in server.log if e.path.startswith("/a/")}
    assert asked == {f"/a/{n}" for n in range(1, 13)}  # all twelve: six failed, none in a row
    assert "stopped answering" not in (result.message or "")
