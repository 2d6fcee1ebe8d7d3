"""`verify`: every WARC record checked, every capture row read back and compared with its record."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.verify import verify
from tests.crawl_helpers import Crawled, rows


@pytest.fixture
def crawled(unchanged_recrawl: Crawled) -> Path:
    """The replica crawled twice (the second crawl writes revisit records): the session's,
    read only."""
    return unchanged_recrawl.data


@pytest.fixture
def data(unchanged_recrawl: Crawled, tmp_path: Path) -> Iterator[Path]:
    """A copy of the crawled archive, free to damage."""
    yield unchanged_recrawl.copy(tmp_path / "data")


def largest_response(data: Path) -> tuple[int, str, int, int]:
    """(capture id, file, offset, length) of the biggest response record."""
    ((capture_id, name, offset, length),) = rows(
        data / "isecg.db",
        "SELECT id, warc_file, warc_offset, warc_length FROM captures"
        " WHERE status = 200 AND revisit_of IS NULL AND warc_file IS NOT NULL"
        " ORDER BY warc_length DESC LIMIT 1",
    )
    return capture_id, name, offset, length


def test_a_good_archive_passes(crawled: Path):
    report = verify(crawled)
    assert report.ok, report.lines()
    (captures, revisits) = rows(
        crawled / "isecg.db",
        "SELECT COUNT(*), COUNT(revisit_of) FROM captures WHERE warc_file IS NOT NULL",
    )[0]
    assert report.captures == captures and revisits > 0  # revisit records were checked too
    assert report.files == len(list((crawled / "warc").glob("*.warc.gz"))) == 2
    # A warcinfo record per file, a request per capture, and the capture's own record.
    assert report.records == 2 + 2 * captures
    assert report.summary().startswith("verify ok: 2 WARC files")
    assert "0 damaged files, 0 missing files, 0 index mismatches" in report.summary()
    # the rows with no record (refused, unanswered) are counted apart, not silently left out
    # of the total (helper-189: "437 captures checked" beside status's 439)
    (unrecorded,) = rows(
        crawled / "isecg.db", "SELECT COUNT(*) FROM captures WHERE warc_file IS NULL"
    )[0]
    assert report.unrecorded == unrecorded > 0  # the replica's robots.txt refuses some
    assert f"({unrecorded} more have no record: refused or unanswered)" in report.summary()


def test_a_flipped_byte_names_the_file_and_the_damaged_record(
    data: Path, capfd: pytest.CaptureFixture[str]
):
    _, name, offset, length = largest_response(data)
    path = data / "warc" / name
    raw = bytearray(path.read_bytes())
    raw[offset + length // 2] ^= 0x01
    path.write_bytes(bytes(raw))
    report = verify(data)
    # said once, in its line: warcio printed zlib's "Error -3 while decompressing data"
    assert capfd.readouterr().err == ""
    assert not report.ok
    assert [(p.file, p.offset) for p in report.damaged] == [(name, offset)]
    # The records after it are read each at its own offset: only the damaged one is named.
    capture_id = largest_response(data)[0]
    assert [(p.offset, p.capture_id) for p in report.mismatches] == [(offset, capture_id)]
    mismatch, damaged = report.lines()  # what fails first
    assert damaged.startswith(f"damaged: {name} at offset {offset}: ")
    assert mismatch.startswith(f"mismatch: {name} at offset {offset} (capture {capture_id}): ")
    assert "the record is damaged" in mismatch
    assert "1 damaged file, 0 missing files, 1 index mismatch" in report.summary()  # helper-203
    assert (
        report.captures
        == rows(data / "isecg.db", "SELECT COUNT(*) FROM captures WHERE warc_file IS NOT NULL")[0][
            0
        ]
    )


def test_a_torn_tail_is_named_at_the_torn_record(data: Path):
    name = sorted(p.name for p in (data / "warc").glob("*.warc.gz"))[-1]
    path = data / "warc" / name
    size = path.stat().st_size
    path.write_bytes(path.read_bytes() + path.read_bytes()[:200])  # half a record appended
    report = verify(data)
    (damage,) = report.damaged
    assert (damage.file, damage.offset) == (name, size)
    assert "torn" in damage.message
    assert report.ok  # no indexed record is in it: nothing lost (a crawl cuts it off)
    assert report.lines()[0].endswith(
        "(every indexed record in it reads intact, or is held intact by another capture)"
    )


def test_a_missing_file_is_named(data: Path):
    _, name, _, _ = largest_response(data)
    (data / "warc" / name).unlink()
    report = verify(data)
    assert not report.ok and report.missing == [name]
    assert f"missing: {name}" in report.lines()
    assert not report.damaged and not report.mismatches


def test_an_index_digest_that_differs_from_the_record_is_named(data: Path):
    capture_id, name, offset, _ = largest_response(data)
    with sqlite3.connect(data / "isecg.db") as conn:
        conn.execute("UPDATE captures SET payload_digest = 'sha1:AAAA' WHERE id = ?", [capture_id])
    revisits = {
        revisit
        for (revisit,) in rows(
            data / "isecg.db", "SELECT id FROM captures WHERE revisit_of = ?", (capture_id,)
        )
    }
    problems = {p.capture_id: p for p in verify(data).mismatches}
    assert set(problems) == {capture_id} | revisits  # its revisits no longer agree with it
    problem = problems[capture_id]
    assert (problem.file, problem.offset) == (name, offset)
    assert problem.message.startswith("payload digest sha1:") and "sha1:AAAA" in problem.message
    assert all("is not its original's sha1:AAAA" in problems[r].message for r in revisits)


def test_an_index_offset_that_points_at_another_record_is_named(data: Path):
    capture_id, _, offset, length = largest_response(data)
    with sqlite3.connect(data / "isecg.db") as conn:  # the request record that follows it
        conn.execute(
            "UPDATE captures SET warc_offset = ? WHERE id = ?", [offset + length, capture_id]
        )
    (problem,) = verify(data).mismatches
    assert problem.capture_id == capture_id
    assert problem.message == "record is a request, the index says response"


def test_a_revisit_whose_original_digest_differs_is_named(data: Path):
    ((capture_id, original),) = rows(
        data / "isecg.db",
        "SELECT id, revisit_of FROM captures WHERE revisit_of IS NOT NULL ORDER BY id LIMIT 1",
    )
    with sqlite3.connect(data / "isecg.db") as conn:
        conn.execute("UPDATE captures SET payload_digest = 'sha1:BBBB' WHERE id = ?", [original])
    problems = {p.capture_id: p.message for p in verify(data).mismatches}
    assert "is not the index's sha1:BBBB" in problems[original]
    assert "is not its original's sha1:BBBB" in problems[capture_id]


def test_no_database_is_a_clear_error(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="no archive database"):
        verify(tmp_path)


def test_warc_files_no_capture_names_are_noted(data: Path):
    """helper-196: isecg.db restored from an older snapshot beside the WARC files of the
    nights since: verify said ok, naming nothing, and those nights were in no record."""
    first = sorted((data / "warc").glob("*.warc.gz"))[0]
    night = data / "warc" / first.name.replace("-c000001-", "-c000009-")
    night.write_bytes(first.read_bytes())  # a later night's file the database never knew
    (data / "warc" / "isecg-empty.warc.gz").write_bytes(first.read_bytes()[: first_record(first)])
    # a known crawl's file of records it never indexed: a crawl stopped between writing and
    # indexing (helper-199: a SIGTERM at once), no older database
    leftover = data / "warc" / first.name.replace("-00001.", "-00009.")
    leftover.write_bytes(first.read_bytes())
    report = verify(data)
    assert report.ok  # nothing the index names is lost
    assert report.notes == [
        f"1 WARC files hold records no capture names ({night.name}): is isecg.db older than"
        " them, restored from a backup or a snapshot? The crawls they hold are not in its records"
    ]
    assert f"note: {report.notes[0]}" in report.lines()


def first_record(path: Path) -> int:
    """Where a WARC file's second record begins (its first is its warcinfo)."""
    import zlib

    d = zlib.decompressobj(31)
    raw = path.read_bytes()
    d.decompress(raw)
    return len(raw) - len(d.unused_data)


@pytest.mark.parametrize("where", ["record", "version"])
def test_a_record_changed_outside_the_archive_is_named(data: Path, where: str):
    """helper-196: a byte flipped in a post's body_text passed verify (quick_check reads
    pages, not what they say)."""
    with sqlite3.connect(data / "isecg.db") as conn:
        ((record_id, version),) = conn.execute(
            "SELECT record_id, MAX(version) FROM news_versions GROUP BY record_id LIMIT 1"
        ).fetchall()
        if where == "record":
            conn.execute(
                "UPDATE news SET body_text = body_text || ' (altered)' WHERE id = ?", [record_id]
            )
        else:
            conn.execute(
                "UPDATE news_versions SET record = json_set(record, '$.title', 'Altered')"
                " WHERE record_id = ? AND version = ?",
                [record_id, version],
            )
    report = verify(data)
    assert not report.ok
    said = (
        f"database: news {record_id}: body_text not as its latest version says"
        if where == "record"
        else f"database: news {record_id} version {version}: its record is not its content_hash"
    )
    assert said in report.lines()


def test_a_damaged_revisit_is_held_by_its_original(data: Path):
    """helper-199: a revisit record damaged on disk failed verify every night, though its
    content is its original's, intact (no crawl fetches a revisit again)."""
    ((capture_id, original, name, offset, length),) = rows(
        data / "isecg.db",
        "SELECT id, revisit_of, warc_file, warc_offset, warc_length FROM captures"
        " WHERE revisit_of IS NOT NULL ORDER BY warc_length DESC LIMIT 1",
    )
    path = data / "warc" / name
    raw = bytearray(path.read_bytes())
    raw[offset + length // 2] ^= 0x01
    path.write_bytes(bytes(raw))
    report = verify(data)
    assert report.ok, report.lines()
    assert [(p.capture_id, n) for p, n in report.mended] == [(capture_id, original)]
