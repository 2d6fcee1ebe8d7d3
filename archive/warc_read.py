"""Read a WARC record back at its offset (warcio): its HTTP headers, its payload as stored.

The offset and file come from the capture index (archive/captures.py). Records are inflated a
small block at a time, so a very compressible record never balloons in memory; a payload past
SPOOL_BYTES can be read into a temporary file instead of memory. A payload that does not read
back as written raises UnreadableRecord, as a record missing does. The record's gzip member is
inflated here, not by warcio: meeting a damaged member, warcio prints zlib's error, ends the
payload there (a broken record read as a shorter one) and goes on printing it for every block
to the end of the file, a thousand lines for one record. The payload is also held to its
WARC-Payload-Digest, which catches damage in an uncompressed file too.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.spool import SPOOL_BYTES
from archive.warc_check import digest_forms, digest_matches

READ_BLOCK = 1 << 16  # compressed bytes read at a time, and the most inflated at once


class UnreadableRecord(ValueError):
    """A WARC record that cannot be read back as it was written: its file gone, no record at
    its offset, or its payload damaged."""


# How a build's extraction problem begins when a capture's record is unreadable: reparse
# stops on it, and the next crawl fetches that URL whole (archive.crawl_state.damaged_captures).
DAMAGED = "damaged WARC record: "


def read_record(
    warc_dir: Path, loc_file: str, offset: int
) -> tuple[str, int, list[tuple[str, str]], bytes]:
    """(record type, HTTP status or 0, HTTP headers, payload bytes as stored) at `offset`."""
    with _record_at(warc_dir, loc_file, offset) as (rec_type, status, headers, stream):
        buffer = io.BytesIO()  # one buffer: warcio's read() joins chunks, twice the size
        _copy(stream, buffer)
        return rec_type, status, headers, buffer.getvalue()  # handed over without a copy


def http_headers_at(warc_dir: Path, loc_file: str, offset: int) -> list[tuple[str, str]]:
    """The HTTP headers of the record at `offset`, its payload left unread."""
    with _record_at(warc_dir, loc_file, offset) as (_, _, headers, _):
        return headers


def spool_payload(
    warc_dir: Path, loc_file: str, offset: int
) -> tuple[list[tuple[str, str]], BinaryIO]:
    """(HTTP headers, payload as stored) of the record at `offset`, the payload in a temporary
    file once past SPOOL_BYTES: a 50 MB document is read without holding it in memory. The
    caller closes the file (which deletes it)."""
    with _record_at(warc_dir, loc_file, offset) as (_, _, headers, stream):
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (returned)
        try:
            _copy(stream, spool)
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return headers, cast(BinaryIO, spool)


@contextlib.contextmanager
def _record_at(
    warc_dir: Path, loc_file: str, offset: int
) -> Iterator[tuple[str, int, list[tuple[str, str]], Any]]:
    if Path(loc_file).name != loc_file or loc_file in ("", ".", ".."):
        raise ValueError(f"not a plain WARC file name: {loc_file!r}")
    try:
        fh = (Path(warc_dir) / loc_file).open("rb")
    except FileNotFoundError:
        raise UnreadableRecord(f"{loc_file}: no such WARC file in {warc_dir}") from None
    with fh:
        where = f"{loc_file} at offset {offset}"
        try:
            # never guess ARC: garbage can parse as ARC.
            record = next(iter(WARCIterator(member_at(fh, offset, where), block_size=READ_BLOCK)))
        except (ArchiveLoadFailed, StopIteration) as error:
            raise UnreadableRecord(f"{loc_file}: no WARC record at offset {offset}") from error
        http = record.http_headers
        status = int(http.get_statuscode()) if http and record.rec_type != "request" else 0
        headers = list(http.headers) if http else []
        # A revisit names its original's payload digest and holds no payload to check.
        digest = record.rec_headers.get_header("WARC-Payload-Digest")
        checked = _Checked(
            record.raw_stream, digest if record.rec_type != "revisit" else None, where
        )
        yield str(record.rec_type), status, headers, checked


def member_at(fh: BinaryIO, offset: int, where: str) -> BinaryIO:
    """The record at `offset` as warcio is to read it: its gzip member inflated here where it
    is one (damage raises UnreadableRecord, rather than warcio printing zlib's error and
    reading on), the file itself where the record is stored uncompressed."""
    fh.seek(offset)
    gzipped = fh.read(2) == b"\x1f\x8b"
    fh.seek(offset)
    return cast(BinaryIO, _Member(fh, where)) if gzipped else fh


class _Member:
    """The one gzip member at the file's position, inflated at most `size` bytes at a time
    (READ_BLOCK for warcio): a very compressible record (a document of zeros) never balloons.
    Damage raises UnreadableRecord."""

    def __init__(self, fh: BinaryIO, where: str) -> None:
        self.fh, self.where = fh, where
        self.inflate = zlib.decompressobj(wbits=31)  # gzip framing, CRC checked at the end
        self.pending = b""

    def read(self, size: int = -1) -> bytes:
        limit = READ_BLOCK if size is None or size < 0 else size
        while not self.inflate.eof:
            data = self.pending or self.fh.read(READ_BLOCK)
            if not data:
                raise UnreadableRecord(f"{self.where}: the record is cut short")
            try:
                out = self.inflate.decompress(data, limit)
            except zlib.error as error:
                raise UnreadableRecord(f"{self.where}: the record is damaged: {error}") from None
            self.pending = self.inflate.unconsumed_tail
            if out:
                return out
        return b""  # the member's end: what follows is the next record's


class _Checked:
    """The payload stream, hashed as it is read, for _copy to hold to its digest."""

    def __init__(self, stream: Any, digest: str | None, where: str) -> None:
        self.stream, self.where = stream, where
        algorithm, _, self.expected = (digest or "").partition(":")
        self.hash = hashlib.new(algorithm) if algorithm in ("sha1", "sha256") else None

    def read(self, size: int = -1) -> bytes:
        data: bytes = self.stream.read(size)
        if self.hash is not None:
            self.hash.update(data)
        return data

    def damage(self) -> str | None:
        """Why the payload read is not the one written, or None (also when it has no digest,
        or one written in a form not known here: other tools' records are not refused)."""
        if self.hash is None:
            return None
        digest = self.hash.digest()
        if digest_matches(self.expected, digest):
            return None
        if len(self.expected.rstrip("=")) not in {len(f) for f in digest_forms(digest)}:
            return None  # an encoding of its own: nothing to hold the payload to
        return "its payload does not match its WARC-Payload-Digest"


def _copy(stream: _Checked, out: Any) -> None:
    while chunk := stream.read(1 << 20):
        out.write(chunk)
    if (why := stream.damage()) is not None:
        raise UnreadableRecord(f"{stream.where}: the record is damaged: {why}")
