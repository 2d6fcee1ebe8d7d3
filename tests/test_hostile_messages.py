"""One clear line for every failure, naming its cause, with the documented exit code and no
traceback: robots.txt too big, forbidding everything, failing; redirects to schemes that are
never fetched (whose answers are still archived)."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from scraper.discover import MAX_URL_CHARS
from scraper.http import Fetcher
from scraper.settings import Settings
from tests.crawl_helpers import isecg
from tests.hostile import Answer, HostileServer, crawl_of, page, serve, site

HOME = {"/": page("/a"), "/a": page()}


def rows(data: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(data / "isecg.db") as conn:
        return conn.execute(sql).fetchall()


def with_robots(answer: Answer) -> dict[str, Answer | bytes]:
    return {**HOME, "/robots.txt": answer}


# -- robots.txt ---------------------------------------------------------------------------------

ROBOTS_CASES = [
    pytest.param(
        Answer(body=b"# comment\n" * 2000, content_type="text/plain"),
        "robots.txt is too big (Content-Length 20000 is over the cap of 5000 bytes)",
        id="too-big",
    ),
    pytest.param(
        Answer(body=b"User-agent: *\nDisallow: /\n", content_type="text/plain"),
        "robots.txt forbids everything to isecg-archive",
        id="forbids-everything",
    ),
    pytest.param(
        Answer(body=b"User-agent: isecg-archive\nDisallow: /\n", content_type="text/plain"),
        "robots.txt forbids everything to isecg-archive",
        id="forbids-us",
    ),
    pytest.param(Answer(500, b"oops"), "robots.txt answered 500", id="500"),
    pytest.param(Answer(403, b"no"), "robots.txt answered 403", id="403"),
    pytest.param(Answer(429, b"slow down"), "robots.txt answered 429", id="429"),
]


@pytest.mark.parametrize(("robots", "said"), ROBOTS_CASES)
def test_robots_txt_failures_are_named(tmp_path: Path, robots: Answer, said: str) -> None:
    with serve(with_robots(robots)) as server:
        result = crawl_of(server, tmp_path, max_page_bytes=5000, max_attempts=1)
    assert result.status == "unhealthy"
    assert result.message and result.message.startswith(said), result.message
    assert "home page" not in result.message and "did not answer" not in result.message
    assert server.log == ["/robots.txt"]
    # each address not fetched says why: a robots.txt that failed is no robots.txt that
    # disallowed it (helper-191: the site down, 176 addresses "disallowed by robots.txt")
    errors = {e for (e,) in rows(tmp_path, "SELECT error FROM captures WHERE kind != 'robots'")}
    if "forbids" in said:
        assert errors == {"disallowed by robots.txt"}
    else:  # "robots.txt answered 500: nothing is fetched ...", "robots.txt no answer: ..."
        assert errors and all(e.startswith("robots.txt ") for e in errors), errors
        assert "disallowed by robots.txt" not in errors


# Through the command line, with its default 10 MB cap: the forbid-all case (the too-big one
# is read whole at that cap, and a site with a readable home page is then healthy).
@pytest.mark.parametrize(("robots", "said"), ROBOTS_CASES[1:2])
def test_robots_txt_failures_exit_4_with_one_line(
    tmp_path: Path, robots: Answer, said: str
) -> None:
    with serve(with_robots(robots)) as server:
        done = isecg("crawl", "--site", server.url + "/", "--data", str(tmp_path), "--no-progress")
    assert done.returncode == 4
    assert "Traceback" not in done.stderr
    assert said in done.stderr.strip().splitlines()[-1]


def test_a_site_that_never_answers_says_why(tmp_path: Path, refused_port: int) -> None:
    settings: dict[str, Any] = {"site": f"http://127.0.0.1:{refused_port}/", "max_attempts": 1}
    with serve(HOME) as server:
        result = crawl_of(server, tmp_path, **settings)
    assert result.status == "failed"
    assert result.message and result.message.startswith("the site did not answer at all")
    assert "ConnectError" in result.message


# -- redirects to refused schemes ------------------------------------------------------------------


REFUSED_TARGETS = [
    ("javascript:alert(1)", "forbidden scheme (javascript:)"),
    ("data:text/html,<script>alert(1)</script>", "forbidden scheme (data:)"),
    ("data:text/html;base64," + "A" * 5000, "forbidden scheme (data:)"),
    ("mailto:someone@example.org", "forbidden scheme (mailto:)"),
    ("ftp://127.0.0.1/file", "forbidden scheme (ftp:)"),
    ("http://[::1", "cannot be parsed"),
    ("http://127.0.0.1:99999/", "cannot be parsed"),
]


@pytest.mark.parametrize(("location", "why"), REFUSED_TARGETS)
def test_redirect_to_a_refused_target_is_archived_and_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, location: str, why: str
) -> None:
    pages = {"/": page("/go"), "/go": Answer(302, b"", headers=[("Location", location)])}
    with serve(site(pages)) as server, caplog.at_level(logging.WARNING):
        crawl_of(server, tmp_path)
    # The 302 itself is archived, with its Location as the server sent it.
    assert rows(
        tmp_path,
        "SELECT status, location, warc_file IS NOT NULL, outcome FROM captures"
        " WHERE url LIKE '%/go'",
    ) == [(302, location, 1, "ok")]
    refused = rows(tmp_path, "SELECT error_class, error FROM captures WHERE outcome = 'refused'")
    assert len(refused) == 1 and refused[0][0] == "RefusedRedirect"
    assert why in refused[0][1]
    assert not [r for r in caplog.records if r.exc_info], "no traceback"


# Locations httpx's redirect code cannot read though URL.join can: an InvalidURL raised from
# inside httpx, six tracebacks and the 301s not archived (review of the crawler's network side)
ODD_LOCATIONS = ["http:dest", "http:\\\\a.example\\x", "https:foo/bar", "https:"]


@pytest.mark.parametrize(
    "location", ["javascript:void(0)", "data:,x", "http://[::1", *ODD_LOCATIONS]
)
def test_the_fetcher_returns_a_redirect_it_cannot_follow(location: str) -> None:
    answer = Answer(301, b"moved", headers=[("Location", location)])
    with serve(site({"/go": answer})) as server:

        async def go() -> Any:
            async with Fetcher(Settings(site=server.url + "/")) as fetcher:
                return await fetcher.fetch(server.url + "/go")

        fetched = asyncio.run(go())
    assert fetched.status == 301 and fetched.header("location") == location
    assert ("Location", location) in fetched.headers  # as received, for the WARC record


def test_locations_read_as_a_browser_reads_them(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pages = {
        "/": page(*(f"/b{n}" for n in range(len(ODD_LOCATIONS)))),
        **{
            f"/b{n}": Answer(301, b"moved", headers=[("Location", location)])
            for n, location in enumerate(ODD_LOCATIONS)
        },
        "/dest": page(),
    }
    with serve(site(pages)) as server, caplog.at_level(logging.INFO):
        result = crawl_of(server, tmp_path)
    assert result.status == "done"
    assert not [r for r in caplog.records if r.exc_info], "no traceback"
    # every 301 archived as answered, its Location as sent (in any order: two at a time)
    assert sorted(
        rows(
            tmp_path,
            "SELECT location, warc_file IS NOT NULL, outcome FROM captures WHERE status = 301",
        )
    ) == sorted((location, 1, "ok") for location in ODD_LOCATIONS)
    assert "/dest" in server.log  # http:dest, from an http page: this site's /dest
    assert rows(
        tmp_path,
        "SELECT url, error_class, error FROM captures WHERE outcome = 'refused' ORDER BY error",
    ) == [
        ("http://a.example/x", "OffSiteRedirect", f"redirect from {server.url}/b1 leaves the site"),
        ("https://foo/bar", "OffSiteRedirect", f"redirect from {server.url}/b2 leaves the site"),
        (
            "https:",
            "RefusedRedirect",
            f"redirect from {server.url}/b3 to a URL that cannot be parsed",
        ),
    ]


def test_a_redirect_to_a_url_over_the_length_limit_is_not_followed(tmp_path: Path) -> None:
    """500 redirects to on-site URLs of 60 KB were asked for and stored: a 248 MB database.
    A redirect is held to the limit a link is held to (MAX_URL_CHARS)."""
    pages: dict[str, Answer | bytes] = {"/": page("/r0", "/r1", "/fits")}
    with serve(site(pages)) as server:
        for n in range(2):
            far = f"/long{n}/" + "a" * 60_000
            pages[f"/r{n}"] = Answer(302, b"", headers=[("Location", far)])
        fits = "/ok/" + "a" * (MAX_URL_CHARS - len(server.url) - len("/ok/"))
        pages["/fits"] = Answer(302, b"", headers=[("Location", fits)])
        pages[fits] = page()
        crawl_of(server, tmp_path)
    assert not [target for target in server.log if target.startswith("/long")]
    assert fits in server.log  # a URL of exactly MAX_URL_CHARS is one
    assert rows(tmp_path, "SELECT COUNT(*) FROM captures WHERE status = 302") == [(3,)]
    refused = rows(
        tmp_path, "SELECT length(url), error FROM captures WHERE outcome = 'refused' ORDER BY id"
    )
    assert [length for length, _ in refused] == [2000, 2000]  # as a data: URL's, cut
    chars = len(f"{server.url}/long0/") + 60_000
    assert [error.split(" to ", 1)[1] for _, error in refused] == [
        f"a URL of {chars:,} characters, over the 4,096 a URL may have (MAX_URL_CHARS)"
    ] * 2


def test_robots_txt_redirecting_to_a_long_url_says_so_in_one_short_line(tmp_path: Path) -> None:
    far = "/robots/" + "a" * 60_000
    pages = {**HOME, "/robots.txt": Answer(301, b"", headers=[("Location", far)])}
    with serve(site(pages)) as server:
        result = crawl_of(server, tmp_path)
    assert result.message and len(result.message) < 400
    assert result.message.startswith(f"robots.txt redirects to {far[:200]}… (60,008 characters)")


def test_a_chain_past_max_redirects_is_said_on_its_last_redirect(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """/c0 redirects to /c1 ... to /c6: the sixth redirect was dropped with no row and no
    log line. /c6 is linked too: its own capture must not be lost to the chain's end."""
    pages: dict[str, Answer | bytes] = {"/": page("/c0", "/c6"), "/c6": page()}
    for n in range(6):
        pages[f"/c{n}"] = Answer(302, b"", headers=[("Location", f"/c{n + 1}")])
    with serve(site(pages)) as server, caplog.at_level(logging.WARNING):
        result = crawl_of(server, tmp_path, max_redirects=5, concurrency=1)
    assert result.status == "done"
    said = f"redirect to {server.url}/c6 not followed: 5 redirects in a row already (max_redirects)"
    assert rows(
        tmp_path,
        "SELECT url, status, outcome, error_class, error FROM captures WHERE error_class IS NOT"
        " NULL",
    ) == [(f"{server.url}/c5", 302, "ok", "TooManyRedirects", said)]
    assert [r.getMessage() for r in caplog.records if "max_redirects" in r.getMessage()] == [
        f"{server.url}/c5: {said}"
    ]
    assert server.log.count("/c6") == 1  # asked for once, as linked
    assert rows(tmp_path, "SELECT status FROM captures WHERE url LIKE '%/c6'") == [(200,)]


def test_an_off_site_redirect_still_says_so(tmp_path: Path) -> None:
    pages = {
        "/": page("/go"),
        "/go": Answer(302, b"", headers=[("Location", "https://a.example/")]),
    }
    with serve(site(pages)) as server:
        crawl_of(server, tmp_path)
    assert rows(tmp_path, "SELECT error_class FROM captures WHERE outcome = 'refused'") == [
        ("OffSiteRedirect",)
    ]


def test_server_errors_are_answers(tmp_path: Path) -> None:
    with HostileServer(site({"/": page("/boom"), "/boom": Answer(500, b"x")})) as server:
        crawl_of(server, tmp_path, max_attempts=1)
    ((error_class, status),) = rows(
        tmp_path, "SELECT error_class, status FROM captures WHERE url LIKE '%/boom'"
    )
    assert status == 500 and error_class == "RetryableStatus"
