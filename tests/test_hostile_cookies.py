"""A site's cookies are kept as a browser keeps them, within bounds: every cookie kept goes back
on every request, and every request is archived. A site setting 40 new cookies of 2 KB on each
page grew each request's Cookie header without end (305 small pages, a 2 GB WARC file)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from scraper.clients import (
    MAX_COOKIE_BYTES,
    MAX_COOKIES_PER_HOST,
    MAX_HOST_COOKIE_BYTES,
    _SetCookies,
)
from scraper.http import Fetcher
from scraper.settings import Settings
from tests.hostile import Answer, HostileServer, crawl_of, page, serve


def cookies(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Set-Cookie", f"{name}={value}; Path=/") for name, value in pairs]


def sent(server: HostileServer, target: str) -> dict[str, str]:
    """The cookies the last request for `target` carried, by name."""
    header = [h for path, h in server.heard if path == target][-1].get("cookie", "")
    return dict(pair.split("=", 1) for pair in header.split("; ") if pair)


def fetch_all(server: HostileServer, *targets: str) -> None:
    async def go() -> None:
        async with Fetcher(Settings(site=server.url + "/")) as fetcher:
            for target in targets:
                await fetcher.fetch(server.url + target)

    asyncio.run(go())


def forty_new_cookies_a_page(target: str) -> Answer | None:
    """Pages /p0 to /p5, each setting 40 new cookies of 1 KB and linking to the next."""
    if target == "/robots.txt":
        return Answer(body=b"User-agent: *\nDisallow:\n", content_type="text/plain")
    if target == "/":
        return page("/p0")
    if not target.startswith("/p"):
        return None
    n = int(target[2:])
    made = cookies(*((f"c{n}_{i}", "x" * 1000) for i in range(40)))
    return replace(page(f"/p{n + 1}") if n < 5 else page(), headers=made)


def test_a_site_setting_cookies_on_every_page_gets_a_bounded_cookie_header(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        serve(forty_new_cookies_a_page) as server,
        caplog.at_level(logging.WARNING, logger="isecg.http"),
    ):
        result = crawl_of(server, tmp_path, concurrency=1)
    assert {f"/p{n}" for n in range(6)} <= {path for path, _ in server.heard}
    assert result.counts["errors"] == 0  # every page answered
    longest = max(len(h.get("cookie", "")) for _, h in server.heard)
    # names and values within the bound, with "=" and "; " between them (was 200 KB by /p5)
    assert 0 < longest <= MAX_HOST_COOKIE_BYTES + 3 * MAX_COOKIES_PER_HOST
    said = [r.getMessage() for r in caplog.records if "cookies past" in r.getMessage()]
    assert said == [
        "127.0.0.1 sets more than 8192 bytes of cookies: cookies past a browser's bounds are"
        " dropped, not sent back (said once a host)"
    ]


def test_at_most_fifty_cookies_a_host_those_first_kept() -> None:
    many = cookies(*((f"n{i}", "v") for i in range(MAX_COOKIES_PER_HOST + 10)))
    pages = {"/set": Answer(headers=many), "/next": Answer()}
    with serve(pages) as server:
        fetch_all(server, "/set", "/next")
    assert sent(server, "/next") == {f"n{i}": "v" for i in range(MAX_COOKIES_PER_HOST)}


def test_a_cookie_over_4096_bytes_is_dropped_and_the_rest_kept() -> None:
    big = "b" * MAX_COOKIE_BYTES  # with its name, over the bound
    pages = {"/set": Answer(headers=cookies(("big", big), ("small", "s"))), "/next": Answer()}
    with serve(pages) as server:
        fetch_all(server, "/set", "/next")
    assert sent(server, "/next") == {"small": "s"}


def test_a_cookie_kept_may_still_change_at_the_bound() -> None:
    full = cookies(*((f"n{i}", "v") for i in range(MAX_COOKIES_PER_HOST)))
    pages = {
        "/set": Answer(headers=full),
        "/change": Answer(headers=cookies(("n0", "changed"), ("one_more", "x"))),
        "/next": Answer(),
    }
    with serve(pages) as server:
        fetch_all(server, "/set", "/change", "/next")
    now = sent(server, "/next")
    assert now["n0"] == "changed" and "one_more" not in now
    assert len(now) == MAX_COOKIES_PER_HOST


def test_a_parent_domains_cookies_count_with_the_hosts() -> None:
    """helper-209: 50 host-only cookies and 50 more for `Domain=example.org` were kept apart,
    though every request to www.example.org carries both: a 15,578-byte Cookie header."""
    jar = _SetCookies()
    sets = [("set-cookie", f"a{i}={'x' * 150}; Path=/") for i in range(50)]
    sets += [("set-cookie", f"b{i}={'y' * 150}; Path=/; Domain=example.org") for i in range(50)]
    request = httpx.Request("GET", "http://www.example.org/")
    jar.extract_cookies(httpx.Response(200, headers=sets, request=request))
    following = httpx.Request("GET", "http://www.example.org/next")
    jar.set_cookie_header(following)
    assert len(list(jar.jar)) <= MAX_COOKIES_PER_HOST
    assert len(following.headers.get("cookie", "")) <= MAX_HOST_COOKIE_BYTES
