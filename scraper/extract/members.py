"""Member agencies: the logos under an "ISECG members" heading, and joins announced in news.

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
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..urls import canonical, is_asset, is_on_site
from .types import Member, News

# ---- selectors (to move into selectors.py) ---------------------------------------------------
# Elements whose own text may head a members block: real headings first, then short elements
# themes use as block titles. An element holding an image is a block, not its heading.
MEMBER_HEADINGS = ("h1, h2, h3, h4, h5, h6", "[role='heading']")
MEMBER_LOOSE_HEADINGS = ("p, span, strong, b, div, dt, caption, figcaption, legend, header",)
# Ends a block: the next heading among the following siblings (itself, or inside one).
MEMBER_BLOCK_END = ("h1, h2, h3, h4, h5, h6, [role='heading']",)
MEMBER_BLOCK_END_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
MEMBER_LOGO = ("img",)
# Attributes holding a logo's address: lazy-loading themes leave a placeholder in src.
LOGO_SRC_ATTRS = ("src", "data-src", "data-lazy-src", "data-original")
LOGO_NAME_ATTRS = ("alt", "title", "aria-label")
MEMBER_NEVER_INSIDE = ("nav", "a", "script", "style", "noscript", "template")

# ---- text patterns ---------------------------------------------------------------------------
MEMBERS_HEADING = re.compile(
    r"^(?:isecg\s+|our\s+|current\s+)?(?:members?|member\s+agencies|participating\s+agencies)"
    r"\s*:?$",
    re.I,
)
MAX_UP = 3  # parents of the heading whose following siblings may hold the logos
_PAREN_ACR = re.compile(r"^(?P<name>.+?)\s*\((?P<acr>[^()]{2,16})\)$")
_DASH_ACR = re.compile(r"^(?P<acr>[A-Za-z]{2,10})\s+[-\u2013\u2014]\s+(?P<name>.+)$")
_SINGLE_ACR = re.compile(r"^[A-Z][A-Za-z0-9]{1,9}$")
_LOGO_WORD = re.compile(r"\s*\blogo\b(?:\s+of\b)?\s*", re.I)

# Shared government portals: the host names the government, not the agency.
SECOND_LEVEL = frozenset(
    {"gov", "gob", "govt", "gc", "go", "gv", "ac", "co", "com", "org", "net", "edu", "or", "re"}
)
SHARED_DOMAINS = frozenset({"admin.ch", "public.lu", "europa.eu", "gouv.fr", "canada.ca"})
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Agency:
    key: str
    acronym: str
    name: str
    country: str
    aliases: tuple[str, ...]
    hosts: tuple[str, ...]  # site keys of its websites, old and new


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\xa0", " ")).strip()


def fold(text: str) -> str:
    """Without accents: 'Agência' and 'Agencia' are one name."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """A name for comparison: no accents, case, punctuation or leading 'the'."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(text).lower().replace("&", " and ")).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def slug(text: str) -> str:
    return "-".join(name_key(text).split())


def site_key(url: str) -> str | None:
    """The registrable host of a website, lower case without "www."; the path on shared portals.

    "https://global.jaxa.jp/" -> "jaxa.jp"; "https://www.kari.re.kr/eng.do" -> "kari.re.kr";
    "https://www.gov.br/aeb/" -> "gov.br/aeb"; "https://www.sbfi.admin.ch/..." -> "sbfi.admin.ch".
    """
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().rstrip(".").removeprefix("www.")
    except ValueError:
        return None
    labels = host.split(".")
    if not host or len(labels) < 2 or labels[-1].isdigit():
        return host or None
    suffix = labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2
    keep = 3 if suffix else 2
    registrable = ".".join(labels[-keep:])
    if registrable in SHARED_DOMAINS:
        keep += 1
        registrable = ".".join(labels[-keep:])
    if len(labels) < keep or registrable in SHARED_DOMAINS:  # the host is the portal itself
        path = parts.path.strip("/").lower()
        return f"{host}/{path}" if path else host
    return registrable


@cache
def agency_table() -> tuple[Agency, ...]:
    """The curated table of agencies (agencies.csv, package data)."""
    text = resources.files(__package__).joinpath("agencies.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())

    def split(value: str | None) -> tuple[str, ...]:
        return tuple(v.strip() for v in (value or "").split("|") if v.strip())

    return tuple(
        Agency(
            key=row["key"],
            acronym=row["acronym"],
            name=row["name"],
            country=row["country"],
            aliases=split(row["aliases"]),
            hosts=split(row["hosts"]),
        )
        for row in rows
    )


def _name_forms(name: str) -> set[str]:
    """The page's name, without "(ACR)" or "ACR - ", and without a leading or trailing acronym."""
    forms = {name}
    for pattern in (_PAREN_ACR, _DASH_ACR):
        m = pattern.match(name)
        if m:
            forms.add(m.group("name"))
    words = name.split()
    if len(words) > 2 and words[0].isupper():
        forms.add(" ".join(words[1:]))
    if len(words) > 2 and words[-1].isupper():
        forms.add(" ".join(words[:-1]))
    return {name_key(f) for f in forms if name_key(f)}


def find_agency(name: str, acronym: str | None, key: str | None) -> Agency | None:
    """The table's row for an agency: by website, then by name or alias, then by acronym.

    A name or acronym matches even when the page's website is not in the row: agencies move
    their websites more often than two ISECG members share a name or an acronym.
    """
    table = agency_table()
    if key:
        for agency in table:
            if any(key == h or key.startswith(h + "/") for h in agency.hosts):
                return agency
    forms = _name_forms(name) if name else set()
    for agency in table:
        if forms & {name_key(n) for n in (agency.name, agency.acronym, *agency.aliases)}:
            return agency
    if acronym:
        wanted = name_key(acronym)
        for agency in table:
            if wanted in {name_key(a) for a in (agency.acronym, *agency.aliases)}:
                return agency
    return None


def parse_acronym(name: str) -> str | None:
    """ "Italian Space Agency (ASI)" -> ASI; "POLSA - Polish Space Agency" -> POLSA; "CNES"."""
    m = _PAREN_ACR.match(name) or _DASH_ACR.match(name)
    if m:
        acr = m.group("acr").strip()
        if sum(c.isupper() for c in acr) >= 2 and len(acr.split()) <= 3:
            return acr
    return name if _SINGLE_ACR.match(name) and sum(c.isupper() for c in name) >= 2 else None


def _inside(node: LexborNode, tags: tuple[str, ...]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _headings(root: LexborNode) -> list[LexborNode]:
    found: dict[int, LexborNode] = {}
    for group, loose in ((MEMBER_HEADINGS, False), (MEMBER_LOOSE_HEADINGS, True)):
        for selector in group:
            for node in root.css(selector):
                # A loose heading holds its words itself; reading only its own text keeps
                # this linear on deeply nested pages.
                text = _norm(node.text(deep=not loose))
                if not MEMBERS_HEADING.match(text) or _inside(node, MEMBER_NEVER_INSIDE):
                    continue
                if loose and any(node.css_first(s) for s in MEMBER_LOGO):
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
                if sibling.tag in MEMBER_BLOCK_END_TAGS or sibling.attributes.get("role") == (
                    "heading"
                ):
                    break
                if any(sibling.css_first(s) for s in MEMBER_BLOCK_END):
                    break
                for selector in MEMBER_LOGO:
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
    for attr in LOGO_SRC_ATTRS:
        value = (img.attributes.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return value
    srcset = (img.attributes.get("srcset") or "").strip()
    return srcset.split(",")[0].split()[0] if srcset else None


@dataclass(frozen=True)
class _Logo:
    name: str  # img alt (or title), "logo" words dropped; "" when it has none
    website: str | None  # the off-site link around the logo
    logo: str | None


def _logo(img: LexborNode, url: str, site: str, problems: list[str]) -> _Logo | None:
    raw = next((img.attributes.get(a) for a in LOGO_NAME_ATTRS if img.attributes.get(a)), "")
    name = _norm(_LOGO_WORD.sub(" ", raw or "")) or _norm(raw or "")
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
    if not root.text(deep=True).strip() and root.css_first("img") is None:
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


# ---- joins announced in news -------------------------------------------------------------------
# Each pattern's "who" group is the part of a sentence naming the agencies that join; only
# member names, acronyms and aliases found inside it count (never countries, never counts).
_ISECG = r"(?:ISECG|the\s+group|the\s+International\s+Space\s+Exploration\s+Coordination\s+Group)"
JOIN_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        # "welcomes UAE Space Agency as New Member", "has welcomed X and Y as new members"
        r"welcom(?:e|es|ed|ing)\s+(?P<who>.+?)\s+as\s+(?:an?\s+|its\s+)?(?:\w+\s+)?new\s+members?",
        # "have welcomed four new members: A, B and C"
        r"welcom(?:e|es|ed|ing)\s+(?:the\s+)?(?:\w+\s+)?new\s+members?(?:\s+agencies)?\s*[:,]"
        r"\s*(?P<who>.+)",
        # "The latest three, LSA, NOSA and VNSC, have been welcomed"
        r"(?P<who>.+?)\s+(?:has|have)\s+been\s+(?:welcomed|admitted|accepted)\b",
        # "X has joined ISECG", "X Joins ISECG as 28th Member" (not "... can join", "to join")
        rf"(?P<who>.+?)(?<!\bto)(?<!\bcan)\s+(?:has\s+|have\s+)?(?:officially\s+)?join(?:ed|s)?"
        rf"\s+{_ISECG}",
        # "X becomes the 15th member", "X Becomes the 27th Member of ISECG"
        r"(?P<who>.+?)\s+(?:becomes?|became|has\s+become)\s+(?:the\s+|its\s+)?\d+(?:st|nd|rd|th)"
        r"\s+member",
        # "X have become members of ISECG"
        rf"(?P<who>.+?)\s+(?:has|have)\s+become\s+(?:a\s+)?members?\s+of\s+{_ISECG}",
        # "New members: X, Y"
        r"\bnew\s+members?\s*:\s*(?P<who>.+)",
        # "approved the request of X to join"
        r"request\s+of\s+(?P<who>.+?)\s+to\s+(?:join|become)",
    )
)
# Looking back over past joins ("Since the beginning of 2019 six agencies have become members"):
# a summary, not the announcement.
RECAP = re.compile(
    r"^\s*since\b|\bsince\s+(?:the\s+(?:beginning|start)\b|(?:\w+\s+)?(?:19|20)\d\d\b)", re.I
)
# Agencies named as hosts or helpers in a join sentence are not the ones joining.
NOT_JOINER = re.compile(
    r"\b(?:hosted|organi[sz]ed|chaired|led|represented|supported|proposed)\s+(?:jointly\s+)?"
    r"by\s+[^,;]+",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"\u201c\u2018(]?[A-Z0-9])|\n+")


def _terms(member: Member) -> list[tuple[str, bool]]:
    """(term, is_acronym) naming one member: page name and its parts, table name and aliases."""
    names = {member.name}
    for pattern in (_PAREN_ACR, _DASH_ACR):
        m = pattern.match(member.name)
        if m:
            names.add(m.group("name"))
    acronyms = {member.acronym} if member.acronym else set()
    agency = next((a for a in agency_table() if a.key == member.key), None)
    if agency is not None:
        names.add(agency.name)
        acronyms.add(agency.acronym)
        for alias in agency.aliases:
            (acronyms if _SINGLE_ACR.match(alias) else names).add(alias)
    out = [(fold(n), False) for n in names if n and len(n) > 3 and not _SINGLE_ACR.match(n)]
    out += [(fold(a), True) for a in acronyms | {n for n in names if _SINGLE_ACR.match(n)} if a]
    return out


def _mentions(text: str, members: list[Member]) -> list[str]:
    """Keys of members named in text, in order, longest match first where names overlap."""
    hits: list[tuple[int, int, str]] = []
    for member in members:
        for term, is_acronym in _terms(member):
            words = r"\s+".join(re.escape(w) for w in term.split())
            pattern = re.compile(rf"(?<![\w-]){words}(?![\w-])", 0 if is_acronym else re.I)
            hits += [(m.start(), m.end(), member.key) for m in pattern.finditer(text)]
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for start, end, key in sorted(hits, key=lambda h: h[0] - h[1]):
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
            found.append((start, key))
    return list(dict.fromkeys(key for _, key in sorted(found)))


def announced_members(news: News, members: list[Member]) -> list[str]:
    """Keys of the members a news post announces as joining ISECG, in order of mention.

    Only sentences that say so count ("welcomes X as new member", "X has joined ISECG", "X
    becomes the 15th member", "new members: X, Y"); attendance ("24 agencies attended"), counts
    and summaries of past joins ("Since 2019 six agencies have become members") do not.
    """
    text = fold(f"{news.title or ''}\n{news.body_text}")
    keys: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        sentence = _norm(sentence)
        if not sentence or RECAP.search(sentence):
            continue
        for pattern in JOIN_PATTERNS:
            for m in pattern.finditer(sentence):
                keys += _mentions(NOT_JOINER.sub(" ", m.group("who")), members)
    return list(dict.fromkeys(keys))
