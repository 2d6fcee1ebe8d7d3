"""What the reading room's record pages show: a record, its versions with a word-level diff
between each, the captures of its URL, where it is linked from, and its citation.

Functions of an open sqlite3 connection (Datasette's `execute_fn` hands one over) and of plain
values; the Datasette plugin (datasette_plugins/reading_room.py) and the row templates
(datasette_templates/row-isecg-*.html) only arrange what these return. Every lookup goes
through a key or an index (migration 010): no page scans a whole table.
"""

from __future__ import annotations

import difflib
import html
import json
import re
import sqlite3
from typing import Any
from urllib.parse import quote

import nh3
import sqlite_utils

from archive import cite
from archive.citation import as_bibtex, as_text
from archive.lookup import url_forms

# What an archived body may keep when shown: text structure, links and images, nothing that
# runs or styles. Links and images point at the archive (archived_href).
BODY_TAGS = {
    "a", "b", "blockquote", "br", "caption", "code", "em", "figcaption", "figure", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
BODY_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "td": {"colspan"}}
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
DIFF_CONTEXT = 24  # tokens kept either side of a change; longer unchanged runs are elided
CAPTURES_SHOWN = 200  # a URL captured every night for years: the latest 200


def archived_href(url: str, at: str | None = None) -> str:
    """The reading room's link to the archived capture of `url` (nearest before `at`)."""
    link = f"/-/archived?url={quote(url, safe='')}"
    return link + (f"&at={quote(at, safe='')}" if at else "")


def safe_body(body_html: str | None) -> str:
    """A post's body as HTML a reader can see and nothing can run in, its links archived."""

    def archive_links(element: str, attribute: str, value: str) -> str | None:
        if (element, attribute) in {("a", "href"), ("img", "src")} and value.startswith(
            ("http://", "https://")
        ):
            return archived_href(value)
        return value

    return nh3.clean(
        body_html or "",
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=archive_links,
        link_rel="noopener noreferrer",
    )


def word_diff(old: str | None, new: str | None) -> str:
    """HTML of `new` against `old`, word by word: <del> what went, <ins> what came; long
    unchanged stretches shortened to their ends. Everything escaped."""
    if not re.search(r"\s", (old or "") + (new or "")):  # a date, a URL, a word: whole
        gone = f"<del>{html.escape(old)}</del> " if old else ""
        return gone + (f"<ins>{html.escape(new)}</ins>" if new else "")
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            same = a[i1:i2]
            if len(same) > 2 * DIFF_CONTEXT + 1:
                head = same[:DIFF_CONTEXT] if parts else []
                tail = same[-DIFF_CONTEXT:] if i2 < len(a) or j2 < len(b) else []
                same = [*head, " … ", *tail]
            parts.append(html.escape("".join(same)))
            continue
        if i2 > i1:
            parts.append(f"<del>{html.escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{html.escape(''.join(b[j1:j2]))}</ins>")
    return "".join(parts).replace("\f", "\n\n")  # a PDF's pages, apart (helper-200)


def _rows(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _one(conn: sqlite3.Connection, sql: str, params: list[Any]) -> dict[str, Any] | None:
    found = _rows(conn, sql, params)
    return found[0] if found else None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def versions(conn: sqlite3.Connection, table: str, record_id: str) -> list[dict[str, Any]]:
    """Every version of a record, oldest first, each with the word diff of every column that
    changed from the version before."""
    found = _rows(
        conn,
        "SELECT version, seen_at, crawl_id, capture_id, changed, record, source, edit"
        f" FROM {table}_versions"
        " WHERE record_id = ? ORDER BY version",
        [record_id],
    )
    previous: dict[str, Any] = {}
    for entry in found:
        record = json.loads(entry["record"])
        changed = json.loads(entry["changed"]) if entry["version"] > 1 else []
        entry["record"] = record
        entry["changed"] = changed
        entry["diffs"] = [
            (column, word_diff(_as_text(previous.get(column)), _as_text(record.get(column))))
            for column in changed
            if not (column == "body_html" and "body_text" in changed)  # the same words again
        ]
        previous = record
    return found


def captures(conn: sqlite3.Connection, url: str | None) -> list[dict[str, Any]]:
    """The captures of a URL that hold an answer, newest first (index captures_url), under
    every form the archive holds it (lookup.url_forms: a Wayback capture of 2014 is kept
    under `/wordpress/?p=420`, the post's record under `/?p=420`; helper-200)."""
    if not url:
        return []
    forms = list(url_forms(conn, url))
    found = _rows(
        conn,
        "SELECT id, fetched_at, status, outcome, revisit_of, crawl_id, payload_digest"
        f" FROM captures WHERE url IN ({', '.join('?' * len(forms))}) AND warc_file IS NOT NULL"
        " ORDER BY fetched_at DESC LIMIT ?",
        [*forms, CAPTURES_SHOWN],
    )
    # whether each answer's content differs from the last content before it (helper-200: a
    # PDF replaced by its third edition showed as two captures "ok (HTTP 200)", nothing more;
    # a 304 holds its original's digest; a 404 or a redirect between two is no content)
    last = None
    for entry in reversed(found):  # oldest first
        held = entry["status"] in (200, 304) and entry["payload_digest"] is not None
        entry["new_content"] = held and last is not None and entry["payload_digest"] != last
        last = entry["payload_digest"] if held else last
    return found


def image_capture(conn: sqlite3.Connection, url: str | None) -> int | None:
    """The last capture of `url` that holds an image: a 200 with an image type, or an unchanged
    answer (304, or the same bytes) of one. An <img> of it loads, where the URL's last capture
    of any kind may be a 404 page or an error, and a URL never archived (the Wayback import
    fetches no images) has none."""
    if not url:
        return None
    row = conn.execute(
        "SELECT c.id FROM captures c LEFT JOIN captures o ON o.id = c.revisit_of"
        " WHERE c.url = ? AND c.warc_file IS NOT NULL AND c.status IN (200, 304)"
        " AND c.outcome != 'error' AND coalesce(o.status, c.status) = 200"
        " AND coalesce(o.content_type, c.content_type) LIKE 'image/%'"
        " ORDER BY c.fetched_at DESC, c.id DESC LIMIT 1",
        [url],
    ).fetchone()
    return int(row[0]) if row else None


def absences(conn: sqlite3.Connection, table: str, record_id: str) -> list[dict[str, Any]]:
    """The times a record was gone from the site and came back, oldest first: its row's
    `removed_at` says only whether it is gone now."""
    return _rows(
        conn,
        "SELECT removed_at, returned_at, capture_id FROM absences"
        " WHERE record_table = ? AND record_id = ? ORDER BY removed_at",
        [table, record_id],
    )


def citation(conn: sqlite3.Connection, table: str, key: str, base: str) -> dict[str, str]:
    """`isecg cite` of the record, as text and BibTeX; empty when it names no capture."""
    try:
        found = cite.find(
            sqlite_utils.Database(conn, execute_plugins=False), f"{table}:{key}", base
        )
    except cite.CiteError:
        return {}
    return {"text": as_text(found), "bibtex": as_bibtex(found)}


def news_page(conn: sqlite3.Connection, record_id: str, base: str) -> dict[str, Any]:
    post = _one(conn, "SELECT * FROM news WHERE id = ?", [record_id])
    if post is None:
        return {}
    sources = json.loads(post["sources"] or "{}")
    return {
        "record": post,
        "date_source": sources.get("published"),
        "categories": json.loads(post["categories"] or "[]"),
        "documents": json.loads(post["documents"] or "[]"),
        "body": safe_body(post["body_html"]),
        "versions": versions(conn, "news", record_id),
        "absences": absences(conn, "news", record_id),
        "captures": captures(conn, post["url"]),
        "citation": citation(conn, "news", record_id, base),
        # a dated list that showed it before its own page was archived (news_listings), by an
        # earlier crawl or slice: not the same crawl's list, read a second before (helper-200:
        # said of 59 of 65 posts)
        "listed": _one(
            conn,
            "SELECT l.first_seen, l.capture_id, c.url FROM news_listings l"
            " LEFT JOIN captures c ON c.id = l.capture_id"
            " WHERE l.record_id = ? AND l.first_seen < ? AND c.crawl_id IS NOT"
            " (SELECT crawl_id FROM news_versions WHERE record_id = ? AND version = 1)",
            [record_id, post["first_seen"], record_id],
        ),
    }


def publication_page(conn: sqlite3.Connection, record_id: str, base: str) -> dict[str, Any]:
    publication = _one(conn, "SELECT * FROM publications WHERE id = ?", [record_id])
    if publication is None:
        return {}
    document = None
    if publication["document_url"]:
        document = _one(
            conn,
            "SELECT url, pages, size, sha256, content_type, title, substr(text, 1, 4000) AS text,"
            " length(text) AS text_length FROM documents WHERE url = ?",
            [publication["document_url"]],
        )
    sources = json.loads(publication["sources"] or "{}")
    return {
        "record": publication,
        "date_source": sources.get("posted_on"),
        "document": document,
        "versions": versions(conn, "publications", record_id),
        "absences": absences(conn, "publications", record_id),
        "captures": captures(conn, publication["document_url"] or publication["url"]),
        "listing_captures": captures(conn, publication["url"])[:10],
        "citation": citation(conn, "publications", record_id, base),
    }


def agency_page(conn: sqlite3.Connection, agency_id: str, base: str) -> dict[str, Any]:
    agency = _one(conn, "SELECT * FROM agencies WHERE id = ?", [agency_id])
    if agency is None:
        return {}
    membership = _one(conn, "SELECT * FROM memberships WHERE agency_id = ?", [agency_id])
    announcing = None
    if membership and membership["joined_source_url"]:
        announcing = _one(
            conn,
            "SELECT id, title, published FROM news WHERE url = ?",
            [membership["joined_source_url"]],
        )
    history = versions(conn, "agencies", agency_id)
    return {
        "record": agency,
        "logo_capture": image_capture(conn, agency["logo"]),
        "membership": membership,
        "announcing": announcing,
        "versions": history,
        "absences": absences(conn, "agencies", agency_id),
        "renames": [v for v in history if "name" in v["changed"]],
        "names_seen": _rows(
            conn,
            "SELECT name, min(seen_at) AS first_seen, max(seen_at) AS last_seen,"
            " sum(source IS NOT 'wayback') AS crawls, sum(source = 'wayback') AS wayback"
            " FROM member_observations WHERE agency_id = ? GROUP BY name ORDER BY first_seen",
            [agency_id],
        ),
        "citation": citation(conn, "agencies", agency_id, base),
    }


def document_page(conn: sqlite3.Connection, url: str, base: str) -> dict[str, Any]:
    document = _one(conn, "SELECT * FROM documents WHERE url = ?", [url])
    if document is None:
        return {}
    return {
        "record": document,
        "publications": _rows(
            conn,
            "SELECT id, title, posted_on FROM publications WHERE document_url = ? ORDER BY id",
            [url],
        ),
        "linked_from": _rows(
            conn,
            "SELECT l.src, n.id AS news_id, n.title FROM links l"
            " LEFT JOIN news n ON n.url = l.src WHERE l.dst = ? ORDER BY n.title IS NULL, l.src"
            " LIMIT 100",
            [url],
        ),
        "versions": versions(conn, "documents", url),
        "captures": captures(conn, url),
        "citation": citation(conn, "documents", url, base),
    }


PAGES = {
    "news": news_page,
    "publications": publication_page,
    "agencies": agency_page,
    "documents": document_page,
}
