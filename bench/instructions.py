"""Extraction's work counted, not timed: the instructions (valgrind's callgrind) that one
reparse worker spends reading a crawled replica's pages from cold, as a reparse's forked
workers do (everything imported and `extract.warm_up` run, no page read yet); beside it,
the bare work `make bench`'s reparse ratio is measured against, counted the same way: the
same pages read back from their WARC records and decoded, and parsed by selectolax alone.

Timings on a shared machine move by a fifth from one run to the next; this count moves by
well under a percent, so two trees' extractors can be compared side by side (`--tree`: another
checkout's code reads the same pages, a `git worktree` of an earlier commit, say):

    python -m bench.instructions [--theme normal|random:SEED] [--rest on|off-404] [--tree DIR]

Documents are left out (a reparse takes their text from the archive). Needs valgrind
(Debian's package); about a minute a design. Not part of `make bench`: a developer's measure.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # (bench.common's: not imported by the child)


PARTS = ("extraction", "read", "parse")  # what each forked child does, in the order forked


def count(theme: str, rest: str, tree: Path = ROOT) -> dict[str, int]:
    """Instructions of one cold reading of the replica's pages, crawled with `theme`, `rest`,
    by the code of the checkout at `tree` (`extraction`), and of the bare work beside it: the
    same pages read back from the WARC files (`read`) and parsed alone (`parse`)."""
    from bench.common import replica
    from scraper.crawl import crawl
    from scraper.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        with replica("--theme", theme, "--rest", rest) as url:
            crawl(
                Settings(site=url + "/", data_dir=data, delay=0, progress=False).but(concurrency=4)
            )
        command = [
            *("valgrind", "--tool=callgrind", f"--callgrind-out-file={data}/cg.%p.out"),
            *(sys.executable, __file__, "--child", str(data), "--tree", str(tree.resolve())),
        ]
        # one hash seed: the same sets and dicts, the same count
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    # "Collected : n" as each process ends: the children one after another (each is waited
    # for), in the order they were forked, then the parent
    totals = [int(n.replace(",", "")) for n in re.findall(r"Collected : ([\d,]+)", done.stderr)]
    if done.returncode or len(totals) != 1 + len(PARTS):
        raise RuntimeError(f"valgrind failed ({done.returncode}): {done.stderr[-2000:]}")
    # A child's count includes its parent's up to the fork, and the parent does nothing after
    # the first fork but wait and fork again: what a child counted over the parent's is its own.
    *children, parent = totals
    return {part: total - parent for part, total in zip(PARTS, children, strict=True)}


def child(data: Path, tree: Path) -> None:
    """Under valgrind: the pages read back, then read once by a forked process, as a worker,
    all by `tree`'s code (run as a script: nothing of this checkout's is imported before);
    then, each in a process of its own forked from the same state, the pages read back from
    the WARC files again, and parsed by selectolax alone."""
    sys.path.insert(0, str(tree))
    from selectolax.lexbor import LexborHTMLParser

    from archive import captures
    from archive.db import open_db
    from scraper import extract
    from scraper.harvest import Harvest, finish, note, read_alone
    from scraper.workers import read

    db = open_db(data / "isecg.db")
    crawl_id, site = captures.finished_crawls(db)[0]
    readable = [c for c in captures.readable(db, crawl_id) if c.kind != "document"]
    pages = [read(data / "warc", capture, site) for capture in readable]
    extract.warm_up()

    def extraction() -> None:
        found = Harvest()
        for page in pages:
            note(found, read_alone(page, site, {}, found.covered))
        finish(found)

    def read_back() -> None:
        for capture in readable:
            read(data / "warc", capture, site)

    def parse() -> None:
        for page in pages:
            if "html" in page.content_type.lower():
                LexborHTMLParser(page.body)

    parts = {"extraction": extraction, "read": read_back, "parse": parse}
    for name in PARTS:
        pid = os.fork()
        if pid == 0:
            parts[name]()
            os._exit(0)
        os.waitpid(pid, 0)
    os._exit(0)  # nothing more counted in the parent: the children's counts are over its own


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--theme", default="normal")
    parser.add_argument("--rest", default="on")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose code reads")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.tree)
        return
    counts = count(args.theme, args.rest, args.tree)
    bare = counts["read"] + counts["parse"]
    print(f"{args.theme} design, REST {args.rest}, {args.tree}:")
    print(f"  extraction            {counts['extraction']:>15,} instructions")
    print(f"  bare read + parse     {bare:>15,} instructions (parse {counts['parse']:,})")
    print(f"  extraction / bare     {counts['extraction'] / bare:>15.2f}x")


if __name__ == "__main__":
    main()
