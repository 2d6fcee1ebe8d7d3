"""Where a redirect may lead: a URL on the site to queue, or a refusal the crawl records.

The answer carrying the redirect is archived either way; only its target is judged here.
robots.txt's redirects are held closer than a page's: only to the site's own scheme, host and
port (a page's may change scheme or drop `www.`, its URL made the site's, archive/urls.py).
RFC 9309 would have them followed to any host; the crawler connects to no other.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from archive import urls
from archive.lookup import as_browsers_read
from scraper.discover import MAX_URL_CHARS, canon
from scraper.frontier import Found

TOO_MANY_REDIRECTS = "TooManyRedirects"  # a chain longer than max_redirects ends here
OFF_SITE = "OffSiteRedirect"
_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Refusal:
    target: str  # as shown in the capture row
    error_class: str
    why: str


def follow(item: Found, location: str, site: str, max_redirects: int) -> Found | Refusal:
    """The next URL of a redirect chain, or why it is refused (TOO_MANY_REDIRECTS past
    max_redirects)."""
    read = as_browsers_read(location, item.url)
    target = None if read is None else canon(read, site, item.url)
    if target is None:
        return Refusal(location, "RefusedRedirect", "to a URL that cannot be parsed")
    scheme = urlsplit(target).scheme.lower()
    if scheme not in ("http", "https"):
        # javascript:, data:, ...: the answer is archived, its target never followed.
        return Refusal(target, "RefusedRedirect", f"to a forbidden scheme ({scheme}:)")
    if item.kind == "robots" and read is not None:
        given = urljoin(item.url, read)
        if not _same_origin(given, site):
            # The target as given, not made canonical: that may be the site's own URL (an
            # https robots.txt of an http site), whose row this refusal must not take.
            return Refusal(given, OFF_SITE, "leaves the site's scheme, host and port")
        if not urlsplit(given).path.endswith(".txt"):
            # a redirect to the home page, a sitemap or a feed: read as robots.txt, that URL
            # would be taken from the crawl (a URL is fetched once), its page never read
            return Refusal(given, "RefusedRedirect", "to no text file")
    if not urls.is_on_site(target, site):
        return Refusal(target, OFF_SITE, "leaves the site")
    if len(target) > MAX_URL_CHARS:
        # held to the links' limit (discover.py): 500 redirects to on-site URLs of 60 KB each
        # were asked for and stored (248 MB of database)
        return Refusal(
            target,
            "RefusedRedirect",
            f"to a URL of {len(target):,} characters, over the {MAX_URL_CHARS:,} a URL may have"
            " (MAX_URL_CHARS)",
        )
    if item.hops >= max_redirects:
        why = f"not followed: {max_redirects} redirects in a row already (max_redirects)"
        return Refusal(target, TOO_MANY_REDIRECTS, why)
    return Found(target, item.kind, "redirect", item.hops + 1)


def _same_origin(url: str, site: str) -> bool:
    """Whether `url` is on the site's very scheme, host and port (`www.` is another host)."""
    try:
        ours, theirs = urlsplit(site), urlsplit(url)
        return _origin(ours.scheme, ours.hostname, ours.port) == _origin(
            theirs.scheme, theirs.hostname, theirs.port
        )
    except ValueError:  # a port no parser reads
        return False


def _origin(scheme: str, host: str | None, port: int | None) -> tuple[str, str, int | None]:
    scheme = scheme.lower()
    return scheme, (host or "").lower(), port or _PORTS.get(scheme)
