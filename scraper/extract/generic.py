"""The generic reader: a post's title, body and date on a page whose design nobody described.

Pure functions, no I/O, no class names. Used where REST, structured data, a learned template
and the theme selectors left a field empty:

- the title is the element whose whole text is what the page names itself (<title> without
  the site's name, og:title, a JSON-LD headline);
- the body is what trafilatura (a library made for finding a page's main text, with its own
  fallbacks) reads as the main text, located back in our tree (mainbody.py);
- the date is one printed by itself near the title: inside the smallest element holding the
  title and the body, outside the body (whose opening dateline is an event), and not in a
  block that links to another post (a "recent posts" list with its dates). Several different
  days there give no date: a wrong date is worse than none.
"""

from __future__ import annotations

from dataclasses import replace

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archive.text import collapse
from scraper.extract.bylines import FILE, in_a_teaser, in_event_box, inline_byline
from scraper.extract.clean import ancestors, nearest, subtree_ids
from scraper.extract.mainbody import PROSE_WORDS, container, find_body, own_column
from scraper.extract.mainbody import warm_up as warm_up  # extract.warm_up asks it here
from scraper.extract.naming import title_node as title_node  # news.py reads it here
from scraper.extract.others import links_elsewhere, post_lists
from scraper.extract.printed import byline, date_of, dated_otherwise, is_modified_time
from scraper.extract.pubtext import POSTING_LINE
from scraper.extract.signals import excluded
from scraper.extract.types import Candidate

WRAPPER_LEVELS = 4  # how far above an untitled body its date may sit
# Elements of running text: where the body has no wrapper, a date alone in one is a dateline.
PROSE_TAGS = frozenset({"p", "li", "td", "blockquote", "h2", "h3", "h4", "h5", "h6"})
_PARAGRAPHS = ("p", "li", "td", "blockquote")


def _in_meta(node: LexborNode, block: LexborNode) -> bool:
    """Whether a date stands in the post's meta line (its class says so) or its <header>."""
    for above in (node, *ancestors(node)):
        if above.mem_id == block.mem_id:
            return False
        if above.tag == "header" or byline(above):
            return True
    return False


def dates_near(
    block: LexborNode,
    body: LexborNode | None,
    wp_id: int | None,
    site: str,
    url: str,
    prose_inside: bool = False,
    keep: LexborNode | None = None,
) -> list[tuple[Candidate, LexborNode]]:
    """Dates printed by themselves in the post's block, outside its body and post lists.

    `prose_inside`: the block is the body itself (a design with no wrapper around the text):
    a paragraph is then text, never a date (a dateline may stand alone in one).
    """
    ignore = subtree_ids([body]) if body is not None else set()
    ignore |= post_lists(block, ignore, wp_id, site, url, keep, body)
    ignore |= excluded(block, body or block)  # comments, sharing, widgets: not the post's
    ignore |= subtree_ids([keep]) if keep is not None else set()  # the title names the post
    out: list[tuple[Candidate, LexborNode]] = []
    text_read = False  # a byline comes before the text: a reply's "Posted by" after it
    for node in block.traverse():
        if not node.is_element_node:
            continue
        if body is not None and node.mem_id == body.mem_id:
            text_read = True
        if node.mem_id in ignore or node.tag in ("script", "style"):
            continue
        if prose_inside and node.tag == "p" and not text_read:
            # no element holds the text apart: its first long paragraph begins it (a lead,
            # a caption or a note above the byline are shorter)
            text_read = len(collapse(node.text() or "").split()) >= PROSE_WORDS
        if _has_element_child(node):
            if text_read or not inline_byline(node):
                continue  # a leaf element prints the date by itself
            beside = in_a_teaser(node, block, body, keep, site, url)
            if beside == FILE:  # a byline beside a file's link: a day after it may be the
                # file's, and one before it too unless the post's meta or header prints it
                return [(c, n) for c, n in out if _in_meta(n, block)]
            if beside:
                continue
        if prose_inside and _in_prose(node, block) and not _posted(node, block):
            continue
        found = date_of(node)
        if found is None or is_modified_time(node) or in_event_box(node, block):
            continue  # "Updated", WordPress's Modified Date block, an event's: not the posting
        if not dated_otherwise(node, block):
            raw = collapse(node.text() or "") or found.raw
            out.append((Candidate("published", found.value, "generic", raw), node))
    return out


def _posted(node: LexborNode, block: LexborNode) -> bool:
    """A byline in a paragraph: "Posted on ...", an element classed as the post's meta, or a
    theme's <time datetime> standing alone in the paragraph that opens the text (editors do
    not write <time> elements; an event's dateline typed in the text is no <time>)."""
    if POSTING_LINE.match(collapse(node.text() or "")):
        return True
    if node.tag == "time" and node.attributes.get("datetime") and _opens_alone(node, block):
        return True
    current: LexborNode | None = node
    while current is not None and current.mem_id != block.mem_id:
        if byline(current):
            return True
        current = current.parent
    return False


def _opens_alone(node: LexborNode, block: LexborNode) -> bool:
    """Whether node is all the text of the block's first paragraph. Where the text opens with
    a list or a table (an events list of <time>s), its first item is an event's, no byline."""
    first = next((n for n in block.traverse() if n.tag in _PARAGRAPHS), None)
    if first is None or first.tag != "p":
        return False
    if collapse(first.text() or "") != collapse(node.text() or ""):
        return False
    return any(n.mem_id == node.mem_id for n in first.traverse())


def _in_prose(node: LexborNode, block: LexborNode) -> bool:
    """Whether node is, or sits in, a paragraph, item or cell of the text (a <strong> day)."""
    return nearest(node, PROSE_TAGS, block) is not None


def _wrapper(body: LexborNode, wp_id: int | None, site: str, url: str) -> LexborNode | None:
    """The outermost of a few elements around the body that lists no other post."""
    best, current = None, body.parent
    for _ in range(WRAPPER_LEVELS):
        if current is None or current.tag in ("body", "html", None):
            break
        if links_elsewhere(current, wp_id, site, url):
            break
        best, current = current, current.parent
    return best


def _has_element_child(node: LexborNode) -> bool:
    return any(c.is_element_node and c.tag not in ("br", "wbr") for c in node.iter())


def read(
    tree: LexborHTMLParser,
    html: str,
    names: list[str],
    body: LexborNode | None,
    wp_id: int | None,
    site: str,
    url: str,
) -> tuple[list[Candidate], LexborNode | None, list[LexborNode], LexborNode | None]:
    """Generic candidates (title, date), the body element when `body` is not yet known, the
    title and date elements that sit inside that body (to be left out of its text), and the
    span the date is read around (the body, or the wider element the library's text covers,
    where the body was narrowed: mainbody.locate)."""
    root = tree.body
    if root is None:
        return [], body, [], body
    out: list[Candidate] = []
    heading = title_node(root, names)
    if heading is not None:
        out.append(Candidate("title", collapse(heading.text() or ""), "generic", heading.tag or ""))
    span = body
    if body is None and (located := find_body(root, html, heading)) is not None:
        body, span = (own_column(node, heading) for node in located)
    if body is None or span is None:
        return out, None, [], None
    # the date is looked for around the span the library's text covers (mainbody.locate)
    inside = subtree_ids([body])
    around = inside if span.mem_id == body.mem_id else subtree_ids([span])
    prose_inside = heading is not None and heading.mem_id in around
    if prose_inside:  # no wrapper of its own: the body is the post's whole block
        block: LexborNode | None = span
    else:
        block = container(heading, span) or _wrapper(span, wp_id, site, url)
    found = []
    if block is not None:
        found = dates_near(
            block, None if prose_inside else span, wp_id, site, url, prose_inside, heading
        )
    if len({c.value[:10] for c, _ in found}) == 1:
        out += [c for c, _ in found]
    else:  # different days near the post: kept for a person, never chosen
        out += [replace(c, source="generic-conflict") for c, _ in found]
    printed = [n for n in (heading, *(n for _, n in found)) if n is not None and n.mem_id in inside]
    return out, body, printed, span
