"""Documents are spooled to a temporary file as they stream, never held whole in memory: the
spooled body still gives the same WARC record, digests and capture row as one held in memory."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.spool import Spool
from archive.warc import payload_digest
from scraper.http import Fetched, Fetcher
from tests.hostile import Answer, HostileServer, crawl_of, page, serve, settings_of

# Not a run of one byte: every part of the file differs, so a cut or a reorder shows.
PDF = b"%PDF-1.4\n" + b"".join(hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(90_000))
HTML = page("/a", text="x" * 3_000_000).body


def routes() -> dict[str, Answer | bytes]:
    return {
        "/": page("/doc.pdf", "/page.pdf"),
        "/doc.pdf": Answer(body=PDF, content_type="application/pdf"),
        # A "document" URL that answers HTML is read for links: kept in memory.
        "/page.pdf": Answer(body=HTML),
    }


def fetch(server: HostileServer, path: str, spool: bool) -> Fetched:
    async def go() -> Fetched:
        async with Fetcher(settings_of(server, Path("unused"))) as fetcher:
            return await fetcher.fetch(server.url + path, max_bytes=50 << 20, spool=spool)

    return asyncio.run(go())


def test_a_document_fetched_spooled_is_counted_as_it_streams() -> None:
    with serve(routes()) as server:
        spooled = fetch(server, "/doc.pdf", spool=True)
        held = fetch(server, "/doc.pdf", spool=False)
        html = fetch(server, "/page.pdf", spool=True)
    assert isinstance(spooled.raw, Spool) and spooled.body is spooled.raw
    assert isinstance(held.raw, bytes) and held.raw == PDF
    assert isinstance(html.raw, bytes) and html.raw == HTML
    assert len(spooled.raw) == len(PDF)
    assert spooled.raw.payload_digest() == payload_digest(PDF)
    assert spooled.raw.sha256() == hashlib.sha256(PDF).hexdigest()
    assert spooled.raw.reader().read() == PDF
    spooled.raw.close()


def test_a_spooled_document_is_archived_whole_and_revisited_alike(tmp_path: Path) -> None:
    with serve(routes()) as server:
        for _ in range(2):
            assert crawl_of(server, tmp_path).status == "done"
    db = sqlite3.connect(tmp_path / "isecg.db")
    rows = db.execute(
        "SELECT crawl_id, outcome, size, content_sha256, payload_digest, warc_file, warc_offset"
        " FROM captures WHERE url LIKE '%/doc.pdf' ORDER BY crawl_id"
    ).fetchall()
    sha = hashlib.sha256(PDF).hexdigest()
    # The second crawl's answer is the same bytes: a revisit, counted from the WARC's copy.
    assert [(crawl_id, outcome) for crawl_id, outcome, *_ in rows] == [(1, "ok"), (2, "unchanged")]
    assert all(row[3] == sha for row in rows)
    assert rows[0][2] == len(PDF) and rows[0][4] == payload_digest(PDF)
    with (tmp_path / "warc" / rows[0][5]).open("rb") as fh:
        fh.seek(rows[0][6])
        record = next(iter(ArchiveIterator(fh, check_digests=True)))
        assert record.content_stream().read() == PDF
        assert record.digest_checker.passed is not False
    linked = db.execute("SELECT count(*) FROM frontier WHERE url LIKE '%/a'").fetchone()[0]
    assert linked >= 1  # the HTML answered at a .pdf URL was read for its link
