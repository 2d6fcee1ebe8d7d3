"""A response body kept in a temporary file as it arrives, with its size and digests counted on
the way: a document near its 50 MB cap then never sits whole in memory, from the network to its
WARC record. Bodies the crawl reads for links stay in memory (they are capped far lower)."""

from __future__ import annotations

import base64
import hashlib
import tempfile
from typing import BinaryIO, cast

SPOOL_BYTES = 1 << 20  # past this a spooled body moves from memory to a temporary file


class Spool:
    def __init__(self) -> None:
        self._file = cast(BinaryIO, tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES))  # noqa: SIM115 (closed by close())
        self._sha1 = hashlib.sha1()
        self._sha256 = hashlib.sha256()
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self._file.write(chunk)
        self._sha1.update(chunk)
        self._sha256.update(chunk)
        self.size += len(chunk)

    def __len__(self) -> int:
        return self.size

    def __bool__(self) -> bool:
        return self.size > 0

    def reader(self) -> BinaryIO:
        """The file, rewound: one reader at a time."""
        self._file.seek(0)
        return self._file

    def payload_digest(self) -> str:
        """As archive.warc.payload_digest gives for the same bytes (warcio's sha1, base32)."""
        return "sha1:" + base64.b32encode(self._sha1.digest()).decode("ascii")

    def sha256(self) -> str:
        return self._sha256.hexdigest()

    def close(self) -> None:
        self._file.close()  # a temporary file: closing deletes it


def close_spooled(body: bytes | Spool) -> None:
    """A spooled body's temporary file goes (it is in the WARC, or never will be)."""
    if isinstance(body, Spool):
        body.close()


def sha256_of(body: bytes | Spool) -> str | None:
    """The body's SHA-256 in hex; None for an empty body."""
    if isinstance(body, Spool):
        return body.sha256() if body else None
    return hashlib.sha256(body).hexdigest() if body else None
