"""The reading room (issue 12) through `Datasette(...).client` on the session's two-crawl archive
(the replica, then its later state): time comparisons on parsed times, record pages, default
columns, links into the archive, search snippets, charts, "as it was on", quiet 404s, and the
CLI's export and serve edges."""

from __future__ import annotations

import html
import json
import re
import socket
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.utils import escape_fts, tilde_encode

from archive.changes import changes
from archive.db import open_db
from archive.export import JSON_COLUMNS, ExportError, export
from archive.reading import safe_body, word_diff
from archive.serve import load_metadata
from scraper.cli import main
from tests.serve_helpers import Client, client_for

METADATA = load_metadata()
CHARTS: dict[str, Any] = METADATA["plugins"]["datasette-dashboards"]["archive"]["charts"]
KINDS = {"news": "news", "publications": "publication", "members": "agency"}


def crawl_starts(data: Path) -> list[str]:
    with sqlite3.connect(data / "isecg.db") as conn:
        return [r[0] for r in conn.execute("SELECT started_at FROM crawls ORDER BY id")]


# -- the bug: "What changed since" compared times as text --------------------------------------


@pytest.mark.parametrize("form", ["%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S"])
def test_changes_since_agrees_with_isecg_changes_whatever_the_form(
    client: Client, data: Path, form: str
):
    """The second crawl's start to the second, written as 2026-12-03T21:24:00Z and as
    2026-12-03 21:24:00: the web query lists exactly the records `isecg changes` lists (as text,
    the first form matched nothing and the second the whole day)."""
    from datetime import datetime

    start = datetime.fromisoformat(crawl_starts(data)[1].replace("Z", "+00:00"))
    since = start.strftime(form)
    db = sqlite_utils.Database(data / "isecg.db")
    try:
        cli = changes(db, start.strftime("%Y-%m-%dT%H:%M:%SZ"))
    finally:
        db.close()
    expected = {
        (KINDS[kind], record["id"])
        for kind in KINDS
        for entries in cli[kind].values()
        for record in entries
    }
    web = {
        (r["kind"], r["record"].split(":", 1)[1])
        for r in client.rows("/isecg/changes_since.json", since=since)
    }
    assert expected  # the later state edits, removes and adds
    assert web == expected


def test_changes_since_with_no_date_shows_the_last_crawls_changes(client: Client, data: Path):
    found = client.rows("/isecg/changes_since.json", since="")
    assert found
    assert min(r["at"] for r in found) >= crawl_starts(data)[-1]


# Forms Python's fromisoformat reads and SQLite's date functions do not (helper-48): the web
# query answered no rows for them and `isecg changes` listed changes.
UNREADABLE_BY_SQLITE = [
    "2026-01-01Z",  # an offset after a day alone, and a moment past year 9999 in UTC (helper-54)
    "2026-01-01+02:00",
    "9999-12-31T23:00-02:00",
    "2026-13-01",  # and these three of DATE_FORM's shape: no such month, hour, day (helper-53)
    "2026-12-03T25:00",
    "2026-02-30",
    "20270201",
    "2027-02-01T00",
    "2027-02-01T00:00:00+0200",
    "2027-02-01 00:00:00.1234",
]
READ_ALIKE = [
    "2027-02-01",
    "2027-02-01T10:20",
    "2027-02-01 10:20:30",
    "2027-02-01T10:20:30.5Z",
    "2027-02-01T10:20:30+02:00",
    "0999-12-31T23:00-05:00",
]


@pytest.mark.parametrize("given", UNREADABLE_BY_SQLITE)
@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("changes_since", "since"),
        ("news_as_of", "date"),
        ("publications_as_of", "date"),
        ("members_on_date", "date"),
    ],
)
def test_a_date_sqlite_cannot_read_is_refused_not_answered_with_no_rows(
    client: Client, given: str, query: str, name: str
):
    from archive.changes import parse_since

    with pytest.raises(ValueError, match=r"not a date|after year 9999"):
        parse_since(given)  # and `isecg changes --since` refuses it too
    as_json = client.get(f"/isecg/{query}.json", params={name: given})
    assert as_json.status_code == 400
    assert as_json.json()["error"].startswith(f"not a date: {given!r} ({name} is YYYY-MM-DD")
    page = client.get(f"/isecg/{query}", params={name: given})
    assert page.status_code == 400 and "not a date" in page.text


@pytest.mark.parametrize("given", READ_ALIKE)
def test_every_date_isecg_changes_takes_sqlite_reads_to_the_same_time(given: str):
    """What the reading room's SQL makes of a --since value (strftime, as changes_since)."""
    from archive.changes import parse_since

    with sqlite3.connect(":memory:") as conn:
        ((web,),) = conn.execute("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', ?)", [given])
    assert parse_since(given) == web


def test_the_reading_room_reads_the_date_forms_isecg_changes_reads():
    """Two copies of one pattern (a published Datasette has the plugins, not the package)."""
    from archive.changes import _DATE_FORM
    from archive.datasette_plugins.reading_room import DATE_FORM

    assert DATE_FORM.pattern == _DATE_FORM.pattern


def test_a_date_with_spaces_around_it_is_read_as_the_date(client: Client, data: Path):
    """helper-53: `?date=%202026-01-01` passed the check, stripped, and news_as_of read the
    untrimmed value: no rows."""
    ((day,),) = sqlite3.connect(data / "isecg.db").execute(
        "SELECT substr(MAX(seen_at), 1, 10) FROM news_versions"
    )
    for query in ("news_as_of", "publications_as_of"):
        plain = client.rows(f"/isecg/{query}.json", date=day)
        assert plain and client.rows(f"/isecg/{query}.json", date=f" {day} ") == plain


def test_a_span_and_an_empty_date_are_still_read(client: Client):
    assert client.get("/isecg/changes_since.json", params={"since": "7d"}).status_code == 200
    assert client.get("/isecg/news_as_of.json", params={"date": ""}).status_code == 200
    assert client.get("/isecg/news_as_of.json", params={"date": "7d"}).status_code == 400
    # a span back past year 1: the command refuses it, SQLite gives nothing (helper-54)
    assert client.get("/isecg/changes_since.json", params={"since": "3000000d"}).status_code == 400


# -- record pages ------------------------------------------------------------------------------


def test_a_list_read_by_the_same_crawl_is_no_earlier_sighting(client: Client, data: Path):
    """helper-200: "Seen listed first ... before its own page was archived" on 59 of 65 posts,
    most of them listed by the same crawl a second before it read their pages."""
    with sqlite3.connect(data / "isecg.db") as conn:
        same = conn.execute(
            "SELECT l.record_id FROM news_listings l JOIN captures c ON c.id = l.capture_id"
            " JOIN news n ON n.id = l.record_id JOIN news_versions v ON v.record_id = n.id"
            " AND v.version = 1 WHERE l.first_seen < n.first_seen AND c.crawl_id = v.crawl_id"
        ).fetchall()
    assert same
    for (record_id,) in same[:5]:
        assert "Seen listed first" not in client.get(f"/isecg/news/{tilde_encode(record_id)}").text


def test_a_documents_first_version_is_named_by_its_title(client: Client, data: Path):
    """helper-200: "First seen: “be3b2977…”", its sha256."""
    with sqlite3.connect(data / "isecg.db") as conn:
        url, title, sha256 = conn.execute(
            "SELECT url, title, sha256 FROM documents WHERE title IS NOT NULL LIMIT 1"
        ).fetchone()
    page = client.get(f"/isecg/documents/{tilde_encode(url)}").text
    versions = page.split('id="versions"')[1].split('id="captures"')[0]
    assert f"First seen: “{html.escape(title)}”." in versions
    assert sha256 not in versions


def test_an_agency_is_titled_with_its_acronym_once(client: Client, data: Path):
    """helper-200: "Italian Space Agency (ASI) (ASI)"; as `isecg cite` titles it."""
    with sqlite3.connect(data / "isecg.db") as conn:
        agencies = conn.execute("SELECT id, name, acronym FROM agencies").fetchall()
    named = [(key, name) for key, name, acronym in agencies if acronym and f"({acronym})" in name]
    bare = [
        (key, name, acronym) for key, name, acronym in agencies if acronym and acronym not in name
    ]
    assert named and bare
    for key, name in named:
        page = client.get(f"/isecg/agencies/{tilde_encode(key)}").text
        assert f"<h1>{html.escape(name)}</h1>" in page, key
    for key, name, acronym in bare:
        page = client.get(f"/isecg/agencies/{tilde_encode(key)}").text
        assert f"<h1>{html.escape(name)} ({acronym})</h1>" in page, key


def test_a_news_post_reads_as_an_article_with_versions_captures_and_citation(client: Client):
    page = client.get("/isecg/news/wp~3A1950").text
    assert '<article class="record news-post">' in page
    assert "ISECG Spring Meeting in Luxembourg: Space Resources on the Agenda</h1>" in page
    assert "(date from rest)" in page
    assert 'id="v1"' in page and 'id="v2"' in page
    # the title's edit, word by word
    assert "<ins>: Space Resources on the Agenda</ins>" in page
    # version 2 is the site's edit, seen by our crawl (helper-200: neither was said)
    v2 = page.split('id="v2"', 1)[1].split("</h3>", 1)[0]
    assert "· edited" in v2 and "Wayback" not in v2
    # the later crawl's answer differs from the first's: the timeline says so, once
    timeline = page.split('id="captures"', 1)[1].split("</section>", 1)[0]
    assert timeline.count("content changed") == 1
    assert timeline.rindex("content changed") < timeline.rindex("<li>")  # not the first
    assert re.search(r'href="/-/capture/\d+">replay capture', page)
    assert "Captured " in page and "sha256:" in page  # isecg cite's text


@pytest.mark.parametrize(
    ("table", "key", "wanted"),
    [
        ("agencies", "gov.uk/government/organisations/uk-space-agency", "<h2>Renamed</h2>"),
        ("agencies", "gob.mx/aem", "Joined: <time"),
        ("documents", None, "<h2>Linked from</h2>"),
        ("publications", None, "<h2>Document</h2>"),
    ],
)
def test_record_pages(client: Client, data: Path, table: str, key: str | None, wanted: str):
    if key is None:  # the 2024 roadmap, as a document and as a publication
        with sqlite3.connect(data / "isecg.db") as conn:
            key = conn.execute(
                "SELECT document_url FROM publications WHERE document_url LIKE '%GER_2024.pdf'"
            ).fetchone()[0]
    response = client.get(f"/isecg/{table}/{tilde_encode(key)}")
    assert response.status_code == 200
    assert wanted in response.text
    assert 'id="cite"' in response.text


def test_word_diff_marks_words_and_escapes():
    diff = word_diff("The <b>old</b> plan for the Moon", "The <b>new</b> plan for Mars")
    assert "<del>old</del><ins>new</ins>" in diff
    assert "&lt;b&gt;" in diff and "<b>" not in diff
    assert "<del>the Moon</del><ins>Mars</ins>" in diff


def test_a_pdfs_pages_stay_apart_wherever_its_text_is_shown(client: Client, data: Path):
    """helper-200: pages are split by form feeds, which a browser shows as nothing: "Third
    edition.The agencies" on the document page, in its versions' diffs and in snippets."""
    from archive.datasette_plugins.reading_room import marked

    assert word_diff("One.\fTwo pages", "One.\fTwo more pages").startswith("One.\n\nTwo")
    assert marked("edition.\fThe \ue000agencies\ue001") == "edition. The <mark>agencies</mark>"
    with sqlite3.connect(data / "isecg.db") as conn:
        url, text, publication = conn.execute(
            "SELECT d.url, d.text, p.id FROM documents d JOIN publications p"
            " ON p.document_url = d.url WHERE instr(d.text, char(12)) LIMIT 1"
        ).fetchone()
    first, second = text.split("\f")[:2]
    for path in (f"documents/{tilde_encode(url)}", f"publications/{tilde_encode(publication)}"):
        page = client.get(f"/isecg/{path}").text
        assert "\f" not in page, path
        assert f"{html.escape(first.strip())}\n\n{html.escape(second.strip())[:20]}" in page


def test_word_diff_of_a_value_with_no_spaces_is_whole():
    assert word_diff("2025-05-26", "2026-01-12") == "<del>2025-05-26</del> <ins>2026-01-12</ins>"


def test_a_body_is_shown_sanitised_with_its_links_archived():
    shown = safe_body(
        '<p onclick="x()">Hi <script>alert(1)</script><a href="https://example.org/a?b=1">a</a>'
        '<img src="http://site/i.png"></p><style>p{}</style>'
    )
    assert "script" not in shown and "onclick" not in shown and "style" not in shown
    assert 'href="/-/archived?url=https%3A%2F%2Fexample.org%2Fa%3Fb%3D1"' in shown
    assert 'src="/-/archived?url=http%3A%2F%2Fsite%2Fi.png"' in shown


# -- tables ----------------------------------------------------------------------------------


def header(page: str) -> list[str]:
    return re.findall(r'<th [^>]*data-column="([a-z_]+)"', page)


def test_tables_open_with_their_default_columns(client: Client):
    shown = header(client.get("/isecg/news").text)
    wanted = METADATA["plugins"]["isecg-archive"]["default_columns"]["news"]
    assert shown == ["id", *wanted]
    assert "body_text" in header(client.get("/isecg/news?_all=1").text)
    assert header(client.get("/isecg/news?_col=title").text)[-1] == "title"
    assert "body_text" in client.rows("/isecg/news.json", _size="1")[0]  # JSON stays whole


def test_a_tables_exports_keep_every_column(client: Client, data: Path):
    """helper-200: the page's CSV and JSON links (and the export form) carried its default
    columns, so the publications CSV lacked description, year, url, first_seen ..."""
    page = client.get("/isecg/publications").text
    shown = header(page)
    with sqlite3.connect(data / "isecg.db") as conn:
        every = [row[1] for row in conn.execute("PRAGMA table_info(publications)")]
    assert len(shown) < len(every)
    csv_link = re.search(r'<a href="([^"]+)">CSV</a>', page)
    json_link = re.search(r'<a href="([^"]+)">json</a>', page)
    assert csv_link and json_link and "_col" not in csv_link[1] + json_link[1]
    assert 'name="_col"' not in page  # the export form's hidden fields
    exported = client.get(html.unescape(csv_link[1])).text.splitlines()[0].split(",")
    assert set(exported) >= set(every)  # and a capture's label beside its id
    assert list(client.get(html.unescape(json_link[1])).json()["rows"][0]) == every
    # a sort link given back without them still opens with the default columns
    sort = re.search(r'href="([^"]*_sort=title[^"]*)"', page)
    assert sort and "_col" not in sort[1]
    assert header(client.get(html.unescape(sort[1])).text) == shown


def test_long_text_shows_its_start_and_opens_in_place(client: Client):
    page = client.get("/isecg/news?_col=body_text&_size=3").text
    assert '<details class="more"><summary>more</summary>' in page


def test_a_url_links_to_its_archived_capture_first_then_the_live_page(client: Client):
    page = client.get("/isecg/news?_size=3").text
    first = re.search(
        r'<td class="col-url[^>]*><a href="([^"]+)"[^>]*>([^<]+)</a> <a href="([^"]+)"', page
    )
    assert first
    archived, url, live = first.groups()
    assert archived.startswith("/-/archived?url=")
    assert live == url
    assert client.get(archived).status_code == 302


def test_the_database_page_lists_records_before_operations(client: Client):
    page = client.get("/isecg").text
    assert page.index(">news</a>") < page.index("<h2>Operations</h2>") < page.index(">frontier</a>")


def test_the_home_page_puts_records_first(client: Client):
    page = client.get("/").text
    assert page.index("The records") < page.index('id="operations"')
    assert page.index(">News posts</a>") < page.index(">captures</a>")
    # "search everything" is the ranked search, not the plugin's every-column one (helper-200)
    assert '<a href="/isecg/search_everything">/isecg/search_everything</a>' in page
    assert '<a href="/-/search">/-/search</a>' not in page


# -- search, saved queries, charts -----------------------------------------------------------


def test_search_marks_the_words_found_and_ranks_by_relevance(client: Client):
    page = client.get("/isecg/search_everything?q=Mars").text
    assert "<mark>Mars</mark>" in page
    assert "\ue000" not in page
    assert '<pre id="sql-query">' not in page  # the SQL is folded away
    found = client.rows("/isecg/search_everything.json", q="Mars")
    assert {r["kind"] for r in found} == {"news", "publication", "document"}
    # the marks only the HTML page shows are not in its CSV and JSON (helper-200)
    assert all("Mars" in r["snippet"] and "\ue000" not in r["snippet"] for r in found)
    exported = client.get("/isecg/search_everything.csv", params={"q": "Mars"})
    assert exported.status_code == 200 and "Mars" in exported.text
    assert "\ue000" not in exported.text and "\ue001" not in exported.text
    assert int(exported.headers["content-length"]) == len(exported.content)
    assert all(r["date"] is None or re.match(r"\d{4}-\d\d-\d\d$", r["date"]) for r in found)
    # a query of quotes alone is nothing to search for, as an empty one: no rows, not fts5's
    # syntax error as a 400 and its SQL on the console (helper-191)
    for quotes in ('"', '""', ' " '):
        response = client.get("/isecg/search_everything.json", params={"q": quotes})
        assert response.status_code == 200 and response.json()["rows"] == []
    # a table's own search box the same: the table as an empty search shows it
    everything = client.rows("/isecg/news.json")
    for quotes in ('"', ' "" '):
        for key in ("_search", "_search_title"):
            response = client.get("/isecg/news.json", params={key: quotes, "_shape": "objects"})
            assert response.status_code == 200 and response.json()["rows"] == everything
            assert client.get("/isecg/news", params={key: quotes}).status_code == 200
    assert client.rows("/isecg/news.json", _search='Mars "') != everything  # a search still


def test_search_everything_keeps_each_tables_best_matches_in_rank_order(tmp_path: Path):
    """150 posts match, so each table's inner LIMIT 100 bites: the 100 kept are FTS5's own 100
    best (its `rank`, which the query computes as bm25()), in its order, each with its
    snippet."""
    db = open_db(tmp_path / "isecg.db")
    for n in range(150):  # "lunar" a different number of times in each: distinct scores
        body = " ".join(["lunar gateway"] * (1 + n % 37) + ["orbit"] * (n % 11))
        db.table("news").insert(
            {
                "id": f"wp:{n}",
                "url": f"https://example.org/?p={n}",
                "title": f"Post {n}",
                "body_text": body,
                "extractor_version": "t",
                "content_hash": str(n),
                "first_seen": "2024-01-01",
                "last_seen": "2024-01-01",
            }
        )
    db.conn.create_function("escape_fts", 1, escape_fts)
    sql = METADATA["databases"]["isecg"]["queries"]["search_everything"]["sql"]
    found = db.execute(sql, {"q": "lunar gateway"}).fetchall()
    best = db.execute(
        "SELECT 'news:' || n.id FROM news_fts JOIN news n ON n.rowid = news_fts.rowid"
        ' WHERE news_fts MATCH \'"lunar" "gateway"\' ORDER BY rank, 1 LIMIT 100'
    ).fetchall()
    assert [row[1] for row in found] == [row[0] for row in best]
    assert all("\ue000lunar\ue001" in row[4] for row in found)
    db.close()


def test_the_answers_rewritten_for_their_marks_and_columns_stay_whole(client: Client):
    """helper-203: HEAD answers said Content-Length 0; the Link header's JSON alternate kept
    the default columns; a tilde-encoded search export kept its marks."""
    for path in ("/isecg/news", "/isecg/search_everything.json?q=Mars"):
        head = client.request("HEAD", path)
        get = client.get(path)
        assert head.status_code == 200 and head.content == b"", path
        # the rewritten body's length (helper-204: the page's as Datasette wrote it, hundreds
        # of bytes of `_col` and marks longer); a few bytes apart: each answer says its time
        assert abs(int(head.headers["content-length"]) - len(get.content)) < 20, path
    link = client.get("/isecg/publications").headers["link"]
    assert "publications.json" in link and "_col" not in link
    encoded = client.get("/isecg/search~5Feverything.csv", params={"q": "Mars"})
    assert "Mars" in encoded.text and "\ue000" not in encoded.text


def test_a_texts_own_backslash_u_survives_the_marks_removal(tmp_path: Path):
    """helper-203: a body holding the six characters \\ue000 came out of the JSON export as
    an invalid escape."""
    db = open_db(tmp_path / "isecg.db")
    db.table("news").insert(
        {
            "id": "wp:1",
            "url": "https://e.org/?p=1",
            "title": "A post",
            "body_text": "zebraword escape \\ue000 literal",
            "extractor_version": "t",
            "content_hash": "1",
            "first_seen": "2024-01-01",
            "last_seen": "2024-01-01",
        }
    )
    db.close()
    with client_for(tmp_path) as local:
        answer = local.get("/isecg/search_everything.json", params={"q": "zebraword"})
        (row,) = answer.json()["rows"]
        exported = local.get("/isecg/search_everything.csv", params={"q": "zebraword"}).text
        # a record no capture holds (a generated archive's) still has its page: it was a 500
        record = local.get("/isecg/news/wp~3A1")
    assert "escape \\ue000 literal" in row[4]  # the text's own, whole
    assert "escape \\ue000 literal" in exported  # in the CSV too (helper-204)
    assert record.status_code == 200 and "No capture of this URL holds an answer." in record.text


def test_search_everything_gives_the_best_hundred_of_each_kind(tmp_path: Path):
    """helper-200: a LIMIT 100 over all kinds cut a common word's 124 matches to 100, news
    crowding out the rest, and nothing said so; the docs promised 100 of each kind."""
    db = open_db(tmp_path / "isecg.db")
    kept = {"extractor_version": "t", "first_seen": "2024-01-01", "last_seen": "2024-01-01"}
    db.table("news").insert_all(
        {
            "id": f"wp:{n}",
            "url": f"https://e.org/?p={n}",
            "title": f"Lunar post {n}",
            "body_text": "lunar " * (1 + n % 7),
            "content_hash": f"n{n}",
            **kept,
        }
        for n in range(150)
    )
    db.table("publications").insert_all(
        {
            "id": f"https://e.org/{n}.pdf",
            "title": f"Lunar report {n}",
            "url": "https://e.org/",
            "description": "lunar " * (1 + n % 5),
            "content_hash": f"p{n}",
            **kept,
        }
        for n in range(120)
    )
    db.conn.create_function("escape_fts", 1, escape_fts)
    sql = METADATA["databases"]["isecg"]["queries"]["search_everything"]["sql"]
    found = db.execute(sql, {"q": "lunar"}).fetchall()
    assert Counter(row[0] for row in found) == {"news": 100, "publication": 100}
    db.close()


def test_a_document_is_dated_by_its_publication_never_by_its_crawl(client: Client, data: Path):
    found = client.rows("/isecg/search_everything.json", q="roadmap")
    documents = [r for r in found if r["kind"] == "document"]
    assert documents
    with sqlite3.connect(data / "isecg.db") as conn:
        crawled_days = {r[0][:10] for r in conn.execute("SELECT started_at FROM crawls")}
    assert not {d["date"] for d in documents} & crawled_days


@pytest.mark.parametrize("query", ["members_on_date", "news_as_of", "publications_as_of"])
def test_an_empty_date_means_today_and_shows_rows(client: Client, query: str):
    assert client.rows(f"/isecg/{query}.json", date="")


def test_news_and_publications_as_they_were_on_a_date(client: Client, data: Path):
    first = crawl_starts(data)[1]  # just before the later state's crawl
    then = {r["record"]: r for r in client.rows("/isecg/news_as_of.json", date=first)}
    now = {r["record"]: r for r in client.rows("/isecg/news_as_of.json", date="")}
    assert then["news:wp:1950"]["version"] == 1 and now["news:wp:1950"]["version"] == 2
    assert "news:wp:1912" in then and "news:wp:1912" not in now  # removed later
    assert "news:wp:2031" not in then and "news:wp:2031" in now  # posted later
    pubs_then = client.rows("/isecg/publications_as_of.json", date=first)
    pubs_now = client.rows("/isecg/publications_as_of.json", date="")
    assert len(pubs_now) == len(pubs_then) + 1


@pytest.mark.parametrize("chart", ["publications-per-year", "news-per-year"])
def test_charts_show_every_year_with_integer_counts(client: Client, data: Path, chart: str):
    found = client.rows("/isecg.json", sql=CHARTS[chart]["query"])
    years = [int(r["year"]) for r in found]
    assert years == list(range(years[0], years[-1] + 1))
    table, column = (
        ("publications", "posted_on") if "publications" in chart else ("news", "published")
    )
    with sqlite3.connect(data / "isecg.db") as conn:
        total = conn.execute(f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL").fetchone()[
            0
        ]
    field = CHARTS[chart]["display"]["encoding"]["y"]["field"]
    assert sum(r[field] for r in found) == total
    if table == "publications":
        assert 0 in {r[field] for r in found}  # the replica posted none in some years


@pytest.mark.parametrize("chart", sorted(CHARTS))
def test_every_chart_uses_the_bundled_vega_lite(chart: str):
    display = CHARTS[chart]["display"]
    if CHARTS[chart]["library"] != "vega-lite":
        return
    assert display["$schema"].endswith("/vega-lite/v6.json")
    assert display["encoding"]["y"]["axis"]["tickMinStep"] == 1
    legend = display["encoding"].get("color", {}).get("legend")
    assert legend is None or legend["labelLimit"] == 0


# -- as it was on ----------------------------------------------------------------------------


def test_a_url_and_a_day_open_the_capture_current_then(client: Client, data: Path):
    with sqlite3.connect(data / "isecg.db") as conn:
        url, first, last = conn.execute(
            "SELECT url, min(id), max(id) FROM captures WHERE url LIKE '%?p=1950'"
            " AND kind = 'page' GROUP BY url"
        ).fetchone()
        first_at = conn.execute("SELECT fetched_at FROM captures WHERE id = ?", [first]).fetchone()[
            0
        ]
    assert first != last
    assert client.get("/-/archived", params={"url": url, "at": "soon"}).status_code == 400
    exact = client.get("/-/archived", params={"url": url, "at": first_at})
    assert exact.headers["location"] == f"/-/capture/{first}"
    day = client.get("/-/archived", params={"url": url, "at": first_at[:10]})
    assert day.headers["location"] == f"/-/capture/{last}"  # the end of that day
    before = client.get("/-/archived", params={"url": url, "at": "2000-01-01"})
    assert before.headers["location"] == f"/-/capture/{first}"  # the first after it


def test_with_no_day_a_removed_posts_last_good_copy_opens(client: Client, data: Path):
    """helper-200: "The post as archived" of a removed post opened its "Page not found"; its
    404 is still what a day after the removal opens."""
    with sqlite3.connect(data / "isecg.db") as conn:
        url, removed_at = conn.execute(
            "SELECT url, removed_at FROM news WHERE id = 'wp:1912'"
        ).fetchone()
        ((good, _), (gone, _)) = conn.execute(
            "SELECT max(id), status FROM captures WHERE url = ? AND warc_file IS NOT NULL"
            " GROUP BY status = 404 ORDER BY status",
            [url],
        ).fetchall()
    assert removed_at is not None
    assert client.get("/-/archived", params={"url": url}).headers["location"] == (
        f"/-/capture/{good}"
    )
    then = client.get("/-/archived", params={"url": url, "at": removed_at})
    assert then.headers["location"] == f"/-/capture/{gone}"
    page = client.get("/isecg/news/wp~3A1912").text
    link = re.search(r'<a href="([^"]+)"[^>]*>The post as archived', page)
    assert link is not None
    opened = client.get(html.unescape(link.group(1)))
    assert opened.headers["location"] == f"/-/capture/{good}"


@pytest.mark.parametrize(
    "form",
    [
        "{site}/wordpress/?p=1950",  # the 2013-2018 install, as old papers cite it
        "{site}/?p=1950#x",
        "{site}/?p=1950&utm_source=x",
        "https://{host}/?p=1950",  # in `aliases` too
        "{site}/index.php?p=01950",
    ],
)
def test_any_form_of_an_archived_url_opens_its_capture(client: Client, data: Path, form: str):
    """Each answered 404 "The archive holds no capture of ...": only the canonical URL was
    looked up."""
    with sqlite3.connect(data / "isecg.db") as conn:
        (url,) = conn.execute("SELECT url FROM news WHERE id = 'wp:1950'").fetchone()
    site = url.removesuffix("/?p=1950")
    given = form.format(site=site, host=site.removeprefix("http://"))
    for at in ("", "2000-01-01"):  # its last capture; the first after a day before them all
        held = client.get("/-/archived", params={"url": url, "at": at})
        found = client.get("/-/archived", params={"url": given, "at": at})
        assert held.status_code == found.status_code == 302
        assert found.headers["location"] == held.headers["location"]


@pytest.mark.parametrize("at", ["20261207", "2026-W49-1", "2026-12-07T10", "2026-12-07x"])
def test_a_moment_in_another_form_is_refused_not_read_as_midnight(client: Client, at: str):
    """helper-207: `at=20261207` opened the capture current at midnight where `2026-12-07`
    opens the day's last (Python's fromisoformat reads both); the queries refuse it too."""
    response = client.get("/-/archived", params={"url": "http://127.0.0.1/?p=1", "at": at})
    assert response.status_code == 400 and "YYYY-MM-DD" in response.text


@pytest.mark.parametrize("capture", ["9223372036854775807", "99999999999999999999999"])
def test_a_capture_number_past_sqlite_s_integers_is_none(client: Client, capture: str):
    """helper-207: a 500 with a traceback ("Python int too large to convert")."""
    assert client.get(f"/-/capture/{capture}").status_code == 404


def test_a_url_never_archived_says_so_and_offers_the_live_page(client: Client):
    response = client.get("/-/archived", params={"url": "https://example.org/elsewhere"})
    assert response.status_code == 404
    assert 'href="https://example.org/elsewhere"' in response.text


def test_the_as_it_was_form(client: Client):
    page = client.get("/-/as-it-was").text
    assert 'action="/-/archived"' in page and 'type="date" name="at"' in page


# -- quiet 404s ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/nothing", "/isecg/news/nope", "/isecg/news.json?_sort=nope"])
def test_a_client_error_prints_no_traceback(
    client: Client, path: str, capfd: pytest.CaptureFixture[str]
):
    response = client.get(path)
    assert response.status_code in (400, 404, 500)
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    assert "rror" in response.text or "not found" in response.text.lower()


# -- exports and the CLI ---------------------------------------------------------------------


def test_every_json_column_the_metadata_describes_is_exported_as_json():
    described = {
        column
        for table in METADATA["databases"]["isecg"]["tables"].values()
        for column, text in table.get("columns", {}).items()
        if re.search(r"\bJSON\b", text)
    }
    assert described == set(JSON_COLUMNS)


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_exports_write_lists_as_lists(data: Path, tmp_path: Path, fmt: str):
    out = tmp_path / f"news.{fmt}"
    export(data / "isecg.db", "news", fmt, out)
    text = out.read_text(encoding="utf-8")
    found = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
    assert all(
        isinstance(r["categories"], list) and isinstance(r["documents"], list) for r in found
    )
    assert any(r["categories"] for r in found)


@pytest.mark.parametrize("table", ["news", "publications", "members"])
def test_every_export_names_its_capture(data: Path, tmp_path: Path, table: str):
    export(data / "isecg.db", table, "json", tmp_path / "out.json")
    found = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert found and all(isinstance(r["capture_id"], int) for r in found)


def test_export_into_a_missing_directory_is_one_clear_error(data: Path, tmp_path: Path):
    with pytest.raises(ExportError, match="no directory"):
        export(data / "isecg.db", "news", "csv", tmp_path / "missing" / "out.csv")
    result = CliRunner().invoke(
        main,
        ["export", "news", "-o", str(tmp_path / "missing" / "out.csv"), "--data", str(data)],
    )
    assert result.exit_code == 2
    assert result.output.strip().startswith("isecg: cannot write")
    assert "Traceback" not in result.output and not (tmp_path / "missing").exists()


def test_serve_on_a_busy_port_is_one_clear_error_exit_1(data: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--data", str(data), "--port", str(port)])
    assert result.exit_code == 1
    assert f"isecg: cannot serve on 127.0.0.1:{port}: the port is in use" in result.output
    assert "Serving the archive" not in result.output  # it never claimed to serve
