"""From one crawl's captures to records: read each WARC record back, extract, reconcile, store.

The same function runs at the end of every crawl and, crawl after crawl, in `isecg reparse`;
it reads only the WARC files and the capture index, never the network, so the tables can
always be rebuilt from the raw archive.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import sqlite_utils

from archive import builds, captures, store
from archive import templates as templates_table
from archive.db import DERIVED_TABLES
from archive.warc import decoded_payload, read_record
from scraper import removals, urls
from scraper.extract.members import announced_members
from scraper.extract.templates import Templates
from scraper.extract.types import EXTRACTOR_VERSION, Member, News, Publication
from scraper.harvest import Harvest, Learned, Page, harvest, learn, records, reread_with
from scraper.reconcile import news_id

log = logging.getLogger("isecg.build")
MAX_BODY = 60 * 1024 * 1024  # decoded size cap when reading back (documents are capped at 50 MB)
KINDS = ("news", "publications", "members")
BODY_CANDIDATE_CHARS = 200  # a body candidate is kept on the row as its opening words
MIN_THEME_POSTS = 5  # a theme on fewer post pages is not worth a note (a stray page)


@dataclass(frozen=True)
class BuildReport:
    counts: dict[str, int]
    flags: list[str]  # why the crawl is unhealthy; empty when it is not
    changes: dict[str, int]
    notes: list[str] = field(default_factory=list)  # what the build learned or met (themes)


def build(db: sqlite_utils.Database, warc_dir: Path, crawl_id: int, site: str) -> BuildReport:
    """Extract and store the records of one crawl (inside one transaction)."""
    known = templates_table.load(db, site, crawl_id)

    def reread(capture_id: int) -> Page | None:
        return _page_of(db, warc_dir, capture_id)

    found = harvest(_pages(db, warc_dir, crawl_id), site, known)
    new = learn(found, reread, known)
    notes = _theme_notes(found, known, new)
    if new:
        known = {**known, **{mark: {f: v[0] for f, v in t.items()} for mark, t in new.items()}}
        reread_with(found, reread, site, known)
    news, publications, disagreements = records(found)
    lost = _against_current(db, news)
    news = {k: v for k, v in news.items() if k not in lost}  # the last good version stays
    counts = {
        "news": len(news),
        "publications": len(publications),
        "members": len(found.members or []),
        "documents": len(found.documents),
        "problems": len(found.problems),
    }
    flags = _flags(db, crawl_id, counts, found, lost)
    skipped = removals.skipped(
        found, captures.unvisited(db, crawl_id), captures.unanswered_pages(db, crawl_id)
    )
    if (skipped or flags) and store.has_current_records(db):
        notes.append(removals.NOTE + "; ".join(skipped or ["the crawl's records were held back"]))
    last = db.execute(
        "SELECT MAX(fetched_at) FROM captures WHERE crawl_id = ?", [crawl_id]
    ).fetchone()[0]
    with db.atomic():
        # A crawl killed after its build but before it was marked done builds again on resume.
        for table in ("disagreements", "extraction_problems"):
            db.execute(f"DELETE FROM {table} WHERE crawl_id = ?", [crawl_id])
        templates_table.save(db, site, crawl_id, last or "", new)
        changes = _store(db, crawl_id, news, publications, found, flags, not skipped)
        for disagreement in disagreements:
            db.execute(
                "INSERT OR REPLACE INTO disagreements (record_id, field, source, value,"
                " chosen_source, chosen_value, crawl_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [*disagreement, crawl_id],
            )
        for url, capture_id, problem in found.problems:
            db.execute(
                "INSERT INTO extraction_problems VALUES (?, ?, ?, ?)",
                [crawl_id, url, capture_id, problem],
            )
        builds.save_counts(db, crawl_id, counts, flags, notes)
    return BuildReport(counts, flags, changes, notes)


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


# An unchanged capture is a revisit: its content is the original's, one hop back.
_CAPTURES = (
    "SELECT c.id, c.url, c.kind, c.status, c.fetched_at, c.crawl_id,"
    " COALESCE(o.warc_file, c.warc_file), COALESCE(o.warc_offset, c.warc_offset)"
    " FROM captures c LEFT JOIN captures o ON o.id = c.revisit_of"
)


def _pages(db: sqlite_utils.Database, warc_dir: Path, crawl_id: int) -> Iterator[Page]:
    rows = db.execute(
        _CAPTURES + " WHERE c.crawl_id = ? AND c.status IS NOT NULL"
        " ORDER BY c.kind != 'rest', c.id",  # REST first: harvest() reads pages knowing it
        [crawl_id],
    ).fetchall()
    for row in rows:
        yield _read(warc_dir, row)


def _page_of(db: sqlite_utils.Database, warc_dir: Path, capture_id: int) -> Page | None:
    row = db.execute(_CAPTURES + " WHERE c.id = ?", [capture_id]).fetchone()
    return _read(warc_dir, row) if row is not None else None


def _read(warc_dir: Path, row: tuple[Any, ...]) -> Page:
    capture_id, url, kind, status, fetched_at, crawl_id, warc_file, offset = row
    seen = store.Seen(crawl_id, capture_id, fetched_at)
    if status not in (200, 304) or not warc_file:
        return Page(url, kind, status, "", b"", seen)
    _, _, headers, payload = read_record(warc_dir, warc_file, offset)
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
    try:
        body = decoded_payload(headers, payload, MAX_BODY)
    except ValueError as error:
        return Page(url, kind, status, content_type, b"", seen, str(error))
    return Page(url, kind, status, content_type, body, seen)


def _theme_notes(found: Harvest, known: Templates, new: Learned) -> list[str]:
    """What a person should know about the site's design this crawl: a template learned,
    a redesign re-learned, or a redesign nothing could teach yet."""
    posts = Counter(mark for mark, _, _ in found.post_pages.values())
    notes = []
    for mark, count in posts.most_common():
        if mark in new:
            fields = ", ".join(sorted(new[mark]))
            agreeing = max(a for _, a, _ in new[mark].values())
            verb = "the theme changed: templates re-learned" if known else "templates learned"
            notes.append(f"{verb} for theme {mark} from {agreeing} posts ({fields})")
        elif mark not in known and count >= MIN_THEME_POSTS:
            why = "REST items and pages did not agree" if found.rest_news else "REST did not answer"
            notes.append(
                f"new theme {mark} on {count} posts and no template ({why}):"
                " its posts are read by the generic reader"
            )
    return notes


def _against_current(
    db: sqlite_utils.Database, news: dict[str, tuple[News, store.Seen]]
) -> dict[str, str]:
    """Compare each record with its current row. Returns the records that would lose a title
    or a date the row has (id -> field): they are held back. A date that only lost precision
    (the same day, now without its time, because REST did not answer) keeps the row's value
    and source, so a night without REST makes no new version."""
    lost = {}
    for record_id, title, published, sources in db.execute(
        "SELECT id, title, published, sources FROM news WHERE removed_at IS NULL"
    ):
        entry = news.get(record_id)
        if entry is None:
            continue
        record, seen = entry
        if title and not record.title:
            lost[record_id] = "title"
        elif published and not record.published:
            lost[record_id] = "published"
        elif published and "T" in published and record.published == published[:10]:
            source = json.loads(sources or "{}").get("published")
            news[record_id] = (replace(record, published=published, published_source=source), seen)
    return lost


def _flags(
    db: sqlite_utils.Database,
    crawl_id: int,
    counts: dict[str, int],
    found: Harvest,
    lost: dict[str, str],
) -> list[str]:
    """Reasons not to trust this crawl's records: error pages, a kind that collapsed, posts
    that lost a title or date. A page in an unknown design is none of these."""
    flags = []
    if found.error_pages:
        flags.append(
            f"{len(set(found.error_pages))} pages were error pages served as 200,"
            f" e.g. {found.error_pages[0]}"
        )
    if lost:
        first = min(lost)
        flags.append(
            f"{len(lost)} posts lost a title or date they had, e.g. {first} ({lost[first]});"
            " their last good versions are kept"
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
    found: Harvest,
    flags: list[str],
    read_the_site: bool,
) -> dict[str, int]:
    changes: dict[str, int] = {}
    removable = read_the_site and not flags  # removals.py: when a crawl may say "gone"
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
    if "members" not in collapsed and found.members is not None and found.members_seen:
        seen = found.members_seen
        for member in found.members:
            outcome = store.upsert_versioned(
                db, "agencies", member.key, member_content(member), seen, EXTRACTOR_VERSION
            )
            store.observe_member(db, member.key, member.name, seen)
            count(f"agencies {outcome}")
        if removable:
            store.mark_left(db, {m.key for m in found.members}, seen.at)
    _joined(db, news, found.members or [])
    for document, document_seen in found.documents:
        count(f"documents {store.save_document(db, document, document_seen, EXTRACTOR_VERSION)}")
    for url, capture_id, at, why in captures.failed_fetches(db, crawl_id, "document"):
        store.document_failed(db, url, store.Seen(crawl_id, capture_id, at), why)
        count("documents failed")
    if removable:
        _removals(db, crawl_id, news, publications, found, changes)
    return changes


def _removals(
    db: sqlite_utils.Database,
    crawl_id: int,
    news: dict[str, tuple[News, store.Seen]],
    publications: dict[str, tuple[Publication, store.Seen]],
    found: Harvest,
    changes: dict[str, int],
) -> None:
    """Records gone from the site.

    Called only for a crawl that read the site (removals.py). A news post is removed only
    when its own page answers 404 or 410: its URL is checked on every crawl, so anything else
    (401, 403, a timeout, a refusal) says nothing about it. A publication has no page of its
    own: it is removed when the page that listed it was read again and no longer lists it
    (the crawl answered every list page: items move between pages as new ones arrive).
    """
    at = db.execute(
        "SELECT MAX(fetched_at) FROM captures WHERE crawl_id = ?", [crawl_id]
    ).fetchone()[0]
    gone = sorted({news_id(url) for url in found.gone if urls.post_id(url) is not None})
    if gone:
        changes["news removed"] = store.mark_removed(db, "news", gone, at)
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
    """Where a news row's fields came from, and every candidate each source gave: stored with
    it, not part of its content."""
    sources = {
        "title": record.title_source,
        "published": record.published_source,
        "modified": record.modified_source,
        "body": record.source,
        "categories": record.categories_source,
        "author": record.author_source,
    }
    return {
        "sources": json.dumps(sources),
        "date_candidates": json.dumps([[c.value, c.source, c.raw] for c in record.date_candidates]),
        "candidates": json.dumps(
            [
                [c.field, _short(c.value) if c.field == "body" else c.value, c.source, c.raw]
                for c in record.candidates
            ],
            ensure_ascii=False,
        ),
    }


def _short(text: str, limit: int = BODY_CANDIDATE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"


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
