"""Read a WARC record back at its offset (warcio): its HTTP headers, its payload as stored.

The offset and file come from the capture index (archive/captures.py). Records are inflated a
small block at a time, so a very compressible record never balloons in memory; a payload past
SPOOL_BYTES can be read into a temporary file instead of memory.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.spool import SPOOL_BYTES

READ_BLOCK = 4096  # compressed bytes inflated at a time: at most ~4 MB out


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
        _copy(stream, spool)
        spool.seek(0)
        return headers, cast(BinaryIO, spool)


@contextlib.contextmanager
def _record_at(
    warc_dir: Path, loc_file: str, offset: int
) -> Iterator[tuple[str, int, list[tuple[str, str]], Any]]:
    if Path(loc_file).name != loc_file or loc_file in ("", ".", ".."):
        raise ValueError(f"not a plain WARC file name: {loc_file!r}")
    with (Path(warc_dir) / loc_file).open("rb") as fh:
        fh.seek(offset)
        try:
            # never guess ARC: garbage can parse as ARC. Small blocks: warcio inflates a whole
            # block at once, and a block of a very compressible record (a document of zeros)
            # inflates a thousandfold, 16 MB from warcio's default 16 KB.
            record = next(iter(WARCIterator(fh, block_size=READ_BLOCK)))
        except (ArchiveLoadFailed, StopIteration) as error:
            raise ValueError(f"{loc_file}: no WARC record at offset {offset}") from error
        http = record.http_headers
        status = int(http.get_statuscode()) if http and record.rec_type != "request" else 0
        headers = list(http.headers) if http else []
        yield str(record.rec_type), status, headers, record.raw_stream


def _copy(stream: Any, out: Any) -> None:
    while chunk := stream.read(1 << 20):
        out.write(chunk)
