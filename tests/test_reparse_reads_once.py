"""`isecg reparse` takes a document's earlier read where today's reader read the same bytes
(archive/earlier_reads.py): a reparse after a new extractor reads no PDF again and rebuilds the
very rows reading them would give; a new reader (documents.READER_VERSION, or another pypdf)
reads every one again. With worker processes too: they open the copy of the earlier reads
themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import archive.documents
from archive.db import open_db
from scraper import build
from tests.crawl_helpers import Crawled
from tests.test_reparse_workers import reparsed as reparse

pytestmark = pytest.mark.slow  # reparses of a crawled replica


def documents(where: Path) -> list[tuple[Any, ...]]:
    """What each document is and says, and which reader read it."""
    db = open_db(where / "isecg.db")
    try:
        return db.execute(
            "SELECT url, sha256, size, pages, title, text, error, reader FROM documents"
            " ORDER BY url"
        ).fetchall()
    finally:
        db.close()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The files pypdf opens in this process (archive.documents._read, wrapped to count)."""
    count: list[int] = []
    read = archive.documents._read

    def counted(stream: Any) -> dict[str, Any]:
        count.append(1)
        return read(stream)

    monkeypatch.setattr(archive.documents, "_read", counted)
    return count


def test_a_new_extractor_reads_no_pdf_again(
    base_crawl: Crawled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[int]
) -> None:
    reparse(base_crawl, tmp_path / "before", workers=1)
    before = documents(tmp_path / "before")
    assert before and all(row[-1] == archive.documents.reader() for row in before)
    opened.clear()  # the crawl's archive held every file's read: the first reparse read none
    monkeypatch.setattr(build, "EXTRACTOR_VERSION", build.EXTRACTOR_VERSION + "+1")
    reparse(base_crawl, tmp_path / "after", workers=1)
    assert opened == []
    assert documents(tmp_path / "after") == before
    monkeypatch.setattr(archive.documents, "reader", lambda: "2/pypdf another")
    reparse(base_crawl, tmp_path / "new-reader", workers=1)
    assert len(opened) == len(before)
    assert {row[-1] for row in documents(tmp_path / "new-reader")} == {"2/pypdf another"}


@pytest.mark.parametrize("workers", [1, 2])
def test_only_a_new_reader_reads_the_files_again(
    base_crawl: Crawled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """pypdf made to fail in every process (the workers are forked after it is): where the
    earlier reads are taken, no document shows it; where the reader is new, every one does."""
    before = reparse(base_crawl, tmp_path / "before", workers=1)

    def broken(stream: Any) -> dict[str, Any]:
        return {"error": "unreadable PDF: read again"}

    monkeypatch.setattr(archive.documents, "_read", broken)
    assert reparse(base_crawl, tmp_path / "taken", workers=workers) == before
    monkeypatch.setattr(archive.documents, "reader", lambda: "2/pypdf another")
    again = reparse(base_crawl, tmp_path / "read", workers=workers)
    failures = {row[1] for row in again["document_failures"]}  # (rowid, url, ...)
    assert failures == {row[1] for row in before["documents"]}
