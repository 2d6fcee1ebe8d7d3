"""archive/warc.py against real files: read back, warcio's own CLI, torn and corrupt files."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tracemalloc
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.decode import decoded_payload
from archive.warc import Exchange, WarcLocation, WarcWriter, payload_digest
from archive.warc_check import check_file, repair_tail
from archive.warc_read import read_record

WARCIO = Path(sys.executable).parent / "warcio"
T0 = datetime(2026, 11, 25, 18, 36, 0, tzinfo=UTC)
T1 = datetime(2026, 11, 26, 2, 0, 0, 250000, tzinfo=UTC)
SITE = "http://127.0.0.1:8080"


def exchange(
    path: str = "/news/",
    body: bytes = b"<html><body>news</body></html>",
    headers: list[tuple[str, str]] | None = None,
    status: int = 200,
    reason: str = "OK",
    ip: str | None = "127.0.0.1",
    when: datetime = T0,
) -> Exchange:
    if headers is None:
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
    return Exchange(
        url=SITE + path,
        fetched_at=when,
        method="GET",
        request_headers=[("Host", "127.0.0.1:8080"), ("User-Agent", "isecg-archive/0.1 (+test)")],
        http_version="HTTP/1.1",
        status=status,
        reason=reason,
        response_headers=headers,
        body=body,
        ip=ip,
    )


def writer(tmp_path: Path, max_bytes: int = 10**9, prefix: str = "t") -> WarcWriter:
    return WarcWriter(tmp_path, prefix, max_bytes, "isecg-archive 0.1", {"operator": "tests"})


def records(path: Path) -> list[tuple[int, int, Any, bytes]]:
    """(offset, length, record, raw payload) for every record, digests checked by warcio."""
    out = []
    with path.open("rb") as fh:
        it = ArchiveIterator(fh, check_digests=True)
        for rec in it:
            raw = rec.raw_stream.read()
            assert rec.digest_checker.passed is not False, rec.digest_checker.problems
            out.append((it.get_record_offset(), it.get_record_length(), rec, raw))
    return out


def record_at(path: Path, offset: int) -> tuple[Any, bytes]:
    """The record at offset, found by seeking, and its content as warcio's reader decodes it."""
    with path.open("rb") as fh:
        fh.seek(offset)
        rec = next(iter(ArchiveIterator(fh)))
        return rec, rec.content_stream().read()


def warcio_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([WARCIO, *args], capture_output=True, text=True, timeout=60)


def test_write_then_read_back_is_byte_identical(tmp_path: Path) -> None:
    # Bytes that would confuse a reader which re-parses or re-encodes: NUL, CRLF, chunk syntax.
    body = b"\x00\xff\r\n0\r\n\r\n" + os.urandom(3000) + "café".encode()
    headers = [("Content-Type", "application/octet-stream"), ("X-Note", "caf\xe9")]
    headers.append(("Content-Length", str(len(body))))
    with writer(tmp_path) as w:
        loc = w.write(exchange("/files/a.bin?x=1", body, headers))
    rec_type, status, got_headers, payload = read_record(tmp_path, loc.file, loc.offset)
    assert (rec_type, status, got_headers, payload) == ("response", 200, headers, body)
    assert payload_digest(payload) == loc.payload_digest == payload_digest(body)
    # The latin-1 header value is stored as its single wire byte, not %-escaped.
    assert b"X-Note: caf\xe9\r\n" in gzip.decompress((tmp_path / loc.file).read_bytes())


def test_records_carry_warcinfo_digests_ip_and_links(tmp_path: Path) -> None:
    with writer(tmp_path) as w:
        loc = w.write(exchange("/news/?page=2"))
        loc_no_ip = w.write(exchange("/about/", ip=None))
    recs = records(tmp_path / loc.file)
    assert [r.rec_type for _, _, r, _ in recs] == ["warcinfo", *["response", "request"] * 2]
    info = recs[0][3].decode()
    assert "software: isecg-archive 0.1\r\n" in info and "operator: tests\r\n" in info
    assert "format: WARC File Format 1.1\r\n" in info
    for offset, length, rec, _ in recs:
        assert rec.rec_headers.protocol == "WARC/1.1"
        assert rec.rec_headers.get_header("WARC-Block-Digest")
        if rec.rec_type != "warcinfo":
            assert rec.rec_headers.get_header("WARC-Payload-Digest")
            assert rec.digest_checker.passed is True
        if rec.rec_type == "response":
            assert (offset, length) in {
                (loc.offset, loc.length),
                (loc_no_ip.offset, loc_no_ip.length),
            }
    response, request = recs[1][2], recs[2][2]
    assert response.rec_headers.get_header("WARC-Record-ID") == loc.record_id
    assert response.rec_headers.get_header("WARC-Date") == "2026-11-25T18:36:00Z"
    assert response.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert request.rec_headers.get_header("WARC-Concurrent-To") == loc.record_id
    assert request.http_headers.protocol == "GET"
    assert request.http_headers.statusline == "/news/?page=2 HTTP/1.1"
    assert recs[3][2].rec_headers.get_header("WARC-IP-Address") is None


def test_gzip_body_stays_gzip_and_decodes(tmp_path: Path) -> None:
    html = ("<html>" + "Exploración " * 500 + "</html>").encode()
    body = gzip.compress(html)
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
    with writer(tmp_path) as w:
        loc = w.write(exchange(body=body, headers=headers))
    _, _, got_headers, payload = read_record(tmp_path, loc.file, loc.offset)
    assert payload == body
    assert ("Content-Length", str(len(body))) in got_headers  # added: none was received
    assert decoded_payload(got_headers, payload) == html
    # warcio's own reader agrees on what the encoded body decodes to.
    assert record_at(tmp_path / loc.file, loc.offset)[1] == html


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send it
        ("gzip", lambda b: gzip.compress(b[:100]) + gzip.compress(b[100:])),  # two members
        ("x-gzip", gzip.compress),
        ("identity", lambda b: b),
        ("gzip, deflate", lambda b: zlib.compress(gzip.compress(b))),  # applied in listed order
    ],
)
def test_decoded_payload_encodings(encoding: str, encode: Any) -> None:
    plain = b"<p>" + b"publication " * 100 + b"</p>"
    assert decoded_payload([("content-encoding", encoding)], encode(plain)) == plain


@pytest.mark.parametrize(
    ("encoding", "payload"),
    [
        ("br", b"\x1b\x00"),
        ("gzip", gzip.compress(b"x" * 5000, mtime=0)[:-12]),
        ("gzip", b"not gzip"),
    ],
)
def test_decoded_payload_rejects_unsupported_truncated_and_corrupt(
    encoding: str, payload: bytes
) -> None:
    with pytest.raises(ValueError):
        decoded_payload([("Content-Encoding", encoding)], payload)


def test_chunked_transfer_encoding_header_is_renamed(tmp_path: Path) -> None:
    body = b"5\r\nhello\r\n0\r\n\r\n"  # already de-chunked; looks like framing on purpose
    headers = [("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked")]
    with writer(tmp_path) as w:
        loc = w.write(exchange(body=body, headers=headers))
    _, _, got, payload = read_record(tmp_path, loc.file, loc.offset)
    assert got == [
        ("Content-Type", "text/plain"),
        ("X-Archive-Orig-Transfer-Encoding", "chunked"),
        ("Content-Length", str(len(body))),
    ]
    assert payload == body
    # A WARC reader must not de-chunk what is no longer chunked.
    assert record_at(tmp_path / loc.file, loc.offset)[1] == body


@pytest.mark.parametrize(
    ("profile", "uri", "status", "body"),
    [
        (
            "server-not-modified",
            "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
            304,
            b"",
        ),
        (
            "identical-payload-digest",
            "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
            200,
            b"<html>same</html>",
        ),
    ],
)
def test_revisit_records_read_back(
    tmp_path: Path, profile: str, uri: str, status: int, body: bytes
) -> None:
    with writer(tmp_path) as w:
        original = w.write(exchange("/pubs/", b"<html>same</html>"))
        headers = [("ETag", '"v1"'), ("Transfer-Encoding", "chunked")]
        again = exchange("/pubs/", body, headers, status, "Not Modified", when=T1)
        loc = w.write_revisit(again, original, SITE + "/pubs/", T0, profile)
    rec_type, got_status, got_headers, payload = read_record(tmp_path, loc.file, loc.offset)
    assert (rec_type, got_status, payload) == ("revisit", status, b"")
    assert ("ETag", '"v1"') in got_headers
    assert ("X-Archive-Orig-Transfer-Encoding", "chunked") in got_headers
    assert loc.payload_digest == original.payload_digest
    h = record_at(tmp_path / loc.file, loc.offset)[0].rec_headers
    assert h.get_header("WARC-Record-ID") == loc.record_id
    assert h.get_header("WARC-Profile") == uri
    assert h.get_header("WARC-Refers-To") == original.record_id
    assert h.get_header("WARC-Refers-To-Target-URI") == SITE + "/pubs/"
    assert h.get_header("WARC-Refers-To-Date") == "2026-11-25T18:36:00Z"
    assert h.get_header("WARC-Date") == "2026-11-26T02:00:00.250000Z"
    assert h.get_header("WARC-Payload-Digest") == original.payload_digest
    assert check_file(tmp_path / loc.file) == (1 + 2 + 2, None)


def test_identical_payload_revisit_refuses_a_different_body(tmp_path: Path) -> None:
    with writer(tmp_path) as w:
        original = w.write(exchange(body=b"one"))
        with pytest.raises(ValueError, match="differs"):
            w.write_revisit(exchange(body=b"two"), original, SITE, T0, "identical-payload-digest")
        with pytest.raises(ValueError, match="profile"):
            w.write_revisit(exchange(body=b"one"), original, SITE, T0, "same-ish")


def test_rotation_makes_several_files_and_every_location_reads(tmp_path: Path) -> None:
    bodies = [os.urandom(1500) for _ in range(12)]  # incompressible: sizes are predictable
    with writer(tmp_path, max_bytes=4096) as w:
        locs = [w.write(exchange(f"/p/{i}", b)) for i, b in enumerate(bodies)]
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) >= 3
    assert names == [f"t-{i:05d}.warc.gz" for i in range(1, len(names) + 1)]
    for name in names[:-1]:
        assert (tmp_path / name).stat().st_size >= 4096
    for name in names:  # each file stands alone: its own warcinfo first
        first = records(tmp_path / name)[0][2]
        assert first.rec_type == "warcinfo"
        assert first.rec_headers.get_header("WARC-Filename") == name
    for loc, body in zip(locs, bodies, strict=True):
        assert read_record(tmp_path, loc.file, loc.offset)[3] == body


def test_new_writer_never_touches_existing_files(tmp_path: Path) -> None:
    with writer(tmp_path) as w:
        first = w.write(exchange())
    (tmp_path / "t-00007.warc.gz").write_bytes(b"torn by a crash")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with writer(tmp_path) as w:
        second = w.write(exchange())
    assert (first.file, second.file) == ("t-00001.warc.gz", "t-00008.warc.gz")
    assert {n: (tmp_path / n).read_bytes() for n in before} == before
    # Files are opened on first write: a name taken in the meantime is skipped, not appended to.
    late = writer(tmp_path)
    (tmp_path / "t-00009.warc.gz").write_bytes(b"someone else's")
    with late:
        assert late.write(exchange()).file == "t-00010.warc.gz"
    assert (tmp_path / "t-00009.warc.gz").read_bytes() == b"someone else's"


def test_warcio_check_and_index_accept_files_and_offsets_match(tmp_path: Path) -> None:
    gz = [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
    with writer(tmp_path, max_bytes=3000) as w:
        locs = [w.write(exchange(f"/p/{i}", os.urandom(900))) for i in range(5)]
        locs.append(w.write(exchange("/gz", gzip.compress(b"<p>x</p>" * 300), gz)))
        locs.append(w.write(exchange("/missing", b"", [], 404, "Not Found")))
        locs.append(
            w.write_revisit(
                exchange("/p/0", b"", status=304), locs[0], SITE, T0, "server-not-modified"
            )
        )
        same = exchange("/gz", gzip.compress(b"<p>x</p>" * 300, mtime=0), gz)
        locs.append(w.write(same))
        locs.append(w.write_revisit(same, locs[-1], SITE + "/gz", T0, "identical-payload-digest"))
    files = sorted(tmp_path.iterdir())
    assert len(files) > 1
    check = warcio_cli("check", "-v", *files)
    assert check.returncode == 0, check.stdout + check.stderr
    by_id: dict[str, tuple[str, int, int]] = {}
    for path in files:
        index = warcio_cli("index", "-f", "offset,length,warc-type,warc-record-id", path)
        assert index.returncode == 0, index.stderr
        for line in index.stdout.splitlines():
            row = json.loads(line)
            by_id[row["warc-record-id"]] = (path.name, int(row["offset"]), int(row["length"]))
    # Every record but the revisits (whose payload is elsewhere) had its digests verified.
    revisits = sum(1 for r in by_id if r in {locs[7].record_id, locs[9].record_id})
    assert check.stdout.count("digest pass") == len(by_id) - revisits
    for loc in locs:
        assert by_id[loc.record_id] == (loc.file, loc.offset, loc.length)


KILLED_AFTER_WRITE = """
import os, signal, sys
from datetime import UTC, datetime
from pathlib import Path
from archive.warc import Exchange, WarcWriter
w = WarcWriter(Path(sys.argv[1]), "k", 10**9, "test")
ex = Exchange("http://127.0.0.1/x", datetime.now(UTC), "GET", [], "HTTP/1.1", 200, "OK", [],
              b"x" * 300_000)
loc = w.write(ex)
print(loc.file, loc.offset, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # no close(), no interpreter shutdown, no buffers flushed
"""


def test_kill_9_right_after_write_leaves_the_record_whole(tmp_path: Path) -> None:
    child = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_WRITE, tmp_path],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert child.returncode == -9, child.stderr
    name, offset = child.stdout.split()
    assert check_file(tmp_path / name) == (3, None)
    assert read_record(tmp_path, name, int(offset))[3] == b"x" * 300_000


def _three_and_a_big_one(tmp_path: Path) -> tuple[Path, list[WarcLocation], WarcLocation]:
    with writer(tmp_path) as w:
        locs = [w.write(exchange(f"/p/{i}", os.urandom(500))) for i in range(3)]
        big = w.write(exchange("/big.pdf", os.urandom(200_000)))
    return tmp_path / big.file, locs, big


def test_repair_tail_cuts_a_half_written_record(tmp_path: Path) -> None:
    path, locs, big = _three_and_a_big_one(tmp_path)
    assert repair_tail(path) == 0  # an intact file is left alone
    with path.open("r+b") as fh:  # what a crash in the middle of writing the big one leaves
        fh.truncate(big.offset + big.length // 2)
    assert check_file(path)[1] == f"offset {big.offset}: file ends inside the record (torn write)"
    assert repair_tail(path) == big.length // 2
    assert path.stat().st_size == big.offset
    assert warcio_cli("check", path).returncode == 0
    assert check_file(path) == (1 + 3 * 2, None)
    for loc in locs:
        assert read_record(tmp_path, loc.file, loc.offset)[0] == "response"


def test_repair_tail_cuts_a_zero_filled_tail(tmp_path: Path) -> None:
    path, _, big = _three_and_a_big_one(tmp_path)
    with path.open("r+b") as fh:  # power loss: the file's length made it to disk, its data not
        fh.seek(big.offset)
        fh.write(bytes(path.stat().st_size - big.offset))
    assert repair_tail(path) > 0
    assert check_file(path) == (1 + 3 * 2, None)


def test_repair_tail_refuses_damage_that_is_not_a_torn_tail(tmp_path: Path) -> None:
    path, locs, _ = _three_and_a_big_one(tmp_path)
    data = bytearray(path.read_bytes())
    data[locs[1].offset + locs[1].length // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match=f"offset {locs[1].offset}:"):
        repair_tail(path)
    assert path.read_bytes() == bytes(data)


def test_check_file_names_the_offset_of_a_flipped_byte(tmp_path: Path) -> None:
    path, locs, _ = _three_and_a_big_one(tmp_path)
    assert check_file(path) == (1 + 4 * 2, None)
    data = bytearray(path.read_bytes())
    data[locs[1].offset + locs[1].length // 2] ^= 0x01
    path.write_bytes(bytes(data))
    ok, error = check_file(path)
    assert ok == 1 + 2 + 0  # warcinfo, first pair; stops at the second response
    assert error is not None and error.startswith(f"offset {locs[1].offset}: ")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (b"payload-bytes", b"PAYLOAD-bytes", "block digest mismatch"),  # body changed
        (b"WARC-Payload-Digest: sha1:", b"WARC-Payload-Digest: sha1:A", "payload digest mismatch"),
    ],
)
def test_check_file_verifies_digests_inside_valid_gzip(
    tmp_path: Path, old: bytes, new: bytes, message: str
) -> None:
    with writer(tmp_path) as w:
        loc = w.write(exchange(body=b"payload-bytes" * 10))
    path = tmp_path / loc.file
    data = path.read_bytes()
    member = gzip.decompress(data[loc.offset : loc.offset + loc.length])
    if old.startswith(b"WARC"):  # keep the digest's length: drop its last character
        end = member.index(b"\r\n", member.index(old))
        member = member[: end - 1] + member[end:]
    tampered = gzip.compress(member.replace(old, new, 1))  # CRC is fine: only digests can tell
    path.write_bytes(data[: loc.offset] + tampered + data[loc.offset + loc.length :])
    ok, error = check_file(path)
    assert ok == 1
    assert error is not None and error.startswith(f"offset {loc.offset}: {message}")


def test_decoded_payload_cap_stops_a_gzip_bomb() -> None:
    bomb = gzip.compress(bytes(50 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="cap"):
            decoded_payload([("Content-Encoding", "gzip")], bomb, 10 * 1024 * 1024)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 25 * 1024 * 1024  # stopped at the cap, never inflated the whole 50 MB
    exact = gzip.compress(b"x" * 100)
    assert decoded_payload([("Content-Encoding", "gzip")], exact, 100) == b"x" * 100
    with pytest.raises(ValueError):
        decoded_payload([("Content-Encoding", "gzip")], exact, 99)


def test_bad_input_is_refused(tmp_path: Path) -> None:
    with writer(tmp_path) as w:
        loc = w.write(exchange())
        with pytest.raises(ValueError, match="naive"):
            w.write(exchange(when=datetime(2026, 1, 1)))
        with pytest.raises(ValueError, match="line break"):
            w.write(exchange(headers=[("X-Evil", "a\r\nWARC-Type: metadata")]))
    with pytest.raises(ValueError):
        read_record(tmp_path, "../" + loc.file, loc.offset)
    with pytest.raises(ValueError):
        read_record(tmp_path, loc.file, loc.offset + 7)  # not the start of a record
    # warcio would happily read this line as an ARC record; a WARC location never is one.
    (tmp_path / "x.warc.gz").write_bytes(b"http://127.0.0.1/ 127.0.0.1 20260101000000 a/b 2\nhi\n")
    with pytest.raises(ValueError):
        read_record(tmp_path, "x.warc.gz", 0)
    with pytest.raises(ValueError, match="closed"):
        w.write(exchange())


def test_what_a_crawl_keeps_reads_back() -> None:
    """One cap: the largest body a crawl keeps is the largest a build or the reading room
    decodes (archive.decode.DEFAULT_DECODE_CAP), no second number beside it."""
    from archive.decode import DEFAULT_DECODE_CAP
    from scraper.settings import Settings

    settings = Settings()
    assert settings.max_document_bytes == DEFAULT_DECODE_CAP >= settings.max_page_bytes
    whole = bytes(DEFAULT_DECODE_CAP)
    assert len(decoded_payload([("Content-Encoding", "gzip")], gzip.compress(whole))) == len(whole)
    with pytest.raises(ValueError, match="cap"):
        decoded_payload([("Content-Encoding", "gzip")], gzip.compress(whole + b"x"))


def test_a_resumed_crawl_removes_its_empty_warc_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """helper-196: a disk that filled up left 0-byte WARC files of the crawl behind, for good."""
    from archive.warc_check import repair_tails

    empty = tmp_path / "isecg-20261207T010000Z-c000004-00002.warc.gz"
    empty.write_bytes(b"")
    other = tmp_path / "isecg-20261207T010000Z-c000003-00002.warc.gz"  # another crawl's
    other.write_bytes(b"")
    with caplog.at_level("WARNING", logger="isecg.crawl"):
        repair_tails(tmp_path, 4)
    assert not empty.exists() and other.exists()
    assert f"removed {empty.name}, an empty file" in caplog.text
