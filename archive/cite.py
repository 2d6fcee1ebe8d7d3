"""A stable citation of one archived record: what it is, the original URL, when it was captured,
the sha256 of its content, and a link that replays exactly that capture.

RECORD names a row as `TABLE:KEY` (`news:wp:1109`, `publications:<id>`, `documents:<url>`,
`agencies:nasa.gov`, also `members:nasa.gov` as `isecg export members` names them,
`capture:42`) or by URL (a news post's, a publication's document, a document's, or any
captured URL: its last capture), in any form the archive holds it under
(archive/lookup.py: `/wordpress/?p=N`, https, a fragment, tracking parameters). The capture
cited is the one the row's current version was read from; a revisit (an unchanged night) is
cited as itself, with the sha256 of the content it confirmed. A publication is its document: it
is cited by the capture of the file (the one `documents:<url>` cites), not of the page listing
it; only a publication whose file was never archived falls back to its listing page, and says
so. `capture:N` is cited by what that capture holds: the version of the post at its URL
read from it (or current when it was made), the site's answer where it was no page (a
404), nothing where it was never fetched. The replay link is the reading room's archived
copy, `BASE/-/capture/<id>` (`isecg serve`; BASE defaults to http://127.0.0.1:8001).

A citation is dated by the work's own date, as its record states it: a post's `published`, a
publication's `posted_on`, a document's by the publications listing it (when they agree).
That day is read as printed, in the site's offset, never moved to UTC. A record with no date
has none in its citation: the capture's time is when it was archived (`urldate`, `accessed`,
"Captured"), never when it was published.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urljoin

import sqlite_utils

from archive import lookup
from archive.citation import FORMATS as FORMATS
from archive.citation import Citation, holds_page
from archive.citation import render as render

DEFAULT_BASE = "http://127.0.0.1:8001"
# table -> (title expression, the row's original URL expression, the work's date expression)
TABLES = {
    "news": ("title", "url", "published"),
    "publications": ("title", "COALESCE(document_url, url)", "posted_on"),
    "documents": (
        "COALESCE(title, url)",
        "url",
        "(SELECT CASE COUNT(DISTINCT posted_on) WHEN 1 THEN MIN(posted_on) END FROM publications"
        " WHERE document_url = documents.url)",
    ),
    # "NASA", "Italian Space Agency (ASI)": the acronym once, where the name does not give it
    "agencies": (
        "name || CASE WHEN acronym IS NULL OR lower(name) = lower(acronym)"
        " OR instr(lower(name), lower('(' || acronym || ')')) THEN '' ELSE ' (' || acronym || ')'"
        " END",
        "NULL",
        "NULL",
    ),
}
# Other names of a table a reader may cite by: `isecg export members` exports the agencies
ALIASES = {"members": "agencies"}
_NAMES = ", ".join([*TABLES, *ALIASES, "capture"])  # what a reader may write before the colon
# The start of a date as the archive stores one: "2025-05-26T09:00:00+01:00", "2008-05-31".
_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?!\d)")


class CiteError(ValueError):
    """No such record, or nothing archived to cite."""


def work_date(value: str | None) -> str | None:
    """The day (or month, or year) a stored date names, as written: "2021-01-01T00:30:00+01:00"
    is 2021-01-01, whatever day it was in UTC. None for no date or one that is no calendar's."""
    found = _DAY.match((value or "").strip())
    if found is None:
        return None
    year, month, day = found.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:  # "2025-13-40": a wrong date is worse than none
        return None
    return found.group(0)


def _capture(db: sqlite_utils.Database, capture_id: int) -> dict[str, Any]:
    row = db.execute(
        "SELECT id, url, fetched_at, status, content_sha256,"
        " CASE source WHEN 'wayback' THEN source_url END, retrieved_at,"
        " warc_file IS NOT NULL AND status IS NOT NULL FROM captures WHERE id = ?",
        [capture_id],
    ).fetchone()
    if row is None:
        raise CiteError(f"no capture {capture_id}")
    names = (
        "id",
        "url",
        "fetched_at",
        "status",
        "sha256",
        "source_url",
        "retrieved_at",
        "archived",
    )
    return dict(zip(names, row, strict=True))


def _document_capture(db: sqlite_utils.Database, url: str) -> int | None:
    """The capture of a document: the one its current reading came from (what
    `documents:<url>` cites), else its last archived answer; the same looked for where the
    file was also published (a WordPress upload under `/wordpress/` and the root) and where
    its address redirected. None when it was never archived."""
    for address in _addresses(db, url):
        row = (
            db.execute(
                # a read that failed on a web page (a soft 404) left its capture here too
                "SELECT d.capture_id FROM documents d JOIN captures c ON c.id = d.capture_id"
                " WHERE d.url = ? AND coalesce(c.content_type, '') NOT LIKE '%html%'",
                [address],
            ).fetchone()
            or db.execute(
                # a file, not a web page (an old address redirected to the publications page)
                "SELECT id FROM captures WHERE url = ? AND status IN (200, 304)"
                " AND outcome != 'error' AND warc_file IS NOT NULL"
                " AND coalesce(content_type, '') NOT LIKE '%html%'"
                " ORDER BY fetched_at DESC LIMIT 1",
                [address],
            ).fetchone()
        )
        if row is not None:
            return int(row[0])
    return None


MAX_REDIRECTS = 5  # a document's address followed this far through archived redirects


def _addresses(db: sqlite_utils.Database, url: str) -> Iterator[str]:
    """Every form the archive may hold `url` under (lookup.url_forms: a WordPress upload under
    `/wordpress/` and at the root too), then where each redirected, as archived."""
    todo, seen, redirects = list(lookup.url_forms(db.conn, url)), set(), 0
    while todo:
        address = todo.pop(0)
        if address in seen:
            continue
        seen.add(address)
        yield address
        row = db.execute(
            "SELECT location FROM captures WHERE url = ? AND status BETWEEN 300 AND 399"
            " AND location IS NOT NULL ORDER BY fetched_at DESC LIMIT 1",
            [address],
        ).fetchone()
        if row is not None and redirects < MAX_REDIRECTS:
            redirects += 1
            todo.append(urljoin(address, row[0]))


def _publication_capture(
    db: sqlite_utils.Database, key: str, listing_capture: int | None
) -> tuple[int | None, bool]:
    """The capture to cite a publication by: its document's. Where it names a document never
    archived, the listing page's, and True: that capture only stands in for the document."""
    (document_url,) = db.execute(
        "SELECT document_url FROM publications WHERE id = ?", [key]
    ).fetchone()
    if not document_url:  # listed without a file: the listing page is the publication
        return listing_capture, False
    found = _document_capture(db, document_url)
    return (listing_capture, True) if found is None else (found, False)


def _by_url(db: sqlite_utils.Database, url: str) -> tuple[str, str]:
    """The record at `url` in any form the archive holds it under, else the last capture of
    any of those forms: a Wayback capture kept under the raw `/wordpress/?p=N` is no reason to
    cite a capture where the archive holds the post."""
    forms = list(lookup.url_forms(db.conn, url))
    for form in forms:
        for table, column in (
            ("news", "url"),
            ("publications", "document_url"),
            ("documents", "url"),
        ):
            key = "url" if table == "documents" else "id"
            row = db.execute(
                f"SELECT {key} FROM {table} WHERE {column} = ? LIMIT 1", [form]
            ).fetchone()
            if row:
                return table, str(row[0])
    marks = ", ".join("?" * len(forms))
    row = db.execute(
        f"SELECT id FROM captures WHERE url IN ({marks}) AND status IS NOT NULL"
        " ORDER BY fetched_at DESC LIMIT 1",
        forms,
    ).fetchone()
    if row is None:
        raise CiteError(f"nothing archived at {url}")
    return "capture", str(row[0])


def _held(db: sqlite_utils.Database, capture: dict[str, Any]) -> tuple[str, str | None]:
    """(title, the work's date) of what a capture holds: the post at its address (in any
    form) as the version read from that capture gave it, else the version current when it
    was made (helper-207: an earlier capture was cited by a later edit's title); the URL
    alone, undated, for an answer that is no page (a 404, a redirect) or holds no post."""
    if not holds_page(capture["status"]):
        return capture["url"], None
    for form in lookup.url_forms(db.conn, capture["url"]):
        post = db.execute(
            "SELECT id, title, published FROM news WHERE url = ? LIMIT 1", [form]
        ).fetchone()
        if post is None:
            continue
        version = db.execute(
            "SELECT json_extract(record, '$.title'), json_extract(record, '$.published')"
            " FROM news_versions WHERE record_id = ? ORDER BY capture_id IS ? DESC,"
            " seen_at <= ? DESC, CASE WHEN seen_at <= ? THEN seen_at END DESC, version"
            " LIMIT 1",
            [post[0], capture["id"], capture["fetched_at"], capture["fetched_at"]],
        ).fetchone()
        title, published = version or post[1:]
        return title or capture["url"], work_date(published)
    return capture["url"], None


def find(db: sqlite_utils.Database, record: str, base: str = DEFAULT_BASE) -> Citation:
    """The citation of RECORD (see the module docstring)."""
    try:
        record.encode("utf-8")
    except UnicodeEncodeError:  # a shell's undecodable bytes ($'\xff'): no key nor URL holds them
        raise CiteError(f"{record!r}: not a URL or a key (bytes that are not UTF-8)") from None
    if re.match(r"https?://", record, re.I):
        table, key = _by_url(db, record)
    else:
        table, sep, key = record.partition(":")
        if not sep or not key:
            raise CiteError(f"{record!r}: give TABLE:KEY ({_NAMES}) or a URL")
        table = ALIASES.get(table, table)
    if table == "capture":
        if not (key.isascii() and key.isdigit()):  # "²" and fullwidth digits pass isdigit()
            raise CiteError(f"{record!r}: a capture is named by its number")
        if len(key) > 19 or int(key) >= 1 << 63:  # past SQLite's integers (int() itself
            # refuses over 4,300 digits): "no capture", not an OverflowError
            raise CiteError(f"no capture {key}")
        capture = _capture(db, int(key))
        if not capture["archived"]:  # refused by robots.txt, or no answer: no copy to cite
            raise CiteError(f"nothing archived in capture {key}: {capture['url']} was not fetched")
        (title, issued), url, listed_on = _held(db, capture), capture["url"], None
    elif table in TABLES:
        title_sql, url_sql, date_sql = TABLES[table]
        pk = "url" if table == "documents" else "id"
        # a URL key in any form the archive holds it under (helper-207: `%20` for a space)
        keys = lookup.url_forms(db.conn, key) if re.match(r"https?://", key, re.I) else [key]
        found = (
            db.execute(
                f"SELECT {title_sql}, {url_sql}, capture_id, {date_sql}, {pk} FROM {table}"
                f" WHERE {pk} = ?",
                [form],
            ).fetchone()
            for form in keys
        )
        row = next((r for r in found if r is not None), None)
        if row is None:
            # a post is keyed wp:N ("news:1950" names none): say so
            hint = f" (a WordPress post is {table}:wp:{key})" if key.isdigit() else ""
            raise CiteError(f"no {table} row {key!r}{hint}")
        key, capture_id, stand_in = row[4], row[2], False
        if table == "publications":
            capture_id, stand_in = _publication_capture(db, key, capture_id)
        if capture_id is None:
            raise CiteError(f"{table} {key!r} names no capture to cite")
        capture = _capture(db, capture_id)
        title, url = row[0] or capture["url"], row[1] or capture["url"]
        if table == "publications" and not stand_in:
            url = capture["url"]  # its file's, which may sit at its other address
        listed_on = capture["url"] if stand_in else None
        issued = work_date(row[3])
    else:
        raise CiteError(f"{table!r}: cite one of {_NAMES}")
    return Citation(
        table=table,
        key=key,
        title=str(title),
        url=str(url),
        captured_at=capture["fetched_at"],
        sha256=capture["sha256"],
        capture_id=capture["id"],
        status=capture["status"],
        replay=f"{base.rstrip('/')}/-/capture/{capture['id']}",
        source_url=capture["source_url"],
        retrieved_at=capture["retrieved_at"] if capture["source_url"] else None,
        listed_on=listed_on,
        issued=issued,
    )
