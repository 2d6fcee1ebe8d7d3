"""The reading room on a snapshot unpacked read-only: every page answered 500 ("unable to
open database file": a WAL archive on a read-only file system has no -shm file to share),
though status, changes and cite read it (helper-191). Served as immutable now, as those
commands open it. The read-only file system is a bind mount in a mount namespace of its own
(`unshare -m`), on this machine only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from archive.db import open_db

pytestmark = pytest.mark.slow  # a mount namespace of its own

ROOT = Path(__file__).resolve().parents[1]
SERVE = """
import asyncio, sys
from pathlib import Path
from archive.serve import make_datasette
async def main():
    ds = make_datasette(Path(sys.argv[1]) / "isecg.db")
    for path in ("/isecg/crawls.json?_shape=array", "/isecg"):
        response = await ds.client.get(path)
        print(path, response.status_code, response.text[:200].replace("\\n", " "))
asyncio.run(main())
"""


def test_a_read_only_snapshot_is_served(tmp_path: Path) -> None:
    src, ro = tmp_path / "src", tmp_path / "ro"
    src.mkdir()
    ro.mkdir()
    db = open_db(src / "isecg.db")
    db.table("crawls").insert(
        {"id": 1, "site": "http://127.0.0.1:8080/", "started_at": "", "status": "done"}
    )
    db.close()
    assert not (src / "isecg.db-shm").exists()  # as a snapshot holds it: no WAL side files
    mount = f"mount --bind {src} {ro} && mount -o remount,bind,ro {ro}"
    run = f'{mount} && exec "{sys.executable}" -c "$0" {ro}'
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", run, SERVE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("/isecg/crawls.json?_shape=array 200 ") and "8080" in lines[0]
    assert lines[1].startswith("/isecg 200 ")
