"""Ctrl-C where a crawl no longer awaits anything: at once.

Inside asyncio.run, Ctrl-C only asks the crawl's task to stop at its next await. The build
after the fetch has none: a 20,000-post build ran its 20 s to the end, then its crawl said
"Aborted!". Under `interruptible()` Ctrl-C raises KeyboardInterrupt where it lands; the build's
transaction rolls back, and the crawl, still running, builds again when `isecg crawl` resumes it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def interruptible() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals and may set their handlers
        return
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
