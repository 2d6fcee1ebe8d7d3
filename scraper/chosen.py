"""A crawl's records, each field chosen from every source: the harvest (harvest.py) reconciled
into news and publications, one publication per file. Pure, as the harvest is."""

from __future__ import annotations

from dataclasses import replace

from archive import files
from archive.store import Seen
from scraper.extract.choose import Disagreement, same
from scraper.extract.publications import publication_from_post
from scraper.extract.types import Publication
from scraper.harvest import Harvest, NewsRead, captured_at
from scraper.reconcile import publication_id, reconcile_news
from scraper.spill import Spilled


def merged_news(found: Harvest) -> tuple[NewsRead, list[Disagreement]]:
    """Every post, each field chosen from every source; posts whose page could not be read
    and that no REST item gave are held back. Merged one at a time, into a temporary file
    as the posts read were (spill.py)."""
    news, disagreements = reconcile_news(
        found.html_news,
        found.rest_news,
        found.categories,
        found.list_dates,
        captured_at,
        into=Spilled(),
    )
    for held in [k for k in news if k not in found.rest_news and k in found.unread]:
        del news[held]
    return news, disagreements + found.rest_twice


def records(
    found: Harvest,
) -> tuple[NewsRead, dict[str, tuple[Publication, Seen]], list[Disagreement]]:
    """News and publications of the crawl, each field chosen from every source.

    A post whose page could not be read is kept when its REST item came whole, and held back
    (not stored at all, so the last good version stays) when nothing else gave it.
    """
    news, disagreements = merged_news(found)
    publications, apart = one_per_file(found.publications)
    disagreements += apart
    # A list may link a file under the old `/wordpress/` install, its post under the root.
    listed_files = {files.upload_key(key): key for key in publications}
    for record_id in list(news):
        record, seen = news[record_id]  # one post at a time: they wait in a file
        if record.is_publication:  # a post in the Publications category is a publication
            del news[record_id]
            post = publication_from_post(record)
            key = listed_files.get(files.upload_key(publication_id(post)))
            if key is None:
                key = publication_id(post)
                publications[key] = (post, seen)
                listed_files[files.upload_key(key)] = key
                continue
            listed, listed_seen = publications[key]
            if not same("title", listed.title, post.title):
                # Its first file may be another entry's (the older edition it names): the post
                # is a publication of its own if it links a file no entry lists.
                own = publication_from_post(record, others=listed_files)
                if own.document_url:
                    publications[own.document_url] = (own, seen)
                    listed_files[files.upload_key(own.document_url)] = own.document_url
                    continue
            # Also listed: the list entry, knowing its post; what they say apart on record.
            publications[key] = (replace(listed, wp_id=post.wp_id), listed_seen)
            disagreements += _apart(key, post, listed)
    return news, publications, disagreements


def one_per_file(
    listed: dict[str, tuple[Publication, Seen]],
) -> tuple[dict[str, tuple[Publication, Seen]], list[Disagreement]]:
    """One entry per file where lists link it both under `/wordpress/` and under the root
    (files.upload_key). Its key is the first of the two URLs in sorting order, so the record
    keeps one id whichever page was read first; its entry is the one read first (lists before
    the home page's block) unless only the other is dated by a "Posted on" line. The other
    address is kept as a disagreement."""
    groups: dict[str, list[str]] = {}
    for key in listed:
        groups.setdefault(files.upload_key(key), []).append(key)
    out = dict(listed)
    apart: list[Disagreement] = []
    for keys in groups.values():
        if len(keys) == 1:
            continue
        entries = [listed[key] for key in keys]
        dated = [e for e in entries if e[0].posted_on_source == "posted-on"]
        entry, seen = entries[0] if entries[0][0].posted_on or not dated else dated[0]
        key = min(keys)
        for other in keys:
            del out[other]
            if other != key:
                apart.append((key, "document_url", "list", other, "list", key))
        out[key] = (replace(entry, document_url=key), seen)
    return out, apart


def _apart(key: str, post: Publication, listed: Publication) -> list[Disagreement]:
    """Where a Publications post and its list entry differ: the day, or the file's address."""
    apart: list[Disagreement] = []
    if post.posted_on and listed.posted_on and post.posted_on != listed.posted_on:
        rest_said = (post.posted_on_source or "rest", post.posted_on)
        listed_said = (listed.posted_on_source or "posted-on", listed.posted_on)
        apart.append((key, "posted_on", *rest_said, *listed_said))
    if post.document_url and post.document_url != listed.document_url:
        apart.append((key, "document_url", "rest", post.document_url, "list", key))
    return apart
