"""The CDX listing of `isecg import-wayback` (scraper/wayback.py): the site's captures asked
for answer after answer, each from the resume key the one before ended with.

The Internet Archive answers one CDX query with 150,000 rows at most and, asked for it
(showResumeKey), a key to go on from; unpaged, a larger list would be cut there silently.
Each answer is one more request through the import's client, so the same delay and the same
retries as the rest; MAX_PAGES of them at most.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from scraper import cdx
from scraper.errors import FetchError, RetryableStatus, TransportError
from scraper.http import Fetcher

log = logging.getLogger("isecg.wayback")
# Answers of one listing at most: 7.5 million rows from the Internet Archive, where the site
# has some thousands of captures; a bound on a key that never ends, not a size expected.
MAX_PAGES = 50


@dataclass
class Listing:
    rows: list[dict[str, str]] = field(default_factory=list)  # of every answer read
    answers: int = 0
    requests: int = 0
    # why the list is not whole: (stopped or failed, why); the rows read before are kept
    unlisted: tuple[str, str] | None = None


async def list_captures(
    fetcher: Fetcher,
    cdx_url: str,
    site: str,
    start: str | None,
    end: str | None,
    max_bytes: int,
    max_pages: int | None = None,
) -> Listing:
    """Every row the CDX API lists for the site in [start, end], answer after answer. When it
    cannot be read: stopped when it is busy or down (a 429 or 5xx after every retry, or no
    connection), as a replay would be; failed when an answer is no capture list, or the list
    goes on past `max_pages` answers (waiting mends neither)."""
    max_pages = max_pages or MAX_PAGES
    listing = Listing()
    resume: str | None = None
    keys: set[str] = set()
    while True:
        query = cdx.query_url(cdx_url, site, start, end, resume)
        log.info("listing captures: %s", query)
        try:
            answer = await fetcher.fetch(query, max_bytes=max_bytes)
        except (RetryableStatus, TransportError) as error:
            listing.requests += error.attempts
            listing.unlisted = "stopped", f"the CDX API did not answer: {error}"
            return listing
        except FetchError as error:
            listing.requests += error.attempts
            listing.unlisted = "failed", f"the CDX API could not be read: {error}"
            return listing
        listing.requests += answer.attempts
        if answer.status != 200:
            listing.unlisted = "failed", f"the CDX API answered {answer.status} to {query}"
            return listing
        try:
            assert isinstance(answer.body, bytes)  # fetched without spool: in memory
            rows, resume = cdx.parse_page(answer.body)
        except ValueError as error:
            listing.unlisted = "failed", f"the CDX API's answer is not a capture list: {error}"
            return listing
        listing.rows += rows
        listing.answers += 1
        if resume is None:
            return listing
        if resume in keys or listing.answers >= max_pages:
            why = "a resume key given twice" if resume in keys else f"{max_pages} at most"
            listing.unlisted = (
                "failed",
                (
                    f"the CDX API's list goes on after {listing.answers} answers"
                    f" ({len(listing.rows)} rows; {why}): a narrower --from/--to lists less"
                ),
            )
            return listing
        keys.add(resume)
