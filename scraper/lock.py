"""One crawl per data directory, held with an OS file lock.

flock() is released by the kernel when its holder dies, even by kill -9, so a lock left by a
dead process is simply free again: no PID guessing, no stale-lock clean-up to get wrong. The
PID written inside is only for the message a second crawl prints.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from scraper.errors import LockHeld


class CrawlLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self.was_stale = False  # True when a dead crawl's lock file was found and taken over

    def __enter__(self) -> CrawlLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise LockHeld(
                f"another crawl or import (pid {holder}) is running on {self.path.parent};"
                " wait for it to finish"
            ) from None
        self.was_stale = bool(os.read(fd, 64).strip())
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)  # an empty file tells the next crawl we ended cleanly
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
