"""The reading room at scale: `isecg serve` on a generated archive of N posts, p50 and p95 of
each page in bench/datasette_pages.json (the one list to edit), requested one after another.

The server is a real process on 127.0.0.1 (uvicorn, as people run it); each page is asked for
a few times first (Datasette's caches warm, as they would be), then ROUNDS times, timed from
request to the last byte. Printed, never asserted.

    python -m bench.datasette_bench [--posts 100000] [--rounds 20]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from datasette.utils import tilde_encode

from bench.archive_db import build
from bench.common import ROOT, Figure, fmt

PAGES = ROOT / "bench" / "datasette_pages.json"
TARGET_MS = 50
WARM = 3


def pages(posts: int) -> dict[str, str]:
    listed: dict[str, str] = json.loads(PAGES.read_text())
    record = tilde_encode(f"wp:{posts // 2}")  # as Datasette writes a key in a URL
    return {name: path.format(record=record) for name, path in listed.items() if name[0] != "_"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise RuntimeError("isecg serve stopped before answering")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("isecg serve did not answer in 30 s")


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[int, int]:
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    return response.status, len(body)


def cpu_seconds(pid: int) -> float | None:
    """The CPU time (user and system) a process has used so far; None off Linux."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_pages(
    port: int, paths: dict[str, str], rounds: int, pid: int
) -> dict[str, tuple[list[float], float | None]]:
    """Each page's sorted times (ms) and the server's CPU time a request (ms): wall time grows
    with the machine's load, CPU time much less, so the two together tell what is ours."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    timings: dict[str, tuple[list[float], float | None]] = {}
    try:
        for name, path in paths.items():
            for _ in range(WARM):
                status, _size = _get(conn, path)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}")
            samples = []
            cpu_before = cpu_seconds(pid)
            for _ in range(rounds):
                started = time.perf_counter()
                _get(conn, path)
                samples.append(1000 * (time.perf_counter() - started))
            cpu_after = cpu_seconds(pid)
            cpu = None
            if cpu_before is not None and cpu_after is not None:
                cpu = 1000 * (cpu_after - cpu_before) / rounds
            timings[name] = (sorted(samples), cpu)
    finally:
        conn.close()
    return timings


def percentile(samples: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted samples."""
    rank = max(1, round(share * len(samples)))
    return samples[min(rank, len(samples)) - 1]


def measure(posts: int = 100_000, rounds: int = 20) -> list[Figure]:
    db_path = build(posts)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        # A copy: Datasette opens it mutable (WAL), and the cached one must stay as built.
        (data / "isecg.db").write_bytes(db_path.read_bytes())
        port = _free_port()
        isecg = Path(sys.executable).parent / "isecg"  # the command people run
        command = [str(isecg), "serve", "--data", str(data), "--port", str(port)]
        # This checkout's code, whichever checkout the command was installed from.
        environment = {**os.environ, "PYTHONPATH": str(ROOT)}
        server = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL)
        try:
            _wait_until_up(port, server)
            timings = time_pages(port, pages(posts), rounds, server.pid)
        finally:
            server.terminate()
            server.wait()
    figures = []
    for name, (samples, cpu) in timings.items():
        p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
        used = f", server CPU {cpu:.0f} ms a request" if cpu is not None else ""
        note = f"p50 {p50:.0f} ms{used}, {posts:,} posts"
        figures.append(Figure(f"datasette p95: {name}", p95, "ms", TARGET_MS, note=note))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    for figure in measure(args.posts, args.rounds):
        print(f"{figure.name:45} {fmt(figure.value, figure.unit):>12}  {figure.note}")


if __name__ == "__main__":
    main()
