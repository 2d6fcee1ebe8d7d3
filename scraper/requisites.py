"""Page requisites: the site's own stylesheets, scripts, fonts and images that its pages load,
so that a page replays as it looked (and member logos are kept as evidence of membership).

Pure functions find them in HTML and CSS; only on-site URLs are returned, and the crawler
fetches them like any URL: robots.txt, the delay, the frontier's caps and the page size cap
hold. `same_bytes` deduplicates by digest across URLs: an asset whose bytes the archive
already holds under another URL (the same logo twice, `style.css?ver=1` and `?ver=2`) is
written as an identical-payload-digest revisit of that capture, not a second copy.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser

from archive import urls

if TYPE_CHECKING:
    from archive.crawl_state import CrawlStore, Previous
    from scraper.frontier import Found
    from scraper.http import Fetched

# url(...) in CSS, quoted or not, and @import "..." without url().
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+?)\1\s*\)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(['"])([^'"]+)\1""", re.I)
_REQUISITE_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload"})
MAX_CSS = 2 << 20  # characters of a stylesheet read for its url()s


def _srcset(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def in_css(text: str) -> list[str]:
    """The URLs a stylesheet (or a style attribute) loads: url(...) and @import."""
    text = text[:MAX_CSS]
    found = [m.group(2).strip() for m in _CSS_URL.finditer(text)]
    found += [m.group(2).strip() for m in _CSS_IMPORT.finditer(text)]
    return [u for u in found if u and not u.startswith(("data:", "#"))]


def in_html(tree: LexborHTMLParser) -> list[str]:
    """The URLs (as written) a page loads to show itself: stylesheets, icons, scripts, images,
    and the url()s of its style elements and attributes. Links to other pages are not here."""
    found: list[str] = []
    for node in tree.css("link[href]"):
        rels = set((node.attributes.get("rel") or "").lower().split())
        if rels & _REQUISITE_RELS:
            found.append(node.attributes.get("href") or "")
    for selector, attribute in (
        ("script[src]", "src"),
        ("img[src]", "src"),
        ("input[type=image][src]", "src"),
        ("video[poster]", "poster"),
        ("source[src]", "src"),
    ):
        found += [node.attributes.get(attribute) or "" for node in tree.css(selector)]
    for node in tree.css("img[srcset], source[srcset]"):
        found += _srcset(node.attributes.get("srcset") or "")
    for node in tree.css("style"):
        found += in_css(node.text())
    for node in tree.css("[style]"):
        found += in_css(node.attributes.get("style") or "")
    return [u.strip() for u in found if u and u.strip()]


def on_site(hrefs: list[str], base: str, site: str) -> list[str]:
    """The canonical on-site URLs among `hrefs`, in order, once each."""
    out: dict[str, None] = {}
    for href in hrefs:
        if href.startswith(("data:", "javascript:", "blob:", "about:")):
            continue
        try:
            target = urls.canonical(href, site, base)
        except ValueError:
            continue
        if urls.is_on_site(target, site):
            out[target] = None
    return list(out)


def same_bytes(
    store: CrawlStore, item: Found, fetched: Fetched, previous: Previous | None, full: bool
) -> Previous | None:
    """For an asset answered 200: the capture already archived with the same payload (this
    URL's own previous one first, then any URL's), or `previous` as it was. A --full crawl
    writes every answer whole, as it asks nothing conditionally."""
    if full or item.kind != "asset" or fetched.status != 200:
        return previous
    from archive.warc import payload_digest

    digest = payload_digest(fetched.raw)
    if previous is not None and previous.payload_digest == digest:
        return previous
    return store.first_with_digest(digest) or previous
