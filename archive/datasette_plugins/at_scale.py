"""The reading room at 100,000 posts, as a Datasette plugin (loaded from `plugins_dir` with the
others): a table's full-text search (`?_search=`) and a streamed CSV export that stay fast.

Datasette filters a search with `rowid in (select rowid from news_fts where ... match ...)`.
SQLite's planner cannot tell how many rows an FTS match gives, takes it for few, and reads
every matching row to sort them by the table's order (published, newest first): 150 ms for
"lunar gateway" (13,000 of 100,000 posts), seconds for a word in every post. With `+rowid`
the planner walks the sort order's index instead and stops at the page's last row (4 ms; 16
to 22 ms at worst, for a rare word or one in every post). Only when the page's order is an
index's: sorted by another column, Datasette's own way reads fewer rows.

Its count is the FTS table's own when the search is the only filter (the FTS index counts
its matches without reading the table: 2 ms instead of 30 ms); with any other filter, the
table's count as usual. (A search shows the year facet only when asked: year_facet.py.)

A streamed CSV (`_stream=on`) that Datasette writes (a filtered, searched or re-sorted one; a
table's whole CSV is table_csv.py's) is read in pages of max_returned_rows, as Datasette 0.65 means
to (it sets `_size=max` and then never passes it on): not in pages of 100, each a whole table
view with its permission check and metadata copies (the 2,000 publications in 20 pages took
240 ms). And it is sent in chunks of 64 KB, not a message (and a socket write) per row.

datasette-render-markdown (installed with datasette-dashboards) renders a column as Markdown
when its settings name it or it ends in `_markdown`; it read those settings for every cell
(Datasette copies the whole metadata for each read): a fifth of the news table page's time.
Its cell hook now reads them once per table and column, and is called only for those.
"""

from __future__ import annotations

from fnmatch import fnmatch
from typing import Any
from urllib.parse import parse_qsl, urlencode
from weakref import WeakKeyDictionary

from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils import await_me_maybe, escape_sqlite, tilde_decode
from datasette.utils.asgi import MultiParams

DATASETTE_SEARCH = "rowid in (select rowid from "  # how datasette/filters.py starts its filter
COUNT_FLAG = "isecg_search_count"  # set on a request whose count the FTS index gives
CHUNK = 64 * 1024  # bytes of a streamed CSV sent at once


def only_search(args: Any) -> bool:
    """A plain `_search` with no other filter (the count's `_nocount`, sort, page and column
    choices are no filters)."""
    if not args.get("_search"):
        return False
    for key in args:
        if key in ("_where", "_through", "_fts_table", "_fts_pk", "_searchmode"):
            return False
        if not key.startswith("_") or "__" in key or key.startswith("_search_"):
            return False  # a column filter (published__startswith=...) or a column search
    return True


@hookimpl(wrapper=True)
def filters_from_request(request: Any, database: str, table: str, datasette: Any) -> Any:
    results = yield
    if not request.args.get("_search"):
        return results
    return [_in_index_order(result, request, database, table, datasette) for result in results]


def _in_index_order(result: Any, request: Any, database: str, table: str, datasette: Any) -> Any:
    async def rewritten() -> Any:
        arguments = await await_me_maybe(result)
        if arguments is None or not any(
            clause.startswith(DATASETTE_SEARCH) for clause in arguments.where_clauses
        ):
            return arguments  # another filter (a column's, `_where`): no query to ask
        if await _sorted_by_an_index(request, database, table, datasette):
            arguments.where_clauses = [
                "+" + clause if clause.startswith(DATASETTE_SEARCH) else clause
                for clause in arguments.where_clauses
            ]
        return arguments

    return rewritten


async def _sorted_by_an_index(request: Any, database: str, table: str, datasette: Any) -> bool:
    """Whether the page's order (`_sort`, `_sort_desc`, else the metadata's) is the first
    column of an index: walking any other order would read every row of the table."""
    metadata = datasette.table_metadata(database, table)
    column = (
        request.args.get("_sort")
        or request.args.get("_sort_desc")
        or metadata.get("sort")
        or metadata.get("sort_desc")
    )
    if not column:
        return False
    rows = await datasette.get_database(database).execute(
        "SELECT 1 FROM pragma_index_list(:table) AS l, pragma_index_info(l.name) AS i"
        " WHERE i.seqno = 0 AND i.name = :column",
        {"table": table, "column": column},
    )
    return bool(rows.rows)


# -- a plain search's count from the FTS index; CSV streams in big pages --------------------


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """A plain search's HTML table page skips Datasette's count (`_nocount`); the page shows
    the FTS index's count instead (extra_template_vars below). JSON keeps Datasette's count.
    A streamed CSV asks for pages of max_returned_rows (`_size=max`); a CSV is sent in
    chunks, not a message per row."""

    def wrap(app: Any) -> Any:
        async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
                parts = scope["path"].strip("/").split("/")
                query = scope.get("query_string", b"").decode("latin-1")
                pairs = parse_qsl(query, keep_blank_values=True)
                if len(parts) == 2 and any(quotes_alone(key, value) for key, value in pairs):
                    pairs = [(key, value) for key, value in pairs if not quotes_alone(key, value)]
                    query = urlencode(pairs)
                    scope = {**scope, "query_string": query.encode("latin-1")}
                chosen = dict(pairs)
                added = []
                if len(parts) == 2 and "." not in parts[1] and only_search(MultiParams(pairs)):
                    added = [] if "_nocount" in chosen else [("_nocount", "1")]
                    scope = {**scope, COUNT_FLAG: tilde_decode(parts[1])}
                elif parts[-1].endswith(".csv") and chosen.get("_stream") and "_size" not in chosen:
                    added = [("_size", "max")]
                if added:
                    query += ("&" if query else "") + urlencode(added)
                    scope = {**scope, "query_string": query.encode("latin-1")}
                if parts[-1].endswith(".csv"):
                    send = buffered(send)
            await app(scope, receive, send)

        return wrapped

    return wrap


def quotes_alone(key: str, value: str) -> bool:
    """A table's search (`_search`, `_search_COLUMN`) of quotes and spaces alone: Datasette's
    escape_fts makes an empty fts5 query of it, a 400 with its SQL printed on the console.
    Dropped, it is the empty search it means (helper-191)."""
    return key.startswith("_search") and value != "" and not value.replace('"', "").strip()


def buffered(send: Any) -> Any:
    """Datasette writes a CSV a row at a time, each row one message to the server (and one
    write to the socket under uvicorn: most of a 2,000-row export's time); this sends them
    in chunks of CHUNK bytes, the last with whatever is left."""
    pending: list[bytes] = []
    size = 0

    async def send_in_chunks(message: dict[str, Any]) -> None:
        nonlocal size
        if message["type"] != "http.response.body":
            await send(message)
            return
        pending.append(message.get("body", b""))
        size += len(pending[-1])
        more = message.get("more_body", False)
        if more and size < CHUNK:
            return
        body = b"".join(pending)
        pending.clear()
        size = 0
        await send({**message, "body": body})

    return send_in_chunks


@hookimpl
def extra_template_vars(
    view_name: str, database: str, table: str, request: Any, datasette: Any
) -> Any:
    async def fts_count() -> dict[str, Any]:
        flagged = request is not None and request.scope.get(COUNT_FLAG)
        if view_name != "table" or not table or flagged != table:
            return {}
        db = datasette.get_database(database)
        fts_table = datasette.table_metadata(database, table).get("fts_table")
        fts_table = fts_table or await db.fts_table(table)
        if not fts_table:
            return {}
        fts = escape_sqlite(fts_table)
        rows = await db.execute(
            f"select count(*) from {fts} where {fts} match escape_fts(:search)",
            {"search": request.args["_search"]},
        )
        return {"filtered_table_rows_count": rows.first()[0]}

    return fts_count


# -- datasette-render-markdown's cell hook, its settings read once ---------------------------

MARKDOWN = "datasette-render-markdown"
# Per Datasette instance: (database, table, column) -> whether that plugin renders it.
_MARKDOWN_COLUMNS: WeakKeyDictionary[Any, dict[tuple[str, str | None, str], bool]] = (
    WeakKeyDictionary()
)


def markdown_column(datasette: Any, database: str, table: str | None, column: str) -> bool:
    """Whether datasette-render-markdown renders this column (its own rule: named in its
    settings, or matching its patterns, `*_markdown` unless set), decided once."""
    known = _MARKDOWN_COLUMNS.setdefault(datasette, {})
    key = (database, table, column)
    if key not in known:
        config = datasette.plugin_config(MARKDOWN, database=database, table=table) or {}
        patterns = config.get("patterns")
        patterns = ["*_markdown"] if patterns is None else patterns
        known[key] = column in (config.get("columns") or []) or any(
            fnmatch(column, pattern) for pattern in patterns
        )
    return known[key]


def _cheap_markdown_cells() -> None:
    """Re-register datasette-render-markdown with a render_cell that asks markdown_column()
    first; its other hooks (the `{% markdown %}` tag, `render_markdown` in templates) as they
    are. Run at each load of this file: done once."""
    module = next((p for p in pm.get_plugins() if p.__name__ == "datasette_render_markdown"), None)
    if module is None or hasattr(module, "isecg_cells"):
        return
    original = module.render_cell

    @hookimpl
    def render_cell(
        value: Any, column: str, table: str | None, database: str, datasette: Any
    ) -> Any:
        if not isinstance(value, str) or not markdown_column(datasette, database, table, column):
            return None
        return original(
            value=value, column=column, table=table, database=database, datasette=datasette
        )

    name = pm.get_name(module)
    pm.unregister(module)
    module.isecg_cells = (original,)  # a tuple: pluggy takes no hook from it
    module.render_cell = render_cell
    pm.register(module, name=name)


_cheap_markdown_cells()
