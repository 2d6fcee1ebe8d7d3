"""Log lines for people (text) or for machines (JSON lines), and a log file per crawl.

`setup_logging` configures the root logger once per command: lines on stderr in the chosen
format and, when given, the same lines appended to a file. Calling it again replaces what the
earlier call installed (and nothing else), so the group can set text up and a command switch
to JSON. `crawl_log` appends one crawl's lines to `<data>/logs/crawl-<id>.log` while it runs;
a resumed crawl appends to the same file, so the file tells the whole story of that crawl.

A JSON line holds `time` (UTC, ISO 8601 with Z), `level`, `logger`, `message`, every field
passed with `extra={...}`, and `exception` when there is one:

    {"time": "2026-01-20T02:41:07.412Z", "level": "INFO", "logger": "isecg.crawl",
     "message": "crawl 12 done", "crawl_id": 12}
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from archive.db import iso_z

FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
_MARK = "_isecg_handler"  # set on the handlers installed here, so a second call replaces them
# Attributes every LogRecord has: whatever else a record carries came from `extra`.
_STANDARD = {
    *vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None)),
    "message",
    "asctime",
    "taskName",
}
QUIET = {"httpx": logging.WARNING, "httpcore": logging.WARNING}  # one line per request is noise


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": iso_z(datetime.fromtimestamp(record.created, UTC)),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key not in line:
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def make_formatter(fmt: str) -> logging.Formatter:
    if fmt not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT)


def _mark(handler: logging.Handler) -> logging.Handler:
    setattr(handler, _MARK, True)
    return handler


def setup_logging(
    fmt: str = "text",
    log_file: Path | None = None,
    level: int = logging.INFO,
    stream: TextIO | None = None,
) -> None:
    """Root logging: lines on stderr (or `stream`) in `fmt`, also appended to log_file."""
    formatter = make_formatter(fmt)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = [logging.StreamHandler(stream or sys.stderr)]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(formatter)
        root.addHandler(_mark(handler))
    root.setLevel(level)
    for name, quiet in QUIET.items():
        logging.getLogger(name).setLevel(quiet)


def crawl_log_path(data_dir: Path, crawl_id: int) -> Path:
    return Path(data_dir) / "logs" / f"crawl-{crawl_id}.log"


class _CrawlLogFile(logging.FileHandler):
    """The crawl's log file; when it cannot be written (a full disk), that is said once,
    not with a traceback for every line logged after."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        if not self.failed:
            self.failed = True
            sys.stderr.write(f"isecg: the crawl's log {self.baseFilename}: {sys.exc_info()[1]}\n")


@contextmanager
def crawl_log(data_dir: Path, crawl_id: int, fmt: str = "text") -> Iterator[Path]:
    """Append every INFO-and-above line to the crawl's own log file while the block runs."""
    path = crawl_log_path(data_dir, crawl_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = _CrawlLogFile(path, encoding="utf-8")  # append: a resume adds to it
    handler.setFormatter(make_formatter(fmt))
    handler.setLevel(logging.INFO)
    root, ours = logging.getLogger(), logging.getLogger("isecg")
    before = ours.level
    if ours.getEffectiveLevel() > logging.INFO:  # logging never set up: still fill the file
        ours.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        handler.close()
        ours.setLevel(before)
