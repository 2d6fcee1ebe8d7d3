"""A dict whose values wait in a temporary file: a build's memory stays flat in the site's size.

A crawl's build reads every page before it can choose and save (REST items, list-page dates
and learned templates all come in before a post is final), so it must keep what every post
said until the end. A post's record is its bodies (text and HTML) and its candidates, some
kilobytes; twenty thousand posts, read from their pages and from REST and then merged, came
to hundreds of megabytes. `Spilled` keeps only the keys (and where each value lies) in memory
and the values pickled in an anonymous temporary file, read back one at a time when asked
for: the same dict to its users, iterated in insertion order.

The file is the operating system's to cache: it is gone when the mapping is, or on `close`.
"""

from __future__ import annotations

import pickle
import tempfile
import weakref
from collections.abc import Iterator, MutableMapping
from typing import IO, TypeVar

V = TypeVar("V")
_SIZE_BITS = 32  # a value's pickle is far under 4 GB: a post's bodies are capped at 10 MB
_SIZE_MASK = (1 << _SIZE_BITS) - 1


def place(offset: int, size: int) -> int:
    """Where a pickled value lies in its file, as one int (offset << 32 | size): a tuple of
    two and their ints take three objects for each of a crawl's thousands of values."""
    if size > _SIZE_MASK:  # never so far (a page is capped at 10 MB): refused, not corrupted
        raise ValueError(f"a value of {size:,} bytes is too large to spill")
    return offset << _SIZE_BITS | size


def unplace(where: int) -> tuple[int, int]:
    """(offset, size) of a `place`."""
    return where >> _SIZE_BITS, where & _SIZE_MASK


class Spilled(MutableMapping[str, V]):
    """str -> V, the values pickled to a temporary file opened on the first write."""

    def __init__(self) -> None:
        # key -> where its value is in the file (`place`: at 20,000 posts, tuples of offset
        # and size and their ints took 8 MB of the 40 a build held)
        self._where: dict[str, int] = {}
        self._file: IO[bytes] | None = None
        self._end = 0  # where the next value goes: a value set again is written anew
        # Whether the file's position is `_end` (no value was read since the last write): a
        # seek flushes the write buffer, so one before every write made each value a system
        # call of its own.
        self._at_end = True

    def __setitem__(self, key: str, value: V) -> None:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        where = place(self._end, len(data))  # before anything is written: it may refuse
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="isecg-build-")  # noqa: SIM115 (kept open)
            # Closed with the mapping, whoever drops it (a test's Harvest too): never left open.
            self._closing = weakref.finalize(self, self._file.close)
        if not self._at_end:
            self._file.seek(self._end)
        self._at_end = False  # until the value is written whole
        self._file.write(data)
        self._at_end = True
        self._where[key] = where
        self._end += len(data)

    def __getitem__(self, key: str) -> V:
        offset, size = unplace(self._where[key])
        assert self._file is not None
        self._at_end = False
        self._file.seek(offset)
        value: V = pickle.loads(self._file.read(size))
        return value

    def __delitem__(self, key: str) -> None:
        del self._where[key]

    def __contains__(self, key: object) -> bool:
        return key in self._where  # without reading the value back, as Mapping's would

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def __repr__(self) -> str:
        return f"<Spilled: {len(self)} values, {self._end:,} bytes>"

    def close(self) -> None:
        """Remove the file now rather than when the mapping is collected."""
        self._where.clear()
        if self._file is not None:
            self._closing()
            self._file = None
        self._end = 0
        self._at_end = True
