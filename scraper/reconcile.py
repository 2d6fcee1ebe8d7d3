"""One record per post from its HTML page, its REST item and the list pages that print it.

Every field is chosen from the candidates all of them gave, by one rule (choose.py): the REST
item is the record whenever the API served the post (exact dates with the offset, from
date - date_gmt), and the page adds what REST lacks (the event's dateline, linked documents);
a list page's date counts where nothing better dates the post. Where trusted sources
disagree on a title or a date, the disagreement is kept for a person to look at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import replace
from datetime import datetime
from typing import TypeVar
from urllib.parse import urlsplit

from archive import urls
from scraper.extract.choose import Disagreement, choose, disagreements
from scraper.extract.types import FIELDS, Candidate, DateCandidate, News, Publication

T = TypeVar("T")

# compiled at import, not on first use in each of a reparse's workers
_PORTAL_DAY = re.compile(r"/news/(\d{4}-\d{2}-\d{2})$")
_NOT_WORD = re.compile(r"\W+")


def news_id(url: str, wp_id: int | None = None) -> str:
    """wp:<id> for WordPress posts, portal:<date> for the pre-2013 pages, else the URL."""
    wp_id = wp_id if wp_id is not None else urls.post_id(url)
    if wp_id is not None:
        return f"wp:{wp_id}"
    path = urlsplit(url).path
    match = _PORTAL_DAY.search(path)
    return f"portal:{match.group(1)}" if match else url


def publication_id(pub: Publication) -> str:
    """The document is what a publication is; else its post; else its title."""
    if pub.document_url:
        return pub.document_url
    if pub.wp_id is not None:
        return f"wp:{pub.wp_id}"
    return "title:" + _NOT_WORD.sub("-", pub.title.lower()).strip("-")


def _named(item: News, categories: dict[str, str]) -> News:
    """A REST record whose category ids are replaced by names, where names are known. Ids
    no response named say nothing a reader can use: they are left out, and with none named
    the candidate is dropped. (One unnamed id used to drop them all, "Publications" too.)"""
    named = tuple(
        categories.get(c, c) for c in item.categories if c in categories or not c.isdigit()
    )
    if not named:
        kept = tuple(c for c in item.candidates if c.field != "categories")
        return replace(item, categories=(), categories_source=None, candidates=kept)
    found = tuple(
        Candidate("categories", json.dumps(list(named)), "rest") if c.field == "categories" else c
        for c in item.candidates
    )
    return replace(item, categories=named, candidates=found)


def merge(
    record_id: str,
    page: News | None,
    item: News | None,
    categories: dict[str, str],
    listed: DateCandidate | None = None,
    captured_at: datetime | None = None,
) -> tuple[News, list[Disagreement]]:
    """One record from the post's page and its REST item (either may be missing): every
    field chosen from all their candidates, and where trusted sources disagree."""
    if item is not None:
        item = _named(item, categories)
    base = page or item
    assert base is not None
    found = [c for r in (item, page) if r is not None for c in r.candidates]
    if listed is not None:
        found.append(Candidate.of_date("published", listed))
    found = list(dict.fromkeys(found))
    picks = {name: choose(name, found, captured_at) for name in FIELDS}
    body = item if item is not None and (page is None or _source(picks["body"]) == "rest") else page
    assert body is not None
    problems = [
        d
        for name in ("title", "published")
        for d in disagreements(record_id, name, found, picks[name])
    ]
    parts = [r for r in (page, item) if r is not None]
    record = replace(
        base,
        wp_id=base.wp_id if base.wp_id is not None else (item.wp_id if item else None),
        title=_value(picks["title"]),
        title_source=_source(picks["title"]),
        published=_value(picks["published"]),
        published_source=_source(picks["published"]),
        modified=_value(picks["modified"]),
        modified_source=_source(picks["modified"]),
        author=_value(picks["author"]),
        author_source=_source(picks["author"]),
        categories=tuple(json.loads(picks["categories"].value)) if picks["categories"] else (),
        categories_source=_source(picks["categories"]),
        body_text=body.body_text,
        body_html=body.body_html,
        summary=body.summary,
        images=body.images,
        source=body.source,
        event_date=next((r.event_date for r in parts if r.event_date), None),
        links=tuple(dict.fromkeys(link for r in parts for link in r.links)),
        documents=tuple(dict.fromkeys(d for r in parts for d in r.documents)),
        candidates=tuple(found),
    )
    return record, problems


def _value(candidate: Candidate | None) -> str | None:
    return candidate.value if candidate is not None else None


def _source(candidate: Candidate | None) -> str | None:
    return candidate.source if candidate is not None else None


def reconcile_news(
    pages: Mapping[str, tuple[News, T]],
    items: Mapping[str, tuple[News, T]],
    categories: dict[str, str],
    listed: dict[int | str, DateCandidate] | None = None,
    captured: Callable[[T], datetime | None] = lambda seen: None,
    into: MutableMapping[str, tuple[News, T]] | None = None,
) -> tuple[MutableMapping[str, tuple[News, T]], list[Disagreement]]:
    """Merge HTML and REST records by id; list where trusted sources disagree. List-page
    dates (already checked for plausibility) are one more candidate for `published`.
    `captured` gives the capture time of a record's page, for the dates' plausibility.
    `into`: where the merged records go (a dict when not given), one at a time."""
    listed = listed or {}
    merged: MutableMapping[str, tuple[News, T]] = {} if into is None else into
    found: list[Disagreement] = []
    for record_id in sorted(set(pages) | set(items)):
        page, page_seen = pages.get(record_id, (None, None))
        item, item_seen = items.get(record_id, (None, None))
        seen = page_seen if page_seen is not None else item_seen
        assert seen is not None
        either = page or item
        wp_id = either.wp_id if either is not None else None
        # a post of no WordPress id is listed under its key, its canonical URL; so is a post
        # that moved to such an address and kept its id (harvest.py), by lists printed there
        dated = listed.get(wp_id) if wp_id is not None else listed.get(record_id)
        if dated is None and page is not None:  # a list may link it with or without a slash
            url = page.url.rstrip("/")
            dated = listed.get(page.url) or listed.get(url) or listed.get(url + "/")
        record, problems = merge(record_id, page, item, categories, dated, captured(seen))
        merged[record_id] = (record, seen)
        found += problems
    return merged, found
