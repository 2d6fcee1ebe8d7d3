"""Progress lines off a terminal: what a cron job's log shows."""

from __future__ import annotations

import logging

import pytest

from scraper.progress import Progress


def test_a_url_fetched_before_the_queue_is_counted_in_the_total(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """helper-191: offline, robots.txt failed before anything was queued: "1/0 done"."""
    caplog.set_level(logging.INFO, "isecg.crawl")
    with Progress(enabled=False, every=1) as progress:
        progress.advance("http://127.0.0.1:9/robots.txt", "error")
        progress.total(3)
        progress.advance("http://127.0.0.1:9/", "ok")
    assert [r.getMessage().split(",")[0] for r in caplog.records] == ["1/1 done", "2/4 done"]
