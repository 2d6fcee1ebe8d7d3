"""Ctrl-C where nothing awaits (scraper/interrupt.py): the handlers it sets, and what it says."""

from __future__ import annotations

import io
import signal
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from scraper import crawl as crawl_module
from scraper.cli_common import clear_errors
from scraper.errors import Interrupted
from scraper.interrupt import ctrl_c_ignored, interruptible, what_was_left
from scraper.settings import Settings


@pytest.fixture
def restored() -> Iterator[None]:
    before = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, before)


def asyncio_like(signum: int, frame: Any) -> None:  # a handler that only asks to stop
    pass


def test_ctrl_c_raises_inside_and_the_handler_before_comes_back(restored: None) -> None:
    signal.signal(signal.SIGINT, asyncio_like)
    with pytest.raises(KeyboardInterrupt), interruptible():
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        signal.raise_signal(signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is asyncio_like


@pytest.mark.parametrize("chosen", [signal.SIG_IGN, signal.SIG_DFL])
def test_a_ctrl_c_ignored_or_fatal_stays_so(restored: None, chosen: Any) -> None:
    """A crawl started in the background by a script (`&`) inherits Ctrl-C ignored."""
    signal.signal(signal.SIGINT, chosen)
    with interruptible():
        assert signal.getsignal(signal.SIGINT) == chosen


def test_what_a_ctrl_c_left() -> None:
    db = sqlite_utils.Database(memory=True)
    db.table("crawls").insert_all([{"id": 1, "status": "running"}, {"id": 2, "status": "done"}])
    assert what_was_left(db, 1) == "crawl 1 interrupted: `isecg crawl` resumes it"
    assert what_was_left(db, 2) == "crawl 2 interrupted as it ended (done)"
    assert what_was_left(db, 0) == "interrupted before the crawl began"


def test_ctrl_c_is_ignored_inside_and_the_handler_before_comes_back(restored: None) -> None:
    signal.signal(signal.SIGINT, asyncio_like)
    with ctrl_c_ignored():
        signal.raise_signal(signal.SIGINT)  # nothing happens
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    assert signal.getsignal(signal.SIGINT) is asyncio_like


def test_a_second_ctrl_c_does_not_cut_the_crawls_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restored: None
) -> None:
    """Pressed again while the stopped crawl works out what it left, Ctrl-C used to raise a
    bare KeyboardInterrupt there: the command then said "isecg: " and nothing more."""

    async def stopped(self: object) -> None:
        raise KeyboardInterrupt

    def pressed_again(db: sqlite_utils.Database, crawl_id: int) -> str:
        signal.raise_signal(signal.SIGINT)
        return "what the crawl left"

    monkeypatch.setattr(crawl_module.Crawler, "run", stopped)
    monkeypatch.setattr(crawl_module, "what_was_left", pressed_again)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    settings = Settings(site="http://127.0.0.1:9/", data_dir=tmp_path, progress=False)
    with pytest.raises(Interrupted) as stop:
        crawl_module.crawl(settings)
    assert str(stop.value) == "what the crawl left"


def test_a_bare_ctrl_c_still_says_one_line() -> None:
    @clear_errors
    def command() -> None:
        raise KeyboardInterrupt

    with pytest.raises(SystemExit) as exit_, redirect_stderr(io.StringIO()) as err:
        command()
    assert exit_.value.code == 130
    assert err.getvalue() == "isecg: interrupted\n"


class _CtrlCWhileImporting:
    """A finder that stands for Ctrl-C pressed while `scraper.cli` is imported."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "scraper.cli":
            raise KeyboardInterrupt


def test_ctrl_c_while_the_command_imports_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The console script imported the command line before anything could catch a Ctrl-C."""
    import scraper

    monkeypatch.delitem(sys.modules, "scraper.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_CtrlCWhileImporting(), *sys.meta_path])
    with pytest.raises(SystemExit) as exit_:
        scraper.run()
    assert exit_.value.code == 130
    assert capsys.readouterr().err == "isecg: interrupted\n"
