"""Extraction speed: `isecg reparse` of a crawled replica beside a bare selectolax parse.

The replica is crawled once (its own process, no latency), then the archive is rebuilt from
its WARC files and the same pages are parsed by selectolax alone, doing nothing else. The
ratio says what extraction costs over parsing (target: at least a third). A reparse takes each
PDF's text from the archive where today's reader read the same bytes (archive/earlier_reads.py);
beside it, for context, a reparse by a new reader, which reads every PDF again with pypdf, and
the same captures read by the libraries alone (the parse plus pypdf's text of each PDF), which
says what of the gap is the extractors' own. Printed, never asserted.

    python -m bench.reparse_bench [--theme normal|random:SEED] [--rest on|off-404]
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from archive import documents
from archive.db import open_db
from archive.decode import decoded_payload
from archive.warc_read import read_record
from bench.common import Figure, fmt, replica
from scraper.build import reparse
from scraper.crawl import crawl
from scraper.settings import Settings
from scraper.workers import worker_count

ROUNDS = 3  # the best of a few rounds of each (the first reparse also warms caches)


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


def libraries_alone(data: Path) -> float:
    """Seconds for the bare parse plus each PDF's text read by pypdf, page by page: the work
    of the libraries a reparse calls, which any reader of these captures must pay, with none
    of the extractors' own."""
    import pypdf

    db = open_db(data / "isecg.db")
    try:
        pdfs = db.execute(
            "SELECT COALESCE(o.warc_file, c.warc_file), COALESCE(o.warc_offset, c.warc_offset)"
            " FROM captures c LEFT JOIN captures o ON o.id = c.revisit_of"
            " WHERE c.status = 200 AND c.kind = 'document'"
        ).fetchall()
    finally:
        db.close()
    _, parse = bare_parse(data)
    started = time.perf_counter()
    for warc_file, offset in pdfs:
        _, _, headers, payload = read_record(data / "warc", warc_file, offset)
        try:
            for page in pypdf.PdfReader(io.BytesIO(decoded_payload(headers, payload))).pages:
                page.extract_text()
        except Exception:  # a damaged file costs what it cost; reparse records it the same
            continue
    return parse + time.perf_counter() - started


@contextmanager
def patched(module: object, name: str, value: object) -> Iterator[None]:
    real = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, real)


TARGET = 1 / 3  # reparse at a third of a bare parse's rate, or better


def measure(theme: str = "normal", rest: str = "on") -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        with replica("--theme", theme, "--rest", rest) as url:
            settings = Settings(site=url + "/", data_dir=data, delay=0, progress=False)
            crawl(settings.but(concurrency=4))
        db = open_db(data / "isecg.db")
        try:
            captures = db.execute("SELECT COUNT(*) FROM captures WHERE status = 200").fetchone()[0]
            # Each round times a reparse and, right after, what it is compared with: both sides
            # of a ratio in the same stretch of the machine's speed, which wanders by half
            # within minutes (a bare parse at 2,040 pages/s in one run, 4,135 in another).
            rebuilds, rereads, bare, libraries = [], [], [], []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                reparse(db, data / "warc")
                rebuilds.append(time.perf_counter() - started)
                bare.append(bare_parse(data))
            # After those: a new reader's reads replace today's, which a reparse then makes again
            for n in range(ROUNDS):  # a reader of its own each time: no read of it to take
                with patched(documents, "reader", lambda name=f"bench reader {n}": name):
                    started = time.perf_counter()
                    reparse(db, data / "warc")
                    rereads.append(time.perf_counter() - started)
                libraries.append(libraries_alone(data))
        finally:
            db.close()
        pages, best = min(bare, key=lambda r: r[1])
    reparse_rate = captures / min(rebuilds)
    parse_rate = pages / best
    where = f"{theme} design, REST {rest}"
    return [
        Figure(
            f"reparse / bare parse ({where})",
            reparse_rate / parse_rate,
            "x",
            TARGET,
            ">=",
            f"reparse {reparse_rate:,.0f} pages/s ({worker_count()} workers), bare read + parse"
            f" {parse_rate:,.0f} pages/s in one process ({captures} captures)",
        ),
        Figure(
            f"reparse by a new reader / bare parse ({where})",
            captures / min(rereads) / parse_rate,
            "x",
            note=f"every PDF read again: {captures / min(rereads):,.0f} pages/s",
        ),
        Figure(
            f"reparse by a new reader / its libraries alone ({where})",
            min(libraries) / min(rereads),  # the two rates' ratio: same captures, both
            "x",
            note=f"bare parse + pypdf's text of every PDF, in one process:"
            f" {captures / min(libraries):,.0f} pages/s",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--theme", default="normal")
    parser.add_argument("--rest", default="on")
    args = parser.parse_args()
    for figure in measure(args.theme, args.rest):
        print(f"{figure.name:45} {fmt(figure.value, figure.unit):>12}  {figure.note}")


if __name__ == "__main__":
    main()
