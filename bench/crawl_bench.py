"""Crawl the replica with 50 ms latency per response and compare with the ideal.

The bound is what perfect overlap would take: requests x latency / concurrency. The target
is a wall time within 1.2x of it. Printed, never asserted: timings belong here, not in tests.

    python -m bench.crawl_bench [--latency 0.05] [--concurrency 4] [--synthetic N]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scraper.crawl import CrawlResult, crawl
from scraper.settings import Settings

TARGET_RATIO = 1.2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--synthetic", type=int, default=0, help="posts of a synthetic site")
    args = parser.parse_args()
    # The replica runs in its own process, as the real site would: in this process its
    # threads would compete with the crawler for the interpreter lock.
    command = [
        sys.executable,
        "-m",
        "tests.fixtures.site",
        "--port",
        "0",
        "--latency",
        str(args.latency),
    ]
    if args.synthetic:
        command += ["--synthetic", str(args.synthetic)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    url = server.stdout.readline().strip()
    try:
        result, wall, requests = run(url, args.concurrency)
    finally:
        server.terminate()
        server.wait()
    fetch = result.seconds["fetch"]
    bound = requests * args.latency / args.concurrency
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ratio = fetch / bound if bound else float("nan")
    site = f"synthetic, {args.synthetic} posts" if args.synthetic else "replica"
    print(f"site: {site} at {url}")
    print(
        f"crawl {result.status}: {requests} requests, latency {args.latency * 1000:.0f} ms, "
        f"concurrency {args.concurrency}, delay 0"
    )
    print(f"wall time     {wall:8.2f} s   (the whole `isecg crawl`, extraction included)")
    print(f"  fetching    {fetch:8.2f} s   (robots.txt to the last response archived)")
    print(f"  extracting  {result.seconds['extract']:8.2f} s   (records from the WARC files)")
    if bound:
        print(f"bound         {bound:8.2f} s   (requests x latency / concurrency)")
        verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
        print(
            f"ratio         {ratio:8.2f} x   fetching / bound "
            f"(target <= {TARGET_RATIO}x: {verdict})"
        )
    else:
        print(f"per request   {fetch / max(requests, 1) * 1000:8.2f} ms  (no latency: no bound)")
    print(f"peak memory   {peak_mb:8.0f} MB  (the crawler's process)")


def run(url: str, concurrency: int) -> tuple[CrawlResult, float, int]:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(
            site=url + "/",
            data_dir=Path(data),
            delay=0.0,
            concurrency=concurrency,
            progress=False,
        )
        started = time.perf_counter()
        result = crawl(settings)
        wall = time.perf_counter() - started
    return result, wall, result.counts["requests"]


if __name__ == "__main__":
    main()
