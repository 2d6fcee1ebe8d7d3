"""Datasette plugin: `/-/download/<database>.db`, a consistent snapshot of a database that a
crawl may be writing (Datasette itself only offers immutable databases for download). Loaded
through `plugins_dir` with isecg_archive.py, whose menu links it.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import NotFound


@hookimpl
def register_routes() -> list[tuple[str, Callable[..., Awaitable[Any]]]]:
    return [(r"^/-/download/(?P<database>[^/]+)\.db$", download)]


async def download(request: Any, datasette: Any) -> Any:
    """A consistent copy of the database, even while a crawl writes to it."""
    name = request.url_vars["database"]
    try:
        db = datasette.get_database(name)
    except KeyError:
        raise NotFound(f"No database {name}") from None
    if db.is_memory or not db.path:
        raise NotFound(f"{name} is not a file")
    await datasette.ensure_permissions(
        request.actor,
        [("view-database-download", name), ("view-database", name), "view-instance"],
    )
    return _Snapshot(await asyncio.to_thread(snapshot, Path(db.path)), f"{name}.db")


def snapshot(path: Path) -> Path:
    """Copy a live SQLite database in one read transaction (the backup API) to a temp file."""
    fd, name = tempfile.mkstemp(prefix="isecg-snapshot-", suffix=".db")
    os.close(fd)
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(name)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal
    except BaseException:
        os.unlink(name)
        raise
    finally:
        target.close()
        source.close()
    return Path(name)


class _Snapshot:
    """Streams a snapshot file and deletes it once sent."""

    def __init__(self, path: Path, filename: str) -> None:
        self.path, self.filename = path, filename

    async def asgi_send(self, send: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        try:
            headers = [
                (b"content-type", b"application/vnd.sqlite3"),
                (b"content-disposition", f'attachment; filename="{self.filename}"'.encode()),
                (b"content-length", str(self.path.stat().st_size).encode()),
            ]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            with self.path.open("rb") as fh:
                while chunk := fh.read(1 << 16):
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            self.path.unlink(missing_ok=True)
