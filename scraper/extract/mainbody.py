"""The generic reader's body: the main text trafilatura (a library made for finding a page's
main text, with its own fallbacks) reads, located back in our tree, so that links and
documents are read from it as from any other body.

Where the library's text runs on into the page's own lines (a menu above, a footer below)
the element holding it all is the page: the lines that are the post's, under its title, are
the body then (helper-193). Pure functions on selectolax nodes.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from selectolax.lexbor import LexborNode

from archive.text import collapse
from scraper.extract import selectors as sel
from scraper.extract.clean import ancestor_ids, matching

MAX_GENERIC_CHARS = 2_000_000  # a page larger than this is not read by the heavier library
MIN_BODY_CHARS = 40
SNIPPET_WORDS = 6
LINE_WORDS = 4  # a line of the library's text with fewer words does not locate the body
OWN_COLUMN_SHARE = 0.5  # of the body's text the title's column must hold to be the body
MIN_SHARE_LOCATED = 0.5  # of the library's words the element located must hold at least
LOOSE = 1.5  # times the library's words: an element holding more holds much besides the post
BYLINE_WORDS = 12  # what may stand between a post's title and its text besides them
_JUNK = ", ".join(sel.BODY_JUNK)
PROSE_WORDS = 40  # a paragraph of more words is the post's text, never a sidebar's
# Class tokens of a sidebar's blocks: Bootstrap's cards, WordPress's widgets (not a page
# builder's "elementor-widget", which is the post itself)
_SIDEBAR_CLASS = re.compile(r"^(?:card|sidebar|widget|aside)(?:[-_].*)?$")
_WORD = re.compile(r"\w+")

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
    gathered (a sixth of a second, on its first use in a process): extract.warm_up. Gathered,
    they are also lower-cased into the set jusText reads them as (its own lru_cache, keyed on
    the gathered tuple): some 150,000 words, a quarter of a cold worker's first fallback."""
    _options(True)
    _options(False)
    from justext.core import define_stoplist
    from trafilatura import external

    if getattr(external, "JT_STOPLIST", ()) is None:  # not gathered yet
        external.jt_stoplist_init()
    if external.JT_STOPLIST:
        define_stoplist(external.JT_STOPLIST)


@lru_cache(maxsize=2)
def _options(fast: bool) -> Any:
    """The library's options for extract(html, include_comments=False, include_tables=True,
    favor_precision=True, fast=fast), made once: extract() would read them from its
    configuration on every call (a twentieth of its time on a post). The library copies them
    before it changes any."""
    from trafilatura.settings import Extractor

    return Extractor(comments=False, tables=True, precision=True, fast=fast)


def find_body(
    root: LexborNode, html: str, heading: LexborNode | None
) -> tuple[LexborNode, LexborNode] | None:
    """(the body, its span: locate) by the library's main text: fast first, with its
    fallbacks when the fast reading finds nothing that locates in the page, only the title's
    own element, or an element far from the post's title (the fast reading of a short post
    was the page's footer line alone: helper-193); where the fallbacks' is no nearer, the
    fast reading's."""
    far: tuple[LexborNode, LexborNode] | None = None
    texts = []
    for fast in (True, False):
        text = main_text(html, fast)
        texts.append(text)
        cut = after_title(text, heading)
        found = (locate(root, cut, heading) if cut != text else None) or locate(root, text, heading)
        if found is None:
            continue
        if heading is not None and _around(found[0], heading, text):
            after = missed_text(heading, text)  # the library read the page's furniture alone
            return (after, after) if after is not None else found
        if heading is None or _by_title(heading, found[0]):
            return found
        if not _within(found[0], heading):  # the title's line alone is no body
            far = far or found
    if heading is None:
        return far
    after = missed_text(heading, *texts)
    if after is not None and (far is None or _furniture(far[0], heading, after)):
        return after, after
    return far


def _around(found: LexborNode, heading: LexborNode, text: str) -> bool:
    """Whether the element the library's text was located in holds the title and much more
    than that text: the library read the page's lines around the title, perhaps no more."""
    return found.mem_id in ancestor_ids(heading) and _count(found) > LOOSE * len(
        _words(text).split()
    )


def missed_text(heading: LexborNode, *texts: str) -> LexborNode | None:
    """The text after the title (text_after) where the library's readings hold neither its
    opening nor its closing words: what the library read was not the post's."""
    after = text_after(heading)
    if after is None:
        return None
    own = _words(" ".join(p.text() or "" for p in after.css("p"))).split()
    ends = (" ".join(own[:SNIPPET_WORDS]), " ".join(own[-SNIPPET_WORDS:]))
    read = [_words(text) for text in texts]
    return None if any(end in words for end in ends for words in read) else after


def _furniture(far: LexborNode, heading: LexborNode, after: LexborNode) -> bool:
    """Whether the library's text, located far from the title, is the page's: the page
    around the title, or a line outside the post's block (the smallest element holding the
    title and the text after it), such as its footer. A lead between the title and the text
    is the post's own."""
    if far.mem_id in ancestor_ids(heading):
        return True
    block = container(heading, after)
    return block is not None and block.mem_id not in ancestor_ids(far) | {far.mem_id}


def _not_text(node: LexborNode) -> bool:
    """A block after the title that is not the post's text: a sidebar's, the comments, the
    sharing links, related posts, the page's header or footer."""
    return node.tag in ("header", "footer") or node.css_matches(_JUNK) or _beside(node)


def text_after(heading: LexborNode) -> LexborNode | None:
    """The first element after the post's title, among its next siblings, that wraps
    paragraphs of MIN_BODY_CHARS of text or more and is no sidebar's, comments' or footer's
    block (_not_text): the post's text, where the library read only the page's menu and
    footer (a short post on some designs, the last three of 150 that helper-193 left). None
    where a paragraph of that length comes first: the text stands beside the title, in no
    block of its own."""
    node = heading.next
    while node is not None:
        if node.tag == "p" and len(collapse(node.text() or "")) >= MIN_BODY_CHARS:
            return None  # the paragraphs beside the title are the text (helper-209: the
            # newsletter box after them was taken for it)
        if node.is_element_node and node.tag != "p" and not _not_text(node):
            text = " ".join(p.text() or "" for p in node.css("p"))
            if len(collapse(text)) >= MIN_BODY_CHARS:
                return node
        node = node.next
    return None


def _within(body: LexborNode, heading: LexborNode | None) -> bool:
    """Whether the body found is the title's own element, or in it."""
    return heading is not None and heading.mem_id in {body.mem_id} | ancestor_ids(body)


def _by_title(heading: LexborNode, body: LexborNode) -> bool:
    """Whether the smallest element holding the title and the body holds little else: the
    title, its byline and the body, not the page's menu, sidebars and footer too."""
    block = container(heading, body)
    if block is None or _within(body, heading):
        return False
    own, near = _count(block), _count(body) + _count(heading)
    return own <= LOOSE * near + BYLINE_WORDS


def own_column(body: LexborNode, heading: LexborNode | None) -> LexborNode:
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
    if any(_count(p) > PROSE_WORDS for p in node.css("p")):
        return False
    if node.tag in ("aside", "nav", "script", "style"):
        return True
    marked = [node, *node.css("[class]")]
    classes = (c for n in marked for c in (n.attributes.get("class") or "").split())
    if any(_SIDEBAR_CLASS.match(c) for c in classes):
        return True
    words = _count(node)
    linked = sum(_count(a) for a in node.css("a"))
    return linked * 2 >= words


def _words(text: str) -> str:
    """Words only, lower case, one space apart: list bullets and table bars of the library's
    text, and the markup's own spacing, do not matter."""
    # Not archive.text.collapse: punctuation and case go too, to match our tree's text against
    # the library's, which prints lists and tables its own way.
    return " ".join(_WORD.findall(text.casefold()))


def _count(node: LexborNode) -> int:
    """An element's words, as _words reads them."""
    return len(_words(node.text() or "").split())


def after_title(text: str, heading: LexborNode | None) -> str:
    """The library's text from after the post's title on: what precedes it is the page's
    banner, navigation or date, which the library sometimes keeps (run into one line). A
    line ends with the title as the title ends, not with a sentence's full stop ("... of the
    Global Exploration Roadmap 2024." is the text); a table's cell begins with it ("| Title
    The text ..."): the line's own words after it are the text's first."""
    if heading is None:
        return text
    raw = collapse(heading.text() or "")
    title = _words(raw)
    if not title:
        return text
    joined = title.replace(" ", "")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        words = _words(line)
        if words.replace(" ", "").endswith(joined) and _ends_as(line, raw):
            cut = "\n".join(lines[i + 1 :])
            # a title the library put after the text (with the footer): not the text's start
            return cut if len(_words(cut)) * 2 >= len(_words(text)) else text
        if words.startswith(title + " "):
            return "\n".join([words[len(title) + 1 :], *lines[i + 1 :]])
    return text


def _ends_as(line: str, title: str) -> bool:
    """Whether a line of the library's text ends with the title's last character (a title
    ending in a word, a line in a full stop is a sentence about it)."""
    end = line.rstrip(" |")
    return bool(end) and end[-1].casefold() == title[-1].casefold()


def locate(
    root: LexborNode, text: str, heading: LexborNode | None = None
) -> tuple[LexborNode, LexborNode] | None:
    """(the body, the span): the smallest element of our tree holding the opening and the
    closing lines of `text` (the span), or a smaller one where that is loose (_smallest). The
    span is where the generic reader looks for the post's date, as it did before the body was
    narrowed: a day above the text's block stays read (helper-194).

    Lines of a few words only ("Topics: News") are passed over: the library keeps or drops
    such lines as it likes, and the theme may print a date between them. When the first or
    last line is not found as such (the library ran two elements into one), the next is tried.
    """
    lines = [w for line in text.splitlines() if len((w := _words(line)).split()) >= LINE_WORDS]
    if not lines or len(" ".join(lines)) < MIN_BODY_CHARS:
        return None
    # (line number, snippet): the first two lines' openings, the last two lines' closings
    heads = [(i, _snippet(line)) for i, line in enumerate(lines[:2])]
    tails = [(i, _snippet(lines[i], last=True)) for i in range(len(lines) - 1, -1, -1)][:2]
    # Holding a small part of the library's text (a paragraph that quotes the title and the
    # last words, the footer line alone), an element is not the body: a date beside it would
    # pass for the post's.
    words = sum(len(line.split()) for line in lines)
    least = MIN_SHARE_LOCATED * words
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
    return _smallest(nodes, heads, tails, words, heading)


def _snippet(line: str, last: bool = False) -> str:
    """A line's first (or last) SNIPPET_WORDS words, as it is looked for in elements."""
    words = line.split()
    return " ".join(words[-SNIPPET_WORDS:] if last else words[:SNIPPET_WORDS])


def _smallest(
    nodes: list[tuple[LexborNode, str]],
    heads: list[tuple[int, str]],
    tails: list[tuple[int, str]],
    words: int,
    heading: LexborNode | None = None,
) -> tuple[LexborNode, LexborNode] | None:
    """(the body, the span): the smallest of `nodes` (each with its words) holding an
    opening and a closing snippet (each with its line's number), pairs tried in order. Where
    the first pair's element, the span, is loose (over LOOSE times the library's `words`, its
    comments and sidebars left out: a footer line the library kept made it the whole page,
    the menu in it), two lines or more of the library's text without its first or last (the
    menu, the footer) are the body, in an element of their own, with the post's title
    (`heading`) in a block that does not hold the lines left out (_near). A sidebar's block
    is not the body of a page that is no post, whose dates outside it would then be read as
    the post's (helper-193)."""
    first: LexborNode | None = None
    for (opening, head), (closing, tail) in ((h, t) for h in heads for t in tails):
        best, best_len = None, 0
        for node, own in nodes:
            if head in own and tail in own and (best is None or len(own) <= best_len):
                best, best_len = node, len(own)
        if best is None:
            continue
        if first is None:
            first = best
            if _tight(best, words, loose=True):
                return best, best
        elif opening < closing and _tight(best, words):
            dropped = [heads[0][1]] if opening else []
            dropped += [tails[0][1]] if closing < tails[0][0] else []
            if _near(heading, best, dropped):
                return best, first
    return (first, first) if first is not None else None


def _near(heading: LexborNode | None, body: LexborNode, dropped: list[str]) -> bool:
    """Whether the smallest element holding the post's title and the body holds none of the
    library's lines left out: those are the page's (its menu above, its footer below), where
    a teaser between the title and the body, or a sidebar's block beside the text, is not."""
    block = container(heading, body) if heading is not None else None
    if block is None:
        return False
    own = _words(block.text() or "")
    return not any(line in own for line in dropped)


def _tight(node: LexborNode, words: int, loose: bool = False) -> bool:
    """An element of no more than LOOSE times the library's words; `loose`: its comments,
    sidebars and sharing links left out (read_body drops them), a span holding the post's
    text and its comments is no page (helper-194)."""
    own = _count(node)
    if loose and own > LOOSE * words:
        junk = matching(node, (*sel.NOT_POST, *sel.BODY_JUNK))
        ids = {n.mem_id for n in junk}
        outer = [n for n in junk if n.mem_id != node.mem_id and not ancestor_ids(n) & ids]
        own -= sum(_count(n) for n in outer)
    return own <= LOOSE * words


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
