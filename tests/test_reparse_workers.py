"""`isecg reparse` with its pages read by worker processes gives the very rows a reparse
reading them itself gives (scraper/workers.py), REST on or off, and gathers the pages in the
builder's order even when REST gives a post whole after its page was sent out."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from archive import captures
from archive.db import DERIVED_TABLES, open_db
from scraper import build
from scraper.harvest import harvest
from scraper.workers import Readers
from tests.crawl_helpers import Crawled


def tables(db_path: Path) -> dict[str, list[Any]]:
    conn = sqlite3.connect(db_path)
    try:
        return {
            table: conn.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()
            for table in DERIVED_TABLES
        }
    finally:
        conn.close()


def reparsed(crawled: Crawled, where: Path, workers: int) -> dict[str, list[Any]]:
    data = crawled.copy(where)
    db = open_db(data / "isecg.db")
    try:
        build.reparse(db, data / "warc", workers=workers)
    finally:
        db.close()
    return tables(data / "isecg.db")


@pytest.mark.slow
@pytest.mark.parametrize(("archive", "crawls"), [("later_recrawl", 2), ("norest_crawl", 1)])
def test_workers_rebuild_the_same_rows(
    archive: str,
    crawls: int,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    crawled: Crawled = request.getfixturevalue(archive)
    alone = reparsed(crawled, tmp_path / "alone", workers=1)
    assert alone["news"] and alone["publications"] and alone["documents"]
    # Documents a later crawl found unchanged are not read again: the first crawl's reading
    reused: list[str] = []
    read: Any = Readers.read

    def counted(self: Readers, *args: Any) -> Any:
        *rest, already = args

        def spied(capture: Any) -> Any:
            known = already(capture)
            if known is not None:
                reused.append(capture.url)
            return known

        return read(self, *rest, spied)

    monkeypatch.setattr(Readers, "read", counted)
    assert reparsed(crawled, tmp_path / "workers", workers=3) == alone
    if crawls == 1:
        assert not reused
    else:
        assert reused and all(url.endswith(".pdf") for url in reused), reused


@pytest.mark.slow
def test_a_post_rest_gave_after_it_was_sent_is_read_again(
    base_crawl: Crawled, monkeypatch: pytest.MonkeyPatch
) -> None:
    """REST answers after the first pages (no order the builder makes, but the workers must
    not depend on it): the pages sent before REST gave their posts are read again here, and
    the harvest is the one read in that order by one process."""
    db = open_db(base_crawl.db)
    try:
        crawl_id, site = captures.finished_crawls(db)[0]
        readable = list(captures.readable(db, crawl_id))
    finally:
        db.close()
    rest = [c for c in readable if c.kind == "rest"]
    posts = [c for c in readable if c.kind == "page" and "?p=" in c.url]
    others = [c for c in readable if c not in rest and c not in posts]
    assert len(rest) >= 2 and posts
    # one REST page first (the barrier), then pages, then the other REST pages and the posts
    order = [rest[0], *others, *rest[1:], *posts]
    warc = base_crawl.data / "warc"
    alone = harvest((build.read(warc, c, site) for c in order), site, {})
    again: list[str] = []
    read_alone = build.read_alone

    def spy(page: Any, *args: Any) -> Any:
        again.append(page.url)
        return read_alone(page, *args)

    monkeypatch.setattr(build, "read_alone", spy)
    with Readers(2) as readers:
        gathered = build._harvest_with(readers, order, warc, site, {})
    assert again, "no page was read again: the test no longer covers that path"
    assert set(again) <= {c.url for c in posts}
    assert gathered == alone
    assert len(gathered.html_news) == len(alone.html_news) > 0
