"""What monitoring and people ask of the archive: is it healthy, and what changed.

`status` reads the crawls table (status, times, counters, message), the builds (records per
crawl and kind, the health flags that held a crawl's records back, notes) and the record
tables, and the backfill's work list (captures listed, fetched, left); the crawls it judges
are our own, never a backfill slice of Wayback captures. It is `ok`
only when the last finished crawl is `done` and finished less than `max_age_hours` ago. What
each crawl changed comes from archive/changes.py.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from archive import backfill, builds, kinds
from archive.changes import change_counts, changes
from archive.crawl_state import COUNTERS
from archive.db import iso_z

RECENT = 10  # crawls listed by status


def _parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


# -- status -----------------------------------------------------------------------------------
def _crawl_summary(
    db: sqlite_utils.Database, crawl: dict[str, Any], next_start: str | None
) -> dict[str, Any]:
    started, finished = crawl["started_at"], crawl["finished_at"]
    stats = db.execute(
        "SELECT flags, notes FROM builds WHERE crawl_id = ?", [crawl["id"]]
    ).fetchone()
    duration = None
    if finished:
        duration = round((_parse_time(finished) - _parse_time(started)).total_seconds(), 1)
    return {
        "id": crawl["id"],
        "status": crawl["status"],
        "started_at": started,
        "finished_at": finished,
        "duration_seconds": duration,
        "site": crawl["site"],
        **{name: crawl[name] for name in COUNTERS},
        "message": crawl["message"],
        # What trap defences and limits left out, per rule (scraper/traps.py).
        "cuts": json.loads(crawl["cuts"]) if crawl.get("cuts") else {},
        # kind -> records read: every record kind (archive/kinds.py), and problems
        "records": builds.counts(db, crawl["id"]) if stats else None,
        "flags": json.loads(stats[0]) if stats and stats[0] else [],
        "notes": json.loads(stats[1]) if stats and stats[1] else [],
        "changes": change_counts(changes(db, started, next_start)) if stats else {},
    }


def _counts(db: sqlite_utils.Database) -> dict[str, int]:
    queries = {
        "news": "SELECT COUNT(*) FROM news WHERE removed_at IS NULL",
        "news_removed": "SELECT COUNT(*) FROM news WHERE removed_at IS NOT NULL",
        "publications": "SELECT COUNT(*) FROM publications WHERE removed_at IS NULL",
        "publications_removed": "SELECT COUNT(*) FROM publications WHERE removed_at IS NOT NULL",
        "members": "SELECT COUNT(*) FROM memberships WHERE left_on IS NULL",
        "members_left": "SELECT COUNT(*) FROM memberships WHERE left_on IS NOT NULL",
        "documents": "SELECT COUNT(*) FROM documents",
        "captures": "SELECT COUNT(*) FROM captures",
        "warc_files": "SELECT COUNT(DISTINCT warc_file) FROM captures",
    }
    return {name: db.execute(sql).fetchone()[0] for name, sql in queries.items()}


def stale_records(db: sqlite_utils.Database, version: str) -> int:
    """How many current records an older extractor made (a reparse would read them anew)."""
    return sum(
        db.execute(
            f"SELECT COUNT(*) FROM {table} WHERE extractor_version != ?", [version]
        ).fetchone()[0]
        for table in (kind.table for kind in kinds.KINDS)
    )


def _why(crawl: dict[str, Any]) -> list[str]:
    """A crawl's message, then each of its health flags the message does not already say: a crawl
    ended unhealthy by its flags has them in its message ("records held back: A; B",
    scraper/outcome.py), and they were printed twice."""
    message = crawl["message"] or ""
    flags = [flag for flag in dict.fromkeys(crawl["flags"]) if flag not in message]
    return ([message] if message else []) + flags


def status(
    db: sqlite_utils.Database,
    max_age_hours: float,
    now: datetime | None = None,
    extractor_version: str | None = None,
) -> dict[str, Any]:
    """Recent crawls, record counts and a verdict: `ok` and the `reasons` it is not.

    `extractor_version`: the extractor of this program; records an older one made are a
    reason (the archive wants a reparse)."""
    now = now or datetime.now(UTC)
    crawls = list(
        db.query(f"SELECT * FROM crawls WHERE source = 'crawl' ORDER BY id DESC LIMIT {RECENT + 1}")
    )
    starts = [c["started_at"] for c in crawls]
    recent = [
        _crawl_summary(db, crawl, starts[i - 1] if i else None)
        for i, crawl in enumerate(crawls[:RECENT])
    ]
    finished = next((c for c in recent if c["status"] != "running"), None)
    running = next((c["id"] for c in recent if c["status"] == "running"), None)
    reasons = []
    if not crawls:
        reasons.append("no crawl has run yet")
    elif finished is None:
        reasons.append("no crawl has finished yet")
    else:
        if finished["status"] != "done":
            why = "; ".join(_why(finished))
            reasons.append(
                f"last crawl {finished['id']} {finished['status']}: {why or 'no reason'}"
            )
        age = (now - _parse_time(finished["finished_at"])).total_seconds() / 3600
        if age > max_age_hours:
            reasons.append(
                f"last crawl {finished['id']} finished {age:.1f} hours ago"
                f" (more than {max_age_hours:g})"
            )
    stale = stale_records(db, extractor_version) if extractor_version else 0
    if stale:
        reasons.append(
            f"{stale} records were made by an older extractor than version"
            f" {extractor_version}: run `isecg reparse` to bring them up to date"
        )
    return {
        "ok": not reasons,
        "reasons": reasons,
        "checked_at": iso_z(now),
        "max_age_hours": max_age_hours,
        "last_crawl": finished,
        "running": running,
        "counts": _counts(db),
        "crawls": recent,
        # Captures of the Wayback Machine (isecg import-wayback): listed, fetched, left.
        "backfill": backfill.counts(db),
        "backfill_digest_differs": backfill.digest_differs(db),
    }


# -- text for people --------------------------------------------------------------------------
def _changes_line(counts: dict[str, dict[str, int]]) -> str:
    parts = [
        f"{kind} " + ", ".join(f"{n} {what}" for what, n in kinds.items())
        for kind, kinds in counts.items()
    ]
    return "; ".join(parts) or "no changes"


def format_status(report: dict[str, Any]) -> str:
    lines = ["ok" if report["ok"] else "NOT OK: " + "; ".join(report["reasons"])]
    c = report["counts"]
    lines.append(
        f"records: {c['news']} news ({c['news_removed']} removed), {c['publications']}"
        f" publications ({c['publications_removed']} removed), {c['members']} members"
        f" ({c['members_left']} left), {c['documents']} documents, {c['captures']} captures"
    )
    b = report["backfill"]
    if b["listed"]:
        span = (
            f"captures of {b['first_capture'][:10]} to {b['last_capture'][:10]}, "
            if b["fetched"]
            else ""
        )
        lines.append(
            f"backfill from the Wayback Machine: {b['listed']} captures listed, {b['fetched']}"
            f" fetched, {b['failed']} not available, {b['left']} left"
            + (f", {n} after our first crawl (`--to` takes them)" if (n := b.get("later")) else "")
            + f" ({span}{b['slices']} slice{'' if b['slices'] == 1 else 's'})"
            + (
                f"; of those fetched, {n} whose bytes are not the CDX API's digest"
                if (n := report.get("backfill_digest_differs"))
                else ""
            )
        )
        if b.get("unbuilt"):
            lines.append(
                "the backfill's last copies are not in the records yet (its import stopped"
                " before the rebuild): `isecg import-wayback` builds them"
            )
    if report["running"] is not None:
        lines.append(f"crawl {report['running']} is running (or was killed; the next resumes it)")
    for crawl in report["crawls"]:
        took = "" if crawl["duration_seconds"] is None else f" in {crawl['duration_seconds']:g}s"
        line = (
            f"crawl {crawl['id']} {crawl['status']} {crawl['started_at']}{took}:"
            f" {crawl['pages_fetched']} pages and {crawl['documents_fetched']} documents"
            f" new or changed, {crawl['unchanged']} unchanged, {crawl['errors']} errors;"
            f" {_changes_line(crawl['changes'])}"
        )
        notes = list(dict.fromkeys(_why(crawl) + crawl["notes"]))
        if crawl["cuts"]:
            cut = ", ".join(f"{rule} {n}" for rule, n in sorted(crawl["cuts"].items()))
            notes.append(f"cut by trap defences: {cut}")
        # A page that gave nothing is said here, not only in a table (helper-50: a post page
        # turned empty, or a page of too many links, was silent in the crawl's line).
        if unread := (crawl["records"] or {}).get(builds.PROBLEMS):
            notes.append(
                f"{unread} pages or documents not read: see extraction_problems for crawl"
                f" {crawl['id']}"
            )
        lines.append(line + (f" ({'; '.join(notes)})" if notes else ""))
    return "\n".join(lines)
