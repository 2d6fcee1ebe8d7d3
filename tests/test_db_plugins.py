"""The archive's connections run no sqlite-utils plugin: one installed in the same environment
(registered here as an installed one would be) could change what every query does."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlite_utils
from sqlite_utils import hookimpl
from sqlite_utils.plugins import pm

from archive.db import open_db, open_db_read_only


@pytest.fixture
def planted() -> Iterator[None]:
    """A plugin that adds an SQL function `planted()` to every connection it is shown."""

    @hookimpl
    def prepare_connection(conn: sqlite3.Connection) -> None:
        conn.create_function("planted", 0, lambda: "a plugin ran here")

    plugin = SimpleNamespace(prepare_connection=prepare_connection)
    pm.register(plugin, name="planted-for-test")
    try:
        yield
    finally:
        pm.unregister(plugin)


def _has_planted(db: sqlite_utils.Database) -> bool:
    try:
        db.execute("SELECT planted()")
    except sqlite3.OperationalError as error:
        assert "no such function" in str(error)
        return False
    return True


def test_the_planted_plugin_runs_where_plugins_are_allowed(planted: None, tmp_path: Path) -> None:
    assert _has_planted(sqlite_utils.Database(tmp_path / "other.db"))


def test_the_archive_opened_to_write_runs_no_plugin(planted: None, tmp_path: Path) -> None:
    db = open_db(tmp_path / "isecg.db")
    try:
        assert not _has_planted(db)
    finally:
        db.close()


def test_the_archive_opened_to_read_runs_no_plugin(planted: None, tmp_path: Path) -> None:
    open_db(tmp_path / "isecg.db").close()
    db = open_db_read_only(tmp_path / "isecg.db")
    try:
        assert not _has_planted(db)
    finally:
        db.close()
