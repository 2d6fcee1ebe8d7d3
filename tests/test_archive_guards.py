"""A bad crawl never overwrites good records, and `isecg reparse` rebuilds the same tables.

The tests that break the site start from a copy of one good crawl of this module's replica
(`crawled_once`, the small replica of tests/fixtures/site/small.py), break the replica, and
crawl again: one crawl of their own each.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest

from archive.db import DERIVED_TABLES
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import SIDE_FILES, Crawled, crawl_command, isecg, run_crawl
from tests.fixtures.site import app
from tests.fixtures.site.model import Site
from tests.fixtures.site.server import ReplicaConfig, ReplicaServer
from tests.fixtures.site.small import small_site


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every derived table, every column, in a stable order."""
    with sqlite3.connect(db) as conn:
        return {
            table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in DERIVED_TABLES
        }


def records(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What a researcher relies on: each record's content and whether it is marked removed."""
    with sqlite3.connect(db) as conn:
        return {
            table: conn.execute(
                f"SELECT id, content_hash, removed_at FROM {table} ORDER BY id"
            ).fetchall()
            for table in ("news", "publications", "agencies")
        } | {"memberships": conn.execute("SELECT * FROM memberships ORDER BY 1").fetchall()}


def test_reparse_rebuilds_the_same_tables(later_recrawl: Crawled, tmp_path: Path):
    data = later_recrawl.copy(tmp_path / "data")  # reparse rewrites the tables
    before = snapshot(data / "isecg.db")
    assert before["news_versions"] and before["agencies_versions"]
    result = isecg("reparse", "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("crawl ") == 2
    after = snapshot(data / "isecg.db")
    for table in DERIVED_TABLES:
        assert after[table] == before[table], table


def test_reparse_needs_an_archive(tmp_path: Path):
    result = isecg("reparse", "--data", str(tmp_path / "none"))
    assert result.returncode == 2 and "run `isecg crawl` first" in result.stderr


@pytest.fixture(scope="module")
def good_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ReplicaServer, Path]]:
    """This module's own replica, and one good crawl of it."""
    with ReplicaServer(ReplicaConfig(small=True)) as server:
        data = tmp_path_factory.mktemp("guards") / "data"
        first = run_crawl(server, data)
        assert first.status == "done", first.message
        yield server, data


@pytest.fixture
def crawled_once(good_crawl: tuple[ReplicaServer, Path], tmp_path: Path) -> Iterator[ReplicaServer]:
    """The good crawl copied into tmp_path, and its replica, for a test to break the site and
    crawl it again; the replica is set back to its defaults afterwards."""
    server, data = good_crawl
    shutil.copytree(data, tmp_path, dirs_exist_ok=True, ignore=SIDE_FILES)
    yield server
    defaults = ReplicaConfig(small=True)
    server.configure(**{f.name: getattr(defaults, f.name) for f in fields(ReplicaConfig)})
    server.clear_log()


@pytest.mark.parametrize(
    ("change", "reason"),
    [({"theme": "swapped"}, "no members block"), ({"maintenance": True}, "error page")],
)
@pytest.mark.slow
def test_a_broken_site_is_flagged_and_records_stay(
    crawled_once: ReplicaServer, tmp_path: Path, change: dict[str, Any], reason: str
):
    server = crawled_once
    good = records(tmp_path / "isecg.db")
    server.configure(**change)
    second = run_crawl(server, tmp_path)
    assert second.status == "unhealthy"
    assert second.message and "records held back" in second.message
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        stored = conn.execute("SELECT message FROM crawls WHERE id = 2").fetchone()[0]
        problems = conn.execute("SELECT problem FROM extraction_problems WHERE crawl_id = 2")
        assert any(reason in problem for (problem,) in problems)
    assert stored == second.message
    assert records(tmp_path / "isecg.db") == good


@pytest.mark.slow
def test_accept_counts_stores_a_crawl_whose_news_fell_and_makes_it_the_reference(
    crawled_once: ReplicaServer, tmp_path: Path
):
    """The site really lost most of its posts: the guard holds the news back night after
    night, judged against the same last trusted crawl. --accept-counts stores that crawl, and
    the next is judged against it (helper-53: the same for a kind rising tenfold)."""
    server = crawled_once
    site = small_site("base")
    news = [p for p in site.posts if not p.is_publication]
    gone = {p.id for p in news[2:]}  # 16 news records (portal items too) fall to 7
    server.configure(site=replace(site, posts=tuple(p for p in site.posts if p.id not in gone)))
    held = run_crawl(server, tmp_path)
    assert held.status == "unhealthy" and "news fell from" in (held.message or "")
    assert run_crawl(server, tmp_path, accept_counts=True).status == "done"
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        removed = conn.execute("SELECT wp_id FROM news WHERE removed_at IS NOT NULL").fetchall()
    assert {wp_id for (wp_id,) in removed} == gone
    assert run_crawl(server, tmp_path).status == "done"


@pytest.mark.slow
def test_a_broken_site_exits_4(crawled_once: ReplicaServer, tmp_path: Path):
    server = crawled_once
    server.configure(theme="swapped")
    result = crawl_command(server, tmp_path)
    assert result.returncode == 4
    assert "records held back" in result.stderr.strip().splitlines()[-1]


def dropped_publication() -> tuple[Any, str]:
    """The small site with its oldest publication gone from every listing."""
    site = small_site("base")
    oldest = site.publications[-1]
    return replace(site, publications=site.publications[:-1]), oldest.document


@pytest.mark.slow
def test_a_publication_gone_from_a_complete_listing_is_removed(
    crawled_once: ReplicaServer, tmp_path: Path
):
    server = crawled_once
    site, document = dropped_publication()
    server.configure(site=site)
    result = run_crawl(server, tmp_path)
    assert result.status == "done", result.message
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        removed = conn.execute(
            "SELECT document_url FROM publications WHERE removed_at IS NOT NULL"
        ).fetchall()
    assert removed == [(server.url + document,)]


@pytest.mark.slow
def test_publications_whose_listing_page_went_are_removed_at_its_404(
    crawled_once: ReplicaServer, tmp_path: Path
):
    """helper-47: the two oldest publications were alone on the listing's second page. With
    them gone the page answers 404, and they were never marked removed: their listing URL had
    to answer 200 again without them."""
    server = crawled_once
    site = small_site("base")
    server.configure(site=replace(site, publications=site.publications[:-2]))
    result = run_crawl(server, tmp_path)
    assert result.status == "done", result.message
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        removed = conn.execute(
            "SELECT document_url, url, removed_at FROM publications"
            " WHERE removed_at IS NOT NULL ORDER BY document_url"
        ).fetchall()
        gone = dict(conn.execute("SELECT url, fetched_at FROM captures WHERE status = 404"))
    expected = sorted(server.url + p.document for p in site.publications[-2:])
    assert [document for document, _, _ in removed] == expected
    assert all(removed_at == gone[listing] for _, listing, removed_at in removed), removed


@pytest.mark.slow
def test_a_post_still_read_elsewhere_is_not_removed_by_its_pages_404(
    replica_factory: ReplicaFactory, tmp_path: Path
):
    """helper-50: a server answering 404 for every post's page while its REST API and lists
    still gave the posts: 11 of 16 were marked removed, exit 0 and status ok."""
    broken = {"on": False}

    def handler(site: Site, target: str, base_url: str, rest: str, **more: Any) -> Any:
        if broken["on"] and re.fullmatch(r"/(wordpress/)?\?p=\d+", target):
            return app.Response(404, b"not found", "text/html")
        return app.handle(site, target, base_url, rest, **more)

    server = replica_factory(handler=handler, small=True)
    assert run_crawl(server, tmp_path).status == "done"
    broken["on"] = True
    assert run_crawl(server, tmp_path).status == "done"
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        answered_404 = conn.execute(
            "SELECT COUNT(*) FROM captures WHERE crawl_id = 2 AND status = 404"
        ).fetchone()[0]
        removed = conn.execute("SELECT id FROM news WHERE removed_at IS NOT NULL").fetchall()
        (notes,) = conn.execute("SELECT notes FROM builds WHERE crawl_id = 2").fetchone()
    assert answered_404 >= 10
    assert removed == []
    assert "answered 404 or 410 though this crawl still read them elsewhere" in notes


@pytest.mark.slow
@pytest.mark.parametrize(("to", "removed"), [("&utm_source=x", False), ("page 1", True)])
def test_a_listing_page_redirecting_removes_only_when_it_leads_to_another_page(
    replica_factory: ReplicaFactory, tmp_path: Path, to: str, removed: bool
):
    """helper-53: the listing's second page redirecting to itself with a tracking parameter
    (one canonical URL, never read again) had its two publications marked removed; led to
    the first page, which does not list them, they are gone from the listing."""
    redirects: dict[str, str] = {}

    def handler(site: Site, target: str, base_url: str, rest: str, **more: Any) -> Any:
        if target in redirects:
            return app.Response(301, b"", "text/html", (("Location", redirects[target]),))
        return app.handle(site, target, base_url, rest, **more)

    server = replica_factory(handler=handler, small=True)
    assert run_crawl(server, tmp_path).status == "done"
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        (listing,) = {u for (u,) in conn.execute("SELECT url FROM publications") if "paged" in u}
    path = listing.removeprefix(server.url)
    first = re.sub(r"&paged=\d+", "", path)
    redirects[path] = server.url + (path + to if to.startswith("&") else first)
    assert run_crawl(server, tmp_path).status == "done"
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        marked = conn.execute(
            "SELECT p.removed_at, c.fetched_at FROM publications p JOIN captures c"
            " ON c.url = p.url AND c.crawl_id = 2 AND c.status = 301 WHERE p.url = ?",
            [listing],
        ).fetchall()
    assert len(marked) == 2
    assert all((at == redirected) if removed else at is None for at, redirected in marked)


@pytest.mark.slow
def test_an_incomplete_crawl_removes_nothing(crawled_once: ReplicaServer, tmp_path: Path):
    server = crawled_once
    site, _ = dropped_publication()
    server.configure(site=site)
    run_crawl(server, tmp_path, max_pages=40)
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        counts = conn.execute(
            "SELECT (SELECT COUNT(*) FROM publications WHERE removed_at IS NOT NULL),"
            " (SELECT COUNT(*) FROM news WHERE removed_at IS NOT NULL)"
        ).fetchone()
    assert counts == (0, 0)


MAX_PAGES = 30  # the home page, lists and a few posts: under half of them


@pytest.mark.slow
def test_a_crawl_stopped_at_max_pages_keeps_what_it_read(
    crawled_once: ReplicaServer, tmp_path: Path
):
    """helper-191: a second --max-pages crawl that read under half of the posts was
    "unhealthy" and kept none of them, where a first one was done. It is done, says why it
    read less, keeps each post it read (last seen by it) and removes nothing."""
    crawled_once.configure(rest="off-404")  # the posts are read page by page
    result = run_crawl(crawled_once, tmp_path, max_pages=MAX_PAGES)
    read = result.records.counts["news"]
    assert result.status == "done" and "stopped at --max-pages" in (result.message or "")
    assert 0 < read < 16 / 2
    assert f"news: {read} read of 16, as the crawl did not finish" in result.records.notes[0]
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        (last,) = conn.execute("SELECT MAX(fetched_at) FROM captures WHERE crawl_id = 1").fetchone()
        seen_again, removed = conn.execute(
            "SELECT SUM(last_seen > ?), SUM(removed_at IS NOT NULL) FROM news", [last]
        ).fetchone()
    assert (seen_again, removed) == (read, 0)


UNDATED = re.compile(
    rb'<meta property="article:published_time"[^>]*>|<span class="news-date">[^<]*</span>'
)


@pytest.mark.slow
def test_a_post_dated_nowhere_else_takes_its_list_page_date(
    replica_factory: ReplicaFactory, tmp_path: Path
):
    """Post 1109 stripped of every date signal, REST off: the news list's date is used, and
    says so."""

    def handler(site: Site, target: str, base_url: str, rest: str, **more: Any) -> Any:
        response = app.handle(site, target, base_url, rest, **more)
        if target == "/?p=1109":
            return replace(response, body=UNDATED.sub(b"", response.body))
        return response

    server = replica_factory(handler=handler, rest="off-404", small=True)
    run_crawl(server, tmp_path)
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        published, sources = conn.execute(
            "SELECT published, sources FROM news WHERE wp_id = 1109"
        ).fetchone()
    post = server.site.post(1109)
    assert post is not None and published[:10] == post.published[:10]
    assert json.loads(sources)["published"] == "list"
