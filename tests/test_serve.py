"""Datasette on the archive: metadata, canned queries, facets, search, links, safety, and serving
while a crawl writes. Everything through `Datasette(...).client` on the crawled replica."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import httpx
import pytest

import archive.serve
from archive.serve import DEFAULT_HOST, load_metadata, make_datasette
from tests.crawl_helpers import run_crawl
from tests.fixtures.site.server import ReplicaConfig, ReplicaServer
from tests.serve_helpers import Client, client_for

ATOM = "{http://www.w3.org/2005/Atom}"

METADATA = load_metadata()
DB = METADATA["databases"]["isecg"]
QUERIES: dict[str, Any] = DB["queries"]
CHARTS: dict[str, Any] = METADATA["plugins"]["datasette-dashboards"]["archive"]["charts"]
# One set of parameters per canned query that takes any, chosen to return rows on the replica.
PARAMS: dict[str, dict[str, str]] = {
    "search_everything": {"q": "Mars"},
    "members_on_date": {"date": "2021-01-01"},
    "news_as_of": {"date": "2030-01-01"},
    "publications_as_of": {"date": "2030-01-01"},
    "changes_since": {"since": "2000-01-01"},
    "post_versions": {"wp_id": "1950"},  # edited in the replica's later state: two versions
}


def tables_and_columns(db: Path) -> dict[str, list[str]]:
    with sqlite3.connect(db) as conn:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%'"
                " AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: [r[1] for r in conn.execute(f"PRAGMA table_info([{n}])")] for n in names}


def test_every_table_and_column_is_described(data: Path):
    described = DB["tables"]
    missing = [
        f"{table}.{column}"
        for table, columns in tables_and_columns(data / "isecg.db").items()
        for column in ["(table)", *columns]
        if table not in described
        or (column == "(table)" and not described[table].get("description"))
        or (column != "(table)" and not described[table].get("columns", {}).get(column))
    ]
    assert missing == []


def test_the_archive_says_what_it_is_where_from_and_under_what_terms():
    for key in ("title", "description_html", "source", "source_url", "license"):
        assert METADATA.get(key), key


def test_a_replica_archive_names_the_site_it_was_crawled_from(data: Path):
    served = load_metadata(data / "isecg.db")
    assert served["source_url"].startswith("http://127.0.0.1:")
    assert "in place of www.globalspaceexploration.org" in served["source"]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_query_has_a_plain_title_and_description(name: str):
    assert QUERIES[name].get("title") and QUERIES[name].get("description")


def test_every_parameter_of_every_canned_query_is_exercised():
    def parameters(sql: str) -> set[str]:
        return set(re.findall(r":([a-z_]+)", re.sub(r"'[^']*'", "''", sql)))

    wanted = {name: parameters(query["sql"]) for name, query in QUERIES.items()}
    assert {name: set(PARAMS.get(name, {})) for name in QUERIES} == wanted


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_query_returns_rows(client: Client, name: str):
    assert client.rows(f"/isecg/{name}.json", **PARAMS.get(name, {}))


def test_members_on_a_date_follow_the_announcements(client: Client):
    before = {r["acronym"] for r in client.rows("/isecg/members_on_date.json", date="2021-01-01")}
    after = {r["acronym"] for r in client.rows("/isecg/members_on_date.json", date="2021-03-09")}
    assert after - before == {"NZSA"}  # announced 2021-03-09 in the replica


def test_what_changed_shows_new_edited_and_removed(client: Client):
    found = client.rows("/isecg/changes_since.json", since="2000-01-01")
    changes = {(r["kind"], r["change"]) for r in found}
    wanted = {("news", "new"), ("news", "edited"), ("news", "removed"), ("agency", "edited")}
    assert wanted <= changes


def test_every_version_of_one_post(client: Client):
    found = client.rows("/isecg/post_versions.json", wp_id="1950")
    assert [r["version"] for r in found] == [1, 2]
    assert "title" in found[1]["changed"]


@pytest.mark.parametrize(
    ("table", "facet"),
    [
        ("news", "published"),
        ("publications", "posted_on"),
        ("publications", "kind"),
        ("agencies", "country"),
    ],
)
def test_default_facets(client: Client, table: str, facet: str):
    facets = client.get(f"/isecg/{table}.json?_size=0").json()["facet_results"]
    assert facets[facet]["results"], facets.keys()


def test_the_year_facet_counts_and_filters_by_year(client: Client):
    facet = client.get("/isecg/news.json?_size=0").json()["facet_results"]["published"]
    counts = {v["value"]: v["count"] for v in facet["results"]}
    by_year = {r["year"]: r["posts"] for r in client.rows("/isecg/news_by_year.json")}
    assert counts == by_year
    picked = client.get(facet["results"][0]["toggle_url"].replace("http://localhost", ""))
    year = facet["results"][0]["value"]
    assert picked.status_code == 200
    assert f"published__startswith={year}" in str(picked.url)


@pytest.mark.parametrize(("table", "term"), [("news", "Mars"), ("publications", "roadmap")])
def test_full_text_search_box(client: Client, table: str, term: str):
    found = client.rows(f"/isecg/{table}.json", _search=term)
    assert found
    assert all(term.lower() in str(found_row).lower() for found_row in found)


def test_one_search_box_across_all_tables(client: Client):
    page = client.get("/-/search?q=Mars")
    assert page.status_code == 200
    for table in ("news", "publications", "documents"):
        assert f'"table": "{table}"' in page.text


def test_a_news_row_links_to_the_live_page_and_its_capture(client: Client):
    post = client.rows("/isecg/news.json", wp_id="1165")[0]
    page = client.get("/isecg/news/wp~3A1165").text
    assert f'href="{post["url"]}"' in page
    assert f'href="/-/capture/{post["capture_id"]}"' in page
    archived = client.get(f"/-/capture/{post['capture_id']}")
    assert archived.status_code == 200
    assert post["title"] in archived.text
    assert archived.headers["content-security-policy"].startswith("sandbox;")
    assert archived.headers["link"] == f'<{post["url"]}>; rel="original"'


def test_an_unchanged_answer_says_whose_content_it_shows(client: Client, data: Path):
    """helper-200: a revisit's copy said "(HTTP 304)" and nothing of the copy it shows."""
    with sqlite3.connect(data / "isecg.db") as conn:
        capture_id, original, status = conn.execute(
            "SELECT c.id, c.revisit_of, c.status FROM captures c JOIN captures o"
            " ON o.id = c.revisit_of WHERE o.content_type LIKE 'text/html%' LIMIT 1"
        ).fetchone()
    banner = client.get(f"/-/capture/{capture_id}").text.split("</div>", 1)[0]
    assert f"(HTTP {status}), unchanged: the content of capture {original}" in banner
    first = client.get(f"/-/capture/{original}").text.split("</div>", 1)[0]
    assert "unchanged" not in first


def test_without_its_warc_files_no_archived_copy_is_offered(data: Path):
    """As published with `datasette publish`: the database alone."""
    client = Client(make_datasette(data / "isecg.db"))
    try:
        post = client.rows("/isecg/news.json", wp_id="1165")[0]
        assert "/-/capture/" not in client.get("/isecg/news/wp~3A1165").text
        assert client.get(f"/-/capture/{post['capture_id']}").status_code == 404
    finally:
        client.close()


def test_row_permalinks_use_the_stable_id(client: Client):
    found = client.get("/isecg/news/wp~3A1950.json?_shape=array").json()
    assert found[0]["id"] == "wp:1950"
    assert found[0]["title"] == client.rows("/isecg/post_versions.json", wp_id="1950")[-1]["title"]


def test_atom_feed_of_new_and_changed_posts(client: Client, data: Path):
    response = client.get("/isecg/feed.atom")
    assert response.status_code == 200
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert any(t and t.startswith("Changed: ") for t in titles)
    assert any(t and t.startswith("New: ") for t in titles)
    # each entry links its page (a publication's document) as archived by the crawl that saw
    # that version, not the live site, which may have changed or dropped it (helper-191)
    with sqlite3.connect(data / "isecg.db") as conn:
        for entry in entries:
            (link,) = entry.findall(f"{ATOM}link")
            href = link.get("href") or ""
            assert href.startswith("/-/archived?at=") and "&url=http" in href
            answer = client.get(href, follow_redirects=False)
            assert answer.status_code == 302, href
            capture_id = int(answer.headers["location"].rsplit("/", 1)[1])
            assert client.get(answer.headers["location"]).status_code == 200
            _, kind, rest = (entry.findtext(f"{ATOM}id") or "").split(":", 2)
            record_id, version = rest.rsplit(":v", 1)
            table = "news_versions" if kind == "news" else "publications_versions"
            (crawl_of_version,) = conn.execute(
                f"SELECT crawl_id FROM {table} WHERE record_id = ? AND version = ?",
                [record_id, int(version)],
            ).fetchone()
            (crawl_of_capture,) = conn.execute(
                "SELECT crawl_id FROM captures WHERE id = ?", [capture_id]
            ).fetchone()
            assert crawl_of_capture == crawl_of_version, href


@pytest.mark.parametrize(
    "path", ["/isecg/news", "/isecg/search_everything", "/isecg", "/-/permissions", "/"]
)
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_nothing_but_reading_is_answered(client: Client, path: str, method: str):
    assert client.request(method, path).status_code == 405


def test_search_engines_are_kept_out(client: Client):
    assert client.get("/robots.txt").text.splitlines() == ["User-agent: *", "Disallow: /"]
    assert client.get("/isecg/news").headers["x-robots-tag"] == "noindex, nofollow"


def test_queries_have_a_time_limit(client: Client):
    assert client.get("/-/settings.json").json()["sql_time_limit_ms"] == 3000
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n"
    response = client.get("/isecg.json", params={"sql": endless, "_timelimit": "50"})
    assert response.status_code == 400
    assert "interrupted" in response.text.lower()


def test_the_database_downloads_whole(client: Client, data: Path, tmp_path: Path):
    response = client.get("/-/download/isecg.db")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="isecg.db"'
    copy = tmp_path / "copy.db"
    copy.write_bytes(response.content)
    count = "SELECT (SELECT count(*) FROM news), (SELECT count(*) FROM captures)"
    with sqlite3.connect(copy) as mine, sqlite3.connect(data / "isecg.db") as theirs:
        assert mine.execute(count).fetchone() == theirs.execute(count).fetchone()
        assert mine.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_charts_render_from_local_scripts_only(client: Client):
    page = client.get("/-/dashboards/archive").text
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', page)
    assert any("vega-lite" in src for src in scripts)
    assert all(src.startswith("/") for src in scripts), scripts  # no CDN: works offline
    for src in scripts:
        assert client.get(src).status_code == 200, src


@pytest.mark.parametrize("chart", sorted(CHARTS))
def test_every_chart_has_data(client: Client, chart: str):
    assert client.rows("/isecg.json", sql=CHARTS[chart]["query"])


def _served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Where uvicorn would listen: the socket serve() hands it, looked at, not served."""
    seen: dict[str, Any] = {}

    def run(server: Any, sockets: list[socket.socket]) -> None:
        seen["address"] = sockets[0].getsockname()

    monkeypatch.setattr("uvicorn.Server.run", run)
    return seen


def test_serve_binds_loopback_and_never_immutable(data: Path, monkeypatch: pytest.MonkeyPatch):
    seen = _served(monkeypatch)
    archive.serve.serve(data / "isecg.db", data / "warc", port=0)
    assert DEFAULT_HOST == "127.0.0.1"
    assert seen["address"][0] == "127.0.0.1"
    assert make_datasette(data / "isecg.db").get_database("isecg").is_mutable


@pytest.mark.timeout(60)  # were uvicorn not the one handed the socket, it would serve on
def test_port_0_shows_the_port_the_system_chose(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """It said "Serving the archive on http://127.0.0.1:0/", and uvicorn bound another."""
    seen = _served(monkeypatch)
    archive.serve.serve(data / "isecg.db", data / "warc", port=0)
    port = seen["address"][1]
    assert port != 0
    assert f"Serving the archive on http://127.0.0.1:{port}/" in capsys.readouterr().out


def test_an_address_not_this_machines_names_the_host(data: Path):
    with pytest.raises(archive.serve.ServeError, match="choose another with --host"):
        archive.serve.serve(data / "isecg.db", None, host="192.0.2.1", port=0)


def test_serve_refuses_a_missing_archive(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="no archive"):
        archive.serve.serve(tmp_path / "isecg.db", None)


@pytest.mark.slow
def test_serving_goes_on_while_a_crawl_writes(tmp_path: Path):
    """Datasette reads the database (WAL) while a second crawl writes to it: every query answers."""
    with ReplicaServer(ReplicaConfig(latency=0.005, small=True)) as server:
        assert run_crawl(server, tmp_path).status == "done"
        server.set_state("later")
        with client_for(tmp_path) as client:
            outcome: list[Any] = []
            crawler = threading.Thread(target=lambda: outcome.append(run_crawl(server, tmp_path)))
            crawler.start()
            answers = []
            while crawler.is_alive():
                answers.append(client.get("/isecg/crawl_health.json?_shape=array"))
                answers.append(client.get("/isecg/news.json?_size=5&_facet_year=published"))
            crawler.join()
            assert outcome[0].status == "done"
            assert len(answers) > 10
            assert {a.status_code for a in answers} == {200}
            statuses = {row["status"] for a in answers[::2] for row in a.json()}
            assert "running" in statuses  # the crawl was seen mid-way
            latest = client.rows("/isecg/crawl_health.json")[0]
            assert (latest["crawl"], latest["status"]) == (2, "done")


SERVE = ["serve", "--port", "0"]


@pytest.mark.slow
def test_serve_answers_on_the_port_it_shows_and_ctrl_c_stops_it_with_0(data: Path):
    """`isecg serve` as a process: the URL it prints answers, and Ctrl-C (its normal stop)
    exits 0, as it did when uvicorn.run swallowed the interrupt."""
    root = Path(__file__).resolve().parent.parent
    with subprocess.Popen(
        [sys.executable, "-c", "import scraper; scraper.run()", *SERVE, "--data", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    ) as server:
        assert server.stdout is not None
        url = re.search(r"http://\S+/", server.stdout.readline())
        assert url, "no URL shown"
        answer = httpx.get(url[0] + "isecg/news.json?_size=1", timeout=30)
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=30)
    assert answer.status_code == 200
    assert server.returncode == 0, err


def test_a_record_page_says_its_page_was_gone(client: Client):
    """helper-196: a removed post's captures read "ok (HTTP 404)", as if the page stood."""
    (removed,) = client.rows("/isecg/news.json", _where="removed_at is not null")[:1]
    page = client.get("/isecg/news/" + removed["id"].replace(":", "~3A")).text
    assert "gone (HTTP 404)" in page or "gone (HTTP 410)" in page
    assert "ok (HTTP 404)" not in page and "ok (HTTP 410)" not in page
