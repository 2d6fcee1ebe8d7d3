"""What was changed for speed at scale (issue 15) still gives the same answers.

Timings are never asserted here (they are `make bench`'s): these tests check that the faster
paths are taken (an index is read, not the whole table) and that they answer exactly what the
slow ones did: the frontier's order, link resolution, the error-page check, documents one at
a time, and a reading room that suggests no facets.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from urllib.parse import urljoin

import pytest

from archive import urls
from archive.crawl_state import CrawlStore, Entry
from archive.db import open_db
from archive.serve import make_datasette
from archive.store import Seen, upsert_versioned
from scraper.crawl import crawl
from scraper.discover import _resolve, canon
from scraper.extract import BROKEN_PAGE, broken_page
from tests.hostile import Answer, page, serve, settings_of


def _plan(db_path: Path, sql: str, params: list[object]) -> str:
    db = open_db(db_path)
    try:
        rows = db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    finally:
        db.close()
    return " | ".join(row[-1] for row in rows)


def test_frontier_numbers_urls_in_the_order_they_were_found(tmp_path: Path):
    db = open_db(tmp_path / "isecg.db")
    store = CrawlStore(db)
    first = store.start("http://127.0.0.1:1/", False, {})
    second = store.start("http://127.0.0.1:1/", False, {})
    with db.atomic():
        store.enqueue(
            first, [Entry("http://a/1", "page", "seed"), Entry("http://a/2", "page", "seed")], None
        )
        store.enqueue(second, [Entry("http://a/9", "page", "seed")], None)
        # Already queued: not added again, and no number used up.
        new = store.enqueue(
            first,
            [Entry("http://a/2", "page", "link"), Entry("http://a/3", "page", "link")],
            "http://a/1",
        )
        store.enqueue(first, [Entry("http://a/4", "page", "link")], "http://a/3")
    assert [entry.url for entry in new] == ["http://a/3"]
    seqs = db.execute(
        "SELECT url, seq FROM frontier WHERE crawl_id = ? ORDER BY seq", [first]
    ).fetchall()
    assert seqs == [("http://a/1", 1), ("http://a/2", 2), ("http://a/3", 3), ("http://a/4", 4)]
    assert db.execute("SELECT seq FROM frontier WHERE crawl_id = ?", [second]).fetchall() == [(1,)]
    assert [e.url for e in store.queued(first)] == [
        "http://a/1",
        "http://a/2",
        "http://a/3",
        "http://a/4",
    ]
    db.close()


def test_the_frontier_next_number_is_read_from_an_index(tmp_path: Path):
    plan = _plan(
        tmp_path / "isecg.db",
        "SELECT COALESCE(MAX(seq), 0) FROM frontier WHERE crawl_id = ?",
        [1],
    )
    assert "frontier_seq" in plan, plan


@pytest.mark.parametrize(
    ("table", "column"),
    [("news", "published"), ("publications", "posted_on"), ("documents", "last_seen")],
)
def test_a_default_sort_order_reads_an_index_not_the_whole_table(
    tmp_path: Path, table: str, column: str
):
    plan = _plan(
        tmp_path / "isecg.db", f"SELECT * FROM {table} ORDER BY {column} DESC LIMIT 101", []
    )
    assert "TEMP B-TREE" not in plan, plan
    assert f"{table}_{column}" in plan, plan


@pytest.mark.parametrize(
    ("sql", "index"),
    [
        (  # the year facet's query (datasette_plugins), over the table page's query
            "SELECT substr(published, 1, 4) AS value, count(*) AS count FROM"
            " (SELECT * FROM news) WHERE published GLOB '[0-9][0-9][0-9][0-9]*'"
            " GROUP BY value ORDER BY value DESC LIMIT 31",
            "news_year",
        ),
        (  # Datasette's array facet on categories
            "SELECT j.value AS value, count(*) AS count FROM (SELECT * FROM news)"
            " JOIN json_each(categories) j GROUP BY j.value ORDER BY count DESC LIMIT 31",
            "news_categories",
        ),
    ],
)
def test_the_news_facets_read_an_index_not_the_wide_rows(tmp_path: Path, sql: str, index: str):
    plan = _plan(tmp_path / "isecg.db", sql, [])
    assert f"COVERING INDEX {index}" in plan, plan


def _tiny_archive(data: Path) -> Path:
    db = open_db(data / "isecg.db")
    with db.atomic():
        db.execute(
            "INSERT INTO crawls (id, started_at, status, site, full, settings)"
            " VALUES (1, '2026-01-01T00:00:00.000Z', 'done', 'http://127.0.0.1:1/', 0, '{}')"
        )
        for number in range(1, 4):
            content = {
                "wp_id": number,
                "url": f"http://127.0.0.1:1/?p={number}",
                "title": f"Post {number}",
                "published": f"2024-0{number}-01",
                "modified": None,
                "author": "ISECG",
                "event_date": None,
                "categories": '["News"]',
                "summary": "",
                "body_text": "text",
                "body_html": "<p>text</p>",
                "links": "[]",
                "documents": "[]",
                "images": "[]",
            }
            seen = Seen(1, None, "2026-01-01T00:00:00.000Z")
            upsert_versioned(db, "news", f"wp:{number}", content, seen, "test")
    db.close()
    return data / "isecg.db"


def test_table_pages_suggest_no_facets_but_keep_the_declared_ones(tmp_path: Path):
    datasette = make_datasette(_tiny_archive(tmp_path))

    async def get() -> dict[str, object]:
        response = await datasette.client.get(
            "/isecg/news.json?_extra=suggested_facets&_extra=facet_results"
        )
        assert response.status_code == 200
        return response.json()

    answer = asyncio.run(get())
    assert answer["suggested_facets"] == []
    facets = answer["facet_results"]
    assert "published" in facets, facets  # type: ignore[operator]
    assert "categories" not in facets, facets  # type: ignore[operator]  # asked for only


HREFS = [
    "/?p=1",
    "/news/2008-01-01",
    "//127.0.0.1:8000/?p=2",
    "http://127.0.0.1:8000/?page_id=3#top",
    "HTTP://127.0.0.1:8000/a/../b/",
    "https://127.0.0.1:8000/?p=4",
    "https://other.org/x?utm_source=y",
    "http:relative",
    "?paged=2",
    "../up",
    "sub/page",
    "#frag",
    "",
    ".",
    "/a/./b//c",
    "http://127.0.0.1:8000/a?",
    "//other.org/",
    "http:///no-host",  # takes the page's host: its scheme alone is not enough
    "///no-host",
    "/%7Euser",
    "http://[::1]:99999/",
    "mailto:x@y",
]
BASES = [
    "http://127.0.0.1:8000/",
    "http://127.0.0.1:8000/news/2008-01-01",
    "http://127.0.0.1:8000/a/b/",
    "https://127.0.0.1:8000/deep/er/page?q=1",
    "http://other.org/x/y",
]


@pytest.mark.parametrize("base", BASES)
def test_a_link_resolves_the_same_from_the_cache_as_from_its_page(base: str):
    site = "http://127.0.0.1:8000/"
    for href in HREFS:
        target = canon(href, site, base)
        expected = None
        if target is not None:
            expected = (target, urls.is_on_site(target, site), urljoin(base, href).split("#", 1)[0])
        assert _resolve(href, site, urls.resolution_base(href, base)) == expected, (href, base)


@pytest.mark.parametrize(
    "html",
    [
        "<html><title>Home</title><p>nothing wrong</p></html>",
        "<p>Error establishing a database connection</p>",
        "<P>ERROR ESTABLISHING A DATABASE CONNECTION</P>",
        "<p>Error e\u017ftablishing a database connection</p>",  # long s: IGNORECASE reads "s"
        "<title>Service \u0130navailable</title>",  # dotted capital I, no match either way
        "<title>502 Bad Gateway</title>",
        "<TITLE>Under maintenance</TITLE>",
        "<title>Maintenance of the ISS</title>",
        "<title>Post</title><p>maintenance work</p>",
        "<title>x</title>briefly unavailable for scheduled maintenance",
        "<title>\u212aelvin</title> site is experiencing technical difficulties",
    ],
)
def test_the_error_page_check_finds_what_the_full_regex_finds(html: str):
    fast, full = broken_page(html), BROKEN_PAGE.search(html)
    assert (fast and fast.group(0)) == (full and full.group(0))


def test_documents_come_one_at_a_time_while_pages_go_on(tmp_path: Path):
    """A document in flight never stops the pages: pages are asked for while a document is
    being answered (each document waits for the next page while pages are left, up to a few
    seconds), and never are two documents in flight at once. Before, documents were queued
    last and taken one at a time by every worker in turn: no page came during a document."""
    lock = threading.Lock()
    in_flight = {"documents": 0, "pages": 0}
    most_documents = 0
    page_arrived = threading.Event()
    pages_during_documents = 0
    pages_served = 0
    docs = [f"/doc{i}.pdf" for i in range(3)]
    pages = [f"/p{i}" for i in range(12)]

    def route(target: str) -> Answer | None:
        nonlocal most_documents, pages_during_documents, pages_served
        if target == "/robots.txt":
            return Answer(body=b"User-agent: *\nDisallow:\n", content_type="text/plain")
        if target == "/":
            return page(*docs, *pages)
        if target.endswith(".pdf"):
            with lock:
                in_flight["documents"] += 1
                most_documents = max(most_documents, in_flight["documents"])
                page_arrived.clear()
                pages_left = pages_served < len(pages)
            if pages_left:
                page_arrived.wait(timeout=5)  # the crawl's other workers should be fetching pages
            with lock:
                in_flight["documents"] -= 1
            return Answer(body=b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        if target.startswith("/p"):
            with lock:
                pages_served += 1
                if in_flight["documents"]:
                    pages_during_documents += 1
            page_arrived.set()
            return page()
        return None

    with serve(route) as server:
        result = crawl(settings_of(server, tmp_path, concurrency=3))
    assert result.counts["documents_fetched"] == 3
    assert most_documents == 1
    assert pages_during_documents >= 1
