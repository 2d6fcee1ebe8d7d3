"""The generic reader: a post's title, body and date on a page whose design nobody described.

Pure functions, no I/O, no class names. Used where REST, structured data, a learned template
and the theme selectors left a field empty:

- the title is the element whose whole text is what the page names itself (<title> without
  the site's name, og:title, a JSON-LD headline);
- the body is what trafilatura (a library made for finding a page's main text, with its own
  fallbacks) reads as the main text, located back in our tree so links and documents are read
  the same way as from any other body;
- the date is one printed by itself near the title: inside the smallest element holding the
  title and the body, outside the body (whose opening dateline is an event), and not in a
  block that links to another post (a "recent posts" list with its dates). Several different
  days there give no date: a wrong date is worse than none.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archive.text import collapse
from scraper.extract.bylines import FILE, in_a_teaser, in_event_box, inline_byline
from scraper.extract.clean import ancestor_ids, ancestors, nearest, subtree_ids
from scraper.extract.naming import title_node as title_node  # news.py reads it here
from scraper.extract.others import links_elsewhere, post_lists
from scraper.extract.printed import byline, date_of, dated_otherwise, is_modified_time
from scraper.extract.pubtext import POSTING_LINE
from scraper.extract.signals import excluded
from scraper.extract.types import Candidate

MAX_GENERIC_CHARS = 2_000_000  # a page larger than this is not read by the heavier library
MIN_BODY_CHARS = 40
SNIPPET_WORDS = 6
LINE_WORDS = 4  # a line of the library's text with fewer words does not locate the body
OWN_COLUMN_SHARE = 0.5  # of the body's text the title's column must hold to be the body
MIN_SHARE_LOCATED = 0.5  # of the library's words the element located must hold at least
PROSE_WORDS = 40  # a paragraph of more words is the post's text, never a sidebar's
# Class tokens of a sidebar's blocks: Bootstrap's cards, WordPress's widgets (not a page
# builder's "elementor-widget", which is the post itself)
_SIDEBAR_CLASS = re.compile(r"^(?:card|sidebar|widget|aside)(?:[-_].*)?$")
_WORD = re.compile(r"\w+")
WRAPPER_LEVELS = 4  # how far above an untitled body its date may sit
# Elements of running text: where the body has no wrapper, a date alone in one is a dateline.
PROSE_TAGS = frozenset({"p", "li", "td", "blockquote", "h2", "h3", "h4", "h5", "h6"})
_PARAGRAPHS = ("p", "li", "td", "blockquote")

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs every page it rejects


def main_text(html: str, fast: bool = True) -> str:
    """The page's main text as trafilatura reads it ("" when it finds none). `fast` skips
    the library's own fallbacks (readability, jusText), which cost twice the time."""
    if not html or len(html) > MAX_GENERIC_CHARS:
        return ""
    import trafilatura  # imported here: only pages nothing else could read pay for it

    try:
        text = trafilatura.extract(html, options=_options(fast))
    except Exception:  # the library's own parsing trouble: no text, never a lost page
        return ""
    return text or ""


def warm_up() -> None:
    """The library imported, its options made, and the stop words of its jusText fallback
    gathered (a sixth of a second, on its first use in a process): extract.warm_up."""
    _options(True)
    _options(False)
    from trafilatura import external

    if getattr(external, "JT_STOPLIST", ()) is None:  # not gathered yet
        external.jt_stoplist_init()


@lru_cache(maxsize=2)
def _options(fast: bool) -> Any:
    """The library's options for extract(html, include_comments=False, include_tables=True,
    favor_precision=True, fast=fast), made once: extract() would read them from its
    configuration on every call (a twentieth of its time on a post). The library copies them
    before it changes any."""
    from trafilatura.settings import Extractor

    return Extractor(comments=False, tables=True, precision=True, fast=fast)


def find_body(root: LexborNode, html: str, heading: LexborNode | None) -> LexborNode | None:
    """The body element by the library's main text: fast first, with its fallbacks when the
    fast reading finds nothing that locates in the page."""
    for fast in (True, False):
        text = main_text(html, fast)
        cut = after_title(text, heading)
        body = (locate(root, cut) if cut != text else None) or locate(root, text)
        if body is not None:
            return body
    return None


def _own_column(body: LexborNode, heading: LexborNode | None) -> LexborNode:
    """The column of the body that holds the post's title, where that column holds most of
    the body's text: the library's text ran on into a sidebar's cards beside it ("Latest
    news", "About"), and the smallest element holding it all was the row of both columns."""
    if heading is None:
        return body
    column = heading
    while column.parent is not None and column.parent.mem_id != body.mem_id:
        column = column.parent
    if column.parent is None or column.mem_id == heading.mem_id:
        return body  # the title is not in the body, or stands in it as a child of its own
    own, whole = len(_words(column.text() or "")), len(_words(body.text() or ""))
    if own < OWN_COLUMN_SHARE * whole:
        return body
    others = (n for n in body.iter() if n.mem_id != column.mem_id)
    return column if all(_beside(n) for n in others) else body


def _beside(node: LexborNode) -> bool:
    """A sidebar's block beside the post, not more of its text below the title: an aside, or
    cards, widgets or a list mostly of links, with no paragraph of prose (over PROSE_WORDS)."""
    if any(len(_words(p.text() or "").split()) > PROSE_WORDS for p in node.css("p")):
        return False
    if node.tag in ("aside", "nav", "script", "style"):
        return True
    marked = [node, *node.css("[class]")]
    classes = (c for n in marked for c in (n.attributes.get("class") or "").split())
    if any(_SIDEBAR_CLASS.match(c) for c in classes):
        return True
    words = len(_words(node.text() or "").split())
    linked = sum(len(_words(a.text() or "").split()) for a in node.css("a"))
    return linked * 2 >= words


def _words(text: str) -> str:
    """Words only, lower case, one space apart: list bullets and table bars of the library's
    text, and the markup's own spacing, do not matter."""
    # Not archive.text.collapse: punctuation and case go too, to match our tree's text against
    # the library's, which prints lists and tables its own way.
    return " ".join(_WORD.findall(text.casefold()))


def after_title(text: str, heading: LexborNode | None) -> str:
    """The library's text from after the post's title on: what precedes it is the page's
    banner, navigation or date, which the library sometimes keeps (run into one line)."""
    if heading is None:
        return text
    title = _words(heading.text() or "").replace(" ", "")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if title and _words(line).replace(" ", "").endswith(title):
            return "\n".join(lines[i + 1 :])
    return text


def locate(root: LexborNode, text: str) -> LexborNode | None:
    """The smallest element of our tree holding the opening and the closing lines of `text`.

    Lines of a few words only ("Topics: News") are passed over: the library keeps or drops
    such lines as it likes, and the theme may print a date between them. When the first or
    last line is not found as such (the library ran two elements into one), the next is tried.
    """
    lines = [w for line in text.splitlines() if len((w := _words(line)).split()) >= LINE_WORDS]
    if not lines or len(" ".join(lines)) < MIN_BODY_CHARS:
        return None
    heads = [" ".join(line.split()[:SNIPPET_WORDS]) for line in lines[:2]]
    tails = [" ".join(line.split()[-SNIPPET_WORDS:]) for line in lines[::-1][:2]]
    # Holding a small part of the library's text (a paragraph that quotes the title and the
    # last words, the footer line alone), an element is not the body: a date beside it would
    # pass for the post's.
    least = MIN_SHARE_LOCATED * sum(len(line.split()) for line in lines)
    nodes = []
    for node in root.traverse():
        if node.is_element_node and node.tag not in ("script", "style"):
            text = node.text() or ""
            own = _words(text)
            if len(own.split()) < least:
                # read again with a space between its texts: links one <br> apart, or table
                # cells, run together as written ("HomeAbout"), where the library spaces them
                # (no text shorter than `least` holds as many words either way)
                own = _words(node.text(separator=" ") or "") if len(text) >= least else ""
                if len(own.split()) < least:
                    continue
            nodes.append((node, own))
    return _smallest(nodes, heads, tails)


def _smallest(
    nodes: list[tuple[LexborNode, str]], heads: list[str], tails: list[str]
) -> LexborNode | None:
    """The smallest of `nodes` (each with its words) holding an opening and a closing snippet,
    pairs tried in order."""
    for head, tail in ((h, t) for h in heads for t in tails):
        best, best_len = None, 0
        for node, own in nodes:
            if head in own and tail in own and (best is None or len(own) <= best_len):
                best, best_len = node, len(own)
        if best is not None:
            return best
    return None


def container(title: LexborNode | None, body: LexborNode | None) -> LexborNode | None:
    """The smallest element holding both the title and the body (the post's own block)."""
    if title is None or body is None:
        return None
    above_body = ancestor_ids(body) | {body.mem_id}
    current: LexborNode | None = title
    while current is not None and current.mem_id not in above_body:
        current = current.parent
    if current is None or current.tag in ("html", None):
        return None
    return current


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
) -> tuple[list[Candidate], LexborNode | None, list[LexborNode]]:
    """Generic candidates (title, date), the body element when `body` is not yet known, and
    the title and date elements that sit inside that body (to be left out of its text)."""
    root = tree.body
    if root is None:
        return [], body, []
    out: list[Candidate] = []
    heading = title_node(root, names)
    if heading is not None:
        out.append(Candidate("title", collapse(heading.text() or ""), "generic", heading.tag or ""))
    if body is None:
        body = find_body(root, html, heading)
        body = _own_column(body, heading) if body is not None else None
    if body is None:
        return out, None, []
    inside = subtree_ids([body])
    prose_inside = heading is not None and heading.mem_id in inside
    if prose_inside:  # no wrapper of its own: the body is the post's whole block
        block: LexborNode | None = body
    else:
        block = container(heading, body) or _wrapper(body, wp_id, site, url)
    found = []
    if block is not None:
        found = dates_near(
            block, None if prose_inside else body, wp_id, site, url, prose_inside, heading
        )
    if len({c.value[:10] for c, _ in found}) == 1:
        out += [c for c, _ in found]
    else:  # different days near the post: kept for a person, never chosen
        out += [replace(c, source="generic-conflict") for c, _ in found]
    printed = [n for n in (heading, *(n for _, n in found)) if n is not None and n.mem_id in inside]
    return out, body, printed
