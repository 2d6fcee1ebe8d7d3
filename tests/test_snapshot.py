"""`snapshot`: a citable bundle whose manifest matches its files and whose WACZ validates."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from archive.replay import REPLAY_WARC
from archive.snapshot import MANIFEST, SUMS, WACZ, SnapshotError, snapshot
from archive.verify import verify
from archive.viewer import VIEWER_FILES
from tests.crawl_helpers import Crawled, rows, run_crawl
from tests.fixtures.site.server import ReplicaConfig, ReplicaServer


@pytest.fixture(scope="module")
def crawled(later_recrawl: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The replica crawled, then its later state: two crawls, revisits, history (a copy of the
    session's, with a line added to a crawl log)."""
    data = later_recrawl.copy(tmp_path_factory.mktemp("snapshot") / "data")
    (data / "logs").mkdir(exist_ok=True)  # crawls write their logs there
    with (data / "logs" / "crawl-1.log").open("a") as log:
        log.write("a crawl's log line\n")
    return data


@pytest.fixture(scope="module")
def bundle(crawled: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return snapshot(crawled, tmp_path_factory.mktemp("out") / "bundle")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(bundle: Path) -> dict:
    return json.loads((bundle / MANIFEST).read_text())


def test_the_bundle_holds_the_database_the_warc_files_the_wacz_and_the_logs(
    crawled: Path, bundle: Path
):
    names = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    warcs = {f"warc/{p.name}" for p in (crawled / "warc").glob("*.warc.gz")}
    logs = {f"logs/{p.name}" for p in (crawled / "logs").glob("*.log")}
    assert "logs/crawl-1.log" in logs
    replay = {"config.yaml", "replay/index.cdxj", f"replay/{REPLAY_WARC}"}
    replay |= {f"viewer/{name}" for name in VIEWER_FILES}  # ReplayWeb.page
    assert names == {"isecg.db", WACZ, MANIFEST, SUMS, *logs, *warcs, *replay}
    for name in warcs | logs:  # whole files, byte for byte
        assert sha256(bundle / name) == sha256(crawled / name)


def test_the_manifest_hashes_and_sizes_match_the_files(bundle: Path):
    files = manifest(bundle)["files"]
    assert {f["path"] for f in files} == {
        p.relative_to(bundle).as_posix()
        for p in bundle.rglob("*")
        if p.is_file() and p.name not in (MANIFEST, SUMS)
    }
    for entry in files:
        path = bundle / entry["path"]
        assert (path.stat().st_size, sha256(path)) == (entry["bytes"], entry["sha256"])


def test_sha256sums_checks_every_file_including_the_manifest(bundle: Path):
    lines = (bundle / SUMS).read_text().splitlines()
    checked = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        checked[name] = digest
    assert checked[MANIFEST] == sha256(bundle / MANIFEST)
    assert all(sha256(bundle / name) == digest for name, digest in checked.items())
    assert len(checked) == len(manifest(bundle)["files"]) + 1


def test_the_manifest_says_what_the_archive_is(crawled: Path, bundle: Path):
    facts = manifest(bundle)
    crawls = rows(crawled / "isecg.db", "SELECT id, started_at, finished_at, status FROM crawls")
    assert [(c["id"], c["started_at"], c["finished_at"], c["status"]) for c in facts["crawls"]] == [
        tuple(c) for c in crawls
    ]
    assert facts["site"].startswith("http://127.0.0.1:")
    assert facts["software"]["isecg-archive"] and facts["software"]["wacz"]
    assert facts["records"]["members"] == 28 and facts["records"]["news_removed"] == 1
    assert facts["title"] in facts["cite_as"]
    assert facts["torn_tails"] == {}  # every WARC file copied whole


def test_the_database_copy_is_one_consistent_file(crawled: Path, bundle: Path):
    assert not (bundle / "isecg.db-wal").exists()
    with sqlite3.connect(bundle / "isecg.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        copied = conn.execute("SELECT COUNT(*) FROM captures").fetchone()
    assert copied == rows(crawled / "isecg.db", "SELECT COUNT(*) FROM captures")[0]


def test_the_bundle_is_itself_an_archive_that_verifies(bundle: Path):
    report = verify(bundle)
    assert report.ok and report.captures > 0, report.lines()


def test_the_wacz_validates_with_py_wacz(bundle: Path):
    # py-wacz's own `validate` command. In a subprocess: its validator leaves files open
    # (ResourceWarning), which this suite turns into errors.
    result = subprocess.run(
        [sys.executable, "-m", "wacz", "validate", "-f", str(bundle / WACZ)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the passed WACZ is valid" in result.stdout


def test_the_wacz_holds_the_warc_files_an_index_and_the_pages(crawled: Path, bundle: Path):
    with zipfile.ZipFile(bundle / WACZ) as wacz:
        names = set(wacz.namelist())
        package = json.loads(wacz.read("datapackage.json"))
        pages = [json.loads(line) for line in wacz.read("pages/pages.jsonl").splitlines()]
        stored = {i.filename for i in wacz.infolist() if i.compress_type == zipfile.ZIP_STORED}
    warcs = {f"archive/{p.name}" for p in (crawled / "warc").glob("*.warc.gz")}
    assert warcs <= names and warcs <= stored  # WARCs stored, not deflated: seekable for replay
    assert {"indexes/index.cdx", f"archive/{REPLAY_WARC}"} <= names
    assert "indexes/index.cdx" in stored
    assert package["mainPageURL"] == manifest(bundle)["site"]
    # its span ends when the last crawl did, not when it began (helper-207)
    ((first, last),) = rows(
        crawled / "isecg.db", "SELECT min(started_at), max(finished_at) FROM crawls"
    )
    assert f", {first} to {last}." in package["description"]
    urls = {page.get("url") for page in pages[1:]}
    assert manifest(bundle)["site"] in urls and len(urls) > 60


def test_a_record_being_written_is_left_out_of_the_copy(crawled: Path, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(crawled, data)
    last = sorted((data / "warc").glob("*.warc.gz"))[-1]
    whole = last.read_bytes()
    last.write_bytes(whole + whole[:300])  # a crawl is halfway through its next record
    out = snapshot(data, tmp_path / "out", make_wacz=False)
    assert (out / "warc" / last.name).read_bytes() == whole
    assert verify(out).ok
    # and the manifest says what was left out: the copy is not the file byte for byte
    assert manifest(out)["torn_tails"] == {f"warc/{last.name}": 300}


def test_an_output_directory_that_is_not_empty_is_refused(crawled: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(SnapshotError, match="already exists and is not empty"):
        snapshot(crawled, out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no partial bundle left behind


def test_an_empty_output_directory_is_used(crawled: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    assert (snapshot(crawled, out, make_wacz=False) / MANIFEST).is_file()


def test_an_output_directory_inside_the_data_directory_is_refused(crawled: Path):
    with pytest.raises(SnapshotError, match="inside the data directory"):
        snapshot(crawled, crawled / "snap")


def test_no_archive_is_a_clear_error(tmp_path: Path):
    with pytest.raises(SnapshotError, match="no archive at"):
        snapshot(tmp_path / "nothing", tmp_path / "out")


@pytest.mark.slow
def test_a_snapshot_taken_while_a_crawl_writes_is_consistent(tmp_path: Path):
    data = tmp_path / "data"
    outcome: list[object] = []

    def crawl(server: ReplicaServer) -> None:
        try:
            outcome.append(run_crawl(server, data).status)
        except BaseException as error:  # reported by the test, not lost in the thread
            outcome.append(error)

    with ReplicaServer(ReplicaConfig(latency=0.02)) as server:
        crawling = threading.Thread(target=crawl, args=(server,))
        crawling.start()
        try:
            deadline = time.monotonic() + 20
            while rows_if_any(data, "SELECT COUNT(*) >= 20 FROM captures") != [(1,)]:
                assert crawling.is_alive() and time.monotonic() < deadline, outcome
                time.sleep(0.02)
            out = snapshot(data, tmp_path / "out")
        finally:
            crawling.join()
    assert outcome == ["done"]
    facts = manifest(out)
    assert [c["status"] for c in facts["crawls"]] == ["running"]  # taken mid-crawl
    report = verify(out)
    assert report.ok and report.captures >= 10, report.lines()


def rows_if_any(data: Path, sql: str) -> list[tuple]:
    try:
        return rows(data / "isecg.db", sql) if (data / "isecg.db").exists() else []
    except sqlite3.OperationalError:  # the crawl has not made its tables yet
        return []


def test_a_damaged_warc_file_stops_the_snapshot(crawled: Path, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(crawled, data)
    first = sorted((data / "warc").glob("*.warc.gz"))[0]
    raw = bytearray(first.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    first.write_bytes(bytes(raw))
    # the damaged record is indexed and held nowhere else: no snapshot
    with pytest.raises(SnapshotError, match=f"does not verify.*mismatch: {first.name} at offset"):
        snapshot(data, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


@pytest.mark.parametrize("harm", ["deleted", "cut in half"])
def test_a_warc_file_missing_or_cut_stops_the_snapshot(crawled: Path, tmp_path: Path, harm: str):
    """Both made a bundle and said "snapshot written": one with no WARC file at all, one whose
    copy was cut back to its last whole record, so that 131 captures pointed past its end."""
    data = tmp_path / "data"
    shutil.copytree(crawled, data)
    first = sorted((data / "warc").glob("*.warc.gz"))[0]
    if harm == "deleted":
        first.unlink()
    else:
        first.write_bytes(first.read_bytes()[: first.stat().st_size // 2])
    with pytest.raises(SnapshotError, match="does not verify, so no snapshot was written"):
        snapshot(data, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


READ_COMMANDS = (
    ["status"],
    ["verify"],
    ["changes", "--since", "30d"],
    ["cite", "news:wp:1950"],
    ["export", "news"],
)


def test_reading_a_snapshot_leaves_its_files_as_its_sums_say(bundle: Path, tmp_path: Path):
    """helper-191: `isecg status` on an unpacked snapshot switched its database to WAL (a
    writable open), so its sha256 no longer checked, and `export` left -wal and -shm files
    beside it. Every command that only reads opens it read-only."""
    from click.testing import CliRunner

    from scraper.cli import main

    copy = shutil.copytree(bundle, tmp_path / "bundle")
    for command in READ_COMMANDS:
        result = CliRunner().invoke(main, [*command, "--data", str(copy)])
        assert result.exit_code == 0, (command, result.output)
    left = sorted(p.name for p in copy.glob("isecg.db-*"))
    changed = [
        name
        for line in (copy / SUMS).read_text().splitlines()
        for digest, name in [line.split("  ", 1)]
        if sha256(copy / name) != digest
    ]
    assert (left, changed) == ([], [])


def test_a_read_command_takes_the_migrations_a_newer_build_brings(tmp_path: Path):
    """Opened read-only, an archive whose schema is older could not be read: a command that
    reads it takes the migrations first, where it may write."""
    from click.testing import CliRunner

    from archive.db import MIGRATIONS
    from scraper.cli import main
    from tests.test_kinds import numbered_migrations_only

    numbered_migrations_only(tmp_path / "isecg.db", upto=MIGRATIONS[-1][0]).close()
    result = CliRunner().invoke(main, ["verify", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    done = rows(tmp_path / "isecg.db", "SELECT name FROM _migrations")
    assert [name for (name,) in done][-1] == MIGRATIONS[-1][0]
