"""Logging: text or JSON lines, replaced cleanly on a second setup, and a log file per crawl."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper.logs import FORMATS, crawl_log, crawl_log_path, setup_logging

log = logging.getLogger("isecg.test")


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """setup_logging changes the root logger: put it back as pytest had it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    quiet = {name: logging.getLogger(name).level for name in ("httpx", "httpcore", "isecg")}
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, value in quiet.items():
        logging.getLogger(name).setLevel(value)


def test_json_lines_carry_time_level_logger_message_and_extra_fields():
    out = io.StringIO()
    setup_logging("json", stream=out)
    log.info("crawl %d done", 12, extra={"crawl_id": 12, "path": Path("/x")})
    (line,) = out.getvalue().splitlines()
    record = json.loads(line)
    assert record["level"] == "INFO" and record["logger"] == "isecg.test"
    assert record["message"] == "crawl 12 done"
    assert record["crawl_id"] == 12 and record["path"] == "/x"
    assert record["time"].endswith("Z") and record["time"][10] == "T"


def test_an_exception_stays_on_its_one_json_line():
    out = io.StringIO()
    setup_logging("json", stream=out)
    try:
        raise ValueError("bad page")
    except ValueError:
        log.exception("could not read")
    (line,) = out.getvalue().splitlines()
    assert "ValueError: bad page" in json.loads(line)["exception"]


def test_text_lines_name_the_level_and_logger():
    out = io.StringIO()
    setup_logging("text", stream=out)
    log.warning("slow answer")
    assert out.getvalue().rstrip().endswith("WARNING isecg.test slow answer")


def test_a_second_setup_replaces_the_first():
    first, second = io.StringIO(), io.StringIO()
    setup_logging("text", stream=first)
    setup_logging("json", stream=second)
    log.info("once")
    assert first.getvalue() == ""
    assert len(second.getvalue().splitlines()) == 1


def test_the_log_file_gets_the_same_lines(tmp_path: Path):
    out, path = io.StringIO(), tmp_path / "logs" / "run.log"
    setup_logging("json", log_file=path, stream=out)
    log.info("to both")
    assert path.read_text() == out.getvalue() and "to both" in out.getvalue()


def test_requests_are_not_logged_one_line_each():
    setup_logging("text", stream=io.StringIO())
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="log format must be one of text, json"):
        setup_logging("yaml")
    assert FORMATS == ("text", "json")


def test_a_crawl_log_file_collects_the_crawl_and_is_appended_on_resume(tmp_path: Path):
    with crawl_log(tmp_path, 3, "json") as path:
        log.info("first run")
    log.info("between runs: not in the file")
    with crawl_log(tmp_path, 3, "json"):
        log.info("resumed")
    assert path == crawl_log_path(tmp_path, 3) == tmp_path / "logs" / "crawl-3.log"
    messages = [json.loads(line)["message"] for line in path.read_text().splitlines()]
    assert messages == ["first run", "resumed"]


def test_a_crawl_log_file_is_filled_even_when_logging_was_never_set_up(tmp_path: Path):
    logging.getLogger("isecg").setLevel(logging.NOTSET)
    logging.getLogger().setLevel(logging.WARNING)
    with crawl_log(tmp_path, 1) as path:
        log.info("fetched 10 pages")
    assert path.read_text().rstrip().endswith("INFO isecg.test fetched 10 pages")
    assert logging.getLogger("isecg").level == logging.NOTSET  # put back
