"""Crawl progress: a rich bar in a terminal, plain log lines otherwise (--no-progress, cron)."""

from __future__ import annotations

import logging
import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported with the bar only: a nightly run shows none, and starts sooner
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

LOG_EVERY = 100  # URLs between plain progress lines


class Progress:
    """Progress of one command: `label` names its bar and its logger (isecg.crawl, ...)."""

    def __init__(self, enabled: bool, label: str = "crawl", every: int = LOG_EVERY) -> None:
        self._label, self._every = label, every
        self._log = logging.getLogger(f"isecg.{label}")
        self._bar: RichProgress | None = None
        if enabled and sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn(f"[bold]{label}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[errors]} errors  {task.fields[rate]:.1f}/s"),
                TimeElapsedColumn(),
                transient=False,
            )
        self._task: TaskID | None = None
        self.done = 0
        self.queued = 0
        self.errors = 0
        self._started = time.monotonic()

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
            self._task = self._bar.add_task(self._label, total=0, errors=0, rate=0.0)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def total(self, more: int) -> None:
        self.queued += more
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, total=self.queued)

    def advance(self, url: str, outcome: str) -> None:
        self.done += 1
        self.queued = max(self.queued, self.done)  # robots.txt is fetched before the queue is
        self.errors += outcome == "error"
        rate = self.done / max(time.monotonic() - self._started, 1e-6)
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=self.done, errors=self.errors, rate=rate)
        elif self.done % self._every == 0 or outcome == "error":
            self._log.info(
                "%d/%d done, %d errors, %.1f/s: %s %s",
                self.done,
                self.queued,
                self.errors,
                rate,
                outcome,
                url,
            )
