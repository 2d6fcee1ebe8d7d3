"""A citable bundle of the archive: the database, the WARC files, a manifest, and a WACZ.

    OUTDIR/
      isecg.db           a consistent copy of the database (SQLite backup API, one file)
      warc/*.warc.gz     the WARC files, byte for byte (a tail still being written is cut back
                         to its last whole record, as a resumed crawl would)
      isecg.wacz         the same WARC files with a replay index, a page list (titles and text)
                         and metadata (archive/waczfile.py), for ReplayWeb.page and pywb
      replay/            the replay index (index.cdxj) and the derived revisits that let every
                         capture date replay (archive/replay.py)
      config.yaml        pywb's configuration: `wayback -d OUTDIR` replays the archive
      viewer/            ReplayWeb.page (archive/replayweb/): `isecg view OUTDIR` serves it
      manifest.json      size and sha256 of every file, the crawls with their dates and status,
                         record counts, the site, the software versions, how to cite it
      SHA256SUMS         the same hashes, checkable with `sha256sum -c SHA256SUMS`
      logs/              each crawl's log file (data/logs), when there are any

Safe while a crawl writes: the database is copied first, in one read transaction, so every
capture it indexes was already whole on disk; WARC files are copied after it, so they hold at
least what the copy indexes. The bundle is built in a hidden sibling directory and renamed into
place at the end: OUTDIR either holds a complete bundle or does not exist.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import sqlite3
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from archive.db import utc_now
from archive.replay import REPLAY_WARC
from archive.replay import build as build_replay_index
from archive.viewer import VIEWER, copy_viewer
from archive.waczfile import pages_of, write_wacz
from archive.warc_check import repair_tail

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
WACZ = "isecg.wacz"
_CHUNK = 1 << 20


class SnapshotError(ValueError):
    """The snapshot cannot be made. `usage`: the arguments are wrong (no archive there, an
    output directory that is not empty or inside the data directory), not the archive."""

    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def sha256_file(path: Path) -> tuple[int, str]:
    """(size, hex sha256) of a file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def snapshot(data_dir: Path, outdir: Path, make_wacz: bool = True) -> Path:
    """Write a citable bundle of the archive in data_dir to outdir (new or empty); return it."""
    data_dir, outdir = Path(data_dir), Path(outdir)
    db_path = data_dir / "isecg.db"
    if not db_path.is_file():
        raise SnapshotError(f"no archive at {db_path}: run `isecg crawl` first", usage=True)
    if outdir.exists() and (not outdir.is_dir() or any(outdir.iterdir())):
        raise SnapshotError(
            f"{outdir} already exists and is not empty: name a new directory", usage=True
        )
    if outdir.resolve().is_relative_to(data_dir.resolve()):
        raise SnapshotError(
            f"{outdir} is inside the data directory: name a directory outside it", usage=True
        )
    outdir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.partial-", dir=outdir.parent))
    try:
        _backup(db_path, work / "isecg.db")
        facts = {**_facts(work / "isecg.db"), "torn_tails": {}}
        warcs = _copy_warcs(data_dir / "warc", work / "warc", facts)
        _verified(work)
        logs = sorted((data_dir / "logs").glob("*.log"))
        if logs:  # each crawl's log: how the archive was made
            (work / "logs").mkdir()
            for log in logs:
                shutil.copyfile(log, work / "logs" / log.name)
        if make_wacz and warcs:
            _make_wacz(work, warcs, facts)
        _write_manifest(work, facts)
        work.chmod(0o755)  # mkdtemp made it private; the bundle is meant to be shared
        if outdir.exists():
            outdir.rmdir()  # empty, checked above
        work.rename(outdir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return outdir


def _verified(work: Path) -> None:
    """A bundle is cited as the archive: one whose WARC files do not hold what its index
    lists (a file deleted, truncated, damaged) is refused, not written."""
    from archive.verify import verify

    report = verify(work)
    if not report.ok:
        raise SnapshotError(
            f"the archive does not verify, so no snapshot was written: {report.lines()[0]}"
            " (`isecg verify` lists every problem)"
        )


def _backup(source: Path, target: Path) -> None:
    """A point-in-time copy through SQLite's backup API, as one self-contained file."""
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # no -wal file beside the copy
        finally:
            dst.close()
    finally:
        src.close()


def _facts(db_path: Path) -> dict[str, Any]:
    """What the manifest says about the archive, read from the copy (so it matches it)."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        crawls = [
            dict(row)
            for row in conn.execute(
                "SELECT id, started_at, finished_at, status, site, message FROM crawls"
                " WHERE source = 'crawl' ORDER BY id"
            )
        ]
        # History from before the archive began (isecg import-wayback): the Wayback's
        # captures, in WARC files of their own, never counted as crawls of ours.
        fetched, first, last = conn.execute(
            "SELECT COUNT(*), MIN(fetched_at), MAX(fetched_at) FROM captures"
            " WHERE source = 'wayback'"
        ).fetchone()
        counts = {
            "news": "SELECT COUNT(*) FROM news WHERE removed_at IS NULL",
            "news_removed": "SELECT COUNT(*) FROM news WHERE removed_at IS NOT NULL",
            "publications": "SELECT COUNT(*) FROM publications WHERE removed_at IS NULL",
            "members": "SELECT COUNT(*) FROM memberships WHERE left_on IS NULL",
            "documents": "SELECT COUNT(*) FROM documents",
            "captures": "SELECT COUNT(*) FROM captures",
        }
        records = {name: conn.execute(sql).fetchone()[0] for name, sql in counts.items()}
        documents = {
            url: (title, text)
            for url, title, text in conn.execute(
                "SELECT d.url, COALESCE(MAX(p.title), d.title), d.text FROM documents d"
                " LEFT JOIN publications p ON p.document_url = d.url GROUP BY d.url"
            )
        }
    finally:
        conn.close()
    sites = list(dict.fromkeys(c["site"] for c in crawls))
    return {
        "crawls": crawls,
        "records": records,
        "site": sites[-1] if sites else None,
        "sites": sites,
        "documents": documents,
        "backfill": {"captures": fetched, "first_capture": first, "last_capture": last},
    }


def _copy_warcs(source: Path, target: Path, facts: dict[str, Any]) -> list[Path]:
    """The WARC files copied, each less a torn tail (a record still being written when it was
    copied, or left by a crash): no capture the copied index names is in it, or the bundle
    does not verify. What was left out is named in the manifest (`torn_tails`), not passed
    over in silence: the copy is then not the file byte for byte (helper-191)."""
    target.mkdir()
    copied = []
    names = sorted(p.name for p in source.glob("*.warc.gz")) if source.is_dir() else []
    for name in names:
        copy = target / name
        shutil.copyfile(source / name, copy)
        try:
            if cut := repair_tail(copy):
                facts["torn_tails"][f"warc/{name}"] = cut
        except ValueError as error:
            # damaged inside: copied as it is (a WARC file is never rewritten), and named; the
            # bundle is written only if every record its index names reads intact, or is held
            # intact by another capture (helper-196: one flipped byte refused every snapshot)
            facts.setdefault("damaged", {})[f"warc/{name}"] = str(error)
        copied.append(copy)
    return copied


def _title(facts: dict[str, Any]) -> str:
    crawls = facts["crawls"]
    if not crawls:
        return "ISECG website archive (no crawls)"
    first, last = crawls[0]["started_at"][:10], crawls[-1]["started_at"][:10]
    span = first if first == last else f"{first} to {last}"
    backfill = facts.get("backfill") or {}
    if backfill.get("captures"):
        since = backfill["first_capture"][:10]
        return (
            f"ISECG website archive, {since} to {last} ({len(crawls)} crawls of"
            f" {facts['site']} from {first}, and {backfill['captures']} Wayback Machine"
            f" captures from {since})"
        )
    return f"ISECG website archive, {span} ({len(crawls)} crawls of {facts['site']})"


PYWB_CONFIG = """\
# pywb (https://pypi.org/project/pywb/): `wayback -d THIS_DIRECTORY` replays the archive at
# http://localhost:8080/isecg/ ; every capture date, unchanged nights included (replay/).
collections:
  isecg:
    index_paths: replay/index.cdxj
    archive_paths:
      - warc/
      - replay/
"""


def _make_wacz(work: Path, warcs: list[Path], facts: dict[str, Any]) -> None:
    """The replay files (pywb's index and config, the derived revisits) and the WACZ."""
    replay_dir = work / "replay"
    replay_dir.mkdir()
    derived = replay_dir / REPLAY_WARC
    try:
        damaged = [Path(name).name for name in facts.get("damaged", {})]
        index = build_replay_index(warcs, derived, damaged)
    except (OSError, ValueError) as error:
        raise SnapshotError(f"cannot index the WARC files for replay: {error}") from error
    (replay_dir / "index.cdxj").write_text(index.cdxj(), encoding="utf-8")
    (work / "config.yaml").write_text(PYWB_CONFIG, encoding="utf-8")
    site = facts["site"]
    home = [r.date for r in index.entries if r.url == site]
    crawls = facts["crawls"]
    metadata: dict[str, Any] = {
        "title": _title(facts),
        "description": (
            f"Every page, document, stylesheet, script and image of {site} that isecg-archive"
            f" archived in {len(crawls)} crawls"
            # to the last one's end: its captures come after its start (helper-207)
            + (f", {crawls[0]['started_at']} to {_end(crawls[-1])}" if crawls else "")
            + ". Each capture date replays; an unchanged night shows the content the server"
            " confirmed (see archive/" + REPLAY_WARC + ")."
        ),
        "software": f"isecg-archive {_version('isecg-archive')}, warcio {_version('warcio')}",
        "mainPageURL": site,
        **({"mainPageDate": home[-1]} if home else {}),
        "site": site,
        "crawls": [
            {k: c[k] for k in ("id", "started_at", "finished_at", "status")} for c in crawls
        ],
    }
    # A file damaged inside stays out of the WACZ, whose every gzip member is checked (`wacz
    # validate`: "CRC check failed", helper-199); pywb replays its intact records from warc/
    left_out = set(damaged)
    packed = index.without(left_out)
    pages = pages_of(packed, facts["documents"])
    kept = [w for w in warcs if w.name not in left_out]
    write_wacz(work / WACZ, [*kept, derived], packed, pages, metadata)
    copy_viewer(work / VIEWER)


def _write_manifest(work: Path, facts: dict[str, Any]) -> None:
    files = []
    for path in sorted(p for p in work.rglob("*") if p.is_file()):
        size, digest = sha256_file(path)
        files.append({"path": path.relative_to(work).as_posix(), "bytes": size, "sha256": digest})
    crawls = facts["crawls"]
    manifest = {
        "title": _title(facts),
        "created": utc_now(),
        "site": facts["site"],
        "sites": facts["sites"],
        "crawls": crawls,
        "first_crawl": crawls[0]["started_at"] if crawls else None,
        "last_crawl": crawls[-1]["started_at"] if crawls else None,
        "records": facts["records"],
        "backfill": facts["backfill"],
        # bytes of a record torn at a WARC file's end, left out of its copy (none indexed)
        "torn_tails": facts["torn_tails"],
        # files damaged inside, copied as they are: each record the index names in them
        # reads intact or is held intact by another capture (`isecg verify` says which)
        "damaged": facts.get("damaged", {}),
        "software": {
            "isecg-archive": _version("isecg-archive"),
            "wacz": _version("wacz"),
            "warcio": _version("warcio"),
            "python": platform.python_version(),
        },
        "files": files,
        "cite_as": (
            f"{_title(facts)}. Made with isecg-archive {_version('isecg-archive')}. "
            f"Verify with `sha256sum -c {SUMS}`; cite the sha256 of {MANIFEST}."
        ),
    }
    (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    size, digest = sha256_file(work / MANIFEST)
    entries = [*files, {"path": MANIFEST, "bytes": size, "sha256": digest}]
    (work / SUMS).write_text("".join(f"{e['sha256']}  {e['path']}\n" for e in entries))


def _end(crawl: dict[str, Any]) -> str:
    """When a crawl ended; its start where it has no end (cut short, or still running)."""
    return str(crawl.get("finished_at") or crawl["started_at"])
