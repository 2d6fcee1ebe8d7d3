"""Whether to trust a crawl's records: the checks that keep a bad page from overwriting good data.

Pure: the builder hands in what the archive holds (the current rows, the counts of the last
trusted build) and gets back what to hold back and why.

- A post that would lose a title or a date its current row has is held back (its last good
  version stays); one that only lost its date's time (REST did not answer) keeps the row's.
  One that lost only its modification day or its event's day keeps the row's (a design or a
  night without REST that does not print it): what a page stops saying is no edit.
- A crawl is flagged when pages were error pages served as 200, when posts lost fields, when
  a kind of record fell below half of what the last trusted, whole crawl read or rose past
  RISE times it (a server inventing records: 35,000 REST posts where there were 16), or
  when the members block lacks more than MAX_LEFT_AT_ONCE of the members our last crawl's
  block showed (memberships.members_last_crawled; not a Wayback capture's): that kind is not
  stored at all, and a flagged crawl marks nothing removed (removals.py).
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from dataclasses import replace
from typing import Any

from archive.kinds import KINDS
from archive.store import Seen
from scraper.extract.types import News, Publication
from scraper.harvest import Harvest

# The kinds whose collapse flags a crawl (kinds.Kind.guarded), by the name build_stats counts.
GUARDED = tuple(kind.name for kind in KINDS if kind.guarded)
# ISECG has only grown: a members block missing more current members than this at once is far
# likelier misread (a sub-heading ending the block early, a neighbouring list taken for it)
# than so many agencies leaving on one night. It is held back, and the crawl flagged.
MAX_LEFT_AT_ONCE = 2
# A small organisation's site adds a few records a month: ten times as many records of a kind
# as the last trusted crawl read (and RISE_MARGIN more at least, for a kind that had few) is
# a server making them up, or a misreading, not a night's news.
RISE, RISE_MARGIN = 10, 500


def against_current(
    news: MutableMapping[str, tuple[News, Seen]], current: dict[str, tuple[Any, ...]]
) -> dict[str, str]:
    """Compare each post with its current row (id -> (title, published, modified, event_date,
    sources)). Returns the posts that would lose a title or a publication date the row has
    (id -> field): they are held back. A publication or modification date that only lost
    precision (the same day, now without its time), and a modification or event day no
    longer printed, keep the row's value and source, in `news`, so a night without REST or a
    new design makes no version."""
    lost = {}
    for record_id, (title, published, modified, event_date, sources) in current.items():
        entry = news.get(record_id)
        if entry is None:
            continue
        record, seen = entry
        if title and not record.title:
            lost[record_id] = "title"
            continue
        if published and not record.published:
            lost[record_id] = "published"
            continue
        kept = json.loads(sources or "{}")
        if published and record.published and _less_precise(record.published, published):
            record = replace(record, published=published, published_source=kept.get("published"))
        if modified and (not record.modified or _less_precise(record.modified, modified)):
            record = replace(record, modified=modified, modified_source=kept.get("modified"))
        if event_date and not record.event_date:
            record = replace(record, event_date=event_date)
        news[record_id] = (record, seen)
    return lost


def keep_unsaid(
    publications: MutableMapping[str, tuple[Publication, Seen]],
    current: dict[str, tuple[Any, ...]],
    unfinished: bool = False,
) -> None:
    """Each publication read tonight from another page than its row's (the home page's
    block, its list not reached) or by a crawl that did not finish, whose entry does not
    print the description, the "Posted on" day or the post its row has (id -> (url,
    description, posted_on, wp_id, sources)), keeps the row's, in `publications`: a crawl cut
    before the list made an edit of eight (helper-196). What a page stops saying is no edit;
    the same page read whole that no longer says it is one."""
    for key, (url, description, posted_on, wp_id, sources) in current.items():
        entry = publications.get(key)
        if entry is None:
            continue
        publication, seen = entry
        if publication.listed_on == url and not unfinished:
            continue
        if description and not publication.description:
            publication = replace(publication, description=description)
        if posted_on and not publication.posted_on:
            source = json.loads(sources or "{}").get("posted_on")
            publication = replace(publication, posted_on=posted_on, posted_on_source=source)
        if wp_id is not None and publication.wp_id is None:
            publication = replace(publication, wp_id=wp_id)
        if unfinished:  # where a whole crawl read it stays where it is listed (helper-199)
            publication = replace(publication, listed_on=url)
        publications[key] = (publication, seen)


def _less_precise(new: str, old: str) -> bool:
    """The same day as `old`, without its time (a design printing the day alone)."""
    return "T" in old and new == old[:10]


def flags(
    counts: dict[str, int],
    found: Harvest,
    lost: dict[str, str],
    trusted: dict[str, int],
    members_now: set[str] | frozenset[str] = frozenset(),
    unfinished: bool = False,
) -> tuple[list[str], set[str]]:
    """Reasons not to trust this crawl's records, and the kinds held back (fallen or risen).

    `trusted`: the counts of the last build that was trusted and whole; `members_now`: the
    agencies the archive holds as members; `unfinished`: the crawl left URLs unvisited
    (`--max-pages`, `--max-time`), so a kind it read less of has not fallen: what it read is
    kept and nothing is removed (read_less says so). Held back, a second `--max-pages` crawl
    was unhealthy where the first was done, and a night cut short kept none of what it read.
    A page in an unknown design is none of these reasons."""
    reasons = []
    if found.error_pages:
        reasons.append(
            f"{len(set(found.error_pages))} pages were error pages served as 200,"
            f" e.g. {found.error_pages[0]}"
        )
    if lost:
        first = min(lost)
        reasons.append(
            f"{len(lost)} post{'s' * (len(lost) != 1)} lost a title or date they had, e.g."
            f" {first} ({lost[first]}); {'their' if len(lost) != 1 else 'its'} last good"
            f" version{'s are' if len(lost) != 1 else ' is'} kept"
        )
    collapsed = set()
    for kind in GUARDED:
        before = trusted.get(kind)
        now = counts.get(kind, 0)
        if fell(before, now):
            if not unfinished:
                reasons.append(f"{kind} fell from {before} to {now}")
                collapsed.add(kind)
        elif before and now > max(RISE * before, before + RISE_MARGIN):
            reasons.append(f"{kind} rose from {before} to {now}: held back")
            collapsed.add(kind)
    if found.members is not None and "members" not in collapsed:
        missing = sorted(members_now - {member.key for member in found.members})
        if len(missing) > MAX_LEFT_AT_ONCE:
            reasons.append(
                f"{len(missing)} of the {len(members_now)} members were missing from the"
                f" members block at once, e.g. {missing[0]}"
            )
            collapsed.add("members")
    return reasons, collapsed


def read_less(counts: dict[str, int], trusted: dict[str, int]) -> list[str]:
    """What a crawl that did not finish read under half of, against the last whole crawl."""
    return [
        f"{kind}: {counts.get(kind, 0)} read of {trusted[kind]}, as the crawl did not finish:"
        " what it read is kept, nothing is removed"
        for kind in GUARDED
        if fell(trusted.get(kind), counts.get(kind, 0))
    ]


def fell(before: int | None, now: int) -> bool:
    """Under half of what the last trusted, whole crawl read."""
    return bool(before) and now < (before or 0) / 2
