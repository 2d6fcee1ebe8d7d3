"""From one crawl's captures to records: a replay of captures → extract → choose → save.

The same function runs at the end of every crawl and, crawl after crawl, in `isecg reparse`;
it reads only the WARC files and the capture index, never the network, so the tables can
always be rebuilt from the raw archive. Every SQL statement is in archive/: the captures to
read (archive.captures), what the archive holds now (archive.store, archive.builds), and the
one transaction that saves the build (archive.builds.save).

A backfill slice (the Wayback captures of one day, scraper/wayback.py) is built the same way,
by the same extractors, its records dated by the Wayback's capture times, with two
differences: its URLs are read in their canonical form (the Wayback lists them as the site
served them then), and it only ever adds history. A few captures are no view of the whole
site, so a slice never marks a record removed or a member left, and no kind of record
"collapses" in it.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlite_utils

from archive import builds, captures, memberships, store, urls
from archive import templates as templates_table
from archive.builds import Build, Record
from archive.captures import Readable
from archive.documents import ReadBefore, earlier_read
from archive.earlier_reads import earlier_reads
from archive.warc_read import DAMAGED, UnreadableRecord
from scraper import guards, removals, rows
from scraper.chosen import records
from scraper.early import EarlyReader
from scraper.extract.joins import announced_joins
from scraper.extract.templates import Templates
from scraper.extract.types import EXTRACTOR_VERSION, Member, News, Publication
from scraper.harvest import (
    Harvest,
    Learned,
    NewsRead,
    Page,
    Reading,
    finish,
    harvest,
    learn,
    learn_page,
    note,
    read_alone,
    reread_with,
)
from scraper.reconcile import news_id
from scraper.workers import (
    Readers,
    Task,
    covered_ids,
    document_key,
    page_url,
    post_of,
    read,
    worker_count,
)

log = logging.getLogger("isecg.build")
MIN_THEME_POSTS = 5  # a theme on fewer post pages is not worth a note (a stray page)


@dataclass(frozen=True)
class BuildReport:
    counts: dict[str, int]
    flags: list[str]  # why the crawl is unhealthy; empty when it is not
    changes: dict[str, int]
    notes: list[str] = field(default_factory=list)  # what the build learned or met (themes)


def build(
    db: sqlite_utils.Database,
    warc_dir: Path,
    crawl_id: int,
    site: str,
    readers: Readers | None = None,
    early: EarlyReader | None = None,
    moved: Mapping[str, tuple[int, ...]] | None = None,
    earlier: ReadBefore | None = None,
) -> BuildReport:
    """Extract and store the records of one crawl (inside one transaction). `readers`: worker
    processes that read the pages (a reparse); `early`: the pages a crawl had read while it
    fetched. The records are the same without either. `moved`: captures.moved_posts, read
    here when not given. `earlier`: a reparse's documents as the archive held them before
    (archive/earlier_reads.py), taken before the archive's own."""
    archived = store.read_before(db)
    read_before: ReadBefore = (
        archived if earlier is None else lambda sha: earlier(sha) or archived(sha)
    )
    known = templates_table.load(db, site, crawl_id)
    backfill = captures.crawl_source(db, crawl_id) == "wayback"
    if moved is None:  # what the crawls up to this one said (a slice: those before its import)
        moved = captures.moved_posts(db, site, crawl_id)

    def reread(capture_id: int) -> Page | None:
        capture = captures.readable_capture(db, capture_id)
        return read(warc_dir, capture, site) if capture else None

    def learn_from(asked: list[tuple[int, News]]) -> list[dict[str, str] | None]:
        """What the pages templates are learned from teach: learned by the workers (a
        reparse), or by the early reader's worker while the crawl fetched (a page it learned
        nothing from, or with another record of its post, is learned here)."""
        if readers is not None:
            pages = [(captures.readable_capture(db, capture_id), r) for capture_id, r in asked]
            return readers.learn(pages, warc_dir, site)
        assert early is not None
        return [
            taught[0]
            if (taught := early.lesson(capture_id, record)) is not None
            else learn_page(reread(capture_id), record)
            for capture_id, record in asked
        ]

    # Captures → extract.
    if readers is not None:
        readable = captures.readable(db, crawl_id)
        found = _harvest_with(readers, readable, warc_dir, site, known, moved, earlier)
    elif early is not None:
        found = Harvest(moved=moved)
        for capture in captures.readable(db, crawl_id):
            reading = early.take(capture, covered_ids(capture, site, found.covered), known)
            if reading is None:
                reading = read_alone(
                    read(warc_dir, capture, site), site, known, found.covered, read_before
                )
            elif reading.document is not None:  # what the archive holds for those bytes wins
                reading = replace(reading, document=earlier_read(reading.document, read_before))
            note(found, reading)
        finish(found)
    else:
        pages = (read(warc_dir, capture, site) for capture in captures.readable(db, crawl_id))
        found = harvest(pages, site, known, read_before, moved)
    new = learn(found, reread, known, None if readers is None and early is None else learn_from)
    notes = theme_notes(found, known, new)
    if new:
        known = {**known, **{mark: {f: v[0] for f, v in t.items()} for mark, t in new.items()}}
        reread_with(found, reread, site, known)
    # Choose: each field from every source, then what to trust of it. A category id tonight's
    # REST answers did not name (a cut crawl) has an earlier crawl's name (helper-196).
    named = dict(found.categories)
    before = builds.category_names(db) or _named_before(db, warc_dir, crawl_id, site)
    found.categories = {**before, **named}
    news, publications, disagreements = records(found)
    kept = ("title", "published", "modified", "event_date", "sources")
    lost = guards.against_current(news, store.current(db, "news", kept))
    for held in lost:  # the last good version stays
        del news[held]
    unvisited = captures.unvisited(db, crawl_id)
    unsaid = ("url", "description", "posted_on", "wp_id", "sources")
    guards.keep_unsaid(publications, store.current(db, "publications", unsaid), unvisited > 0)
    counts = {
        "news": len(news),
        "publications": len(publications),
        "members": len(found.members or []),
        "documents": len(found.documents),
        builds.PROBLEMS: len(found.problems),
    }
    accepted = backfill or captures.counts_accepted(db, crawl_id)
    trusted = {} if accepted else builds.last_trusted_counts(db, crawl_id)
    members_now = set() if backfill else memberships.members_last_crawled(db, crawl_id)
    flags, collapsed = guards.flags(counts, found, lost, trusted, members_now, unvisited > 0)
    if unvisited:
        notes += guards.read_less(counts, trusted)
    skipped = removals.skipped(found, unvisited, captures.unanswered_pages(db, crawl_id))
    if (skipped or flags) and store.has_current_records(db) and not backfill:
        notes.append(removals.NOTE + "; ".join(skipped or ["the crawl's records were held back"]))
    # A post this crawl still read (REST, a list, a feed) is not gone, whatever its page
    # answered: a server answering 404 for every post page removed 11 of 16 (helper-50).
    gone_news = _gone_news(found.gone)
    listed_anyway = [key for key, _ in gone_news if key in news]
    if listed_anyway:
        gone_news = [(key, at) for key, at in gone_news if key not in news]
        notes.append(
            f"{len(listed_anyway)} posts' pages answered 404 or 410 though this crawl still"
            f" read them elsewhere: not removed ({', '.join(listed_anyway[:5])})"
        )
    # Save.
    saved = Build(
        crawl_id=crawl_id,
        site=site,
        extractor_version=EXTRACTOR_VERSION,
        records=_records(news, publications, found, collapsed),
        members_seen=found.members_seen if found.members is not None else None,
        documents=found.documents,
        joined=joined(db, news, found.members),
        gone_news=gone_news,
        removable=not skipped and not flags and not backfill,
        disagreements=list(disagreements),
        problems=found.problems,
        learned=new,
        counts=counts,
        flags=flags,
        notes=notes,
        category_names=named,
        listings=[
            (news_id(k) if isinstance(k, str) else f"wp:{k}", seen)
            for k, seen in found.listed_at.items()
        ],
    )
    return BuildReport(counts, flags, builds.save(db, saved), notes)


def _named_before(
    db: sqlite_utils.Database, warc_dir: Path, crawl_id: int, site: str
) -> dict[str, str]:
    """The names the last categories answer before this crawl gave, read again: an archive
    from before `category_names` was kept has none (helper-199: a cut crawl made 59 edits)."""
    capture = captures.categories_before(db, crawl_id)
    got = read_alone(read(warc_dir, capture, site), site, {}, frozenset()).got if capture else None
    return dict(got.categories) if got else {}


def reparse(
    db: sqlite_utils.Database, warc_dir: Path, workers: int | None = None
) -> list[tuple[int, BuildReport]]:
    """Rebuild every derived table from the WARC files, crawl after crawl, in one transaction:
    an interrupted reparse leaves the tables as they were. The pages are read by `workers`
    processes (fewer than two: none), the records the same. By default one per CPU, when
    this process runs no other thread: a fork copies none of them, nor the locks they hold
    (a wayback import reparses inside its asyncio loop)."""
    alone = threading.active_count() == 1
    count = (worker_count() if alone else 1) if workers is None else workers
    with (
        db.atomic(),
        earlier_reads(db) as earlier,  # before the documents are emptied
        Readers(count) if count > 1 else nullcontext() as readers,
    ):
        builds.clear_derived(db)
        reports = []
        for crawl_id, site in captures.finished_crawls(db):
            # each with its moves then
            report = build(db, warc_dir, crawl_id, site, readers, earlier=earlier)
            reports.append((crawl_id, report))
        # A record that cannot be read back is one problem in a night's build, whose rows
        # from it stay; here every derived row was emptied first, so the rows it gave would
        # be lost. Raised inside the transaction: the tables stay as they were.
        if damaged := builds.damaged(db):
            raise UnreadableRecord(damaged[0][0].split(DAMAGED, 1)[1])
        return reports


def _harvest_with(
    readers: Readers,
    readable: Iterable[Readable],
    warc_dir: Path,
    site: str,
    known: Templates,
    moved: Mapping[str, tuple[int, ...]] | None = None,
    earlier: ReadBefore | None = None,
) -> Harvest:
    """harvest(), the pages read by worker processes and gathered here in the same order."""
    found = Harvest(moved=moved or {})

    def covered(capture: Readable) -> frozenset[int]:
        return covered_ids(capture, site, found.covered)

    def task(items: list[tuple[Readable, frozenset[int]] | None]) -> Task:
        return Task(warc_dir, site, known, items, earlier)

    def already(capture: Readable) -> Reading | None:
        """A document an earlier crawl of this reparse read from the same record."""
        key = document_key(capture, page_url(capture, site))
        if key is None or key not in readers.documents or capture.status not in (200, 304):
            return None
        content_type, record = readers.documents[key]
        seen = store.Seen(capture.crawl_id, capture.id, capture.fetched_at)
        page = Page(page_url(capture, site), capture.kind, capture.status, content_type, b"", seen)
        return Reading(page, document=record)

    def is_rest(capture: Readable) -> bool:
        return capture.kind == "rest"

    def has_post(capture: Readable) -> bool:
        return post_of(capture, site) is not None

    for batch in readers.read(readable, task, covered, is_rest, has_post, already):
        for capture, sent, reading in batch:
            # REST gave its post whole after it was sent: Readers.read sends no post before
            # the REST answers ahead of it are gathered, so this is a guard, not a path taken
            if covered(capture) != sent:
                reading = read_alone(
                    read(warc_dir, capture, site), site, known, found.covered, earlier
                )
            key = document_key(capture, reading.page.url)
            if key and reading.document is not None and key not in readers.documents:
                readers.documents[key] = (reading.page.content_type, reading.document)
            note(found, reading)
    return finish(found)


def _gone_news(gone: dict[str, str]) -> list[tuple[str, str]]:
    """(news id, when) for each post whose page answered 404 or 410: the first such answer.
    A portal item's page (`/news/2007-11-08`, known from the Wayback) is a post's too."""
    first: dict[str, str] = {}
    for url, at in sorted(gone.items(), key=lambda item: item[1]):
        if urls.post_id(url) is not None or urls.url_kind(url) == "portal":
            first.setdefault(news_id(url), at)
    return sorted(first.items())


def _records(
    news: NewsRead,
    publications: dict[str, tuple[Publication, store.Seen]],
    found: Harvest,
    collapsed: set[str],
) -> dict[str, Iterable[Record]]:
    """The records to store, by table; a kind that collapsed is held back whole. The posts
    are made into rows one at a time as they are saved, never all at once."""
    out: dict[str, Iterable[Record]] = {}
    if "news" not in collapsed:
        out["news"] = (
            Record(key, rows.news_content(post), seen, rows.news_provenance(post))
            for key in sorted(news)
            for post, seen in [news[key]]
        )
    if "publications" not in collapsed:
        out["publications"] = [
            Record(key, rows.publication_content(pub), seen, rows.publication_provenance(pub))
            for key, (pub, seen) in sorted(publications.items())
        ]
    if "members" not in collapsed and found.members is not None and found.members_seen:
        out["agencies"] = [
            Record(member.key, rows.member_content(member), found.members_seen)
            for member in found.members
        ]
    return out


@dataclass(frozen=True)
class _Held:
    """A post the archive already holds, as joins read it."""

    url: str
    published: str
    title: str | None
    body_text: str


def joined(
    db: sqlite_utils.Database,
    news: Mapping[str, tuple[News, store.Seen]],
    members: list[Member] | None,
) -> list[tuple[str, str, str, str | None]]:
    """(agency, joined on, source URL, the day the post says it joined) from the posts that
    announce an agency joining.

    An announcement and the members block naming the agency need not be read by one crawl:
    a Wayback slice of 2009 holds the 2007 item naming the founders and no members block, one
    of 2016 the block and not the post of 2015. So this crawl's posts are read against the
    members it read, else those the archive holds; and members read for the first time
    against the posts the archive holds."""
    held = [
        Member(row["id"], row["name"], row["acronym"], row["country"], row["website"], row["logo"])
        for row in store.agencies(db)
    ]
    found = _announced((record for record, _ in news.values()), members or held)
    known = {member.key for member in held}
    first_time = [member for member in members or [] if member.key not in known]
    if first_time:
        posts = (_Held(*row[1:]) for row in store.dated_posts(db, leave_out=news))
        found += _announced(posts, first_time)
    return found


def _announced(
    posts: Iterable[News | _Held], members: list[Member]
) -> list[tuple[str, str, str, str | None]]:
    if not members:
        return []  # nobody to announce: the posts need not be read
    return [
        (key, post.published[:10], post.url, said)
        for post in posts
        if post.published
        for key, said in announced_joins(post, members)
    ]


def theme_notes(found: Harvest, known: Templates, new: Learned) -> list[str]:
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
