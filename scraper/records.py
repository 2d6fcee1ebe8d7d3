"""What one fetch becomes in the archive: its WARC exchange, its capture row, its counters.

Pure functions, so the crawl loop stays about order and concurrency, and these rules can be
read (and changed) in one place.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from archive.crawl_state import Previous
from archive.db import iso_z
from archive.spool import Spool, sha256_of
from archive.warc import Exchange, WarcLocation, payload_digest
from scraper.errors import FetchError, RefusedURL
from scraper.http import Fetched
from scraper.settings import Settings

NOT_MODIFIED = "server-not-modified"  # WARC revisit profiles (WARC 1.1, 6.7.2 and 6.7.1)
IDENTICAL = "identical-payload-digest"

# A crawl is flagged (exit 4) when more than this share of its URLs failed to fetch.
MAX_ERROR_SHARE = 0.10


def exchange_of(fetched: Fetched) -> Exchange:
    """The request and response as the WARC file keeps them: raw body, headers as received."""
    # To the millisecond, as the capture index keeps it: a revisit's WARC-Refers-To-Date must
    # equal its original's WARC-Date exactly.
    moment = fetched.fetched_at
    return Exchange(
        url=fetched.url,
        fetched_at=moment.replace(microsecond=moment.microsecond // 1000 * 1000),
        method=fetched.method,
        request_headers=fetched.request_headers,
        http_version=fetched.http_version,
        status=fetched.status,
        reason=fetched.reason,
        response_headers=fetched.headers,
        body=fetched.raw,
        ip=fetched.ip,
    )


def failure_row(base: dict[str, Any], error: FetchError) -> tuple[dict[str, Any], dict[str, int]]:
    """The capture row and counters of a URL that got no answer, and why."""
    refused = isinstance(error, RefusedURL)
    capture = {
        **base,
        "outcome": "refused" if refused else "error",
        "error_class": type(error).__name__,
        "error": str(error),
        "attempts": error.attempts,
        "elapsed_ms": round(error.elapsed * 1000),
    }
    if refused:
        return capture, {"refused": 1}
    return capture, {"errors": 1, "requests": error.attempts, "retries": error.attempts - 1}


def failed_answer(fetched: Fetched, location: WarcLocation) -> dict[str, Any]:
    """What a failure row adds when the server did answer (a 503 after every retry)."""
    return {
        "status": fetched.status,
        "content_type": fetched.content_type or None,
        "size": len(fetched.raw),
        "payload_digest": location.payload_digest,
        "warc_file": location.file,
        "warc_offset": location.offset,
        "warc_length": location.length,
        "warc_record_id": location.record_id,
    }


def attempt_row(url: str, kind: str) -> dict[str, Any]:
    """What every capture row starts with: the URL, its kind and when it was tried."""
    return {"url": url, "kind": kind, "fetched_at": iso_z(datetime.now(UTC))}


def revisit_profile(fetched: Fetched, previous: Previous) -> str | None:
    """The revisit profile when an answer only confirms the archived copy, else None: a 304
    to a conditional GET, or a 200 whose payload is the previous capture's byte for byte."""
    if fetched.status == 304:
        return NOT_MODIFIED
    if fetched.status == 200 and payload_digest(fetched.raw) == previous.payload_digest:
        return IDENTICAL
    return None


def original_of(previous: Previous) -> tuple[WarcLocation, str, datetime]:
    """What a revisit record refers to: the original's record, URL and date."""
    location = WarcLocation(
        previous.warc_file,
        previous.warc_offset,
        0,
        previous.warc_record_id,
        previous.payload_digest or "",
    )
    return (
        location,
        previous.url,
        datetime.fromisoformat(previous.fetched_at.replace("Z", "+00:00")),
    )


def capture_row(
    base: dict[str, Any],
    fetched: Fetched,
    location: WarcLocation,
    outcome: str,
    body: bytes | Spool,
    content_type: str,
    previous: Previous | None,
) -> dict[str, Any]:
    """The index row of an answered request: where its WARC record is, and what it held."""
    unchanged = outcome == "unchanged" and previous is not None
    return {
        **base,
        "outcome": outcome,
        "status": fetched.status,
        "attempts": fetched.attempts,
        "elapsed_ms": round(fetched.elapsed * 1000),
        "content_type": content_type or None,
        # A 304 may omit the validators; the original's still hold.
        "etag": fetched.header("etag") or (previous.etag if unchanged and previous else None),
        "last_modified": fetched.header("last-modified"),
        "location": fetched.header("location"),
        "size": len(fetched.raw),
        "payload_digest": location.payload_digest,
        # A revisit discovery does not read (a document, an image) is not read back: its
        # content is the original's.
        "content_sha256": sha256_of(body)
        or (previous.content_sha256 if unchanged and previous else None),
        "revisit_of": previous.capture_id if unchanged and previous else None,
        "warc_file": location.file,
        "warc_offset": location.offset,
        "warc_length": location.length,
        "warc_record_id": location.record_id,
    }


def counts_for(
    kind: str, fetched: Fetched, outcome: str, elsewhere: bool = False
) -> dict[str, int]:
    """What one answer adds to the crawl's counters; `elsewhere`: an unchanged outcome that
    is another URL's bytes, not this URL's last answer."""
    counts = {
        "requests": fetched.attempts,
        "retries": fetched.attempts - 1,
        "bytes_downloaded": len(fetched.raw),
    }
    if outcome == "unchanged":
        if not elsewhere:
            counts["unchanged"] = 1
    elif fetched.status == 200 and kind != "asset":  # a page's requisites are not pages
        counts["documents_fetched" if kind == "document" else "pages_fetched"] = 1
    if fetched.status >= 500:
        counts["errors"] = 1  # answered, but the server failed (501, 505, ...: not retried)
    return counts


def judge(counts: dict[str, Any], answered: int, home_ok: bool) -> tuple[str, str | None]:
    """The crawl's health: done, unhealthy (exit 4) or failed (exit 1), and why."""
    if answered == 0:
        return "failed", "the site did not answer at all"
    if not home_ok:
        return "unhealthy", "the home page could not be fetched"
    attempted = counts["pages_fetched"] + counts["documents_fetched"] + counts["unchanged"]
    attempted += counts["errors"]
    if counts["errors"] > max(3, MAX_ERROR_SHARE * attempted):
        return "unhealthy", f"{counts['errors']} of {attempted} URLs failed to fetch"
    return "done", None


def settings_record(s: Settings) -> dict[str, Any]:
    kept = {k: v for k, v in asdict(s).items() if k not in ("data_dir", "notify_url")}
    return kept | {"data_dir": str(s.data_dir), "notify": s.notify_url is not None}
