"""CSV, JSON and JSON Lines exports of the archive's tables.

`publications`, `news` and `members` have curated columns and give the same rows, in the same
order, as Datasette's CSV of the same thing: the table with `_col=...&_sort=<date>` (the primary
key breaks ties, as Datasette does), and the `members` canned query of archive/metadata.yml.
Any other table of the archive exports whole, ordered by its primary key. UTF-8, a header row,
CSV as Datasette and RFC 4180 write it (CRLF line ends, quotes only where needed). Every
export names the capture each row was read from (`capture_id`), so any row can be cited.

JSON and JSON Lines write the columns that hold JSON (JSON_COLUMNS: `categories`,
`documents`, a version's `record`, ...) as lists and objects, as Datasette's `_json=` does;
CSV keeps them as the JSON text they are stored as.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import secrets
import sqlite3
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any

FORMATS = ("csv", "json", "jsonl")
# Columns stored as JSON text (metadata.yml describes each as JSON; tests check the two agree).
JSON_COLUMNS = frozenset(
    {
        "candidates",
        "categories",
        "changed",
        "cuts",
        "date_candidates",
        "documents",
        "flags",
        "images",
        "links",
        "notes",
        "record",
        "settings",
        "sources",
    }
)


class ExportError(ValueError):
    """A bad table, format or date, or no archive: the CLI turns it into a usage error."""


@dataclass(frozen=True)
class Curated:
    """A curated export: `sql` has a `{where}` slot; `date` is what --since/--until bound."""

    sql: str
    date: str
    description: str


def _table_sql(table: str, columns: Sequence[str], order: str) -> str:
    return f"SELECT {', '.join(columns)} FROM {table} {{where}} ORDER BY {order}, id"


CURATED: dict[str, Curated] = {
    "publications": Curated(
        _table_sql(
            "publications",
            (
                "id",
                "title",
                "posted_on",
                "kind",
                "year",
                "description",
                "document_url",
                "url",
                "wp_id",
                "first_seen",
                "last_seen",
                "removed_at",
                "capture_id",
            ),
            "posted_on",
        ),
        "posted_on",
        "publications, by posted_on (the date the site gives)",
    ),
    "news": Curated(
        _table_sql(
            "news",
            (
                "id",
                "wp_id",
                "url",
                "title",
                "published",
                "modified",
                "author",
                "event_date",
                "categories",
                "summary",
                "body_text",
                "documents",
                "first_seen",
                "last_seen",
                "removed_at",
                "capture_id",
            ),
            "published",
        ),
        "published",
        "news posts, by published",
    ),
    "members": Curated(
        "SELECT a.id AS agency_id, a.name, a.acronym, a.country, a.website,"
        " m.joined_on, m.joined_on_said, m.joined_source_url, m.first_seen, m.last_seen,"
        " m.left_on, a.capture_id"
        " FROM memberships m JOIN agencies a ON a.id = m.agency_id {where} ORDER BY a.id",
        "min(coalesce(m.joined_on, '9999'), substr(m.first_seen, 1, 10))",
        "member agencies, by the date they became members (announced or first seen)",
    ),
}


def _parse_date(value: str | date | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ExportError(f"{name} must be a date, YYYY-MM-DD, not {value!r}") from None


def _connect(db_path: Path) -> sqlite3.Connection:
    if not db_path.exists():
        raise ExportError(f"no archive at {db_path}: run `isecg crawl` first")
    from archive.db import read_only_connection

    return read_only_connection(db_path)


def exportable_tables(conn: sqlite3.Connection) -> list[str]:
    """The curated exports, then every plain table and view of the archive (no FTS or SQLite
    internals): build_stats is a view of build_counts and builds, with its old columns."""
    names = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            " AND sql NOT LIKE 'CREATE VIRTUAL%'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts_%' AND name NOT LIKE '\\_%'"
            " ESCAPE '\\' ORDER BY name"
        )
    ]
    return [*CURATED, *(name for name in names if name not in CURATED)]


def query_for(
    conn: sqlite3.Connection, table: str, since: date | None, until: date | None
) -> tuple[str, dict[str, str]]:
    """The SELECT that exports `table`, with its parameters."""
    if table in CURATED:
        curated = CURATED[table]
        bounds, params = [], {}
        if since is not None:
            bounds.append(f"{curated.date} >= :since")
            params["since"] = since.isoformat()
        if until is not None:  # inclusive: anything on that day, whatever its time
            bounds.append(f"{curated.date} < :before")
            params["before"] = (until + timedelta(days=1)).isoformat()
        where = f"WHERE {' AND '.join(bounds)}" if bounds else ""
        return curated.sql.format(where=where), params
    if table not in exportable_tables(conn):
        choices = ", ".join(exportable_tables(conn))
        raise ExportError(f"no table {table!r} to export; choose one of: {choices}")
    if since is not None or until is not None:
        raise ExportError(f"--since and --until work with {', '.join(CURATED)}, not {table}")
    # PRAGMA table_info: column 5 is the column's place in the primary key, 0 when not in it.
    keys = sorted((row[5], row[1]) for row in conn.execute(f"PRAGMA table_info([{table}])"))
    # A view has no primary key and no rowid: its first column orders it.
    order = ", ".join(f"[{name}]" for place, name in keys if place) or (
        "1" if _is_view(conn, table) else "rowid"
    )
    return f"SELECT * FROM [{table}] ORDER BY {order}", {}


def _is_view(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT type FROM sqlite_master WHERE name = ?", [name]).fetchone()
    return bool(row and row[0] == "view")


def export(
    db_path: Path,
    table: str,
    fmt: str = "csv",
    output: Path | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
) -> int:
    """Write `table` as `fmt` to `output` (standard output when None); return the row count.

    A file is written whole or not at all: rows go to a temporary file renamed at the end
    (through a symbolic link, to the file it names). A device or a pipe is written to as it is.
    Nothing is written inside the archive's own directory: an export there could replace the
    database or a WARC file.
    """
    if fmt not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    descriptor = _descriptor(output)
    in_place = False  # a pipe or device: written as it is, not replaced
    if output is not None and descriptor is None:
        output, in_place = _target(output, db_path.parent)
    start, end = _parse_date(since, "--since"), _parse_date(until, "--until")
    if start and end and start > end:
        raise ExportError(f"--since {start} is after --until {end}")
    conn = _connect(db_path)
    try:
        sql, params = query_for(conn, table, start, end)
        cursor = conn.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        if output is None:
            return _write(fmt, columns, cursor, sys.stdout.buffer)
        if descriptor is not None:  # written where the descriptor already points, as it is
            with os.fdopen(os.dup(descriptor), "wb") as fh:
                return _write(fmt, columns, cursor, fh)
        if in_place:
            with output.open("wb") as fh:
                return _write(fmt, columns, cursor, fh)
        with _atomic(output) as fh:
            return _write(fmt, columns, cursor, fh)
    finally:
        conn.close()


_DESCRIPTOR = re.compile(r"/(?:dev/fd|proc/self/fd)/(\d+)")


def _descriptor(output: Path | None) -> int | None:
    """The open descriptor `output` names (/dev/stdout, /dev/fd/3), or None. Opened by name, it
    would be truncated, or, for a file the shell appends to, replaced."""
    if output is None:
        return None
    if (match := _DESCRIPTOR.fullmatch(str(output))) is not None:
        return int(match[1])
    return {"/dev/stdout": 1, "/dev/stderr": 2}.get(str(output))


def _target(output: Path, data_dir: Path) -> tuple[Path, bool]:
    """(the file an export writes, whether it is written in place): `output` with its links
    followed, refused in the archive, replaced whole; a pipe, socket or character device as
    given, in place; a block device refused."""
    with contextlib.suppress(OSError):
        mode = output.stat().st_mode
        if stat.S_ISBLK(mode):
            raise ExportError(f"cannot write {output}: it is a block device")
        if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode):
            return output, True
    target = output.resolve()
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {output}: no directory {output.parent}")
    if target.is_dir():
        raise ExportError(f"cannot write {output}: it is a directory")
    if target.is_relative_to(data_dir.resolve()):
        raise ExportError(
            f"{output} is inside the data directory, beside the archive's own files:"
            " name a file outside it"
        )
    return target, False


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[IO[bytes]]:
    # Made as any new file is (0666 under the umask), not private as mkstemp's would be; an
    # export replacing a file keeps that file's mode.
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _write(fmt: str, columns: list[str], rows: Iterator[Any], out: IO[bytes]) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    count = 0
    try:
        if fmt == "csv":
            writer = csv.writer(text)  # Datasette's CSV: the default dialect, None as ""
            writer.writerow(columns)
            for row in rows:
                writer.writerow(row)
                count += 1
        else:
            if fmt == "json":
                text.write("[")
            decode = [name in JSON_COLUMNS for name in columns]
            for row in rows:
                values = (_json_value(v) if d else v for v, d in zip(row, decode, strict=True))
                line = json.dumps(dict(zip(columns, values, strict=True)), ensure_ascii=False)
                if fmt == "json":
                    text.write(("\n" if count == 0 else ",\n") + line)
                else:
                    text.write(line + "\n")
                count += 1
            if fmt == "json":
                text.write("\n]\n")
        text.flush()
    finally:
        text.detach()  # leave `out` open: it may be standard output
    return count


def _json_value(value: Any) -> Any:
    """A JSON column's text as the list or object it holds (text that is no JSON stays text)."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value
