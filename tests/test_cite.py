"""Citations (`isecg cite`, /-/cite) and the reading room's archived copy: its banner, its
links into the archive, the member logos kept as evidence. On a two-night archive."""

from __future__ import annotations

import calendar
import contextlib
import html
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from datasette.utils import tilde_encode

from archive import citation, cite, documents, store
from archive.archived_copy import Captures, rewrite_links, rewrite_stylesheet
from archive.db import open_db
from archive.lookup import url_forms
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import Crawled, isecg, rows, run_crawl
from tests.fixtures.site import app
from tests.fixtures.site.app import handle
from tests.fixtures.site.model import Site, load_site
from tests.replay_helpers import TwoNights, sha256, two_nights
from tests.serve_helpers import Client, client_for

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nights(unchanged_recrawl: Crawled, tmp_path_factory: pytest.TempPathFactory) -> TwoNights:
    return two_nights(unchanged_recrawl, tmp_path_factory.mktemp("cite"))


@pytest.fixture(scope="module")
def client(nights: TwoNights) -> Iterator[Client]:
    with client_for(nights.data) as c:
        yield c


def capture_of(nights: TwoNights, table: str, key_column: str, key: str) -> tuple[int, str, str]:
    (row,) = rows(
        nights.data / "isecg.db",
        f"SELECT c.id, c.fetched_at, c.content_sha256 FROM {table} t"
        f" JOIN captures c ON c.id = t.capture_id WHERE t.{key_column} = ?",
        (key,),
    )
    return row


@pytest.mark.parametrize(
    "record",
    ["news:wp:1109", "publications", "documents", "agencies", "capture"],
)
def test_every_kind_of_row_is_cited_with_url_time_digest_and_replay_link(
    nights: TwoNights, record: str
) -> None:
    db = nights.data / "isecg.db"
    if record == "publications":
        record = "publications:" + rows(db, "SELECT id FROM publications LIMIT 1")[0][0]
    elif record == "documents":
        record = "documents:" + rows(db, "SELECT url FROM documents LIMIT 1")[0][0]
    elif record == "agencies":
        record = (
            "agencies:" + rows(db, "SELECT id FROM agencies WHERE capture_id IS NOT NULL")[0][0]
        )
    elif record == "capture":  # a 304 night: cited as itself, with the content it confirmed
        second = nights.captures(nights.samples["post"])[1]
        (capture_id,) = rows(
            db, "SELECT id FROM captures WHERE crawl_id = 2 AND url = ?", (second.url,)
        )[0]
        record = f"capture:{capture_id}"
    result = isecg("cite", record, "--data", str(nights.data), "--format", "csl-json")
    assert result.returncode == 0, result.stderr
    (item,) = json.loads(result.stdout)
    custom = item["custom"]
    (status, fetched_at, digest, _url) = rows(
        db,
        "SELECT status, fetched_at, content_sha256, url FROM captures WHERE id = ?",
        (custom["capture_id"],),
    )[0]
    assert custom["captured_at"] == fetched_at and custom["sha256"] == digest
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert item["archive_location"] == f"http://127.0.0.1:8001/-/capture/{custom['capture_id']}"
    assert item["URL"].startswith("http://127.0.0.1:")
    assert status in (200, 304)


def test_a_post_cited_by_url_in_text_and_bibtex(nights: TwoNights) -> None:
    url = nights.samples["post"]
    capture_id, fetched_at, digest = capture_of(nights, "news", "url", url)
    text = isecg("cite", url, "--data", str(nights.data)).stdout
    assert url in text and fetched_at in text and f"sha256:{digest}" in text
    assert f"/-/capture/{capture_id}" in text
    bib = isecg("cite", url, "--data", str(nights.data), "--format", "bibtex").stdout
    assert bib.startswith("@misc{isecg-news-wp-1109,") and f"urldate = {{{fetched_at[:10]}}}" in bib
    assert sha256(nights.live[url]) == digest  # the digest is of the page as the site serves it


# -- a publication is its document -------------------------------------------------------------
ROADMAP = "/wp-content/uploads/2024/08/GER_2024.pdf"  # listed on the Publications page


@pytest.mark.parametrize("by", ["key", "url"])
def test_a_publication_is_cited_by_its_documents_capture(
    nights: TwoNights, client: Client, by: str
) -> None:
    """It was cited by the capture of the page listing it: the PDF's URL, the list page's id
    and digest. In the reading room's Cite box too."""
    document_url = nights.site.rstrip("/") + ROADMAP
    (key,) = rows(
        nights.data / "isecg.db",
        "SELECT id FROM publications WHERE document_url = ?",
        (document_url,),
    )[0]
    record = f"publications:{key}" if by == "key" else document_url
    result = isecg("cite", record, "--data", str(nights.data), "--format", "csl-json")
    assert result.returncode == 0, result.stderr
    custom = json.loads(result.stdout)[0]["custom"]
    (url, content_type, digest) = rows(
        nights.data / "isecg.db",
        "SELECT url, content_type, content_sha256 FROM captures WHERE id = ?",
        (custom["capture_id"],),
    )[0]
    assert url == custom["url"] == document_url and custom.get("listed_on") is None
    pdf = handle(load_site("base"), ROADMAP, nights.site.rstrip("/")).body
    assert custom["sha256"] == digest == sha256(pdf) and content_type == "application/pdf"
    page = client.get(f"/isecg/publications/{tilde_encode(key)}").text
    cite_box = re.search(r'<blockquote class="citation">(.*?)</blockquote>', page, re.S)
    assert cite_box is not None
    assert f"/-/capture/{custom['capture_id']}" in cite_box.group(1)
    assert f"sha256:{sha256(pdf)}" in cite_box.group(1)


def test_a_publication_whose_document_was_never_archived_says_so(
    replica_factory: ReplicaFactory, tmp_path: Path
) -> None:
    """The roadmap's file answers 404: the listing page's capture is cited, labelled as such."""

    def handler(site: Site, target: str, base_url: str, rest: str, **more: Any) -> Any:
        if target == ROADMAP:
            return app.Response(404, b"not found", "text/plain")
        return app.handle(site, target, base_url, rest, **more)

    server = replica_factory(handler=handler, small=True)
    run_crawl(server, tmp_path)
    document_url = server.url + ROADMAP
    with contextlib.closing(sqlite_utils.Database(tmp_path / "isecg.db")) as db:
        cited = cite.find(db, document_url)
        listing = db.execute(
            "SELECT c.url FROM publications p JOIN captures c ON c.id = p.capture_id"
            " WHERE p.document_url = ?",
            [document_url],
        ).fetchone()[0]
    assert cited.table == "publications" and cited.url == document_url
    assert cited.listed_on == listing and "page_id=" in listing
    said = f"itself was not archived: the capture cited is of the page listing it, {listing}"
    for fmt in cite.FORMATS:
        assert said in cite.render(cited, fmt).replace("\\_", "_")  # BibTeX escapes "_"


@contextlib.contextmanager
def roadmap_in_a_copy(
    nights: TwoNights, tmp_path: Path
) -> Iterator[tuple[sqlite_utils.Database, str, str]]:
    """A copy of the archive, open to write: (it, the roadmap publication's key, the site)."""
    shutil.copytree(nights.data, tmp_path, dirs_exist_ok=True)
    root = nights.site.rstrip("/")
    with contextlib.closing(sqlite_utils.Database(tmp_path / "isecg.db")) as db:
        (key,) = db.execute(
            "SELECT id FROM publications WHERE document_url = ?", [root + ROADMAP]
        ).fetchone()
        yield db, key, root


@pytest.mark.parametrize("moved", ["wordpress", "redirect"])
def test_a_document_archived_at_another_address_is_still_its_capture(
    nights: TwoNights, tmp_path: Path, moved: str
) -> None:
    """A publication listing its file under `/wordpress/wp-content/...` (the 2013-2018
    install) that was archived under `/wp-content/...`, or at the end of a redirect, was
    cited by its listing page, as if the file had never been archived."""
    with roadmap_in_a_copy(nights, tmp_path) as (db, key, root):
        (capture_id,) = db.execute(
            "SELECT capture_id FROM documents WHERE url = ?", [root + ROADMAP]
        ).fetchone()
        linked = root + ("/wordpress" + ROADMAP if moved == "wordpress" else "/?download=24")
        if moved == "redirect":
            db.execute(
                "INSERT INTO captures (crawl_id, url, kind, fetched_at, outcome, status,"
                " location) VALUES (1, ?, 'document', '2026-01-01T00:00:00.000Z', 'ok', 301, ?)",
                [linked, ROADMAP],
            )
        db.execute("UPDATE publications SET document_url = ? WHERE id = ?", [linked, key])
        cited = cite.find(db, f"publications:{key}")
    assert (cited.capture_id, cited.listed_on) == (capture_id, None)
    assert cited.url == root + ROADMAP  # the address the file was archived at


def test_a_documents_address_redirected_to_a_web_page_is_no_capture_of_it(
    nights: TwoNights, tmp_path: Path
) -> None:
    """helper-47: an old file address sent on to the publications page was cited by that
    page's capture as though it were the file, with no word that the file was not archived."""
    with roadmap_in_a_copy(nights, tmp_path) as (db, key, root):
        linked = root + "/?download=99"
        db.execute(
            "INSERT INTO captures (crawl_id, url, kind, fetched_at, outcome, status, location)"
            " VALUES (1, ?, 'document', '2026-01-01T00:00:00.000Z', 'ok', 301, '/?page_id=407')",
            [linked],
        )
        db.execute("UPDATE publications SET document_url = ? WHERE id = ?", [linked, key])
        cited = cite.find(db, f"publications:{key}")
    assert cited.listed_on is not None and cited.url == linked
    assert cited.stand_in and "not archived" in cited.stand_in


def test_a_soft_404_read_as_the_document_is_no_capture_of_it(
    nights: TwoNights, tmp_path: Path
) -> None:
    """helper-48: a file address answering 200 with a web page (a soft 404) leaves a
    `documents` row holding that page's capture; the publication was cited by it."""
    with roadmap_in_a_copy(nights, tmp_path) as (db, key, root):
        missing = root + "/wp-content/uploads/2013/06/Missing_Report.pdf"
        page = db.execute(
            "INSERT INTO captures (crawl_id, url, kind, fetched_at, outcome, status,"
            " content_type) VALUES (1, ?, 'document', '2026-01-01T00:00:00.000Z', 'ok', 200,"
            " 'text/html; charset=UTF-8')",
            [missing],
        ).lastrowid
        read = documents.document_record(missing, "text/html", b"<html>Not found</html>")
        store.save_document(db, read, store.Seen(1, page, "2026-01-01T00:00:00.000Z"), "x")
        db.execute("UPDATE publications SET document_url = ? WHERE id = ?", [missing, key])
        cited = cite.find(db, f"publications:{key}")
    assert cited.capture_id != page and cited.listed_on is not None


# -- dated by the work, never by its capture ----------------------------------------------------


@pytest.mark.parametrize(
    ("table", "column", "where"),
    [
        ("news", "published", "id = 'wp:1950'"),  # 2025-05-26, captured in another year
        ("news", "published", "id LIKE 'portal:2008-%'"),  # the portal's years: a day alone
        ("publications", "posted_on", "document_url LIKE '%/GER_2024.pdf'"),
    ],
)
def test_a_citation_carries_the_works_own_date(
    nights: TwoNights, table: str, column: str, where: str
) -> None:
    """It carried none: BibTeX's year was the capture's, CSL-JSON had no `issued`."""
    (key, stored) = rows(
        nights.data / "isecg.db", f"SELECT id, {column} FROM {table} WHERE {where} LIMIT 1"
    )[0]
    day = stored[:10]  # as the site printed it, in its own offset
    year, month, _ = day.split("-")
    with contextlib.closing(sqlite_utils.Database(nights.data / "isecg.db")) as db:
        cited = cite.find(db, f"{table}:{key}")
    (item,) = json.loads(citation.as_csl_json(cited))
    assert item["issued"] == {"date-parts": [[int(part) for part in day.split("-")]]}
    accessed = [int(part) for part in cited.captured_at[:10].split("-")]
    assert item["accessed"] == {"date-parts": [accessed]}
    bib = citation.as_bibtex(cited)
    assert f"  year = {{{year}}},\n  month = {calendar.month_abbr[int(month)].lower()},\n" in bib
    assert f"  urldate = {{{cited.captured_at[:10]}}},\n" in bib
    assert f'"{cited.title}". {day}. {cited.url}. Captured {cited.captured_at}' in citation.as_text(
        cited
    )


@pytest.mark.parametrize("record", ["agencies", "capture"])
def test_a_record_with_no_date_of_its_own_is_cited_undated(nights: TwoNights, record: str) -> None:
    """Not dated by its capture: a wrong year is worse than none."""
    db_path = nights.data / "isecg.db"
    if record == "agencies":
        record = (
            "agencies:"
            + rows(db_path, "SELECT id FROM agencies WHERE capture_id IS NOT NULL")[0][0]
        )
    else:
        record = "capture:" + str(rows(db_path, "SELECT MIN(id) FROM captures")[0][0])
    with contextlib.closing(sqlite_utils.Database(db_path)) as db:
        cited = cite.find(db, record)
    bib = citation.as_bibtex(cited)
    assert "year = " not in bib and "month = " not in bib
    assert f"urldate = {{{cited.captured_at[:10]}}}" in bib
    (item,) = json.loads(citation.as_csl_json(cited))
    assert "issued" not in item and "accessed" in item
    assert f'"{cited.title}". {cited.url}. Captured' in citation.as_text(cited)


@pytest.mark.parametrize(
    ("stored", "day"),
    [
        ("2025-05-26T09:00:00+01:00", "2025-05-26"),
        ("2021-01-01T00:30:00+01:00", "2021-01-01"),  # 2020-12-31 in UTC: not moved
        ("2008-05-31", "2008-05-31"),
        ("2008-05", "2008-05"),
        ("2008", "2008"),
        ("2025-13-01", None),
        ("2025-02-30T10:00:00Z", None),
        ("31 May 2008", None),
        ("", None),
        (None, None),
    ],
)
def test_the_works_date_is_read_as_written(stored: str | None, day: str | None) -> None:
    assert cite.work_date(stored) == day


# -- a URL in any form the archive holds it under --------------------------------------------


@pytest.mark.parametrize(
    "form",
    [
        "{site}/wordpress/?p=1109",  # the 2013-2018 install, as old papers cite it
        "{site}/?p=1109#x",
        "{site}/?p=1109&utm_source=x",
        "https://{host}/?p=1109",
    ],
)
def test_a_post_is_cited_by_any_form_of_its_url(nights: TwoNights, form: str) -> None:
    """Each was "nothing archived at ..." (exit 2): only the canonical URL was looked up."""
    site = nights.site.rstrip("/")
    given = form.format(site=site, host=site.removeprefix("http://"))
    result = isecg("cite", given, "--data", str(nights.data), "--format", "csl-json")
    assert result.returncode == 0, result.stderr
    (item,) = json.loads(result.stdout)
    capture_id, _, _ = capture_of(nights, "news", "url", nights.samples["post"])
    assert item["id"] == "isecg-news-wp-1109" and item["URL"] == nights.samples["post"]
    assert item["custom"]["capture_id"] == capture_id


def test_a_wayback_capture_under_the_raw_address_is_one_of_the_pages(
    nights: TwoNights, tmp_path: Path
) -> None:
    """helper-46: a Wayback capture keeps the address the Internet Archive saw
    (`/wordpress/?p=1109`, 2014). Cited by that address, the bare 2014 capture was cited, not
    the post the archive holds; `/-/archived` of it today gave the 2014 copy; of the
    canonical address on a day of 2014, the copy of a later year."""
    shutil.copytree(nights.data, tmp_path, dirs_exist_ok=True)
    site = nights.site.rstrip("/")
    raw = site + "/wordpress/?p=1109"
    with contextlib.closing(sqlite_utils.Database(tmp_path / "isecg.db")) as db:
        (newest,) = db.execute(
            "SELECT id FROM captures WHERE url = ? AND warc_file IS NOT NULL"
            " ORDER BY fetched_at DESC LIMIT 1",
            [nights.samples["post"]],
        ).fetchone()
        warc_file, offset = db.execute(
            "SELECT warc_file, warc_offset FROM captures WHERE url = ? AND status = 200",
            [nights.samples["post"]],
        ).fetchone()
        old = db.execute(
            "INSERT INTO captures (crawl_id, url, kind, fetched_at, outcome, status,"
            " content_type, warc_file, warc_offset, source)"
            " VALUES (1, ?, 'page', '2014-06-10T09:31:10.000Z', 'ok', 200, 'text/html', ?, ?,"
            " 'wayback')",
            [raw, warc_file, offset],
        ).lastrowid
        cited = cite.find(db, raw)
    assert (cited.table, cited.key) == ("news", "wp:1109")
    with client_for(tmp_path) as client:

        def archived(url: str, at: str) -> str:
            answer = client.get("/-/archived", params={"url": url, "at": at})
            return str(answer.headers["location"])

        assert archived(raw, "2099-01-01").endswith(f"/-/capture/{newest}")
        assert archived(nights.samples["post"], "2014-07-01").endswith(f"/-/capture/{old}")


def test_a_url_the_archive_never_held_in_any_form_is_still_not_archived(nights: TwoNights):
    result = isecg("cite", nights.site + "wordpress/?p=999999", "--data", str(nights.data))
    assert result.returncode == 2
    assert f"nothing archived at {nights.site}wordpress/?p=999999" in result.stderr


def test_the_forms_of_a_url_come_from_the_rules_then_the_aliases(tmp_path: Path) -> None:
    """The alias stands for a page whose <link rel=canonical> names another URL than the rules
    give; a URL no parser reads is tried as given only."""
    with contextlib.closing(open_db(tmp_path / "isecg.db")) as db:
        db.execute(
            "INSERT INTO crawls (started_at, status, site) VALUES (?, 'done', ?)",
            ["2025-01-01T00:00:00.000Z", "http://site.test/"],
        )
        db.execute(
            "INSERT INTO aliases (alias, url) VALUES (?, ?)",
            ["http://site.test/?page_id=5", "http://site.test/about"],
        )
        forms = list(url_forms(db.conn, "https://www.site.test/wordpress/?page_id=5#top"))
        assert forms[:3] == [
            "https://www.site.test/wordpress/?page_id=5#top",
            "http://site.test/?page_id=5",
            "http://site.test/about",
        ]
        # where a Wayback capture of those keeps the address the Internet Archive saw
        assert {
            "http://site.test/wordpress/?page_id=5",
            "https://www.site.test/?page_id=5",
            "http://www.site.test:80/wordpress/?page_id=5",
            "http://site.test/wordpress/about",
        } <= set(forms[3:])
        assert len(forms) == len(set(forms)) <= 3 + 2 * 32  # 2 schemes, hosts, ports; 4 paths
        front = list(url_forms(db.conn, "https://www.site.test/"))
        assert "http://site.test/wordpress/index.php" in front
        upload = "http://site.test/wordpress/wp-content/uploads/2018/06/x.pdf"
        assert "http://site.test/wp-content/uploads/2018/06/x.pdf" in url_forms(db.conn, upload)
        # a directory named like the install is no other address of it (helper-48)
        other = list(url_forms(db.conn, "http://site.test/wordpress-2015/report.pdf"))
        assert not any("site.test/-2015/" in form for form in other)
        assert list(url_forms(db.conn, "http://site.test:99999/?p=1")) == [
            "http://site.test:99999/?p=1"
        ]
        assert list(url_forms(db.conn, "news:wp:1")) == ["news:wp:1"]


def test_an_unknown_record_is_a_usage_error(nights: TwoNights) -> None:
    result = isecg("cite", "news:wp:999999", "--data", str(nights.data))
    assert result.returncode == 2 and "no news row" in result.stderr


def test_an_argument_that_is_not_utf8_is_a_usage_error(nights: TwoNights) -> None:
    """`isecg cite $'http://.../\\xff'` ended in a UnicodeEncodeError traceback (helper-46)."""
    from tests.crawl_helpers import ISECG

    command = [bytes(ISECG), b"cite", b"http://127.0.0.1/\xff", b"--data", bytes(nights.data)]
    result = subprocess.run(command, capture_output=True, timeout=120)
    assert result.returncode == 2
    assert b"not a URL or a key" in result.stderr and b"Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("record", "said"),
    [
        ("capture:99999999999999999999999", "no capture 99999999999999999999999"),
        ("capture:\u00b2", "a capture is named by its number"),  # "²": isdigit() says yes
    ],
)
def test_a_capture_number_sqlite_cannot_hold_is_a_usage_error(
    nights: TwoNights, record: str, said: str
) -> None:
    """It ended in OverflowError (or ValueError) tracebacks."""
    result = isecg("cite", record, "--data", str(nights.data))
    assert result.returncode == 2 and said in result.stderr


def test_the_citation_link_replays_exactly_that_capture(nights: TwoNights, client: Client):
    url = nights.samples["post"]
    capture_id, fetched_at, digest = capture_of(nights, "news", "url", url)
    cited = client.get("/-/cite?record=news:wp:1109&format=text").text
    assert f"/-/capture/{capture_id}" in cited
    # CSL-JSON as what it is (helper-207: it was sent as text/plain); BibTeX shown as text
    for fmt, kind in [
        ("text", "text/plain"),
        ("bibtex", "text/plain"),
        ("csl-json", "application/vnd.citationstyles.csl+json"),
    ]:
        answer = client.get(f"/-/cite?record=news:wp:1109&format={fmt}")
        assert answer.headers["content-type"] == f"{kind}; charset=utf-8"
    page = client.get(f"/-/capture/{capture_id}")
    assert page.status_code == 200
    # the rewritten page is not the content cited; ?raw=1 is, byte for byte, as a file
    raw = client.get(f"/-/capture/{capture_id}?raw=1")
    assert sha256(raw.content) == digest != sha256(page.content)
    assert raw.headers["content-disposition"] == f'attachment; filename="capture-{capture_id}.html"'
    # the form's target asked with no address: a bad request, not a page not archived
    assert client.get("/-/archived").status_code == 400
    banner = re.search(r'<div id="isecg-archive-banner".*?</div>', page.text, re.S)
    assert banner is not None
    assert f'href="{url}"' in banner.group(0) and fetched_at in banner.group(0)
    assert "the live page" in banner.group(0) and "other captures of this URL" in banner.group(0)
    others = re.search(r'href="([^"]*captures\?url=[^"]*)"', banner.group(0))
    assert others is not None
    listing_url = others.group(1).replace("&amp;", "&").replace("/captures?", "/captures.json?")
    listing = client.get(listing_url + "&_shape=array")
    assert len(listing.json()) == 2  # both nights


def test_links_in_an_archived_page_lead_to_archived_captures(nights: TwoNights, client: Client):
    url = nights.samples["post"]
    capture_id, _, _ = capture_of(nights, "news", "url", url)
    page = client.get(f"/-/capture/{capture_id}").text
    body = re.sub(r'<div id="isecg-archive-banner".*?</div>', "", page, flags=re.S)
    targets = re.findall(r'\s(?:href|src)="([^"]*)"', body)
    site = nights.site.rstrip("/")
    assert "/wp-content/themes/gse/style.css" not in " ".join(targets)  # the stylesheet: archived
    live = [t for t in targets if t.startswith((site, "/?", "/wp-", "https://127.0.0.1"))]
    archived_urls = {
        u
        for (u,) in rows(
            nights.data / "isecg.db", "SELECT url FROM captures WHERE warc_file IS NOT NULL"
        )
    }
    assert not live  # no link into the live site (helper-200: the held ones' other forms went)
    assert not set(live) & archived_urls
    # robots.txt forbids it: never archived, so the lookup says so and offers the live page
    private = next(t for t in targets if t.startswith("/-/archived?") and "private-area" in t)
    answer = client.get(html.unescape(private))
    assert answer.status_code == 404 and f'href="{site}/private-area/"' in answer.text
    archived = [t for t in targets if t.startswith("/-/capture/")]
    assert len(archived) > 10
    css = client.get(
        next(t for t in archived if client.get(t).headers["content-type"].startswith("text/css"))
    )
    assert ".gse-header" in css.text
    # its @import, background image and font: archived captures, not addresses beside the
    # sheet's own /-/capture/N that the reading room never answered
    inside = re.findall(r'url\("([^"]*)"\)', css.text)
    assert len(inside) == 2 and all(t.startswith("/-/capture/") for t in inside)
    assert css.headers["content-type"] == "text/css; charset=utf-8"
    font_sheet = client.get(inside[0])
    assert "@font-face" in font_sheet.text
    font = re.search(r'url\("(/-/capture/[0-9]+)"\)', font_sheet.text)
    assert font is not None and client.get(font[1]).content.startswith(b"wOF2")
    assert client.get(font[1]).headers["access-control-allow-origin"] == "*"  # CORS, from "null"
    assert client.get(inside[1]).content.startswith(b"\x89PNG")
    raw = client.get(inside[0] + "?raw=1")
    assert 'url("fonts/gse-serif.woff2")' in raw.text  # as archived, whose digest is cited


def test_a_member_logo_is_kept_and_linked_from_its_row(nights: TwoNights, client: Client):
    (agency, _logo) = rows(
        nights.data / "isecg.db", "SELECT id, logo FROM agencies WHERE logo IS NOT NULL LIMIT 1"
    )[0]
    html = client.get(f"/isecg/agencies/{tilde_encode(agency)}").text
    # Straight to the logo's latest capture that holds an image (never a 404 page).
    link = re.search(r'href="(/-/capture/[0-9]+)">archived logo', html)
    assert link is not None
    image = client.get(link.group(1))
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")


def test_rewriting_picks_the_capture_nearest_before(tmp_path: Path) -> None:
    captures = Captures(
        [("http://s/a", 1, "2025-01-01T00:00:00Z"), ("http://s/a", 2, "2025-02-01T00:00:00Z")]
    )
    page = '<a href="/a">x</a><a href="https://s/a#top">y</a><a href="/b">z</a>'
    out = rewrite_links(page, "http://s/", "2025-01-15T00:00:00Z", captures, "/c/")
    assert out == '<a href="/c/1">x</a><a href="/c/1">y</a><a href="/b">z</a>'
    early = rewrite_links(page, "http://s/", "2024-12-01T00:00:00Z", captures, "/c/")
    assert early.startswith('<a href="/c/1">')  # none before: the first after


def test_every_address_a_page_gives_is_rewritten_or_left_whole() -> None:
    """helper-203: srcset (which browsers prefer to src), unquoted hrefs and forms' actions
    kept pointing at the reading room's own host; one link with a port of 99999 made the
    whole copy a 500; <base href> was not read, and a page at :80 sent links live."""
    captures = Captures(
        [("http://s/img/a.jpg", 3, "2025-01-01T00:00:00Z"), ("http://s/w/x/y", 4, "2025-01-01")]
    )
    at = "2025-02-01T00:00:00Z"
    page = (
        '<img src="/img/a.jpg" srcset="/img/a.jpg 791w, https://other.org/b.jpg 2x">'
        "<a href=/img/a.jpg>u</a><form action='/?s='></form>"
        "<a href='http://s:99999/x'>bad</a><a href='mailto:a@s'>m</a>"
    )
    out = rewrite_links(page, "http://s/", at, captures, "/c/", "/l?")
    assert '<img src="/c/3" srcset="/c/3 791w, https://other.org/b.jpg 2x">' in out
    assert '<a href="/c/3">u</a>' in out
    assert "<form action='/l?url=http%3A%2F%2Fs%2F%3Fs%3D&amp;at=" in out
    assert "<a href='http://s:99999/x'>bad</a><a href='mailto:a@s'>m</a>" in out
    based = '<base href="http://s/w/"><a href="x/y">r</a>'
    out = rewrite_links(based, "http://s/?page_id=5", at, captures, "/c/", "/l?")
    assert out == '<base href="http://s/w/"><a href="/c/4">r</a>'  # the base stays as it was
    out = rewrite_links('<a href="http://s/img/a.jpg">p</a>', "http://s:80/", at, captures, "/c/")
    assert out == '<a href="/c/3">p</a>'


def test_only_start_tags_addresses_are_rewritten() -> None:
    """helper-204: a script's `var href=this.href` was rewritten, eating its `</script` (the
    page went blank), and an alt text's "src=JPL" became a nested attribute; a srcset's empty
    candidate made a 500 and a data: address was split at its comma; a <base> with no href
    before the one with it hid the base."""
    captures = Captures([("http://s/w/a.jpg", 3, "2025-01-01T00:00:00Z")])
    script = "<script>$(function(){ var href=this.href; })</script>"
    page = (
        f"{script}<!-- <a href=/x> --><img alt='Credit: NASA, src=JPL' src='/w/a.jpg'>"
        "<p>see href=/x for more</p>"
        '<img srcset="/w/a.jpg 1x, data:image/gif;base64,R0lG,AAA 2x, ">'
    )
    out = rewrite_links(page, "http://s/w/", "2025-02-01", captures, "/c/", "/l?")
    assert out == (
        f"{script}<!-- <a href=/x> --><img alt='Credit: NASA, src=JPL' src='/c/3'>"
        "<p>see href=/x for more</p>"
        '<img srcset="/c/3 1x, data:image/gif;base64,R0lG,AAA 2x">'
    )
    based = '<base target="_blank"><base href="http://s/w/"><a href="a.jpg">r</a>'
    out = rewrite_links(based, "http://s/?p=1", "2025-02-01", captures, "/c/")
    assert out.endswith('<a href="/c/3">r</a>')


def test_a_link_to_the_site_held_under_no_capture_of_its_form_is_looked_up() -> None:
    """helper-200: a 2014 page's `/wordpress/?page_id=259` (the archive holds `/?page_id=259`)
    went to the reading room's own host; `?page_id=752` reopened the same capture; absolute
    links to the site went live. Other sites' links stay as they are."""
    captures = Captures([("http://s/a", 1, "2025-01-01T00:00:00Z")])
    page = (
        '<a href="/a">x</a><a href="/wordpress/?page_id=259">y</a><a href="?page_id=752">z</a>'
        '<a href="http://www.s/wordpress/?p=375">w</a><a href="https://other.org/">o</a>'
    )
    at = "2014-06-10T09:30:00Z"
    out = rewrite_links(page, "http://s/wordpress/?p=420", at, captures, "/c/", "/-/archived?")
    when = "at=2014-06-10T09%3A30%3A00Z"
    assert out == (
        '<a href="/c/1">x</a>'
        f'<a href="/-/archived?url=http%3A%2F%2Fs%2Fwordpress%2F%3Fpage_id%3D259&amp;{when}">y</a>'
        f'<a href="/-/archived?url=http%3A%2F%2Fs%2Fwordpress%2F%3Fpage_id%3D752&amp;{when}">z</a>'
        f'<a href="/-/archived?url=http%3A%2F%2Fwww.s%2Fwordpress%2F%3Fp%3D375&amp;{when}">w</a>'
        '<a href="https://other.org/">o</a>'
    )


def test_css_addresses_in_a_page_and_a_sheet_point_at_archived_captures() -> None:
    """An archived page's style attributes and <style> elements, and an archived style sheet,
    named their images, fonts and imports relative to the live site (the sandbox then showed
    none of them): each is rewritten as a link is, in its own quotes; data: addresses, empty
    ones and other sites' stay as they are."""
    captures = Captures(
        [("http://s/w/bg.png", 5, "2025-01-01T00:00:00Z"), ("http://s/w/t/f.css", 6, "2025-01-01")]
    )
    at = "2025-02-01T00:00:00Z"
    page = (
        "<style>@import 'w/t/f.css'; .a { background: url( /w/bg.png ) }"
        " .b { background: url(data:image/png;base64,AA) } .c { background: url() }</style>"
        '<div style="background:url(&quot;w/bg.png&quot;) no-repeat">x</div>'
        "<p style='background-image: url(\"https://other.org/x.png\")'>y</p>"
        "<i style=\"background:URL('/w/gone.png')\">z</i>"
    )
    out = rewrite_links(page, "http://s/", at, captures, "/c/", "/l?")
    assert out == (
        "<style>@import '/c/6'; .a { background: url( /c/5 ) }"
        " .b { background: url(data:image/png;base64,AA) } .c { background: url() }</style>"
        '<div style="background:url(&quot;/c/5&quot;) no-repeat">x</div>'
        "<p style='background-image: url(\"https://other.org/x.png\")'>y</p>"
        '<i style="background:URL(&#x27;/l?url=http%3A%2F%2Fs%2Fw%2Fgone.png&amp;at='
        '2025-02-01T00%3A00%3A00Z&#x27;)">z</i>'
    )
    sheet = "@import url(\"f.css\");\n.h { background: url(../bg.png) } .s{src:url('/x?a&b')}"
    out = rewrite_stylesheet(sheet, "http://s/w/t/main.css", at, captures, "/c/", "/l?")
    assert out == (
        '@import url("/c/6");\n.h { background: url(/c/5) }'
        " .s{src:url('/l?url=http%3A%2F%2Fs%2Fx%3Fa%26b&at=2025-02-01T00%3A00%3A00Z')}"
    )
