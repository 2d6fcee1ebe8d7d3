"""What monitoring and people ask of the archive: is it healthy, and what changed.

`status` reads the crawls table (status, times, counters, message), the builds (records per
crawl and kind, the health flags that held a crawl's records back, notes) and the record
tables, and the backfill's work list (captures listed, fetched, left); the crawls it judges
are our own, never a backfill slice of Wayback captures. It is `ok`
only when the last finished crawl is `done` and finished less than `max_age_hours` ago.

`changes` reads the history the store keeps: a `*_versions` row with version 1 is a new record,
a later version an edit (with the columns that changed, before and after); `removed_at` and
`memberships.left_on` are removals; `memberships.first_seen` is a member joining. Every time
compared is a capture time (UTC ISO 8601 with Z), so the answer is the same after a reparse.

An edit is a change the site made. Two kinds of version are not, and are listed apart as
`relisted`: a publication moving to another listing page (only its `url` changed, because
something was added before it) and a column that was empty before and is filled in now (the
record was read from a fuller page). Neither says the site changed the record.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from archive import backfill, builds, kinds
from archive.crawl_state import COUNTERS
from archive.db import iso_z

RECENT = 10  # crawls listed by status
# Long columns: an edit names them but does not print them.
LONG = {"body_text", "body_html", "summary", "links", "documents", "images", "description"}
_RELATIVE = re.compile(r"^(\d+)\s*([dh])$")
# The date and time forms SQLite's date functions read, which the reading room's queries use:
# a form only Python reads (20270201, T00, +0200) would list changes here and none on the web.
# The reading room refuses what this refuses (datasette_plugins/reading_room.py, DATE_FORM).
_DATE_FORM = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)?(?:Z|[+-]\d{2}:\d{2})?$"
)


def _parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _stored_time(moment: datetime) -> str:
    """A moment as the archive writes times (db.iso_z), with a four-digit year whatever the year:
    strftime's %Y writes 999 for 0999 on Linux, and stored times are compared as strings."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_since(value: str, now: datetime | None = None) -> str:
    """A --since value as a stored time: YYYY-MM-DD (UTC midnight), an ISO 8601 time (UTC when
    it has no offset), or a span back from now such as 7d or 36h.

    ValueError (the CLI's usage error) for what is not one, or falls outside years 1 to 9999."""
    value = value.strip()
    if match := _RELATIVE.match(value):
        amount, unit = int(match[1]), match[2]
        try:
            span = timedelta(days=amount) if unit == "d" else timedelta(hours=amount)
            return _stored_time((now or datetime.now(UTC)) - span)
        except OverflowError:
            raise ValueError(f"{value!r} goes back before year 1 (give a date instead)") from None
    try:
        if not _DATE_FORM.match(value):
            raise ValueError(value)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"not a date: {value!r} (YYYY-MM-DD, an ISO 8601 time, or 7d / 36h)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return _stored_time(moment)
    except OverflowError:  # its offset moves it out of years 1 to 9999 in UTC
        edge = "before year 1" if moment.year == 1 else "after year 9999"
        raise ValueError(f"{value!r} is {edge} in UTC") from None


# -- changes ----------------------------------------------------------------------------------
def changes(db: sqlite_utils.Database, since: str, until: str | None = None) -> dict[str, Any]:
    """New, edited, relisted, removed and returned news, publications and members seen in
    [since, until)."""
    start = parse_since(since)
    end = parse_since(until) if until else "9999"
    return {
        "since": start,
        "until": None if until is None else end,
        "news": _changes_of(db, "news", "title", start, end),
        "publications": _changes_of(db, "publications", "title", start, end),
        "members": _member_changes(db, start, end),
    }


def _versions(
    db: sqlite_utils.Database, table: str, start: str, end: str
) -> dict[str, list[dict[str, Any]]]:
    """Each record's versions seen in the window, with the version before the first of them."""
    rows = db.execute(
        f"SELECT v.record_id, v.version, v.seen_at, v.changed, v.record, p.record, v.edit"
        f" FROM {table}_versions v LEFT JOIN {table}_versions p"
        f" ON p.record_id = v.record_id AND p.version = v.version - 1"
        f" WHERE v.seen_at >= ? AND v.seen_at < ? ORDER BY v.record_id, v.version",
        [start, end],
    ).fetchall()
    found: dict[str, list[dict[str, Any]]] = {}
    for record_id, version, seen_at, changed, record, previous, edit in rows:
        found.setdefault(record_id, []).append(
            {
                "version": version,
                "at": seen_at,
                "changed": json.loads(changed),
                "record": json.loads(record),
                "previous": json.loads(previous) if previous else None,
                "edit": bool(edit),
            }
        )
    return found


def _edit(record_id: str, label: str, versions: list[dict[str, Any]]) -> dict[str, Any]:
    """One entry for a record edited in the window: before (first) and after (last)."""
    before, after = versions[0]["previous"] or {}, versions[-1]["record"]
    changed = sorted(
        {c for v in versions for c in v["changed"] if before.get(c) != after.get(c)}
        or {c for v in versions for c in v["changed"]}
    )
    return {
        "id": record_id,
        label: after.get(label),
        "url": after.get("url"),
        "at": versions[-1]["at"],
        "versions": [v["version"] for v in versions],
        "changed": changed,
        # an edit where any version in the window is one (store.is_edit), as the reading
        # room's changes_since judges each: filled in, then changed, is edited
        "edit": any(v["edit"] for v in versions),
        "before": {c: before.get(c) for c in changed if c not in LONG},
        "after": {c: after.get(c) for c in changed if c not in LONG},
    }


def _changes_of(
    db: sqlite_utils.Database, table: str, label: str, start: str, end: str
) -> dict[str, list[dict[str, Any]]]:
    out = _empty()
    for record_id, versions in _versions(db, table, start, end).items():
        record = versions[-1]["record"]
        if versions[0]["version"] == 1:
            out["new"].append(
                {
                    "id": record_id,
                    label: record.get(label),
                    "url": record.get("url"),
                    "at": versions[0]["at"],
                }
            )
            continue
        entry = _edit(record_id, label, versions)
        out["edited" if entry.pop("edit") else "relisted"].append(entry)
    for record_id, title, url, removed_at in db.execute(
        f"SELECT id, {label}, url, removed_at FROM {table}"
        " WHERE removed_at >= ? AND removed_at < ? ORDER BY removed_at, id",
        [start, end],
    ):
        out["removed"].append({"id": record_id, label: title, "url": url, "at": removed_at})
    _gone_and_back(db, table, label, start, end, out)
    for kind in ("new", "edited", "relisted", "removed", "returned"):
        out[kind].sort(key=lambda e: (e["at"], e["id"]))
    return out


def _empty() -> dict[str, list[dict[str, Any]]]:
    return {"new": [], "edited": [], "relisted": [], "removed": [], "returned": []}


def _gone_and_back(
    db: sqlite_utils.Database,
    table: str,
    label: str,
    start: str,
    end: str,
    out: dict[str, list[dict[str, Any]]],
) -> None:
    """Records that were gone and came back (absences): the removal and the return, each
    where it falls in the window. Their removed_at was cleared when they came back."""
    url = "NULL" if table == "agencies" else "t.url"
    rows = db.execute(
        f"SELECT a.record_id, t.{label}, {url}, a.removed_at, a.returned_at FROM absences a"
        f" JOIN {table} t ON t.id = a.record_id WHERE a.record_table = ? AND"
        " (a.removed_at >= ? AND a.removed_at < ? OR a.returned_at >= ? AND a.returned_at < ?)",
        [table, start, end, start, end],
    )
    for record_id, title, address, removed_at, returned_at in rows:
        for what, at in (("removed", removed_at), ("returned", returned_at)):
            if start <= at < end:
                item = {"id": record_id, label: title, "url": address, "at": at}
                out[what].append(item if address else {k: v for k, v in item.items() if k != "url"})


def _member_changes(db: sqlite_utils.Database, start: str, end: str) -> dict[str, list[Any]]:
    out = _empty()
    for column, kind in (("first_seen", "new"), ("left_on", "removed")):
        # Named as the members page named it then (its version of that time), not today.
        then = (
            "(SELECT v.record FROM agencies_versions v WHERE v.record_id = m.agency_id"
            f" AND v.seen_at <= m.{column} ORDER BY v.seen_at DESC LIMIT 1)"
        )
        for agency_id, name, acronym, at in db.execute(
            f"SELECT m.agency_id, COALESCE(json_extract({then}, '$.name'), a.name),"
            f" COALESCE(json_extract({then}, '$.acronym'), a.acronym), m.{column}"
            f" FROM memberships m JOIN agencies a ON a.id = m.agency_id"
            f" WHERE m.{column} >= ? AND m.{column} < ? ORDER BY m.{column}, m.agency_id",
            [start, end],
        ):
            out[kind].append({"id": agency_id, "name": name, "acronym": acronym, "at": at})
    for record_id, versions in _versions(db, "agencies", start, end).items():
        if versions[0]["version"] == 1:
            continue  # a new agency: listed by its membership above
        entry = _edit(record_id, "name", versions)
        entry.pop("url")
        entry["acronym"] = versions[-1]["record"].get("acronym")
        out["edited" if entry.pop("edit") else "relisted"].append(entry)
    _gone_and_back(db, "agencies", "name", start, end, out)
    for kind in ("removed", "returned"):
        out[kind].sort(key=lambda e: (e["at"], e["id"]))
    return out


def change_counts(found: dict[str, Any]) -> dict[str, dict[str, int]]:
    """{"news": {"new": 1, "edited": 1, ...}, ...}: only the kinds with something in them."""
    return {
        kind: {what: len(items) for what, items in found[kind].items() if items}
        for kind in ("news", "publications", "members")
        if any(found[kind].values())
    }


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


def _stale_records(db: sqlite_utils.Database, version: str) -> int:
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
    stale = _stale_records(db, extractor_version) if extractor_version else 0
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
            f" fetched, {b['failed']} not available, {b['left']} left ({span}{b['slices']}"
            " slices)"
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
        lines.append(line + (f" ({'; '.join(notes)})" if notes else ""))
    return "\n".join(lines)


def format_changes(found: dict[str, Any]) -> str:
    lines = [
        f"changes since {found['since']}" + (f" until {found['until']}" if found["until"] else "")
    ]
    for kind, label in (("news", "title"), ("publications", "title"), ("members", "name")):
        for what in ("new", "edited", "removed", "returned", "relisted"):
            for item in found[kind][what]:
                detail = ""
                if what in ("edited", "relisted"):
                    shown = [
                        f"{col}: {item['before'][col]!r} -> {item['after'][col]!r}"
                        for col in item["after"]
                    ]
                    hidden = [col for col in item["changed"] if col not in item["after"]]
                    detail = " [" + "; ".join(shown + ([", ".join(hidden)] if hidden else [])) + "]"
                lines.append(
                    f"{kind} {what}: {item.get(label) or item['id']} ({item['at']}){detail}"
                )
    if len(lines) == 1:
        lines.append("nothing changed")
    return "\n".join(lines)
