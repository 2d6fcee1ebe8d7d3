"""Work the crawl's process does in threads while it would otherwise wait on the network.

`isecg crawl` fetches first and extracts after the last answer (scraper/build.py). Two costs
of one core used to sit outside the fetch, where the whole command waits for them:

- the TLS roots (certifi's bundle, 25 to 40 ms), loaded as the client is made, before the
  first request. OpenSSL reads them without holding the interpreter's lock, so a thread
  started with the crawl loads them while the crawl opens its database and WARC file.
- the extractors: importing them compiles some two hundred patterns, and the build's date
  reader compiles more on first use, 0.2 to 0.3 s in all, before the first request (the
  imports) and after the last answer (the patterns). A thread does both from the first
  request on, while the crawl's own thread mostly waits for answers.

Nothing of the fetch imports the extractors (tests/test_ahead.py checks it); whatever of the
crawl needs them (the build, the early reader's first batch) calls `build_modules_ready()`
first, so this thread alone imports them and no two threads import one module at once.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from scraper.http import load_roots

if TYPE_CHECKING:
    from scraper.build import BuildReport


class Ahead:
    """A context manager: the roots' thread starts with it, the modules' thread with
    `load_build_modules()`; both are joined as it exits, so no thread outlives the crawl (a
    reparse forks after a crawl)."""

    def __init__(self) -> None:
        self._roots = _started(load_roots, "isecg-tls-roots")
        self._modules: threading.Thread | None = None

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, *exc: object) -> None:
        self._roots.join()
        if self._modules is not None:
            self._modules.join()

    def load_build_modules(self) -> None:
        if self._modules is None:
            self._modules = _started(_load_build_modules, "isecg-build-modules")

    def build_modules_ready(self) -> None:
        """Returns once the build's modules are loaded (loading them now if not begun)."""
        self.load_build_modules()
        assert self._modules is not None
        self._modules.join()

    def build(self) -> Callable[..., BuildReport]:
        """scraper.build.build, once its modules are loaded."""
        self.build_modules_ready()
        from scraper import build

        return build.build


def _started(target: object, name: str) -> threading.Thread:
    thread = threading.Thread(target=target, name=name, daemon=True)  # type: ignore[arg-type]
    thread.start()
    return thread


def _load_build_modules() -> None:
    # The crawl's own thread, woken by an answer, waits for this one to let go of the
    # interpreter: up to the switch interval each time, 5 ms by default; 0.5 ms meanwhile.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, 0.0005))
    try:
        # An import that fails here fails again, with its traceback, where it is needed.
        import scraper.build  # noqa: F401  (the extractors, the harvest, the workers)
        from scraper.extract import dates

        dates.warm_up()  # the patterns learning a theme's date element compiles on first use
    finally:
        sys.setswitchinterval(interval)
