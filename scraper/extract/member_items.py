"""Where a members list ends inside itself, and what its items hold: an item or a one-cell row
naming another group ("Invited guests", "Observers") ends it; an item's own inner list may be
notes of that member ("<li><a>NASA</a><ul><li>Human exploration</li></ul></li>"), not members
(members.py reads the entries these leave)."""

from __future__ import annotations

from collections.abc import Callable

from selectolax.lexbor import LexborNode

from archive.text import collapse
from scraper.extract import member_selectors as msel
from scraper.extract.agencies import find_agency, parse_acronym, site_key
from scraper.extract.clean import ancestors, element_before
from scraper.extract.logos import logo_links, logo_name, through_redirect


def cells_of(row: LexborNode) -> list[LexborNode]:
    return [c for c in row.iter() if c.tag in msel.MEMBER_CELL]


LISTS = ("ul", "ol")  # the lists an item may hold
ACRONYM_CHARS = 10  # a text this short may be an agency's acronym ("CNES", "ROSCOSMOS")


def notes_under(item: LexborNode, inner: list[LexborNode], off_site: Callable[[str], bool]) -> bool:
    """Whether a list item's inner items are notes of its own (its link to a known agency's
    website, theirs none: "<li><a href=https://www.nasa.gov/>NASA</a><ul><li>Human
    exploration</li></ul>", review 54), not the members of a group the item names ("<li><a
    href=/europe/>Europe</a><ul><li>ESA</li>...", a country's toggle "<a href=#fr>", review
    55, or its Wikipedia page, review 57)."""
    held = {n.mem_id for i in inner for n in i.traverse()}
    hrefs = [a.attributes.get("href") or "" for a in item.css("a[href]") if a.mem_id not in held]
    own = any(off_site(h) and _agency_site(h) for h in hrefs)
    return own and all(i.css_first("a[href], img") is None and not _an_agency(i) for i in inner)


def _an_agency(item: LexborNode) -> bool:
    """Whether an inner item names a known agency (ESA's item over CNES, DLR and ASI, members
    themselves: review 58)."""
    name = collapse(item.text(deep=True))
    return find_agency(name, name if len(name) <= ACRONYM_CHARS else None, None) is not None


def _agency_site(href: str) -> bool:
    """Whether a link goes to a known agency's website (agencies.csv): a country's Wikipedia
    or government page, a map, over the agencies of that country, is none (review 57)."""
    target = through_redirect(href)
    if target is None:
        return False
    key = site_key(target)
    return key is not None and find_agency("", None, key) is not None


def from_other_group(node: LexborNode) -> set[int]:
    """The elements inside node that come in a list after an item naming another group (that
    item, its later siblings and all they hold); none where no list inside says so."""
    cut: set[int] = set()
    for element in node.traverse():
        if element.mem_id in cut or element.mem_id == node.mem_id:
            continue  # what a label before cut off is not walked again
        if group_label(element, node):
            later: LexborNode | None = element
            while later is not None:
                cut.update(n.mem_id for n in later.traverse())
                later = later.next
    return cut


def group_label(node: LexborNode, within: LexborNode) -> bool:
    """An item of a list, or a row of one cell, after the list's first, that is another group's
    name and nothing else ("Invited guests", "Observers"): no link, no logo, in no other item.
    A member's card, its note ("partner since 2007", "(affiliate)"), its sub-item
    ("Coopération internationale"), a column's title ("Areas of collaboration") or a list's
    own title in its first item is none (reviews 53 to 55)."""
    if node.tag == "tr":
        if len(cells_of(node)) != 1:  # a table's header names its columns, in a cell each
            return False
    elif node.tag not in msel.MEMBER_LIST_ITEM:
        return False
    before = element_before(node)
    if before is None or before.tag != node.tag or node.css_first("a, img") is not None:
        return False
    for above in ancestors(node):
        if above.mem_id == within.mem_id:
            break
        if above.tag in msel.MEMBER_LIST_ITEM:
            return False  # a member's sub-item
    text = collapse(node.text(deep=True))
    return len(text) <= msel.MEMBER_OTHER_GROUP_CHARS and bool(msel.MEMBER_GROUP_NAME.match(text))


# A list's items that are its page's furniture, not members: the tabs over a list by region
# ("All", "Americas", "Asia", each a tab's button), a text's footnotes ("Joined ISECG in 2019. ↩").
# Only the item and its own list say so: an accordion's or a tab panel's wrapper is
# role=tablist around the members themselves, and a box classed "footnote" may hold them
# (review 60).
_NOTE_ROLES = frozenset({"doc-endnotes", "doc-footnote", "doc-endnote"})
_TAB = "[role='tab'], [data-bs-toggle='tab'], [data-toggle='tab'], [data-bs-toggle='pill']"


def furniture(item: LexborNode) -> bool:
    """A footnote's item, or a tab's that names no known agency (probe 22)."""
    own_list = item.parent
    box = own_list.parent if own_list is not None else None
    if item.attributes.get("role") in _NOTE_ROLES:
        return True
    for node in (own_list, box):
        if node is not None and (
            node.attributes.get("role") in _NOTE_ROLES
            or "footnotes" in (node.attributes.get("class") or "").split()
        ):
            return True
    tab = item.attributes.get("role") == "tab" or item.css_first(_TAB) is not None
    return tab and not names_an_agency(collapse(item.text(deep=True)))


def names_an_agency(text: str) -> bool:
    return bool(text) and find_agency(text, parse_acronym(text), None) is not None


def category_row(row: LexborNode) -> bool:
    """A row of one cell, no link, no logo and no known agency's name, in a table whose other
    rows have more: a region's or a category's name over the members after it ("Europe")."""
    if len(cells_of(row)) != 1 or row.css_first("a, img") is not None:
        return False
    if names_an_agency(collapse(row.text(deep=True))):
        return False  # an unlinked member beside linked ones ("Swiss Space Office", review 60)
    table = next((a for a in ancestors(row) if a.tag == "table"), None)
    return table is not None and any(len(cells_of(r)) > 1 for r in table.css("tr"))


def other_group_row(row: LexborNode) -> bool:
    """A row whose cell, besides its first, gives the agency a status that is no member's
    ("Observer", "Former member" in a Status column; probe 22). A type ("International
    organisation") or a note ("Supported by ...") is no status (review 60)."""
    cells = cells_of(row)[1:]
    return any(msel.MEMBER_STATUS_NOT.match(collapse(c.text(deep=True))) for c in cells)


def first_line(item: LexborNode, name: str) -> str:
    """An item's name: its first line where that names a known agency and the whole text does
    not ("<strong>Korea Aerospace Research Institute (KARI)</strong><br>Point of contact:
    ..." names KARI; probe 22), else the whole. A first line that is only an acronym names
    that agency only where the rest does too ("CSA<br>Czech Space Agency" is not Canada's,
    review 60)."""
    br = item.css_first("br")
    if br is None or names_an_agency(name):
        return name
    parts: list[list[str]] = [[]]  # the text before the first <br>, and after it
    for node in item.traverse(include_text=True):
        if node.mem_id == br.mem_id:
            parts.append([])
        elif node.is_text_node:
            parts[-1].append(node.text_content or "")
    head, tail = collapse("".join(parts[0])), collapse("".join(parts[-1]))
    agency = find_agency(head, parse_acronym(head), None) if head else None
    if agency is None:
        return name
    if len(head) <= ACRONYM_CHARS and " " not in head:
        by_rest = find_agency(tail, parse_acronym(tail), None) if tail else None
        if by_rest is None or by_rest.key != agency.key:
            return name
    return head


def first_href(node: LexborNode) -> str | None:
    """The first link that leads to a website (an e-mail address before it is none)."""
    hrefs = (a.attributes.get("href") or "" for a in node.css("a[href]"))
    return next((href for href in hrefs if through_redirect(href)), None)


def logos_win(
    logos: list[LexborNode], items: list[LexborNode], off_site: Callable[[str], bool]
) -> bool:
    """Whether a block's logos are its members rather than its list items: not where none
    names or links anything (each item's flag), nor where the items name or link more known
    agencies than the logos do (a group photo under the list of ten, probe 22). A card's own
    list (its facts, its social links) names no more agencies than its logo (review 60)."""
    if not any(logo_name(img) or logo_links(img) for img in logos):
        return False
    by_items = {known_agency(collapse(i.text(deep=True)), first_href(i), off_site) for i in items}
    by_logos = {
        known_agency(logo_name(i), next(iter(logo_links(i)), None), off_site) for i in logos
    }
    return len(by_items - {None}) <= len(by_logos - {None})


def known_agency(name: str, href: str | None, off_site: Callable[[str], bool]) -> str | None:
    """The key of the agency of the table (agencies.csv) an entry names or links, or None."""
    target = through_redirect(href) if href else None
    key = site_key(target) if target and off_site(target) else None
    agency = find_agency(name, parse_acronym(name), key)
    return agency.key if agency is not None else None
