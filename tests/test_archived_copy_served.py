"""The reading room's copy of a capture, for pages of no replica design (helper-203): a page
whose character set only its <meta> names, a page a later crawl found moved by a 301, and
a timeline whose unchanged answer (a 304) stands between two different contents."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archive.db import open_db
from archive.reading import captures
from tests.hostile import Answer, crawl_of, page, serve
from tests.serve_helpers import client_for

pytestmark = pytest.mark.slow  # two whole crawls of a small site


def test_a_meta_charset_and_a_later_redirect(tmp_path: Path) -> None:
    moved = {"now": False}
    old = Answer(
        body="<html><head><meta charset='windows-1252'></head><body>caf\u00e9</body></html>".encode(
            "cp1252"
        ),
        content_type="text/html",
    )

    def route(target: str) -> Answer | bytes | None:
        if target == "/robots.txt":
            return Answer(body=b"User-agent: *\nDisallow:\n", content_type="text/plain")
        if target == "/":
            return page("/?p=5", "/old")
        if target == "/?p=5":
            if moved["now"]:
                return Answer(status=301, headers=[("Location", "/moved")])
            return page(text="post five")
        if target == "/moved":
            return page(text="post five, moved")
        return old if target == "/old" else None

    data = tmp_path / "data"
    with serve(route) as server:
        assert crawl_of(server, data).status == "done"
        moved["now"] = True
        assert crawl_of(server, data, full=True).status == "done"
        site = server.url
    with sqlite3.connect(data / "isecg.db") as conn:
        (good,) = conn.execute(
            "SELECT id FROM captures WHERE url = ? AND status = 200", [f"{site}/?p=5"]
        ).fetchone()
        (redirect,) = conn.execute(
            "SELECT id FROM captures WHERE url = ? AND status = 301", [f"{site}/?p=5"]
        ).fetchone()
        (meta,) = conn.execute(
            "SELECT max(id) FROM captures WHERE url = ?", [f"{site}/old"]
        ).fetchone()
    assert redirect > good
    with client_for(data) as client:
        # given no day, the page, not the later redirect's empty answer
        found = client.get("/-/archived", params={"url": f"{site}/?p=5"})
        assert found.headers["location"] == f"/-/capture/{good}"
        shown = client.get(f"/-/capture/{meta}")
        assert shown.headers["content-type"] == "text/html; charset=utf-8"
        assert "caf\u00e9" in shown.text and "\ufffd" not in shown.text


def test_a_304_between_two_contents_still_shows_the_change(tmp_path: Path) -> None:
    db = open_db(tmp_path / "isecg.db")
    for crawl in (1, 2, 3, 4, 5):  # a capture of the URL each
        crawled = {"id": crawl, "site": "http://s/", "started_at": "2025", "status": "done"}
        db.table("crawls").insert(crawled)
    url = "http://s/?p=7"
    rows = [  # id, status, digest, revisit_of, fetched_at
        (1, 200, "sha1:A", None, "2025-01-01T00:00:00.000Z"),
        (2, 304, "sha1:A", 1, "2025-02-01T00:00:00.000Z"),
        (3, 200, "sha1:B", None, "2025-03-01T00:00:00.000Z"),
        (4, 404, "sha1:N", None, "2025-04-01T00:00:00.000Z"),  # taken down a while
        (5, 200, "sha1:C", None, "2025-05-01T00:00:00.000Z"),  # back, a new edition
    ]
    for capture_id, status, digest, original, at in rows:
        db.table("captures").insert(
            {
                "id": capture_id,
                "crawl_id": capture_id,
                "url": url,
                "kind": "post",
                "fetched_at": at,
                "outcome": "ok",
                "status": status,
                "payload_digest": digest,
                "revisit_of": original,
                "warc_file": "x.warc.gz",
                "warc_offset": capture_id,
            }
        )
    found = {c["id"]: c["new_content"] for c in captures(db.conn, url)}
    assert found == {5: True, 4: False, 3: True, 2: False, 1: False}
    db.close()


def test_a_font_served_as_bytes_is_still_a_font_to_the_sandbox(tmp_path: Path) -> None:
    """An older server sends a .woff2 as `application/octet-stream`: the sandboxed copy
    fetches it with CORS too, and it was refused (helper-209: the header went by type)."""
    css = b"@font-face { font-family: X; src: url('f.woff2'); } body { font-family: X; }"

    def route(target: str) -> Answer | bytes | None:
        if target == "/":
            return Answer(body=b"<html><head><link rel=stylesheet href='/s.css'></head></html>")
        if target == "/s.css":
            return Answer(body=css, content_type="text/css")
        if target == "/f.woff2":
            return Answer(body=b"wOF2" + bytes(60), content_type="application/octet-stream")
        return None

    data = tmp_path / "data"
    with serve(route) as server:
        assert crawl_of(server, data).status == "done"
        site = server.url
    with sqlite3.connect(data / "isecg.db") as conn:
        (font,) = conn.execute(
            "SELECT id FROM captures WHERE url = ?", [f"{site}/f.woff2"]
        ).fetchone()
    with client_for(data) as client:
        answer = client.get(f"/-/capture/{font}")
    assert answer.content.startswith(b"wOF2")
    assert answer.headers["access-control-allow-origin"] == "*"
