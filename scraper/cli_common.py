"""What every `isecg` command module shares: the --data option, --site's check, known errors
as one line and an exit code, and the archive's database opened for a command that reads it."""

from __future__ import annotations

import contextlib
import math
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
import sqlite_utils

from scraper.errors import IsecgError, Terminated, UsageError
from scraper.interrupt import ctrl_c_ignored
from scraper.settings import Settings, default_data_dir

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def clear_errors(command: F) -> F:
    """Turn a known error into one line on stderr and its exit code."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except IsecgError as error:
            click.echo(f"isecg: {error}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt as stop:  # 128 + SIGINT (or SIGTERM), as shells report it
            with ctrl_c_ignored():
                click.echo(f"isecg: {str(stop) or 'interrupted'}", err=True)
            sys.exit(143 if isinstance(stop, Terminated) else 130)
        except sqlite3.DatabaseError as error:  # a damaged, unwritable or unreachable isecg.db
            trouble = _database_trouble(error)
            if trouble is None:
                raise  # "no such column" and kin are bugs: their traceback is wanted
            click.echo(f"isecg: {trouble}", err=True)
            sys.exit(1)
        except OSError as error:  # a full disk or stdout, a file that cannot be opened
            where = f": {error.filename}" if error.filename else ""
            click.echo(f"isecg: {error.strerror or repr(error)}{where}", err=True)
            sys.exit(1)

    return run  # type: ignore[return-value]


def _database_trouble(error: sqlite3.DatabaseError) -> str | None:
    """What is wrong with the archive's database, said for people; None for an error that
    is a bug rather than the file's state."""
    name, said = getattr(error, "sqlite_errorname", None) or "", str(error)
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or "not a database" in said:
        return (
            f"the archive's database is damaged ({said}): restore isecg.db from a backup"
            " or a snapshot (`isecg snapshot`); the WARC files are not touched"
        )
    if name.startswith("SQLITE_READONLY") or "readonly database" in said:
        return f"the archive's database cannot be written here ({said})"
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_BUSY")):
        return f"the archive's database: {said}"
    return None


def data_option(command: F) -> F:
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=default_data_dir,
        show_default="$ISECG_DATA or ./data",
        help="Data directory: isecg.db, warc/, the crawl lock.",
    )(command)


class FiniteNumber(click.FloatRange):
    """A FloatRange that also refuses nan and inf: `--delay inf` never ended, and nan passes
    every comparison, so `--delay nan` meant no delay at all."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


class Day(click.ParamType):
    """YYYY-MM-DD, as a datetime; a day the calendar lacks is said to be one (helper-201:
    2020-13-01 "does not match the format '%Y-%m-%d'", which it does)."""

    name = "day"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):  # (\d: any script's digits)
            self.fail(f"{value!r} is not a day: write it YYYY-MM-DD.", param, ctx)
        try:
            return datetime.fromisoformat(text)
        except ValueError as error:
            self.fail(f"{value!r} is no day of the calendar ({error}).", param, ctx)


def valid_site(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--site, and --notify-url (a receiver is held to the crawler's refusal rules)."""
    from scraper.addresses import check_site

    if value is None:
        return None
    try:
        check_site(value)
    except IsecgError as error:  # on one line, whatever the value holds (helper-203)
        said = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(error))
        raise click.BadParameter(said) from None
    return value


@contextlib.contextmanager
def open_archive(data_dir: Path) -> Iterator[sqlite_utils.Database]:
    """The archive's database, which must exist, for a command that reads it (without the
    crawl lock): opened read-only, so that reading a snapshot leaves its file as its
    SHA256SUMS says (a writable open switched it to WAL). Opened to write only to take
    migrations a newer build brings, where this process may write."""
    from archive.db import migrations_due, open_db, read_only_connection, read_only_database

    settings = Settings(data_dir=data_dir)
    if not settings.db_path.exists():
        raise UsageError(f"no archive at {settings.db_path}: run `isecg crawl` first")
    writable = all(os.access(p, os.W_OK) for p in (settings.db_path, settings.db_path.parent))
    conn = read_only_connection(settings.db_path)  # opened once: `status` runs every night
    try:
        due = writable and migrations_due(conn)
    except BaseException:  # a damaged database: one line (clear_errors), no open file left
        conn.close()
        raise
    if due:
        conn.close()
    db = open_db(settings.db_path) if due else read_only_database(conn)
    try:
        yield db
    finally:
        db.close()


def _ask(data_dir: Path, question: Callable[[sqlite3.Connection], T]) -> T | None:
    """`question` asked of the archive, read-only; None where there is none, or it cannot be
    read (not yet migrated, damaged: the command itself says which)."""
    from archive.db import read_only_connection

    path = data_dir / "isecg.db"
    if not path.exists():
        return None
    try:
        with contextlib.closing(read_only_connection(path)) as conn:
            return question(conn)
    except sqlite3.Error:
        return None


def note_other_sites(data_dir: Path, site: str, what: str = "crawls") -> None:
    """Say so where the archive's crawls were of another site (helper-191: a second night on
    another port doubled the publications, and status said ok; helper-192: `import-wayback`
    without `--site` into the replica's archive asked for the real site's captures)."""
    from archive.lookup import other_sites

    if others := _ask(data_dir, lambda conn: other_sites(conn, site)):
        click.echo(
            f"note: this data directory holds crawls of {', '.join(others)}; {site} is another"
            f" site, whose {what} will stand beside theirs, none replaced",
            err=True,
        )


def note_linked_instead(data_dir: Path, site: str) -> None:
    """Say so where most of the home page's links go to one other site: the same site under
    another name, whose pages this crawl did not follow (archive.lookup.linked_instead)."""
    from archive.lookup import linked_instead

    if found := _ask(data_dir, lambda conn: linked_instead(conn, site)):
        other, count, total = found
        click.echo(
            f"note: {count} of the home page's {total} links go to {other}, which this crawl"
            f" does not follow: if it is the same site, crawl it with --site {other}",
            err=True,
        )
