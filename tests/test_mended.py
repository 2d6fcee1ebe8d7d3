"""A WARC record damaged on disk (a flipped byte, bit rot), that a later crawl fetched again
whole (scraper/archiving.py mends a copy it cannot read back): nothing the archive holds is
lost, so nothing stays blocked. helper-196: `verify` failed every night from then on, so
`snapshot` refused and the nightly workflow never uploaded again; `reparse` refused; and a
citation's link to the damaged capture answered 500."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from archive.db import open_db
from archive.snapshot import snapshot
from archive.verify import verify
from scraper.build import reparse
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import rows, run_crawl
from tests.serve_helpers import client_for


@pytest.mark.slow
def test_a_damaged_record_a_later_crawl_fetched_again_blocks_nothing(
    replica_factory: ReplicaFactory, tmp_path: Path
) -> None:
    server = replica_factory(small=True)
    data = tmp_path / "data"
    run_crawl(server, data)
    db = data / "isecg.db"
    ((capture_id, name, offset, length, url),) = rows(
        db,
        "SELECT id, warc_file, warc_offset, warc_length, url FROM captures"
        " WHERE kind = 'page' AND status = 200 ORDER BY warc_length DESC LIMIT 1",
    )
    path = data / "warc" / name
    raw = bytearray(path.read_bytes())
    raw[offset + length // 2] ^= 0x01  # inside its record: a byte rotted on disk
    path.write_bytes(bytes(raw))
    assert not verify(data).ok  # damaged, its bytes held nowhere else yet

    assert run_crawl(server, data).status == "done"  # asked again whole (its copy unreadable)
    ((mended_by,),) = rows(db, "SELECT id FROM captures WHERE url = ? AND crawl_id = 2", (url,))
    report = verify(data)
    assert report.ok, report.lines()
    assert [(p.capture_id, n) for p, n in report.mended] == [(capture_id, mended_by)]
    assert [p.file for p in report.damaged] == [name]

    archive = open_db(db)
    try:
        reparse(archive, data / "warc", workers=2)  # the damaged record read from its mend
    finally:
        archive.close()
    assert rows(db, "SELECT COUNT(*) FROM extraction_problems WHERE problem LIKE '%damaged%'") == [
        (0,)
    ]

    out = snapshot(data, tmp_path / "snapshot")
    manifest = json.loads((out / "manifest.json").read_text())
    assert list(manifest["damaged"]) == [f"warc/{name}"]
    # its replay index holds every record but the damaged one (warcio alone read on past the
    # flipped byte to the file's end: none after it was indexed)
    lines = (out / "replay" / "index.cdxj").read_text().splitlines()
    indexed = {
        (e["filename"], int(e["offset"])) for e in (json.loads(x.split(" ", 2)[2]) for x in lines)
    }
    responses = set(
        rows(
            db,
            "SELECT warc_file, warc_offset FROM captures"
            " WHERE revisit_of IS NULL AND warc_file IS NOT NULL",
        )
    )
    assert responses - indexed == {(name, offset)}
    # the WACZ leaves the damaged file out, and validates (helper-199: "CRC check failed")
    checked = subprocess.run(
        [sys.executable, "-m", "wacz", "validate", "-f", str(out / "isecg.wacz")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    with zipfile.ZipFile(out / "isecg.wacz") as wacz:
        assert f"archive/{name}" not in wacz.namelist()

    with client_for(data) as client:
        answer = client.get(f"/-/capture/{capture_id}")
        assert answer.status_code == 302
        assert answer.headers["location"].endswith(f"/-/capture/{mended_by}")
        assert client.get(answer.headers["location"]).status_code == 200
        cited = client.get(f"/-/capture/{capture_id}?raw=1")  # a citation's link, its bytes
        assert cited.headers["location"].endswith(f"/-/capture/{mended_by}?raw=1")
