"""Backfill slices: the Wayback copies of one day, cut into stretches of time a reparse reads
like crawls (archive/backfill.py indexes the copies, scraper/build.py reads them).

A slice is read like a crawl, each URL in its canonical form, so it holds one copy of a page
at most. And a reparse reads slices in the order of their start: so the slices of a day are
cut in capture-time order, each a stretch of the day that ends before the next begins, a new
one begun where a page comes again. Not in the order the copies were fetched: a capture
failed once and fetched later by `--retry-failed`, put in the first slice without its page,
was read before an earlier capture of that page (a record's versions out of time order).
"""

from __future__ import annotations

import json

import sqlite_utils

from archive import urls

_SLICES = (
    "SELECT id FROM crawls WHERE source = 'wayback' AND site = ?"
    " AND json_extract(settings, '$.day') = ? ORDER BY id"
)


def slice_for(db: sqlite_utils.Database, site: str, endpoint: str, at: str, url: str) -> int:
    """A slice of the capture's day that holds no capture of its page yet (reslice puts it in
    its place in time afterwards). Its page, not its URL as listed: `http://x.org` and
    `https://www.x.org/` in one slice would be one page read once, the other capture never."""
    day = at[:10]
    page = urls.canonical(url, site)
    for (slice_id,) in db.execute(_SLICES, [site, day]).fetchall():
        held = db.execute("SELECT url FROM captures WHERE crawl_id = ?", [slice_id])
        if all(urls.canonical(other, site) != page for (other,) in held):
            return int(slice_id)
    return _new_slice(db, site, day, at, json.dumps({"day": day, "wayback": endpoint}))


def _new_slice(db: sqlite_utils.Database, site: str, day: str, at: str, settings: str) -> int:
    cursor = db.execute(
        "INSERT INTO crawls (started_at, finished_at, status, site, settings, source)"
        " VALUES (?, ?, 'done', ?, ?, 'wayback')",
        [at, at, site, settings],
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def reslice(db: sqlite_utils.Database, site: str, day: str) -> bool:
    """Cut the day's copies into slices again, in capture-time order (the slices it has kept,
    in the order of their ids); whether a copy moved. Its caller holds the transaction. The
    slices a copy left or joined are to be built again: their builds are dropped."""
    slices = [int(s) for (s,) in db.execute(_SLICES, [site, day]).fetchall()]
    if not slices:
        return False
    marks = ", ".join("?" * len(slices))
    copies = db.execute(
        f"SELECT id, url, crawl_id FROM captures WHERE crawl_id IN ({marks})"
        " ORDER BY fetched_at, id",
        slices,
    ).fetchall()
    target: dict[int, int] = {}
    index, held = 0, set[str]()
    for capture_id, url, _ in copies:
        page = urls.canonical(url, site)
        if page in held:  # its page again: the next stretch of the day begins
            index, held = index + 1, set()
        held.add(page)
        target[capture_id] = index
    (settings,) = db.execute("SELECT settings FROM crawls WHERE id = ?", [slices[0]]).fetchone()
    while len(slices) <= max(target.values(), default=0):
        slices.append(_new_slice(db, site, day, f"{day}T00:00:00.000Z", settings))
    moving = [(c, url) for c, url, now in copies if now != slices[target[c]]]
    if not moving:
        return False
    # Through slices of their own first: one URL may be in a copy's new slice until that
    # copy moves on too, and `captures` holds one (crawl, url) once.
    parked: list[int] = []
    seen: dict[str, int] = {}
    for capture_id, url in moving:
        n = seen[url] = seen.get(url, -1) + 1
        if n == len(parked):
            parked.append(_new_slice(db, site, day, f"{day}T00:00:00.000Z", settings))
        db.execute("UPDATE captures SET crawl_id = ? WHERE id = ?", [parked[n], capture_id])
    for capture_id, _ in moving:
        into = slices[target[capture_id]]
        db.execute("UPDATE captures SET crawl_id = ? WHERE id = ?", [into, capture_id])
    db.execute(f"DELETE FROM crawls WHERE id IN ({', '.join('?' * len(parked))})", parked)
    for slice_id in slices:
        _recount(db, slice_id)
    return True


def _recount(db: sqlite_utils.Database, slice_id: int) -> None:
    """A slice's times and counters from the copies it holds now (what record_copy adds up
    copy by copy), to be built again. None is left empty: cut in time order, a day needs as
    many slices as before at least (as many as copies of its most captured page, at least)."""
    db.execute("DELETE FROM builds WHERE crawl_id = ?", [slice_id])
    db.execute(
        "UPDATE crawls SET (started_at, finished_at, requests, retries, bytes_downloaded,"
        " pages_fetched, documents_fetched) = (SELECT MIN(fetched_at), MAX(fetched_at),"
        " SUM(attempts), SUM(attempts - 1), COALESCE(SUM(size), 0),"
        " COUNT(CASE WHEN kind != 'document' THEN 1 END),"
        " COUNT(CASE WHEN kind = 'document' THEN 1 END)"
        " FROM captures WHERE crawl_id = ?) WHERE id = ?",
        [slice_id, slice_id],
    )


def reslice_all(db: sqlite_utils.Database, site: str) -> bool:
    """Every day's slices cut again in capture-time order (an archive whose copies were sliced
    in the order they were fetched); whether a copy moved."""
    days = db.execute(
        "SELECT DISTINCT json_extract(settings, '$.day') FROM crawls"
        " WHERE source = 'wayback' AND site = ?",
        [site],
    ).fetchall()
    with db.atomic():
        return any([reslice(db, site, day) for (day,) in days if day])
