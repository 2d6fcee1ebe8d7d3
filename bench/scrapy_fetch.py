"""Scrapy fetching a fixed list of URLs, for comparison with the crawler on the same list.

Runs in the benchmark's own environment (.venv-bench, `make bench-venv`), never the product's:

    .venv-bench/bin/scrapy runspider bench/scrapy_fetch.py -a urls=LIST -a out=RESULT.json \
        -s CONCURRENT_REQUESTS=4

Every URL once, in list order, no robots.txt, no retries, no redirects followed, nothing kept:
Scrapy at its leanest, so the comparison flatters it rather than us. Writes the span from the
first request to the last response, and the count of responses, to RESULT.json.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy


class FetchList(scrapy.Spider):
    name = "fetch_list"
    custom_settings = {  # noqa: RUF012 (Scrapy's own convention)
        "ROBOTSTXT_OBEY": False,
        "RETRY_ENABLED": False,
        "REDIRECT_ENABLED": False,
        "COOKIES_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "HTTPERROR_ALLOW_ALL": True,
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
    }

    def __init__(self, urls: str, out: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url_list = Path(urls).read_text().split()
        self.out = Path(out)
        self.first = 0.0
        self.last = 0.0
        self.responses = 0

    async def start(self) -> AsyncIterator[scrapy.Request]:  # Scrapy 2.13 and later
        self.first = time.perf_counter()
        for url in self.url_list:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response: Any) -> None:
        self.responses += 1
        self.last = time.perf_counter()

    def closed(self, reason: str) -> None:
        span = self.last - self.first
        self.out.write_text(json.dumps({"span": span, "responses": self.responses}))
