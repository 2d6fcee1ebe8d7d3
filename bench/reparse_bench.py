"""Extraction speed: `isecg reparse` of a crawled replica beside a bare selectolax parse.

The replica is crawled once (its own process, no latency), then the archive is rebuilt from
its WARC files and the same pages are parsed by selectolax alone, doing nothing else. The
ratio says what extraction costs over parsing. Printed, never asserted.

    python -m bench.reparse_bench [--theme normal|random:SEED] [--rest on|off-404]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from archive.db import open_db
from archive.warc import decoded_payload, read_record
from scraper.build import reparse
from scraper.crawl import crawl
from scraper.settings import Settings

ROUNDS = 3  # the bare reading is fast: the best of a few rounds


def bare_parse(data: Path) -> tuple[int, float]:
    """Every answer the crawl archived read back from its WARC file, decoded, and parsed by
    selectolax when it is HTML: the same pages reparse reads, doing nothing else with them.
    Returns (pages, seconds)."""
    db = open_db(data / "isecg.db")
    try:
        rows = db.execute(
            "SELECT COALESCE(o.warc_file, c.warc_file), COALESCE(o.warc_offset, c.warc_offset),"
            " c.content_type FROM captures c LEFT JOIN captures o ON o.id = c.revisit_of"
            " WHERE c.status = 200"
        ).fetchall()
    finally:
        db.close()
    started = time.perf_counter()
    for warc_file, offset, content_type in rows:
        _, _, headers, payload = read_record(data / "warc", warc_file, offset)
        body = decoded_payload(headers, payload)
        if "html" in (content_type or ""):
            LexborHTMLParser(body)
    return len(rows), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--theme", default="normal")
    parser.add_argument("--rest", default="on")
    args = parser.parse_args()
    command = [sys.executable, "-m", "tests.fixtures.site", "--port", "0"]
    command += ["--theme", args.theme, "--rest", args.rest]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    url = server.stdout.readline().strip()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        try:
            settings = Settings(site=url + "/", data_dir=data, delay=0, progress=False)
            crawl(settings.but(concurrency=4))
        finally:
            server.terminate()
            server.wait()
        db = open_db(data / "isecg.db")
        try:
            captures = db.execute("SELECT COUNT(*) FROM captures WHERE status = 200").fetchone()[0]
            started = time.perf_counter()
            reparse(db, data / "warc")
            rebuild = time.perf_counter() - started
        finally:
            db.close()
        pages, best = min((bare_parse(data) for _ in range(ROUNDS)), key=lambda r: r[1])
    reparse_rate = captures / rebuild
    parse_rate = pages / best
    print(
        f"reparse ({args.theme}, REST {args.rest}): {captures} captures in {rebuild:.2f} s,"
        f" {reparse_rate:,.0f} pages/s"
    )
    print(
        f"bare read + selectolax parse of the same pages: {pages} in {best * 1000:.0f} ms,"
        f" {parse_rate:,.0f} pages/s"
    )
    print(f"reparse / bare parse: 1/{parse_rate / reparse_rate:.0f}")


if __name__ == "__main__":
    main()
