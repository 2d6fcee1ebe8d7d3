"""The `isecg` command line: thin commands that build Settings and call one function."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

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
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise


def _valid_site(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from scraper.http import check_site

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
@click.option("--full", is_flag=True, help="Refetch everything: no conditional requests.")
@click.option("--no-progress", is_flag=True, help="Plain log lines instead of a progress bar.")
@_clear_errors
def crawl(
    site: str,
    data_dir: Path,
    delay: float,
    concurrency: int,
    max_pages: int | None,
    full: bool,
    no_progress: bool,
) -> None:
    """Crawl the site into the data directory: every page and document, kept in WARC files.

    Exit codes: 0 done, 1 failed, 2 bad usage, 3 another crawl holds the data directory,
    4 finished but unhealthy (too many fetch errors, home page missing).
    """
    from scraper.crawl import crawl as run_crawl

    settings = Settings(
        site=site,
        data_dir=data_dir,
        delay=delay,
        concurrency=concurrency,
        max_pages=max_pages,
        full=full,
        progress=not no_progress,
    )
    result = run_crawl(settings)
    c = result.counts
    click.echo(
        f"crawl {result.crawl_id} {result.status}{' (resumed)' if result.resumed else ''}: "
        f"{c['requests']} requests, {c['pages_fetched']} pages and "
        f"{c['documents_fetched']} documents new or changed, {c['unchanged']} unchanged, "
        f"{c['errors']} errors, {c['retries']} retries, {c['refused']} refused, "
        f"{c['bytes_downloaded']:,} bytes"
    )
    if result.message and result.status == "done":
        click.echo(f"note: {result.message}", err=True)
    if result.status != "done":
        click.echo(f"isecg: crawl {result.crawl_id} {result.status}: {result.message}", err=True)
        sys.exit(4 if result.status == "unhealthy" else 1)


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
        click.echo(f"crawl {crawl_id}: {counts}{flags}")
