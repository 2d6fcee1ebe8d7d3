"""Work the crawl's process does in threads while it would otherwise wait on the network.

`isecg crawl` fetches first and extracts after the last answer (scraper/build.py). Two costs
of one core used to sit outside the fetch, where the whole command waits for them:

- the TLS roots (certifi's bundle, 25 to 40 ms), loaded as the client is made, before the
  first request. OpenSSL reads them without holding the interpreter's lock, so a thread
  started with the crawl loads them while the crawl opens its database and WARC file.
- the extractors: importing them compiles some two hundred patterns, and the build's date
  reader compiles more on first use, 0.15 to 0.3 s in all, before the first request (the
  imports) and after the last answer (the patterns). A thread does both from the first
  request on, while the crawl's own thread mostly waits for answers; the byline patterns
  only when no early reader learns the templates (scraper/early.py). It costs the fetch a
  little (the two threads share one interpreter lock): measured side by side, the fetch
  span rose by 0.04 to 0.08 s and the whole command fell by 0.1 to 0.2 s
  (docs/replica.md#benchmarks).

Nothing of the fetch imports the extractors (tests/test_ahead.py checks it); whatever of the
crawl needs them (the build, the early reader's first batch) calls `build_modules_ready()`
first, so this thread alone imports them and no two threads import one module at once.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from scraper.clients import load_roots
from scraper.interrupt import ctrl_c_ignored

if TYPE_CHECKING:
    from scraper.build import BuildReport

log = logging.getLogger("isecg.crawl")


class Ahead:
    """A context manager: the roots' thread starts as it is entered, the modules' thread with
    `load_build_modules()`; both are joined as it exits, so no thread outlives the crawl (a
    reparse forks after a crawl)."""

    def __init__(self) -> None:
        self._threads: dict[str, threading.Thread] = {}

    def __enter__(self) -> Ahead:
        self._start("isecg-tls-roots", load_roots)
        return self

    def __exit__(self, *exc: object) -> None:
        # A second Ctrl-C while the imports finish must not hide the first one's message
        # (crawl.py: "`isecg crawl` resumes it"): at most a few tenths of a second
        with ctrl_c_ignored():
            for thread in self._threads.values():
                thread.join()

    def load_build_modules(self, byline_patterns: bool = True) -> None:
        """Start loading the build's modules; `byline_patterns`: compile the date reader's
        byline patterns too, which the build reads only when it learns a theme's date element
        itself (an early reader's worker learns it while the crawl fetches: then left out, as
        some 30 ms of one core taken from the fetch)."""
        self._start("isecg-build-modules", lambda: _load_build_modules(byline_patterns))

    def build_modules_ready(self) -> None:
        """Returns once the build's modules are loaded (loading them now if not begun)."""
        self.load_build_modules()
        self._threads["isecg-build-modules"].join()

    def build(self) -> Callable[..., BuildReport]:
        """scraper.build.build, once its modules are loaded."""
        self.build_modules_ready()
        from scraper import build

        return build.build

    def _start(self, name: str, target: Callable[[], None]) -> None:
        if name not in self._threads:
            self._threads[name] = threading.Thread(target=target, name=name, daemon=True)
            self._threads[name].start()


def _load_build_modules(byline_patterns: bool) -> None:
    # The crawl's own thread, woken by an answer, waits for this one to let go of the
    # interpreter: up to the switch interval each time, 5 ms by default; 0.5 ms meanwhile.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, 0.0005))
    try:
        import scraper.build  # noqa: F401  (the extractors, the harvest, the workers)
        from scraper.extract import dates

        if byline_patterns:  # the other modes' compile if a page the build reads needs them
            dates.parse_text("18 September 2020")
    except Exception:  # raised again, once, where the crawl's own thread imports it
        log.debug("the build's modules did not load ahead", exc_info=True)
    finally:
        sys.setswitchinterval(interval)
