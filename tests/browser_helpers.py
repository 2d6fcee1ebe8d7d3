"""Debian's chromium, driven by Playwright (which never downloads a browser here)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


@contextmanager
def chromium(profile: Path, width: int = 1280, **options: Any) -> Iterator[Any]:
    """A headless chromium context with a fresh profile (--user-data-dir) at `profile`.

    Start it after any server the test runs in this thread: Playwright's sync API keeps an
    event loop running here, and a crawl or Datasette's startup needs asyncio.run() first."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium; install it with"
            " `make chromium` (apt-get install chromium chromium-driver)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=options.pop("args", CHROMIUM_ARGS),
            viewport={"width": width, "height": 900},
            **options,
        )
        try:
            yield context
        finally:
            context.close()
