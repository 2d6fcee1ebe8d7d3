"""Tell someone what a crawl did: one JSON POST when it failed, or when records changed.

A notification is a courtesy, never part of the crawl's result: a receiver that refuses the
connection, answers an error or hangs costs at most `timeout` seconds and one log line, and
`notify` returns False instead of raising. The POST goes through scraper/clients.py (post_json),
which holds the receiver to the crawler's address rules before anything connects (http or
https only, never a private or reserved address, named or resolved to; loopback is allowed),
follows no redirect and takes no proxy from the environment. Only the scheme and host of the
URL are ever logged: webhook URLs often carry a secret in their path.

The body is JSON with a `text` line (what chat webhooks display) and the details:

    {"event": "crawl_failed" | "changes" | "crawl_error", "text": "...", "site": "...",
     "crawl": {...the crawls row...}, "changes": {"news": {"new": 1, ...}, ...},
     "details": {...archive.changes.changes(), at most MAX_ITEMS per list...}}
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
import sqlite_utils

from archive import builds
from archive.changes import change_counts, changes
from archive.crawl_state import COUNTERS
from scraper.clients import post_json
from scraper.settings import Settings

log = logging.getLogger("isecg.notify")

TIMEOUT = 10.0  # seconds for the whole POST: a slow receiver must not hold up the crawl's end
MAX_ITEMS = 50  # entries per list in `details`: the first crawl lists every record as new
CRAWL_FIELDS = ("id", "status", "message", "site", "started_at", "finished_at", *COUNTERS)


def redacted(url: str) -> str:
    """scheme://host[:port]/… : enough to say where, without a token from the path or query."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        return "<invalid URL>"
    rest = "/…" if parsed.raw_path not in (b"", b"/") else "/"
    return f"{parsed.scheme}://{parsed.netloc.decode('ascii', 'replace')}{rest}"


def notify(
    url: str, payload: Mapping[str, Any], settings: Settings, timeout: float = TIMEOUT
) -> bool:
    """POST payload to url; True when the receiver answered 2xx. Never raises."""
    where = redacted(url)
    try:
        response = post_json(url, payload, settings, timeout)
    except Exception as error:  # the receiver's trouble is never the crawl's
        log.warning(
            "notification to %s failed: %s: %s",
            where,
            type(error).__name__,
            str(error).replace(url, where) or "no detail",
        )
        return False
    if not response.is_success:
        log.warning("notification to %s failed: HTTP %d", where, response.status_code)
        return False
    log.info("notification %s sent to %s", payload.get("event"), where)
    return True


def _capped(found: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"since": found["since"], "until": found["until"]}
    for kind in ("news", "publications", "members"):
        out[kind] = {what: items[:MAX_ITEMS] for what, items in found[kind].items()}
    return out


def crawl_event(
    crawl: Mapping[str, Any], found: Mapping[str, Any] | None, notes: Sequence[str] = ()
) -> dict[str, Any] | None:
    """The notification for a finished crawl (its crawls row, its changes, what its build
    met: a new theme, say), or None when it ended `done`, changed nothing and met nothing."""
    counts = change_counts(dict(found)) if found else {}
    failed = crawl["status"] != "done"
    if not failed and not counts and not notes:
        return None
    summary = "; ".join(
        [
            f"{kind} " + ", ".join(f"{n} {what}" for what, n in kinds.items())
            for kind, kinds in counts.items()
        ]
        + list(notes)
    )
    if failed:
        text = f"isecg crawl {crawl['id']} {crawl['status']}: {crawl.get('message') or 'no reason'}"
    else:
        text = f"isecg crawl {crawl['id']} done: {summary}"
    return {
        "event": "crawl_failed" if failed else "changes",
        "text": text,
        "site": crawl.get("site"),
        "crawl": {name: crawl.get(name) for name in CRAWL_FIELDS},
        "changes": counts,
        "notes": list(notes),
        "details": _capped(found) if found else None,
    }


def error_event(site: str, error: BaseException) -> dict[str, Any]:
    """The notification for a crawl that stopped with an exception instead of a result."""
    return {
        "event": "crawl_error",
        "text": f"isecg crawl of {site} stopped: {type(error).__name__}: {error}",
        "site": site,
        "error_class": type(error).__name__,
        "error": str(error),
    }


def notify_crawl(
    url: str, settings: Settings, db: sqlite_utils.Database, crawl: Mapping[str, Any]
) -> bool | None:
    """After a crawl: POST when it failed or changed records. None when there was nothing to
    send; otherwise whether the receiver took it. Never raises."""
    try:
        found = changes(db, crawl["started_at"]) if crawl.get("started_at") else None
        event = crawl_event(crawl, found, builds.notes(db, crawl["id"]))
    except Exception as error:  # a notification must not fail the crawl, even its own bugs
        log.warning("notification not sent: %s: %s", type(error).__name__, error)
        return False
    if event is None:
        return None
    return notify(url, event, settings)


def notify_failure(
    url: str,
    settings: Settings,
    db: sqlite_utils.Database,
    crawl_id: int | None,
    error: BaseException,
) -> bool:
    """After a crawl that raised: send its crawls row when the crawl was marked finished (it
    says failed, and why), else the exception itself. Never raises."""
    try:
        row = dict(db.table("crawls").get(crawl_id)) if crawl_id else None
    except Exception:  # no row, or a database in trouble: the exception says enough
        row = None
    if row is not None and row.get("status") not in (None, "running"):
        return bool(notify_crawl(url, settings, db, row))
    return notify(url, error_event(settings.site, error), settings)
