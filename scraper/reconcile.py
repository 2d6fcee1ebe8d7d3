"""One record per post from its HTML page and its REST item, each field keeping its source.

REST gives exact dates (with the offset, from date - date_gmt) and titles; the page gives the
text as readers saw it and category names. Where both speak and disagree on a title or a
date, the disagreement is kept for a person to look at.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from typing import TypeVar
from urllib.parse import urlsplit

from scraper import urls
from scraper.extract.types import DateCandidate, News, Publication

T = TypeVar("T")
Disagreement = tuple[str, str, str | None, str | None]  # record id, field, html, rest


def news_id(url: str, wp_id: int | None = None) -> str:
    """wp:<id> for WordPress posts, portal:<date> for the pre-2013 pages, else the URL."""
    wp_id = wp_id if wp_id is not None else urls.post_id(url)
    if wp_id is not None:
        return f"wp:{wp_id}"
    path = urlsplit(url).path
    match = re.search(r"/news/(\d{4}-\d{2}-\d{2})$", path)
    return f"portal:{match.group(1)}" if match else url


def publication_id(pub: Publication) -> str:
    """The document is what a publication is; else its post; else its title."""
    if pub.document_url:
        return pub.document_url
    if pub.wp_id is not None:
        return f"wp:{pub.wp_id}"
    return "title:" + re.sub(r"\W+", "-", pub.title.lower()).strip("-")


def _same_text(a: str | None, b: str | None) -> bool:
    def norm(text: str | None) -> str:
        return " ".join(html.unescape(text or "").split()).casefold()

    return norm(a) == norm(b)


def merge(page: News | None, item: News | None, categories: dict[str, str]) -> News:
    """The reconciled record. At least one of the two is given."""
    if item is not None:
        named = tuple(categories.get(c, c) for c in item.categories)
        item = replace(item, categories=named)
    if page is None or item is None:
        record = page or item
        assert record is not None
        return record
    return replace(
        page,
        title=item.title or page.title,
        title_source=item.title_source if item.title else page.title_source,
        published=item.published or page.published,
        published_source=item.published_source if item.published else page.published_source,
        modified=item.modified or page.modified,
        author=page.author or item.author,
        categories=page.categories or item.categories,
        candidates=page.candidates + item.candidates,
        body_text=page.body_text or item.body_text,
        body_html=page.body_html or item.body_html,
        summary=page.summary or item.summary,
        event_date=page.event_date or item.event_date,
    )


def with_list_date(record: News, listed: DateCandidate | None) -> News:
    """A post with no date of its own takes the one a list page prints beside it, if any."""
    if record.published or listed is None:
        return record
    return replace(
        record,
        published=listed.value,
        published_source=listed.source,
        candidates=(*record.candidates, listed),
    )


def reconcile_news(
    pages: dict[str, tuple[News, T]],
    items: dict[str, tuple[News, T]],
    categories: dict[str, str],
    listed: dict[int, DateCandidate] | None = None,
) -> tuple[dict[str, tuple[News, T]], list[Disagreement]]:
    """Merge HTML and REST records by id; list where the two disagree. List-page dates
    (already checked for plausibility) fill in a post that states none anywhere else."""
    listed = listed or {}
    merged: dict[str, tuple[News, T]] = {}
    disagreements: list[Disagreement] = []
    for record_id in sorted(set(pages) | set(items)):
        page, page_seen = pages.get(record_id, (None, None))
        item, item_seen = items.get(record_id, (None, None))
        if page is not None and item is not None:
            if page.title and item.title and not _same_text(page.title, item.title):
                disagreements.append((record_id, "title", page.title, item.title))
            if page.published and item.published and page.published[:10] != item.published[:10]:
                disagreements.append((record_id, "published", page.published, item.published))
        seen = page_seen if page_seen is not None else item_seen
        assert seen is not None
        record = merge(page, item, categories)
        dated = listed.get(record.wp_id) if record.wp_id is not None else None
        merged[record_id] = (with_list_date(record, dated), seen)
    return merged, disagreements
