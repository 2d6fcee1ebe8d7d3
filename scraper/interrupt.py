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
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

from scraper.errors import Interrupted, Terminated

if TYPE_CHECKING:
    import sqlite_utils


def interruptible() -> AbstractContextManager[None]:
    # A Ctrl-C ignored (a crawl started with `&` by a script) or fatal by choice stays so.
    return _sigint(signal.default_int_handler, (signal.SIG_IGN, signal.SIG_DFL))


def ctrl_c_ignored() -> AbstractContextManager[None]:
    return _sigint(signal.SIG_IGN, ())


@contextmanager
def _sigint(handler: Any, left_alone: tuple[Any, ...]) -> Iterator[None]:
    """Ctrl-C handled by `handler` inside the block, the handler before put back after. Left
    as it is outside the main thread (only it receives signals and may set their handlers),
    when the one before is in `left_alone`, or was set outside Python (None: it could not be
    put back)."""
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous in (
        None,
        *left_alone,
    ):
        yield
        return
    signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def stopped(stop: KeyboardInterrupt, left: str) -> Interrupted:
    """What a Ctrl-C, or a SIGTERM (Terminated, from `isecg`'s handler), raises once the
    command has said what it `left`."""
    if isinstance(stop, Terminated):
        return Terminated(f"{stop}: {left}")
    return Interrupted(left)


def what_was_left(db: sqlite_utils.Database, crawl_id: int) -> str:
    """What a Ctrl-C left: a crawl to resume, or (pressed as it ended) one already over."""
    if not crawl_id:
        return "interrupted before the crawl began"
    row = db.execute("SELECT status FROM crawls WHERE id = ?", [crawl_id]).fetchone()
    if row is None or row[0] == "running":
        return f"crawl {crawl_id} interrupted: `isecg crawl` resumes it"
    return f"crawl {crawl_id} interrupted as it ended ({row[0]})"
