"""Check the raw archive against itself and against the index: nothing lost, nothing altered.

Two passes, both read-only:

1. Every WARC file, record by record (`archive.warc_check.check_file`): gzip framing and CRC, WARC
   framing, block and payload digests. A damaged file is named with the offset of its first bad
   record; the records after it cannot be trusted to be found.
2. Every capture row that points into a WARC file: the record at its offset is read back and
   must be the one the index says: its type (response, or revisit for an unchanged capture),
   record id, target URI, and payload digest (recomputed for a response; for a revisit, the
   digest it carries must be its original's).

A file the index names but the directory lacks is reported as missing.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import sqlite_utils
from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed

from archive import backfill
from archive.captures import SAME_BYTES
from archive.verify_records import record_problems
from archive.warc import crawl_of, payload_digest
from archive.warc_check import check_file
from archive.warc_read import member_at

_DAMAGE = re.compile(r"^offset (\d+): (.*)$", re.DOTALL)


@dataclass(frozen=True)
class Problem:
    """One thing wrong: in a file (at an offset when known), or with one capture row."""

    file: str  # WARC file name, relative to the WARC directory
    offset: int | None
    message: str
    capture_id: int | None = None

    def __str__(self) -> str:
        where = self.file if self.offset is None else f"{self.file} at offset {self.offset}"
        row = f" (capture {self.capture_id})" if self.capture_id is not None else ""
        return f"{where}{row}: {self.message}"


@dataclass
class VerifyReport:
    files: int = 0  # WARC files found and scanned
    records: int = 0  # WARC records that verified
    captures: int = 0  # capture rows checked against their record
    # capture rows with no record to check: refused (robots.txt, an address) or never answered
    unrecorded: int = 0
    damaged: list[Problem] = field(default_factory=list)  # first bad record of each file
    missing: list[str] = field(default_factory=list)  # files the index names, not on disk
    mismatches: list[Problem] = field(default_factory=list)  # capture rows vs their records
    # Capture rows whose record is damaged, each with the capture holding the same bytes
    # intact: the same URL's answer fetched again by a later crawl (visit.py mends a damaged
    # copy so), or by an earlier one. Nothing of the archive's is lost.
    mended: list[tuple[Problem, int]] = field(default_factory=list)
    # What SQLite's quick_check finds wrong in isecg.db itself (a page overwritten, say).
    database: list[str] = field(default_factory=list)
    # Worth knowing, not wrong: Wayback copies whose bytes are not the CDX API's digest.
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing the index names is lost: a damaged file whose every indexed record reads
        intact, or is held intact by another capture, loses nothing (its bytes stay as they
        are: a WARC file is never rewritten). It is still named."""
        return not (self.missing or self.mismatches or self.database)

    def summary(self) -> str:
        verdict = "ok" if self.ok else "FAILED"
        return (
            f"verify {verdict}: {self.files} WARC files, {self.records} records, "
            f"{self.captures} captures checked"
            + (
                f" ({self.unrecorded} more have no record: refused or unanswered)"
                if self.unrecorded
                else ""
            )
            + f"; {_count(len(self.damaged), 'damaged file')}, "
            f"{_count(len(self.missing), 'missing file')}, "
            f"{_count(len(self.mismatches), 'index mismatch', 'index mismatches')}"
            + (f"; the database damaged ({len(self.database)} problems)" if self.database else "")
        )

    def lines(self, limit: int = 20) -> list[str]:
        """One line per problem (the first `limit` index mismatches), for people."""
        # what fails first: a snapshot refused names its first line
        out = [f"database: {problem}" for problem in self.database[:limit]]
        out += [f"missing: {name}" for name in self.missing]
        out += [f"mismatch: {p}" for p in self.mismatches[:limit]]
        if len(self.mismatches) > limit:
            out.append(f"... and {len(self.mismatches) - limit} more index mismatches")
        lost = {p.file for p in self.mismatches}
        out += [
            f"damaged: {p}" + ("" if p.file in lost or self.database else _NOTHING_LOST)
            for p in self.damaged
        ]
        out += [f"mended: {p}; its bytes are held intact by capture {n}" for p, n in self.mended]
        return out + [f"note: {note}" for note in self.notes]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files": self.files,
            "records": self.records,
            "captures": self.captures,
            "unrecorded": self.unrecorded,
            "damaged": [p.__dict__ for p in self.damaged],
            "missing": self.missing,
            "mismatches": [p.__dict__ for p in self.mismatches],
            "mended": [{**p.__dict__, "held_by": n} for p, n in self.mended],
            "database": self.database,
            "notes": self.notes,
        }


def warc_files(warc_dir: Path) -> list[Path]:
    """The archive's WARC files, in name order (which is crawl order)."""
    if not warc_dir.is_dir():
        return []
    return sorted(p for p in warc_dir.iterdir() if p.name.endswith(".warc.gz"))


def verify(data_dir: Path, db: sqlite_utils.Database | None = None) -> VerifyReport:
    """Check every WARC record, and every capture row against the record it points at."""
    data_dir = Path(data_dir)
    warc_dir = data_dir / "warc"
    report = VerifyReport()
    held: dict[str, int] = {}  # file -> its records
    for path in warc_files(warc_dir):
        report.files += 1
        count, error = check_file(path)
        report.records += count
        held[path.name] = count
        if error is not None:
            match = _DAMAGE.match(error)
            offset, message = (int(match[1]), match[2]) if match else (None, error)
            report.damaged.append(Problem(path.name, offset, message))
    own = db is None
    if db is None:
        db_path = data_dir / "isecg.db"
        if not db_path.exists():
            raise FileNotFoundError(f"no archive database at {db_path}")
        db = sqlite_utils.Database(db_path, execute_plugins=False)
    try:
        # A page of the index overwritten went unnoticed: every row read still parsed.
        try:
            said = "\n".join(row[0] for row in db.execute("PRAGMA quick_check").fetchall())
            found = [line for line in said.splitlines() if not line.startswith("*** in database")]
        except sqlite3.DatabaseError as error:  # too damaged to go through
            found = [str(error)]
        report.database = [] if found == ["ok"] else found
        try:
            _check_captures(db, warc_dir, report)
            report.database += list(record_problems(db))
            if differ := backfill.digest_differs(db):
                report.notes.append(backfill.digest_note(differ))
            if unnamed := _unnamed(db, held):
                report.notes.append(_unnamed_note(unnamed))
        except sqlite3.DatabaseError:
            if not report.database:
                raise
    finally:
        if own:
            db.close()
    return report


_CAPTURES = """
    SELECT c.id, c.url, c.warc_file, c.warc_offset, c.warc_record_id, c.payload_digest,
           c.revisit_of, o.warc_record_id, o.payload_digest
    FROM captures c LEFT JOIN captures o ON o.id = c.revisit_of
    WHERE c.warc_file IS NOT NULL
    ORDER BY c.warc_file, c.warc_offset
"""


def _check_captures(db: sqlite_utils.Database, warc_dir: Path, report: VerifyReport) -> None:
    missing: set[str] = set()
    (report.unrecorded,) = db.execute(
        "SELECT COUNT(*) FROM captures WHERE warc_file IS NULL"
    ).fetchone()
    current: tuple[str, BinaryIO] | None = None
    try:
        for row in db.execute(_CAPTURES):
            capture_id, _, name, offset = row[:4]
            if Path(name).name != name or name in ("", ".", ".."):
                report.mismatches.append(Problem(name, offset, "not a plain file name", capture_id))
                continue
            if current is None or current[0] != name:
                if current is not None:
                    current[1].close()
                    current = None
                path = warc_dir / name
                if not path.is_file():
                    missing.add(name)
                    continue
                current = (name, path.open("rb"))
            # Past a file's first damage too: a record read at its own offset whose digest is
            # the index's is intact, whatever lies between.
            report.captures += 1
            for message in _capture_problems(current[1], row):
                report.mismatches.append(Problem(name, offset, message, capture_id))
    finally:
        if current is not None:
            current[1].close()
    report.missing = sorted(missing)
    _mended(db, report)


def _mended(db: sqlite_utils.Database, report: VerifyReport) -> None:
    """Move each capture whose record is damaged (unreadable, or its payload not its digest,
    in a file damaged inside), and whose bytes another capture of its URL holds in a record
    that reads intact (captures.SAME_BYTES), to `mended`, once. An index that is wrong (an
    offset, an id, a URL) is no damage, whatever else holds the bytes."""
    hurt = {p.file for p in report.damaged}
    bad = {(p.file, p.offset) for p in report.mismatches}
    kept, moved = [], set()
    for problem in report.mismatches:
        if problem.capture_id in moved:
            continue
        held_by = None
        if problem.file in hurt and problem.message.startswith(_DAMAGE_SAID):
            # a revisit's bytes are its original's (helper-199: one never counted as mended)
            held = db.execute(_ORIGINAL, [problem.capture_id]).fetchall()
            held += db.execute(SAME_BYTES, [problem.file, problem.offset]).fetchall()
            held_by = next((o for n, f, o in held if (n, f) not in bad), None)
        if held_by is None or problem.capture_id is None:
            kept.append(problem)
        else:
            moved.add(problem.capture_id)
            report.mended.append((problem, held_by))
    report.mismatches = [p for p in kept if p.capture_id not in moved]


# A revisit's original: where its content is kept
_ORIGINAL = (
    "SELECT o.warc_file, o.warc_offset, o.id FROM captures c JOIN captures o ON o.id = c.revisit_of"
    " WHERE c.id = ?"
)
# What _capture_problems says of a record damaged on disk, not of a wrong index
_DAMAGE_SAID = ("no readable WARC record", "payload digest ")


def _unnamed(db: sqlite_utils.Database, held: dict[str, int]) -> list[str]:
    """Our crawls' WARC files of records (more than their warcinfo) no capture names, of
    crawls the database does not know: a file of a crawl it knows holds what a crawl stopped
    between writing and indexing left (helper-199: a SIGTERM at once named the first)."""
    named = {name for (name,) in db.execute("SELECT DISTINCT warc_file FROM captures")}
    known = {crawl_id for (crawl_id,) in db.execute("SELECT id FROM crawls")}
    return sorted(
        name
        for name, count in held.items()
        if count > 1 and name not in named and crawl_of(name) not in known
    )


def _unnamed_note(files: list[str]) -> str:
    """What a WARC file of records no capture names says (helper-196: isecg.db restored from
    a snapshot older than the files; the next crawl took a crawl id again)."""
    return (
        f"{len(files)} WARC files hold records no capture names ({', '.join(files[:3])}"
        + (", ..." if len(files) > 3 else "")
        + "): is isecg.db older than them, restored from a backup or a snapshot? The crawls"
        " they hold are not in its records"
    )


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


_NOTHING_LOST = " (every indexed record in it reads intact, or is held intact by another capture)"


def _capture_problems(fh: BinaryIO, row: tuple[Any, ...]) -> Iterator[str]:
    """What is wrong between one capture row and the record at its offset (nothing if right)."""
    _, url, _, offset, record_id, digest, revisit_of, original_id, original_digest = row
    try:
        record = next(iter(WARCIterator(member_at(fh, offset, "its gzip member"))))
        rec_type = str(record.rec_type)
        headers = record.rec_headers
        payload = record.raw_stream.read() if rec_type == "response" else b""
    except (ArchiveLoadFailed, StopIteration, OSError, EOFError, ValueError) as error:
        # UnreadableRecord (a ValueError): the gzip member is damaged, said once, not printed
        said = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in str(error))[:200]
        yield f"no readable WARC record at this offset ({type(error).__name__}: {said})"
        return
    expected = "revisit" if revisit_of is not None else "response"
    if rec_type != expected:
        yield f"record is a {rec_type}, the index says {expected}"
        return
    if record_id and headers.get_header("WARC-Record-ID") != record_id:
        yield f"record id {headers.get_header('WARC-Record-ID')} is not the index's {record_id}"
    if headers.get_header("WARC-Target-URI") != url:
        yield f"record is of {headers.get_header('WARC-Target-URI')}, the index says {url}"
    stored = headers.get_header("WARC-Payload-Digest")
    if rec_type == "response":
        actual = payload_digest(payload)
        if digest != actual:
            yield f"payload digest {actual} is not the index's {digest}"
        elif stored and stored != actual:
            yield f"payload digest {actual} is not the record's own {stored}"
        return
    # A revisit carries its original's digest: the index, the record and the original agree.
    if stored != digest:
        yield f"revisit digest {stored} is not the index's {digest}"
    if original_digest is not None and digest != original_digest:
        yield f"revisit digest {digest} is not its original's {original_digest}"
    refers_to = headers.get_header("WARC-Refers-To")
    if original_id is not None and refers_to != original_id:
        yield f"revisit refers to {refers_to}, the index's original is {original_id}"
