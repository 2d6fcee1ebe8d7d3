"""A `year` facet, as a Datasette plugin (loaded from `plugins_dir` with the others):
`facets: [{year: published}]` in the metadata groups ISO dates by their first four characters
and filters with `published__startswith=YYYY`, so no view or extra column is needed.

At 100,000 posts, grouping every row's year reads the whole year index (25 ms). On a table's
first look (no filter), when an index on `substr(column, 1, 4)` exists (migration 011 made
news_year), the years are found one index seek each, newest first, and each counted over its
own range of that index (6 ms): the same counts. Filtered rows are grouped as before.

A search (`_search`) shows the facets the metadata declares only when the address asks for
them (`_facet_year=published`): grouping 13,000 matches took longer than the search itself.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

YEAR_GLOB = "'[0-9][0-9][0-9][0-9]'"


class YearFacet(Facet):
    """Facet an ISO 8601 date column by year: `{"year": "published"}` in the metadata."""

    type = "year"

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        pairs = self.get_querystring_pairs()
        size = self.get_facet_size()
        searching = bool(self.request.args.get("_search"))
        for source_and_config in self.get_configs():
            config, source = source_and_config["config"], source_and_config["source"]
            if searching and source == "metadata":
                continue
            column = config.get("column") or config["simple"]
            sql = await self._sql(column, size)
            try:
                rows = await self.ds.execute(
                    self.database,
                    sql,
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            key = f"{column}__startswith"
            values = []
            for row in rows.rows[:size]:
                value = str(row["value"])
                selected = (key, value) in pairs
                change = path_with_removed_args if selected else path_with_added_args
                path = self.ds.urls.path(change(self.request, {key: value}))
                values.append(
                    {
                        "value": value,
                        "label": value,
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, path),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": source != "metadata",
                    "toggle_url": self.ds.urls.path(
                        path_with_removed_args(self.request, {"_facet_year": column})
                    ),
                    "truncated": len(rows) > size,
                }
            )
        return results, timed_out

    async def _sql(self, column: str, size: int) -> str:
        col, table = escape_sqlite(column), escape_sqlite(self.table)
        year = f"substr({col}, 1, 4)"
        if self.sql.rstrip().endswith(f"from {table}") and await self._indexed(year):
            # The whole table: a loose index scan (one seek per year, one range count each).
            return (
                f"WITH RECURSIVE years(value) AS ("
                f" SELECT max({year}) FROM {table} WHERE {year} GLOB {YEAR_GLOB}"
                f" UNION ALL SELECT (SELECT max({year}) FROM {table}"
                f" WHERE {year} < value AND {year} GLOB {YEAR_GLOB})"
                f" FROM years WHERE value IS NOT NULL LIMIT {size + 1})"
                f" SELECT value, (SELECT count(*) FROM {table} WHERE {year} = value) AS count"
                f" FROM years WHERE value IS NOT NULL"
            )
        return (
            f"SELECT {year} AS value, count(*) AS count FROM ({self.sql})"
            f" WHERE {col} GLOB '[0-9][0-9][0-9][0-9]*'"
            f" GROUP BY value ORDER BY value DESC LIMIT {size + 1}"
        )

    async def _indexed(self, expression: str) -> bool:
        """Whether an index of the table starts with this expression (as written there)."""
        rows = await self.ds.execute(
            self.database,
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :table",
            {"table": self.table},
        )
        return any(row["sql"] and f"({expression}" in row["sql"].replace(" (", "(") for row in rows)


@hookimpl
def register_facet_classes() -> list[type]:
    return [YearFacet]
