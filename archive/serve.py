"""Run Datasette on the archive: metadata, plugins and safe settings in one place.

`make_datasette()` builds the instance (tests use it through `Datasette(...).client`);
`serve()` runs it with uvicorn. Safe by default: it binds 127.0.0.1, it is read-only (Datasette
0.65 has no write API, no canned query writes, and the plugin in datasette_plugins/ answers 405
to anything but GET and HEAD), every query has a time limit, robots.txt disallows everything,
and the database is opened mutable (WAL, never `immutable`), so a crawl can write to it while
it is served.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import errno
import socket
import sqlite3
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from datasette.app import Datasette

from archive import backfill, kinds
from archive.db import opens_only_immutable, read_only_connection

HERE = Path(__file__).parent
METADATA = HERE / "metadata.yml"
PLUGINS_DIR = HERE / "datasette_plugins"
TEMPLATES_DIR = HERE / "datasette_templates"  # the reading room's pages (record pages, home)
STATIC_DIR = HERE / "datasette_static"  # its stylesheet and script, at /reading-room/
DATABASE = "isecg"  # Datasette names a database after its file: isecg.db
DEFAULT_HOST = "127.0.0.1"  # loopback unless told otherwise
DEFAULT_PORT = 8001
REAL_SITE_HOST = "www.globalspaceexploration.org"

# Datasette settings (`datasette publish ... --setting NAME VALUE` takes the same).
SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": 3000,  # any one query, canned or typed in, stops after 3 s
    # Facet suggestions ran a query per column on every table page, searches included: 70% of
    # the news page's time at 100,000 posts. The facets metadata.yml names still show.
    "suggest_facets": False,
    "facet_time_limit_ms": 500,
    # Queries run on the server's own thread, not handed to a pool and back: a page asks
    # 10 to 20 small queries, and each hand-over (two thread switches) cost more than the
    # query; at 100,000 posts a fifth of a table page's CPU, a third of a record page's. The
    # price: one reader's slow query (3 s at most) holds the others' pages until it ends.
    "num_sql_threads": 0,
    "max_returned_rows": 1000,  # CSV and JSON stream past it with _stream=on / _size=max
    "allow_csv_stream": True,
    "default_cache_ttl": 5,  # the database changes under us during a crawl: short cache
}


@cache
def _metadata_file() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    return loaded


def load_metadata(db_path: Path | None = None, warc_dir: Path | None = None) -> dict[str, Any]:
    """metadata.yml, told where the WARC files are and which site this archive was crawled from."""
    metadata = copy.deepcopy(_metadata_file())
    _describe_kinds(metadata["databases"][DATABASE]["tables"])
    _describe(metadata["databases"][DATABASE]["tables"], backfill.METADATA)
    plugin: dict[str, Any] = metadata.setdefault("plugins", {}).setdefault("isecg-archive", {})
    plugin["database"] = DATABASE
    if warc_dir is not None:
        plugin["warc_dir"] = str(warc_dir)
    site = _crawled_site(db_path) if db_path is not None else None
    if site and urlsplit(site).hostname != REAL_SITE_HOST:
        # Say so when the archive is not of the real site (the replica in `make demo`).
        metadata["source"] = f"{site} (crawled in place of {REAL_SITE_HOST})"
        metadata["source_url"] = site
    return metadata


def _describe_kinds(tables: dict[str, Any]) -> None:
    """Each record kind's tables as its declaration describes them (kinds.py), wherever
    metadata.yml says nothing: a kind declared in code needs no edit here."""
    for name, declared in kinds.metadata().items():
        entry = tables.setdefault(name, {})
        if declared.get("description"):
            entry.setdefault("description", declared["description"])
        columns = entry.setdefault("columns", {})
        for column, text in declared["columns"].items():
            columns.setdefault(column, text)


def _describe(tables: dict[str, Any], described: dict[str, dict[str, Any]]) -> None:
    """Descriptions declared in code, wherever metadata.yml says nothing."""
    for name, declared in described.items():
        entry = tables.setdefault(name, {})
        if declared.get("description"):
            entry.setdefault("description", declared["description"])
        for column, text in declared.get("columns", {}).items():
            entry.setdefault("columns", {}).setdefault(column, text)


def _crawled_site(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    conn = read_only_connection(db_path)
    try:
        row = conn.execute("SELECT site FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:  # not crawled yet: no crawls table
        return None
    finally:
        conn.close()
    return str(row[0]) if row else None


def make_datasette(db_path: Path, warc_dir: Path | None = None) -> Datasette:
    """Datasette on the archive database (read-only, mutable) with the archive's metadata."""
    if db_path.stem != DATABASE:
        raise ValueError(f"the archive database is {DATABASE}.db, not {db_path.name}")
    # a snapshot unpacked on a read-only file system opens only as immutable (db.py)
    immutable = db_path.exists() and opens_only_immutable(db_path)
    return Datasette(
        files=[] if immutable else [str(db_path)],
        immutables=[str(db_path)] if immutable else [],
        metadata=load_metadata(db_path, warc_dir),
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
        static_mounts=[("reading-room", str(STATIC_DIR))],
        settings=SETTINGS,
    )


class ServeError(OSError):
    """The archive cannot be served at that address (the port is taken, say)."""


def bind(host: str, port: int) -> socket.socket:
    """The listening socket uvicorn is handed: a taken port is one clear error before we claim
    to serve, and `--port 0` is served on the port the system chose, which is the one shown."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise ServeError(f"cannot serve on {host}: {error.strerror or error}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn sets it
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            why = "the port is in use; choose another with --port"
        elif error.errno == errno.EADDRNOTAVAIL:
            why = "the address is not this machine's; choose another with --host"
        else:
            why = error.strerror or str(error)
        raise ServeError(f"cannot serve on {host}:{port}: {why}") from None
    sock.listen()  # before the URL is shown: a connection made at once is not refused
    return sock


def serve(
    db_path: Path, warc_dir: Path | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT
) -> None:
    """Serve the archive until interrupted; prints the URL first, once the port is bound."""
    import uvicorn

    if not db_path.exists():
        raise FileNotFoundError(f"no archive at {db_path}: run `isecg crawl` first")
    ds = make_datasette(db_path, warc_dir)
    asyncio.run(ds.invoke_startup())
    with bind(host, port) as sock:
        shown = f"[{host}]" if ":" in host else host
        bound = sock.getsockname()[1]
        print(f"Serving the archive on http://{shown}:{bound}/ (Ctrl-C stops it)", flush=True)
        config = uvicorn.Config(ds.app(), log_level="warning", lifespan="on")
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is serve's normal stop: exit 0
            uvicorn.Server(config).run(sockets=[sock])
