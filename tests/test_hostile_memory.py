"""Peak memory of a crawl stays under 200 MB whatever the server sends: pages at the size cap,
a gzip bomb, an endless body, documents near their cap, a REST collection claiming a million
pages, a page of 2,000 links. The crawl runs in its own process, which reports its own peak
resident size: a measure of memory, not of time. The peak is VmHWM, the high-water mark of the
process's own memory map: ru_maxrss would carry over the parent's peak, which this test's
300 MB bomb raises, across the exec of the child. The crawl stops at 400 requests: the hostile
answers come first (the home page links them), the 2,000 links are all found and queued, and
a few hundred of them fetched are as many as thousands for the peak (small pages, one at a
time per worker). With early reading off the build reads every page in this one process;
with it on (the default), the crawl's early reader reads most of them in a process of its
own, whose peak is read before it stops, and the two are bounded together."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.hostile import Answer, page, serve

LIMIT_MB = 200  # each process; one, with early reading off
# The crawl and its early reader together. Measured at 127 to 137 MB in one process with early
# reading off; 126 to 136 MB and 94 MB with it (the reader parses pages of up to 2 MB and the
# 45 MB documents while the crawl holds its own 10 MB buffers). Whether 200 MB should bound the
# two together is open.
TWO_PROCESSES_MB = 250

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from scraper.crawl import crawl
    from scraper.early import EarlyReader
    from scraper.settings import Settings

    def peak_mb(pid):
        with open(f"/proc/{pid}/status") as status:
            hwm = next(line for line in status if line.startswith("VmHWM:"))
        return int(hwm.split()[1]) // 1024

    worker = [0]  # the early reader's peak, which it reads as its worker stops
    close = EarlyReader.close

    def closing(reader, failed=False):
        close(reader, failed)
        worker[0] = int(reader.peak_mb or 0)

    EarlyReader.close = closing
    result = crawl(Settings(site=sys.argv[1], data_dir=Path(sys.argv[2]), delay=0,
                            progress=False, backoff_base=0.01, max_attempts=1, max_pages=400,
                            read_early=sys.argv[3] == "on"))
    print(result.counts["requests"], peak_mb("self"), worker[0])
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("read_early", ["on", "off"])
def test_peak_memory_of_a_hostile_crawl(tmp_path: Path, read_early: str) -> None:
    big_page = b"<html><body><p>" + b"space " * (1_700_000) + b"</p></body></html>"  # ~10 MB
    bomb = gzip.compress(b"\0" * (300 << 20), compresslevel=1)
    document = b"%PDF-1.4\n" + b"0" * (45 << 20)
    links = [f"/l{i}" for i in range(2_000)]
    rest = json.dumps([{"id": i, "link": f"/?p={i}"} for i in range(100)]).encode()

    def route(target: str) -> Answer | bytes | None:
        if target == "/robots.txt":
            return Answer(body=b"User-agent: *\nDisallow:\n", content_type="text/plain")
        if target == "/":
            return page(
                "/many",
                "/bomb",
                "/endless",
                *(f"/big{i}" for i in range(4)),
                *(f"/doc{i}.pdf" for i in range(4)),
            )
        if target == "/many":
            return page(*links)
        if target == "/bomb":
            return Answer(body=bomb, headers=[("Content-Encoding", "gzip")])
        if target == "/endless":
            return Answer(body=b"<html>", endless=b"x" * 65536, length=False)
        if target.startswith("/big"):
            return Answer(body=big_page)
        if target.startswith("/doc"):
            return Answer(body=document, content_type="application/pdf")
        if "rest_route" in target:
            headers = [("X-WP-TotalPages", "1000000"), ("X-WP-Total", "100000000")]
            return Answer(body=rest, content_type="application/json", headers=headers)
        return page()

    with serve(route) as server:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, server.url + "/", str(tmp_path), read_early],
            capture_output=True,
            text=True,
            timeout=600,
        )
        # Every hostile answer was asked for within the 400 requests.
        assert [server.count(p) for p in ("/bomb", "/endless", "/big", "/doc")] == [1, 1, 4, 4]
    assert done.returncode == 0, done.stderr[-2000:]
    requests, peak_mb, worker_mb = map(int, done.stdout.split()[-3:])
    assert requests > 100
    print(f"peak resident memory: crawl {peak_mb} MB, early reader {worker_mb} MB ({requests})")
    assert (worker_mb > 0) == (read_early == "on")
    assert peak_mb < LIMIT_MB and worker_mb < LIMIT_MB, f"peaks {peak_mb} and {worker_mb} MB"
    assert peak_mb + worker_mb < TWO_PROCESSES_MB, f"peaks {peak_mb} + {worker_mb} MB"
