"""Check WARC files record by record, and cut a record torn by a crash off a file's end.

Independent of warcio's lenient reader: each gzip member is inflated with zlib (which checks its
CRC32 and size), and each record's framing, Content-Length and digests are checked by hand.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from archive.warc import crawl_prefix

log = logging.getLogger("isecg.crawl")  # a resumed crawl's repair is in its log

_CHUNK = 1 << 16
GZIP_MAGIC = b"\x1f\x8b\x08"  # how a gzip member (one WARC record) begins


class _Damage(Exception):
    def __init__(self, offset: int, message: str, torn: bool) -> None:
        super().__init__(f"offset {offset}: {message}")
        self.offset, self.torn = offset, torn


def digest_forms(digest: bytes) -> tuple[str, str, str]:
    """The forms a WARC digest value is written in, without padding: base32 (warcio's and
    ours), hex and base64 (other tools')."""
    return (
        base64.b32encode(digest).decode().rstrip("="),
        digest.hex(),
        base64.b64encode(digest).decode().rstrip("="),
    )


def digest_matches(expected: str, digest: bytes) -> bool:
    """`expected` (a value after "sha1:") is `digest`, in any of its forms."""
    base32, hexed, base64_ = digest_forms(digest)
    given = expected.rstrip("=")
    return given.upper() == base32 or given.lower() == hexed or given == base64_


def _check_digest(value: str | None, data: bytes | memoryview, what: str) -> None:
    if not value:
        return
    algo, _, expected = value.partition(":")
    digest = hashlib.new(algo, data).digest()  # ValueError on an unknown algorithm
    if not digest_matches(expected, digest):
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
            offset = _member_end(fh, offset)
            yield offset


def _member_end(fh: BinaryIO, offset: int) -> int:
    """Where the gzip member (one WARC record) at `offset` ends, once inflated (zlib checks
    its CRC32 and size) and its record verified; _Damage if it is not whole and intact."""
    fh.seek(offset)
    d = zlib.decompressobj(31)
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
    return pos - len(d.unused_data)


def good_spans(path: Path) -> list[tuple[int, int]]:
    """The byte ranges of a WARC file made of whole, intact records, in order: the file less
    each damaged record. A reader started inside one goes astray (warcio read on past one
    flipped byte to the file's end, and a replay index held none of the 124 records after it),
    so one is given only these. After a damaged record, the next record is the first gzip
    member further on that inflates and verifies."""
    spans: list[tuple[int, int]] = []
    with Path(path).open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        start = offset = 0
        while offset < size:
            try:
                offset = _member_end(fh, offset)
                continue
            except _Damage:
                pass
            if start < offset:
                spans.append((start, offset))
            start, offset = _next_member(fh, offset + 1, size)
        if start < offset:
            spans.append((start, offset))
    return spans


def _next_member(fh: BinaryIO, pos: int, size: int) -> tuple[int, int]:
    """(start, end) of the first whole, intact record from `pos` on ((size, size): none)."""
    while pos < size:
        fh.seek(pos)
        window = fh.read(_CHUNK)
        at = window.find(GZIP_MAGIC)
        if at < 0:
            pos += max(len(window) - len(GZIP_MAGIC) + 1, 1)
            continue
        try:
            return pos + at, _member_end(fh, pos + at)
        except _Damage:
            pos += at + 1
    return size, size


def check_file(path: Path) -> tuple[int, str | None]:
    """(records that verified, first error as "offset N: message" or None)."""
    count = 0
    try:
        for _ in _scan(Path(path)):
            count += 1
    except _Damage as damage:
        return count, str(damage)
    return count, None


def repair_tails(warc_dir: Path, crawl_id: int) -> None:
    """A crawl resumed after its process died mid-record: each of its WARC files cut back to
    whole records, so every file stays valid (new records go to a new file)."""
    for path in sorted(warc_dir.glob(f"{crawl_prefix('*', crawl_id)}-*.warc.gz")):
        if path.stat().st_size == 0:  # opened, never written: a full disk left it (helper-196)
            path.unlink()
            log.warning("removed %s, an empty file", path.name)
            continue
        if removed := repair_tail(path):
            log.warning("cut %d bytes of a torn record from %s", removed, path.name)


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
