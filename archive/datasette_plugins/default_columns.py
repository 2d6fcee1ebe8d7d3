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
        given = html.unescape(match[2])
        address = _address(given)
        return match[0] if address == given else f"{match[1]}{html.escape(address)}{match[3]}"

    return _HIDDEN.sub("", _ADDRESS.sub(cleaned, page))


def _address(given: str) -> str:
    """An address without its `_col` pairs; as it was where it has none (a cell's link, a
    live page's)."""
    path, _, query = given.partition("?")
    pairs = parse_qsl(query, keep_blank_values=True)
    if all(k != "_col" for k, _ in pairs):
        return given
    kept = [(k, v) for k, v in pairs if k != "_col"]
    return f"{path}?{urlencode(kept)}" if kept else path


def without_chosen_in(link: bytes) -> bytes:
    """An HTTP Link header's addresses without the `_col` (its JSON alternate's; helper-203)."""
    out = []
    for each in link.decode("latin-1").split(","):  # Datasette writes the address bare
        address, semicolon, rest = each.partition(";")
        bare = address.strip().removeprefix("<").removesuffix(">")
        out.append(address.replace(bare, _address(bare)) + semicolon + rest)
    return ",".join(out).encode("latin-1")


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
            if chosen is None or scope["method"] == "HEAD":  # no body to give links back in
                scope = scope if chosen is None else {**scope, "query_string": chosen, MARK: True}
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
                headers = [
                    (k, without_chosen_in(v) if k.lower() == b"link" else v)
                    for k, v in start.get("headers", [])
                    if k != b"content-length"
                ]
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
