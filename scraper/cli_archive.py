"""The commands on an archive that exists: isecg status, changes, verify, snapshot, serve, export.

Registered on the `isecg` group by scraper/cli.py.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from pathlib import Path

import click

from scraper.cli_common import Day, FiniteNumber, clear_errors, data_option, open_archive
from scraper.errors import IsecgError, UsageError
from scraper.settings import Settings


def _valid_since(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from archive.changes import parse_since

    try:
        parse_since(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return value


@click.command()
@data_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--max-age",
    metavar="HOURS",
    type=FiniteNumber(min=0),
    default=36.0,
    show_default=True,
    help="Hours after which the last finished crawl is too old.",
)
@clear_errors
def status(data_dir: Path, as_json: bool, max_age: float) -> None:
    """Recent crawls, record counts and health, for people and monitoring.

    Exit codes: 0 ok; 1 not ok: the last crawl failed or was unhealthy, or finished more
    than --max-age hours ago, or records were made by an older extractor (after an upgrade:
    run `isecg reparse` once); 2 no archive there.
    """
    from archive.status import format_status
    from archive.status import status as archive_status
    from scraper.extract.types import EXTRACTOR_VERSION

    with open_archive(data_dir) as db:
        report = archive_status(db, max_age, extractor_version=EXTRACTOR_VERSION)
    click.echo(json.dumps(report, indent=2) if as_json else format_status(report))
    if not report["ok"]:
        click.echo(f"isecg: not ok: {'; '.join(report['reasons'])}", err=True)
        sys.exit(1)


@click.command()
@click.option(
    "--since",
    metavar="DATE",
    required=True,
    callback=_valid_since,
    help="YYYY-MM-DD, an ISO 8601 time (2026-12-03T21:24:00Z, +02:00 offsets), or a span"
    " back from now (7d, 36h).",
)
@data_option
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@clear_errors
def changes(since: str, data_dir: Path, as_json: bool) -> None:
    """New, edited, removed and returned news, publications and members since a date.

    A publication that only moved to another listing page, or a field filled in that was
    empty, is listed as relisted, not edited. A record gone from the site and back is listed
    as removed and as returned, each where it falls; one new in the window and edited later
    in it, as new and as edited.

    Exit codes: 0 printed (nothing changed too); 1 the archive's database cannot be read;
    2 bad usage (a --since that is no date or span, no archive).
    """
    from archive.changes import changes as archive_changes
    from archive.changes import format_changes

    with open_archive(data_dir) as db:
        found = archive_changes(db, since)
    click.echo(
        json.dumps(found, indent=2, ensure_ascii=False) if as_json else format_changes(found)
    )


@click.command()
@data_option
@clear_errors
def verify(data_dir: Path) -> None:
    """Check every WARC record, every capture in the index against its record, and the
    database's own pages (SQLite's quick_check).

    Exit 1 when anything the index names is lost: a capture whose record is damaged (and
    whose bytes no other capture holds intact), a missing file, a record that differs from
    the index, or what is damaged in the database. A file damaged inside is always named,
    with the offset of its first bad record; where a later crawl fetched the damaged
    record's bytes again, it is "mended" (exit 0): a WARC file is never rewritten. Exit 2:
    no archive there.
    """
    from archive.verify import verify as verify_archive

    with open_archive(data_dir) as db:
        report = verify_archive(data_dir, db)
    for line in report.lines():
        click.echo(line)
    click.echo(report.summary())
    if not report.ok:
        click.echo(f"isecg: verify failed: {report.lines()[0]}", err=True)
        sys.exit(1)


@click.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@data_option
@clear_errors
def snapshot(outdir: Path, data_dir: Path) -> None:
    """Write a citable bundle to OUTDIR (new or empty): a consistent copy of the database,
    the WARC files, a WACZ for replay tools, and a manifest with the sha256 of each file.

    The copy is verified as `isecg verify` does; an archive that does not verify is refused
    (exit 1) and nothing is written.

    Exit codes: 0 written; 1 the archive does not verify, or a copy failed (a full disk);
    2 bad usage (OUTDIR not empty or inside the data directory, no archive).
    """
    from archive.snapshot import MANIFEST, SnapshotError, sha256_file
    from archive.snapshot import snapshot as make_snapshot

    try:
        out = make_snapshot(data_dir, outdir)
    except SnapshotError as error:
        raise (UsageError if error.usage else IsecgError)(str(error)) from None
    _, digest = sha256_file(out / MANIFEST)
    click.echo(f"snapshot written to {out}; cite it by the sha256 of {MANIFEST}: {digest}")


@click.command()
@data_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 127.0.0.1 keeps the archive on this machine.",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port."
)
@clear_errors
def serve(data_dir: Path, host: str, port: int) -> None:
    """Serve the archive with Datasette: search, facets, charts, CSV, an Atom feed.

    Read-only and safe to run while a crawl writes to the same data directory.

    Exit codes: 0 stopped (Ctrl-C); 1 the address cannot be served (the port is in use, or
    the host is not this machine's); 2 no archive there.
    """
    from archive.serve import ServeError
    from archive.serve import serve as run_datasette

    settings = Settings(data_dir=data_dir)
    with open_archive(data_dir) as db:  # a damaged database: one line, not a 500 on every page
        db.execute("SELECT COUNT(*) FROM captures").fetchone()
    try:
        run_datasette(settings.db_path, settings.warc_dir, host=host, port=port)
    except ServeError as error:
        raise IsecgError(str(error)) from None


@click.command()
@click.argument("table")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "jsonl"]),
    default="csv",
    show_default=True,
    help="CSV with a header row, a JSON array, or one JSON object per line.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    metavar="FILE",
    show_default=True,
    help="File to write, outside the data directory (whole or not at all); - is standard output.",
)
@click.option(
    "--since",
    type=Day(),
    default=None,
    metavar="YYYY-MM-DD",
    help="Only records dated on or after this day.",
)
@click.option(
    "--until",
    type=Day(),
    default=None,
    metavar="YYYY-MM-DD",
    help="Only records dated on or before this day.",
)
@data_option
@clear_errors
def export(
    table: str,
    fmt: str,
    output: str,
    since: datetime | None,
    until: datetime | None,
    data_dir: Path,
) -> None:
    """Export TABLE as CSV, JSON or JSON Lines: UTF-8, stable order.

    TABLE is publications, news or members (curated columns, the same rows as Datasette's
    CSV; --since/--until bound posted_on, published, or the date a member joined), or any
    other table of the archive, whole.

    Exit codes: 0 written (also when the reader stops reading early); 1 a write failed or the
    archive's database cannot be read; 2 bad usage (no such table, --since with a whole
    table, an output inside the data directory, no archive).
    """
    from archive.export import ExportError
    from archive.export import export as run_export

    settings = Settings(data_dir=data_dir)
    try:
        count = run_export(
            settings.db_path,
            table,
            fmt,
            None if output == "-" else Path(output),
            since.date() if since else None,
            until.date() if until else None,
        )
    except ExportError as error:
        raise UsageError(str(error)) from None
    except BrokenPipeError:
        # The reader stopped reading (`| head`, `-o /dev/stdout | head`, a FIFO): stop quietly,
        # as cat does. Standard output now goes nowhere, so the interpreter's last flush on the
        # way out says nothing either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    except OSError as error:  # the disk is full, or the file cannot be written
        raise IsecgError(f"cannot write {output}: {error.strerror or error}") from None
    if output != "-":
        click.echo(f"{count} rows written to {output}", err=True)
