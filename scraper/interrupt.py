"""Ctrl-C where a crawl no longer awaits anything: at once.

Inside asyncio.run, Ctrl-C only asks the crawl's task to stop at its next await. The build
after the fetch has none: a 20,000-post build ran its 20 s to the end, then its crawl said
"Aborted!". Under `interruptible()` Ctrl-C raises KeyboardInterrupt where it lands; the build's
transaction rolls back, and the crawl, still running, builds again when `isecg crawl` resumes it
(the Wayback backfill's rebuild likewise: the next `isecg import-wayback` rebuilds).

Once a command has stopped, `ctrl_c_ignored()` holds off a second Ctrl-C while it says what it
left: that line is all a second press could cut short.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


@contextmanager
def interruptible() -> Iterator[None]:
    previous = signal.getsignal(signal.SIGINT)
    # Only the main thread receives signals and may set their handlers; a Ctrl-C ignored (a
    # crawl started with `&` by a script) or fatal by choice stays so.
    if threading.current_thread() is not threading.main_thread() or previous in (
        signal.SIG_IGN,
        signal.SIG_DFL,
        None,
    ):
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def ctrl_c_ignored() -> Iterator[None]:
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous is None:
        yield  # a handler set outside Python could not be put back
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def what_was_left(db: sqlite_utils.Database, crawl_id: int) -> str:
    """What a Ctrl-C left: a crawl to resume, or (pressed as it ended) one already over."""
    if not crawl_id:
        return "interrupted before the crawl began"
    row = db.execute("SELECT status FROM crawls WHERE id = ?", [crawl_id]).fetchone()
    if row is None or row[0] == "running":
        return f"crawl {crawl_id} interrupted: `isecg crawl` resumes it"
    return f"crawl {crawl_id} interrupted as it ended ({row[0]})"
