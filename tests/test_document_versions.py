"""Documents keep versions, and a read that fails keeps the last good one (issue 10).

The small replica (tests/fixtures/site/small.py) is crawled three times: with its real PDFs;
with every PDF answered by something hostile (garbage, a zip bomb, a PDF whose page inflates
past pypdf's limit, a truncated file, a gzip bomb past the document size cap); and with the
real PDFs again, one of them in a new edition. The archive after each crawl is kept as a copy,
so each test reads one moment.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from archive.db import MIGRATIONS, migrate
from archive.documents import CONTENT, document_record
from archive.store import Seen, save_document
from tests.crawl_helpers import SIDE_FILES, isecg, rows, run_crawl
from tests.fixtures.site import app
from tests.fixtures.site.model import Site
from tests.fixtures.site.pdf import build_pdf
from tests.fixtures.site.server import ReplicaConfig, ReplicaServer
from tests.fixtures.site.small import small_site
from tests.test_archive_guards import snapshot

PATHS = sorted(small_site("base").documents)
HOSTILE = ("garbage", "zip bomb", "pdf bomb", "truncated", "gzip bomb")
# The error each hostile answer is recorded with.
ERRORS = {
    "garbage": "not a PDF: no %PDF- header",
    "zip bomb": "not a PDF: no %PDF- header; starts with 'PK",
    "pdf bomb": "text of page 1 unreadable: LimitReachedError",
    "truncated": "truncated PDF: no %%EOF marker",
    "gzip bomb": "TooLarge: ",
}
NEW_EDITION = PATHS[0]
NEW_PAGES = ("A new edition of this report.", "Its second page, rewritten.")


def hostile_of(path: str) -> str:
    return HOSTILE[PATHS.index(path) % len(HOSTILE)]


@cache
def zip_bomb() -> bytes:
    """A zip archive of 100 MB of zeros (100 KB on the wire): never unzipped, only refused."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("x", "w") as f:
        for _ in range(100):
            f.write(bytes(1 << 20))
    return out.getvalue()


@cache
def pdf_bomb() -> bytes:
    """A well-formed one-page PDF whose content stream inflates to 80 MB, past the 75 MB
    pypdf decompresses (80 KB on the wire)."""
    deflate = zlib.compressobj(9)
    stream = deflate.compress(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n")
    stream += b"".join(deflate.compress(b" " * (1 << 20)) for _ in range(80)) + deflate.flush()
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
        + font
        + b" /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return (
        out
        + b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        + table
        + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, len(out))
    )


@cache
def gzip_bomb() -> bytes:
    """60 MB of zeros gzipped (60 KB on the wire): over the 50 MB document cap once decoded."""
    return gzip.compress(bytes(60 << 20), 9)


def hostile(path: str, good: app.Response) -> app.Response:
    kind, pdf = hostile_of(path), "application/pdf"
    if kind == "garbage":
        seed = hashlib.sha256(path.encode()).digest()
        return app.Response(200, seed * 1000, pdf)
    if kind == "zip bomb":
        return app.Response(200, zip_bomb(), pdf)
    if kind == "pdf bomb":
        return app.Response(200, pdf_bomb(), pdf)
    if kind == "truncated":
        return app.Response(200, good.body[: len(good.body) // 2], pdf)
    return app.Response(200, gzip_bomb(), pdf, (("Content-Encoding", "gzip"),))


@dataclass
class Moments:
    good: Path  # after the crawl of the real PDFs
    bad: Path  # after the crawl of the hostile ones
    new: Path  # after the real PDFs came back, one in a new edition
    server: ReplicaServer


@pytest.fixture(scope="module")
def moments(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Moments]:
    mode: list[str] = ["good"]

    def handler(site: Site, target: str, base_url: str, rest: str, **more: Any) -> Any:
        answer = app.handle(site, target, base_url, rest, **more)
        path = target.split("?")[0]
        if path not in PATHS:
            return answer
        if mode[0] == "bad":
            return hostile(path, answer)
        if mode[0] == "new" and path == NEW_EDITION:
            return app.Response(200, build_pdf(NEW_PAGES, "New edition"), "application/pdf")
        return answer

    data = tmp_path_factory.mktemp("documents") / "data"
    kept: dict[str, Path] = {}
    with ReplicaServer(ReplicaConfig(small=True), handler=handler) as server:
        for moment in ("good", "bad", "new"):
            mode[0] = moment
            run_crawl(server, data)
            kept[moment] = tmp_path_factory.mktemp(moment) / "data"
            shutil.copytree(data, kept[moment], ignore=SIDE_FILES)
        yield Moments(kept["good"], kept["bad"], kept["new"], server)


def document(data: Path, path: str, server: ReplicaServer) -> dict[str, Any]:
    columns = "sha256, size, pages, title, text, error, last_error, last_error_at"
    (row,) = rows(
        data / "isecg.db", f"SELECT {columns} FROM documents WHERE url = ?", (server.url + path,)
    )
    return dict(zip(columns.split(", "), row, strict=True))


def versions(data: Path, path: str, server: ReplicaServer) -> list[tuple[Any, ...]]:
    return rows(
        data / "isecg.db",
        "SELECT version, changed, json_extract(record, '$.text') FROM documents_versions"
        " WHERE record_id = ? ORDER BY version",
        (server.url + path,),
    )


KEPT = ("sha256", "size", "pages", "title", "text", "error")


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_failed_read_keeps_the_last_good_text(moments: Moments, kind: str):
    paths = [p for p in PATHS if hostile_of(p) == kind]
    assert paths, f"the site has no document to answer with a {kind}"
    for path in paths:
        good = document(moments.good, path, moments.server)
        after = document(moments.bad, path, moments.server)
        assert good["text"] and good["pages"]
        assert {k: after[k] for k in KEPT} == {k: good[k] for k in KEPT}, path


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_failed_read_is_recorded(moments: Moments, kind: str):
    paths = [p for p in PATHS if hostile_of(p) == kind]
    assert paths, f"the site has no document to answer with a {kind}"
    for path in paths:
        failures = rows(
            moments.bad / "isecg.db",
            "SELECT error, seen_at FROM document_failures WHERE url = ? AND crawl_id = 2",
            (moments.server.url + path,),
        )
        assert len(failures) == 1 and failures[0][0].startswith(ERRORS[kind]), failures
        after = document(moments.bad, path, moments.server)
        assert (after["last_error"], after["last_error_at"]) == failures[0]


def test_a_failed_read_makes_no_version(moments: Moments):
    counts = rows(
        moments.bad / "isecg.db", "SELECT record_id, COUNT(*) FROM documents_versions GROUP BY 1"
    )
    assert len(counts) == len(PATHS) and {n for _, n in counts} == {1}


def test_a_good_crawl_records_no_failure(moments: Moments):
    assert rows(moments.good / "isecg.db", "SELECT COUNT(*) FROM document_failures") == [(0,)]


def test_a_new_edition_is_a_new_version(moments: Moments):
    found = versions(moments.new, NEW_EDITION, moments.server)
    old_text = document(moments.good, NEW_EDITION, moments.server)["text"]
    assert [(v, t) for v, _, t in found] == [(1, old_text), (2, "\f".join(NEW_PAGES))]
    assert {"sha256", "size", "text", "title"} <= set(json.loads(found[1][1]))
    assert document(moments.new, NEW_EDITION, moments.server)["text"] == "\f".join(NEW_PAGES)


def test_the_same_bytes_again_are_no_new_version_and_clear_the_error(moments: Moments):
    for path in PATHS[1:]:
        assert len(versions(moments.new, path, moments.server)) == 1, path
        after = document(moments.new, path, moments.server)
        assert after == document(moments.good, path, moments.server), path


def test_reparse_rebuilds_versions_and_failures(moments: Moments, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(moments.new, data)
    before = snapshot(data / "isecg.db")
    assert before["document_failures"] and before["documents_versions"]
    result = isecg("reparse", "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert snapshot(data / "isecg.db") == before


def test_the_migration_makes_each_document_read_its_version_1(tmp_path: Path):
    """An archive from before document versions: what it read becomes version 1, seen at its
    capture, and reading the same file again makes no new version."""
    db = sqlite_utils.Database(tmp_path / "old.db")
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    names = [name for name, _ in MIGRATIONS]
    for name, step in MIGRATIONS[: names.index("007_document_versions")]:
        step(db)
        db.execute("INSERT INTO _migrations VALUES (?, 'then')", [name])
    db.execute("INSERT INTO crawls (id, started_at, status, site) VALUES (1, 't', 'done', 's')")
    db.execute(
        "INSERT INTO captures (id, crawl_id, url, kind, fetched_at, outcome)"
        " VALUES (7, 1, 'u', 'document', '2024-01-02T00:00:00.000Z', 'ok')"
    )
    good = document_record("https://x/a.pdf", "application/pdf", build_pdf(NEW_PAGES, "A"))
    bad = document_record("https://x/b.pdf", "application/pdf", b"<html>moved</html>")
    for record in (good, bad):
        then = {key: value for key, value in record.items() if key != "reader"}  # none then
        db.table("documents").insert(
            {**then, "capture_id": 7, "first_seen": "2024-01-01", "last_seen": "2024-01-02"}
        )
    migrate(db)
    found = db.execute(
        "SELECT record_id, version, crawl_id, capture_id, seen_at, changed FROM documents_versions"
    ).fetchall()
    assert found == [
        (good["url"], 1, 1, 7, "2024-01-02T00:00:00.000Z", json.dumps(sorted(CONTENT)))
    ]
    seen = Seen(2, None, "2024-02-01T00:00:00.000Z")
    assert save_document(db, good, seen, "v") == "same"
