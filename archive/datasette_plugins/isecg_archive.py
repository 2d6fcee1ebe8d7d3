"""Datasette plugin for the ISECG archive, loaded through `plugins_dir` (archive/serve.py, or
`datasette publish --plugins-dir archive/datasette_plugins`).

- `/-/capture/<id>`: the archived copy of a capture, read back from its WARC record and served
  with a sandboxing Content-Security-Policy, so the archived page's scripts never run;
- `/-/archived?url=U&at=TIME`: to the capture of U current at TIME (a day: its end), U in any
  form the archive holds it under (archive/lookup.py), and `/-/as-it-was`, the form that asks
  for both; `archived_link(url, at)` in SQL gives that address;
- read-only at the door: any method but GET and HEAD is answered 405, and every answer tells
  search engines not to index it (robots.txt comes from datasette-block-robots).

Settings, under `plugins: isecg-archive:` in the metadata: `database` (default "isecg") and
`warc_dir` (where the WARC files are; without it, no archived copies are served).
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

CONFIG = "isecg-archive"
# An archived page is shown, never run: no scripts, no forms, no requests to the live site.
SANDBOX = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; frame-ancestors 'self'"
)
READ_METHODS = frozenset({"GET", "HEAD"})
# A day, or a day and a time, as ISO 8601 writes them with dashes and colons
_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)

ASGIApp = Callable[..., Awaitable[None]]


def _config(datasette: Any) -> dict[str, Any]:
    return datasette.plugin_config(CONFIG) or {}


@hookimpl
def register_routes() -> list[tuple[str, Callable[..., Awaitable[Any]]]]:
    return [
        (r"^/-/capture/(?P<capture_id>[0-9]+)$", archived_copy),
        (r"^/-/archived$", archived_url),
        (r"^/-/cite$", cite_record),
        (r"^/-/as-it-was$", as_it_was),
    ]


@hookimpl
def prepare_connection(conn: sqlite3.Connection, datasette: Any) -> None:
    """`archived_link(url, at)` in SQL: the reading room's address of `url` as archived at
    `at`, which the Atom feed's entries link (the live page may have changed or gone)."""

    def archived_link(url: str | None, at: str | None) -> str | None:
        if not url:
            return None
        when = f"at={quote(at, safe=':')}&" if at else ""
        return datasette.urls.path(f"/-/archived?{when}url={quote(url, safe=':/')}")

    conn.create_function("archived_link", 2, archived_link, deterministic=True)


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    database = _config(datasette).get("database", "isecg")
    return [
        {"href": datasette.urls.path(f"/{database}/search_everything"), "label": "Search"},
        {"href": datasette.urls.path("/-/as-it-was"), "label": "A page as it was on a date"},
        {"href": datasette.urls.path("/-/dashboards/archive"), "label": "Charts"},
        {
            "href": datasette.urls.path(f"/-/download/{database}.db"),
            "label": "Download the database",
        },
        {"href": datasette.urls.path(f"/{database}/feed.atom"), "label": "Atom feed of changes"},
    ]


@hookimpl
def asgi_wrapper() -> Callable[[ASGIApp], ASGIApp]:
    def wrap(app: ASGIApp) -> ASGIApp:
        async def read_only(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            if scope["method"] not in READ_METHODS:
                await Response.text(
                    "This archive is read-only: only GET and HEAD are answered.\n",
                    status=405,
                    headers={"Allow": "GET, HEAD"},
                ).asgi_send(send)
                return

            async def send_noindex(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    headers = [*message.get("headers", []), (b"x-robots-tag", b"noindex, nofollow")]
                    message = {**message, "headers": headers}
                await send(message)

            await app(scope, receive, send_noindex)

        return read_only

    return wrap


async def archived_copy(request: Any, datasette: Any) -> Response:
    """The archived answer of one capture, as it was served, but inert."""
    config = _config(datasette)
    database = config.get("database", "isecg")
    await datasette.ensure_permissions(
        request.actor,
        [("view-table", (database, "captures")), ("view-database", database), "view-instance"],
    )
    capture_id = int(request.url_vars["capture_id"])
    if capture_id >= 1 << 63:  # past SQLite's integers: none such (helper-207: a 500)
        raise NotFound(f"No capture {capture_id}")
    # The archive's one query for a capture's content (a revisit's is its original's). Imported
    # here, as _read_payload imports the WARC reader: a Datasette published without the
    # archive package serves no archived copies, and must still load this plugin.
    try:
        from archive.captures import READABLE
    except ImportError:  # a published copy: a 404 saying so, not a 500 (helper-201)
        raise NotFound("No archived copies are served here: the WARC files are not") from None

    sql = READABLE + " WHERE c.id = ?"
    row = (await datasette.get_database(database).execute(sql, [capture_id])).first()
    if row is None:
        raise NotFound(f"No capture {capture_id}")
    if not row["warc_file"] or not config.get("warc_dir"):
        raise NotFound(f"No archived copy of capture {capture_id} is served here")
    try:
        headers, body = await asyncio.to_thread(
            _read_payload, Path(config["warc_dir"]), row["warc_file"], row["warc_offset"]
        )
    except (OSError, ValueError) as error:
        # damaged: the same bytes a later crawl fetched again whole, if it has (helper-196:
        # a citation's link answered 500 where capture 354 held them intact)
        from archive.captures import SAME_BYTES

        where = [row["warc_file"], row["warc_offset"]]
        for name, offset, other in await datasette.get_database(database).execute(
            SAME_BYTES, where
        ):
            try:  # one that reads: two damaged copies would send a reader back and forth
                await asyncio.to_thread(_read_payload, Path(config["warc_dir"]), name, offset)
            except (OSError, ValueError):
                continue
            query = f"?{request.query_string}" if request.query_string else ""  # ?raw=1
            return Response.redirect(datasette.urls.path(f"/-/capture/{other}") + query)
        return Response.text(f"The archived copy cannot be read: {error}\n", status=500)
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
    fetched = datetime.fromisoformat(row["fetched_at"].replace("Z", "+00:00"))
    extra = {
        "Content-Security-Policy": SANDBOX,
        "X-Content-Type-Options": "nosniff",
        "Link": f'<{row["url"]}>; rel="original"',
        "Memento-Datetime": format_datetime(fetched, usegmt=True),
        "X-Archive-Status": str(row["status"]),
    }
    font = urlsplit(row["url"]).path.lower().endswith((".woff", ".woff2", ".ttf", ".otf", ".eot"))
    if font or "font" in content_type.lower():  # fetched with CORS, from origin "null"
        extra["Access-Control-Allow-Origin"] = "*"
    # ?raw=1: the content exactly as archived (decoded), whose sha256 a citation gives, as a
    # file to save rather than a page to open (the README walkthrough, helper-189: the
    # rewritten page's digest is not the cited one)
    raw = request.args.get("raw") == "1"
    kind = next((k for k in ("html", "css") if k in content_type.lower()), None)
    if kind and not raw:
        body = await _rewritten(datasette, database, row, body, content_type)
        content_type = f"text/{kind}; charset=utf-8"  # as _rewritten wrote it
    if raw or "pdf" in content_type.lower():  # a viewer plugin would not honour the sandbox
        # the file's own name where its address has one, not a host ("127.0.0.1:8080")
        path = urlsplit(row["url"]).path
        name = Path(path).name or f"capture-{capture_id}"
        if raw and "html" in content_type.lower() and "." not in name:
            name += ".html"
        extra["Content-Disposition"] = f'attachment; filename="{name}"'
    return Response(
        body, status=200, headers=extra, content_type=content_type or "application/octet-stream"
    )


async def _rewritten(datasette: Any, database: str, row: Any, body: bytes, ctype: str) -> bytes:
    """An archived page with the banner, or a style sheet, its addresses pointing at archived
    captures (a sheet's images and fonts were not shown: their url()s named the live site)."""
    from archive.archived_copy import Captures, banner, decorate, rewrite_links, rewrite_stylesheet
    from archive.decoding import page_text

    # in the set the page declares, in its header or its <meta> (helper-203: a <meta>'s
    # windows-1252 was read as UTF-8), written out as UTF-8, which the header then says
    page = page_text(body, ctype)
    result = await datasette.get_database(database).execute(
        "SELECT url, id, fetched_at FROM captures WHERE warc_file IS NOT NULL"
        " AND status IS NOT NULL",
        truncate=False,
    )
    captures = Captures((r["url"], r["id"], r["fetched_at"]) for r in result.rows)
    prefix = datasette.urls.path("/-/capture/")
    lookup = datasette.urls.path("/-/archived?")
    if "html" not in ctype.lower():
        sheet = rewrite_stylesheet(page, row["url"], row["fetched_at"], captures, prefix, lookup)
        return sheet.encode("utf-8")
    page = rewrite_links(page, row["url"], row["fetched_at"], captures, prefix, lookup)
    others = datasette.urls.path(
        f"/{database}/captures?url={quote(row['url'], safe='')}&_sort=fetched_at"
    )
    more = (
        await datasette.get_database(database).execute(
            "SELECT source_url, retrieved_at, revisit_of FROM captures WHERE id = ?", [row["id"]]
        )
    ).first()
    copied = (more["source_url"] or "", more["retrieved_at"] or "")
    wayback = copied if row["source"] == "wayback" else None
    bar = banner(row["url"], row["fetched_at"], row["status"], others, wayback, more["revisit_of"])
    return decorate(page, bar).encode("utf-8")


def _read_payload(
    warc_dir: Path, warc_file: str, offset: int
) -> tuple[list[tuple[str, str]], bytes]:
    from archive.decode import decoded_payload
    from archive.warc_read import read_record

    _, _, headers, payload = read_record(warc_dir, warc_file, offset)
    return headers, decoded_payload(headers, payload)


def moment(value: str) -> str | None:
    """A date or time as the archive writes times (UTC, ms, Z); a day alone means its end, so
    "as it was on D" includes everything captured that day. None when it is no date."""
    value = value.strip()
    if not _MOMENT.fullmatch(value):  # "20261207" is no day here (fromisoformat takes it)
        return None
    try:
        if len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d")
            return day.strftime("%Y-%m-%dT23:59:59.999Z")
        when = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        return None
    if when.tzinfo is not None:
        try:
            when = when.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:  # "9999-12-31T23:00-05:00": past the calendar in UTC
            return None
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


async def archived_url(request: Any, datasette: Any) -> Response:
    """/-/archived?url=U[&at=DATE or TIME]: to the archived copy of U current at that moment
    (the last capture at or before it, else the first after); with no moment, its last
    capture that holds the page (2xx, 304), its last redirect, error or 404 only where none
    does (helper-200: a removed post's "as archived" link opened its "Page not found";
    helper-203: a page moved by a 301 opened the redirect's empty answer)."""
    database = _config(datasette).get("database", "isecg")
    url, at = request.args.get("url", "").strip(), request.args.get("at", "").strip()
    if not url:  # a request, not an address the archive lacks (helper-191: it said 404)
        return Response.text("url: the address of a page, as the site linked it\n", 400)
    when = moment(at) if at else "9999"
    if when is None:
        return Response.text(f"at: a date (YYYY-MM-DD) or an ISO 8601 time, not {at!r}\n", 400)

    def current(conn: sqlite3.Connection) -> int | None:
        # The nearest capture at or before `when` (else the first after) among every form:
        # a Wayback capture kept under the raw `/wordpress/?p=N` and our own under `?p=N`
        # are one page's.
        forms = list(_url_forms(conn, url))
        row = conn.execute(
            f"SELECT id FROM captures WHERE url IN ({', '.join('?' * len(forms))})"
            " AND warc_file IS NOT NULL ORDER BY fetched_at <= ? DESC,"
            " ? AND coalesce(status, 0) NOT BETWEEN 200 AND 299 AND status IS NOT 304,"
            " CASE WHEN fetched_at <= ? THEN fetched_at END DESC, fetched_at LIMIT 1",
            [*forms, when, not at, when],
        ).fetchone()
        return None if row is None else int(row[0])

    capture_id = await datasette.get_database(database).execute_fn(current)
    if capture_id is None:
        page = await datasette.render_template(
            "not_archived.html",
            {"url": url, "live": url.startswith(("http://", "https://"))},
            request=request,
        )
        return Response.html(page, status=404)
    return Response.redirect(datasette.urls.path(f"/-/capture/{capture_id}"))


def _url_forms(conn: sqlite3.Connection, url: str) -> Iterator[str]:
    """`url` in every form the archive may hold it under (`/wordpress/?p=N`, https, ...)."""
    try:
        from archive.lookup import url_forms
    except ImportError:  # published without the archive package: the URL as given
        return iter([url])
    return url_forms(conn, url)


async def as_it_was(request: Any, datasette: Any) -> Response:
    """/-/as-it-was: a form for a URL and a date, answered by /-/archived."""
    database = _config(datasette).get("database", "isecg")
    home = (
        await datasette.get_database(database).execute(
            "SELECT site FROM crawls ORDER BY id DESC LIMIT 1"
        )
    ).first()
    page = await datasette.render_template(
        "as_it_was.html",
        {
            "url": request.args.get("url") or (home["site"] if home else ""),
            "at": request.args.get("at", ""),
            "database": database,
        },
        request=request,
    )
    return Response.html(page)


async def cite_record(request: Any, datasette: Any) -> Response:
    """/-/cite?record=TABLE:KEY&format=text|bibtex|csl-json: what `isecg cite` prints."""
    try:
        from archive.cite import FORMATS, CiteError, find, render
    except ImportError:  # a published copy: citations name captures it does not serve
        raise NotFound("Citations are made where the archive is: isecg cite TABLE:KEY") from None

    database = _config(datasette).get("database", "isecg")
    fmt = request.args.get("format", "text")
    if fmt not in FORMATS:
        return Response.text(f"format: one of {', '.join(FORMATS)}\n", status=400)
    base = request.url.split("/-/cite", 1)[0]
    db = datasette.get_database(database)

    def run(conn: Any) -> str:
        import sqlite_utils

        return render(
            find(
                sqlite_utils.Database(conn, execute_plugins=False),
                request.args.get("record", ""),
                base,
            ),
            fmt,
        )

    try:
        text = await db.execute_fn(run)
    except CiteError as error:
        raise NotFound(str(error)) from None
    # CSL-JSON as its own type (helper-207); BibTeX as text a browser shows, as the text form
    kind = "application/vnd.citationstyles.csl+json" if fmt == "csl-json" else "text/plain"
    return Response(text, content_type=f"{kind}; charset=utf-8")
