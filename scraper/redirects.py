"""Where a redirect may lead: a URL on the site to queue, or a refusal the crawl records.

The answer carrying the redirect is archived either way; only its target is judged here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from archive import urls
from scraper.discover import MAX_URL_CHARS, canon
from scraper.frontier import Found

TOO_MANY_REDIRECTS = "TooManyRedirects"  # a chain longer than max_redirects ends here


@dataclass(frozen=True)
class Refusal:
    target: str  # as shown in the capture row
    error_class: str
    why: str


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def as_browsers_read(location: str, base: str) -> str | None:
    r"""A Location in the form a browser resolves it (the WHATWG URL standard for http and
    https, where RFC 3986's resolution, urljoin's, differs): a backslash before the query is a
    slash (`http:\\host\x` is http://host/x, not a path on this site); `https:foo/bar`
    from an http page names the host foo; `http:dest` from an http page is the relative
    `dest`, as urljoin reads it too. None where a browser finds no host (`https:`,
    `http://`), which urljoin would read as this page: a URL that cannot be parsed."""
    location = location.strip()
    marks = [at for at in (location.find("?"), location.find("#")) if at >= 0]
    cut = min(marks, default=len(location))
    head, tail = location[:cut].replace("\\", "/"), location[cut:]
    scheme = _SCHEME.match(head)
    if scheme and scheme[1].lower() in ("http", "https"):
        rest = head[scheme.end() :]
        if rest.startswith("//") or scheme[1].lower() != urlsplit(base).scheme.lower():
            rest = rest.lstrip("/")  # any number of slashes, then the host
            if not rest.split("/", 1)[0]:
                return None
            head = f"{scheme[1]}://{rest}"
    return head + tail


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
    if not urls.is_on_site(target, site):
        return Refusal(target, "OffSiteRedirect", "leaves the site")
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
