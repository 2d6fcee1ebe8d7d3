"""When a crawl may say that records are gone from the site.

A removal is the one change that shortens what the archive's `current` views show, so the
absence of a record is not enough: the crawl must also have read the site. Removals (a post
whose page answers 404/410, a publication no longer listed, a member missing from the members
block) apply only in a crawl where

- the home page answered (200 or 304) and gave records (the members block, publications or
  a list of posts);
- at least one news list page and one publications page answered and gave entries;
- every page fetched got an answer that says something: 200, 304, a redirect, or 404/410
  (a 5xx, a 429, a timeout or a cut body says nothing, about that page or the site);
- nothing was left unvisited (a crawl stopped early has not seen the whole site).

Otherwise the removals wait for a crawl that read the site, and the build notes why they were
skipped (`build_stats.notes`, shown by `isecg status`). A night later is the cost; marking a
whole archive removed because a server misbehaved is the one avoided. A crawl flagged for its
records (error pages, lost fields, a kind that collapsed) removes nothing either.
"""

from __future__ import annotations

from scraper.harvest import Harvest

NOTE = "removals skipped: "


def skipped(
    found: Harvest, unvisited: int, unanswered: list[tuple[str, int | None, str | None]]
) -> list[str]:
    """Why this crawl may not remove anything; empty when it may.

    `unvisited`: URLs the crawl left queued; `unanswered`: (url, status, error class) of the
    pages whose answer said nothing about them.
    """
    reasons = []
    if found.home_status is None:
        reasons.append("the home page did not answer")
    elif found.home_status not in (200, 304):
        reasons.append(f"the home page answered {found.home_status}")
    elif not found.home_read:
        reasons.append("the home page gave no records")
    if not found.news_lists:
        reasons.append("no news list page was read")
    if not found.publication_lists:
        reasons.append("no publications page was read")
    if unanswered:
        url, status, error = unanswered[0]
        count = len(unanswered)
        reasons.append(
            f"{count} page{'s' if count > 1 else ''} did not answer, e.g. {url}"
            f" ({status or error or 'no answer'})"
        )
    if unvisited:
        reasons.append(f"{unvisited} URLs were left unvisited")
    return reasons
