"""Where a members list ends inside itself, and what its items hold: an item or a one-cell row
naming another group ("Invited guests", "Observers") ends it; an item's own inner list may be
notes of that member ("<li><a>NASA</a><ul><li>Human exploration</li></ul></li>"), not members
(members.py reads the entries these leave)."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from archive.text import collapse
from scraper.extract import member_selectors as msel
from scraper.extract.clean import ancestors


def cells_of(row: LexborNode) -> list[LexborNode]:
    return [c for c in row.iter() if c.tag in msel.MEMBER_CELL]


LISTS = ("ul", "ol")  # the lists an item may hold


def notes_under(item: LexborNode, inner: list[LexborNode]) -> bool:
    """Whether a list item's inner items are notes of its own (its link, theirs none: "<li><a>
    NASA</a><ul><li>Human exploration</li></ul></li>", review 54), not the members a group's
    item lists ("<li>Europe<ul><li><a>ESA</a></li>...")."""
    held = {n.mem_id for i in inner for n in i.traverse()}
    own = any(a.mem_id not in held for a in item.css("a[href]"))
    return own and all(i.css_first("a[href], img") is None for i in inner)


def from_other_group(node: LexborNode) -> set[int]:
    """The elements inside node from the first item or row that labels another group on (that
    label and everything after it in the page's order); none where no such label is inside."""
    elements = [n for n in node.traverse() if n.is_element_node]
    for i, element in enumerate(elements[1:], 1):  # node itself: the caller's to judge
        if group_label(element, node):
            return {n.mem_id for n in elements[i:]}
    return set()


def group_label(node: LexborNode, within: LexborNode) -> bool:
    """An item of the list, or a row of one cell, that is another group's name and nothing
    else ("Invited guests", "Observers"): no link, no logo, in no other item. A member's card,
    its note ("partner since 2007", "(affiliate)"), its sub-item ("Coopération internationale")
    or a column's title ("Areas of collaboration") is none (reviews 53 and 54)."""
    if node.tag == "tr":
        if len(cells_of(node)) != 1:  # a table's header names its columns, in a cell each
            return False
    elif node.tag not in msel.MEMBER_LIST_ITEM:
        return False
    if node.css_first("a, img") is not None:
        return False
    for above in ancestors(node):
        if above.mem_id == within.mem_id:
            break
        if above.tag in msel.MEMBER_LIST_ITEM:
            return False  # a member's sub-item
    text = collapse(node.text(deep=True))
    return len(text) <= msel.MEMBER_OTHER_GROUP_CHARS and bool(msel.MEMBER_GROUP_NAME.match(text))
