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
@pytest.mark.parametrize("posts_wait", [True, False])
def test_rest_answers_after_pages(
    base_crawl: Crawled, monkeypatch: pytest.MonkeyPatch, posts_wait: bool
) -> None:
    """REST answers after the first pages (no order the builder makes, but the workers must
    not depend on it): no post page goes out before every REST answer ahead of it is
    gathered, so none is read twice. Were one sent before (posts_wait False: no capture is
    taken for a post's), the builder reads it again itself. Either way the harvest is the one
    read in that order by one process."""
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
    # one REST page first, then pages, then the other REST pages and the posts
    order = [rest[0], *others, *rest[1:], *posts]
    warc = base_crawl.data / "warc"
    alone = harvest((build.read(warc, c, site) for c in order), site, {})
    again: list[str] = []
    read_alone = build.read_alone

    def spy(page: Any, *args: Any) -> Any:
        again.append(page.url)
        return read_alone(page, *args)

    monkeypatch.setattr(build, "read_alone", spy)
    if not posts_wait:
        monkeypatch.setattr(build, "post_of", lambda capture, site: None)
    with Readers(2) as readers:
        gathered = build._harvest_with(readers, order, warc, site, {})
    if posts_wait:
        assert not again
    else:
        assert again, "no page was read again: the test no longer covers that path"
        assert set(again) <= {c.url for c in posts}
    assert gathered == alone
    assert len(gathered.html_news) == len(alone.html_news) > 0
