"""`isecg reparse --if-stale`, which the nightly set-ups run before each crawl: after an
upgrade of the extractor `isecg status` failed every night until someone reparsed by hand
(helper-201); on other nights it does nothing, in a moment."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scraper.extract.types import EXTRACTOR_VERSION
from tests.crawl_helpers import Crawled, isecg


def builds(data: Path) -> int:
    with sqlite3.connect(data / "isecg.db") as conn:
        return int(conn.execute("SELECT COUNT(*) FROM builds").fetchone()[0])


def test_it_reads_the_records_again_only_where_an_older_extractor_made_them(
    base_crawl: Crawled, tmp_path: Path
) -> None:
    data = base_crawl.copy(tmp_path / "data")
    before = builds(data)
    fresh = isecg("reparse", "--if-stale", "--data", str(data))
    assert fresh.returncode == 0, fresh.stderr
    assert fresh.stdout.strip() == (
        f"every record was made by extractor {EXTRACTOR_VERSION}: no reparse"
    )
    assert builds(data) == before  # nothing rebuilt
    with sqlite3.connect(data / "isecg.db") as conn:  # as an upgrade finds them
        conn.execute("UPDATE news SET extractor_version = '1' WHERE rowid IN (1, 2)")
    said = isecg("status", "--data", str(data), "--max-age", "100000")
    assert said.returncode == 1 and "2 records were made by an older extractor" in said.stderr
    stale = isecg("reparse", "--if-stale", "--data", str(data))
    assert stale.returncode == 0 and stale.stdout.startswith("crawl 1: "), stale.stderr
    with sqlite3.connect(data / "isecg.db") as conn:
        versions = {v for (v,) in conn.execute("SELECT DISTINCT extractor_version FROM news")}
    assert versions == {EXTRACTOR_VERSION}
    assert isecg("status", "--data", str(data), "--max-age", "100000").returncode == 0
