"""A whole crawl of a site redesigned onto Hugo (PaperMod; helper-58 after probe 13): posts at
`/news/<slug>/`, which `/news/<slug>` redirects to, list pages at `/news/page/N/`, no REST API.
Every post is stored, keyed by its address, with its day, and the members listed on its own
`/members/` page are the members. Before, the slash was cut from each
post's address, the redirect led back to itself, and no post was fetched or stored."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scraper.crawl import crawl
from scraper.settings import Settings

SITE = Path(__file__).parent / "fixtures" / "other_cms" / "hugo_site"
ROUTES: dict[str, list[str]] = json.loads((SITE / "routes.json").read_text())


class _Hugo(BaseHTTPRequestHandler):
    """The site's files at their routes; a directory's address without its slash redirected
    to it, as nginx, GitHub Pages and Ghost do; anything else 404."""

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        slashed = path + "/" + ("?" + query if query else "")
        if self.path not in ROUTES and not path.endswith("/") and slashed in ROUTES:
            self.send_response(301)
            self.send_header("Location", slashed)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        hit = ROUTES.get(self.path)
        body, kind, code = (
            ((SITE / "files" / hit[0]).read_bytes(), hit[1], 200)
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


@pytest.fixture
def hugo() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hugo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_every_post_of_a_hugo_site_is_stored_with_its_day(hugo: str, tmp_path: Path) -> None:
    settings = Settings(
        site=hugo + "/",
        data_dir=tmp_path,
        delay=0.0,
        concurrency=1,
        progress=False,
        backoff_base=0.01,
        backoff_max=0.05,
        read_timeout=5.0,
    )
    crawl(settings)
    with sqlite3.connect(tmp_path / "isecg.db") as db:
        stored = {
            url: (published or "")[:10]
            for url, published in db.execute(
                "SELECT url, published FROM news WHERE removed_at IS NULL"
            )
        }
        members = {
            acronym
            for (acronym,) in db.execute(
                "SELECT a.acronym FROM agencies a JOIN memberships m ON m.agency_id = a.id"
                " WHERE m.left_on IS NULL"
            )
        }
    truth = json.loads((SITE / "truth.json").read_text())
    assert stored == {hugo + path: post["published"] for path, post in truth["news"].items()}
    # the members on /members/ (its home page shows none): read there
    assert members == set(truth["members"])
