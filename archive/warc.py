"""Write WARC 1.1 records (warcio): every HTTP exchange is kept byte for byte.

Files are append-only, one gzip member per record, a warcinfo record first. A writer never opens
an existing file, so a file torn by a crash is never written to again; `repair_tail`
(archive/warc_check.py) trims it. HTTP header strings are the latin-1 decoding of the wire bytes
(as scraper/http.py produces them) and are written back in latin-1, so header bytes survive the
round trip too. Records are read back by archive/warc_read.py.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import os
import re
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from archive.spool import Spool
from archive.text import collapse

PROFILES = {
    "server-not-modified": "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
    "identical-payload-digest": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
}


def crawl_prefix(stamp: str, crawl_id: int) -> str:
    """How our crawls' WARC files are named: isecg-<start>-c<crawl id>-<n>.warc.gz ("*" for
    `stamp`: a glob of one crawl's files)."""
    return f"isecg-{stamp}-c{crawl_id:06d}"


def crawl_of(name: str) -> int | None:
    """The crawl a WARC file of ours was written by, from its name (None: not one of ours)."""
    match = _CRAWL_FILE.fullmatch(name)
    return int(match[1]) if match else None


_CRAWL_FILE = re.compile(r"isecg-.+-c(\d{6})-\d+\.warc\.gz")


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
