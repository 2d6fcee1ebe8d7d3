"""The crawl of the replica with a latency per response, beside its bound and beside Scrapy.

The bound is what perfect overlap would take: requests x latency / concurrency. The fetch span
runs from the first request to the last answer archived, as Scrapy's is taken; `isecg crawl`
runs as a command in its own process (start-up, extraction and the build count in its wall
time); Scrapy (in .venv-bench) then fetches the same URL list with the same concurrency, and
so does httpx alone, reading each body and nothing more: the floor for this client and this
server, which the bound does not count. A second crawl of the unchanged replica into the same
data directory shows what conditional requests save. Each timed run is the fastest of
ROUNDS. Printed, never asserted.

    python -m bench.crawl_bench [--latency 0.05] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import ROOT, Figure, fmt, replica, run_child

SCRAPY = ROOT / ".venv-bench" / "bin" / "scrapy"
# Each timed run (ours, Scrapy's, httpx's) made this many times and the fastest kept, as
# timeit does: the machine's noise only ever adds, and one sample of 3 s swung by 0.05x.
ROUNDS = 3


def crawl_once(url: str, data: Path, concurrency: int) -> tuple[dict[str, float], float]:
    args = ["--site", url + "/", "--data", str(data), "--delay", "0"]
    args += ["--concurrency", str(concurrency), "--no-progress"]
    return run_child("bench.crawl_child", *args)


def fetched_urls(data: Path, crawl_id: int) -> list[str]:
    """The URLs a crawl requested and had answered, in the order it requested them."""
    conn = sqlite3.connect(data / "isecg.db")
    try:
        rows = conn.execute(
            "SELECT url FROM captures WHERE crawl_id = ? AND status IS NOT NULL ORDER BY id",
            [crawl_id],
        ).fetchall()
    finally:
        conn.close()
    return [row[0] for row in rows]


def answers_304(data: Path, crawl_id: int) -> tuple[int, int]:
    conn = sqlite3.connect(data / "isecg.db")
    try:
        row = conn.execute(
            "SELECT SUM(status = 304), COUNT(*) FROM captures"
            " WHERE crawl_id = ? AND status IS NOT NULL",
            [crawl_id],
        ).fetchone()
    finally:
        conn.close()
    return int(row[0] or 0), int(row[1])


def scrapy_fetch(urls: list[str], concurrency: int) -> tuple[dict[str, float], float] | None:
    """Scrapy's whole command on the URL list: (its own span and count, wall seconds)."""
    if not SCRAPY.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        url_file, out = Path(tmp) / "urls.txt", Path(tmp) / "scrapy.json"
        url_file.write_text("\n".join(urls))
        command = [str(SCRAPY), "runspider", str(ROOT / "bench" / "scrapy_fetch.py")]
        command += ["-a", f"urls={url_file}", "-a", f"out={out}"]
        command += ["-s", f"CONCURRENT_REQUESTS={concurrency}"]
        command += ["-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}"]
        started = time.perf_counter()
        subprocess.run(command, cwd=tmp, check=True, capture_output=True)
        wall = time.perf_counter() - started
        return json.loads(out.read_text()), wall


def httpx_alone(urls: list[str], concurrency: int) -> float:
    """Seconds from the first request to the last response when httpx alone fetches the URL
    list, `concurrency` at a time, reading each body and doing nothing else with it: what this
    client and this server cost with nothing to discover, parse or archive."""

    async def fetch_all() -> float:
        left = list(reversed(urls))
        limits = httpx.Limits(max_connections=concurrency)
        async with httpx.AsyncClient(limits=limits, trust_env=False) as client:

            async def worker() -> None:
                while left:
                    async with client.stream("GET", left.pop()) as response:
                        async for _ in response.aiter_raw():
                            pass

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            return time.perf_counter() - started

    return asyncio.run(fetch_all())


def measure(latency: float = 0.05, concurrency: int = 4) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp, replica("--latency", str(latency)) as url:
        runs = [crawl_once(url, Path(tmp) / f"data{n}", concurrency) for n in range(ROUNDS)]
        first = min((own for own, _ in runs), key=lambda own: own["fetch"])
        wall = min(wall for _, wall in runs)
        data = Path(tmp) / "data0"
        urls = fetched_urls(data, 1)
        second, rewall = crawl_once(url, data, concurrency)
        unchanged, answered = answers_304(data, 2)
        scrapies = [run for _ in range(ROUNDS) if (run := scrapy_fetch(urls, concurrency))]
        scrapy = min(scrapies, key=lambda run: run[1], default=None)
        alone = min(httpx_alone(urls, concurrency) for _ in range(ROUNDS))
    requests = first["requests"]
    bound = requests * latency / concurrency
    where = (
        f"replica, {requests:.0f} requests at {latency * 1000:.0f} ms, concurrency {concurrency}"
    )
    figures = [
        Figure("crawl: fetch span / bound", first["fetch"] / bound, "x", 1.1, note=where),
        Figure(
            "crawl: httpx alone, same URLs: span / bound",
            alone / bound,
            "x",
            note="the client's and the server's own cost: nothing discovered, parsed or kept",
        ),
        Figure("crawl: whole command / bound", wall / bound, "x", 1.3, note=f"{wall:.2f} s"),
        Figure(
            "crawl: before the first request",
            first["setup"],
            "s",
            note="the client and the WARC file opened (the TLS roots load in a thread meanwhile)",
        ),
        Figure("crawl: extraction after the fetch", first["extract"], "s"),
        Figure("crawl: peak memory (replica)", first["peak_mb"], "MB"),
        Figure(
            "crawl: early reader's peak memory (replica)",
            first.get("reader_peak_mb", float("nan")),
            "MB",
            note="its own process, beside the crawl's",
        ),
    ]
    if scrapy is not None:
        (scrapy_own, scrapy_wall) = scrapy
        figures += [
            Figure(
                "crawl: whole command / Scrapy's",
                wall / scrapy_wall,
                "x",
                1.0,
                note=f"Scrapy {scrapy_wall:.2f} s for {scrapy_own['responses']:.0f} URLs",
            ),
            Figure(
                "crawl: fetch span / Scrapy's",
                first["fetch"] / scrapy_own["span"],
                "x",
                note=f"Scrapy's first request to last response {scrapy_own['span']:.2f} s",
            ),
        ]
    else:
        figures.append(
            Figure(
                "crawl: whole command / Scrapy's",
                float("nan"),
                "x",
                1.0,
                note="no .venv-bench: run `make bench-venv`",
            )
        )
    figures += [
        Figure(
            "re-crawl unchanged: 304 answers",
            100 * unchanged / max(answered, 1),
            "%",
            note=f"{unchanged} of {answered} answers",
        ),
        Figure(
            "re-crawl unchanged: bytes / first crawl's",
            second["bytes_downloaded"] / max(first["bytes_downloaded"], 1),
            "x",
            note=f"{second['bytes_downloaded']:,.0f} of {first['bytes_downloaded']:,.0f} bytes",
        ),
        Figure("re-crawl unchanged: whole command", rewall, "s"),
    ]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    for figure in measure(args.latency, args.concurrency):
        print(f"{figure.name:45} {fmt(figure.value, figure.unit):>12}  {figure.note}")


if __name__ == "__main__":
    main()
