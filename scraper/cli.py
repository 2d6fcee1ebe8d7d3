"""The `isecg` command line: thin commands that build Settings and call one function.

The group, isecg crawl and isecg reparse are here; the other commands are in modules of their
own (cli_archive.py, cli_replay.py, cli_wayback.py), registered on the group below.
"""

from __future__ import annotations

import gc
import json
import signal
import sys
from pathlib import Path
from typing import Any

import click

from scraper import __version__
from scraper.cli_archive import changes, export, serve, snapshot, status, verify
from scraper.cli_common import (
    FiniteNumber,
    clear_errors,
    data_option,
    note_linked_instead,
    note_other_sites,
    valid_site,
)
from scraper.cli_replay import cite, view
from scraper.cli_wayback import import_wayback
from scraper.errors import IsecgError, Terminated, UsageError
from scraper.settings import DEFAULT_SITE, Settings

# httpx loads its own command line client (rich, pygments and click's help) whenever rich is
# installed, as here: 50 ms of every `isecg` start, for a command this process never runs. An
# entry of None makes that import fail, and httpx goes on without it (its own fallback). Here,
# in the command's module, not the package's: a program importing scraper keeps httpx whole.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

# A URL begun before --max-time is up may first wait out a Crawl-delay, then take its whole
# time budget (every attempt and Retry-After wait).
IN_FLIGHT_MINUTES = -(-int(Settings.crawl_delay_max + Settings.url_time_budget) // 60)


class _OneLine(click.UsageError):
    """A wrong option or argument, said on one line on stderr as every other error is
    (DESIGN.md; click printed the usage, a hint and a blank line above it: helper-201)."""

    def __init__(self, error: click.UsageError, command: str) -> None:
        super().__init__(error.message, error.ctx)
        self.error, self.command = error, command  # (exit code 2, as every UsageError's)

    def format_message(self) -> str:
        return self.error.format_message()  # BadParameter's "Invalid value for '--delay': ..."

    def show(self, file: Any = None) -> None:
        said = f"{self.command}: {self.format_message()} (see {self.command} --help)"
        click.echo(said, err=True)


class _Isecg(click.Group):
    """The group, whose commands' wrong options are said on one line (_OneLine)."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:  # the group's own options: `isecg --bogus`
            return super().make_context(*args, **kwargs)
        except click.UsageError as error:
            raise _OneLine(error, "isecg") from None

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        try:  # `isecg nope`
            return super().resolve_command(ctx, args)
        except click.UsageError as error:
            raise _OneLine(error, "isecg") from None

    def invoke(self, ctx: click.Context) -> Any:
        try:  # a command's options, read as it starts (a missing value comes with no context)
            return super().invoke(ctx)
        except click.UsageError as error:
            if isinstance(error, _OneLine):
                raise
            where = error.ctx.command_path if error.ctx is not None else None
            raise _OneLine(error, where or f"isecg {ctx.invoked_subcommand}") from None


# A fixed width: help reads the same in every terminal, and the README can show it verbatim.
@click.group(
    cls=_Isecg,
    context_settings={"help_option_names": ["-h", "--help"], "terminal_width": 80},
    invoke_without_command=True,
)
@click.version_option(__version__, prog_name="isecg")
@click.pass_context
def main(ctx: click.Context) -> None:
    """A research archive of the ISECG website (www.globalspaceexploration.org)."""
    from scraper.logs import setup_logging

    if ctx.invoked_subcommand is None:  # `isecg` alone: its help, as `isecg -h` (exit 0)
        click.echo(ctx.get_help())  # (click's own exits 2, its help on stderr; helper-203)
        ctx.exit(0)
    setup_logging("text")


@main.command()
@click.option(
    "--site",
    default=DEFAULT_SITE,
    show_default=True,
    callback=valid_site,
    help="The site to crawl (http or https; a private-range address is refused, loopback"
    " (127.0.0.1, localhost) is let through for a local copy).",
)
@data_option
@click.option(
    "--delay",
    type=FiniteNumber(min=0, max=3600),
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
    type=FiniteNumber(min=0, min_open=True, max=24 * 365),
    default=6.0,
    show_default=True,
    help="Take no new URL after this long, keep what was fetched; the next crawl does the rest."
    f" A URL begun ends within {IN_FLIGHT_MINUTES} minutes (its waits and retries).",
)
@click.option("--full", is_flag=True, help="Refetch everything: no conditional requests.")
@click.option(
    "--accept-counts",
    is_flag=True,
    help="Store this crawl's records though a kind fell below half or rose tenfold against the"
    " last trusted crawl (the site really changed); later crawls are judged against it.",
)
@click.option("--no-progress", is_flag=True, help="Plain log lines instead of a progress bar.")
@click.option(
    "--no-read-early",
    is_flag=True,
    help="Read the pages after the fetch, in this process, not meanwhile in a second one.",
)
@click.option(
    "--notify-url",
    metavar="URL",
    callback=valid_site,
    help="POST a JSON summary here when the crawl fails or records change.",
)
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Log lines as text or JSON lines (also in DATA/logs/crawl-<id>.log).",
)
@clear_errors
def crawl(
    site: str,
    data_dir: Path,
    delay: float,
    concurrency: int,
    max_pages: int | None,
    max_time: float,
    full: bool,
    accept_counts: bool,
    no_progress: bool,
    no_read_early: bool,
    notify_url: str | None,
    log_format: str,
) -> None:
    """Crawl the site into the data directory: every page and document, kept in WARC files.

    Exit codes: 0 done, 1 failed, 2 bad usage, 3 another crawl holds the data directory,
    4 finished but unhealthy (too many fetch errors, home page missing), 130 interrupted
    (Ctrl-C: the next crawl resumes it), 143 stopped by SIGTERM (likewise; notified).
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
        accept_counts=accept_counts,
        progress=not no_progress and log_format == "text",  # JSON lines are for machines
        read_early=not no_read_early,
        notify_url=notify_url,
        log_format=log_format,
    )
    note_other_sites(data_dir, site)
    result = run_crawl(settings)
    c = result.counts
    click.echo(
        f"crawl {result.crawl_id} {result.status}{' (resumed)' if result.resumed else ''}: "
        f"{c['requests']} requests, {c['pages_fetched']} pages and "
        f"{c['documents_fetched']} document{'s' * (c['documents_fetched'] != 1)} new or changed,"
        f" {c['unchanged']} unchanged, "
        f"{c['errors']} errors, {c['retries']} retries, {c['refused']} refused, "
        f"{c['bytes_downloaded']:,} bytes"
        + (f", {sum(cuts.values())} cut by trap defences" if (cuts := _cuts(c)) else "")
    )
    if result.message and result.status == "done":
        click.echo(f"note: {result.message}", err=True)
    for note in result.records.notes:  # what the build learned or met (a new theme, say)
        click.echo(f"note: {note}", err=True)
    note_linked_instead(data_dir, site)
    if result.status != "done":
        click.echo(f"isecg: crawl {result.crawl_id} {result.status}: {result.message}", err=True)
        sys.exit(4 if result.status == "unhealthy" else 1)


def _cuts(counts: dict[str, Any]) -> dict[str, int]:
    cuts: dict[str, int] = json.loads(counts.get("cuts") or "{}")
    return cuts


@main.command()
@click.option(
    "--if-stale",
    is_flag=True,
    help="Only where records were made by an older extractor (after an upgrade): the nightly"
    " set-ups run it before each crawl.",
)
@data_option
@clear_errors
def reparse(data_dir: Path, if_stale: bool) -> None:
    """Re-extract every record from the WARC files, with no network.

    Empties the derived tables (news, publications, agencies, memberships, documents, their
    versions) and rebuilds them crawl by crawl, exactly as the crawls built them.

    Exit codes: 0 rebuilt (or, with --if-stale, nothing to do); 1 a WARC record or the
    database cannot be read (nothing changed); 2 no archive there; 3 a crawl, import or
    reparse of this archive is running.
    """
    from archive.db import open_db
    from archive.status import stale_records
    from archive.warc_read import UnreadableRecord
    from scraper.build import reparse as rebuild
    from scraper.extract.types import EXTRACTOR_VERSION
    from scraper.lock import CrawlLock

    settings = Settings(data_dir=data_dir)
    if not settings.db_path.exists():
        raise UsageError(f"no archive at {settings.db_path}: run `isecg crawl` first")
    with CrawlLock(settings.lock_path):
        db = open_db(settings.db_path)
        try:
            # `status` fails every night after an upgrade until this is run (helper-201)
            if if_stale and not stale_records(db, EXTRACTOR_VERSION):
                click.echo(f"every record was made by extractor {EXTRACTOR_VERSION}: no reparse")
                return
            reports = rebuild(db, settings.warc_dir)
        except UnreadableRecord as error:  # the rebuild's transaction has rolled back
            raise IsecgError(
                f"reparse stopped, nothing changed: {error} (`isecg verify` lists every"
                " record it cannot read)"
            ) from None
        finally:
            db.close()
    for crawl_id, report in reports:
        counts = ", ".join(f"{v} {k}" for k, v in report.counts.items())
        flags = f" (flagged: {'; '.join(report.flags)})" if report.flags else ""
        notes = "".join(f"; {note}" for note in report.notes)
        click.echo(f"crawl {crawl_id}: {counts}{flags}{notes}")


def run() -> None:
    """The `isecg` console script: the command, then an exit that skips the interpreter's last
    garbage collections over every object the command made (a tenth of a second after a
    crawl): frozen objects are not collected. Files, logs and the database are closed by then.
    """
    # SIGTERM (systemd's stop at TimeoutStartSec, cron's `timeout`) stops a command as Ctrl-C
    # does, saying what it left, where its default ended a nightly crawl without a line in
    # its log or a notification (helper-196). `isecg serve`'s server sets its own.
    signal.signal(signal.SIGTERM, _terminated)
    try:
        main()
    finally:
        # The command is over and its exit code chosen: a Ctrl-C now would kill the process on
        # its way out, silently, with 130 for a crawl that had finished (helper-192).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        gc.freeze()


def _terminated(signum: int, frame: object) -> None:
    raise Terminated("terminated (SIGTERM)")


for command in (changes, cite, export, import_wayback, serve, snapshot, status, verify, view):
    main.add_command(command)

if __name__ == "__main__":  # `python -m scraper.cli`, as `isecg` (helper-50 met it doing nothing)
    run()
