"""An answer cut short is kept as far as it came (helper-206: a body over the size cap, or
ended early, lost its status, its headers and the bytes received). Its WARC record holds
them with `WARC-Truncated` ("length": over the cap; "disconnect": the connection ended),
its capture row the status and the record's place, and nothing is read from it. A body still
trickling in at the total timeout likewise, with "time"."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from warcio.archiveiterator import ArchiveIterator

from tests.hostile import Answer, crawl_of, page, serve

CAP = 5_000
CUT_SHORT = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 900\r\n\r\n<html>only this"
)


def record_of(data: Path, warc_file: str, offset: int) -> tuple[dict[str, str], bytes]:
    with (data / "warc" / warc_file).open("rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        return dict(record.rec_headers.headers), record.content_stream().read()


def test_an_answer_cut_short_is_archived_as_far_as_it_came(tmp_path: Path) -> None:
    pages: dict[str, Answer | bytes] = {
        "/": page("/declared", "/endless", "/short", "/slow"),
        "/declared": Answer(body=b"x" * (CAP + 1)),  # its Content-Length over the cap
        "/endless": Answer(body=b"<html>", endless=b"y" * 1024, length=False),
        "/short": CUT_SHORT,  # 15 bytes of the 900 promised, then the connection closes
        "/slow": Answer(body=b"<html>" + b"z" * 200, trickle=0.01),  # 2 s: cut at 0.5 s
    }
    with serve(pages) as server:
        crawl_of(server, tmp_path, max_page_bytes=CAP, max_attempts=1, total_timeout=0.5)
        base = server.url
    db = sqlite_utils.Database(tmp_path / "isecg.db")
    rows = {
        row["url"].removeprefix(base): row
        for row in db.query("SELECT * FROM captures WHERE url != ?", [base + "/"])
        if row["kind"] == "page"
    }
    expected = {
        "/declared": ("TooLarge", "length", b""),
        "/endless": ("TooLarge", "length", None),
        "/short": ("TruncatedBody", "disconnect", b"<html>only this"),
        "/slow": ("SlowBody", "time", None),
    }
    for path, (error, why, body) in expected.items():
        row = rows[path]
        assert (row["status"], row["error_class"], row["outcome"]) == (200, error, "error")
        headers, payload = record_of(tmp_path, row["warc_file"], row["warc_offset"])
        assert headers["WARC-Truncated"] == why and headers["WARC-Target-URI"] == base + path
        if body is not None:
            assert payload == body
        elif path == "/slow":  # as far as it came in the total timeout
            assert payload.startswith(b"<html>zz") and len(payload) < 206
        else:  # the body as far as the cap: its first bytes, never past the cap
            assert payload.startswith(b"<html>yyy") and len(payload) <= CAP
    assert db.execute("SELECT COUNT(*) FROM news").fetchone()[0] == 0  # nothing read from them
