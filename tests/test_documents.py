"""archive/documents.py: every PDF of the replica read right, every bad file an error line."""

from __future__ import annotations

import hashlib
import io
import logging
import random
from urllib.parse import unquote

import pypdf
import pytest

from archive import documents
from archive.documents import document_record
from tests.fixtures.site.app import handle
from tests.fixtures.site.model import Document, load_site
from tests.fixtures.site.pdf import build_pdf

BASE = "http://127.0.0.1:41234"
PDF = "application/pdf"
BASE_DOCS = load_site("base").documents
LATER_DOCS = load_site("later").documents
# Every document of either state, each once: the later state adds some.
ALL_DOCS: dict[str, Document] = {**BASE_DOCS, **LATER_DOCS}
SAMPLE = next(iter(BASE_DOCS.values()))
GOOD = build_pdf(SAMPLE.pages, "Sample")


def served(path: str) -> bytes:
    state = "base" if path in BASE_DOCS else "later"
    response = handle(load_site(state), path, BASE)
    assert response.status == 200 and response.content_type == PDF, path
    return response.body


def words(text: str) -> str:
    return " ".join(text.split())


def encrypted(user_password: str) -> bytes:
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(GOOD)))
    # RC4 needs no optional crypto package, so the test runs wherever pypdf does.
    writer.encrypt(user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("path", sorted(ALL_DOCS))
def test_replica_pdf_page_count(path: str) -> None:
    record = document_record(BASE + path, PDF, served(path))
    assert (record["pages"], record["error"]) == (len(ALL_DOCS[path].pages), None)


@pytest.mark.parametrize("path", sorted(ALL_DOCS))
def test_replica_pdf_text_page_by_page(path: str) -> None:
    record = document_record(BASE + path, PDF, served(path))
    pages = record["text"].split(documents.PAGE_SEPARATOR)
    assert [words(p) for p in pages] == [words(p) for p in ALL_DOCS[path].pages]


@pytest.mark.parametrize("path", sorted(ALL_DOCS))
def test_replica_pdf_title(path: str) -> None:
    record = document_record(BASE + path, PDF, served(path))
    # The replica titles each PDF after its file name (pdf.py via app.py).
    assert record["title"] == unquote(path).rsplit("/", 1)[-1].removesuffix(".pdf")


def test_record_identity_fields() -> None:
    record = document_record(BASE + "/doc.pdf", PDF, GOOD)
    assert {k: record[k] for k in ("url", "sha256", "content_type", "size")} == {
        "url": BASE + "/doc.pdf",
        "sha256": hashlib.sha256(GOOD).hexdigest(),
        "content_type": PDF,
        "size": len(GOOD),
    }


def test_record_keys() -> None:
    assert set(document_record("u", PDF, GOOD)) == {
        "url",
        "sha256",
        "content_type",
        "size",
        "pages",
        "text",
        "title",
        "error",
        "reader",
    }


def _corrupt() -> bytes:
    # The header and the end survive, everything between is noise: no object can be found.
    return GOOD[:16] + bytes(range(256)) * 4 + GOOD[-32:]


def _damaged_page_tree() -> bytes:
    # A well-formed file whose page tree no longer says what it is.
    return GOOD.replace(b"/Type /Pages", b"/Type /Junk!").replace(b"/Kids", b"/Kidz")


HTML_PAGE = handle(load_site("base"), "/", BASE).body

BAD_FILES = {
    "corrupt": (_corrupt(), "unreadable PDF"),
    "damaged-page-tree": (_damaged_page_tree(), "no pages"),
    "truncated": (GOOD[: len(GOOD) // 2], "truncated"),
    "truncated-near-end": (GOOD[:-10], "truncated"),
    "html-served-as-pdf": (HTML_PAGE, "not a PDF"),
    "empty": (b"", "empty"),
    "encrypted": (encrypted("secret"), "encrypted"),
}


@pytest.mark.parametrize(("body", "expected"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_gives_one_error_line(body: bytes, expected: str) -> None:
    record = document_record(BASE + "/bad.pdf", PDF, body)
    assert expected in record["error"] and "\n" not in record["error"]
    assert (record["pages"], record["text"], record["size"]) == (None, "", len(body))


@pytest.mark.parametrize("body", [b for b, _ in BAD_FILES.values()], ids=BAD_FILES.keys())
def test_bad_file_logs_nothing(body: bytes, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        document_record(BASE + "/bad.pdf", PDF, body)
    assert [r for r in caplog.records if r.name.startswith("pypdf")] == []


def test_pypdf_logger_level_restored() -> None:
    logger = logging.getLogger("pypdf")
    before = logger.level
    document_record(BASE + "/bad.pdf", PDF, _corrupt())
    assert logger.level == before


def test_empty_user_password_is_read() -> None:
    record = document_record(BASE + "/open.pdf", PDF, encrypted(""))
    assert (record["pages"], record["error"]) == (len(SAMPLE.pages), None)


def test_page_cap_keeps_true_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_PAGES", 2)
    record = document_record(BASE + "/long.pdf", PDF, build_pdf(("one", "two", "three"), "L"))
    assert (record["pages"], record["text"].split("\f")) == (3, ["one", "two"])


def test_text_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_TEXT_CHARS", 10)
    record = document_record(BASE + "/long.pdf", PDF, build_pdf(("abcdefgh", "ijklmnop"), "L"))
    assert record["text"] == "abcdefgh\fi"


def test_form_feed_inside_a_page_does_not_split_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # pdf.py cannot write a form feed (it splits lines on it), so the reader is made to see one.
    monkeypatch.setattr(pypdf.PageObject, "extract_text", lambda self, *a, **k: "a\fb")
    record = document_record(BASE + "/ff.pdf", PDF, build_pdf(("x", "y"), "F"))
    assert record["text"] == "a\nb\fa\nb"


def test_unreadable_page_keeps_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pypdf.PageObject.extract_text

    def extract(self: pypdf.PageObject, *args: object, **kwargs: object) -> str:
        if self.page_number == 1:
            raise ValueError("bad\ncontent stream")
        return real(self)

    monkeypatch.setattr(pypdf.PageObject, "extract_text", extract)
    record = document_record(BASE + "/p.pdf", PDF, build_pdf(("one", "two", "three"), "P"))
    assert (record["pages"], record["text"].split("\f")) == (3, ["one", "", "three"])
    assert record["error"] == "text of page 2 unreadable: ValueError: bad content stream"


@pytest.mark.parametrize("seed", range(40))
def test_mangled_pdf_never_raises(seed: int) -> None:
    # Seeded byte flips anywhere in a good file: whatever pypdf makes of it, a record comes back.
    rng = random.Random(seed)
    body = bytearray(GOOD)
    for _ in range(rng.randint(1, 30)):
        body[rng.randrange(len(body))] = rng.randrange(256)
    record = document_record(BASE + "/m.pdf", PDF, bytes(body))
    assert record["error"] is None or "\n" not in record["error"]
    assert isinstance(record["text"], str)
