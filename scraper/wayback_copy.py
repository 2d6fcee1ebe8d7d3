"""One Wayback copy kept: written to its WARC file under the original URL and capture time,
then indexed in `captures` with its entry on the work list marked done, in one transaction
(archive/backfill.py). For `isecg import-wayback` (scraper/wayback.py)."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from archive import backfill
from archive.backfill import Listed
from archive.db import iso_z
from archive.warc import Exchange, WarcWriter, payload_digest
from scraper.http import Fetched


def keep_copy(
    db: sqlite_utils.Database,
    writer: WarcWriter,
    site: str,
    endpoint: str,
    item: Listed,
    answer: Fetched,
    captured: datetime,
    content_sha256: str | None,
) -> None:
    """Write the copy to its WARC file, then index it (one transaction with its entry).
    `content_sha256`: its body's (spool.sha256_of), as the import compared it already."""
    exchange = Exchange(
        url=item.url,
        fetched_at=captured,
        method="GET",
        request_headers=[],
        http_version=answer.http_version,
        status=answer.status,
        reason=answer.reason,
        response_headers=answer.headers,
        body=answer.raw,
    )
    extra = {
        backfill.SOURCE_URI: answer.url,
        backfill.SOURCE: "wayback",
        backfill.RETRIEVED: iso_z(answer.fetched_at),
    }
    if item.digest:
        extra[backfill.CDX_DIGEST] = f"sha1:{item.digest.removeprefix('sha1:')}"
    location = writer.write(exchange, extra, request=False)
    capture = {
        "url": item.url,
        "kind": item.kind,
        "fetched_at": iso_z(captured),
        "outcome": "ok",
        "status": answer.status,
        "attempts": answer.attempts,
        "elapsed_ms": round(answer.elapsed * 1000),
        "content_type": answer.content_type or None,
        "last_modified": answer.header("x-archive-orig-last-modified"),
        "size": len(answer.raw),
        "payload_digest": location.payload_digest,
        "content_sha256": content_sha256,
        "warc_file": location.file,
        "warc_offset": location.offset,
        "warc_length": location.length,
        "warc_record_id": location.record_id,
        "source_url": answer.url,
        "retrieved_at": iso_z(answer.fetched_at),
    }
    counts = {
        "requests": answer.attempts,
        "retries": answer.attempts - 1,
        "bytes_downloaded": len(answer.raw),
        "documents_fetched" if item.kind == "document" else "pages_fetched": 1,
    }
    digest_ok = None
    if item.digest:  # of the original payload: the body, or the bytes as they came
        listed = f"sha1:{item.digest.removeprefix('sha1:')}".upper()
        got = (payload_digest(answer.body), location.payload_digest)
        digest_ok = listed in (digest.upper() for digest in got)
    backfill.record_copy(db, site, endpoint, item, capture, counts, digest_ok)
