"""Where a members list ends inside itself, and what its items hold: an item or a one-cell row
naming another group ("Invited guests", "Observers") ends it, as a tab so named leaves out
its pane; an item's own inner list may be
notes of that member ("<li><a>NASA</a><ul><li>Human exploration</li></ul></li>"), not members;
footnotes, tabs over a list, category rows and rows of observers are none; an item may be named
by its first line, its website that line's; and whether logos or the list beside them are the
members (members.py reads the entries these leave)."""

from __future__ import annotations

import re
from collections.abc import Callable

from selectolax.lexbor import LexborNode

from archive.text import collapse
from scraper.extract import member_selectors as msel
from scraper.extract.agencies import (
    PAREN_ACR,
    SINGLE_ACR,
    Agency,
    find_agency,
    name_key,
    parse_acronym,
    site_key,
    social_network,
)
from scraper.extract.clean import ancestors, element_before, subtree_ids
from scraper.extract.logos import logo_links, logo_name, through_redirect


def cells_of(row: LexborNode) -> list[LexborNode]:
    return [c for c in row.iter() if c.tag in msel.MEMBER_CELL]


def is_header(row: LexborNode) -> bool:
    """A table's row naming its columns: header cells, or only column titles."""
    cells = cells_of(row)
    return all(c.tag in msel.MEMBER_HEADER_CELL for c in cells) or (
        bool(cells)
        and all(msel.MEMBER_COLUMN_TITLE.match(collapse(c.text(deep=True))) for c in cells)
    )


def table_of(row: LexborNode) -> LexborNode | None:
    """The table a row stands in."""
    return next((a for a in ancestors(row) if a.tag in msel.MEMBER_TABLE), None)


def header_of(row: LexborNode) -> LexborNode | None:
    """The first row naming the columns of the row's table."""
    table = table_of(row)
    return next((r for t in msel.MEMBER_ROW for r in (table or row).css(t) if is_header(r)), None)


LISTS = ("ul", "ol", "dl")  # the lists an item may hold: its notes, no part of its name
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
    return agency_at(href) is not None


def agency_at(href: str) -> Agency | None:
    """The agency of the table (agencies.csv) whose website a link leads to, or None."""
    target = through_redirect(href)
    key = site_key(target) if target else None
    return find_agency("", None, key) if key else None


def from_other_group(node: LexborNode) -> set[int]:
    """The elements inside node that come in a list after an item naming another group (that
    item, its later siblings and all they hold); none where no list inside says so."""
    cut: set[int] = set()
    for element in node.traverse():
        if element.mem_id in cut:
            continue  # what a label before cut off is not walked again
        if _other_groups_pane(element):  # the node itself too
            cut.update(n.mem_id for n in element.traverse())
        elif element.mem_id != node.mem_id and group_label(element, node):
            later: LexborNode | None = element
            while later is not None:
                cut.update(n.mem_id for n in later.traverse())
                later = later.next
    return cut


_PANE_CLASS = re.compile(r"(?:^|\s)(?:tab-pane|tabs-panel|ui-tabs-panel)(?:\s|$)")
_ID = re.compile(r"^[\w:.-]+$")


def _other_groups_pane(node: LexborNode) -> bool:
    """A tab's pane whose tab names another group ("Observers" beside "Members", probe 29):
    the tab that targets its id, or that its aria-labelledby names, anywhere on the page."""
    if node.attributes.get("role") != "tabpanel" and not _PANE_CLASS.search(
        node.attributes.get("class") or ""
    ):
        return False
    top = next((a for a in ancestors(node) if a.tag == "html"), node)
    ident, label = node.attributes.get("id") or "", node.attributes.get("aria-labelledby") or ""
    selectors = []
    if _ID.match(ident):
        selectors += [f'[{a}="#{ident}"]' for a in ("data-bs-target", "data-target", "href")]
        selectors.append(f'[aria-controls="{ident}"]')
    if _ID.match(label):
        selectors.append(f'[id="{label}"]')
    if not selectors:
        return False
    names = (collapse(tab.text(deep=True)) for tab in top.css(", ".join(selectors)))
    return any(
        len(name) <= msel.MEMBER_OTHER_GROUP_CHARS and msel.MEMBER_OTHER_GROUP.match(name)
        for name in names
    )


def group_label(node: LexborNode, within: LexborNode) -> bool:
    """An item of a list, or a row of one cell, after the list's first, that is another group's
    name and nothing else ("Invited guests", "Observers"): no link, no logo, in no other item.
    A member's card, its note ("partner since 2007", "(affiliate)"), its sub-item
    ("Coopération internationale"), a column's title ("Areas of collaboration") or a list's
    own title in its first item is none (reviews 53 to 55)."""
    if node.tag == "tr":
        if len(cells_of(node)) != 1:  # a table's header names its columns, in a cell each
            return False
    elif node.tag not in (*msel.MEMBER_LIST_ITEM, *msel.MEMBER_LIST_TERM):
        return False
    before = element_before(node)
    if node.css_first("a, img") is not None:
        return False
    if node.tag not in msel.MEMBER_LIST_TERM and (before is None or before.tag != node.tag):
        return False  # a term heads its entries, the first among them too
    for above in ancestors(node):
        if above.mem_id == within.mem_id:
            break
        if above.tag in msel.MEMBER_LIST_ITEM:
            return False  # a member's sub-item
    text = collapse(node.text(deep=True))
    return len(text) <= msel.MEMBER_OTHER_GROUP_CHARS and bool(msel.MEMBER_GROUP_NAME.match(text))


# A text's footnotes are no members ("Joined ISECG in 2019. ↩"): by their roles or the ids
# Markdown gives them (kramdown's "fn:1", markdown-it's "fn1"), not by a class some page
# builders give a list of members (review 62).
_NOTE_ROLES = frozenset({"doc-endnotes", "doc-footnote", "doc-endnote"})
_NOTE_ID = re.compile(r"^fn[:\-]?\d+$")
# A tab's button or link: the tabs over a list by region ("All", "Americas", "Asia")
_TAB = "[role='tab'], [data-bs-toggle='tab'], [data-toggle='tab'], [data-bs-toggle='pill']"


def footnote(item: LexborNode) -> bool:
    """A footnote's item: marked so itself, or its list or the list's box (probe 22)."""
    if _NOTE_ID.match(item.attributes.get("id") or ""):
        return True
    own_list = item.parent
    box = own_list.parent if own_list is not None else None
    return any(
        n is not None and n.attributes.get("role") in _NOTE_ROLES for n in (item, own_list, box)
    )


def region_tabs(items: list[LexborNode]) -> set[int]:
    """The tabs among a block's items that name no known agency, where the block has other
    items too: the tabs filter a list of members (probe 22). A list of tabs alone is the
    members', one a tab (review 62: vertical tabs, one per agency)."""
    tabs = [i for i in items if i.attributes.get("role") == "tab" or i.css_first(_TAB) is not None]
    if len(tabs) == len(items):
        return set()
    return {t.mem_id for t in tabs if not names_an_agency(collapse(t.text(deep=True)))}


def names_an_agency(text: str) -> bool:
    return bool(text) and find_agency(text, parse_acronym(text), None) is not None


def category_row(row: LexborNode) -> bool:
    """A row of one cell, no link, no logo and no known agency's name, in a table whose other
    rows have more: a region's or a category's name over the members after it ("Europe")."""
    if len(cells_of(row)) != 1 or row.css_first("a, img") is not None:
        return False
    text = collapse(row.text(deep=True))
    if names_an_agency(text) or parse_acronym(text) or _a_body_named(text):
        return False  # an unlinked member beside linked ones ("Swiss Space Office", "Saudi Space
        # Agency", reviews 60 and 64)
    table = table_of(row)
    rows = table.css("tr") if table is not None else []
    # wider data rows: a header of two cells over one-cell rows of members is none (review 63)
    return any(len(cells_of(r)) > 1 and not is_header(r) for r in rows)


def _a_body_named(text: str) -> bool:
    """A name ending in a body's word after a word of its own ("Saudi Space Agency"), not a
    category's ("Regional Office", "Government agency", "Research institute"; review 65)."""
    if not msel.AGENCY_WORD_LAST.search(text):
        return False
    return any(not msel.GENERIC_WORD.match(word) for word in text.casefold().split()[:-1])


def other_group_row(row: LexborNode) -> bool:
    """A row whose cell under a Status column gives the agency a status that is no member's
    ("Observer", "Former member"; probe 22). A type ("International organisation"), a note,
    or a matrix of working groups a member observes is none (reviews 60 and 62)."""
    header = header_of(row) if table_of(row) is not None else None
    if header is None or header.mem_id == row.mem_id:
        return False
    titles = [collapse(c.text(deep=True)) for c in cells_of(header)]
    columns = [n for n, title in enumerate(titles) if msel.MEMBER_STATUS_COLUMN.match(title)]
    cells = cells_of(row)
    return len(columns) == 1 and columns[0] < len(cells) and _not_a_members(cells[columns[0]])


def _not_a_members(cell: LexborNode) -> bool:
    """A status cell's words giving no member's status, whole or with a note of when or why."""
    text = collapse(cell.text(deep=True))
    if msel.MEMBER_STATUS_NOT.match(text):
        return True
    words = re.match(r"^(.+?)(?=\s*[(\-\u2013\u2014,;:])", text)
    if words is None or not msel.MEMBER_STATUS_NOT.match(words.group(1)):
        return False
    note = text[words.end() :]
    return bool(msel.MEMBER_STATUS_NOTE.match(note)) and not msel.MEMBER_STATUS_AGAIN.search(note)


# The short forms of the countries in agencies.csv that pages print under an acronym
_COUNTRY_FORMS = {
    **dict.fromkeys(("usa", "us", "u.s", "u.s.a", "united states of america"), "united states"),
    **dict.fromkeys(("korea", "south korea", "rep. of korea", "korea, rep"), "republic of korea"),
    **dict.fromkeys(("uk", "great britain", "britain"), "united kingdom"),
    "uae": "united arab emirates",
}


def first_line(item: LexborNode, name: str) -> str:
    """An item's name: its first line where that names a known agency and the whole text does
    not ("<strong>Korea Aerospace Research Institute (KARI)</strong><br>Point of contact:
    ..." names KARI; probe 22), else the whole. A first line that is only an acronym names
    that agency only where the rest names it too, or its country ("CSA<br>Czech Space Agency"
    is not Canada's, review 60; "NASA<br>United States" is NASA, review 62)."""
    br = item.css_first("br")
    if br is None or names_an_agency(name):
        return name
    lines: list[list[str]] = [[]]  # the text of each line
    for node in item.traverse(include_text=True):
        if node.tag == "br":
            lines.append([])
        elif node.is_text_node:
            lines[-1].append(node.text_content or "")
    head, second = collapse("".join(lines[0])), collapse("".join(lines[1]))
    tail = collapse(" ".join("".join(line) for line in lines[1:]))
    agency = find_agency(head, parse_acronym(head), None) if head else None
    if agency is None:
        return name
    if len(head) <= ACRONYM_CHARS and " " not in head:
        by_rest = find_agency(tail, parse_acronym(tail), None) if tail else None
        country = second.casefold().strip(" .()")  # "NASA<br>United States", "KARI<br>Korea"
        its_country = _COUNTRY_FORMS.get(country, country) == agency.country.casefold()
        if not its_country and (by_rest is None or by_rest.key != agency.key):
            return name
    return head


def first_href(node: LexborNode, before_break: bool = False) -> str | None:
    """The address the first link that leads to a website leads to (an e-mail address, a
    social account before it are none: the entry keeps its name, review 62); `before_break`:
    on its first line."""
    links = node.css("a[href]")
    if before_break and (br := node.css_first("br")) is not None:
        links = []
        for element in node.traverse():  # in the document's order, up to the line's end
            if element.mem_id == br.mem_id:
                break
            if element.tag == "a" and element.attributes.get("href"):
                links.append(element)
    targets = (through_redirect(a.attributes.get("href") or "") for a in links)
    return next((t for t in targets if t and not social_network(t)), None)


def logos_win(
    logos: list[LexborNode], items: list[LexborNode], off_site: Callable[[str], bool]
) -> bool:
    """Whether a block's logos are its members rather than its list items, as they are but
    where each logo is an item's own and none names or links anything (each item's flag, a
    gallery's captioned images), or where pictures naming no agency (known, or named as one:
    "Korea AeroSpace Administration (KASA)") and linking off the site to none stand beside a
    list of two agencies or more, each named as such (a group photo under the list of ten,
    probe 22; review 66). Reviews 60 to 64 found every wider rule reading a card's
    facts, a news ticker, a tag cloud or a list of chairs in place of logos of the members."""
    pictures = [(logo_name(img), logo_links(img)) for img in logos]
    if not any(name or links for name, links in pictures):
        # ... and where the items name or link an agency, not its head (review 65)
        holders = subtree_ids(items)
        return not all(img.mem_id in holders for img in logos) or not any(
            names_an_agency(collapse(i.text(deep=True))) or first_href(i) for i in items
        )
    # pictures naming no agency and linking none (a group photo linked to its file, the
    # group's emblem linked home, a banner) above a list of agencies named as such (review 65);
    # a name the table lacks is a new member's logo (reviews 66, 67)
    if any(names_an_agency(name) or _like_an_agency(name) for name, _ in pictures if name):
        return True
    if any(off_site(href) for _, links in pictures for href in links):
        return True
    # every item an agency named as such: not a filter's "All", not a list of new members
    named = [_named_as_agency(collapse(i.text(deep=True))) for i in items]
    return not (len(named) >= 2 and all(named))


def _like_an_agency(name: str) -> bool:
    """Whether a picture's name reads as an agency's the table lacks: a name with an acronym
    ("Korea AeroSpace Administration (KASA)"), an acronym alone ("PhilSA"; not the group's
    own, "ISECG"), or a body's word in it ("Agencia Espacial Española"; not "heads of
    agencies", a photo's)."""
    if PAREN_ACR.match(name) or _a_body_named(name):
        return True
    if SINGLE_ACR.match(name) and sum(c.isupper() for c in name) >= 2:
        return name.casefold() != "isecg"
    return bool(msel.AGENCY_WORD.search(name))


def _named_as_agency(text: str) -> bool:
    """Whether a text is an agency's name, alias or acronym and nothing more, or a name with
    that agency's acronym after it ("Italian Space Agency (ASI)"; not "NASA (Chair 2024)", a
    chairs list, nor "JAXA - hosts the meeting", a headline)."""
    agency = find_agency(text, None, None)
    if agency is None:
        return False
    names = {name_key(n) for n in (agency.name, agency.acronym, *agency.aliases)}
    paren = PAREN_ACR.match(text)
    if paren is not None:
        return (
            name_key(paren["acr"]) == name_key(agency.acronym) and name_key(paren["name"]) in names
        )
    return name_key(text) in names


def line_href(cell: LexborNode, row: LexborNode, name: str) -> str | None:
    """The website of an entry named by its first line: a link on that line, else one in
    its row or item to the named agency's own site ("Canadian Space Agency<br>
    www.asc-csa.gc.ca", a Website column), never another body's (review 63)."""
    if (href := first_href(cell, before_break=True)) is not None:
        return href
    agency = find_agency(name, parse_acronym(name), None)
    if agency is None:
        return None
    hrefs = (a.attributes.get("href") or "" for a in row.css("a[href]"))
    return next((through_redirect(h) for h in hrefs if agency_at(h) == agency), None)
