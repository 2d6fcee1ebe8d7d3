"""`isecg export`: the same rows as Datasette's CSV and JSON, UTF-8, a header row, stable order."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

from archive.export import CURATED, JSON_COLUMNS, ExportError, export
from tests.crawl_helpers import SIDE_FILES
from tests.serve_helpers import Client


def exported(data: Path, table: str, fmt: str = "csv", **bounds: str) -> bytes:
    with tempfile.TemporaryDirectory() as where:  # never beside the shared archive
        out = Path(where) / f"{table}.{fmt}"
        export(data / "isecg.db", table, fmt, out, **bounds)
        return out.read_bytes()


def datasette_params(table: str, **extra: str) -> list[tuple[str, str]]:
    """What a researcher asks Datasette for the same rows: the export's columns, sorted by date."""
    columns = re.match(r"SELECT (.*?) FROM", CURATED[table].sql)
    assert columns
    params = [("_col", c) for c in columns[1].split(", ") if c != "id"]  # the key always comes
    return [*params, ("_sort", CURATED[table].date), ("_stream", "on"), *extra.items()]


@pytest.mark.parametrize("table", ["publications", "news"])
def test_csv_is_datasettes_csv_byte_for_byte(data: Path, client: Client, table: str):
    theirs = client.get(f"/isecg/{table}.csv", params=datasette_params(table))
    assert theirs.status_code == 200
    assert exported(data, table) == theirs.content


def test_members_are_the_members_query_of_datasette(data: Path, client: Client):
    theirs = client.get("/isecg/members.csv", params={"_stream": "on"})
    assert exported(data, "members") == theirs.content


def test_since_and_until_are_datasettes_date_filters(data: Path, client: Client):
    bounds = {"published__gte": "2019-01-01", "published__lt": "2021-01-01"}
    theirs = client.get("/isecg/news.csv", params=datasette_params("news", **bounds))
    mine = exported(data, "news", since="2019-01-01", until="2020-12-31")
    assert mine == theirs.content
    assert len(list(csv.reader(io.StringIO(mine.decode())))) > 2


@pytest.mark.parametrize("table", ["publications", "news", "members"])
def test_json_and_json_lines_hold_the_same_rows(data: Path, table: str):
    from_csv = list(csv.DictReader(io.StringIO(exported(data, table).decode("utf-8"))))
    as_json = json.loads(exported(data, table, "json"))
    as_lines = [json.loads(line) for line in exported(data, table, "jsonl").splitlines()]
    assert as_json == as_lines
    # JSON columns are lists and objects in JSON, their JSON text in CSV
    as_text = [
        {
            k: ""
            if v is None
            else json.dumps(v, ensure_ascii=False)
            if k in JSON_COLUMNS
            else str(v)
            for k, v in row.items()
        }
        for row in as_json
    ]
    assert as_text == from_csv


def test_json_is_datasettes_array_shape(data: Path, client: Client):
    theirs = client.get(
        "/isecg/publications.json", params=[*datasette_params("publications"), ("_shape", "array")]
    )
    assert json.loads(exported(data, "publications", "json")) == theirs.json()


def test_publications_columns_and_a_header_row(data: Path):
    header = exported(data, "publications").decode("utf-8").splitlines()[0].split(",")
    wanted = {"title", "posted_on", "kind", "document_url", "url", "first_seen", "removed_at"}
    assert wanted <= set(header)


def test_members_columns(data: Path):
    header = exported(data, "members").decode("utf-8").splitlines()[0].split(",")
    assert {"agency_id", "name", "joined_on", "first_seen", "last_seen"} <= set(header)


def test_utf8_text_survives(data: Path):
    text = exported(data, "news").decode("utf-8")
    with sqlite3.connect(data / "isecg.db") as conn:
        titles = [t for (t,) in conn.execute("SELECT title FROM news") if t and not t.isascii()]
    assert titles
    assert all(title in text for title in titles)


def test_the_order_is_stable(data: Path):
    assert exported(data, "news") == exported(data, "news")
    ids = [row["id"] for row in json.loads(exported(data, "publications", "json"))]
    with sqlite3.connect(data / "isecg.db") as conn:
        ordered = conn.execute("SELECT id FROM publications ORDER BY posted_on, id")
        expected = [i for (i,) in ordered]
    assert ids == expected


def test_any_other_table_exports_whole_by_primary_key(data: Path):
    crawls = json.loads(exported(data, "crawls", "json"))
    assert [c["id"] for c in crawls] == [1, 2]
    assert "settings" in crawls[0]


def test_standard_output(data: Path, capsysbinary: pytest.CaptureFixture[bytes]):
    count = export(data / "isecg.db", "members", "jsonl")
    out = capsysbinary.readouterr().out
    assert count == len(out.splitlines()) == 28


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"table": "nope"}, "no table 'nope' to export; choose one of: publications, news"),
        ({"table": "news", "fmt": "xml"}, "format must be one of csv, json, jsonl"),
        ({"table": "news", "since": "2020-13-01"}, "--since must be a date"),
        ({"table": "news", "since": "2021-01-01", "until": "2020-01-01"}, "is after --until"),
        ({"table": "crawls", "since": "2021-01-01"}, "--since and --until work with"),
        ({"table": "news_fts"}, "no table 'news_fts'"),
    ],
)
def test_clear_errors(data: Path, tmp_path: Path, args: dict[str, Any], message: str):
    out = tmp_path / "out.csv"
    with pytest.raises(ExportError, match=re.escape(message)):
        export(data / "isecg.db", output=out, **args)
    assert not out.exists()  # written whole or not at all
    assert list(tmp_path.iterdir()) == []


def test_no_archive(tmp_path: Path):
    with pytest.raises(ExportError, match="no archive at"):
        export(tmp_path / "isecg.db", "news")


def test_the_export_command(data: Path, tmp_path: Path):
    from click.testing import CliRunner

    from scraper.cli import main

    out = tmp_path / "members.csv"
    result = CliRunner().invoke(main, ["export", "members", "--data", str(data), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == exported(data, "members")
    bad = CliRunner().invoke(main, ["export", "nope", "--data", str(data)])
    assert bad.exit_code == 2 and "no table 'nope'" in bad.output
    # a day the calendar lacks is said to be one, not a format it matches (helper-201)
    for day, said in (
        ("2020-13-01", "'2020-13-01' is no day of the calendar (month must be in 1..12)"),
        ("2020/01/01", "'2020/01/01' is not a day: write it YYYY-MM-DD"),
        ("\uff12\uff10\uff12\uff10-01-01", "is not a day: write it YYYY-MM-DD"),  # fullwidth
    ):
        bad = CliRunner().invoke(main, ["export", "news", "--data", str(data), "--since", day])
        assert bad.exit_code == 2 and said in bad.output, bad.output


def _digests(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_an_export_never_writes_inside_the_archive(data: Path, tmp_path: Path):
    """`-o isecg.db` replaced the archive's database with a CSV, and a WARC file likewise."""
    archive = tmp_path / "archive"
    shutil.copytree(data, archive, ignore=SIDE_FILES)
    before = _digests(archive)
    warc = next((archive / "warc").iterdir())
    link = tmp_path / "innocent.csv"
    link.symlink_to(archive / "isecg.db")
    for out in (archive / "isecg.db", warc, archive / "news.csv", link):
        with pytest.raises(ExportError, match="inside the data directory"):
            export(archive / "isecg.db", "news", "csv", out)
    assert _digests(archive) == before


def test_a_link_is_written_through_and_stays_a_link(data: Path, tmp_path: Path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    export(data / "isecg.db", "members", "csv", link)
    assert link.is_symlink()
    assert real.read_bytes() == exported(data, "members")


def test_a_pipe_is_written_to_not_replaced(data: Path, tmp_path: Path):
    """A device or a pipe named by -o (as /dev/full was, as root) is written, not swapped."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    try:
        export(data / "isecg.db", "members", "csv", fifo)
    finally:
        if reader.is_alive():  # the export did not open the pipe: let the reader go
            with contextlib.suppress(OSError), open(fifo, "wb", opener=_nonblocking):
                pass
        reader.join(10)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert got == [exported(data, "members")]


def _nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NONBLOCK)


def test_the_file_gets_the_umask_or_keeps_its_mode(data: Path, tmp_path: Path):
    """mkstemp's private 0600 used to stay on every export."""
    previous = os.umask(0o022)
    try:
        export(data / "isecg.db", "members", "csv", tmp_path / "new.csv")
        kept = tmp_path / "kept.csv"
        kept.write_text("old")
        kept.chmod(0o640)
        export(data / "isecg.db", "members", "csv", kept)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o644
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_dev_stdout_appended_to_is_written_not_replaced(data: Path, tmp_path: Path):
    """`-o /dev/stdout >> keep.csv` resolved to keep.csv and replaced it, losing its lines."""
    keep = tmp_path / "keep.csv"
    keep.write_bytes(b"kept line\n")
    script = (
        "import sys; from pathlib import Path; from archive.export import export;"
        " export(Path(sys.argv[1]), 'members', 'csv', Path('/dev/stdout'))"
    )
    root = Path(__file__).resolve().parent.parent
    with keep.open("ab") as out:
        subprocess.run(
            [sys.executable, "-c", script, str(data / "isecg.db")],
            stdout=out,
            check=True,
            cwd=root,
            env={**os.environ, "PYTHONPATH": str(root)},
        )
    assert keep.read_bytes() == b"kept line\n" + exported(data, "members")


@pytest.mark.parametrize("output", [[], ["-o", "/dev/stdout"]])
def test_a_reader_that_stops_early_gets_no_error(data: Path, output: list[str]):
    """`isecg export news_versions | head` printed "isecg: cannot write -: Broken pipe" (and
    exited 1) once head had its lines and closed the pipe (helper-44); with `-o /dev/stdout`
    too (helper-46)."""
    from tests.crawl_helpers import ISECG

    command = [str(ISECG), "export", "news_versions", "--data", str(data), *output]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(100)
        process.stdout.close()  # more than a pipe's buffer was still to come
        error = process.stderr.read()
        assert process.wait(timeout=60) == 0
    assert error == b""
