"""A post's block with no element of its own around the text: the title, a date line, the
paragraphs and a "Filed under" line all side by side. Taken as the body, the whole block read
the title, the dates and the categories as the post's text, where REST's content.rendered (the
post's own text) holds none of them: every post of such a design read "longer" than by REST,
and a night without REST made an edit of every post (helper-193).

Pure functions on selectolax nodes. Only a body that holds the post's title, with less text
before it than after, is touched: around the title, up to the body, what stands before it is
the page's (a featured image, a kicker, a date above the title, a whole page's header where
the body found was the page), and a short line of meta links or a date after it is the
post's meta, whose category links name its categories. More text before the title than
after says the title is repeated further down (a document's card), and a paragraph of more
than a short line above it is a lede, the post's own: then nothing is touched.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from archive.text import collapse
from archive.urls import is_document
from scraper.extract.clean import ancestor_ids
from scraper.extract.dates import parse_text
from scraper.extract.naming import title_node

META_WORDS = 12  # a meta line is short: "Posted on 22 September 2025 in News, Events"
LABEL_WORDS = 3  # what a meta line may say beside its links: "Filed under", "Topics:"
MAX_DATE_LINES = 2  # a post's own: when it was posted, when changed; more are a list's
# Where a link goes that names a category or a tag, or the post's author
_CATEGORY_HREF = re.compile(r"[?&](?:cat|tag)=|/(?:category|tag|topics?)/", re.IGNORECASE)
_AUTHOR_HREF = re.compile(r"[?&]author=|/author/", re.IGNORECASE)
_META_REL = frozenset({"category", "tag", "author"})
_SEPARATORS = re.compile(r"[,|\u00b7\u2022/\u2013\u2014-]")  # between a meta line's parts
# The editor's own elements: a paragraph, a heading, a caption, a list's item or a cell is the
# post's text ("Date: 18 June 2024", "Photo: JAXA, 29 April 2024"), never the theme's meta line
_TEXT_TAGS = frozenset(
    ("p", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption", "li", "td", "th")
) | {"blockquote"}
_HEADINGS = "h1, h2, h3, h4, h5, h6"
# A category's link (not a tag's, a topic's or the author's): what `categories` names
_CATEGORY_ONLY = re.compile(r"[?&]cat=|/category/", re.IGNORECASE)
# A site's footer line: "© 2023 ISECG. All rights reserved.", "Copyright 2016 ESA"
_COPYRIGHT = re.compile(r"(?:\u00a9|\(c\)|copyright\b)", re.IGNORECASE)
FOOTER_WORDS = 20


def chrome(
    body: LexborNode, heading: LexborNode | None, title_text: str | None = None
) -> tuple[list[LexborNode], list[str]]:
    """(the elements of `body` that are not the post's text, the category names its meta
    lines link): nothing where the post's title, its `heading` (or where none was found,
    the element whose whole text is `title_text`), is not inside the body."""
    title = heading if heading is not None else _title_in(body, title_text)
    if title is None or body.mem_id not in ancestor_ids(title):
        return [], []
    text = collapse(title.text() or "")
    while title.parent is not None and title.parent.mem_id != body.mem_id:
        if collapse(title.parent.text() or "") != text:
            break
        title = title.parent  # <h1><span>Title</span></h1>: the heading goes, not its span
    out: list[LexborNode] = [title]
    meta: list[tuple[LexborNode, list[str]]] = []
    level, above, unlinked = title, 0, 0  # words above the title, and those outside links
    while level.mem_id != body.mem_id and level.parent is not None:
        siblings = list(level.parent.iter())
        at = next(i for i, node in enumerate(siblings) if node.mem_id == level.mem_id)
        if any(n.tag in _TEXT_TAGS and _count(n) > META_WORDS for n in siblings[:at]):
            return [], []  # a paragraph above the title: a lede, the post's own text
        above += sum(_count(node) for node in siblings[:at])
        unlinked += sum(_unlinked(node) for node in siblings[:at])
        out += siblings[:at]
        after = siblings[at + 1 :]
        if level.mem_id != title.mem_id:
            # after a block holding the title, not after the title among the editor's
            # paragraphs: a copyright line is the page's footer, which the body ran on into
            out += [node for node in after if _footer(node)]
        meta += _runs(after)
        level = level.parent
    # More above it than below (a menu's or a list's links above weigh nothing): a card's
    # title, the same as the post's, below its text
    if unlinked > _count(body) - _count(title) - above:
        return [], []
    if sum(not names for _, names in meta) > MAX_DATE_LINES:  # a list's entries, each dated
        meta = [(line, names) for line, names in meta if names]
    return out + [line for line, _ in meta], [name for _, names in meta for name in names]


def _runs(after: list[LexborNode]) -> list[tuple[LexborNode, list[str]]]:
    """The meta lines among the elements after the title: those right after it, and those
    after the last of its text; not a line between paragraphs ("Date: 18 June 2024")."""
    read = [(node, meta_line(node)) for node in after]
    first = next((i for i, (_, names) in enumerate(read) if names is None), len(read))
    last = max((i for i, (_, names) in enumerate(read) if names is None), default=-1)
    ends = read[:first] + read[max(last + 1, first) :]
    return [(node, names) for node, names in ends if names is not None]


def meta_line(node: LexborNode) -> list[str] | None:
    """The category names a post's meta line links (possibly none: a date line), or None
    when the element is not one: at most META_WORDS words, its links all to categories,
    tags or the author, and beside them and its dates (an element, or its text) a label of
    a few words ("Filed under", "By ISECG ·")."""
    text = collapse(node.text() or "")
    if not text or len(text.split()) > META_WORDS or node.tag in _TEXT_TAGS:
        return None
    if node.css_first(_HEADINGS) is not None:  # a box of its own ("Popular topics")
        return None
    links = node.css("a")
    if not all(_meta_link(a) for a in links):
        return None
    dated = [n for n in node.css("time, span, div") if parse_text(n.text() or "") is not None]
    rest = text
    for part in (*links, *dated):
        rest = rest.replace(collapse(part.text() or ""), " ", 1)
    label = collapse(_SEPARATORS.sub(" ", rest))
    if ((links or dated) and len(label.split()) <= LABEL_WORDS) or parse_text(rest) is not None:
        return [name for a in links if _category_link(a) and (name := collapse(a.text() or ""))]
    return None


def _footer(node: LexborNode) -> bool:
    """A site's footer: a short copyright line ("© 2023 ISECG. All rights reserved."), alone
    or after links to pages ("See also": other posts' titles, never a document's)."""
    text = collapse(node.text() or "")
    for a in node.css("a"):
        if is_document(a.attributes.get("href") or ""):
            return False
        text = text.replace(collapse(a.text() or ""), " ", 1)
    line = collapse(_SEPARATORS.sub(" ", text))
    return bool(_COPYRIGHT.match(line)) and len(line.split()) <= FOOTER_WORDS


def _meta_link(a: LexborNode) -> bool:
    href, rel = _href_rel(a)
    return bool(_CATEGORY_HREF.search(href) or _AUTHOR_HREF.search(href) or rel & _META_REL)


def _category_link(a: LexborNode) -> bool:
    href, rel = _href_rel(a)
    return bool(_CATEGORY_ONLY.search(href)) or "category" in rel


def _href_rel(a: LexborNode) -> tuple[str, set[str]]:
    return a.attributes.get("href") or "", set((a.attributes.get("rel") or "").lower().split())


def _title_in(body: LexborNode, title: str | None) -> LexborNode | None:
    """The element of the body whose whole text is the post's chosen title, if any."""
    return title_node(body, [title]) if title else None


def _unlinked(node: LexborNode) -> int:
    """An element's words outside links: a menu or a list of other posts above the title
    weighs nothing against the text below it."""
    return _count(node) - sum(_count(a) for a in node.css("a"))


def _count(node: LexborNode) -> int:
    return len((node.text() or "").split())
