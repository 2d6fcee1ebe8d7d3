"""A table's whole CSV (`?_stream=on`, archive/datasette_plugins/table_csv.py) is the CSV
Datasette writes: the same header and values, blobs as links, every row once, in the table's
order (sort column, then key); anything else is still Datasette's. Speed is `make bench`'s."""

from __future__ import annotations

import csv
import io
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import archive.serve
from archive.datasette_plugins.table_csv import csv_line
from tests.serve_helpers import Client, client_for

HOSTILE: list[object] = [
    "",
    None,
    "plain",
    'a "quote"',
    "a, comma",
    "two\nlines",
    "cr\rx",
    " lead",
    "ünï ☃",
]
HOSTILE += ["0", 0, -3, 2**62, 1.5, 1e20, 0.1, b"\x00\x01"]


def lines(text: str) -> list[str]:
    return sorted(text.split("\r\n"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """An archive-named database of awkward values: a keyed table, a rowid table, a table of
    one column, and a keyed table with a default sort (as news is, newest first)."""
    data = tmp_path_factory.mktemp("hostile")
    rng = random.Random(15)
    with sqlite3.connect(data / "isecg.db") as conn:
        conn.execute("CREATE TABLE keyed (id TEXT PRIMARY KEY, a, b TEXT, c REAL, d BLOB)")
        for n in range(300):
            values = [rng.choice(HOSTILE) for _ in range(3)] + [rng.choice([None, b"xy", "t"])]
            conn.execute("INSERT INTO keyed VALUES (?, ?, ?, ?, ?)", (f"k{n:03}", *values))
        conn.execute("CREATE TABLE plain (x, y)")
        conn.executemany(
            "INSERT INTO plain VALUES (?, ?)", [(rng.choice(HOSTILE), n) for n in range(50)]
        )
        # Texts that are not UTF-8: in a later row, and in the first row a query reads.
        conn.execute("UPDATE keyed SET b = CAST(x'66ff67' AS TEXT) WHERE id IN ('k150', 'k299')")
        conn.execute("UPDATE plain SET x = CAST(x'ff' AS TEXT) WHERE rowid = 1")
        conn.execute("CREATE TABLE one (z TEXT PRIMARY KEY)")
        conn.executemany("INSERT INTO one VALUES (?)", [("",), ("a",), ('b"',), ("c,d",)])
        conn.execute("CREATE TABLE dated (id TEXT PRIMARY KEY, day TEXT)")
        days = [rng.choice(["2020-01-01", "2021-06-30", None]) for _ in range(40)]
        conn.executemany(
            "INSERT INTO dated VALUES (?, ?)", [(f"d{40 - n:02}", d) for n, d in enumerate(days)]
        )
    with pytest.MonkeyPatch.context() as patch:
        metadata = archive.serve.load_metadata()
        metadata["databases"]["isecg"]["tables"]["dated"] = {"sort_desc": "day"}
        patch.setattr(archive.serve, "load_metadata", lambda *args: metadata)
        with client_for(data) as client:
            yield client


@pytest.mark.parametrize("table", ["keyed", "plain", "one", "dated"])
@pytest.mark.parametrize("extra", ["", "&_header=off", "&_col=a", "&_nocol=b", "&_dl=1"])
def test_a_whole_table_is_the_csv_datasette_writes(hostile: Client, table: str, extra: str):
    if table != "keyed" and ("_col" in extra or "_nocol" in extra):
        extra = ""
    ours = hostile.get(f"/isecg/{table}.csv?_stream=on{extra}")
    # `_labels=off` changes nothing here and is not ours to answer: Datasette's own stream.
    theirs = hostile.get(f"/isecg/{table}.csv?_stream=on{extra}&_labels=off")
    assert ours.status_code == theirs.status_code == 200
    assert lines(ours.text) == lines(theirs.text)
    assert len(ours.text.split("\r\n")) > 3
    for header in ("content-type", "content-disposition"):
        assert ours.headers.get(header) == theirs.headers.get(header)
    if table == "keyed" and not extra:
        assert "/isecg/keyed/k" in ours.text and ".blob?_blob_column=d" in ours.text
        assert '"a ""quote"""' in ours.text and '"two\nlines"' in ours.text


def test_a_text_that_is_not_utf8_is_read_as_datasette_reads_it(tmp_path: Path):
    """Read at C speed, the rows stop at a text that is not UTF-8 (here in the second and third
    of the export's reads of a thousand rows) and are read again from the first row not yet
    sent: every row once, the bad bytes U+FFFD, as in Datasette's own CSV."""
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        conn.execute("CREATE TABLE big (id TEXT PRIMARY KEY, b TEXT)")
        conn.executemany("INSERT INTO big VALUES (?, ?)", [(f"k{n:04}", "b") for n in range(2500)])
        bad = ("k1500", "k2400")
        conn.execute("UPDATE big SET b = CAST(x'66ff67' AS TEXT) WHERE id IN (?, ?)", bad)
    with client_for(tmp_path) as client:
        ours = client.get("/isecg/big.csv?_stream=on").text
        theirs = client.get("/isecg/big.csv?_stream=on&_labels=off").text
    assert ours == theirs
    rows = list(csv.reader(io.StringIO(ours)))[1:]
    assert [key for key, _ in rows] == [f"k{n:04}" for n in range(2500)]
    assert [key for key, b in rows if b == "f\ufffdg"] == list(bad)


def test_rows_come_in_the_tables_order_then_by_key(hostile: Client):
    rows = list(csv.reader(io.StringIO(hostile.get("/isecg/dated.csv?_stream=on").text)))[1:]
    keyed = [(day or "", key) for key, day in rows]
    dated = [row for row in keyed if row[0]]
    assert dated == sorted(dated, key=lambda row: (-int(row[0].replace("-", "")), row[1]))
    assert keyed[len(dated) :] == sorted(row for row in keyed if not row[0])  # empty days last
    assert len({key for _day, key in keyed}) == len(keyed) == 40


def test_a_stream_in_many_pages_has_every_row_once(data: Path, monkeypatch: pytest.MonkeyPatch):
    """Datasette's own stream pages by date and key but orders its first page by date alone:
    posts of one date on both sides of a page's end came twice or not at all."""
    monkeypatch.setitem(archive.serve.SETTINGS, "max_returned_rows", 3)
    with client_for(data) as small, sqlite3.connect(data / "isecg.db") as conn:
        ids = sorted(row[0] for row in conn.execute("SELECT id FROM news"))
        published = dict(conn.execute("SELECT id, coalesce(published, '') FROM news"))
        text = small.get("/isecg/news.csv?_stream=on&_col=published").text
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert sorted(row[0] for row in rows) == ids
    dates = [published[row[0]] for row in rows if published[row[0]]]
    assert dates == sorted(dates, reverse=True) and len(dates) > 3


@pytest.mark.parametrize(
    "address",
    [
        "/isecg/news.csv?_stream=on&_search=Mars",  # a search
        "/isecg/news.csv?_stream=on&published__startswith=2020",  # a filter
        "/isecg/members.csv?_stream=on",  # a canned query
        "/isecg/publications.csv?_stream=on&_sort=title",  # another order
    ],
)
def test_anything_else_is_datasettes(client: Client, address: str):
    answer = client.get(address)
    assert answer.status_code == 200
    assert "_stream" in address and len(answer.text.split("\r\n")) > 2
    if "_sort=title" in address:
        titles = [row[1] for row in list(csv.reader(io.StringIO(answer.text)))[1:]]
        assert titles == sorted(titles)


def test_a_table_that_is_not_there_is_still_a_404(client: Client):
    assert client.get("/isecg/nothing_here.csv?_stream=on").status_code == 404


def test_a_line_is_what_the_csv_module_writes():
    rng = random.Random(15)
    pieces = ['"', ",", "\n", "\r", " ", "a", "ü", "\x00", "\t", "''"]
    values: list[object] = [None, 0, -1, 2**63 - 1, 0.1, 1e100, -0.0, True]
    for _ in range(2000):
        row = tuple(
            rng.choice(values)
            if rng.random() < 0.3
            else "".join(rng.choices(pieces, k=rng.randint(0, 4)))
            for _ in range(rng.randint(2, 5))
        )
        buffer = io.StringIO()
        csv.writer(buffer).writerow(row)
        assert csv_line(row) == buffer.getvalue(), row
