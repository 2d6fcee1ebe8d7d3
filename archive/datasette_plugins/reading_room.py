"""The reading room's presentation, as a Datasette plugin (loaded with isecg_archive.py from
`plugins_dir`; the templates are in archive/datasette_templates/, the stylesheet and script in
archive/datasette_static/, both given to Datasette by archive/serve.py).

- record pages: a news post, a publication, an agency and a document read as a page
  (row-isecg-<table>.html), with what archive/reading.py finds for them;
- long text shows its start and opens in place ("more"); tables open with a few sensible
  columns, and search exports lose the marks only its page shows (rewrites.py);
- links stay in the archive: a URL links to its archived capture first, the live page second;
- search snippets show the words found marked (<mark>), everything else escaped;
- a date the queries' SQL cannot read (`since`, `date`) is refused with a 400 that says so,
  not answered with no rows, as if nothing had happened then;
- a 404 or any other client error is answered without a traceback on the console.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, quote
from weakref import WeakKeyDictionary

import datasette.handle_exception as datasette_errors
from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils import tilde_decode, tilde_encode, to_css_class
from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup, escape

CONFIG = "isecg-archive"
CAPTURE_COLUMNS = ("capture_id", "last_capture_id", "good_capture_id", "revisit_of")
# Rows `isecg cite` and /-/cite cite, by the column holding their key.
CITABLE = {("news", "id"), ("publications", "id"), ("agencies", "id"), ("documents", "url")}
URL_COLUMNS = {
    "url",
    "document_url",
    "joined_source_url",
    "announcing_post",
    "announcing_post_url",
    "src",
    "dst",
    "found_on",
    "alias",
}
LONG_TEXT = 160  # characters of a long cell shown before "more"
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"  # what the search queries' snippet() marks with
ROW_PAGES = ("news", "publications", "agencies", "documents")
# The canned queries' date parameters, read by SQLite's date functions, and the forms those
# read, as archive/changes.py's parse_since takes them for `isecg changes`.
DATE_PARAMETERS = {
    "changes_since": "since",
    "news_as_of": "date",
    "publications_as_of": "date",
    "members_on_date": "date",
}
DATE_FORM = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$"
)
SPAN = re.compile(r"^(\d+)\s*([dh])$")  # changes_since's "7d" or "36h"


# Each instance's settings, read once: Datasette's plugin_config() copies the whole of them
# (resolving $env and $file) on every call, and render_cell asks for each cell; at 100 rows a
# page that was 60% of the news table page's time.
_CONFIGS: WeakKeyDictionary[Any, dict[str, Any]] = WeakKeyDictionary()


def _config(datasette: Any) -> dict[str, Any]:
    config = _CONFIGS.get(datasette)
    if config is None:
        config = _CONFIGS[datasette] = datasette.plugin_config(CONFIG) or {}
    return config


def _archived_copies(datasette: Any) -> bool:
    """Archived copies are served only where the WARC files are (not by `datasette publish`)."""
    return bool(_config(datasette).get("warc_dir"))


def _archived(datasette: Any, url: str) -> str:
    # A plain str: Datasette's PrefixedUrlString answers each attribute asked of it (escape()
    # asks for __html__) in Python, 30 µs a cell.
    return str(datasette.urls.path(f"/-/archived?url={quote(url, safe='')}"))


def url_cell(datasette: Any, url: str) -> Markup:
    """A URL: its archived capture first, the live page second. (escape(), not Markup.format:
    format escapes through a Python-level Formatter, 20 µs a cell, and every row has a URL.)"""
    shown = escape(url)
    if not _archived_copies(datasette):
        return Markup(f'<a href="{shown}" class="live">{shown}</a>')
    archived = escape(_archived(datasette, url))
    return Markup(
        f'<a href="{archived}" title="the archived capture">{shown}</a> <a href="{shown}"'
        ' class="live" title="the live page">live</a>'
    )


def marked(snippet: str) -> Markup:
    """A snippet with its marks as <mark>, and nothing else of it taken as HTML; a PDF's page
    break (a form feed, which a browser shows as nothing) as a space (helper-200)."""
    shown = str(escape(snippet)).replace("\f", " ")
    return Markup(shown.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))


def clipped(text: str) -> Markup:
    """A long text's start, the whole of it one click away."""
    return Markup(
        '<span class="clip">{}…</span><details class="more"><summary>more</summary>{}</details>'
    ).format(text[:LONG_TEXT], text)


def record_link(datasette: Any, database: str, value: str) -> Markup | None:
    """`table:key` (as the search and as-of queries name records) as a link to its page."""
    table, _, key = value.partition(":")
    if table not in ROW_PAGES or not key:
        return None
    href = str(datasette.urls.row(database, table, tilde_encode(key)))
    return Markup(f'<a href="{escape(href)}" title="{escape(value)}">open</a>')


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Any:
    copies = _archived_copies(datasette)
    if column in CAPTURE_COLUMNS and value is not None and copies:
        capture = value.get("value") if isinstance(value, dict) else value
        label = (value.get("label") if isinstance(value, dict) else None) or capture
        row_url = str(datasette.urls.row(database, "captures", tilde_encode(str(capture))))
        copy_url = str(datasette.urls.path(f"/-/capture/{capture}"))
        return Markup('<a href="{}">{}</a> · <a href="{}">archived copy</a>').format(
            row_url, label, copy_url
        )
    if not isinstance(value, str) or not value:
        return None
    if table == "agencies" and column == "logo" and copies:  # the logo, kept as evidence
        return Markup('<a href="{}">archived logo</a> · <a href="{}">live</a>').format(
            _archived(datasette, value), value
        )
    if (table, column) in CITABLE and copies:
        record = quote(f"{table}:{value}", safe="")
        cite_url = str(datasette.urls.path(f"/-/cite?record={record}"))
        shown = url_cell(datasette, value) if column == "url" else value
        return Markup('{} <a href="{}" title="a stable citation of this record">cite</a>').format(
            shown, cite_url
        )
    if table == "captures" and column == "warc_file" and copies:
        copy_url = datasette.urls.path(f"/-/capture/{row['id']}")
        return Markup('<a href="{}" title="the archived copy">{}</a>').format(copy_url, value)
    if column == "snippet" and table is None:
        return marked(value)
    if column == "record" and table is None:
        return record_link(datasette, database, value)
    if column in URL_COLUMNS and value.startswith(("http://", "https://")):
        return url_cell(datasette, value)
    if len(value) > LONG_TEXT + 40:
        return clipped(value)
    return None


def _real_moment(value: str) -> bool:
    """Whether a value of DATE_FORM names a real day and time within years 1 to 9999 in UTC:
    SQLite gives nothing for 2026-13-01, 25:00 or 9999-12-31T23:00-02:00 and moves 2026-02-30
    to March, where `isecg changes` refuses all four."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return False
    return True


def _real_span(value: str) -> bool:
    """Whether a span back from now (7d, 36h) stays after year 1, as `isecg changes` asks."""
    match = SPAN.match(value)
    if match is None:
        return False
    amount = int(match[1])
    try:
        datetime.now(UTC) - (timedelta(days=amount) if match[2] == "d" else timedelta(hours=amount))
    except OverflowError:
        return False
    return True


def unreadable_date(path: str, query: bytes) -> str | None:
    """Why a canned query's date parameter cannot be read; None when it can or there is none."""
    parts = path.strip("/").split("/")
    name = DATE_PARAMETERS.get(tilde_decode(parts[-1]).split(".")[0]) if len(parts) == 2 else None
    if name is None:
        return None
    for key, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        given = value.strip()
        if key != name or not given or (DATE_FORM.match(given) and _real_moment(given)):
            continue
        if name == "since" and _real_span(given):
            continue
        span = ", or a span back such as 7d or 36h" if name == "since" else ""
        return (
            f"not a date: {value!r} ({name} is YYYY-MM-DD or an ISO 8601 time such as"
            f" 2026-12-03T21:24:00Z or 2026-12-03 21:24:00+02:00{span})"
        )
    return None


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def dates_checked(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
                refused = unreadable_date(scope["path"], scope.get("query_string", b""))
                if refused is not None:
                    info = {"ok": False, "error": refused, "status": 400, "title": "Not a date"}
                    if scope["path"].endswith(".json"):
                        answer = Response.json(info, status=400)
                    else:
                        page = await datasette.render_template(["400.html", "error.html"], info)
                        answer = Response.html(page, status=400)
                    await answer.asgi_send(send)
                    return
            await app(scope, receive, send)

        return dates_checked

    return wrap


# -- pages -----------------------------------------------------------------------------------


@hookimpl
def extra_template_vars(
    template: str, database: str, table: str, view_name: str, request: Any, datasette: Any
) -> Any:
    async def more() -> dict[str, Any]:
        found: dict[str, Any] = {"archived_copies": _archived_copies(datasette)}
        if request is None:
            return found
        if view_name == "row" and table in ROW_PAGES and database:
            found["page"] = await _record_page(request, datasette, database, table)
        return found

    return more


async def _record_page(request: Any, datasette: Any, database: str, table: str) -> dict[str, Any]:
    try:
        from archive.reading import PAGES
    except ImportError:  # published without the archive package: Datasette's own row page
        return {}
    key = tilde_decode(request.url_vars["pks"])
    base = f"{request.scheme}://{request.host}"
    page: dict[str, Any] = await datasette.get_database(database).execute_fn(
        lambda conn: PAGES[table](conn, key, base)
    )
    return page


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    env.filters["tilde_encode"] = lambda value: tilde_encode(str(value))
    env.filters["table_rows"] = table_rows
    env.filters["query_rows"] = query_rows


def query_rows(rows: list[list[Any]], columns: list[str]) -> Markup:
    """A query page's rows (`query.html`), cell for cell as Datasette's template writes them."""
    classes = [str(escape(to_css_class(column))) for column in columns]
    html = []
    for row in rows:
        cells = "".join(
            f'<td class="col-{css}">{escape(td)}</td>'
            for css, td in zip(classes, row, strict=False)
        )
        html.append(f"<tr>{cells}</tr>\n")
    return Markup("".join(html))


def table_rows(rows: list[list[dict[str, Any]]]) -> Markup:
    """A table page's rows (`_table.html`), cell for cell as Datasette's template writes them:
    its loop in Jinja's async mode took a fifth of a 100-row page's time."""
    classes: dict[str, str] = {}
    html = []
    for row in rows:
        html.append("<tr>")
        for cell in row:
            column = cell["column"]
            if column not in classes:
                classes[column] = str(escape(to_css_class(column)))
            html.append(
                f'<td class="col-{classes[column]} type-{escape(cell["value_type"])}">'
                f"{escape(cell['value'])}</td>"
            )
        html.append("</tr>\n")
    return Markup("".join(html))


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.path("/reading-room/reading-room.css")]


@hookimpl
def extra_js_urls(datasette: Any) -> list[dict[str, Any]]:
    return [{"url": datasette.urls.path("/reading-room/reading-room.js"), "module": False}]


@hookimpl
def handle_exception(datasette: Any, request: Any, exception: Exception) -> Any:
    """A client error (404, 403, 400) or a refusal Datasette words itself (a column that
    cannot be sorted by) is an answer, not a fault: the same page Datasette shows, without
    the 150-line traceback its own handler prints on the console for every one. Anything
    else goes to Datasette's handler, traceback and all."""
    if isinstance(exception, Base400):
        status, message, title = (
            exception.status,
            str(exception.args[0] if exception.args else ""),
            None,
        )
    elif isinstance(exception, DatasetteError):
        status, message, title = exception.status, exception.message, exception.title
        if exception.message_is_html:
            message = Markup(message)
    else:
        return datasette_errors.handle_exception(datasette, request, exception)

    async def answer() -> Response:
        info = {"ok": False, "error": message, "status": status, "title": title}
        if request.path.split("?")[0].endswith(".json"):
            return Response.json(info, status=status)
        page = await datasette.render_template(
            [f"{status}.html", "error.html"], info, request=request
        )
        return Response.html(page, status=status)

    return answer


# Datasette calls every handle_exception hook, and its own prints the traceback before it
# answers: it is taken out of the plugin manager, and called above for real errors only.
if pm.is_registered(datasette_errors):
    pm.unregister(datasette_errors)
