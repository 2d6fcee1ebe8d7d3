"""A portal item's title and date as its article prints them (the 2007-2013 portal): the
first line of the text, a heading or a line in bold, and the line below it, a date alone or
a posting line. news.py decides whether they stand for the item (the page may name its title
elsewhere; the item's address gives its day). Pure functions, no I/O.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from archive.text import collapse
from scraper.extract import dates
from scraper.extract.clean import nearest, subtree_ids
from scraper.extract.types import DateCandidate

MAX_OPENING_TITLE = 200  # characters: a longer first line is the text's
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def opening_title(body: LexborNode) -> LexborNode | None:
    """The element of a portal item's title where its article prints it as the first line of
    its text: a heading, or a line all in bold (`<p><strong>`, `<b>` then `<br>`) naming no
    day; short, and neither a sentence nor a date. A bold line with a heading below it is a
    kicker ("Press Release"): the heading is the title."""
    first = next((n for n in body.traverse(include_text=True) if _has_text(n)), None)
    if first is None or first.parent is None:
        return None
    line, text = _line_of(first, body)
    if not 3 <= len(text) <= MAX_OPENING_TITLE or text.endswith((".", ":")):
        return None
    if dates.parse_text(text) is not None:
        return None
    current: LexborNode | None = first.parent
    while current is not None:  # from the text up to its line: a heading, or all in bold
        if current.tag in _HEADINGS:
            return current
        if current.tag in ("b", "strong") and _own_line(current) and not _dated(text):
            below = _next_line(line, body)
            heading = nearest(below[0], _HEADINGS, body) if below is not None else None
            return heading or line
        current = None if current.mem_id == line.mem_id else current.parent
    return None


def _own_line(node: LexborNode) -> bool:
    """Whether an element stands on a line of its own: nothing but a <br> or its block's
    edge before and after it ("<b>Title</b><br>", not "<b>ISECG</b> held its meeting")."""
    for step in ("prev", "next"):
        sibling = getattr(node, step)
        while sibling is not None and sibling.is_text_node and not _has_text(sibling):
            sibling = getattr(sibling, step)
        if sibling is not None and sibling.tag != "br":
            return False
    return True


def _dated(text: str) -> bool:
    """Whether a line names a day: a month beside a number ("10-12 March 2009")."""
    if dates.parse_text(text) is not None:
        return True
    words = text.replace(",", " ").split()
    for i, word in enumerate(words):
        near = "".join(words[max(i - 1, 0) : i + 2])
        if dates.is_day_word(word) and any(c.isdigit() for c in near):
            return True
    return False


def dateline_after(title: LexborNode, body: LexborNode) -> tuple[LexborNode, DateCandidate] | None:
    """The line just below a portal item's title in its article, when it is a date alone or
    a posting line ("20 July 2010", "08.11.2007", "Posted: March 12, 2009"): its element and
    its date. The item's address gives its day too: news.py says which wins."""
    below = _next_line(title, body)
    if below is None:
        return None
    found = dates.from_text(below[1], "visible")
    return (below[0], found) if found is not None else None


def _next_line(above: LexborNode, body: LexborNode) -> tuple[LexborNode, str] | None:
    """The line (its element and text) that follows an element inside body."""
    inside, passed = subtree_ids([above]), False
    for node in body.traverse(include_text=True):
        passed = passed or node.mem_id in inside
        if passed and node.mem_id not in inside and _has_text(node) and node.parent is not None:
            return _line_of(node, body)
    return None


def _line_of(text_node: LexborNode, body: LexborNode) -> tuple[LexborNode, str]:
    """The outermost element inside body printing nothing but this text node's line."""
    assert text_node.parent is not None
    line, text = text_node.parent, collapse(text_node.parent.text() or "")
    while line.parent is not None and line.parent.mem_id != body.mem_id:
        if collapse(line.parent.text() or "") != text:
            break
        line = line.parent
    return line, text


def _has_text(node: LexborNode) -> bool:
    return node.is_text_node and bool((node.text_content or "").strip())
