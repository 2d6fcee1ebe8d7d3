"""The backfill's parts without a Wayback: the CDX answer read both ways, what is kept and
collapsed, the work list and slices in SQLite, the WARC copy, and refusals before connecting.
(tests/test_wayback_pywb.py runs the whole import against a real pywb.)"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from archive import backfill
from archive.backfill import Listed
from archive.db import open_db
from archive.verify import verify
from archive.warc import Exchange, WarcWriter, payload_digest
from scraper import cdx
from scraper.cli import main
from scraper.errors import RefusedURL
from scraper.settings import Settings
from scraper.wayback import endpoint_settings, import_wayback, replay_url

SITE = "https://www.globalspaceexploration.org/"
HOST = "http://www.globalspaceexploration.org"
PDF = "application/pdf"
IA_HEADER = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]


def ia_row(path: str, timestamp: str, digest: str = "AAAA", mime: str = "text/html") -> list[str]:
    return ["org,x)/", timestamp, HOST + path, mime, "200", digest, "1234"]


def test_the_internet_archive_answer_is_read() -> None:
    body = json.dumps([IA_HEADER, ia_row("/wordpress/?p=296", "20140610093000")]).encode()
    (row,) = cdx.parse(body)
    assert row["original"] == HOST + "/wordpress/?p=296"
    assert (row["timestamp"], row["statuscode"], row["length"]) == ("20140610093000", "200", "1234")


def test_the_pywb_answer_is_read_with_the_same_names() -> None:
    line = {
        "urlkey": "k",
        "timestamp": "20090415100000",
        "url": HOST + "/news/",
        "mime": "text/html",
    }
    body = (json.dumps(line) + "\n" + json.dumps({**line, "status": "200"}) + "\n").encode()
    rows = cdx.parse(body)
    assert [r["original"] for r in rows] == [HOST + "/news/"] * 2
    assert rows[1]["statuscode"] == "200" and rows[0]["mimetype"] == "text/html"


@pytest.mark.parametrize(
    "body",
    [
        b"<html>Wayback is down</html>",
        b'{"a": 1}\n[1]',
        b"[[1], 2]",
        # helper-195: JSON that names no capture listed nothing, and the import was "done"
        b'{"error": "Rate limit exceeded"}',
        b'[["a", "b"]]',
        b'[["a", "b"], ["1", "2"]]',
    ],
)
def test_an_answer_that_is_no_capture_list_is_an_error(body: bytes) -> None:
    with pytest.raises(ValueError):
        cdx.parse(body)


def test_an_empty_answer_lists_nothing() -> None:
    assert cdx.parse(b"") == [] and cdx.parse(b"[]") == []


BYTES = "application/octet-stream"


def test_only_the_page_kinds_the_archive_reads_are_kept() -> None:
    rows = [
        dict(zip(IA_HEADER, row, strict=True))
        for row in (
            ia_row("/", "20150101000000"),
            ia_row("/news/2008-03-14", "20090101000000"),
            ia_row("/wordpress/?p=296", "20140101000000"),
            ia_row("/?page_id=407&paged=2", "20190101000000"),
            ia_row("/wp-content/uploads/2020/08/GER.pdf", "20200101000000", mime="application/pdf"),
            # helper-195: a PDF served as any bytes, or of a type the Wayback did not know
            ia_row("/wp-content/uploads/2021/GER.pdf", "20210101000000", mime="unk"),
            ia_row("/c/document_library/get_file?uuid=c2&groupId=1", "20110101000000", mime=BYTES),
            ia_row("/wp-content/uploads/2020/08/GER.pdf", "20200102000000", mime="text/html"),
            # the portal's Document Library: no extension, a document all the same
            ia_row("/c/document_library/get_file?uuid=b1&groupId=1", "20100101000000", mime=PDF),
            ia_row("/documents/10136/10456/GER_2011.pdf/0b1c", "20120101000000", mime=PDF),
            ia_row("/wp-content/themes/x/style.css", "20200101000000", mime="text/css"),
            ia_row("/?feed=rss2", "20200101000000", mime="application/rss+xml"),
            ia_row("/robots.txt", "20200101000000", mime="text/plain"),
            ia_row("/?p=1109", "20200101000000", mime="image/png"),  # a page answered oddly
            ["k", "20200101000000", "https://www.esa.int/", "text/html", "200", "B", "1"],
            ["k", "2020", HOST + "/?p=1", "text/html", "200", "C", "1"],  # a broken timestamp
            ["k", "20200101000000", HOST + "/?p=2", "text/html", "404", "D", "1"],
        )
    ]
    kept = cdx.listed(rows, SITE)
    assert [(urlsplit(i.url).path + "?" + urlsplit(i.url).query, i.kind) for i in kept] == [
        ("/news/2008-03-14?", "page"),
        ("/c/document_library/get_file?uuid=b1&groupId=1", "document"),
        ("/c/document_library/get_file?uuid=c2&groupId=1", "document"),
        ("/documents/10136/10456/GER_2011.pdf/0b1c?", "document"),
        ("/wordpress/?p=296", "page"),
        ("/?", "page"),
        ("/?page_id=407&paged=2", "page"),
        ("/wp-content/uploads/2020/08/GER.pdf?", "document"),
        ("/wp-content/uploads/2021/GER.pdf?", "document"),
    ]
    generations = [
        "portal",
        "portal",
        "portal",
        "portal",
        "classic",
        "root",
        "root",
        "root",
        "root",
    ]
    assert [i.generation for i in kept] == generations


def test_an_unchanged_page_is_fetched_once_whatever_its_scheme() -> None:
    rows = [
        dict(zip(IA_HEADER, row, strict=True))
        for row in (
            ia_row("/?p=1109", "20200101000000", "SAME"),
            [
                "k",
                "20200601000000",
                "https://globalspaceexploration.org/?p=1109",
                "text/html",
                "200",
                "SAME",
                "1",
            ],
            ia_row("/?p=1109", "20210101000000", "NEW"),
            ia_row("/?p=1109", "20220101000000", "SAME"),  # changed back: a version again
        )
    ]
    assert [i.timestamp for i in cdx.listed(rows, SITE)] == [
        "20200101000000",
        "20210101000000",
        "20220101000000",
    ]


def test_the_query_lists_the_whole_host_in_the_window() -> None:
    query = parse_qs(
        urlsplit(cdx.query_url("https://web.archive.org/cdx", SITE, "2009", "2014")).query
    )
    assert query == {
        "url": ["www.globalspaceexploration.org/"],
        "matchType": ["prefix"],
        "output": ["json"],
        "filter": ["statuscode:200"],
        "collapse": ["digest"],
        "showResumeKey": ["true"],
        "from": ["2009"],
        "to": ["2014"],
    }
    again = cdx.query_url("https://web.archive.org/cdx", SITE, None, None, "org%2Cx%29%2F+2014!")
    assert parse_qs(urlsplit(again).query)["resumeKey"] == ["org%2Cx%29%2F+2014!"]


def test_an_answer_ending_with_a_resume_key_gives_it_apart_from_its_rows() -> None:
    row = ia_row("/", "20140610093000")
    body = json.dumps([IA_HEADER, row, [], ["org%2Cx%29%2F+20140610093000%21"]]).encode()
    rows, key = cdx.parse_page(body)
    assert [r["timestamp"] for r in rows] == ["20140610093000"]
    assert key == "org%2Cx%29%2F+20140610093000%21"
    assert cdx.parse_page(json.dumps([IA_HEADER, row]).encode())[1] is None


def test_the_endpoints_are_the_internet_archive_by_default_and_pywb_otherwise() -> None:
    assert Settings().cdx_url == "https://web.archive.org/cdx/search/cdx"
    pywb = Settings(wayback_url="http://127.0.0.1:8080/coll/")
    assert pywb.cdx_url == "http://127.0.0.1:8080/coll/cdx"
    item = Listed(HOST + "/?p=1", "20200101000000", "page", "root")
    assert replay_url(pywb, item) == f"http://127.0.0.1:8080/coll/20200101000000id_/{HOST}/?p=1"
    client = endpoint_settings(pywb)
    assert (client.site, client.concurrency, client.extra_hosts) == (pywb.wayback_url, 1, ())
    assert client.backoff_base == Settings().wayback_backoff == 30.0


def test_the_wayback_client_refuses_every_other_host() -> None:
    from scraper.http import Fetcher

    fetcher = Fetcher(endpoint_settings(Settings(wayback_url="http://127.0.0.1:8080/coll/")))
    fetcher.check_url("http://127.0.0.1:8080/coll/cdx?url=x")
    for url in (SITE, "http://127.0.0.1:8081/coll/", "http://10.0.0.1:8080/coll/"):
        with pytest.raises(RefusedURL):
            fetcher.check_url(url)


@pytest.mark.parametrize("wayback", ["http://10.0.0.7/web/", "http://192.168.1.1:8080/coll/"])
def test_a_private_wayback_is_refused_before_connecting(tmp_path: Path, wayback: str) -> None:
    with pytest.raises(RefusedURL):
        import_wayback(Settings(data_dir=tmp_path, wayback_url=wayback))
    assert not (tmp_path / "isecg.db").exists()
    found = CliRunner().invoke(
        main, ["import-wayback", "--data", str(tmp_path), "--wayback", wayback]
    )
    assert found.exit_code == 2 and "private or reserved address" in found.output


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--from", "2019", "--to", "2014"], "--from is after --to"),
        (["--from", "May 2014"], "is not YYYY, YYYY-MM or YYYY-MM-DD"),
        (["--to", "2014-13"], "is not YYYY, YYYY-MM or YYYY-MM-DD"),
        (["--max-captures", "0"], "0 is not in the range"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(
    tmp_path: Path, options: list[str], message: str
) -> None:
    found = CliRunner().invoke(main, ["import-wayback", "--data", str(tmp_path), *options])
    assert found.exit_code == 2, found.output
    assert message in found.output and "Traceback" not in found.output


def listed(path: str, timestamp: str, kind: str = "page") -> Listed:
    return Listed(HOST + path, timestamp, kind, "root", "text/html", "200", "X", 10)


def test_the_work_list_keeps_what_it_had_and_orders_by_time(tmp_path: Path) -> None:
    db = open_db(tmp_path / "isecg.db")
    items = [listed("/?p=2", "20200101000000"), listed("/?p=1", "20100101000000")]
    assert backfill.add_listed(db, items) == 2
    assert backfill.add_listed(db, [*items, listed("/", "20150101000000")]) == 1
    assert [i.timestamp for i in backfill.queued(db)] == [
        "20100101000000",
        "20150101000000",
        "20200101000000",
    ]
    assert [i.url for i in backfill.queued(db, "2011".ljust(14, "0"), "2015".ljust(14, "9"))] == [
        HOST + "/"
    ]
    backfill.record_failure(db, items[0], "the Wayback answered 404", 1)
    assert backfill.counts(db) | {"first_capture": None} == {
        "listed": 3,
        "fetched": 0,
        "failed": 1,
        "left": 2,
        "later": 0,
        "first_capture": None,
        "last_capture": None,
        "slices": 0,
        "unbuilt": False,
    }
    db.close()


def capture(url: str, at: str) -> dict[str, object]:
    return {
        "url": url,
        "kind": "page",
        "fetched_at": at,
        "outcome": "ok",
        "status": 200,
        "attempts": 1,
    }


def test_a_url_captured_twice_in_a_day_opens_a_second_slice(tmp_path: Path) -> None:
    db = open_db(tmp_path / "isecg.db")
    first, again = listed("/", "20140610093000"), listed("/", "20140610180000")
    other = listed("/?p=1", "20140610120000")
    backfill.add_listed(db, [first, again, other])
    counts = {"requests": 1, "pages_fetched": 1}
    for item in (first, other, again):
        backfill.record_copy(
            db, SITE, "w", item, capture(item.url, item.captured_at), counts, digest_ok=True
        )
    slices = db.execute(
        "SELECT c.id, c.started_at, c.finished_at, c.source, c.pages_fetched,"
        " json_extract(c.settings, '$.day'), COUNT(x.id) FROM crawls c"
        " JOIN captures x ON x.crawl_id = c.id GROUP BY c.id ORDER BY c.id"
    ).fetchall()
    assert [s[1:] for s in slices] == [
        ("2014-06-10T09:30:00.000Z", "2014-06-10T12:00:00.000Z", "wayback", 2, "2014-06-10", 2),
        ("2014-06-10T18:00:00.000Z", "2014-06-10T18:00:00.000Z", "wayback", 1, "2014-06-10", 1),
    ]
    assert {s for (s,) in db.execute("SELECT DISTINCT source FROM captures")} == {"wayback"}
    assert backfill.counts(db)["fetched"] == 3 and not backfill.all_built(db)
    db.close()


def test_versions_and_observations_name_their_crawl_source(tmp_path: Path) -> None:
    db = open_db(tmp_path / "isecg.db")
    db.execute(
        "INSERT INTO crawls (id, started_at, status, site, source) VALUES"
        " (1, '2014', 'done', 's', 'wayback'), (2, '2026', 'done', 's', 'crawl')"
    )
    db.execute(
        "INSERT INTO agencies (id, name, extractor_version, content_hash, first_seen,"
        " last_seen) VALUES ('esa.int', 'ESA', 'v', 'h', 't', 't')"
    )
    for crawl_id, version in ((1, 1), (2, 2)):
        db.execute(
            "INSERT INTO agencies_versions (record_id, version, content_hash, crawl_id, seen_at,"
            " changed, record) VALUES ('esa.int', ?, 'h', ?, 't', '[]', '{}')",
            [version, crawl_id],
        )
    from archive.memberships import observe_member
    from archive.store import Seen

    observe_member(db, "esa.int", "ESA", Seen(1, None, "2014-06-10T00:00:00.000Z"))
    observe_member(db, "esa.int", "ESA", Seen(2, None, "2026-01-01T00:00:00.000Z"))
    versions = db.execute("SELECT version, source FROM agencies_versions ORDER BY version")
    assert versions.fetchall() == [
        (1, "wayback"),
        (2, "crawl"),
    ]
    assert db.execute("SELECT crawl_id, source FROM member_observations ORDER BY 1").fetchall() == [
        (1, "wayback"),
        (2, "crawl"),
    ]
    assert db.execute("SELECT first_seen, first_seen_source FROM memberships").fetchall() == [
        ("2014-06-10T00:00:00.000Z", "wayback")
    ]
    db.close()


def test_a_copy_is_one_response_record_naming_its_source(tmp_path: Path) -> None:
    body = b"<html><title>ISECG</title></html>"
    when = datetime(2014, 6, 10, 9, 30, tzinfo=UTC)
    exchange = Exchange(
        url=HOST + "/wordpress/",
        fetched_at=when,
        method="GET",
        request_headers=[],
        http_version="HTTP/1.1",
        status=200,
        reason="OK",
        response_headers=[("Content-Type", "text/html"), ("Memento-Datetime", "x")],
        body=body,
    )
    source = "https://web.archive.org/web/20140610093000id_/" + exchange.url
    with WarcWriter(tmp_path, backfill.WARC_PREFIX, 1 << 20, "test") as writer:
        location = writer.write(exchange, {backfill.SOURCE_URI: source}, request=False)
    assert location.file == "wayback-00001.warc.gz"
    assert location.payload_digest == payload_digest(body)
    with (tmp_path / location.file).open("rb") as fh:
        records = [
            (r.rec_type, r.rec_headers, r.content_stream().read()) for r in ArchiveIterator(fh)
        ]
    assert [kind for kind, _, _ in records] == ["warcinfo", "response"]
    _, headers, payload = records[1]
    assert headers.get_header("WARC-Target-URI") == exchange.url
    assert headers.get_header("WARC-Date").startswith("2014-06-10T09:30:00")
    assert headers.get_header(backfill.SOURCE_URI) == source
    assert payload == body
    assert verify_file(tmp_path) == (2, None)


def verify_file(directory: Path) -> tuple[int, str | None]:
    from archive.warc_check import check_file

    (path,) = directory.glob("wayback-*.warc.gz")
    return check_file(path)


def test_verify_checks_wayback_captures_like_ours(tmp_path: Path) -> None:
    data = tmp_path
    (data / "warc").mkdir()
    with WarcWriter(data / "warc", backfill.WARC_PREFIX, 1 << 20, "test") as writer:
        exchange = Exchange(
            HOST + "/",
            datetime(2019, 1, 1, tzinfo=UTC),
            "GET",
            [],
            "HTTP/1.1",
            200,
            "OK",
            [("Content-Type", "text/html")],
            b"<p>x</p>",
        )
        location = writer.write(exchange, {}, request=False)
    db = open_db(data / "isecg.db")
    item = listed("/", "20190101000000")
    backfill.add_listed(db, [item])
    row = {
        **capture(item.url, item.captured_at),
        "payload_digest": location.payload_digest,
        "warc_file": location.file,
        "warc_offset": location.offset,
        "warc_record_id": location.record_id,
    }
    backfill.record_copy(db, SITE, "w", item, row, {"requests": 1}, None)
    db.close()
    assert verify(data).ok
    db = open_db(data / "isecg.db")
    db.execute("UPDATE captures SET url = ?", [HOST + "/elsewhere"])
    db.conn.commit()
    db.close()
    report = verify(data)
    assert not report.ok and "the index says" in report.lines()[0]


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        # The Wayback lists the home page both with and without its slash (helper-49's S5).
        ("https://www.globalspaceexploration.org", "https://www.globalspaceexploration.org/"),
        (HOST + "/?p=1109", "https://globalspaceexploration.org/?p=1109"),
        (HOST + "/wordpress/?p=296", "https://www.globalspaceexploration.org/?p=296"),
    ],
)
def test_one_page_captured_twice_in_a_day_under_two_forms_opens_a_second_slice(
    tmp_path: Path, earlier: str, later: str
) -> None:
    # A slice is read like a crawl: one capture per canonical URL. Two in one slice, and the
    # builder reads one of them only, so the other version of the page is never seen.
    db = open_db(tmp_path / "isecg.db")
    first = Listed(earlier, "20221001100000", "page", "root", "text/html", "200", "A", 10)
    again = Listed(later, "20221001110000", "page", "root", "text/html", "200", "B", 10)
    backfill.add_listed(db, [first, again])
    for item in (first, again):
        backfill.record_copy(
            db, SITE, "w", item, capture(item.url, item.captured_at), {"requests": 1}, None
        )
    slices = db.execute(
        "SELECT crawl_id, url FROM captures WHERE source = 'wayback' ORDER BY fetched_at"
    ).fetchall()
    assert len({crawl_id for crawl_id, _ in slices}) == 2, slices
    db.close()
