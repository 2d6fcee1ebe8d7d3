"""Tables open with a few sensible columns, as a Datasette plugin (loaded from `plugins_dir`
with the reading room's others): `default_columns` under `plugins: isecg-archive:` in the
metadata names them per table. The address of an HTML table page that names no columns of its
own (`_col`, `_nocol`) and does not ask for all (`_all=1`) is given `_col` for each.

Datasette builds the page's links from that address, so its CSV and JSON exports, its sort,
facet and next-page links carried the chosen columns, and an export had only those
(helper-200: the publications CSV lacked `description`, `year`, ...). The page's links are
given back without them: a link to another HTML page gets them again on arrival, an export
keeps every column, as the docs say.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils import tilde_decode

CONFIG = "isecg-archive"
SHOW_ALL = "_all"
MARK = "isecg_default_columns"  # in the scope of a page given its default columns
# A link's or a form's address in the page as Datasette writes it (double quotes, `&amp;`),
# and the CSV export form's hidden `_col` fields
_ADDRESS = re.compile(r'(\s(?:href|action)=")([^"]*\?[^"]*)(")')
_HIDDEN = re.compile(r'\s*<input type="hidden" name="_col" value="[^"]*">')


def default_columns(datasette: Any, database: str, table: str) -> list[str]:
    config = datasette.plugin_config(CONFIG) or {}
    if database != config.get("database", "isecg"):
        return []
    columns: list[str] = config.get("default_columns", {}).get(table, [])
    return columns


def with_default_columns(query: bytes, columns: list[str]) -> bytes | None:
    """The query string with `_col` for each default column, unless it chose its own."""
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    if not columns or any(key in ("_col", "_nocol", SHOW_ALL) for key, _ in pairs):
        return None
    return urlencode([*pairs, *(("_col", c) for c in columns)]).encode("latin-1")


def without_chosen(page: str) -> str:
    """The page's links and forms without the `_col` its address was given."""

    def cleaned(match: re.Match[str]) -> str:
        path, _, query = html.unescape(match[2]).partition("?")
        pairs = parse_qsl(query, keep_blank_values=True)
        if all(k != "_col" for k, _ in pairs):  # a cell's link, a live page's: as it was
            return match[0]
        pairs = [(k, v) for k, v in pairs if k != "_col"]
        address = f"{path}?{urlencode(pairs)}" if pairs else path
        return f"{match[1]}{html.escape(address)}{match[3]}"

    return _HIDDEN.sub("", _ADDRESS.sub(cleaned, page))


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def columns_chosen(scope: dict[str, Any], receive: Any, send: Any) -> None:
            parts = scope["path"].strip("/").split("/") if scope["type"] == "http" else []
            if len(parts) != 2 or "." in parts[1] or scope["method"] not in ("GET", "HEAD"):
                await app(scope, receive, send)  # not an HTML table page
                return
            database, table = tilde_decode(parts[0]), tilde_decode(parts[1])
            columns = default_columns(datasette, database, table)
            chosen = with_default_columns(scope.get("query_string", b""), columns)
            if chosen is None:
                await app(scope, receive, send)
                return
            start: dict[str, Any] = {}
            body: list[bytes] = []

            async def links_given_back(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    start.update(message)
                    return
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                page = without_chosen(b"".join(body).decode("utf-8")).encode("utf-8")
                headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
                headers.append((b"content-length", str(len(page)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": page})

            await app({**scope, "query_string": chosen, MARK: True}, receive, links_given_back)

        return columns_chosen

    return wrap


@hookimpl
def extra_template_vars(view_name: str, database: str, table: str, request: Any, datasette: Any):
    """What the table page says of its columns: how many it shows, and its all-columns link."""
    if view_name != "table" or request is None or not request.scope.get(MARK):
        return {}
    pairs = [(k, v) for k in request.args for v in request.args.getlist(k)]
    kept = [(k, v) for k, v in pairs if k != "_col"] + [(SHOW_ALL, "1")]
    return {
        "default_columns": default_columns(datasette, database, table),
        "all_columns_url": f"{request.path}?{urlencode(kept)}",
    }
