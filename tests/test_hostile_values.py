"""One hostile value in one answer is that answer's problem, never the build's end
(helper-206): a date past the calendar, lone surrogates in JSON and in a PDF's text, a post
id past SQLite's integers, a charset that is no text's. Each stopped the crawl's records
with a traceback, and every later crawl and reparse of the archive holding it. Now the
crawl finishes, the other posts are kept, and a reparse gives the same records.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from archive.db import open_db
from scraper.build import reparse
from tests.hostile import Answer, crawl_of, page, serve

PRINTED = "<p>Posted on 2 January 2020</p>"


def post(n: int | str, head: str = "", body_class: str = "single") -> Answer:
    return Answer(
        body=(
            f"<html><head><title>Post {n}</title>{head}</head><body class='{body_class}'>"
            f"<article><h1 class='entry-title'>Post {n}</h1>{PRINTED}<div class='entry-content'>"
            "<p>The text of the post, long enough to be one.</p></div></article></body></html>"
        ).encode()
    )


def pdf_of_lone_surrogates() -> bytes:
    """A one-page PDF whose font maps the letter A to U+D800, which no text may hold."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange"
        b" <00> <FF> endcodespacerange 1 beginbfchar <41> <D800> endbfchar endcmap"
        b" CMapName currentdict /CMap defineresource pop end end"
    )
    text = b"BT /F1 24 Tf 72 700 Td (AAA) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%b\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n%b\nendstream" % (len(cmap), cmap),
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%b\nendobj\n" % (number, body)
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + (
        b"xref\n0 %d\n0000000000 65535 f \n%btrailer\n<< /Size %d /Root 1 0 R >>\n"
        b"startxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table, len(objects) + 1, len(out))
    )


HOSTILE = {
    "/?p=2": post(2, '<meta property="article:published_time" content="9999-12-31T23:59:59Z">'),
    "/?p=3": post(
        3,
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline":'
        ' "Head \\ud800 line", "datePublished": "2020-01-02T10:00:00\\udc80",'
        ' "author": {"name": "\\udc80"}}</script>',
    ),
    "/post-big/": post("big", body_class="single postid-99999999999999999999"),
    "/?p=4": Answer(body=post(4).body, content_type="text/html; charset=rot13"),
    "/?p=5": post(5, "<meta charset='rot13'>"),
    "/?p=9223372036854775808": post(6),
    "/report.pdf": Answer(body=pdf_of_lone_surrogates(), content_type="application/pdf"),
}


def test_one_hostile_value_is_one_answers_problem(tmp_path: Path) -> None:
    pages = {"/": page("/?p=1", *HOSTILE), "/?p=1": post(1), **HOSTILE}
    with serve(pages) as server:
        result = crawl_of(server, tmp_path)
    assert result.status == "done", result.message
    db = sqlite_utils.Database(tmp_path / "isecg.db")
    news = {row["id"]: row for row in db.query("SELECT * FROM news")}
    assert news["wp:1"]["published"] == "2020-01-02"  # the page no value spoiled
    assert news["wp:2"]["published"] == "2020-01-02"  # the year 9999 read as no date
    assert "\ufffd" in news["wp:3"]["author"]  # the lone surrogate as U+FFFD
    assert {"wp:4", "wp:5"} <= set(news)  # read as pages that declare no charset
    assert not any(key.startswith("wp:9223372036854775808") for key in news)
    (document,) = db.query("SELECT text, error FROM documents")
    assert document["error"] is None and "\ufffd" in document["text"]
    before = {table: list(db.query(f"SELECT * FROM {table}")) for table in ("news", "documents")}
    archive = open_db(tmp_path / "isecg.db")
    try:
        reparse(archive, tmp_path / "warc", workers=1)
    finally:
        archive.close()
    after = {table: list(db.query(f"SELECT * FROM {table}")) for table in ("news", "documents")}
    assert after == before


def test_an_error_no_rule_foresaw_is_that_pages_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug's stand-in (no page makes one on demand): reading /?p=2, or its links, raises.
    The crawl ends done, the other post is kept, the page's capture keeps its place in the
    WARC file, and the reading's error is the page's problem in `extraction_problems`."""
    import scraper.archiving
    import scraper.harvest

    def failing(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(url: str, *args: Any, **kwargs: Any) -> Any:
            if url.endswith("/?p=2"):
                raise ValueError("a bug")
            return real(url, *args, **kwargs)

        return call

    monkeypatch.setattr(scraper.harvest, "extract", failing(scraper.harvest.extract))
    monkeypatch.setattr(scraper.archiving, "discover", failing(scraper.archiving.discover))
    with serve({"/": page("/?p=1", "/?p=2"), "/?p=1": post(1), "/?p=2": post(2)}) as server:
        result = crawl_of(server, tmp_path, read_early=False)
        second = server.url + "/?p=2"
    assert result.status == "done", result.message
    db = sqlite_utils.Database(tmp_path / "isecg.db")
    assert [row["id"] for row in db.query("SELECT id FROM news")] == ["wp:1"]
    (capture,) = db.query("SELECT warc_file, outcome FROM captures WHERE url = ?", [second])
    assert capture["warc_file"] and capture["outcome"] == "ok"
    problems = [row["problem"] for row in db.query("SELECT * FROM extraction_problems")]
    assert "could not be read (ValueError: a bug)" in problems


def test_a_rest_answer_of_millions_of_values_is_not_loaded() -> None:
    """helper-206: 10 MB of `[[],[],...]` as a REST page took 313 MB to load, in discovery and
    again in the build. More arrays and objects than a REST page holds are not loaded."""
    from datetime import UTC, datetime

    from scraper.discover import discover
    from scraper.extract import extract

    site = "http://127.0.0.1:8080/"
    url = site + "index.php?rest_route=/wp/v2/posts&per_page=100"
    body = b"[" + b"[]," * 400_000 + b"[]]"
    assert discover(url, "application/json", body, {}, site).found == []
    got = extract(url, "application/json", body, site, datetime(2025, 1, 1, tzinfo=UTC))
    assert got.problems == [
        "an unreadable REST answer: more than 300,000 arrays and objects: not read"
    ]
