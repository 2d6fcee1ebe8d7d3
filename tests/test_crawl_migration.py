"""A WordPress site (posts at `/?p=N`) moved to Drupal, whose redirect module answers `/?p=N`
with a 301 to the post's new address `/news/<slug>` (probe 13, L4; its sites, served on
127.0.0.1 one state after the other into one data directory). One post stays one record:
`wp:N`, its URL the new one, its day kept, the one undated post dated by the new list, none
removed and no crawl flagged. Then the redirect module is switched off (`/?p=N` answers 404)
and a reparse rebuilds the tables from the WARC files: the same records. Before, the moved
site's 9 articles became 9 more records beside the 9 posts, keyed by their URLs."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from archive.db import open_db
from archive.store import Seen
from scraper.build import reparse
from scraper.chosen import records
from scraper.crawl import crawl
from scraper.harvest import Page, harvest
from scraper.settings import Settings
from tests.crawl_helpers import SIDE_FILES

SITES = Path(__file__).parent / "fixtures" / "other_cms" / "drupal_migration"
MOVED = json.loads((SITES / "drupal" / "truth.json").read_text())["news"]  # path -> post
NEWS_ROWS = "SELECT id, wp_id, url, substr(published, 1, 10), removed_at FROM news"
CHANGED = (
    "SELECT record_id, json_group_array(changed) FROM"
    " (SELECT * FROM news_versions ORDER BY record_id, version) GROUP BY record_id"
)


class _Site(BaseHTTPRequestHandler):
    """The routes of the state being served: a file, a redirect ("->", the redirect module's
    301), or 404."""

    routes: ClassVar[dict[str, list[str]]] = {}
    files = SITES

    def do_GET(self) -> None:
        hit = self.routes.get(self.path)
        if hit and hit[0] == "->":
            self.send_response(301)
            self.send_header("Location", hit[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body, kind, code = (
            ((self.files / hit[0]).read_bytes(), hit[1], 200)
            if hit
            else (b"<html><title>Page not found</title></html>", "text/html", 404)
        )
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(state: str, redirects: bool = True) -> None:
    routes = json.loads((SITES / state / "routes.json").read_text())
    _Site.routes = {k: v for k, v in routes.items() if redirects or v[0] != "->"}
    _Site.files = SITES / state / "files"


def _news(data: Path) -> set[tuple[Any, ...]]:
    with sqlite3.connect(data / "isecg.db") as db:
        return set(db.execute(NEWS_ROWS))


@pytest.fixture(scope="module")
def migration(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """What each stage left: news rows, crawl status; the site's address ("base")."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    data = tmp_path_factory.mktemp("migration")
    settings = Settings(
        site=base + "/",
        data_dir=data,
        delay=0.0,
        concurrency=1,
        progress=False,
        backoff_base=0.01,
        backoff_max=0.05,
        read_timeout=5.0,
    )
    stages: dict[str, Any] = {"base": base}
    wordpress = {
        (f"wp:{post['id']}", post["id"], f"{base}/?p={post['id']}", post["published"], None)
        for post in MOVED.values()
    }
    try:
        for stage, state, redirects in [
            ("wordpress", "wordpress", True),
            ("moved", "drupal", True),
            ("redirects off", "drupal", False),
        ]:
            _serve(state, redirects)
            stages[stage] = (crawl(settings).status, _news(data))
            if stage == "wordpress":  # the posts, at their WordPress addresses
                assert stages[stage] == ("done", wordpress)
            if stage == "moved":
                with sqlite3.connect(data / "isecg.db") as conn:
                    stages["versions"] = dict(conn.execute(CHANGED))
    finally:
        server.shutdown()
        server.server_close()
    for workers in (1, 2):  # the pages read here, then by worker processes (workers.py)
        copy = tmp_path_factory.mktemp(f"reparse{workers}") / "data"
        shutil.copytree(data, copy, ignore=SIDE_FILES)
        db = open_db(copy / "isecg.db")
        try:
            reparse(db, copy / "warc", workers=workers)
        finally:
            db.close()
        stages[f"reparse by {workers} process{'es' if workers > 1 else ''}"] = ("done", _news(copy))
    yield stages


def _moved(base: str) -> set[tuple[Any, ...]]:
    return {
        (f"wp:{post['id']}", post["id"], base + path, post["published"], None)
        for path, post in MOVED.items()
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    "stage", ["moved", "redirects off", "reparse by 1 process", "reparse by 2 processes"]
)
def test_a_moved_post_stays_one_record_with_its_id(migration: dict[str, Any], stage: str) -> None:
    status, news = migration[stage]
    assert status == "done"  # exit 0: no kind of record fell
    assert news == _moved(migration["base"])


@pytest.mark.slow
def test_a_moved_post_s_new_address_is_its_next_version(migration: dict[str, Any]) -> None:
    """Nothing else changed: the page at the new address says what the old one did."""
    versions = {
        key: [json.loads(c) for c in json.loads(v)] for key, v in migration["versions"].items()
    }
    assert {key: changed[1:] for key, changed in versions.items()} == {
        f"wp:{post['id']}": [["url"]] for post in MOVED.values()
    }


# What harvest makes of the pages a migration's redirects lead to, read from the fixture's
# files with no crawl: captures.moved_posts gives the redirects, as the builder does.
SITE = "https://www.globalspaceexploration.org/"
SEEN = Seen(2, 7, "2026-01-15T12:00:00Z")


def _page(path: str, file: str) -> Page:
    body = (SITES / "drupal" / "files" / file).read_bytes()
    return Page(SITE + path.lstrip("/"), "page", 200, "text/html", body, SEEN)


def test_two_posts_redirecting_to_one_article_re_key_it_to_neither() -> None:
    """Which of the two it is cannot be told (a redirect map gone wrong, helper-60): it stays
    a record of its own address, never the content of another post's, and a person is told."""
    article = SITE + "news/isecg-at-iac-2018"
    found = harvest(
        [_page("/news/isecg-at-iac-2018", "008.html")], SITE, {}, None, {article: (805, 1820)}
    )
    news, _, _ = records(found)
    assert {key: (post.wp_id, post.url) for key, (post, _) in news.items()} == {
        article: (None, article)
    }
    assert found.problems == [
        (article, 7, "?p=805 and ?p=1820 all redirect here: kept under its own address")
    ]


def test_a_post_redirected_to_a_list_is_no_article_to_re_key() -> None:
    """A post deleted in the move and sent to the news list: the list is read as a list."""
    found = harvest([_page("/news", "010.html")], SITE, {}, None, {SITE + "news": (12,)})
    news, _, _ = records(found)
    assert not news and not found.problems
    assert found.list_dates and all(isinstance(key, str) for key in found.list_dates)
