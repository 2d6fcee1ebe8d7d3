"""The reading room's shortcuts for 100,000 posts (archive/datasette_plugins/at_scale.py and
year_facet.py) give what Datasette's own way gives: the same rows, counts and facets, and a
streamed CSV with every row. Speed itself is measured by `make bench`, never here."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from pathlib import Path

import pytest

import archive.serve
from tests.crawl_helpers import Crawled
from tests.serve_helpers import Client, client_for

TERM = "Mars"  # in news posts, publications and documents of the replica


def query(data: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(data / "isecg.db") as conn:
        return conn.execute(sql, params).fetchall()


def shown_count(page: str) -> int:
    found = re.search(r"<h3>\s*([\d,]+) rows?", page)
    assert found, "the page shows no count"
    return int(found[1].replace(",", ""))


def test_a_search_lists_what_datasette_finds_newest_first(client: Client, data: Path):
    found = client.rows("/isecg/news.json", _search=TERM, _col="published")
    matching = query(
        data,
        "SELECT id FROM news WHERE rowid IN (SELECT rowid FROM news_fts WHERE news_fts MATCH ?)",
        f'"{TERM}"',
    )
    assert found
    assert {r["id"] for r in found} == {r[0] for r in matching}
    published = [r["published"] or "" for r in found]
    assert published == sorted(published, reverse=True)


def test_a_search_reads_the_sort_index_not_every_match(client: Client, data: Path):
    ran = client.get("/isecg/news.json", params={"_search": TERM}).json()["query"]
    assert "+rowid in (select rowid from" in ran["sql"]
    plan = query(data, f"EXPLAIN QUERY PLAN {ran['sql']}".replace("escape_fts(:search)", "?"), TERM)
    steps = " | ".join(str(step[3]) for step in plan)
    assert "USE TEMP B-TREE FOR ORDER BY" not in steps, steps
    assert "news_published" in steps, steps


def test_a_search_sorted_by_a_column_without_an_index_is_left_to_datasette(client: Client):
    ran = client.get("/isecg/news.json", params={"_search": TERM, "_sort": "title"}).json()
    assert "+rowid" not in ran["query"]["sql"]
    assert "rowid in (select rowid from" in ran["query"]["sql"]
    assert ran["rows"]


def test_a_search_shows_the_count_of_its_matches(client: Client, data: Path):
    page = client.get("/isecg/news", params={"_search": TERM}).text
    fts = query(data, "SELECT count(*) FROM news_fts WHERE news_fts MATCH ?", f'"{TERM}"')[0][0]
    counted = client.get("/isecg/news.json", params={"_search": TERM}).json()
    assert shown_count(page) == fts == counted["filtered_table_rows_count"] > 0


def test_a_search_with_a_filter_is_counted_by_the_table(client: Client, data: Path):
    year = query(
        data,
        "SELECT max(substr(published, 1, 4)) FROM news WHERE rowid IN"
        " (SELECT rowid FROM news_fts WHERE news_fts MATCH ?)",
        f'"{TERM}"',
    )[0][0]
    params = {"_search": TERM, "published__startswith": str(year)}
    page = client.get("/isecg/news", params=params).text
    rows = client.rows("/isecg/news.json", **params)
    assert shown_count(page) == len(rows) > 0


def test_a_search_shows_the_year_facet_only_when_asked(client: Client):
    plain = client.get("/isecg/news.json", params={"_search": TERM}).json()
    assert "published" not in plain["facet_results"]
    asked = client.get(
        "/isecg/news.json", params={"_search": TERM, "_facet_year": "published"}
    ).json()
    counts = asked["facet_results"]["published"]["results"]
    assert sum(c["count"] for c in counts) == asked["filtered_table_rows_count"]


@pytest.mark.parametrize(
    ("address", "where"),
    [
        ("/isecg/news.json?_size=0", "1"),  # the whole table: one index seek a year
        ("/isecg/news.json?_size=0&removed_at__isnull=1", "removed_at IS NULL"),  # grouped
    ],
)
def test_the_year_facet_counts_every_dated_row(
    client: Client, data: Path, address: str, where: str
):
    facet = client.get(address).json()["facet_results"]["published"]
    by_year = query(
        data,
        f"SELECT substr(published, 1, 4), count(*) FROM news WHERE {where}"
        " AND published GLOB '[0-9][0-9][0-9][0-9]*' GROUP BY 1 ORDER BY 1 DESC",
    )
    assert [(v["value"], v["count"]) for v in facet["results"]] == by_year
    assert by_year


def test_the_categories_facet_is_there_when_asked(client: Client):
    facets = client.get("/isecg/news.json?_size=0").json()["facet_results"]
    assert "categories" not in facets
    asked = client.get("/isecg/news.json?_size=0&_facet_array=categories").json()
    assert asked["facet_results"]["categories"]["results"]


@pytest.mark.parametrize("table", ["publications", "news"])
def test_a_streamed_csv_has_every_row_when_pages_are_small(
    data: Path, table: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(archive.serve.SETTINGS, "max_returned_rows", 3)
    with client_for(data) as small:
        streamed = small.get(f"/isecg/{table}.csv?_stream=on&_col=title").text
        first_page = small.get(f"/isecg/{table}.csv?_col=title&_size=2").text
    ids = sorted(str(r[0]) for r in query(data, f"SELECT id FROM {table}"))
    assert len(ids) > 3
    assert sorted(row[0] for row in list(csv.reader(io.StringIO(streamed)))[1:]) == ids
    assert len(list(csv.reader(io.StringIO(first_page)))) == 3  # the header and the two asked for


def test_the_year_facet_counts_again_after_a_write(later_recrawl: Crawled, tmp_path: Path):
    data = later_recrawl.copy(tmp_path / "data")
    sql = (
        "SELECT substr(published, 1, 4), count(*) FROM news"
        " WHERE published GLOB '[0-9][0-9][0-9][0-9]*' GROUP BY 1 ORDER BY 1 DESC"
    )
    with client_for(data) as reader:

        def years() -> list[tuple[object, ...]]:
            facet = reader.get("/isecg/news.json?_size=0").json()["facet_results"]["published"]
            return [(v["value"], v["count"]) for v in facet["results"]]

        assert years() == years() == query(data, sql)
        with sqlite3.connect(data / "isecg.db") as writer:  # as a crawl would, meanwhile
            writer.execute(
                "UPDATE news SET published = '1999-01-01' WHERE id = (SELECT min(id) FROM news)"
            )
        assert years() == query(data, sql)
        assert ("1999", 1) in years()
