"""A document is read (pypdf) once for its bytes and its reader: a night that finds a PDF
unchanged takes what the read of those bytes stored, as does a night of a new extractor; a new
edition, or a new reader (archive/documents.py: READER_VERSION, pypdf's version), reads it again.

The small replica is crawled five times into one archive: first; again, unchanged; with one PDF
in a new edition; with the extractor's version changed; and with the reader's. Each crawl
counts the files pypdf opened (archive.documents._read, wrapped to count, still reading), and
the archived copies its fetch read back for their links (scraper.archiving.read_record,
wrapped the same way).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import archive.documents
import scraper.archiving
import scraper.build
from tests.crawl_helpers import rows, run_crawl
from tests.fixtures.site import app
from tests.fixtures.site.model import Site
from tests.fixtures.site.pdf import build_pdf
from tests.fixtures.site.server import ReplicaConfig, ReplicaServer
from tests.fixtures.site.small import small_site

pytestmark = pytest.mark.slow  # five whole crawls

PDFS = sorted(small_site("base").documents)
EDITION = PDFS[1]
NIGHTS = ("first", "unchanged", "new edition", "new extractor", "new reader")
# The documents table as a researcher reads it: what each file is and says.
DOCUMENTS = "SELECT url, sha256, content_type, size, pages, title, text, error FROM documents"


@dataclass
class Night:
    opened: int  # files pypdf opened
    documents: list[tuple[Any, ...]]
    versions: list[tuple[Any, ...]]  # (url, version) of every document version so far
    read_back: list[tuple[str, int]]  # (WARC file, offset) of each archived copy read again
    # The night's revisits: (kind, content type, sha256, the original's sha256, its record)
    revisits: list[tuple[Any, ...]]


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Night]]:
    night = ["first"]

    def handler(site: Site, target: str, base_url: str, rest: str, **more: Any) -> Any:
        if (
            night[0] in ("new edition", "new extractor", "new reader")
            and target.split("?")[0] == EDITION
        ):
            return app.Response(
                200, build_pdf(("Rewritten.", "Page two."), "2nd"), "application/pdf"
            )
        return app.handle(site, target, base_url, rest, **more)

    opened: list[int] = []
    read = archive.documents._read

    def counted(stream: Any) -> dict[str, Any]:
        opened.append(1)
        return read(stream)

    read_back: list[tuple[str, int]] = []
    read_record = scraper.archiving.read_record

    def counted_record(warc_dir: Any, warc_file: str, offset: int) -> Any:
        read_back.append((warc_file, offset))
        return read_record(warc_dir, warc_file, offset)

    data = tmp_path_factory.mktemp("read-once") / "data"
    out: dict[str, Night] = {}
    with (
        pytest.MonkeyPatch.context() as patch,
        ReplicaServer(ReplicaConfig(small=True), handler=handler) as server,
    ):
        patch.setattr(archive.documents, "_read", counted)
        patch.setattr(scraper.archiving, "read_record", counted_record)
        for name in NIGHTS:
            night[0] = name
            if name == "new extractor":
                patch.setattr(
                    scraper.build, "EXTRACTOR_VERSION", scraper.build.EXTRACTOR_VERSION + "+1"
                )
            if name == "new reader":
                patch.setattr(archive.documents, "reader", lambda: "2/pypdf another")
            opened.clear()
            read_back.clear()
            # The build reads every page itself: pypdf's opens are counted in this process.
            # The early reader's worker reads only new bytes too (an unchanged document is
            # left to the build), and the build takes an earlier read of the same bytes over
            # its own (tests/test_early.py).
            assert run_crawl(server, data, read_early=False).status == "done"
            db = data / "isecg.db"
            versions = rows(db, "SELECT record_id, version FROM documents_versions ORDER BY 1, 2")
            revisits = rows(
                db,
                "SELECT c.kind, c.content_type, c.content_sha256, o.content_sha256, o.warc_file,"
                " o.warc_offset FROM captures c JOIN captures o ON o.id = c.revisit_of"
                " WHERE c.crawl_id = (SELECT MAX(id) FROM crawls)",
            )
            documents = rows(db, DOCUMENTS + " ORDER BY url")
            out[name] = Night(len(opened), documents, versions, sorted(read_back), revisits)
        yield out


def test_the_first_night_reads_every_pdf(nights: dict[str, Night]) -> None:
    assert nights["first"].opened == len(PDFS) == len(nights["first"].documents)
    assert all(pages for _, _, _, _, pages, *_ in nights["first"].documents)


def test_an_unchanged_night_reads_none_and_changes_nothing(nights: dict[str, Night]) -> None:
    assert nights["unchanged"].opened == 0
    assert nights["unchanged"].documents == nights["first"].documents
    assert nights["unchanged"].versions == nights["first"].versions


def test_a_new_edition_alone_is_read_and_made_a_version(nights: dict[str, Night]) -> None:
    night = nights["new edition"]
    assert night.opened == 1
    changed = {row[0] for row in night.documents} - {
        row[0] for row in night.documents if row in nights["unchanged"].documents
    }
    assert [url.endswith(EDITION) for url in changed] == [True]
    (text,) = [row[6] for row in night.documents if row[0] in changed]
    assert text.startswith("Rewritten.")
    assert len(night.versions) == len(nights["unchanged"].versions) + 1


def test_another_extractor_reads_no_pdf_again(nights: dict[str, Night]) -> None:
    assert nights["new extractor"].opened == 0
    assert nights["new extractor"].documents == nights["new edition"].documents


def test_another_reader_reads_every_pdf_again(nights: dict[str, Night]) -> None:
    assert nights["new reader"].opened == len(PDFS)
    assert nights["new reader"].documents == nights["new edition"].documents


def test_a_revisit_reads_back_only_what_has_links(nights: dict[str, Night]) -> None:
    """An unchanged night reads the archived copy of each page, feed, sitemap, REST answer and
    robots.txt again, for its links, and never an image's or a PDF's: their digest is the
    original's, and their sha256 is still recorded."""
    revisits = nights["unchanged"].revisits
    with_links = sorted(
        (warc_file, offset)
        for kind, content_type, _, _, warc_file, offset in revisits
        if kind == "robots" or any(t in content_type for t in ("html", "xml", "json", "css"))
    )
    without = [r for r in revisits if r[0] != "robots" and (r[4], r[5]) not in with_links]
    assert {r[1].split("/")[0] for r in without} >= {"image", "application"}
    assert nights["unchanged"].read_back == with_links
    assert all(sha == original and sha for _, _, sha, original, _, _ in revisits)
