"""Publication documents (PDFs): digest, page count, text and title, for the `documents` table.

`document_record(url, content_type, body)` never raises on what the site serves: a file that is
not a readable PDF (empty, not a PDF at all, truncated, corrupt, encrypted) gives a record whose
`error` says why in one line, with `pages` None and `text` "". The raw bytes stay in the WARC
files, so a record can always be recomputed by `isecg reparse` with a better reader.

The record:

| key | value |
| --- | --- |
| url | as given |
| sha256 | hex digest of the body, whatever it holds |
| content_type | as given (the server's word, not checked against the bytes) |
| size | the body's length in bytes |
| pages | the page count, or None when the file is unreadable |
| text | page texts in order, joined by "\\f" (form feed, as pdftotext separates pages), so
  `text.split("\\f")[k]` is page k+1; a form feed inside a page's own text becomes "\\n" to
  keep that split exact. Only the first MAX_PAGES pages are read and the whole is cut at
  MAX_TEXT_CHARS: a hostile file cannot hang the crawl or fill memory. |
| title | the PDF's /Title metadata, stripped, or None |
| error | None; or one line: the file-level failure, or the first page whose text could not be
  read (then `pages` and the other pages' text are still there) |
| reader | which reader read it (`reader()`: READER_VERSION and pypdf's version). A later read
  of the same bytes by the same reader takes this one's (store.read_before, and a reparse's
  archive/earlier_reads.py): a new extractor does not read every file again |

Versions and failures (store.save_document). A document's content is its kind's content
columns (kinds.DOCUMENTS: digest, type, size, pages, title, text); like news and
publications it gets a `documents_versions` row each time that content changes, naming the
capture it came from. `error` is not content: it says how the current version was read.

A read that *failed* (`error` set and no text: not a PDF, truncated, a decompression bomb, a
body cut at its size cap, a fetch that got no usable answer) never replaces a good version:
the `documents` row keeps its last good text, pages, title and digest, and the failure is
recorded instead, in two places: a `document_failures` row per crawl (url, crawl, capture,
the failing bytes' digest and size, the error), and on the row itself `last_error` /
`last_error_at`, which a later good read clears. A document never read well has no version;
its row shows what the last read got (no text, the error), as before.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any, BinaryIO

from archive.kinds import DOCUMENTS
from archive.text import collapse

if TYPE_CHECKING:  # pypdf itself is imported when a PDF is read: most commands never read one
    import pypdf

MAX_PAGES = 2000  # pages whose text is extracted; the count in `pages` is still the true one
MAX_TEXT_CHARS = 5_000_000  # characters of text kept per document
HEADER_WINDOW = 1024  # readers accept junk before "%PDF-" within the first KB (PDF 1.7, H.3)
EOF_WINDOW = 1024  # "%%EOF" must be within the last KB, as readers look for it
PAGE_SEPARATOR = "\f"
CONTENT = DOCUMENTS.content_names  # what a version of a document is made of
# What reading the bytes gives (the rest is given), and which reader read them (`reader`)
READ = ("pages", "text", "title", "error", "reader")
ReadBefore = Callable[[str], dict[str, Any] | None]  # sha256 -> an earlier read of those bytes
# This module's way of reading a file: raise it whenever what a read gives changes (its limits,
# its text's layout, its errors). A read of the same bytes by the same reader and the same
# pypdf is taken from the archive, not made again, whatever the extractor's version.
READER_VERSION = "1"
_ERROR_CHARS = 200  # an error is one short line, whatever the exception says


def document_record(
    url: str,
    content_type: str,
    body: bytes | BinaryIO,
    read_before: ReadBefore | None = None,
) -> dict[str, Any]:
    """The `documents` row for one fetched file; never raises for a bad file.

    `body` is the file's bytes, or a seekable binary file holding them: pypdf then reads what
    it needs, so a large document is never held whole in memory. `read_before(sha256)`: what
    an earlier read of the same bytes by this extractor gave (pages, text, title, error), or
    None; when it gives one, the file is not read again (store.read_before).
    """
    stream = io.BytesIO(body) if isinstance(body, bytes) else body  # BytesIO shares the bytes
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    digest = hashlib.sha256()
    while chunk := stream.read(1 << 20):
        digest.update(chunk)
    record: dict[str, Any] = {
        "url": url,
        "sha256": digest.hexdigest(),
        "content_type": content_type,
        "size": size,
        "pages": None,
        "text": "",
        "title": None,
        "error": None,
        "reader": reader(),
    }
    if read_before is not None and (earlier := earlier_read(record, read_before)) is not record:
        return earlier
    record["error"] = _not_a_pdf(stream, size)
    if record["error"] is None:
        with _quiet_pypdf():
            record.update(_read(stream))
    return record


@cache
def reader() -> str:
    """Which reader reads the files now: this module's READER_VERSION and pypdf's version
    (its text extraction changes between releases)."""
    # Imported here: importlib.metadata took 10 ms of every command's start (the crawl's too)
    from importlib.metadata import version

    return f"{READER_VERSION}/pypdf {version('pypdf')}"


def earlier_read(record: dict[str, Any], read_before: ReadBefore) -> dict[str, Any]:
    """The record with what an earlier read of the same bytes gave (pages, text, title,
    error), if there was one; else the record itself. A read made since (the crawl's early
    reader) then gives what the build reading the bytes itself would."""
    earlier = read_before(record["sha256"])
    return record if earlier is None else {**record, **{key: earlier[key] for key in READ}}


def content(record: dict[str, Any]) -> dict[str, Any]:
    """A record's content: what a new version is made of."""
    return {column: record.get(column) for column in CONTENT}


def failed(record: dict[str, Any]) -> bool:
    """A read that gave nothing to keep: an error and no text."""
    return record.get("error") is not None and not record.get("text")


def _not_a_pdf(stream: BinaryIO, size: int) -> str | None:
    """Why a file cannot be a whole PDF, judged from its first and last bytes; or None."""
    if not size:
        return "empty body: not a PDF"
    stream.seek(0)
    head = stream.read(HEADER_WINDOW)
    if b"%PDF-" not in head:
        return f"not a PDF: no %PDF- header; starts with {_preview(head)}"
    stream.seek(max(0, size - EOF_WINDOW))
    if b"%%EOF" not in stream.read(EOF_WINDOW):
        return f"truncated PDF: no %%EOF marker at the end of its {size} bytes"
    return None


def _read(stream: BinaryIO) -> dict[str, Any]:
    # pypdf raises a wide and version-dependent range of exceptions on hostile input
    # (PdfReadError, but also KeyError, ValueError, RecursionError, ...); a document that
    # cannot be read is recorded as such, so any Exception here is an outcome, not a bug.
    import pypdf

    try:
        stream.seek(0)
        reader = pypdf.PdfReader(stream, strict=False)
        if reader.is_encrypted and not _decrypted(reader):
            return {"error": "encrypted PDF: it needs a password to be read"}
        count = len(reader.pages)
    except Exception as e:
        return {"error": f"unreadable PDF: {_describe(e)}"}
    if count == 0:
        return {"error": "unreadable PDF: no pages found (damaged page tree)"}
    text, error = _text(reader, count)
    return {"pages": count, "text": text, "title": _title(reader), "error": error}


def _decrypted(reader: pypdf.PdfReader) -> bool:
    # Many published PDFs are encrypted only to restrict printing or copying: the empty user
    # password opens them, as any viewer does without asking.
    try:
        return bool(reader.decrypt(""))
    except Exception:  # e.g. AES without the optional crypto dependency: still unreadable
        return False


def _text(reader: pypdf.PdfReader, count: int) -> tuple[str, str | None]:
    texts: list[str] = []
    error: str | None = None
    total = 0
    for number in range(1, min(count, MAX_PAGES) + 1):
        if total >= MAX_TEXT_CHARS:
            break
        try:
            page_text = reader.pages[number - 1].extract_text() or ""
        except Exception as e:  # see _read: one bad page must not lose the others
            page_text = ""
            if error is None:
                error = f"text of page {number} unreadable: {_describe(e)}"
        page_text = page_text.replace(PAGE_SEPARATOR, "\n")[: MAX_TEXT_CHARS - total]
        texts.append(page_text)
        total += len(page_text) + len(PAGE_SEPARATOR)
    return PAGE_SEPARATOR.join(texts)[:MAX_TEXT_CHARS], error


def _title(reader: pypdf.PdfReader) -> str | None:
    try:
        metadata = reader.metadata
        title = metadata.title if metadata is not None else None
    except Exception:  # damaged /Info: the title is optional, the text is what matters
        return None
    if title is None:
        return None
    return collapse(str(title)) or None


def _describe(e: Exception) -> str:
    message = collapse(str(e)) or "no details"
    return f"{type(e).__name__}: {message}"[:_ERROR_CHARS]


def _preview(body: bytes) -> str:
    return repr(body[:24].decode("latin-1"))


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's own reports of damaged files while it reads one.

    pypdf logs each robustness fix it applies (as WARNING on the "pypdf.*" loggers) and older
    versions also emit PdfReadWarning; the record's `error` is the one channel for problems,
    and the test suite turns stray warnings into failures. Only that logger and that warning
    category are touched, and both are restored afterwards; pypdf's DeprecationWarnings stay
    visible, since they concern our code.
    """
    from pypdf.errors import PdfReadWarning

    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PdfReadWarning)
            yield
    finally:
        logger.setLevel(level)
