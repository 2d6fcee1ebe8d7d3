"""Write and read WARC 1.1 records (warcio): every HTTP exchange is kept byte for byte.

Files are append-only, one gzip member per record, a warcinfo record first. A writer never opens
an existing file, so a file torn by a crash is never written to again; `repair_tail` trims it.
HTTP header strings are the latin-1 decoding of the wire bytes (as scraper/http.py produces them)
and are written back in latin-1, so header bytes survive the round trip too.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import os
import re
import tempfile
import threading
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, cast
from urllib.parse import urlsplit

from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

# Decoding lives in archive/decode.py; these names stay importable from here, where they were.
from archive.decode import DecodedTooLarge as DecodedTooLarge
from archive.decode import decoded_payload as decoded_payload
from archive.spool import SPOOL_BYTES, Spool
from archive.text import collapse

PROFILES = {
    "server-not-modified": "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
    "identical-payload-digest": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
}
_CHUNK = 1 << 16


@dataclass(frozen=True)
class WarcLocation:
    file: str  # file name relative to the WARC directory
    offset: int  # byte offset of the record's gzip member
    length: int  # compressed length of the record
    record_id: str  # "<urn:uuid:...>"
    payload_digest: str  # "sha1:BASE32" as in WARC-Payload-Digest


@dataclass(frozen=True)
class Exchange:
    url: str
    fetched_at: datetime  # aware UTC
    method: str
    request_headers: list[tuple[str, str]]
    http_version: str
    status: int
    reason: str
    response_headers: list[tuple[str, str]]  # as received
    body: bytes | Spool  # de-chunked, still content-encoded
    ip: str | None = None


class _Latin1Headers(StatusAndHeaders):
    """warcio writes headers as ASCII and %-escapes the rest; latin-1 gives back the wire bytes."""

    def to_ascii_bytes(self, filter_func: Any = None) -> bytes:
        try:
            return bytes(self.to_bytes(filter_func, encoding="latin-1"))
        except UnicodeEncodeError:  # not from the wire (code points > 255): warcio's escaping
            return bytes(super().to_ascii_bytes(filter_func))


def payload_digest(body: bytes | Spool) -> str:
    """The digest warcio writes as WARC-Payload-Digest: sha1, base32."""
    if isinstance(body, Spool):
        return body.payload_digest()
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def _warc_date(when: datetime) -> str:
    if when.tzinfo is None:
        raise ValueError(f"naive datetime {when!r}: WARC dates need an aware UTC time")
    return str(datetime_to_iso_date(when.astimezone(UTC).replace(tzinfo=None), use_micros=True))


def _clean(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    # A CR or LF in a header would end the header block early and corrupt the record's framing.
    pairs = list(pairs)
    if bad := [k for k, v in pairs if any(c in k + v for c in "\r\n")]:
        raise ValueError(f"line break in header {bad[0]!r}")
    return pairs


def _http_headers(status: str, ex: Exchange, body_len: int | None) -> StatusAndHeaders:
    # The stored body has no chunk framing: a reader that saw Transfer-Encoding would try to
    # de-chunk it, so the header is kept under the name pywb and warcprox use.
    out = [
        ("X-Archive-Orig-Transfer-Encoding", v) if k.lower() == "transfer-encoding" else (k, v)
        for k, v in _clean(ex.response_headers)
    ]
    if body_len is not None and not any(k.lower() == "content-length" for k, _ in out):
        out.append(("Content-Length", str(body_len)))
    return _Latin1Headers(status, out, protocol=ex.http_version)


class WarcWriter:
    """Writes `{prefix}-{seq:05d}.warc.gz` files, rotating once a file reaches max_bytes."""

    def __init__(
        self,
        warc_dir: Path,
        prefix: str,
        max_bytes: int,
        software: str,
        info: dict[str, str] | None = None,
    ) -> None:
        if not prefix or "/" in prefix or "\\" in prefix:
            raise ValueError(f"bad WARC file prefix {prefix!r}")
        self.warc_dir = Path(warc_dir)
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        self.prefix, self.max_bytes = prefix, max_bytes
        self._info = {
            "software": software,
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            **(info or {}),
        }
        pattern = re.compile(re.escape(prefix) + r"-(\d{5,})\.warc\.gz$")
        seqs = [int(m[1]) for p in self.warc_dir.iterdir() if (m := pattern.match(p.name))]
        self._seq = max(seqs, default=0)  # the next file is always a new number
        self._fh: io.BufferedWriter | None = None
        self._writer: Any = None
        self._warcinfo_id = ""
        self._closed = False
        self._lock = threading.Lock()  # a request/response pair must not interleave with another
        self.files: list[str] = []

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self) -> None:
        if self._closed:
            raise ValueError("WarcWriter is closed")
        if self._fh is not None:
            return
        while True:
            self._seq += 1
            name = f"{self.prefix}-{self._seq:05d}.warc.gz"
            try:  # "x": never append to, or overwrite, a file that already exists
                fh = (self.warc_dir / name).open("xb")
                break
            except FileExistsError:
                continue
        self._fh, self.files = fh, [*self.files, name]
        self._writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        info = {k: collapse(str(v)) for k, v in self._info.items()}  # one line each
        record = self._writer.create_warcinfo_record(name, info)
        self._warcinfo_id = record.rec_headers.get_header("WARC-Record-ID")
        self._writer.write_record(record)
        self._sync(directory=True)

    def _sync(self, directory: bool = False) -> None:
        assert self._fh is not None
        self._fh.flush()
        os.fsync(self._fh.fileno())
        if directory:  # the new file's name must survive a crash too
            fd = os.open(self.warc_dir, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def _record(
        self,
        ex: Exchange,
        rec_type: str,
        http: Any,
        payload: bytes | Spool | None,
        extra: dict[str, str],
    ) -> Any:
        if any(c.isspace() or ord(c) < 32 for c in ex.url):
            raise ValueError(f"URL with whitespace or control characters: {ex.url!r}")
        headers = {
            "WARC-Type": rec_type,
            "WARC-Record-ID": f"<urn:uuid:{uuid.uuid4()}>",
            "WARC-Target-URI": ex.url,
            "WARC-Date": _warc_date(ex.fetched_at),
            "WARC-Warcinfo-ID": self._warcinfo_id,
            **({"WARC-IP-Address": ex.ip} if ex.ip else {}),
            **extra,
        }
        # warcio adds the payload digest here (none for a revisit) and the block digest on write.
        body: dict[str, Any] = {}
        if payload is not None:
            stream = payload.reader() if isinstance(payload, Spool) else io.BytesIO(payload)
            body = {"payload": stream, "length": len(payload)}
        return self._writer.create_warc_record(
            ex.url, rec_type, http_headers=http, warc_headers_dict=headers, **body
        )

    def _write_pair(self, ex: Exchange, main: Any, request: bool = True) -> WarcLocation:
        """Write `main` and, unless `request` is False, the request record it answered."""
        fh, writer = self._fh, self._writer
        assert fh is not None
        main_id = main.rec_headers.get_header("WARC-Record-ID")
        asked = None
        if request:
            parts = urlsplit(ex.url)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            http = _Latin1Headers(
                f"{target} {ex.http_version}", _clean(ex.request_headers), protocol=ex.method
            )
            asked = self._record(ex, "request", http, b"", {"WARC-Concurrent-To": main_id})
        offset = fh.tell()
        try:
            writer.write_record(main)
            end = fh.tell()
            if asked is not None:
                writer.write_record(asked)
            self._sync()  # a kill -9 after we return must leave both records whole on disk
        except BaseException:
            # Nothing may follow a half-written record: leave the file to repair_tail, start anew.
            with contextlib.suppress(OSError):
                fh.close()
            self._fh = None
            raise
        if fh.tell() >= self.max_bytes:
            fh.close()
            self._fh = None
        digest = main.rec_headers.get_header("WARC-Payload-Digest")
        return WarcLocation(self.files[-1], offset, end - offset, main_id, digest)

    def write(
        self, ex: Exchange, extra: dict[str, str] | None = None, request: bool = True
    ) -> WarcLocation:
        """Write the response (with `extra` WARC headers) and, unless `request` is False, its
        request; return where the response is. A copy fetched from another archive has no
        request record: the request made was for that archive's URL, not the original's."""
        http = _http_headers(f"{ex.status} {ex.reason}", ex, len(ex.body))
        with self._lock:
            self._open()
            record = self._record(ex, "response", http, ex.body, extra or {})
            return self._write_pair(ex, record, request)

    def write_revisit(
        self,
        ex: Exchange,
        original: WarcLocation,
        original_url: str,
        original_date: datetime,
        profile: str,
    ) -> WarcLocation:
        """Write a revisit (new HTTP headers, no body) pointing at `original`, and its request."""
        if profile not in PROFILES:
            raise ValueError(f"unknown revisit profile {profile!r}")
        body_len = None
        if profile == "identical-payload-digest":
            # Dropping a body that is not the original's would lose it: refuse instead.
            if payload_digest(ex.body) != original.payload_digest:
                raise ValueError(f"{ex.url}: body differs from the original {original.record_id}")
            body_len = len(ex.body)
        http = _http_headers(f"{ex.status} {ex.reason}", ex, body_len)
        extra = {
            "WARC-Profile": PROFILES[profile],
            "WARC-Refers-To": original.record_id,
            "WARC-Refers-To-Target-URI": original_url,
            "WARC-Refers-To-Date": _warc_date(original_date),
        }
        if original.payload_digest:  # an empty header would be malformed: leave it out
            extra["WARC-Payload-Digest"] = original.payload_digest
        with self._lock:
            self._open()
            return self._write_pair(ex, self._record(ex, "revisit", http, None, extra))

    def close(self) -> None:
        with self._lock:
            if self._fh is not None:
                self._sync()
                self._fh.close()
                self._fh = None
            self._closed = True


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


class _Damage(Exception):
    def __init__(self, offset: int, message: str, torn: bool) -> None:
        super().__init__(f"offset {offset}: {message}")
        self.offset, self.torn = offset, torn


def _check_digest(value: str | None, data: bytes | memoryview, what: str) -> None:
    if not value:
        return
    algo, _, expected = value.partition(":")
    digest = hashlib.new(algo, data).digest()  # ValueError on an unknown algorithm
    if expected.upper() not in (base64.b32encode(digest).decode(), digest.hex().upper()):
        raise ValueError(f"{what} digest mismatch ({value})")


def _verify_record(data: bytes) -> None:
    """Framing and digests of one decompressed record (independent of warcio's lenient reader)."""
    head_end = data.find(b"\r\n\r\n")
    lines = data[: max(head_end, 0)].decode("utf-8").split("\r\n")
    if head_end < 0 or not lines[0].startswith("WARC/"):
        raise ValueError("not a WARC record")
    fields = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"bad WARC header line {line[:60]!r}")
        fields[name.strip().lower()] = value.strip()
    start = head_end + 4
    length = int(fields.get("content-length", "-1"))
    if length < 0 or len(data) != start + length + 4 or data[start + length :] != b"\r\n\r\n":
        raise ValueError("record size does not match its Content-Length")
    view = memoryview(data)
    _check_digest(fields.get("warc-block-digest"), view[start : start + length], "block")
    # A revisit's payload digest is the original's: nothing here to check it against.
    if fields.get("warc-type") in ("response", "request"):
        http_end = data.find(b"\r\n\r\n", start, start + length)
        if http_end < 0:
            raise ValueError("no end of HTTP headers")
        payload = view[http_end + 4 : start + length]
        _check_digest(fields.get("warc-payload-digest"), payload, "payload")


def _scan(path: Path) -> Iterator[int]:
    """Yield the end offset of each verified record; raise _Damage at the first bad one."""
    with path.open("rb") as fh:
        size, offset = os.fstat(fh.fileno()).st_size, 0
        while offset < size:
            fh.seek(offset)
            d = zlib.decompressobj(31)  # one gzip member; zlib checks its CRC32 and size
            parts, pos = [], offset
            while not d.eof:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    raise _Damage(offset, "file ends inside the record (torn write)", torn=True)
                try:
                    parts.append(d.decompress(chunk))
                except zlib.error as error:
                    raise _Damage(offset, f"gzip: {error}", torn=False) from error
                pos += len(chunk)
            try:
                _verify_record(b"".join(parts))
            except ValueError as error:
                raise _Damage(offset, str(error), torn=False) from error
            offset = pos - len(d.unused_data)
            yield offset


def check_file(path: Path) -> tuple[int, str | None]:
    """(records that verified, first error as "offset N: message" or None)."""
    count = 0
    try:
        for _ in _scan(Path(path)):
            count += 1
    except _Damage as damage:
        return count, str(damage)
    return count, None


def repair_tail(path: Path) -> int:
    """Cut a record torn by a crash off the end of the file; return the bytes removed.

    Only a torn tail is cut: damage followed by more data (or a complete but corrupt record) is
    not what a crash leaves, so that raises ValueError and the file is left as it is.
    """
    path, good_end = Path(path), 0
    try:
        for end in _scan(path):
            good_end = end
    except _Damage as damage:
        if not damage.torn and not _zeros_from(path, damage.offset):
            raise ValueError(f"{path.name}: {damage}; not a torn tail, not truncating") from None
        good_end = damage.offset
    removed = path.stat().st_size - good_end
    if removed:
        with path.open("r+b") as fh:
            fh.truncate(good_end)
            os.fsync(fh.fileno())
    return removed


def _zeros_from(path: Path, offset: int) -> bool:
    # A power loss can leave the unwritten tail as zeros (delayed allocation): still a torn write.
    with path.open("rb") as fh:
        fh.seek(offset)
        return all(not chunk.strip(b"\0") for chunk in iter(lambda: fh.read(_CHUNK), b""))
