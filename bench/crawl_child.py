"""`isecg crawl ARGS` as a command, reporting its phases, peak memory and CPU to a JSON file.

    python -m bench.crawl_child RESULT.json [--whole-site] --site URL --data DIR ...

--whole-site lifts the trap defences that bound a crawl's size (max_frontier, 20,000 URLs;
max_rest_pages, 10,000 posts), so a synthetic site of 20,000 posts is crawled whole and
compares with one of 2,000 request for request.

The benchmark times this whole process (start-up, imports, the crawl, extraction, exit); the
crawl's own seconds per phase come from its CrawlResult, caught on the way out of `crawl()`.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
from pathlib import Path
from typing import Any

import scraper.cli
from bench.common import own_usage, status_kb
from scraper import crawl as crawl_module
from scraper.early import EarlyReader
from scraper.settings import Settings


def main() -> None:
    out = Path(sys.argv[1])
    caught: dict[str, Any] = {}
    real_crawl = crawl_module.crawl

    whole_site = sys.argv[2:3] == ["--whole-site"]
    arguments = sys.argv[3:] if whole_site else sys.argv[2:]

    def crawl(settings: Settings, **kwargs: Any) -> Any:
        if whole_site:
            settings = settings.but(max_frontier=10**6, max_rest_pages=10**4)
        result = real_crawl(settings, **kwargs)
        caught.update(result.seconds)
        caught["requests"] = result.counts["requests"]
        caught["bytes_downloaded"] = result.counts["bytes_downloaded"]
        caught["unchanged"] = result.counts["unchanged"]
        caught["status"] = result.status
        return result

    crawl_module.crawl = crawl  # the command imports it when it runs

    # The early reader's worker process: its own peak (VmHWM), which it reads as it stops.
    close = EarlyReader.close

    def closing(reader: EarlyReader, failed: bool = False) -> None:
        close(reader, failed)
        if reader.peak_mb is not None:
            caught["reader_peak_mb"] = reader.peak_mb

    EarlyReader.close = closing  # type: ignore[method-assign, assignment]
    sys.argv = ["isecg", "crawl", *arguments]
    code: int | str | None = 0
    sampler = TogetherPeak()
    try:
        scraper.cli.run()  # as the console script runs it
    except SystemExit as stop:
        code = stop.code
    finally:
        caught["together_peak_mb"] = sampler.stop()
        out.write_text(json.dumps({**caught, **own_usage(), "exit_code": code}))


class TogetherPeak:
    """The largest resident size this process and its children (the early reader) held at
    once, sampled every 50 ms: what the machine must have, where the sum of each one's own
    peak is only a bound."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak_kb / 1024

    def _sample(self) -> None:
        own = Path("/proc/self/cmdline").read_bytes()
        while not self._done.wait(0.05):
            pids = ["self"]
            for children in Path("/proc/self/task").glob("*/children"):
                with contextlib.suppress(OSError):
                    pids += children.read_text().split()
            self.peak_kb = max(
                self.peak_kb,
                sum(
                    status_kb(pid, "VmRSS:")
                    for pid in pids
                    if pid == "self" or not _a_copy(pid, own)
                ),
            )


def _a_copy(pid: str, own: bytes) -> bool:
    """A child forked and not yet exec'd (starting a process): it shares this process's pages,
    which its resident size shows again. Counted, they would add the crawl to itself."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes() == own
    except OSError:
        return True  # gone


if __name__ == "__main__":
    main()
