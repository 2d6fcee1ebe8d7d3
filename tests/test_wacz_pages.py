"""The WACZ's page list (pages/pages.jsonl, which ReplayWeb.page shows): each page or
document once per distinct content, at its first capture in time. The index lists records
in file order, where our `isecg-2026...` files sort before the `wayback-...` ones: a 2009
Wayback copy of a file our crawl fetched again unchanged was listed at 2026 (helper-207)."""

from __future__ import annotations

from archive.replay import Record, ReplayIndex
from archive.waczfile import pages_of

PDF = "http://127.0.0.1:8080/wp-content/uploads/GES_Framework.pdf"


def record(filename: str, date: str, digest: str) -> Record:
    return Record(
        url=PDF,
        date=date,
        kind="response",
        filename=filename,
        offset=0,
        length=1,
        status=200,
        mime="application/pdf",
        digest=digest,
        record_id=f"<urn:uuid:{filename}-{date}>",
    )


def test_a_document_is_listed_at_its_first_capture_in_time() -> None:
    originals = [
        record("isecg-20261207.warc.gz", "2026-12-07T14:42:31Z", "sha1:SAME"),
        record("isecg-20261207.warc.gz", "2026-12-08T06:00:00Z", "sha1:NEW"),
        record("wayback-00001.warc.gz", "2009-04-15T10:00:00Z", "sha1:SAME"),
    ]
    pages = pages_of(ReplayIndex([], originals), {PDF: ("The GES Framework", "text")})
    assert [(p.ts, p.title) for p in pages] == [
        ("2009-04-15T10:00:00Z", "The GES Framework"),
        ("2026-12-08T06:00:00Z", "The GES Framework"),
    ]
