"""The other posts a post's page links, by address: a block of them ("Recent posts", a
related press release) is no part of the post, and the days it prints are not the post's.

A link names another post by its id (`?p=N`, a REST route), or, at an address of no
WordPress form (two segments deep or more, no taxonomy, author or list), where it reads as
one: most of the words of the element around it, none of the byline's own (its relations,
its meta's classes), and titled (four words or more) or of two words or more below the
post's text (below its title where no text block is found). Probe 14, reviews 15 to 17.
Pure functions of the parsed page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from archive.files import is_asset
from archive.text import collapse
from archive.urls import (
    SECTION_INDEXES,
    canonical,
    is_document,
    is_on_site,
    resolution_base,
)
from scraper.extract.clean import ancestor_ids, ancestors, subtree_ids
from scraper.extract.printed import byline
from scraper.extract.signals import url_post_id


def links_elsewhere(node: LexborNode, wp_id: int | None, site: str, url: str) -> bool:
    """Whether an element links to another post (a list of posts, not this post's byline)."""
    return any(_foreign(a, wp_id, site, url) for a in node.css("a[href]"))


def _foreign(a: LexborNode, wp_id: int | None, site: str, url: str) -> bool:
    """Whether a link names another post: by its id, or reading as a titled post's (four
    words or more) at an address of no WordPress form."""
    href = a.attributes.get("href") or ""
    linked = url_post_id(href, site, url)
    if linked is not None:
        return linked != wp_id
    return _reads_as_post(a, 4) and _another_post(href, site, url)


_OWN_RELS = frozenset({"bookmark", "category", "tag", "author"})  # a post's own byline links
# A post's meta, however a system names it: Joomla's "article-info", GOV.UK's
# "gem-c-metadata", Drupal's "node__meta" and "node__submitted" (review 16)
_META_CLASS = re.compile(r"(?:^|[-_])(?:meta|metadata|byline|submitted|info|author)$")


def _reads_as_post(a: LexborNode, least: int) -> bool:
    """A link of `least` words or more (a title: not a tag's or an author's name), most of
    the words around it, and none of the byline's own."""
    words = len(collapse(a.text() or "").split())
    return words >= least and _stands_alone(a, words) and not _bylines_own(a)


def _bylines_own(a: LexborNode) -> bool:
    """Whether a link is the post's own meta's: its relation says so, or it sits in the
    post's byline or meta, whatever they link (review 15, review 16)."""
    if _OWN_RELS & set((a.attributes.get("rel") or "").split()):
        return True
    for above in islice(ancestors(a), 4):
        classes = (above.attributes.get("class") or "").lower().split()
        if byline(above) or any(_META_CLASS.search(c) for c in classes):
            return True
    return False


def _after(block: LexborNode, anchor: LexborNode | None) -> set[int]:
    """The elements of block that come after anchor (and all it holds), in document order."""
    if anchor is None:
        return set()
    inside, after, passed = subtree_ids([anchor]), set(), False
    for node in block.traverse():
        if node.mem_id in inside:
            passed = True
        elif passed:
            after.add(node.mem_id)
    return after


def _stands_alone(a: LexborNode, own: int) -> bool:
    """Whether a link is most of the words of the element around it (an item: "<dd><a>
    Title</a></dd>", a date and a title), not a few words of a paragraph of the text
    (review 17: a link in the post's text dropped the block holding its day)."""
    block = a.parent
    while block is not None and block.tag in ("span", "strong", "em", "b", "i", "small"):
        block = block.parent
    return block is None or 2 * own >= len(collapse(block.text() or "").split())


_LIST_WORDS = re.compile(r"(?:^|[-_])(?:news|releases|press|posts|articles|stories|updates)$")
# Path words of the pages a post's byline links: its categories, tags, author, the list.
_NOT_A_POST = frozenset(
    {"category", "categories", "tag", "tags", "taxonomy", "term", "topic", "topics", "author"}
    | {"authors", "user", "users", "profile", "page", "feed", "search", "archive", "archives"}
)


@lru_cache(maxsize=8192)
def _another_post(href: str, site: str, url: str) -> bool:
    """Whether a link names another post of the site at an address of no WordPress form: a
    path two or more deep that is no category, tag, author or list (`/press/2020/09/x.html`,
    `/news/1885/`). A related post's day beside it is not this post's (probe 14: JAXA's
    "Related press releases", another site's "Other news", each with one item)."""
    try:
        target = canonical(href, site, base=resolution_base(href, url))
    except ValueError:
        return False
    if not is_on_site(target, site) or is_document(target) or is_asset(target):
        return False
    parts = [p for p in urlsplit(target).path.lower().split("/") if p]
    if len(parts) < 2 or parts[-1] in SECTION_INDEXES or _NOT_A_POST & set(parts):
        return False
    if _LIST_WORDS.search(parts[-1]):  # "news-releases", "press-releases": a list (review 17)
        return False
    if any(":" in part for part in parts):  # Kirby's parameters: /notes/tag:isecg
        return False
    return target.rstrip("/") != canonical(url, site).rstrip("/")


def post_lists(
    block: LexborNode,
    ignore: set[int],
    wp_id: int | None,
    site: str,
    url: str,
    keep: LexborNode | None = None,
    body: LexborNode | None = None,
) -> set[int]:
    """Nodes of the parts of `block` that link to other posts ("recent posts" and the like):
    for each such link outside `ignore` (the body, say), the subtree of its outermost
    ancestor below `block` that does not hold `keep` (the post's title). Below the `body`,
    a link to another post at an address of no WordPress form counts too."""
    inside_keep = ancestor_ids(keep) if keep is not None else set()
    after: set[int] | None = None  # worked out once a link needs it
    tops: dict[int, LexborNode] = {}
    for a in block.css("a[href]"):
        if a.mem_id in ignore:
            continue
        if not _foreign(a, wp_id, site, url):
            href = a.attributes.get("href") or ""
            if not _another_post(href, site, url):
                continue
            # below the text, or where none was found, below the title
            after = _after(block, body if body is not None else keep) if after is None else after
            if a.mem_id not in after or not _reads_as_post(a, 2):  # a related item
                continue
        top, current = a, a.parent
        while current is not None and current.mem_id != block.mem_id:
            if current.mem_id in inside_keep:
                break
            top, current = current, current.parent
        if current is not None:  # a is inside block
            tops[top.mem_id] = top
    return subtree_ids(tops.values())
