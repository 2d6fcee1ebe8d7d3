"""Growth: the crawl of a synthetic site at two sizes, no latency, per request and at its peak.

Time per request and peak memory should not grow with the site: the ratio of the larger to
the smaller is the figure (target <= 1.2x), and the peak at the larger size is held to an
absolute bound (150 MB at 20,000 posts) for what the crawl's process and its children (the
early reader) hold at once, sampled every 50 ms. Each crawl is `isecg crawl` in its own
process; its own high-water mark (VmHWM) and its early reader's are shown too, and their sum.
The limits on a crawl's size are lifted so that the whole site is crawled (crawl_child
--whole-site). Printed, never asserted.

    python -m bench.growth_bench [--small 2000] [--large 20000]
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
from pathlib import Path

from bench.common import Figure, fmt, replica, run_child

PEAK_TARGET_MB = 150
FLAT_TARGET = 1.2


def crawl_synthetic(posts: int, concurrency: int = 4) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, replica("--synthetic", str(posts)) as url:
        data = Path(tmp) / "data"
        args = ["--whole-site", "--site", url + "/", "--data", str(data), "--delay", "0"]
        args += ["--concurrency", str(concurrency), "--no-progress"]
        figures, wall = run_child("bench.crawl_child", *args)
        conn = sqlite3.connect(data / "isecg.db")
        try:
            links = conn.execute("SELECT COUNT(*) FROM links").fetchone()[0]
        finally:
            conn.close()
    return {**figures, "wall": wall, "links": links}


def measure(small: int = 2000, large: int = 20000) -> list[Figure]:
    runs = {posts: crawl_synthetic(posts) for posts in (small, large)}
    figures = []
    for posts, run in runs.items():
        requests = run["requests"]
        figures += [
            Figure(
                f"growth {posts:,} posts: whole crawl",
                run["wall"],
                "s",
                note=f"{requests:,.0f} requests, fetch {run['fetch']:.0f} s,"
                f" extract {run['extract']:.0f} s, {requests / run['wall']:.0f} requests/s",
            ),
            Figure(
                f"growth {posts:,} posts: wall per request",
                1000 * run["wall"] / requests,
                "ms",
            ),
            Figure(f"growth {posts:,} posts: CPU per request", 1000 * run["cpu"] / requests, "ms"),
            Figure(f"growth {posts:,} posts: peak memory", run["peak_mb"], "MB"),
            Figure(
                f"growth {posts:,} posts: early reader's peak memory",
                run.get("reader_peak_mb", float("nan")),
                "MB",
                note="its own process, beside the crawl's (scraper/early.py)",
            ),
            Figure(
                f"growth {posts:,} posts: peak memory, crawl + early reader",
                run["peak_mb"] + run.get("reader_peak_mb", 0.0),
                "MB",
                note="the two peaks added: an upper bound of what both held at once",
            ),
            Figure(
                f"growth {posts:,} posts: peak memory held at once",
                max(run["together_peak_mb"], run["peak_mb"]),
                "MB",
                PEAK_TARGET_MB if posts == large else None,
                note="the crawl and its children, sampled every 50 ms (or the crawl's own peak)",
            ),
            Figure(f"growth {posts:,} posts: links rows", run["links"], "rows"),
        ]
    a, b = runs[small], runs[large]
    figures += [
        Figure(
            f"growth {large // 1000}k/{small // 1000}k: wall per request",
            (b["wall"] / b["requests"]) / (a["wall"] / a["requests"]),
            "x",
            FLAT_TARGET,
        ),
        Figure(
            f"growth {large // 1000}k/{small // 1000}k: CPU per request",
            (b["cpu"] / b["requests"]) / (a["cpu"] / a["requests"]),
            "x",
            FLAT_TARGET,
        ),
        Figure(
            f"growth {large // 1000}k/{small // 1000}k: peak memory",
            b["peak_mb"] / a["peak_mb"],
            "x",
            note="context: memory should not grow with the site",
        ),
    ]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20000)
    args = parser.parse_args()
    for figure in measure(args.small, args.large):
        print(f"{figure.name:45} {fmt(figure.value, figure.unit):>12}  {figure.note}")


if __name__ == "__main__":
    main()
