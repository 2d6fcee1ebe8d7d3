"""What the benchmarks share: a figure beside its target, the replica in its own process, and a
child process's own peak memory and CPU time.

Printed and written as JSON, never asserted: timings belong in `make bench`, not in tests.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Figure:
    """One measured figure. `target` is the bound it must stay within (`<=`) or reach (`>=`);
    None for a figure shown for context only."""

    name: str
    value: float
    unit: str
    target: float | None = None
    op: str = "<="  # "<=" or ">="
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value != self.value:  # NaN: not measured
            return None
        return self.value <= self.target if self.op == "<=" else self.value >= self.target

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "met": self.met}


def fmt(value: float, unit: str) -> str:
    if value != value:
        return "n/a"
    if unit == "x":
        return f"{value:.2f}x"
    if unit in ("pages/s", "MB", "rows", "requests", "bytes"):
        return f"{value:,.0f} {unit}"
    if unit == "%":
        return f"{value:.0f}%"
    if value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:.1f} {unit}" if value >= 10 else f"{value:.2f} {unit}"


@contextmanager
def replica(*args: str) -> Iterator[str]:
    """The replica site in its own process (as the real site would be: its threads must not
    compete with the crawler for this interpreter's lock). Yields its base URL."""
    command = [sys.executable, "-m", "tests.fixtures.site", "--port", "0", *args]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert server.stdout is not None
    try:
        url = server.stdout.readline().strip()
        if not url:
            raise RuntimeError(f"the replica did not start: {' '.join(command)}")
        yield url
    finally:
        server.terminate()
        server.wait()


def run_child(module: str, *args: str) -> tuple[dict[str, float], float]:
    """Run `python -m module RESULT_FILE args...` and return (what it wrote, wall seconds):
    the wall time of the whole process, interpreter start-up and imports included."""
    result = Path(os.environ.get("TMPDIR", "/tmp")) / f"isecg-bench-{os.getpid()}.json"
    result.unlink(missing_ok=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", module, str(result), *args], cwd=ROOT, capture_output=True
    )
    wall = time.perf_counter() - started
    if not result.exists():
        raise RuntimeError(f"{module} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    figures: dict[str, float] = json.loads(result.read_text())
    result.unlink()
    return figures, wall


def own_usage() -> dict[str, float]:
    """This process's peak resident memory (VmHWM: its own, not its parent's, unlike
    ru_maxrss across an exec) and CPU seconds so far, its finished child processes' CPU
    included (the crawl's early reader)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime
    return {"peak_mb": peak_mb(), "cpu": cpu}


def peak_mb() -> float:
    """This process's own peak resident memory (VmHWM), in MB."""
    return status_kb("self", "VmHWM:") / 1024 or float("nan")


def status_kb(pid: str, field: str) -> int:
    """A size from a process's /proc status (VmRSS:, VmHWM:), in kB; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def machine() -> dict[str, object]:
    """Where the figures were measured: to compare runs of one machine, not across machines."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "commit": commit + ("+changes" if dirty else ""),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load_average_at_start": os.getloadavg()[0],
    }
