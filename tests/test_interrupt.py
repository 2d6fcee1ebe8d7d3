"""Ctrl-C where nothing awaits (scraper/interrupt.py): the handler it sets, and what it says."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from typing import Any

import pytest
import sqlite_utils

from scraper.interrupt import interruptible, what_was_left


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
