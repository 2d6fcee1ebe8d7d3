"""From a crawl's pages to records, with no database and no WARC file: pure and replayable.

`harvest` reads every page (extract.py) and gathers what they say; `learn` compares a sample
of post pages with their REST items and votes on the theme's template (templates.py);
`records` (chosen.py) reconciles everything into news and publications. The builder
(build.py) feeds these from the capture index and stores the result; tests feed them pages
rendered in process, so extraction over many site designs needs no crawl. Reading a page is
two steps: `read_alone`, the work no other page's reading depends on (a reparse does it in
worker processes, workers.py), and `note`, which gathers its result into the harvest in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, BinaryIO

from archive import urls
from archive.decoding import page_text
from archive.documents import ReadBefore, document_record
from archive.store import Seen
from scraper.extract import UNCONFIRMED, extract, instants
from scraper.extract import templates as learned
from scraper.extract.choose import Disagreement
from scraper.extract.signals import parse
from scraper.extract.templates import Templates
from scraper.extract.types import DateCandidate, Extracted, Member, News, Publication
from scraper.reconcile import news_id, publication_id
from scraper.spill import Spilled

NewsRead = MutableMapping[str, tuple[News, Seen]]  # record id -> (post, where it was seen)


@dataclass(frozen=True)
class Page:
    """One archived answer, decoded: what the builder read back from a WARC record."""

    url: str
    kind: str  # the capture's kind: page, document, rest, ...
    status: int
    content_type: str
    body: bytes
    seen: Seen
    error: str | None = None  # why the body could not be read back
    spool: BinaryIO | None = None  # a document's body in a temporary file, not in `body`


@dataclass
class Harvest:
    """Everything one crawl's pages said, before it is reconciled and stored."""

    # The posts, each its bodies and candidates: in a temporary file, not in memory (spill.py)
    html_news: NewsRead = field(default_factory=Spilled)
    rest_news: NewsRead = field(default_factory=Spilled)
    publications: dict[str, tuple[Publication, Seen]] = field(default_factory=dict)
    members: list[Member] | None = None  # None: no members block was read this crawl
    members_seen: Seen | None = None
    categories: dict[str, str] = field(default_factory=dict)
    documents: list[tuple[dict[str, Any], Seen]] = field(default_factory=list)
    gone: dict[str, str] = field(default_factory=dict)  # URL answered 404 / 410 -> when
    unread: set[str] = field(default_factory=set)  # record ids whose page could not be read
    problems: list[tuple[str, int | None, str]] = field(default_factory=list)
    home_publications: dict[str, tuple[Publication, Seen]] = field(default_factory=dict)
    list_dates: dict[int | str, DateCandidate] = field(default_factory=dict)  # plausible only
    # each post a dated list entry named (its id, or its address), and the first such list
    # page's capture: where the post was seen before its own page was (a Wayback list)
    listed_at: dict[int | str, Seen] = field(default_factory=dict)
    # post page URL -> (theme fingerprint, capture id, record id): what `learn` samples
    post_pages: dict[str, tuple[str, int | None, str]] = field(default_factory=dict)
    error_pages: list[str] = field(default_factory=list)  # error pages served as 200
    rest_twice: list[Disagreement] = field(default_factory=list)  # a post REST gave twice
    covered: set[int] = field(default_factory=set)  # post ids whose REST items came whole
    # Whether the crawl read the site, which removals depend on (removals.py): the home
    # page's answer (None: none came), whether it gave records, and the list pages that did.
    home_status: int | None = None
    home_read: bool = False
    news_lists: set[str] = field(default_factory=set)  # pages listing posts with their dates
    publication_lists: set[str] = field(default_factory=set)  # pages listing publications
    # URL -> ids of the WordPress posts whose `?p=N` redirected there (captures.moved_posts)
    moved: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    # articles only a list or a move can confirm (extract.UNCONFIRMED), by URL without slash
    unconfirmed: dict[str, Reading] = field(default_factory=dict)


def captured_at(seen: Seen) -> datetime:
    return datetime.fromisoformat(seen.at.replace("Z", "+00:00"))


def harvest(
    pages: Iterable[Page],
    site: str,
    templates: Templates,
    read_before: ReadBefore | None = None,
    moved: Mapping[str, tuple[int, ...]] | None = None,
) -> Harvest:
    """Read every page; keep each record once (the first capture that gave it).

    Pages come REST answers first (the builder orders them so): a post its REST item gave
    whole is then read from its page only for what the page adds. `read_before`: documents
    read already (store.read_before), not read again. `moved`: Harvest.moved.
    """
    found = Harvest(moved=moved or {})
    for page in pages:
        note(found, read_alone(page, site, templates, found.covered, read_before))
        del page  # before the next page is read: two large documents are never held at once
    return finish(found)


def finish(found: Harvest) -> Harvest:
    """Once every page was read: what only the home page listed joins the publications, and
    an article that prints no day, or sits in a section of another kind, is a post where a
    news list dates it."""
    for key, entry in found.home_publications.items():
        found.publications.setdefault(key, entry)
    # the list dates keyed by address, "/news/x" and "/news/x/" alike, looked up once each
    listed: dict[str, DateCandidate] = {}
    for address, listed_day in found.list_dates.items():
        if isinstance(address, str):
            listed.setdefault(address.rstrip("/"), listed_day)
    for url, reading in found.unconfirmed.items():
        got = reading.got
        if got is None:
            continue
        # "/news/x" lists "/news/x/" too; a list may link the page's own address, or the post
        # id its WordPress markup names (ASI's /it/<slug>/ holding ?p=1700)
        own = reading.page.url.rstrip("/")
        wp_id = got.news[0].wp_id
        if url in listed or own in listed or wp_id in found.list_dates:
            given = listed.get(url) or listed.get(own)
            if wp_id is not None and given is not None:  # its address's day is its post's
                found.list_dates.setdefault(wp_id, given)
            # its publications and list dates were noted with it already
            post = replace(got, page_kind="article", publications=[], list_dates={})
            note(found, replace(reading, got=post))
    return found


@dataclass(frozen=True)
class Reading:
    """What one page gave on its own, before it joins the others: its extraction, or its
    document's record. Its page comes without its body, which is no longer needed."""

    page: Page
    got: Extracted | None = None
    document: dict[str, Any] | None = None


def read_page(found: Harvest, page: Page, site: str, templates: Templates) -> None:
    note(found, read_alone(page, site, templates, found.covered))


def read_alone(
    page: Page,
    site: str,
    templates: Templates,
    covered: frozenset[int] | set[int],
    read_before: ReadBefore | None = None,
) -> Reading:
    """The work of reading one page, which no other page's reading depends on: extraction
    (given the post ids whose REST items came whole) or a document's text. Pure: reparse
    does it in worker processes (scraper/workers.py)."""
    if page.status not in (200, 304) or page.error is not None:
        return Reading(page)
    bare = replace(page, body=b"", spool=None)
    if page.kind == "document":
        body = page.spool or page.body
        document = document_record(page.url, page.content_type, body, read_before)
        if page.spool is not None:
            page.spool.close()  # its temporary file goes now
        return Reading(bare, document=document)
    at = captured_at(page.seen)
    try:
        got = extract(page.url, page.content_type.lower(), page.body, site, at, templates, covered)
    except Exception as error:  # one page no rule foresaw: its problem, not the build's end
        got = Extracted(page.url, "other", problems=[unreadable(error)])
    return Reading(bare, got)


def unreadable(error: Exception) -> str:
    """A page's problem for an error no extractor foresaw (helper-206: a value past the
    calendar stopped every build of the archive holding it)."""
    return f"could not be read ({type(error).__name__}: {error})"[:300]


def covered_by(reading: Reading) -> set[int]:
    """The post ids a REST answer gave whole: their pages are read knowing it (`covered`)."""
    got = reading.got
    if got is None or got.page_kind != "rest":
        return set()
    return {record.wp_id for record in got.news if record.wp_id is not None}


def note(found: Harvest, reading: Reading) -> None:
    """Gather what one page gave into the harvest, pages taken in the builder's order."""
    page = reading.page
    seen = page.seen
    if page.kind == "page" and urls.url_kind(page.url) == "home":
        found.home_status = page.status
    if page.status in (404, 410):
        found.gone.setdefault(page.url, seen.at)
        return
    if page.status not in (200, 304):
        return
    if page.error is not None:
        found.problems.append((page.url, seen.capture_id, f"unreadable body: {page.error}"))
        return
    if reading.document is not None:
        found.documents.append((reading.document, seen))
        return
    got = reading.got
    assert got is not None  # a page that is no document was extracted
    at = captured_at(seen)
    found.problems += [(page.url, seen.capture_id, problem) for problem in got.problems]
    found.error_pages += [page.url for p in got.problems if p.startswith("an error page")]
    if got.page_kind == UNCONFIRMED:
        if not (found.moved.get(got.news[0].url) or found.moved.get(page.url)):
            # finish() decides; the first capture of it counts, as everywhere. The days its
            # page prints beside other posts' links (a sidebar's) count now, as any page's.
            found.unconfirmed.setdefault(got.news[0].url.rstrip("/"), Reading(page, got))
            _note_publications(found, page.url, got, seen, at)
            _note_list_dates(found, page.url, got, seen)
            return
        got = replace(got, page_kind="article")
    if got.page_kind == "article" and got.news:
        got = _moved_here(found, page, got)
    if got.page_kind in ("post", "portal", "article"):
        record_id = news_id(page.url)
        if got.page_kind == "article" and got.news:  # a pretty permalink's: wp:<its post id>
            record_id = news_id(got.news[0].url, got.news[0].wp_id)
        if got.problems:
            found.unread.add(record_id)
        if got.fingerprint and record_id.startswith("wp:"):  # REST knows WordPress posts only
            found.post_pages[page.url] = (got.fingerprint, seen.capture_id, record_id)
    target = found.rest_news if got.page_kind == "rest" else found.html_news
    for record in got.news:
        key = news_id(record.url, record.wp_id)
        if key not in target:  # not setdefault: that would read the kept one back
            target[key] = (record, seen)
        elif got.page_kind == "rest":  # on two pages of a collection: it changed mid-walk
            kept = target[key][0]
            for name in ("published", "title"):
                again, first = getattr(record, name), getattr(kept, name)
                if again and first and again != first:
                    found.rest_twice.append((key, name, "rest, again", again, "rest", first))
    found.covered |= covered_by(reading)
    _note_publications(found, page.url, got, seen, at)
    # The home page's block wins; a members page of its own counts where no home page's did
    # (the first read: pages come in the crawl's order, the same in a reparse)
    home = got.page_kind == "home"
    if got.members_block and not got.problems and (home or found.members is None):
        found.members, found.members_seen = got.members, seen
    found.categories.update(got.categories)
    _note_list_dates(found, page.url, got, seen)


def _note_publications(found: Harvest, url: str, got: Extracted, seen: Seen, at: datetime) -> None:
    """A page's publications, into the home page's block or the lists'; an implausible day
    goes (a problem says so)."""
    # The home page's block repeats the newest entries of the Publications page, with less
    # (no description): it only fills in what no list page gave.
    into = found.home_publications if got.page_kind == "home" else found.publications
    for publication in got.publications:
        day = publication.posted_on
        if day and not instants.plausible(DateCandidate(day, "posted-on", day), at):
            # "Posted on 1 May, 2031" or "1995": a typo or another day, as for news dates
            found.problems.append(
                (
                    url,
                    seen.capture_id,
                    f"implausible posted-on date {day}: {publication.title}",
                )
            )
            publication = replace(publication, posted_on=None, posted_on_source=None)
        key = publication_id(publication)
        held = into.get(key)
        # The first list to give it keeps it, but an entry a "Posted on" line dates wins over
        # an undated one (a "Date:" line does not: beside "Posted on" lines it is an event's).
        posted = publication.posted_on_source == "posted-on"
        if held is None or (posted and not held[0].posted_on):
            into[key] = (publication, seen)


def _note_list_dates(found: Harvest, url: str, got: Extracted, seen: Seen) -> None:
    _note_listing(found, url, got)
    at = captured_at(seen)
    for wp_id, listed in got.list_dates.items():
        if instants.plausible(listed, at):
            found.list_dates.setdefault(wp_id, listed)
            found.listed_at.setdefault(wp_id, seen)
    for wp_id in got.sightings:  # when the site showed it, whatever day it printed (helper-204)
        found.listed_at.setdefault(wp_id, seen)


def _moved_here(found: Harvest, page: Page, got: Extracted) -> Extracted:
    """An article that a WordPress post's address redirects to is that post, moved (a
    migration's redirect module: `?p=N` 301 to `/news/<slug>`): it keeps the post's id, so
    one post stays one record, `wp:N`, whose URL changes. Where several posts redirect to
    one article, which it is cannot be told (a redirect map gone wrong): it stays a record of
    its own address, and the crawl records a problem."""
    record = got.news[0]
    ids = found.moved.get(record.url) or found.moved.get(page.url)
    if not ids or record.wp_id is not None:  # a WordPress article names its own id
        return got
    if len(ids) > 1:
        posts = " and ".join(f"?p={n}" for n in ids)
        why = f"{posts} all redirect here: kept under its own address"
        found.problems.append((page.url, page.seen.capture_id, why))
        return got
    return replace(got, news=[replace(record, wp_id=ids[0]), *got.news[1:]])


def _note_listing(found: Harvest, url: str, got: Extracted) -> None:
    """Which pages were read as the site's lists: an error page or a redesign gives none."""
    if got.page_kind == "home":
        found.home_read = found.home_read or bool(
            got.members_block or got.publications or got.list_dates
        )
        return
    if got.list_dates:
        found.news_lists.add(url)
    if got.publications:
        found.publication_lists.add(url)


Learned = dict[str, dict[str, tuple[str, int, int]]]  # fingerprint -> field -> (sel, agree, tried)
# (capture id, its post's REST record) of each page sampled -> what each taught (learn_page)
LearnFrom = Callable[[list[tuple[int, News]]], list[dict[str, str] | None]]


def learn(
    found: Harvest,
    reread: Callable[[int], Page | None],
    known: Templates,
    learn_from: LearnFrom | None = None,
) -> Learned:
    """Templates for the themes this crawl met and no template covers yet, learned from up
    to LEARN_SAMPLE post pages per theme whose REST item came whole. `learn_from`: what
    the sampled pages teach, learned elsewhere (a reparse's worker processes, a crawl's early
    reader), else here one by one."""
    by_theme: dict[str, list[tuple[str, int]]] = {}
    for mark, capture_id, record_id in found.post_pages.values():
        if mark not in known and record_id in found.rest_news and capture_id is not None:
            by_theme.setdefault(mark, []).append((record_id, capture_id))
    sampled = [(mark, posts[: learned.LEARN_SAMPLE]) for mark, posts in sorted(by_theme.items())]
    asked = [(c, found.rest_news[r][0]) for _, posts in sampled for r, c in posts]
    if learn_from is None:
        taught = [learn_page(reread(capture_id), record) for capture_id, record in asked]
    else:
        taught = learn_from(asked)
    out: Learned = {}
    for mark, posts in sampled:
        readings = [one for one in taught[: len(posts)] if one is not None]
        taught = taught[len(posts) :]
        voted = learned.vote(readings)
        if voted:
            out[mark] = voted
    return out


def learn_page(page: Page | None, record: News) -> dict[str, str] | None:
    """What one post page teaches of its theme's template, given its REST record; None for
    a page that could not be read back or parsed."""
    tree = parse(page_text(page.body, page.content_type)) if page else None
    return learned.learn(tree, record) if tree is not None else None


def reread_with(
    found: Harvest, reread: Callable[[int], Page | None], site: str, templates: Templates
) -> None:
    """Posts no REST item gave, on a theme that just got a template: read them again with it."""
    for mark, capture_id, record_id in found.post_pages.values():
        if mark in templates and record_id not in found.rest_news and capture_id is not None:
            page = reread(capture_id)
            if page is None:
                continue
            # one page: no file of its own; a post that moved keeps its id read again too
            again = Harvest(html_news={}, rest_news={}, moved=found.moved)
            read_page(again, page, site, templates)
            for key, entry in again.html_news.items():
                found.html_news[key] = entry
            if record_id not in again.unread:
                found.unread.discard(record_id)


def __getattr__(name: str) -> Any:
    """`records`, `merged_news` and `one_per_file` moved to chosen.py, which imports this
    module; imported from here they still work (scripts and probes import them so)."""
    if name in ("records", "merged_news", "one_per_file"):
        from scraper import chosen

        return getattr(chosen, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
