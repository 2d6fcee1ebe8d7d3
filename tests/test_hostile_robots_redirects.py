"""robots.txt that redirects: followed as RFC 9309 (2.3.1.2) asks, up to five redirects, each
archived, but only on the site's own scheme, host and port; anywhere else, or one redirect
more, and robots.txt gives no rules: nothing is fetched, and the one line says why."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.crawl_helpers import ISECG
from tests.hostile import Answer, Drip, HostileServer, crawl_of, page, serve, site, wait_until

RULES = b"User-agent: *\nDisallow: /private\n"
HOME = {"/": page("/a", "/private"), "/a": page(), "/private": page()}


def moved(to: str, status: int = 301) -> Answer:
    return Answer(status, b"", headers=[("Location", to)])


def rows(data: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(data / "isecg.db") as conn:
        return conn.execute(sql).fetchall()


def archived(data: Path) -> list[tuple[str, str]]:
    """(target URI, HTTP status) of every response record in the crawl's WARC files."""
    found = []
    for path in sorted((data / "warc").glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    uri = record.rec_headers["WARC-Target-URI"]
                    found.append((uri, record.http_headers.get_statuscode()))
    return found


def test_a_redirect_on_the_site_is_followed_for_the_rules(tmp_path: Path) -> None:
    pages = {
        **HOME,
        "/robots.txt": moved("/robots-new.txt"),
        "/robots-new.txt": Answer(body=RULES, content_type="text/plain"),
    }
    with serve(site(pages)) as server:
        result = crawl_of(server, tmp_path)
    assert result.status == "done", result.message
    assert server.count("/robots") == 2  # each asked once: never again by a worker
    assert "/a" in server.log and "/private" not in server.log  # the target's rules obeyed
    assert (f"{server.url}/robots.txt", "301") in archived(tmp_path)
    assert (f"{server.url}/robots-new.txt", "200") in archived(tmp_path)
    assert rows(
        tmp_path,
        "SELECT url, status, error_class FROM captures WHERE url LIKE '%/robots%' ORDER BY id",
    ) == [
        (f"{server.url}/robots.txt", 301, None),
        (f"{server.url}/robots-new.txt", 200, None),
    ]
    assert result.counts["refused"] == 1  # /private, by robots-new.txt's rules


def chain(hops: int) -> dict[str, Answer | bytes]:
    """/robots.txt redirecting to /r1.txt, ... to /r<hops>.txt, which holds the rules."""
    pages: dict[str, Answer | bytes] = {**HOME, "/robots.txt": moved("/r1.txt", 302)}
    for n in range(1, hops):
        pages[f"/r{n}.txt"] = moved(f"/r{n + 1}.txt", 307)
    pages[f"/r{hops}.txt"] = Answer(body=RULES, content_type="text/plain")
    return pages


def test_five_redirects_in_a_row_are_followed(tmp_path: Path) -> None:
    with serve(site(chain(5))) as server:
        result = crawl_of(server, tmp_path)
    assert result.status == "done", result.message
    assert [t for t in server.log if t.startswith(("/robots", "/r"))] == [
        "/robots.txt",
        *(f"/r{n}.txt" for n in range(1, 6)),
    ]
    assert "/private" not in server.log and "/a" in server.log
    assert len([uri for uri, status in archived(tmp_path) if status in ("302", "307")]) == 5


def test_a_sixth_redirect_is_not_followed_and_nothing_is_fetched(tmp_path: Path) -> None:
    with serve(site(chain(6))) as server:
        result = crawl_of(server, tmp_path)
    assert result.status == "unhealthy"
    assert result.message == (
        "robots.txt redirects more than 5 times in a row (the last to /r6.txt): nothing else was"
        " fetched (max_redirects)"
    )
    assert server.log == ["/robots.txt", *(f"/r{n}.txt" for n in range(1, 6))]  # /r6 not asked
    # every redirect asked is archived, the last one's row saying why the chain ends there
    assert len(archived(tmp_path)) == 6
    assert rows(tmp_path, "SELECT error_class FROM captures WHERE url LIKE '%/r5.txt'") == [
        ("TooManyRedirects",)
    ]


def test_a_redirect_loop_ends(tmp_path: Path) -> None:
    pages = {**HOME, "/robots.txt": moved("/robots.txt")}
    with serve(site(pages)) as server:
        result = crawl_of(server, tmp_path)
    assert result.message and result.message.startswith("robots.txt redirects more than 5 times")
    assert server.log == ["/robots.txt"]  # its own answer read again, not asked again


@pytest.fixture
def elsewhere() -> Any:
    """Another server on this machine: the crawl must never connect to it."""
    with serve(site({"/robots.txt": Answer(body=b"User-agent: *\nDisallow:\n")})) as server:
        yield server


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("{other}/robots.txt", id="another-port"),
        pytest.param("https://{host}/robots.txt", id="another-scheme"),  # canonically the site
        pytest.param("http://localhost:{port}/robots.txt", id="another-name"),
        pytest.param("https://elsewhere.example/robots.txt", id="another-host"),
    ],
)
def test_a_redirect_off_the_sites_scheme_host_and_port_is_never_followed(
    tmp_path: Path, elsewhere: HostileServer, target: str
) -> None:
    def route(path: str) -> Answer | bytes | Drip | None:
        host = server.url.removeprefix("http://")
        to = target.format(other=elsewhere.url, host=host, port=host.rsplit(":", 1)[1])
        return moved(to) if path == "/robots.txt" else site(HOME)(path)

    with serve(route) as server:
        result = crawl_of(server, tmp_path)
    assert server.log == ["/robots.txt"] and elsewhere.log == []
    assert result.status == "unhealthy"
    assert result.message and result.message.startswith("robots.txt redirects to ")
    assert result.message.endswith("give --site with that scheme and host")
    refused = rows(tmp_path, "SELECT error_class, error FROM captures WHERE outcome = 'refused'")
    assert refused and refused[0][0] == "OffSiteRedirect"
    assert (f"{server.url}/robots.txt", "301") in archived(tmp_path)


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (Answer(404, b"gone"), None),  # no robots.txt: everything allowed
        (Answer(500, b"oops"), "robots.txt answered 500"),  # unreachable: nothing fetched
    ],
)
def test_the_targets_status_is_judged_as_robots_txts_own(
    tmp_path: Path, answer: Answer, said: str | None
) -> None:
    pages = {**HOME, "/robots.txt": moved("/robots-new.txt"), "/robots-new.txt": answer}
    with serve(site(pages)) as server:
        result = crawl_of(server, tmp_path, max_attempts=1)
    if said is None:
        assert result.status == "done", result.message
        assert "/private" in server.log
    else:
        assert result.message and result.message.startswith(said)
        assert server.log == ["/robots.txt", "/robots-new.txt"]


def test_a_resumed_crawl_reads_the_redirect_and_its_rules_back(tmp_path: Path) -> None:
    """Killed mid-crawl, once robots.txt's redirect and its target are archived; the crawl
    that resumes reads both back from its WARC files and asks neither again."""
    asked_a, release = threading.Event(), threading.Event()
    first_run = {
        "/robots.txt": moved("/robots-new.txt"),
        "/robots-new.txt": Answer(body=RULES, content_type="text/plain"),
    }

    def route(path: str) -> Answer | bytes | Drip | None:
        if path == "/a" and not release.is_set():
            asked_a.set()
            release.wait(30)  # held until the crawl is killed
        if path in first_run and not release.is_set():
            return first_run[path]
        if path.startswith("/robots"):
            return Answer(500, b"asked again")  # were it read: nothing would be fetched
        return site(HOME)(path)

    with serve(route) as server:
        command = [str(ISECG), "crawl", "--site", server.url + "/", "--data", str(tmp_path)]
        command += ["--delay", "0", "--no-progress", "--concurrency", "1"]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            assert wait_until(asked_a.is_set, timeout=60), process.communicate(timeout=5)
        finally:
            os.kill(process.pid, signal.SIGKILL)
            process.communicate()
            release.set()
        asked_before = len(server.log)
        result = crawl_of(server, tmp_path, concurrency=1)
    assert result.resumed and result.status == "done", result.message
    again = server.log[asked_before:]
    assert "/a" in again and not [t for t in again if t.startswith(("/robots", "/private"))]
    assert rows(tmp_path, "SELECT COUNT(*) FROM captures WHERE url LIKE '%/robots%'") == [(2,)]


@pytest.mark.parametrize("target", ["/", "/wp-sitemap.xml", "/?feed=rss2"])
def test_a_redirect_to_a_page_is_not_read_for_rules(tmp_path: Path, target: str) -> None:
    """robots.txt sent to the home page (or a sitemap, a feed): that URL read as robots.txt
    was taken from the crawl, which then read no page and said "done" (helper-217). Not
    followed: the crawl stops and says where robots.txt leads, as before redirects were."""
    pages = {**HOME, "/robots.txt": moved(target)}
    with serve(site(pages)) as server:
        result = crawl_of(server, tmp_path)
    assert result.status == "unhealthy"
    assert result.message is not None and "not followed (to no text file)" in result.message
    assert server.log == ["/robots.txt"]
