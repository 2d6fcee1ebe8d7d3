"""`isecg import-wayback`: the site's history before the archive began, from a Wayback Machine.

Registered on the `isecg` group by scraper/cli.py; the options and error handling it shares are
scraper/cli_common.py.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from scraper.cli_common import (
    FiniteNumber,
    clear_errors,
    data_option,
    note_other_sites,
    valid_site,
)
from scraper.errors import IsecgError, UsageError
from scraper.settings import DEFAULT_SITE, DEFAULT_WAYBACK, Settings


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD option as the digits of a Wayback timestamp."""
    if value is None:
        return None
    for form in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return datetime.strptime(value, form).strftime(form.replace("-", ""))
        except ValueError:
            continue
    raise click.BadParameter(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


@click.command("import-wayback")
@data_option
@click.option(
    "--site",
    default=DEFAULT_SITE,
    show_default=True,
    callback=valid_site,
    help="The site whose captures to import, as `isecg crawl --site`.",
)
@click.option(
    "--wayback",
    "--wayback-url",
    "wayback_url",
    default=DEFAULT_WAYBACK,
    show_default=True,
    callback=valid_site,
    help="The Wayback endpoint's replay prefix (<it>/<timestamp>id_/<url>); its CDX API is"
    " web.archive.org/cdx/search/cdx for the Internet Archive, else <it>/cdx (pywb's"
    " http://HOST:PORT/COLLECTION/). The one host the import contacts.",
)
@click.option(
    "--from",
    "start",
    callback=_day,
    default=None,
    metavar="YYYY[-MM[-DD]]",
    help="Only captures made from this year, month or day on (UTC).",
)
@click.option(
    "--to",
    "end",
    callback=_day,
    default=None,
    metavar="YYYY[-MM[-DD]]",
    help="Only captures made up to this year, month or day (UTC)."
    "  [default: when our first crawl started]",
)
@click.option(
    "--max-captures",
    type=click.IntRange(min=1),
    default=None,
    help="Fetch at most this many captures this run; the next run takes up the rest.",
)
@click.option(
    "--delay",
    type=FiniteNumber(min=0, max=3600),
    default=Settings.wayback_delay,
    show_default=True,
    help="Seconds between requests to the Wayback, one at a time (its limits: docs/backfill.md).",
)
@click.option(
    "--retry-failed",
    is_flag=True,
    help="Ask again for the captures earlier runs marked failed (in the --from/--to window):"
    " a Wayback's 5xx for one capture may pass.",
)
@click.option("--no-progress", is_flag=True, help="Plain log lines instead of a progress bar.")
@clear_errors
def import_wayback(
    data_dir: Path,
    site: str,
    wayback_url: str,
    start: str | None,
    end: str | None,
    max_captures: int | None,
    delay: float,
    retry_failed: bool,
    no_progress: bool,
) -> None:
    """Backfill the archive with the site's captures in a Wayback Machine (since 2007).

    Lists the captures of the site's pages, lists and documents through the CDX API (all
    three URL generations; an unchanged page once), fetches each one's original bytes into
    DATA/warc/wayback-*.warc.gz, and rebuilds the records in time order: versions dated by
    the Wayback's capture times, each naming its source (crawl or wayback). Resumable: a
    killed import takes up where it stopped.

    Exit codes: 0 done, 1 failed (the CDX API's answer is no capture list), 2 bad usage,
    3 another crawl holds the data directory, 4 stopped early (the Wayback or its CDX API
    kept asking us to slow down, answered errors, or stopped answering): the work list is
    kept, run it again later; 130 interrupted (Ctrl-C), 143 stopped by SIGTERM: what was
    fetched is kept. When the CDX API cannot be read, the captures already on the work list
    are fetched all the same.
    """
    from archive.warc_read import UnreadableRecord
    from scraper.wayback import import_wayback as run_import

    # Partial timestamps padded as the Wayback pads them: from the first second, to the last.
    first = start.ljust(14, "0") if start else None
    last = end.ljust(14, "9") if end else None
    if first and last and first > last:
        raise UsageError("--from is after --to")
    settings = Settings(
        site=site,
        data_dir=data_dir,
        wayback_url=wayback_url,
        wayback_delay=delay,
        progress=not no_progress,
    )
    note_other_sites(data_dir, site, "captures")  # --site left out: the real site's
    try:
        result = run_import(
            settings, start=first, end=last, max_captures=max_captures, retry_failed=retry_failed
        )
    except UnreadableRecord as error:  # the rebuild (a reparse) rolled back; the copies stay
        raise IsecgError(
            f"the records were not rebuilt: {error} (the copies fetched are kept; `isecg"
            " verify` lists every record it cannot read)"
        ) from None
    built = len(result.builds)
    rebuilt = f"; records rebuilt from {built} " + (
        "crawls and slices" if built != 1 else "crawl or slice"
    )
    click.echo(
        f"wayback {result.status}: {result.listed} captures listed ({result.new} new),"
        + (f" {result.retried} failed before asked again," if result.retried else "")
        + f" {result.fetched} fetched, {result.failed} not available, {result.left} left;"
        f" {result.requests} requests, {result.retries} retries"
        + (rebuilt if result.builds else "")
    )
    if result.status != "done":
        click.echo(f"isecg: import-wayback {result.status}: {result.message}", err=True)
        sys.exit(1 if result.status == "failed" else 4)
