"""Member agencies: the logos, list or table under an "ISECG members" heading of a page.

The member list is read from the page every time, never written into the code: a block is
found by its heading's text ("ISECG members", "Members", "Member agencies", in any element),
and what follows it (its following siblings, or its parents' following siblings, up to the
next heading, or a label naming another group: "Observers", "Former members") holds the
members, in one of three forms, whatever the markup's classes (a carousel's copies skipped):

- logos: every img is a member, named by its alt (or title), with the off-site link around
  the logo as its website;
- a list: every innermost list item is a member, named by its text ("Italian Space Agency",
  "Canadian Space Agency (CSA)"), with the off-site link inside it as its website;
- a table: every row with data cells is a member, named by the cell under a "name" or
  "agency" header (else the first cell); an "acronym" column is read as the acronym.

Logos win over a list, a list over a table. A block whose entries name no member is no block
(members_block False): the caller keeps its last good list rather than reading an empty one.
The banner ("a forum set up by 14 space agencies") and counts in text are never read.

Member.key is stable across renames: how it is chosen is agencies.py's (its docstring).

Modules: member_selectors.py holds the block's headings, tags and logo attributes, agencies.py
the table and the keys, joins.py the joins announced in news (announced_joins).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import islice
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archive.files import is_asset
from archive.text import collapse
from archive.urls import canonical, is_on_site
from scraper.extract import member_selectors as msel
from scraper.extract.agencies import (
    find_agency,
    parse_acronym,
    shares_only_the_acronym,
    site_key,
    slug,
    social_network,
)
from scraper.extract.clean import ancestors, subtree_ids
from scraper.extract.logos import (
    card_logo,
    logo_links,
    logo_name,
    logo_src,
    names_a_card,
    not_yet,
    through_redirect,
)
from scraper.extract.member_headings import headings, inside
from scraper.extract.member_items import (
    LISTS,
    category_row,
    cells_of,
    first_href,
    first_line,
    footnote,
    from_other_group,
    header_of,
    is_header,
    line_href,
    logos_win,
    notes_under,
    other_group_row,
    region_tabs,
)
from scraper.extract.types import Member

_ACTION_CALL = re.compile(r"_INSTANCE_|print\(", re.IGNORECASE)
MAX_UP = 3  # parents of the heading whose following siblings may hold the members
CLONE_UP = 4  # parents of a logo that may be a carousel's slide (its copy says "cloned")
MAX_NAME = 120  # characters: a longer list item or cell is prose, not an agency's name
_RANK = ("logo", "item", "row")  # logos win over a list, a list over a table
_ITEMS = ", ".join(msel.MEMBER_LIST_ITEM)


def _entries_in(node: LexborNode, off_site: Callable[[str], bool]) -> dict[str, list[LexborNode]]:
    """The logos, innermost list items and data rows one sibling of the heading holds, up to
    a label of another group inside it (an item "Invited guests", a row "Observers")."""
    out: dict[str, list[LexborNode]] = {}
    later = from_other_group(node)
    for kind, tags in (("logo", msel.MEMBER_LOGO), ("item", msel.MEMBER_LIST_ITEM)):
        for tag in tags:
            for entry in node.css(tag):  # the node itself too, when it matches
                if entry.mem_id in later:
                    continue
                # inner items of either kind: an agency's <li> holds a <dl> of its facts
                if kind == "item" and len(inner := entry.css(_ITEMS)[1:]) > 0:
                    if not notes_under(entry, inner, off_site):
                        continue  # a list item holding a list: its inner items are the members
                    later |= {n.mem_id for n in inner}  # a member's notes: the item is the member
                if kind == "logo" and (_action_icon(entry) or not_yet(entry)):
                    continue
                if kind == "item" and footnote(entry):
                    continue
                if kind == "logo" or not inside(entry, msel.MEMBER_ENTRY_NEVER_INSIDE):
                    out.setdefault(kind, []).append(entry)
    for tag in msel.MEMBER_ROW:
        for row in node.css(tag):
            if row.mem_id in later or category_row(row) or other_group_row(row):
                continue
            if cells_of(row) and not inside(row, msel.MEMBER_ENTRY_NEVER_INSIDE):
                out.setdefault("row", []).append(row)
    return out


def _action_icon(img: LexborNode) -> bool:
    """An icon of the portal's own actions, no member's logo: "Print" beside each portlet,
    in Liferay's action links and bars (a logo carousel's `javascript:void(0)` links, or a
    logo classed "icon", are still logos)."""
    if (img.attributes.get("alt") or "").strip().lower() in msel.ACTION_NAMES:
        return True  # "Print", "RSS": what the icon does, no agency's name
    for above in ancestors(img):
        classes = (above.attributes.get("class") or "").split()
        if any(c in msel.PORTAL_ACTIONS for c in classes):
            return True
        href = (above.attributes.get("href") or "") if above.tag == "a" else ""
        if href.strip().lower().startswith("javascript:") and _ACTION_CALL.search(href):
            return True  # a portlet's own function ("_56_INSTANCE_Ab3d_printPage()")
    return False


def _other_group(node: LexborNode, names: re.Pattern[str] = msel.MEMBER_OTHER_GROUP) -> bool:
    """A label naming another group (observers, former members) that no heading marks."""
    text = node.text(deep=True)
    if len(text) > 4 * msel.MEMBER_OTHER_GROUP_CHARS:  # read no long text through
        return False
    text = collapse(text)
    return len(text) <= msel.MEMBER_OTHER_GROUP_CHARS and bool(names.match(text))


def _ends_block(node: LexborNode, off_site: Callable[[str], bool], after_others: bool) -> bool:
    """Whether the element is, or holds, the next heading: one that no member's card holds
    as its agency's name (Wagtail's `<h3 class="member-card__name">` beside its logo), or
    one naming another group ("Observers"). `after_others`: entries other than such cards
    came before, after which a grid of cards is the next group's (sponsors')."""
    headings = [h for selector in msel.MEMBER_BLOCK_END for h in node.css(selector)]
    if headings and msel.MEMBER_OTHER_GROUP_CLASS.search(node.attributes.get("class") or ""):
        return True  # cards of partners or sponsors, their heading no label
    return any(after_others or not names_a_card(h, off_site) or _other_group(h) for h in headings)


def _cloned(node: LexborNode) -> bool:
    """A carousel's copy of a slide (its class says so): the slide itself is read."""
    near = (node, *islice(ancestors(node), CLONE_UP))
    return any(
        msel.MEMBER_CLONE_CLASS.search(above.attributes.get("class") or "") for above in near
    )


def _block_after(
    heading: LexborNode, off_site: Callable[[str], bool]
) -> tuple[str, list[LexborNode]]:
    """The members following the heading, at its level or up to MAX_UP parents higher, as
    (kind, nodes): its logos, else its list items, else its table rows (header rows too)."""
    node: LexborNode | None = heading
    for _ in range(MAX_UP + 1):
        if node is None or node.tag in ("body", "html"):
            break
        got: dict[str, list[LexborNode]] = {}
        others = False  # an entry other than a member's card came before
        sibling = node.next
        while sibling is not None:
            if sibling.is_element_node:
                if sibling.tag in msel.MEMBER_BLOCK_END_TAGS:
                    break
                if sibling.attributes.get("role") in msel.MEMBER_BLOCK_END_ROLES:
                    break
                if _ends_block(sibling, off_site, others) or _other_group(sibling):
                    break
                if got and _other_group(sibling, msel.MEMBER_LATER_GROUP):
                    break  # "Collaborators" after the members read: another group's
                for kind, found in _entries_in(sibling, off_site).items():
                    kept = [e for e in found if not _cloned(e)]
                    got.setdefault(kind, []).extend(kept)
                    others = others or any(kind != "logo" or not card_logo(e) for e in kept)
            sibling = sibling.next
        if tabs := region_tabs(got.get("item", [])):
            got["item"] = [i for i in got["item"] if i.mem_id not in tabs]
        if "logo" in got and "item" in got and not logos_win(got["logo"], got["item"], off_site):
            got.pop("logo")
        for kind in _RANK:
            if kind in got and (kind != "row" or not all(map(is_header, got[kind]))):
                return kind, got[kind]
        node = node.parent
    return "", []


@dataclass(frozen=True)
class _Entry:
    name: str  # img alt (or title), "logo" words dropped, or the text; "" when it has none
    website: str | None  # the off-site link around the logo, or in the item or row
    logo: str | None
    acronym: str | None = None  # from an acronym column


def _addresses(
    src: str | None, href: str | None, url: str, site: str, problems: list[str]
) -> tuple[str | None, str | None] | None:
    """(logo, website) made absolute; the website only when off-site and no file."""
    href = through_redirect(href) if href else None
    try:
        logo = canonical(src, site, base=url) if src else None
        link = canonical(href, site, base=url) if href else None
    except ValueError:
        problems.append(f"a member with a broken address: {src or href!r}")
        return None
    website = link if link and not is_on_site(link, site) and not is_asset(link) else None
    return logo, website


def _logo(img: LexborNode, url: str, site: str, problems: list[str]) -> _Entry | None:
    logo, website, src = None, None, logo_src(img)
    links: list[str | None] = [*logo_links(img)] or [None]
    for href in links:  # the first link off the site is its website
        both = _addresses(src, href, url, site, problems)
        if both is None:
            return None
        logo, website = both
        if website is not None:
            break
    return _Entry(logo_name(img), website, logo)


def _off_site(href: str, url: str, site: str) -> bool:
    try:
        return not is_on_site(canonical(href, site, base=url), site)
    except ValueError:
        return False


def _text_entry(
    text_node: LexborNode, link_node: LexborNode, url: str, site: str, problems: list[str]
) -> _Entry | None:
    # Its text, a line break a space ("NASA<br>USA"); an item with notes of its own in a list
    # (member_items.notes_under) named outside it; a footnote's mark after the name
    # ("Luxembourg Space Agency (LSA)<sup>1</sup>") none of it
    marks = [m for m in text_node.css("sup") if msel.FOOTNOTE_MARK.match(m.text(deep=True))]
    notes = subtree_ids([*text_node.css(", ".join(LISTS)), *marks])
    texts = (n for n in text_node.traverse(include_text=True) if n.mem_id not in notes)
    name = collapse(
        "".join(
            " " if n.tag == "br" else n.text_content or ""
            for n in texts
            if n.is_text_node or n.tag == "br"
        )
    )
    line = first_line(text_node, name)
    # named by its first line: its website is a link on that line (the next may name another
    # body's, "... also includes <a href=onera.fr>ONERA</a>", review 62)
    href = first_href(link_node) if line == name else line_href(text_node, link_node, line)
    name = line
    if len(name) > MAX_NAME:
        problems.append(f"a member entry that is no name: {name[:60]!r}")
        return None
    both = _addresses(None, href, url, site, problems)
    return None if both is None else _Entry(name, both[1], None)


def _columns(row: LexborNode) -> tuple[int, int | None]:
    """(name column, acronym column) of a row's table, from its first header row."""
    header = header_of(row)
    titles = [collapse(c.text(deep=True)) for c in cells_of(header)] if header is not None else []
    name = next((i for i, t in enumerate(titles) if msel.MEMBER_NAME_COLUMN.match(t)), 0)
    acronym = next((i for i, t in enumerate(titles) if msel.MEMBER_ACRONYM_COLUMN.match(t)), None)
    return name, acronym


def _row(row: LexborNode, url: str, site: str, problems: list[str]) -> _Entry | None:
    cells = cells_of(row)
    name_at, acronym_at = _columns(row)
    if name_at >= len(cells):
        problems.append(f"a member row without a name: {collapse(row.text(deep=True))[:60]!r}")
        return None
    found = _text_entry(cells[name_at], row, url, site, problems)
    if found is None or acronym_at is None or acronym_at >= len(cells):
        return found
    acronym = collapse(cells[acronym_at].text(deep=True))
    if len(acronym) <= 2:  # a country's code ("IT", "FR"): no agency's acronym (review 60)
        return found
    return _Entry(found.name, found.website, None, acronym)


def _read(kind: str, node: LexborNode, url: str, site: str, problems: list[str]) -> _Entry | None:
    if kind == "logo":
        return _logo(node, url, site, problems)
    if kind == "item":
        return _text_entry(node, node, url, site, problems)
    return _row(node, url, site, problems)


def _full_host(url: str) -> str:
    """Host without "www." and path: a finer key when agencies share a registrable domain."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.strip("/").lower()
    return f"{host}/{path}" if path else host


def _member(found: _Entry, host: str | None, problems: list[str]) -> tuple[Member, bool] | None:
    """The entry as a member, and whether the table's row was matched by its acronym alone."""
    name, website, logo = found.name, found.website, found.logo
    acronym = (parse_acronym(name) if name else None) or found.acronym
    agency = find_agency(name, acronym, host)
    if not name:
        if agency is None:
            problems.append(f"a member entry without a name: {logo or website!r}")
            return None
        name = agency.name
    if agency is not None:
        by_acronym = shares_only_the_acronym(agency, name, host)
        if by_acronym and host:  # its name and its website are another's: only letters shared
            return _unknown(found, acronym, host), False
        member = Member(agency.key, name, agency.acronym, agency.country, website, logo, True)
        return member, by_acronym
    return _unknown(found, acronym, host), False


def _unknown(found: _Entry, acronym: str | None, host: str | None) -> Member:
    """A member the table does not hold, as the page gives it."""
    name = found.name
    key = host or (slug(acronym) if acronym else slug(name))
    if not key:  # a name in a script slug() keeps nothing of ("Роскосмос"): the name itself
        key = "-".join(name.casefold().split())
    return Member(key, name, acronym, None, found.website, found.logo, False)


def _host_keys(entries: list[_Entry]) -> list[str | None]:
    """Each entry's site key; where differently named entries share one, their full hosts."""
    keys = [site_key(found.website) if found.website else None for found in entries]
    names: dict[str, set[str]] = {}
    for key, found in zip(keys, entries, strict=True):
        if key:
            names.setdefault(key, set()).add(found.name)
    return [
        _full_host(found.website) if key and found.website and len(names[key]) > 1 else key
        for key, found in zip(keys, entries, strict=True)
    ]


def members_from_html(url: str, html: str, site: str) -> tuple[list[Member], bool, list[str]]:
    """(members, whether a members block naming members was found, problems) of one page.

    A heading with nothing under it, or with entries of which none names a member, is no
    block: the caller keeps its last good list rather than reading an empty one.
    """
    if not html or not html.strip():
        return [], False, ["empty page"]
    try:
        tree = LexborHTMLParser(html)
    except (ValueError, RuntimeError) as exc:
        return [], False, [f"unreadable page: {exc}"]
    root = tree.body or tree.root
    if root is None:
        return [], False, ["unreadable page: no document"]
    if not root.text(deep=True).strip() and not any(root.css_first(s) for s in msel.MEMBER_LOGO):
        return [], False, ["no content on the page"]
    problems: list[str] = []
    nodes: dict[int, tuple[str, LexborNode]] = {}
    for heading in headings(root):
        kind, block = _block_after(heading, lambda href: _off_site(href, url, site))
        for node in block:
            if kind != "row" or not is_header(node):
                nodes.setdefault(node.mem_id, (kind, node))
    read = (_read(k, n, url, site, problems) for k, n in nodes.values())
    entries = [  # a number is no name ("1.png", a dot): named by its website, else dropped
        replace(e, name="") if e.name.isdigit() else e
        for e in read
        if e and not msel.NOT_AN_AGENCY.match(e.name) and not social_network(e.website)
    ]
    members: dict[str, tuple[Member, bool, _Entry, str | None]] = {}
    for found, host in zip(entries, _host_keys(entries), strict=True):
        made = _member(found, host, problems)
        if made is None:
            continue
        member, by_acronym = made
        held = members.setdefault(member.key, (member, by_acronym, found, host))
        if held[0].name == member.name:
            continue
        if not (by_acronym or held[1]):
            problems.append(f"two entries for one agency {member.key!r}: {held[0].name!r}")
            continue
        # Two entries for one row of the table, one by its acronym alone: that one is another
        # agency with the same acronym (Czech Space Agency (CSA) beside Canada's), not a copy.
        if held[1]:
            members[member.key] = (member, by_acronym, found, host)
            found, host = held[2], held[3]
        other = _unknown(found, member.acronym, host)  # both found one row: one acronym
        members.setdefault(other.key, (other, False, found, host))
    return [m for m, *_ in members.values()], bool(members), problems
