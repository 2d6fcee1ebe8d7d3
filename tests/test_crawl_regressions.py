"""Defects found in review, each pinned by the case that showed it.

The crawls of a replica of their own crawl the small one (tests/fixtures/site/small.py)."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.db import open_db
from scraper import archiving
from scraper.build import build
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import Crawled, rows, run_crawl
from tests.fixtures.site import app
from tests.fixtures.site.model import Site
from tests.test_archive_guards import snapshot
from tests.test_crawl_resume import captures_so_far, start_crawl, wait_for


@pytest.mark.slow
def test_resuming_a_recrawl_reads_robots_from_the_original(
    replica_factory: ReplicaFactory, tmp_path: Path
):
    server = replica_factory(latency=0.01, small=True)
    run_crawl(server, tmp_path)
    db = tmp_path / "isecg.db"
    first = captures_so_far(db)
    crawler = start_crawl(server, tmp_path)  # the second crawl: robots.txt answers 304
    wait_for(lambda: captures_so_far(db) >= first + 30 or crawler.poll() is not None)
    os.kill(crawler.pid, signal.SIGKILL)
    crawler.communicate()
    result = run_crawl(server, tmp_path)
    assert result.resumed and result.status == "done", result.message
    assert result.counts["refused"] == 1  # the private area, as in the first crawl
    assert rows(db, "SELECT COUNT(*) FROM news WHERE removed_at IS NOT NULL") == [(0,)]


def link_to(href: bytes) -> Any:
    def handler(site: Site, target: str, base_url: str, rest: str, **_: Any) -> Any:
        if target == "/":
            body = b'<html><body><a href="' + href + b'">x</a><a href="/ok">ok</a></body></html>'
            return SimpleNamespace(
                status=200, body=body, content_type="text/html", headers=(), last_modified=None
            )
        if target == "/ok":
            return SimpleNamespace(
                status=200,
                body=b"<html>ok</html>",
                content_type="text/html",
                headers=(),
                last_modified=None,
            )
        return SimpleNamespace(
            status=404, body=b"", content_type="text/html", headers=(), last_modified=None
        )

    return handler


def test_a_malformed_link_is_skipped(replica_factory: ReplicaFactory, tmp_path: Path):
    server = replica_factory(handler=link_to(b"https://www.esa.int:80a/"))
    result = run_crawl(server, tmp_path)
    # "unhealthy" only because this stand-in site has no members block to read.
    assert result.status != "failed" and result.counts["errors"] == 0
    assert (f"{server.url}/ok", 200) in rows(
        tmp_path / "isecg.db", "SELECT url, status FROM captures"
    )


@pytest.mark.slow
def test_a_post_answering_403_is_not_removed(replica_factory: ReplicaFactory, tmp_path: Path):
    forbidden: set[str] = set()

    def handler(site: Site, target: str, base_url: str, rest: str, **more: Any) -> Any:
        if target in forbidden:
            return SimpleNamespace(
                status=403, body=b"no", content_type="text/html", headers=(), last_modified=None
            )
        return app.handle(site, target, base_url, rest, **more)

    server = replica_factory(handler=handler, small=True)
    assert server.site.post(1006) is not None
    run_crawl(server, tmp_path)
    forbidden.add("/?p=1006")
    run_crawl(server, tmp_path)
    assert rows(tmp_path / "isecg.db", "SELECT removed_at FROM news WHERE wp_id = 1006") == [
        (None,)
    ]


@pytest.mark.slow
def test_an_unexpected_error_is_logged_and_the_crawl_goes_on(
    replica_factory: ReplicaFactory, tmp_path: Path, monkeypatch: Any, caplog: Any
):
    """Reading a page's links raises: the page, archived already, keeps its capture and its
    place in the WARC file (helper-206: it was recorded as an error with none, though its
    record was written), the error is logged, and the crawl goes on."""
    real = archiving.discover

    def flaky(url: str, *args: Any) -> Any:
        if url.endswith("?p=1109"):
            raise RuntimeError("boom")
        return real(url, *args)

    monkeypatch.setattr(archiving, "discover", flaky)
    server = replica_factory(small=True)
    assert server.site.post(1109) is not None
    run_crawl(server, tmp_path)
    db = tmp_path / "isecg.db"
    held = "SELECT status, error_class, warc_file IS NOT NULL FROM captures WHERE url LIKE ?"
    assert rows(db, held, ("%?p=1109",)) == [(200, None, 1)]
    assert "the links of" in caplog.text and "RuntimeError('boom')" in caplog.text
    assert rows(db, "SELECT COUNT(*) FROM frontier WHERE state = 'queued'") == [(0,)]


def test_an_unchanged_recrawl_makes_no_new_versions(unchanged_recrawl: Crawled):
    db = unchanged_recrawl.db
    for table in ("news", "publications", "agencies"):
        assert rows(db, f"SELECT COUNT(*) FROM {table}_versions") == rows(
            db, f"SELECT COUNT(*) FROM {table}"
        ), table


def test_publications_come_from_the_publications_page(base_crawl: Crawled):
    home = rows(
        base_crawl.db,
        "SELECT COUNT(*) FROM publications WHERE url = ? OR description = ''",
        (base_crawl.url + "/",),
    )
    assert home == [(0,)]


def test_revisits_refer_to_the_original_warc_date(unchanged_recrawl: Crawled):
    dates: dict[str, str] = {}
    refers: list[tuple[str, str]] = []
    for path in sorted((unchanged_recrawl.data / "warc").glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                headers = record.rec_headers
                if record.rec_type == "response":
                    dates[headers.get_header("WARC-Record-ID")] = headers.get_header("WARC-Date")
                elif record.rec_type == "revisit":
                    refers.append(
                        (
                            headers.get_header("WARC-Refers-To"),
                            headers.get_header("WARC-Refers-To-Date"),
                        )
                    )
    assert refers
    assert all(dates[record_id] == date for record_id, date in refers)


def test_max_pages_holds_with_many_workers(replica_factory: ReplicaFactory, tmp_path: Path):
    server = replica_factory(latency=0.02, small=True)
    run_crawl(server, tmp_path, max_pages=10, concurrency=8)
    assert len(server.log) <= 10


def test_building_a_crawl_twice_changes_nothing(base_crawl: Crawled, tmp_path: Path):
    data = base_crawl.copy(tmp_path / "data")  # the crawl built it once; build it again
    before = snapshot(data / "isecg.db")
    db = open_db(data / "isecg.db")
    try:
        build(db, data / "warc", 1, base_crawl.url + "/")
    finally:
        db.close()
    assert snapshot(data / "isecg.db") == before
    with sqlite3.connect(data / "isecg.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
