"""What each kind of record stores: a record of the extractors as the columns of its table.

The columns are declared in archive/kinds.py (content and provenance); these functions fill
them from the extractors' types, so the two stay in step (store.upsert_versioned checks it).
"""

from __future__ import annotations

import json
from typing import Any

from scraper.extract.types import Member, News, Publication

BODY_CANDIDATE_CHARS = 200  # a body candidate is kept on the row as its opening words


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


def publication_provenance(pub: Publication) -> dict[str, Any]:
    return {"sources": json.dumps({"posted_on": pub.posted_on_source})}
