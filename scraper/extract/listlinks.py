"""What a news list's links name (scraper/extract/lists.py): a post by its id, a post of
another system by its canonical address, a page of the site, or something elsewhere (a file,
another site). Pure functions, no I/O."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborNode

from archive.urls import (
    canonical,
    is_document,
    is_on_site,
    is_wordpress_address,
    resolution_base,
    url_kind,
)
from scraper.extract.clean import ancestors

ELSEWHERE = -1  # a link to a file or another site: a block holding one is no post's entry
PAGE = -2  # a link to a page of the site


def link_kind(href: str, site: str, url: str) -> int | None:
    """ELSEWHERE for a link to a document or off the site (a publication's PDF, an agency's
    news), PAGE for one to a page of the site (`?page_id=`), None for any other."""
    href = href.strip()
    return _kind_at(href, site, resolution_base(href, url))


@lru_cache(maxsize=8192)  # the menus and sidebars every list page repeats
def _kind_at(href: str, site: str, base: str) -> int | None:
    try:
        target = urljoin(base, href)
    except ValueError:
        return None
    if not target.startswith(("http://", "https://")):
        return None
    if is_document(target) or not is_on_site(target, site):
        return ELSEWHERE
    return PAGE if url_kind(target) == "page" else None


# Paths of a list's other pages and of its taxonomies, never a post's
_NOT_A_POST_PATH = re.compile(
    r"/(?:page|tags?|categor(?:y|ies)|author|user|search)(?:/|$)|/\d{4}/\d{2}/?$"  # a month's
    r"|^(?:/wordpress)?/\d{4}/\d{2}/\d{2}/?$"  # WordPress's day archive (post-info links it)
    # a post's comments, its comments' feed: an entry's count of comments links them beside
    # its day (Substack's "<time> • <a href=/p/slug/comments>3</a>")
    r"|/(?:comments?|feed|trackback)/?$"
)
# ... and of a list's own pages, filtered or sorted (MODX's `?arc_author=1`)
_NOT_A_POST_QUERY = re.compile(
    r"(?:^|&)(?:page|paged|start|limitstart|\w*author|tags?|cat|category|sort|order|filter"
    r"|year|month)=",
    re.I,
)
_PORTAL_ITEM = re.compile(r"/news/\d{4}-\d{2}-\d{2}$")  # keyed by its day (reconcile.news_id)


def link_address(href: str, site: str, url: str) -> str | None:
    try:
        return canonical(href, site, base=url)
    except ValueError:
        return None


def addressed_posts(root: LexborNode, url: str, at: str, site: str) -> dict[str, None]:
    """The canonical URLs of the posts a list of another system than WordPress links: on-site
    pages at addresses of no WordPress or portal-item form, linked from an entry's heading
    (or holding one), or under the list's own path (`/news` -> `/news/<slug>`); not the list
    itself, its other pages or its taxonomies. Only where a post's record has that key does
    its date count (reconcile.py)."""
    own = link_address(url, site, url) or url
    # `/news.html` lists `/news/<slug>.html` (AEM, SharePoint, static sites)
    under = _PAGE_SUFFIX.sub("", own.split("?", 1)[0].rstrip("/")) + "/"
    found: dict[str, None] = {}
    for a in root.css("a[href]"):
        key = link_address(a.attributes.get("href") or "", site, at)
        # not its own page, with or without the slash: a page would date itself (review 19)
        if key is None or key.rstrip("/") == own.rstrip("/") or not is_on_site(key, site):
            continue
        parts = urlsplit(key)
        if (
            is_wordpress_address(key)
            or is_document(key)
            or url_kind(key) not in ("portal", "other")
            or _PORTAL_ITEM.search(parts.path)
            or _NOT_A_POST_PATH.search(parts.path)
            or _NOT_A_POST_QUERY.search(parts.query)
        ):
            continue
        if _titled(a) or (key.startswith(under) and len(key) > len(under)):
            found[key] = None
    return found


_HEADING = ("h1", "h2", "h3", "h4", "h5", "h6")
# a class naming an entry's title ("entry-title", "summary-title-link", SharePoint's
# "ms-DocumentCardTitle"), not another title's ("related-title", "widget-title", "subtitle")
_TITLE_CLASS = re.compile(r"title(?:-?link)?$")
_NOT_ENTRYS = re.compile(r"related|widget|sub|section|menu|nav|footer|header|^(?:page|site)\b")
_PAGE_SUFFIX = re.compile(r"\.(?:html?|aspx?|php|jsp)$", re.I)


def _titled(link: LexborNode) -> bool:
    """Whether a link is an entry's title: in a heading or holding one; classed as the title
    ("summary-title-link", SharePoint's "ms-DocumentCardTitle") or in an element so classed;
    or a card's link with no text of its own beside its heading (Hugo PaperMod's
    `<a class="entry-link" aria-label=...>` over the whole entry). Never a menu's link."""
    if link.css_first(", ".join(_HEADING)) is not None:
        return True
    above = list(ancestors(link))
    if any(element.tag in _HEADING for element in above):
        return True
    if any(
        element.tag == "nav" or element.attributes.get("role") == "navigation" for element in above
    ):
        return False  # a menu's "section-title" (Docsy's sidebar) titles no entry
    parent = link.parent
    classes = " ".join((e.attributes.get("class") or "") for e in (link, parent) if e).lower()
    if any(_TITLE_CLASS.search(c) and not _NOT_ENTRYS.search(c) for c in classes.split()):
        return True
    if parent is None or (link.text() or "").strip():
        return False
    headings = [n for n in parent.iter() if n.tag in _HEADING]
    return bool(headings) and all(h.css_first("a[href]") is None for h in headings)
