"""The crawler's edges: redirects, caps, Crawl-delay, exit codes, progress output."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from archive.warc import payload_digest
from archive.warc_read import read_record
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import ISECG, Clock, crawl_command, isecg, rows, run_crawl
from tests.fixtures.site.model import Site

BIG = 2 * 1024 * 1024
HOME = b"""<html><body>
<a href="/away">away</a> <a href="/hop/1">hops</a> <a href="/big.pdf">big</a>
<a href="/small.pdf">small</a> <a href="/broken">broken</a>
</body></html>"""


def stand_in(site: Site, target: str, base_url: str, rest: str, **_: Any) -> SimpleNamespace:
    """A tiny site with the awkward cases, served by the replica's transport."""

    def answer(
        status: int, body: bytes = b"", kind: str = "text/html", **headers: str
    ) -> SimpleNamespace:
        return SimpleNamespace(
            status=status,
            body=body,
            content_type=kind,
            headers=tuple(headers.items()),
            last_modified=None,
        )

    if target == "/robots.txt":
        return answer(200, b"User-agent: *\nDisallow:\n", "text/plain")
    if target == "/":
        return answer(200, HOME)
    if target == "/away":
        return answer(302, Location="https://www.esa.int/")
    if target.startswith("/hop/"):  # an endless chain of same-site redirects
        return answer(302, Location=f"/hop/{int(target.rsplit('/', 1)[1]) + 1}")
    if target == "/big.pdf":
        return answer(200, b"%PDF-1.4\n" + b"0" * BIG, "application/pdf")
    if target == "/small.pdf":
        return answer(200, b"%PDF-1.4\n%%EOF\n", "application/pdf")
    if target == "/broken":
        return answer(501, b"not implemented")
    return answer(404, b"not found")


def test_offsite_redirect_is_refused_and_recorded(replica_factory: ReplicaFactory, tmp_path: Path):
    server = replica_factory(handler=stand_in)
    run_crawl(server, tmp_path)
    db = tmp_path / "isecg.db"
    assert rows(db, "SELECT status, location FROM captures WHERE url LIKE '%/away'") == [
        (302, "https://www.esa.int/")
    ]
    assert rows(db, "SELECT outcome, error_class FROM captures WHERE url LIKE '%esa.int%'") == [
        ("refused", "OffSiteRedirect")
    ]


def test_redirect_chains_stop_at_the_cap(replica_factory: ReplicaFactory, tmp_path: Path):
    server = replica_factory(handler=stand_in)
    run_crawl(server, tmp_path, max_redirects=3)
    hops = [entry.path for entry in server.log if entry.path.startswith("/hop/")]
    assert hops == ["/hop/1", "/hop/2", "/hop/3", "/hop/4"]


def test_documents_over_the_cap_are_refused(replica_factory: ReplicaFactory, tmp_path: Path):
    server = replica_factory(handler=stand_in)
    run_crawl(server, tmp_path, max_document_bytes=BIG // 2)
    db = tmp_path / "isecg.db"
    assert rows(db, "SELECT outcome, error_class FROM captures WHERE url LIKE '%big.pdf'") == [
        ("error", "TooLarge")
    ]
    assert rows(db, "SELECT outcome, kind FROM captures WHERE url LIKE '%small.pdf'") == [
        ("ok", "document")
    ]


def test_crawl_delay_from_robots_wins_over_a_smaller_delay(
    replica_factory: ReplicaFactory, tmp_path: Path
):
    server = replica_factory(crawl_delay=0.5, small=True)
    clock = Clock()  # waits recorded on the crawl's clock, none slept
    run_crawl(server, tmp_path, clock, delay=0.0, max_pages=6)
    requests = len(server.log)
    assert requests >= 5
    assert clock.sleeps == [0.5] * (requests - 1)  # every request after robots.txt waited


def test_a_dead_site_fails_the_crawl(tmp_path: Path, refused_port: int):
    from scraper.crawl import crawl
    from scraper.settings import Settings

    result = crawl(
        Settings(
            site=f"http://127.0.0.1:{refused_port}/",
            data_dir=tmp_path,
            delay=0,
            progress=False,
            backoff_base=0.01,
            max_attempts=2,
        )
    )
    assert result.status == "failed"
    assert result.message and result.message.startswith("the site did not answer at all")


cli = isecg


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["crawl", "--concurrency", "0"], 2, "Invalid value for '--concurrency'"),
        (["crawl", "--site", "http://10.1.2.3/"], 2, "private or reserved address"),
        (["crawl", "--site", "http://192.168.0.9:8080/"], 2, "private or reserved address"),
        (["crawl", "--site", "ftp://127.0.0.1/"], 2, "ftp"),
        (["crawl", "--delay", "-1"], 2, "Invalid value for '--delay'"),
    ],
)
def test_bad_usage_gets_one_clear_error(tmp_path: Path, args: list[str], code: int, says: str):
    result = cli(*args, "--data", str(tmp_path))
    assert result.returncode == code
    assert says in result.stderr
    assert not (tmp_path / "isecg.db").exists()


def failing(site: Site, target: str, base_url: str, rest: str, **_: Any) -> SimpleNamespace:
    """The stand-in site, but every page beyond the home page fails on the server's side."""
    if target in ("/robots.txt", "/"):
        return stand_in(site, target, base_url, rest)
    # 501 is final (not retried), so the test does not wait through backoffs.
    return SimpleNamespace(
        status=501, body=b"down", content_type="text/plain", headers=(), last_modified=None
    )


def test_unhealthy_crawl_exits_4(replica_factory: ReplicaFactory, tmp_path: Path):
    server = replica_factory(handler=failing)
    result = crawl_command(server, tmp_path)
    assert result.returncode == 4
    assert result.stderr.strip().splitlines()[-1].startswith("isecg: crawl 1 unhealthy:")


@pytest.mark.slow
def test_plain_progress_lines_and_summary_off_a_terminal(
    replica_factory: ReplicaFactory, tmp_path: Path
):
    server = replica_factory()  # the whole replica: over 100 URLs, so a progress line is due
    result = cli("crawl", "--site", server.url + "/", "--data", str(tmp_path), "--delay", "0")
    assert result.returncode == 0
    assert "100/" in result.stderr and "━" not in result.stderr
    assert result.stdout.startswith("crawl 1 done: ")


@pytest.mark.slow
def test_progress_bar_in_a_terminal(replica_factory: ReplicaFactory, tmp_path: Path):
    server = replica_factory(latency=0.01, small=True)
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [ISECG, "crawl", "--site", server.url + "/", "--data", str(tmp_path), "--delay", "0"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "COLUMNS": "120"},
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the crawl has ended
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    text = seen.decode(errors="replace")
    assert "━" in text and "errors" in text and "crawl 1 done" in text


def redirecting_robots(site: Site, target: str, base_url: str, rest: str, **_: Any) -> Any:
    if target == "/robots.txt":
        return SimpleNamespace(
            status=301,
            body=b"",
            content_type="text/html",
            headers=(("Location", "https://elsewhere.example/robots.txt"),),
            last_modified=None,
        )
    return stand_in(site, target, base_url, rest)


def test_a_redirecting_robots_txt_is_reported(replica_factory: ReplicaFactory, tmp_path: Path):
    server = replica_factory(handler=redirecting_robots)
    result = run_crawl(server, tmp_path)
    assert result.status == "unhealthy"
    assert result.message and "robots.txt redirects to https://elsewhere.example" in result.message
    assert [entry.path for entry in server.log] == ["/robots.txt"]


def always_busy(site: Site, target: str, base_url: str, rest: str, **_: Any) -> Any:
    if target == "/busy":
        return SimpleNamespace(
            status=503,
            body=b"<html>come back later</html>",
            content_type="text/html",
            headers=(),
            last_modified=None,
        )
    if target == "/":
        body = HOME.replace(b'<a href="/broken">', b'<a href="/busy">busy</a> <a href="/broken">')
        return SimpleNamespace(
            status=200, body=body, content_type="text/html", headers=(), last_modified=None
        )
    return stand_in(site, target, base_url, rest)


def test_the_last_answer_of_a_failing_url_is_archived(
    replica_factory: ReplicaFactory, tmp_path: Path
):
    server = replica_factory(handler=always_busy)
    run_crawl(server, tmp_path, max_attempts=2)
    found = rows(
        tmp_path / "isecg.db",
        "SELECT outcome, status, attempts, warc_file, warc_offset,"
        " payload_digest FROM captures WHERE url LIKE '%/busy'",
    )
    assert len(found) == 1
    outcome, status, attempts, warc_file, offset, digest = found[0]
    assert (outcome, status, attempts) == ("error", 503, 2)
    kind, stored_status, _, payload = read_record(tmp_path / "warc", warc_file, offset)
    assert (kind, stored_status) == ("response", 503)
    assert payload == b"<html>come back later</html>" and payload_digest(payload) == digest


@pytest.mark.parametrize("address", ["10.0.0.7", "192.168.1.20", "169.254.169.254"])
def test_a_site_name_resolving_into_a_private_range_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, address: str
):
    import socket as sockets

    from scraper.crawl import crawl
    from scraper.errors import RefusedURL
    from scraper.settings import Settings

    def resolve(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        assert host == "archive.example"
        return [(sockets.AF_INET, sockets.SOCK_STREAM, 6, "", (address, 0))]

    monkeypatch.setattr(sockets, "getaddrinfo", resolve)
    with pytest.raises(RefusedURL, match="resolves to a private or reserved address"):
        crawl(Settings(site="https://archive.example/", data_dir=tmp_path, progress=False))
    assert not (tmp_path / "isecg.db").exists()
