"""From one crawl's captures to records: read each WARC record back, extract, reconcile, store.

The same function runs at the end of every crawl and, crawl after crawl, in `isecg reparse`;
it reads only the WARC files and the capture index, never the network, so the tables can
always be rebuilt from the raw archive.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from archive import store
from archive.db import DERIVED_TABLES
from archive.documents import document_record
from archive.warc import decoded_payload, read_record
from scraper import urls
from scraper.extract import dates, extract
from scraper.extract.members import announced_members
from scraper.extract.publications import publication_from_post
from scraper.extract.types import (
    EXTRACTOR_VERSION,
    DateCandidate,
    Member,
    News,
    Publication,
)
from scraper.reconcile import news_id, publication_id, reconcile_news

log = logging.getLogger("isecg.build")
MAX_BODY = 60 * 1024 * 1024  # decoded size cap when reading back (documents are capped at 50 MB)
KINDS = ("news", "publications", "members")


@dataclass
class Harvest:
    """Everything one crawl's captures said, before it is reconciled and stored."""

    html_news: dict[str, tuple[News, store.Seen]] = field(default_factory=dict)
    rest_news: dict[str, tuple[News, store.Seen]] = field(default_factory=dict)
    publications: dict[str, tuple[Publication, store.Seen]] = field(default_factory=dict)
    members: list[Member] | None = None  # None: no members block was read this crawl
    members_seen: store.Seen | None = None
    categories: dict[str, str] = field(default_factory=dict)
    documents: list[tuple[dict[str, Any], store.Seen]] = field(default_factory=list)
    gone: set[str] = field(default_factory=set)  # URLs answered 404 / 410
    held_back: set[str] = field(default_factory=set)  # record ids whose page was unreadable
    problems: list[tuple[str, int, str]] = field(default_factory=list)  # url, capture, problem
    home_publications: dict[str, tuple[Publication, store.Seen]] = field(default_factory=dict)
    list_dates: dict[int, DateCandidate] = field(default_factory=dict)  # plausible ones only


@dataclass(frozen=True)
class BuildReport:
    counts: dict[str, int]
    flags: list[str]  # why the crawl is unhealthy; empty when it is not
    changes: dict[str, int]


def build(db: sqlite_utils.Database, warc_dir: Path, crawl_id: int, site: str) -> BuildReport:
    """Extract and store the records of one crawl (inside one transaction)."""
    harvest = _harvest(db, warc_dir, crawl_id, site)
    news, disagreements = reconcile_news(
        harvest.html_news, harvest.rest_news, harvest.categories, harvest.list_dates
    )
    news = {k: v for k, v in news.items() if k not in harvest.held_back}
    publications = dict(harvest.publications)
    for record_id, (record, seen) in list(news.items()):
        if record.is_publication:  # a post in the Publications category is a publication
            del news[record_id]
            post = publication_from_post(record)
            key = publication_id(post)
            if key in publications:  # also listed: the list entry, knowing its post
                listed, listed_seen = publications[key]
                publications[key] = (replace(listed, wp_id=post.wp_id), listed_seen)
            else:
                publications[key] = (post, seen)
    counts = {
        "news": len(news),
        "publications": len(publications),
        "members": len(harvest.members or []),
        "documents": len(harvest.documents),
        "problems": len(harvest.problems),
    }
    flags = _flags(db, crawl_id, counts, harvest)
    with db.atomic():
        # A crawl killed after its build but before it was marked done builds again on resume.
        for table in ("disagreements", "extraction_problems"):
            db.execute(f"DELETE FROM {table} WHERE crawl_id = ?", [crawl_id])
        changes = _store(db, crawl_id, news, publications, harvest, flags)
        for record_id, name, html_value, rest_value in disagreements:
            db.execute(
                "INSERT OR REPLACE INTO disagreements VALUES (?, ?, ?, ?, ?)",
                [record_id, name, html_value, rest_value, crawl_id],
            )
        for url, capture_id, problem in harvest.problems:
            db.execute(
                "INSERT INTO extraction_problems VALUES (?, ?, ?, ?)",
                [crawl_id, url, capture_id, problem],
            )
        db.execute(
            "INSERT OR REPLACE INTO build_stats VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                crawl_id,
                *(counts[k] for k in (*KINDS, "documents", "problems")),
                json.dumps(flags) if flags else None,
            ],
        )
    return BuildReport(counts, flags, changes)


def reparse(db: sqlite_utils.Database, warc_dir: Path) -> list[tuple[int, BuildReport]]:
    """Rebuild every derived table from the WARC files, crawl after crawl, in one transaction:
    an interrupted reparse leaves the tables as they were."""
    reports = []
    with db.atomic():
        for table in DERIVED_TABLES:
            db.execute(f"DELETE FROM {table}")
        finished = db.execute(
            "SELECT id, site FROM crawls WHERE status != 'running' ORDER BY id"
        ).fetchall()
        for crawl_id, site in finished:
            reports.append((crawl_id, build(db, warc_dir, crawl_id, site)))
    return reports


def _harvest(db: sqlite_utils.Database, warc_dir: Path, crawl_id: int, site: str) -> Harvest:
    found = Harvest()
    # An unchanged capture is a revisit: its content is the original's, one hop back.
    rows = db.execute(
        "SELECT c.id, c.url, c.kind, c.status, c.fetched_at, COALESCE(o.warc_file, c.warc_file),"
        " COALESCE(o.warc_offset, c.warc_offset) FROM captures c"
        " LEFT JOIN captures o ON o.id = c.revisit_of"
        " WHERE c.crawl_id = ? AND c.status IS NOT NULL ORDER BY c.id",
        [crawl_id],
    ).fetchall()
    for capture_id, url, kind, status, fetched_at, warc_file, offset in rows:
        seen = store.Seen(crawl_id, capture_id, fetched_at)
        if status in (404, 410):
            found.gone.add(url)
            continue
        if status not in (200, 304) or not warc_file:
            continue
        _, _, headers, payload = read_record(warc_dir, warc_file, offset)
        try:
            body = decoded_payload(headers, payload, MAX_BODY)
        except ValueError as error:
            found.problems.append((url, capture_id, f"unreadable body: {error}"))
            continue
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        if kind == "document":
            found.documents.append((document_record(url, content_type, body), seen))
            continue
        captured_at = datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
        page = extract(url, content_type.lower(), body, site, captured_at)
        found.problems += [(url, capture_id, problem) for problem in page.problems]
        if page.problems and page.page_kind in ("post", "portal"):
            found.held_back.add(news_id(url))
        target = found.rest_news if page.page_kind == "rest" else found.html_news
        for record in page.news:
            target.setdefault(news_id(record.url, record.wp_id), (record, seen))
        # The home page's block repeats the newest entries of the Publications page, with less
        # (no description): it only fills in what no list page gave.
        into = found.home_publications if page.page_kind == "home" else found.publications
        for publication in page.publications:
            into.setdefault(publication_id(publication), (publication, seen))
        if page.members_block and not page.problems:
            found.members, found.members_seen = page.members, seen
        found.categories.update(page.categories)
        for wp_id, listed in page.list_dates.items():
            if dates.plausible(listed, captured_at):
                found.list_dates.setdefault(wp_id, listed)
    for key, entry in found.home_publications.items():
        found.publications.setdefault(key, entry)
    return found


def _flags(
    db: sqlite_utils.Database, crawl_id: int, counts: dict[str, int], harvest: Harvest
) -> list[str]:
    """Reasons not to trust this crawl's records: unreadable pages, or a kind that collapsed."""
    flags = []
    if harvest.problems:
        urls_hit = sorted({url for url, _, _ in harvest.problems})
        flags.append(
            f"{len(urls_hit)} pages could not be read, e.g. {urls_hit[0]}: {harvest.problems[0][2]}"
        )
    # Compared with the last crawl that was trusted and whole (not flagged, not cut short).
    previous = db.execute(
        "SELECT b.news, b.publications, b.members FROM build_stats b"
        " JOIN crawls c ON c.id = b.crawl_id WHERE b.crawl_id < ? AND b.flags IS NULL"
        " AND COALESCE(c.message, '') NOT LIKE '%--max-pages%'"
        " ORDER BY b.crawl_id DESC LIMIT 1",
        [crawl_id],
    ).fetchone()
    if previous:
        for kind, before in zip(KINDS, previous, strict=True):
            if before and counts[kind] < before / 2:
                flags.append(f"{kind} fell from {before} to {counts[kind]}")
    return flags


def _store(
    db: sqlite_utils.Database,
    crawl_id: int,
    news: dict[str, tuple[News, store.Seen]],
    publications: dict[str, tuple[Publication, store.Seen]],
    harvest: Harvest,
    flags: list[str],
) -> dict[str, int]:
    changes: dict[str, int] = {}
    collapsed = {flag.split()[0] for flag in flags if " fell from " in flag}

    def count(what: str) -> None:
        changes[what] = changes.get(what, 0) + 1

    if "news" not in collapsed:
        for record_id, (record, seen) in sorted(news.items()):
            outcome = store.upsert_versioned(
                db,
                "news",
                record_id,
                news_content(record),
                seen,
                EXTRACTOR_VERSION,
                news_provenance(record),
            )
            count(f"news {outcome}")
    if "publications" not in collapsed:
        for record_id, (pub, seen) in sorted(publications.items()):
            outcome = store.upsert_versioned(
                db,
                "publications",
                record_id,
                publication_content(pub),
                seen,
                EXTRACTOR_VERSION,
                {"sources": json.dumps({"posted_on": pub.posted_on_source})},
            )
            count(f"publications {outcome}")
    if "members" not in collapsed and harvest.members is not None and harvest.members_seen:
        seen = harvest.members_seen
        for member in harvest.members:
            outcome = store.upsert_versioned(
                db, "agencies", member.key, member_content(member), seen, EXTRACTOR_VERSION
            )
            store.observe_member(db, member.key, member.name, seen)
            count(f"agencies {outcome}")
        if not flags:
            store.mark_left(db, {m.key for m in harvest.members}, seen.at)
    _joined(db, news, harvest.members or [])
    for document, document_seen in harvest.documents:
        _store_document(db, document, document_seen)
    if not flags:  # a crawl we do not trust marks nothing removed
        _removals(db, crawl_id, news, publications, harvest, changes)
    return changes


def _removals(
    db: sqlite_utils.Database,
    crawl_id: int,
    news: dict[str, tuple[News, store.Seen]],
    publications: dict[str, tuple[Publication, store.Seen]],
    harvest: Harvest,
    changes: dict[str, int],
) -> None:
    """Records gone from the site.

    A news post is removed only when its own page answers 404 or 410: its URL is checked on
    every crawl, so anything else (401, 403, a timeout, a refusal) says nothing about it. A
    publication has no page of its own: it is removed when the page that listed it was read
    again and no longer lists it, in a crawl that left nothing unvisited and read every list
    page (items move between pages as new ones arrive).
    """
    at = db.execute(
        "SELECT MAX(fetched_at) FROM captures WHERE crawl_id = ?", [crawl_id]
    ).fetchone()[0]
    gone = sorted({news_id(url) for url in harvest.gone if urls.post_id(url) is not None})
    if gone:
        changes["news removed"] = store.mark_removed(db, "news", gone, at)
    left, unread = db.execute(
        "SELECT (SELECT COUNT(*) FROM frontier WHERE crawl_id = ? AND state = 'queued'),"
        " (SELECT COUNT(*) FROM captures WHERE crawl_id = ? AND kind = 'page'"
        "  AND (status IS NULL OR status NOT IN (200, 304, 301, 302, 303, 307, 308, 404, 410))"
        "  AND COALESCE(error_class, '') != 'RobotsDisallowed')",
        [crawl_id, crawl_id],
    ).fetchone()
    if left or unread:
        return
    reread = {
        url
        for (url,) in db.execute(
            "SELECT url FROM captures WHERE crawl_id = ? AND status IN (200, 304)", [crawl_id]
        )
    }
    removed = [
        record_id
        for record_id, listed_on in db.execute(
            "SELECT id, url FROM publications WHERE removed_at IS NULL"
        )
        if record_id not in publications and listed_on in reread
    ]
    if removed:
        changes["publications removed"] = store.mark_removed(db, "publications", removed, at)


def _joined(
    db: sqlite_utils.Database, news: dict[str, tuple[News, store.Seen]], members: list[Member]
) -> None:
    """joined_on / joined_source_url from the posts that announce an agency joining."""
    if not members:
        return
    for record, _ in news.values():
        if not record.published:
            continue
        for key in announced_members(record, members):
            store.set_joined(db, key, record.published[:10], record.url)


def _store_document(db: sqlite_utils.Database, record: dict[str, Any], seen: store.Seen) -> None:
    values = {
        k: record.get(k)
        for k in ("url", "sha256", "content_type", "size", "pages", "title", "text", "error")
    }
    db.execute(
        "INSERT INTO documents (url, sha256, content_type, size, pages, title, text, error,"
        " capture_id, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(url) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size,"
        " content_type = excluded.content_type, pages = excluded.pages, title = excluded.title,"
        " text = excluded.text, error = excluded.error, capture_id = excluded.capture_id,"
        " last_seen = excluded.last_seen",
        [*values.values(), seen.capture_id, seen.at, seen.at],
    )


def news_content(record: News) -> dict[str, Any]:
    """The columns of a news row that make up its content (and so its versions)."""
    return {
        "wp_id": record.wp_id,
        "url": record.url,
        "title": record.title,
        "published": record.published,
        "modified": record.modified,
        "author": record.author,
        "event_date": record.event_date,
        "categories": json.dumps(list(record.categories)),
        "summary": record.summary,
        "body_text": record.body_text,
        "body_html": record.body_html,
        "links": json.dumps(list(record.links)),
        "documents": json.dumps(list(record.documents)),
        "images": json.dumps([list(i) for i in record.images]),
    }


def news_provenance(record: News) -> dict[str, Any]:
    """Where a news row's fields came from: stored with it, not part of its content."""
    sources = {
        "title": record.title_source,
        "published": record.published_source,
        "body": record.source,
    }
    return {
        "sources": json.dumps(sources),
        "date_candidates": json.dumps([[c.value, c.source, c.raw] for c in record.candidates]),
    }


def publication_content(pub: Publication) -> dict[str, Any]:
    return {
        "title": pub.title,
        "posted_on": pub.posted_on,
        "description": pub.description,
        "kind": pub.kind,
        "year": pub.year,
        "document_url": pub.document_url,
        "url": pub.listed_on,
        "wp_id": pub.wp_id,
    }


def member_content(member: Member) -> dict[str, Any]:
    return {
        "name": member.name,
        "acronym": member.acronym,
        "country": member.country,
        "website": member.website,
        "logo": member.logo,
        "enriched": int(member.enriched),
    }
