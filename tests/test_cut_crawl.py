"""A crawl cut short (--max-pages, --max-time) reads less, and what it did not read is no
edit: helper-196's night of 40 pages read the posts from REST without the categories
collection, so every post lost its categories (59 edits), the two posts announcing
publications were read as news for good, and eight publications read from the home page's
block alone lost their descriptions (eight more edits)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archive.db import open_db
from scraper.build import reparse
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import Clock, rows, run_crawl
from tests.fixtures.site.faults import FaultPlan

EDITS = "SELECT COUNT(*) FROM {}_versions WHERE edit = 1"


@pytest.mark.slow
@pytest.mark.parametrize("upgraded", [False, True])
def test_a_crawl_cut_short_edits_nothing(
    replica_factory: ReplicaFactory, tmp_path: Path, upgraded: bool
) -> None:
    """`upgraded`: an archive from before category_names was kept (helper-199): the names
    are read again from the last categories answer."""
    server = replica_factory(state="later")
    db = tmp_path / "isecg.db"
    assert run_crawl(server, tmp_path).status == "done"
    before = rows(db, "SELECT id, categories FROM news ORDER BY id")
    publications = rows(db, "SELECT id, description, posted_on FROM publications ORDER BY id")
    names = rows(db, "SELECT id, name FROM category_names ORDER BY id")
    assert ("1", "News") in names
    if upgraded:
        with sqlite3.connect(db) as conn:
            conn.execute("DELETE FROM category_names")
    # cut at 40 pages, the categories collection and the publications' list unread whether or
    # not the cut came first: the publications read from the home page's block alone
    unread = ("/index.php?rest_route=/wp/v2/categories", "/?page_id=407")
    server.configure(faults=FaultPlan(seed=1, rate=1.0, kinds=("503",), paths=unread))
    server.clear_log()
    run_crawl(server, tmp_path, Clock(), max_pages=40, max_attempts=1)  # unhealthy: 5 errors
    asked = [entry.path for entry in server.log]
    assert any("wp/v2/posts" in path for path in asked)  # the posts were read from REST
    assert rows(db, EDITS.format("news")) == [(0,)]
    assert rows(db, EDITS.format("publications")) == [(0,)]
    # read from the home page's block by a cut crawl: kept as a whole crawl read them, where
    # they are listed too (helper-199: 7 moved to the home page, then back, each cut night)
    moved = "SELECT COUNT(*) FROM publications_versions WHERE crawl_id = 2 AND changed LIKE '%url%'"
    assert rows(db, moved) == [(0,)]
    assert rows(db, "SELECT id, categories FROM news ORDER BY id") == before
    kept = rows(db, "SELECT id, description, posted_on FROM publications ORDER BY id")
    # each still says what it said (a post's text for one the list no longer gave: relisted)
    assert [key for key, *said in kept if not all(said)] == [
        key for key, *said in publications if not all(said)
    ]
    archive = open_db(db)
    try:
        reparse(archive, tmp_path / "warc", workers=1)  # built again, crawl after crawl
    finally:
        archive.close()
    assert rows(db, "SELECT id, categories FROM news ORDER BY id") == before
    assert rows(db, EDITS.format("news")) == [(0,)]
