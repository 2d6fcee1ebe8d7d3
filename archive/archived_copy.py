"""An archived HTML page as the reading room shows it (`/-/capture/<id>`): a banner naming the
original URL and the capture time, with links to the live page and to every capture of the
URL, and the page's own links and resources pointing at their archived captures where the
archive holds one (the capture of that URL nearest before this one, else the first after).

Pure functions of the page and of the captures' (url, id, fetched_at) rows; no I/O.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

_ATTRIBUTE = re.compile(r"""(\s(?:href|src)\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_BODY = re.compile(r"<body[^>]*>", re.I)
BANNER_ID = "isecg-archive-banner"


class Captures:
    """Every archived capture by URL, to find the one nearest a moment."""

    def __init__(self, rows: Iterable[tuple[str, int, str]]) -> None:
        self._by_url: dict[str, list[tuple[str, int]]] = {}
        for url, capture_id, fetched_at in rows:
            self._by_url.setdefault(url, []).append((fetched_at, capture_id))
        for entries in self._by_url.values():
            entries.sort()

    def nearest(self, url: str, at: str) -> int | None:
        """The capture of `url` at or before `at`, else the first after, else None."""
        entries = self._by_url.get(url)
        if not entries:
            return None
        i = bisect.bisect_right(entries, (at, 1 << 62))
        return entries[i - 1][1] if i else entries[0][1]


def _candidates(href: str, page_url: str) -> list[str]:
    """The URL a link names, and the same URL on the page's scheme and host (the site links
    to itself over http and https, with and without www.)."""
    absolute = urljoin(page_url, html.unescape(href.strip())).split("#", 1)[0]
    parts, page = urlsplit(absolute), urlsplit(page_url)
    out = [absolute]
    host = (parts.hostname or "").removeprefix("www.")
    if host and host == (page.hostname or "").removeprefix("www.") and parts.port == page.port:
        out.append(urlunsplit((page.scheme, page.netloc, parts.path or "/", parts.query, "")))
    return out


def rewrite_links(
    page: str, page_url: str, at: str, captures: Captures, prefix: str, lookup: str = ""
) -> str:
    """href and src attributes that name an archived URL point at `prefix + capture id`; any
    other link to the page's own site points at `lookup` (`/-/archived?`), which tries every
    form the archive may hold it under (a 2014 page's `/wordpress/?page_id=259` is kept as
    `/?page_id=259`) and says so where it holds none: left as it was, a relative link went
    to the reading room's own host, an absolute one to the live site (helper-200)."""

    def swap(match: re.Match[str]) -> str:
        value = match.group(3)
        if value.startswith(("#", "data:", "javascript:", "mailto:")):
            return match.group(0)
        candidates = _candidates(value, page_url)
        for url in candidates:
            found = captures.nearest(url, at)
            if found is not None:
                return f"{match.group(1)}{match.group(2)}{prefix}{found}{match.group(2)}"
        if lookup and len(candidates) > 1:  # on the page's own site
            query = urlencode({"url": candidates[0], "at": at})
            target = html.escape(lookup + query, quote=True)
            return f"{match.group(1)}{match.group(2)}{target}{match.group(2)}"
        return match.group(0)

    return _ATTRIBUTE.sub(swap, page)


def banner(
    original: str,
    fetched_at: str,
    status: int | None,
    others_url: str,
    wayback: tuple[str, str] | None = None,
    same_as: int | None = None,
) -> str:
    """The bar at the top of an archived copy: what it is and where to go from it. `wayback`:
    (where from, when) we copied a capture the Wayback Machine made, so none takes it for ours.
    `same_as`: the capture whose content an unchanged answer (a 304, a revisit) shows."""
    url = html.escape(original, quote=True)
    by = ""
    if wayback is not None:
        source, retrieved = (html.escape(part, quote=True) for part in wayback)
        by = (
            " by the Internet Archive's Wayback Machine (copied from"
            f' <a style="color:#0645ad" href="{source}">{source}</a> on {retrieved})'
        )
    return (
        f'<div id="{BANNER_ID}" style="all:initial;display:block;position:relative;'
        "z-index:2147483647;background:#fff8d6;color:#222;border-bottom:2px solid #c9a400;"
        'font:14px/1.5 sans-serif;padding:8px 12px">'
        f'Archived copy of <a style="color:#0645ad" href="{url}">{html.escape(original)}</a>,'
        f' captured <time datetime="{html.escape(fetched_at)}">{html.escape(fetched_at)}</time>'
        + by
        + (f" (HTTP {status})" if status else "")
        + (f", unchanged: the content of capture {same_as}" if same_as is not None else "")
        + f' · <a style="color:#0645ad" href="{url}">the live page</a>'
        f' · <a style="color:#0645ad" href="{html.escape(others_url, quote=True)}">other'
        " captures of this URL</a></div>"
    )


def decorate(page: str, banner_html: str) -> str:
    """The banner inserted right after <body>, or first when the page has none."""
    match = _BODY.search(page)
    if match is None:
        return banner_html + page
    return page[: match.end()] + banner_html + page[match.end() :]
