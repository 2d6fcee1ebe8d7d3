"""What changed in the archive between two times, for `isecg changes`, the notification and
`isecg status`'s crawl lines.

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

# Long columns: an edit names them but does not print them.
LONG = {"body_text", "body_html", "summary", "links", "documents", "images", "description"}
_RELATIVE = re.compile(r"^(\d+)\s*([dh])$")
# The date and time forms SQLite's date functions read, which the reading room's queries use:
# a form only Python reads (20270201, T00, +0200) would list changes here and none on the web.
# The reading room refuses what this refuses (datasette_plugins/reading_room.py, DATE_FORM).
_DATE_FORM = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$"
)


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
    # An open window after the last capture holds nothing, and format_changes says so. Asked
    # of open windows only: `isecg status` asks a closed one of each crawl, and this is a scan
    # of every capture (8 ms at 200,000).
    last = None
    if until is None:
        (last,) = db.execute("SELECT MAX(fetched_at) FROM captures").fetchone()
    return {
        "since": start,
        "until": None if until is None else end,
        "last_capture": last,
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
            # and its later versions, as the reading room's changes_since lists them: a post
            # new on the first night and edited on the second is both (README's post 1950)
            versions = versions[1:]
            if not versions:
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
        if versions[0]["version"] == 1:  # a new agency, listed by its membership above;
            versions = versions[1:]  # its later versions are edits, as a post's are
            if not versions:
                continue
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


def _change(column: str, before: Any, after: Any) -> str:
    """One column's change over the window: a value edited, then put back, reads so, not as
    "'X' -> 'X'" (helper-196: 58 such lines over a night that changed nothing in the end)."""
    if before == after:
        return f"{column}: {after!r} (changed, then back)"
    return f"{column}: {before!r} -> {after!r}"


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
                        _change(col, item["before"][col], item["after"][col])
                        for col in item["after"]
                    ]
                    hidden = [col for col in item["changed"] if col not in item["after"]]
                    detail = " [" + "; ".join(shown + ([", ".join(hidden)] if hidden else [])) + "]"
                lines.append(
                    f"{kind} {what}: {item.get(label) or item['id']} ({item['at']}){detail}"
                )
    if len(lines) == 1:
        last = found.get("last_capture")
        after = last is not None and found["since"] > last
        lines.append("nothing changed" + (f" (the last capture is from {last})" if after else ""))
    return "\n".join(lines)
