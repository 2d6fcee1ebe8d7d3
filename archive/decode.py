"""Undo Content-Encoding (gzip, deflate) in one streaming pass, in linear time, under a cap.

`Decoder` takes the body piece by piece as it arrives (scraper/http.py feeds it while the
response streams) and never holds more than `max_bytes + 1` decoded bytes: a gzip bomb stops at
the cap, not after filling memory. `decoded_payload` is the same for a body already whole (a
WARC record).

Linear whatever the body: zlib hands back the bytes after a gzip member as a new copy
(`unused_data`), so feeding a whole body to each member of a body made of many tiny members
copies it once per member. Input goes in slices that start small and double while a member
goes on, so what is copied after each member is at most about twice that member.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

# The largest body the archive decodes: a document, the largest thing a crawl keeps (a crawl
# caps both the bytes on the wire and the decoded bytes; scraper.settings.Settings takes its
# max_document_bytes from here). Reading a record back (a build, a reparse, the reading room)
# decodes at most this much, so whatever a crawl kept reads back and a bomb does not.
DEFAULT_DECODE_CAP = 50 * 1024 * 1024
_FIRST_SLICE = 256
_MAX_SLICE = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


class DecodedTooLarge(ValueError):
    """A body that decodes to more than its cap: a gzip bomb, or simply too big."""


def content_codings(headers: Iterable[tuple[str, str]]) -> list[str]:
    """The codings of Content-Encoding in the order they were applied (identity left out)."""
    return [
        c.strip().lower()
        for k, v in headers
        if k.lower() == "content-encoding"
        for c in v.split(",")
        if c.strip().lower() not in ("", "identity")
    ]


class _Inflater:
    """One coding: gzip (any number of members, trailing garbage ignored) or deflate (zlib
    wrapped, as RFC 9110 says, or raw, as some servers send it)."""

    def __init__(self, coding: str, cap: int) -> None:
        if coding not in ("gzip", "x-gzip", "deflate"):
            raise ValueError(f"unsupported Content-Encoding {coding!r}")
        self.coding = coding
        self.gzip = coding != "deflate"
        self.cap = cap
        self.produced = 0
        self._d: zlib._Decompress | None = None
        self._members = 0
        self._head = b""  # the first bytes of the current member, until it is known
        self._done = False  # the body is over: anything more is trailing garbage
        self._started = False

    def _new_member(self, first: bytes) -> zlib._Decompress:
        if self.gzip:
            return zlib.decompressobj(31)
        # zlib's header: compression method 8, and the two bytes a multiple of 31.
        wrapped = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
        return zlib.decompressobj(15 if wrapped else -15)

    def feed(self, data: bytes) -> bytes:
        if self._done or not data:
            return b""
        self._started = True
        if self._head:
            data, self._head = self._head + data, b""
        out = bytearray()
        pos, step = 0, _FIRST_SLICE
        while pos < len(data) and not self._done:
            if self._d is None:
                if len(data) - pos < 2:  # not enough to tell what comes next
                    self._head = data[pos:]
                    break
                if self._members and (not self.gzip or data[pos : pos + 2] != _GZIP_MAGIC):
                    self._done = True  # what follows the body is not a body: ignore it
                    break
                self._d = self._new_member(data[pos : pos + 2])
                self._members += 1
                step = _FIRST_SLICE
            piece = data[pos : pos + step]
            try:
                decoded = self._d.decompress(piece, self.cap + 1 - self.produced)
            except zlib.error as error:
                raise ValueError(f"corrupt {self.coding} body: {error}") from error
            self.produced += len(decoded)
            if self._d.unconsumed_tail or self.produced > self.cap:
                raise DecodedTooLarge(f"decoded body is over the cap of {self.cap} bytes")
            out += decoded
            if self._d.eof:
                pos += len(piece) - len(self._d.unused_data)
                self._d = None
            else:
                pos += len(piece)
                step = min(step * 2, _MAX_SLICE)
        return bytes(out)

    def finish(self) -> bytes:
        """The end of the body: it must not end inside a member."""
        if not self._started or self._done:
            return b""
        if self._head or (self._d is not None and not self._d.eof):
            raise ValueError(f"compressed {self.coding} body is truncated")
        return b""


class Decoder:
    """Decode a body as it streams: `feed` each piece, then `finish` for the whole body."""

    def __init__(self, headers: Iterable[tuple[str, str]], max_bytes: int) -> None:
        self.max_bytes = max_bytes
        # The last coding listed was applied last: undo it first.
        self._stages = [_Inflater(c, max_bytes) for c in reversed(content_codings(headers))]
        self._out = bytearray()

    @property
    def identity(self) -> bool:
        return not self._stages

    def _keep(self, data: bytes) -> None:
        self._out += data
        if len(self._out) > self.max_bytes:
            raise DecodedTooLarge(f"body is over the cap of {self.max_bytes} bytes")

    def feed(self, data: bytes) -> None:
        for stage in self._stages:
            data = stage.feed(data)
        self._keep(data)

    def finish(self) -> bytes:
        for i, stage in enumerate(self._stages):
            data = stage.finish()
            for later in self._stages[i + 1 :]:
                data = later.feed(data)
            self._keep(data)
        return bytes(self._out)


def decoded_payload(
    headers: Iterable[tuple[str, str]], payload: bytes, max_bytes: int = DEFAULT_DECODE_CAP
) -> bytes:
    """Undo Content-Encoding gzip/deflate; ValueError if corrupt, unsupported or over max_bytes."""
    headers = list(headers)
    if not payload:
        return payload
    decoder = Decoder(headers, max_bytes)
    if decoder.identity:
        if len(payload) > max_bytes:
            raise DecodedTooLarge(f"body is over the cap of {max_bytes} bytes")
        return payload
    decoder.feed(payload)
    return decoder.finish()
