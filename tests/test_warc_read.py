"""Reading a record back (archive/warc_read.py) from a damaged, cut or missing WARC file: one
UnreadableRecord naming the file and offset, nothing printed, never a shorter payload; and
`isecg reparse` over such a record stops with one line, the archive as it was."""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import shutil
import sqlite3
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.crawl_state import CrawlStore
from archive.db import open_db
from archive.warc import WarcLocation
from archive.warc_read import DAMAGED, UnreadableRecord, read_record, spool_payload
from scraper.cli import main
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import SIDE_FILES, rows, run_crawl
from tests.test_warc import exchange, writer


def written(tmp_path: Path, body: bytes) -> WarcLocation:
    headers = [("Content-Type", "application/pdf"), ("Content-Length", str(len(body)))]
    with writer(tmp_path) as w:
        return w.write(exchange("/files/a.pdf", body, headers))


def test_a_damaged_gzip_member_is_one_error_and_prints_nothing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """warcio printed zlib's error for every 4 KB block to the end of the file (1,079 lines for
    one record) and returned the payload cut where the damage began."""
    loc = written(tmp_path, os.urandom(60_000) + b"%%EOF")
    path = tmp_path / loc.file
    with path.open("r+b") as fh:
        fh.seek(loc.offset + loc.length // 2)
        fh.write(b"X" * 64)
    with pytest.raises(UnreadableRecord, match=f"{loc.file} at offset {loc.offset}: .*damaged"):
        read_record(tmp_path, loc.file, loc.offset)
    with pytest.raises(UnreadableRecord):
        spool_payload(tmp_path, loc.file, loc.offset)
    assert capfd.readouterr().err == ""


def test_a_payload_changed_under_a_good_crc_is_held_to_its_digest(tmp_path: Path) -> None:
    body = b"%PDF-1.4 " + b"text " * 2000 + b"%%EOF"
    loc = written(tmp_path, body)
    path = tmp_path / loc.file
    data = path.read_bytes()
    member = gzip.decompress(data[loc.offset : loc.offset + loc.length])
    tampered = gzip.compress(member.replace(b"text", b"TEXT", 1))  # same length, fresh CRC
    path.write_bytes(data[: loc.offset] + tampered + data[loc.offset + loc.length :])
    with pytest.raises(UnreadableRecord, match="does not match its WARC-Payload-Digest"):
        read_record(tmp_path, loc.file, loc.offset)


def test_a_file_cut_short_or_gone(tmp_path: Path) -> None:
    loc = written(tmp_path, os.urandom(30_000))
    path = tmp_path / loc.file
    path.write_bytes(path.read_bytes()[: loc.offset + loc.length // 2])
    with pytest.raises(UnreadableRecord, match="cut short"):
        read_record(tmp_path, loc.file, loc.offset)
    path.unlink()
    with pytest.raises(UnreadableRecord, match="no such WARC file"):
        read_record(tmp_path, loc.file, loc.offset)


def test_a_very_compressible_record_never_balloons(tmp_path: Path) -> None:
    loc = written(tmp_path, bytes(40 << 20))
    tracemalloc.start()
    try:
        _, spool = spool_payload(tmp_path, loc.file, loc.offset)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    with spool:
        assert spool.seek(0, os.SEEK_END) == 40 << 20
    assert peak < 8 << 20  # inflated a block at a time into the spool file


def _documents(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT * FROM documents ORDER BY 1").fetchall()


def test_reparse_over_a_damaged_record_stops_and_changes_nothing(
    data: Path, tmp_path: Path
) -> None:
    """It used to store the damaged document as "truncated PDF", exit 0, "0 problems"."""
    archive = tmp_path / "archive"
    shutil.copytree(data, archive, ignore=SIDE_FILES)
    with sqlite3.connect(archive / "isecg.db") as conn:
        warc_file, offset = conn.execute(
            "SELECT c.warc_file, c.warc_offset FROM documents d JOIN captures c"
            " ON c.id = d.capture_id WHERE c.size > 50000 ORDER BY d.capture_id LIMIT 1"
        ).fetchone()
    before = _documents(archive / "isecg.db")
    with (archive / "warc" / warc_file).open("r+b") as fh:
        fh.seek(offset + 30_000)
        fh.write(b"X" * 64)
    result = CliRunner().invoke(main, ["reparse", "--data", str(archive)])
    assert result.exit_code == 1
    [line] = result.output.splitlines()
    assert line.startswith(
        f"isecg: reparse stopped, nothing changed: {warc_file} at offset {offset}: the record"
        " is damaged: "
    )
    assert line.endswith("(`isecg verify` lists every record it cannot read)")
    assert _documents(archive / "isecg.db") == before


@pytest.mark.slow
def test_a_night_over_a_damaged_record_ends_and_keeps_what_it_gave(
    replica_factory: ReplicaFactory, tmp_path: Path
) -> None:
    """An unchanged PDF's revisit points at its original record: with that record damaged,
    every later crawl read it in its build and ended "failed", its records rolled back."""
    server = replica_factory()
    run_crawl(server, tmp_path)
    db = tmp_path / "isecg.db"
    with sqlite3.connect(db) as conn:
        warc_file, offset = conn.execute(
            "SELECT c.warc_file, c.warc_offset FROM documents d JOIN captures c"
            " ON c.id = d.capture_id WHERE c.size > 50000 ORDER BY d.capture_id LIMIT 1"
        ).fetchone()
    read = "SELECT url, sha256, size, pages, title, text, error FROM documents ORDER BY url"
    before = rows(db, read)
    with (tmp_path / "warc" / warc_file).open("r+b") as fh:
        fh.seek(offset + 30_000)
        fh.write(b"X" * 64)
    result = run_crawl(server, tmp_path)
    assert result.status in ("done", "unhealthy")
    assert rows(db, read) == before  # what the damaged record gave stays as it was
    with sqlite3.connect(db) as conn:
        problems = conn.execute(
            "SELECT problem FROM extraction_problems WHERE crawl_id = 2 AND problem LIKE ?",
            ["%damaged WARC record: %"],
        ).fetchall()
    assert problems and f"{warc_file} at offset {offset}" in problems[0][0]


@pytest.mark.slow
def test_a_damaged_archived_copy_is_fetched_whole_again(
    replica_factory: ReplicaFactory, tmp_path: Path
) -> None:
    """A 304 stands for the archived copy. With the home page's copy damaged, every later
    crawl recorded the page as an error (its links unread, the crawl unhealthy), and an
    unchanged PDF's revisits kept pointing at its damaged original. Now the page is fetched
    again whole at once, and the PDF the night after a build found its record damaged."""
    server = replica_factory()
    run_crawl(server, tmp_path)
    db = tmp_path / "isecg.db"
    home = server.url + "/"
    with sqlite3.connect(db) as conn:
        pdf = conn.execute(
            "SELECT c.url FROM documents d JOIN captures c ON c.id = d.capture_id"
            " WHERE c.size > 50000 ORDER BY d.capture_id LIMIT 1"
        ).fetchone()[0]
        for url, into in ((home, 200), (pdf, 30_000)):
            warc_file, offset = conn.execute(
                "SELECT warc_file, warc_offset FROM captures WHERE url = ? AND crawl_id = 1", [url]
            ).fetchone()
            with (tmp_path / "warc" / warc_file).open("r+b") as fh:
                fh.seek(offset + into)
                fh.write(b"X" * 64)
    outcomes = "SELECT outcome, status, revisit_of FROM captures WHERE crawl_id = ? AND url = ?"
    found = "SELECT problem FROM extraction_problems WHERE crawl_id = ? AND problem LIKE ?"
    for night in (2, 3, 4):
        assert run_crawl(server, tmp_path).status == "done"
        with sqlite3.connect(db) as conn:
            page = conn.execute(outcomes, [night, home]).fetchone()
            document = conn.execute(outcomes, [night, pdf]).fetchone()
            damage = conn.execute(found, [night, "%damaged WARC record: %"]).fetchall()
            first = conn.execute(
                "SELECT id FROM captures WHERE crawl_id = 1 AND url = ?", [pdf]
            ).fetchone()[0]
        # The page: whole again on the first night, unchanged (a revisit of that) after.
        assert page[:2] == (("ok", 200) if night == 2 else ("unchanged", 304))
        if night == 2:  # the build reads the PDF's damaged original: one problem, once
            assert document[:2] == ("unchanged", 304) and len(damage) == 1
        elif night == 3:  # the night after: asked unconditionally, archived whole
            assert document == ("ok", 200, None) and damage == []
        else:
            assert document[:2] == ("unchanged", 304) and damage == []
            assert document[2] != first  # a revisit of the whole copy of night 3
    with sqlite3.connect(db) as conn:
        originals = {
            revisit_of
            for (revisit_of,) in conn.execute(
                "SELECT revisit_of FROM captures WHERE crawl_id = 4 AND url IN (?, ?)", [home, pdf]
            )
        }
        whole = conn.execute(
            "SELECT id FROM captures WHERE crawl_id IN (2, 3) AND status = 200 AND url IN (?, ?)",
            [home, pdf],
        ).fetchall()
    assert originals == {row[0] for row in whole}


def test_a_damaged_record_is_nobodys_original(tmp_path: Path) -> None:
    """Once a build found a capture's record damaged, a later crawl neither asks for its URL
    conditionally nor points an identical asset's revisit at it."""
    db = open_db(tmp_path / "isecg.db")
    store = CrawlStore(db)
    crawl_id = store.start("http://127.0.0.1/", False, {})
    ids = []
    for n, url in enumerate(["http://127.0.0.1/a.css", "http://127.0.0.1/b.css"]):
        capture = {
            "url": url,
            "kind": "asset",
            "fetched_at": f"2026-01-0{n + 1}T00:00:00Z",
            "outcome": "ok",
            "status": 200,
            "payload_digest": "sha1:SAME",
            "warc_file": "w.gz",
            "warc_offset": n * 100,
            "warc_record_id": f"<urn:uuid:{n}>",
            "etag": '"e"',
        }
        ids.append(store.record(crawl_id, capture)[0])
    assert (first := store.first_with_digest("sha1:SAME")) and first.capture_id == ids[0]
    assert (previous := store.previous("http://127.0.0.1/a.css")) and previous.capture_id == ids[0]
    db.execute(
        "INSERT INTO extraction_problems (crawl_id, url, capture_id, problem) VALUES (?, ?, ?, ?)",
        [crawl_id, "http://127.0.0.1/a.css", ids[0], f"unreadable body: {DAMAGED}w.gz at 0"],
    )
    later = CrawlStore(db)
    assert (first := later.first_with_digest("sha1:SAME")) and first.capture_id == ids[1]
    assert later.previous("http://127.0.0.1/a.css") is None
    assert (previous := later.previous("http://127.0.0.1/b.css")) and previous.capture_id == ids[1]


@pytest.mark.parametrize("form", ["base32 unpadded", "hex", "base64"])
def test_a_sha256_digest_in_another_tools_form_is_accepted(tmp_path: Path, form: str) -> None:
    """Other tools write sha256 digests as hex, base64 or base32 without padding: each is
    held to the payload, not taken for damage."""
    body = b"%PDF-1.4 " + b"text " * 500 + b"%%EOF"
    loc = written(tmp_path, body)
    digest = hashlib.sha256(body).digest()
    value = {
        "base32 unpadded": base64.b32encode(digest).decode().rstrip("="),
        "hex": digest.hex(),
        "base64": base64.b64encode(digest).decode(),
    }[form]
    path = tmp_path / loc.file
    data = path.read_bytes()
    member = gzip.decompress(data[loc.offset : loc.offset + loc.length])
    start = member.index(b"WARC-Payload-Digest: ") + len(b"WARC-Payload-Digest: ")
    end = member.index(b"\r\n", start)
    swapped = member[:start] + f"sha256:{value}".encode() + member[end:]
    path.write_bytes(data[: loc.offset] + gzip.compress(swapped) + data[loc.offset + loc.length :])
    assert read_record(tmp_path, loc.file, loc.offset)[3] == body
    tampered = swapped.replace(b"text", b"TEXT", 1)
    path.write_bytes(data[: loc.offset] + gzip.compress(tampered) + data[loc.offset + loc.length :])
    with pytest.raises(UnreadableRecord, match="WARC-Payload-Digest"):
        read_record(tmp_path, loc.file, loc.offset)
