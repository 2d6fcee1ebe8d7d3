"""This run's work: where a crawl starts (`seeds`) and the order URLs are visited (`WorkQueue`).

The frontier table keeps every URL across runs (archive.crawl_state.CrawlStore); the queue holds
the ones this process has still to visit.
"""

from __future__ import annotations

import asyncio
import itertools

from archive import files, urls
from scraper.discover import canon, rest_root
from scraper.frontier import Found

# Lists, indexes and feeds first: they reveal more URLs, so the workers never run dry while a
# pagination chain is still being walked. Documents first too: a worker only hands one to the
# documents' lane (fetched one at a time, scraper/crawl.py), and that lane is the crawl's
# longest chain of requests, so it had better start early rather than run alone at the end.
RANKS = {"list": 0, "home": 0, "rest": 0, "sitemap": 0, "feed": 0, "robots": 0, "document": 0}


class WorkQueue(asyncio.PriorityQueue[tuple[int, int, Found]]):
    """The URLs of this run, in rank order, then in the order they were found."""

    def __init__(self) -> None:
        super().__init__()
        self._order = itertools.count()

    def add(self, item: Found) -> None:
        self.put_nowait((RANKS.get(urls.url_kind(item.url), 1), next(self._order), item))

    async def next(self) -> Found:
        return (await self.get())[2]


def seeds(site: str, sitemaps: list[str], carried: list[Found]) -> list[Found]:
    """Where a crawl starts: the home page, the sitemaps robots.txt names and WordPress's own,
    the feed, the REST index, and every URL an earlier crawl answered or left unvisited.

    The REST index is tried at its plain-permalink address whether or not a page's Link header
    names it: both canonicalise to the same URL, fetched once. Carried URLs keep a page behind
    an unchanged list page checked; REST pages are not carried (walked afresh from the index),
    nor robots.txt's redirects (asked by the crawl's robots.txt, if it still redirects).
    They are made canonical again, as the rules may have changed since (a session id dropped).
    Seeding is idempotent, so a crawl killed while seeding completes it on resume.
    """
    found = [Found(site, "page", "seed")]
    for url in sitemaps:
        if (canonical := canon(url, site, site)) and urls.is_on_site(canonical, site):
            found.append(Found(canonical, "sitemap", "seed"))
    found.append(Found(urls.canonical("/wp-sitemap.xml", site, site), "sitemap", "seed"))
    found.append(Found(urls.canonical("/?feed=rss2", site, site), "feed", "seed"))
    found.append(Found(rest_root(site), "rest", "seed"))
    found += [  # an archive made before WordPress's log-in and admin were never fetched
        Found(again, f.kind, f.source, f.hops)  # may carry them: they are left behind
        for f in carried
        if f.kind not in ("rest", "robots")
        and (again := canon(f.url, site, site))
        and not files.never_fetched(again)
    ]
    return found
