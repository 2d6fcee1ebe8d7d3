"""What every `isecg` command module shares: the --data option, --site's check, known errors
as one line and an exit code, and the archive's database opened for a command that reads it."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
import sqlite_utils

from scraper.errors import IsecgError, UsageError
from scraper.interrupt import ctrl_c_ignored
from scraper.settings import Settings, default_data_dir

F = TypeVar("F", bound=Callable[..., Any])


def clear_errors(command: F) -> F:
    """Turn a known error into one line on stderr and its exit code."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except IsecgError as error:
            click.echo(f"isecg: {error}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt as stop:  # 128 + SIGINT, as shells report it
            with ctrl_c_ignored():
                click.echo(f"isecg: {str(stop) or 'interrupted'}", err=True)
            sys.exit(130)

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


def valid_site(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--site, and --notify-url (a receiver is held to the crawler's refusal rules)."""
    from scraper.addresses import check_site

    if value is None:
        return None
    try:
        check_site(value)
    except IsecgError as error:
        raise click.BadParameter(str(error)) from None
    return value


@contextlib.contextmanager
def open_archive(data_dir: Path) -> Iterator[sqlite_utils.Database]:
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
