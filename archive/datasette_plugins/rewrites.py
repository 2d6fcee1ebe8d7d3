"""What the reading room changes in Datasette's answers on their way out, as a Datasette
plugin (loaded from `plugins_dir` with the reading room's others).

- Tables open with a few sensible columns: `default_columns` under `plugins: isecg-archive:`
  in the metadata names them per table. The address of an HTML table page that names no
  columns of its own (`_col`, `_nocol`) and does not ask for all (`_all=1`) is given `_col`
  for each. Datasette builds the page's links from that address, so its CSV and JSON
  exports, its sort, facet and next-page links carried the chosen columns, and an export
  had only those (helper-200: the publications CSV lacked `description`, `year`, ...). The
  page's links (and its Link header) are given back without them: a link to another HTML
  page gets them again on arrival, an export keeps every column, as the docs say.
- Search everything's CSV and JSON hold its snippets without the marks (U+E000, U+E001)
  that only its HTML page turns into <mark> (helper-200: 78 pairs in one CSV).
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
SEARCH_EXPORT = re.compile(r"^/[^/]+/search_everything\.(?:csv|json)$")
SNIPPET_MARKS = ("\ue000", "\ue001")  # what the search queries' snippet() marks with
# a mark as JSON escapes it, after an even number of backslashes (a text's own "\ue000", six
# characters, is written "\\ue000": no mark; helper-203)
_ESCAPED_MARK = re.compile(rb"(?<!\\)((?:\\\\)*)\\ue00[01]", re.I)
# A link's or a form's address that carries `_col`, as Datasette writes it (double quotes,
# `&amp;`), and the CSV export form's hidden `_col` fields: a cell's link is not parsed
_ADDRESS = re.compile(r'(\s(?:href|action)=")([^"]*\?[^"]*_col=[^"]*)(")')
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


def unmarked(body: bytes, json: bool) -> bytes:
    """A search export without the snippets' marks: as JSON escapes them (the escapes of its
    own only), else as UTF-8 (a CSV's text "\\ue000", six characters, is a text's own)."""
    if json:
        return _ESCAPED_MARK.sub(rb"\1", body)
    for mark in SNIPPET_MARKS:
        body = body.replace(mark.encode(), b"")
    return body


def _rewritten(send: Any, body: Any, header: Any = None, head: bool = False) -> Any:
    """`send` for an answer whose whole body passes through `body` (bytes -> bytes), and each
    header's value through `header(name, value)`, with its Content-Length made right. `head`:
    the answer to a HEAD asked as a GET, its headers sent without the body."""
    start: dict[str, Any] = {}
    parts: list[bytes] = []

    async def rewriting(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
            return
        parts.append(message.get("body", b""))
        if message.get("more_body"):
            return
        out = body(b"".join(parts))
        headers = [
            (k, header(k.lower(), v) if header else v)
            for k, v in start.get("headers", [])
            if k.lower() != b"content-length"
        ]
        await send({**start, "headers": [*headers, (b"content-length", str(len(out)).encode())]})
        await send({"type": "http.response.body", "body": b"" if head else out})

    return rewriting


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def rewrite(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
                await app(scope, receive, send)
                return
            # A HEAD is answered as the GET it asks about, without the body: its Content-Length
            # is the rewritten body's (helper-204: the page's as Datasette wrote it)
            head = scope["method"] == "HEAD"
            asked = {**scope, "method": "GET"}
            path = tilde_decode(scope["path"])
            if SEARCH_EXPORT.match(path):
                json = path.endswith(".json")
                await app(asked, receive, _rewritten(send, lambda b: unmarked(b, json), head=head))
                return
            parts = scope["path"].strip("/").split("/")
            chosen = None
            if len(parts) == 2 and "." not in parts[1]:  # an HTML table page
                database, table = tilde_decode(parts[0]), tilde_decode(parts[1])
                columns = default_columns(datasette, database, table)
                chosen = with_default_columns(scope.get("query_string", b""), columns)
            if chosen is None:
                await app(scope, receive, send)
                return
            send = _rewritten(send, links_given_back, header_given_back, head)
            await app({**asked, "query_string": chosen, MARK: True}, receive, send)

        return rewrite

    return wrap


def links_given_back(page: bytes) -> bytes:
    return without_chosen(page.decode("utf-8")).encode("utf-8")


def header_given_back(name: bytes, value: bytes) -> bytes:
    return without_chosen_in(value) if name == b"link" else value


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
