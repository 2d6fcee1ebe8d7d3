"""Member agencies: the logos under an "ISECG members" heading of a page.

The member list is read from the page every time, never written into the code: a block is
found by its heading's text ("ISECG members", "Members", "Member agencies", in any element),
and every img[alt] after it (its following siblings, or its parents' following siblings, up to
the next heading) is a member, with the off-site link around the logo as its website. The
banner ("a forum set up by 14 space agencies") and counts in text are never read.

Member.key is stable across renames: the curated table's key when the table knows the agency
(by its website, then its name or an alias, then its acronym), else the agency's site key (the
registrable host of its website, lower case, no "www."; on shared government portals such as
gov.uk or gob.mx the path is kept, since the host names no agency; where differently named
logos on one page share a registrable host, each keeps its full host), else its acronym, else
a slug of its name. The table (agencies.csv: key, acronym, name, country, aliases, hosts; its
keys are the site keys of each agency's website) adds acronym and country: it never adds a
member, and an agency it does not know keeps what the page says.

Modules: selectors.py holds the block's headings, tags and logo attributes, agencies.py the
table and the keys, joins.py the joins announced in news (announced_members, re-exported here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract import selectors as sel
from scraper.extract.agencies import find_agency, norm, parse_acronym, site_key, slug
from scraper.extract.joins import announced_members as announced_members  # for build.py
from scraper.extract.types import Member
from scraper.urls import canonical, is_asset, is_on_site

MAX_UP = 3  # parents of the heading whose following siblings may hold the logos
_LOGO_WORD = re.compile(r"\s*\blogo\b(?:\s+of\b)?\s*", re.I)


def _inside(node: LexborNode, tags: tuple[str, ...]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _headings(root: LexborNode) -> list[LexborNode]:
    found: dict[int, LexborNode] = {}
    for group, loose in ((sel.MEMBER_HEADINGS, False), (sel.MEMBER_LOOSE_HEADINGS, True)):
        for selector in group:
            for node in root.css(selector):
                # A loose heading holds its words itself; reading only its own text keeps
                # this linear on deeply nested pages.
                text = norm(node.text(deep=not loose))
                if not sel.MEMBERS_HEADING.match(text) or _inside(node, sel.MEMBER_NEVER_INSIDE):
                    continue
                if loose and any(node.css_first(s) for s in sel.MEMBER_LOGO):
                    continue
                found.setdefault(node.mem_id, node)
    return list(found.values())


def _logos_after(heading: LexborNode) -> list[LexborNode]:
    """The logos following the heading, at its level or up to MAX_UP parents higher."""
    node: LexborNode | None = heading
    for _ in range(MAX_UP + 1):
        if node is None or node.tag in ("body", "html"):
            break
        logos: list[LexborNode] = []
        sibling = node.next
        while sibling is not None:
            if sibling.is_element_node:
                if sibling.tag in sel.MEMBER_BLOCK_END_TAGS:
                    break
                if sibling.attributes.get("role") in sel.MEMBER_BLOCK_END_ROLES:
                    break
                if any(sibling.css_first(s) for s in sel.MEMBER_BLOCK_END):
                    break
                for selector in sel.MEMBER_LOGO:
                    logos += [sibling] if sibling.tag == selector else sibling.css(selector)
            sibling = sibling.next
        if logos:
            return logos
        node = node.parent
    return []


def _link_of(img: LexborNode) -> str | None:
    node = img.parent
    for _ in range(3):
        if node is None:
            return None
        if node.tag == "a":
            return node.attributes.get("href")
        node = node.parent
    return None


def _logo_src(img: LexborNode) -> str | None:
    for attr in sel.LOGO_SRC_ATTRS:
        value = (img.attributes.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return value
    for attr in sel.LOGO_SRCSET_ATTRS:
        srcset = (img.attributes.get(attr) or "").strip()
        if srcset:
            return srcset.split(",")[0].split()[0]
    return None


@dataclass(frozen=True)
class _Logo:
    name: str  # img alt (or title), "logo" words dropped; "" when it has none
    website: str | None  # the off-site link around the logo
    logo: str | None


def _logo(img: LexborNode, url: str, site: str, problems: list[str]) -> _Logo | None:
    raw = next((img.attributes.get(a) for a in sel.LOGO_NAME_ATTRS if img.attributes.get(a)), "")
    name = norm(_LOGO_WORD.sub(" ", raw or "")) or norm(raw or "")
    src, href = _logo_src(img), _link_of(img)
    try:
        logo = canonical(src, site, base=url) if src else None
        link = canonical(href, site, base=url) if href else None
    except ValueError:
        problems.append(f"a member logo with a broken address: {src or href!r}")
        return None
    website = link if link and not is_on_site(link, site) and not is_asset(link) else None
    return _Logo(name, website, logo)


def _full_host(url: str) -> str:
    """Host without "www." and path: a finer key when agencies share a registrable domain."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.strip("/").lower()
    return f"{host}/{path}" if path else host


def _member(found: _Logo, host: str | None, problems: list[str]) -> Member | None:
    name, website, logo = found.name, found.website, found.logo
    acronym = parse_acronym(name) if name else None
    agency = find_agency(name, acronym, host)
    if not name:
        if agency is None:
            problems.append(f"a member logo without a name: {logo or website!r}")
            return None
        name = agency.name
    if agency is not None:
        return Member(agency.key, name, agency.acronym, agency.country, website, logo, True)
    key = host or (slug(acronym) if acronym else slug(name))
    return Member(key, name, acronym, None, website, logo, False)


def _host_keys(logos: list[_Logo]) -> list[str | None]:
    """Each logo's site key; where differently named logos share one, their full hosts."""
    keys = [site_key(found.website) if found.website else None for found in logos]
    names: dict[str, set[str]] = {}
    for key, found in zip(keys, logos, strict=True):
        if key:
            names.setdefault(key, set()).add(found.name)
    return [
        _full_host(found.website) if key and found.website and len(names[key]) > 1 else key
        for key, found in zip(keys, logos, strict=True)
    ]


def members_from_html(url: str, html: str, site: str) -> tuple[list[Member], bool, list[str]]:
    """(members, whether a members block with logos was found, problems) of one page.

    A heading without logos under it (a text list of members in a post) is no block: the
    caller keeps its last good list rather than reading an empty one.
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
    if not root.text(deep=True).strip() and not any(root.css_first(s) for s in sel.MEMBER_LOGO):
        return [], False, ["no content on the page"]
    problems: list[str] = []
    imgs: dict[int, LexborNode] = {}
    for heading in _headings(root):
        for img in _logos_after(heading):
            imgs.setdefault(img.mem_id, img)
    logos = [x for x in (_logo(img, url, site, problems) for img in imgs.values()) if x]
    members: dict[str, Member] = {}
    for found, host in zip(logos, _host_keys(logos), strict=True):
        member = _member(found, host, problems)
        if member is None:
            continue
        other = members.setdefault(member.key, member)
        if other.name != member.name:
            problems.append(f"two logos for one agency {member.key!r}: {other.name!r}")
    return list(members.values()), bool(imgs), problems
