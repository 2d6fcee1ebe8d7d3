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
from collections.abc import Callable, Iterable
from urllib.parse import SplitResult, urlencode, urljoin, urlsplit, urlunsplit

# A start tag (where addresses are read: never in a script's or a style's text, a comment or
# the page's words; helper-204: `var href=this.href` in a script was rewritten, eating its
# `</script`), a comment, or a script or style element whole (its start tag read alone)
_TAG = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>|<[a-z][^>]*>", re.I | re.S)
# A start tag's attribute, its value quoted or not (read in turn: "src=JPL" inside an alt's
# quotes is the alt's); the attributes holding addresses; <base> and its href
_ATTRIBUTE = re.compile(r"""(\s+)([^\s=/>"']+)(?:(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_ADDRESSED = ("href", "src", "action", "srcset", "style")
# An address in CSS: url(...), quoted or not, and @import's quoted form
_CSS_ADDRESS = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^\s"')]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""",
    re.I,
)
_BASE = re.compile(r"<base\b[^>]*>", re.I)
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


def _candidates(href: str, base: str, page_url: str) -> list[str]:
    """The URL a link names (resolved against the page's <base>), and the same URL on the
    page's scheme and host (the site links to itself over http and https, with and without
    www., with and without its default port). Raises ValueError for an address no parser
    reads (a port of 99999)."""
    absolute = urljoin(base, html.unescape(href.strip())).split("#", 1)[0]
    parts, page = urlsplit(absolute), urlsplit(page_url)
    out = [absolute]
    host = (parts.hostname or "").removeprefix("www.")
    if host and host == (page.hostname or "").removeprefix("www.") and _port(parts) == _port(page):
        out.append(urlunsplit((page.scheme, page.netloc, parts.path or "/", parts.query, "")))
    return out


def _port(parts: SplitResult) -> int | None:
    return None if parts.port in (80, 443) else parts.port


def _base(page: str, page_url: str) -> str:
    """Where the page's relative links point from: the first <base> with an href, as a
    browser reads it (its own address where it has none, or none a browser resolves)."""
    hrefs = (
        _value(attribute)
        for tag in _BASE.finditer(page)
        for attribute in _ATTRIBUTE.finditer(tag[0], 5)  # read as any tag's attributes
        if attribute[2].lower() == "href" and attribute[3] is not None
    )
    href = next(hrefs, None)
    if href is None:
        return page_url
    try:
        joined = urljoin(page_url, html.unescape(href).strip())
    except ValueError:
        return page_url
    return joined if joined.lower().startswith(("http://", "https://")) else page_url


def _value(attribute: re.Match[str]) -> str:
    """An _ATTRIBUTE match's value, however it was quoted."""
    return next(v for v in (attribute[4], attribute[5], attribute[6]) if v is not None)


def _targets(
    base: str, page_url: str, at: str, captures: Captures, prefix: str, lookup: str
) -> Callable[[str], str | None]:
    """What an address on the page becomes: `prefix + capture id` where the archive holds
    its URL, `lookup` (`/-/archived?`) for any other on the page's own site (it tries every
    form the archive may hold it under, and says so where it holds none), else None (left as
    it is: another site's, an anchor, or one no parser reads)."""

    def target(value: str) -> str | None:
        if value.strip().lower().startswith(("#", "data:", "javascript:", "mailto:", "tel:")):
            return None
        try:
            candidates = _candidates(value, base, page_url)
        except ValueError:
            return None
        for url in candidates:
            found = captures.nearest(url, at)
            if found is not None:
                return f"{prefix}{found}"
        if lookup and len(candidates) > 1:  # on the page's own site
            return lookup + urlencode({"url": candidates[0], "at": at})
        return None

    return target


def _restyled(css: str, target: Callable[[str], str | None]) -> str:
    """A style sheet's `url(...)` and `@import "..."` addresses through `target`, each kept
    in its own quotes (an empty one left: it names no file)."""

    def swap(match: re.Match[str]) -> str:
        i, address = next((i, v) for i, v in enumerate(match.groups(), 1) if v is not None)
        new = target(address) if address.strip() else None
        if new is None:
            return match[0]
        start, end = match.start(i) - match.start(), match.end(i) - match.start()
        return match[0][:start] + new + match[0][end:]

    return _CSS_ADDRESS.sub(swap, css)


def rewrite_stylesheet(
    css: str, css_url: str, at: str, captures: Captures, prefix: str, lookup: str = ""
) -> str:
    """An archived style sheet's addresses (its images, fonts and imports, relative to the
    sheet's own URL) pointing at their archived captures, as rewrite_links does a page's."""
    return _restyled(css, _targets(css_url, css_url, at, captures, prefix, lookup))


def rewrite_links(
    page: str, page_url: str, at: str, captures: Captures, prefix: str, lookup: str = ""
) -> str:
    """href, src, action and srcset addresses, and the CSS `url()`s of style attributes and
    <style> elements, through _targets: left as they were, a relative link went to the
    reading room's own host, an absolute one to the live site (helper-200), and a page's
    background images and fonts were not shown. An address no parser reads is left as it is
    (helper-203: one such link made the whole copy a 500)."""
    target = _targets(_base(page, page_url), page_url, at, captures, prefix, lookup)

    def srcset_of(value: str) -> str | None:
        """srcset: each candidate's address (browsers prefer it to src; helper-203)."""
        items = []
        # candidates part at a comma before a space: a data: address holds commas of its own
        for item in re.split(r",(?:\s+|$)", value):
            if not item.split():  # an empty candidate (a trailing comma): helper-204's 500
                continue
            address, *descriptor = item.split()
            new = target(address)
            items.append(" ".join([html.escape(new, quote=True) if new else address, *descriptor]))
        return ", ".join(items)

    def swap(match: re.Match[str]) -> str:
        name = match[2].lower()
        if match[3] is None or name not in _ADDRESSED:
            return match[0]
        quote = "'" if match[5] is not None else '"'
        value = _value(match)
        if name == "style":  # CSS once its entities are read (`url(&quot;a.jpg&quot;)`)
            css = html.unescape(value)
            restyled = _restyled(css, target)
            new = html.escape(restyled, quote=True) if restyled != css else None
        else:
            new = srcset_of(value) if name == "srcset" else target(value)
        if new is None:
            return match[0]
        shown = new if name in ("srcset", "style") else html.escape(new, quote=True)
        return f"{match[1]}{match[2]}{match[3]}{quote}{shown}{quote}"

    def in_tag(match: re.Match[str]) -> str:
        text = match[0]
        if text.startswith("<!--") or text[:5].lower() == "<base":  # the base stays as it was
            return text
        name = re.match(r"<[^\s/>]+", text)
        end = text.index(">") + 1 if match[1] else len(text)  # a script's start tag alone
        assert name is not None  # _TAG's third form: "<" and a letter
        attributes = _ATTRIBUTE.sub(swap, text[name.end() : end])
        rest = text[end:]
        if match[1] and match[1].lower() == "style":  # its text is CSS, with no entities
            rest = _restyled(rest, target)
        return text[: name.end()] + attributes + rest

    return _TAG.sub(in_tag, page)


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
