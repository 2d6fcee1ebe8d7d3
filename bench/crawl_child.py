"""`isecg crawl ARGS` as a command, reporting its phases, peak memory and CPU to a JSON file.

    python -m bench.crawl_child RESULT.json --site URL --data DIR ...

The benchmark times this whole process (start-up, imports, the crawl, extraction, exit); the
crawl's own seconds per phase come from its CrawlResult, caught on the way out of `crawl()`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import scraper.cli
from bench.common import own_usage
from scraper import crawl as crawl_module


def main() -> None:
    out = Path(sys.argv[1])
    caught: dict[str, Any] = {}
    real_crawl = crawl_module.crawl

    def crawl(*args: Any, **kwargs: Any) -> Any:
        result = real_crawl(*args, **kwargs)
        caught.update(result.seconds)
        caught["requests"] = result.counts["requests"]
        caught["bytes_downloaded"] = result.counts["bytes_downloaded"]
        caught["unchanged"] = result.counts["unchanged"]
        caught["status"] = result.status
        return result

    crawl_module.crawl = crawl  # the command imports it when it runs
    sys.argv = ["isecg", "crawl", *sys.argv[2:]]
    code: int | str | None = 0
    try:
        scraper.cli.main()
    except SystemExit as stop:
        code = stop.code
    finally:
        out.write_text(json.dumps({**caught, **own_usage(), "exit_code": code}))


if __name__ == "__main__":
    main()
