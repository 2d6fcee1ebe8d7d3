"""Every benchmark in one run: each figure beside its target and whether it is met, and the
results as JSON (with the machine and the commit) to compare a later run with.

    python -m bench.run [--out bench/results/latest.json] [--compare OLD.json]
                        [--only crawl,reparse,growth,datasette] [--small 2000] [--large 20000]
                        [--posts 100000]

Figures are ratios where a ratio is the target (crawl over its latency bound, over Scrapy;
reparse over a bare parse; 20k over 2k), milliseconds where the target is a time (Datasette's
p95). Timings vary with the machine and its load: compare runs of one machine. Never asserted:
speed belongs here, not in tests.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from bench import crawl_bench, datasette_bench, growth_bench, reparse_bench
from bench.common import ROOT, Figure, fmt, machine

PARTS: dict[str, Callable[[argparse.Namespace], list[Figure]]] = {
    "crawl": lambda a: crawl_bench.measure(latency=0.05, concurrency=4),
    "reparse": lambda a: (
        reparse_bench.measure("normal", "on")
        + reparse_bench.measure("random:3", "on")
        + reparse_bench.measure("random:3", "off-404")
    ),
    "growth": lambda a: growth_bench.measure(a.small, a.large),
    "datasette": lambda a: datasette_bench.measure(a.posts),
}


def table(figures: list[Figure], previous: dict[str, float]) -> str:
    """The results as a Markdown table (the README's and docs/replica.md's come from it)."""
    head = "| figure | measured | target | met |"
    rule = "|---|---:|---:|:---:|"
    if previous:
        head, rule = head + " before | change |", rule + "---:|---:|"
    lines = [head, rule]
    for f in figures:
        target = f"{f.op} {fmt(f.target, f.unit)}" if f.target is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[f.met]
        line = f"| {f.name} | {fmt(f.value, f.unit)} | {target} | {met} |"
        if previous:
            old = previous.get(f.name)
            change = f"{f.value / old:.2f}x" if old else ""
            line += f" {fmt(old, f.unit) if old is not None else ''} | {change} |"
        lines.append(line)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    parser.add_argument("--compare", type=Path, help="an earlier run's JSON")
    parser.add_argument("--only", default=",".join(PARTS), help="comma-separated parts")
    parser.add_argument("--small", type=int, default=2000, help="posts of the small site")
    parser.add_argument("--large", type=int, default=20000, help="posts of the large site")
    parser.add_argument("--posts", type=int, default=100_000, help="posts for Datasette")
    args = parser.parse_args()
    where = machine()
    figures: list[Figure] = []
    for name in args.only.split(","):
        print(f"-- {name} ...", flush=True)
        part = PARTS[name.strip()](args)
        for figure in part:
            print(f"   {figure.name:45} {fmt(figure.value, figure.unit):>12}  {figure.note}")
        figures += part
    previous: dict[str, float] = {}
    if args.compare:
        old = json.loads(args.compare.read_text())
        previous = {f["name"]: f["value"] for f in old["figures"]}
        print(f"\ncompared with {args.compare} (commit {old['machine']['commit']})")
    print()
    print(
        f"commit {where['commit']}, {where['cpus']} CPUs ({where['cpu_model']}), Python"
        f" {where['python']}, load {where['load_average_at_start']:.1f} at start"
    )
    print(table(figures, previous))
    missed = [f.name for f in figures if f.met is False]
    print(
        f"\n{len(figures)} figures; targets met: {sum(f.met is True for f in figures)},"
        f" missed: {len(missed)}"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"machine": where, "figures": [f.as_dict() for f in figures]}, indent=1) + "\n"
    )
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
