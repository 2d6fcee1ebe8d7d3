"""The `isecg` command line: thin commands that build Settings and call one function."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
import sqlite_utils

from scraper import __version__
from scraper.errors import IsecgError, UsageError
from scraper.settings import DEFAULT_SITE, Settings, default_data_dir

F = TypeVar("F", bound=Callable[..., Any])


def _clear_errors(command: F) -> F:
    """Turn a known error into one line on stderr and its exit code."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except IsecgError as error:
            click.echo(f"isecg: {error}", err=True)
            sys.exit(error.exit_code)

    return run  # type: ignore[return-value]


def data_option(command: F) -> F:
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=default_data_dir,
        show_default="$ISECG_DATA or ./data",
        help="Data directory: isecg.db, warc/, the crawl lock.",
    )(command)


# A fixed width: help reads the same in every terminal, and the README can show it verbatim.
@click.group(context_settings={"help_option_names": ["-h", "--help"], "terminal_width": 80})
@click.version_option(__version__, prog_name="isecg")
def main() -> None:
    """A research archive of the ISECG website (www.globalspaceexploration.org)."""
    from scraper.logs import setup_logging

    setup_logging("text")


def _valid_site(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--site, and --notify-url (a receiver is held to the crawler's refusal rules)."""
    from scraper.addresses import check_site

    if value is None:
        return None
    try:
        check_site(value)
    except IsecgError as error:
        raise click.BadParameter(str(error)) from None
    return value


@main.command()
@click.option(
    "--site",
    default=DEFAULT_SITE,
    show_default=True,
    callback=_valid_site,
    help="The site to crawl (http or https; never a private-range address).",
)
@data_option
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds between requests (robots.txt Crawl-delay wins when larger).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 16),
    default=2,
    show_default=True,
    help="Requests in flight at once.",
)
@click.option(
    "--max-pages", type=click.IntRange(min=1), default=None, help="Stop after this many requests."
)
@click.option(
    "--max-time",
    metavar="HOURS",
    type=click.FloatRange(min=0, min_open=True),
    default=6.0,
    show_default=True,
    help="Stop after this long, keep what was fetched; the next crawl does the rest.",
)
@click.option("--full", is_flag=True, help="Refetch everything: no conditional requests.")
@click.option("--no-progress", is_flag=True, help="Plain log lines instead of a progress bar.")
@click.option(
    "--notify-url",
    metavar="URL",
    callback=_valid_site,
    help="POST a JSON summary here when the crawl fails or records change.",
)
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Log lines as text or JSON lines (also in DATA/logs/crawl-<id>.log).",
)
@_clear_errors
def crawl(
    site: str,
    data_dir: Path,
    delay: float,
    concurrency: int,
    max_pages: int | None,
    max_time: float,
    full: bool,
    no_progress: bool,
    notify_url: str | None,
    log_format: str,
) -> None:
    """Crawl the site into the data directory: every page and document, kept in WARC files.

    Exit codes: 0 done, 1 failed, 2 bad usage, 3 another crawl holds the data directory,
    4 finished but unhealthy (too many fetch errors, home page missing).
    """
    from scraper.crawl import crawl as run_crawl
    from scraper.logs import setup_logging

    setup_logging(log_format)
    settings = Settings(
        site=site,
        data_dir=data_dir,
        delay=delay,
        concurrency=concurrency,
        max_pages=max_pages,
        max_time=max_time * 3600,
        full=full,
        progress=not no_progress and log_format == "text",  # JSON lines are for machines
        notify_url=notify_url,
        log_format=log_format,
    )
    result = run_crawl(settings)
    c = result.counts
    click.echo(
        f"crawl {result.crawl_id} {result.status}{' (resumed)' if result.resumed else ''}: "
        f"{c['requests']} requests, {c['pages_fetched']} pages and "
        f"{c['documents_fetched']} documents new or changed, {c['unchanged']} unchanged, "
        f"{c['errors']} errors, {c['retries']} retries, {c['refused']} refused, "
        f"{c['bytes_downloaded']:,} bytes"
        + (f", {sum(cuts.values())} cut by trap defences" if (cuts := _cuts(c)) else "")
    )
    if result.message and result.status == "done":
        click.echo(f"note: {result.message}", err=True)
    for note in result.records.notes:  # what the build learned or met (a new theme, say)
        click.echo(f"note: {note}", err=True)
    if result.status != "done":
        click.echo(f"isecg: crawl {result.crawl_id} {result.status}: {result.message}", err=True)
        sys.exit(4 if result.status == "unhealthy" else 1)


def _cuts(counts: dict[str, Any]) -> dict[str, int]:
    cuts: dict[str, int] = json.loads(counts.get("cuts") or "{}")
    return cuts


@main.command()
@data_option
@_clear_errors
def reparse(data_dir: Path) -> None:
    """Re-extract every record from the WARC files, with no network.

    Empties the derived tables (news, publications, agencies, memberships, documents, their
    versions) and rebuilds them crawl by crawl, exactly as the crawls built them.
    """
    from archive.db import open_db
    from scraper.build import reparse as rebuild
    from scraper.lock import CrawlLock

    settings = Settings(data_dir=data_dir)
    if not settings.db_path.exists():
        raise UsageError(f"no archive at {settings.db_path}: run `isecg crawl` first")
    with CrawlLock(settings.lock_path):
        db = open_db(settings.db_path)
        try:
            reports = rebuild(db, settings.warc_dir)
        finally:
            db.close()
    for crawl_id, report in reports:
        counts = ", ".join(f"{v} {k}" for k, v in report.counts.items())
        flags = f" (flagged: {'; '.join(report.flags)})" if report.flags else ""
        notes = "".join(f"; {note}" for note in report.notes)
        click.echo(f"crawl {crawl_id}: {counts}{flags}{notes}")


@contextlib.contextmanager
def _archive(data_dir: Path) -> Iterator[sqlite_utils.Database]:
    """The archive's database, which must exist (opened without the crawl lock: read only)."""
    from archive.db import open_db

    settings = Settings(data_dir=data_dir)
    if not settings.db_path.exists():
        raise UsageError(f"no archive at {settings.db_path}: run `isecg crawl` first")
    db = open_db(settings.db_path)
    try:
        yield db
    finally:
        db.close()


def _valid_since(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from archive.status import parse_since

    try:
        parse_since(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return value


@main.command()
@data_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--max-age",
    metavar="HOURS",
    type=click.FloatRange(min=0),
    default=36.0,
    show_default=True,
    help="Hours after which the last finished crawl is too old.",
)
@_clear_errors
def status(data_dir: Path, as_json: bool, max_age: float) -> None:
    """Recent crawls, record counts and health, for people and monitoring.

    Exit codes: 0 ok; 1 not ok: the last crawl failed or was unhealthy, or finished more
    than --max-age hours ago; 2 no archive there.
    """
    from archive.status import format_status
    from archive.status import status as archive_status
    from scraper.extract.types import EXTRACTOR_VERSION

    with _archive(data_dir) as db:
        report = archive_status(db, max_age, extractor_version=EXTRACTOR_VERSION)
    click.echo(json.dumps(report, indent=2) if as_json else format_status(report))
    if not report["ok"]:
        click.echo(f"isecg: not ok: {'; '.join(report['reasons'])}", err=True)
        sys.exit(1)


@main.command()
@click.option(
    "--since",
    metavar="DATE",
    required=True,
    callback=_valid_since,
    help="YYYY-MM-DD, an ISO 8601 time, or a span back from now (7d, 36h).",
)
@data_option
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@_clear_errors
def changes(since: str, data_dir: Path, as_json: bool) -> None:
    """New, edited and removed news, publications and members since a date.

    A publication that only moved to another listing page, or a field filled in that was
    empty, is listed as relisted, not edited.
    """
    from archive.status import changes as archive_changes
    from archive.status import format_changes

    with _archive(data_dir) as db:
        found = archive_changes(db, since)
    click.echo(
        json.dumps(found, indent=2, ensure_ascii=False) if as_json else format_changes(found)
    )


@main.command()
@data_option
@_clear_errors
def verify(data_dir: Path) -> None:
    """Check every WARC record, and every capture in the index against its record.

    Exit 1 when anything is wrong, naming the damaged file and the offset of its first bad
    record, a missing file, or the capture whose record differs from the index.
    """
    from archive.verify import verify as verify_archive

    if not Settings(data_dir=data_dir).db_path.exists():
        raise UsageError(f"no archive at {data_dir}: run `isecg crawl` first")
    report = verify_archive(data_dir)
    for line in report.lines():
        click.echo(line)
    click.echo(report.summary())
    if not report.ok:
        click.echo(f"isecg: verify failed: {report.lines()[0]}", err=True)
        sys.exit(1)


@main.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@data_option
@_clear_errors
def snapshot(outdir: Path, data_dir: Path) -> None:
    """Write a citable bundle to OUTDIR (new or empty): a consistent copy of the database,
    the WARC files, a WACZ for replay tools, and a manifest with the sha256 of each file."""
    from archive.snapshot import MANIFEST, SnapshotError, sha256_file
    from archive.snapshot import snapshot as make_snapshot

    try:
        out = make_snapshot(data_dir, outdir)
    except SnapshotError as error:
        raise (UsageError if error.usage else IsecgError)(str(error)) from None
    _, digest = sha256_file(out / MANIFEST)
    click.echo(f"snapshot written to {out}; cite it by the sha256 of {MANIFEST}: {digest}")


@main.command()
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
@_clear_errors
def serve(data_dir: Path, host: str, port: int) -> None:
    """Serve the archive with Datasette: search, facets, charts, CSV, an Atom feed.

    Read-only and safe to run while a crawl writes to the same data directory.

    Exit codes: 0 stopped (Ctrl-C); 1 the address cannot be served (the port is in use, or
    the host is not this machine's); 2 no archive there.
    """
    from archive.serve import ServeError
    from archive.serve import serve as run_datasette

    settings = Settings(data_dir=data_dir)
    if not settings.db_path.exists():
        raise UsageError(f"no archive at {settings.db_path}: run `isecg crawl` first")
    try:
        run_datasette(settings.db_path, settings.warc_dir, host=host, port=port)
    except ServeError as error:
        raise IsecgError(str(error)) from None


@main.command()
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
    help="File to write (whole or not at all); - is standard output.",
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="Only records dated on or after this day.",
)
@click.option(
    "--until",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="Only records dated on or before this day.",
)
@data_option
@_clear_errors
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
    except OSError as error:  # the disk is full, or the file cannot be written
        raise IsecgError(f"cannot write {output}: {error.strerror or error}") from None
    if output != "-":
        click.echo(f"{count} rows written to {output}", err=True)


# Commands in their own module, on this group: they use the options and error handling above.
from scraper.cli_replay import cite, view  # noqa: E402

main.add_command(cite)
main.add_command(view)
from scraper.cli_wayback import import_wayback  # noqa: E402

main.add_command(import_wayback)
