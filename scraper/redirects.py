"""Where a redirect may lead: a URL on the site to queue, or a refusal the crawl records.

The answer carrying the redirect is archived either way; only its target is judged here.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from archive import urls
from scraper.discover import canon
from scraper.frontier import Found


@dataclass(frozen=True)
class Refusal:
    target: str  # as shown in the capture row
    error_class: str
    why: str


def follow(item: Found, location: str, site: str, max_redirects: int) -> Found | Refusal | None:
    """The next URL of a redirect chain, why it is refused, or None past max_redirects."""
    target = canon(location, site, item.url)
    if target is None:
        return Refusal(location, "RefusedRedirect", "to a URL that cannot be parsed")
    scheme = urlsplit(target).scheme.lower()
    if scheme not in ("http", "https"):
        # javascript:, data:, ...: the answer is archived, its target never followed.
        return Refusal(target, "RefusedRedirect", f"to a forbidden scheme ({scheme}:)")
    if not urls.is_on_site(target, site):
        return Refusal(target, "OffSiteRedirect", "leaves the site")
    if item.hops >= max_redirects:
        return None
    return Found(target, item.kind, "redirect", item.hops + 1)
