"""Agencies by name and website: the curated table, site keys, acronyms and name forms.

A member's key (Member.key, given by members.py) is stable across renames: the curated table's
key when the table knows the agency (by its website, then its name or an alias, then its
acronym), else the agency's site key (the registrable host of its website, lower case, no
"www."; on shared government portals such as gov.uk or gob.mx the path is kept, since the host
names no agency; where differently named entries on one page share a registrable host, each
keeps its full host), else its acronym, else a slug of its name. The table (agencies.csv: key,
acronym, name, country, aliases, hosts; its keys are the site keys of each agency's website)
adds acronym and country: it never adds a member, and an agency it does not know keeps what the
page says. Where two entries of a page find one row, and one of them only by its acronym (its
name and website are not the row's), that one is another agency with the same acronym, keyed as
one the table does not know.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList


PAREN_ACR = re.compile(r"^(?P<name>.+?)\s*\((?P<acr>[^()]{2,16})\)$")
DASH_ACR = re.compile(r"^(?P<acr>[A-Za-z]{2,10})\s+[-\u2013\u2014]\s+(?P<name>.+)$")
SINGLE_ACR = re.compile(r"^[A-Z][A-Za-z0-9]{1,9}$")

# Shared government portals: the host names the government, not the agency. Registrable
# domains (not public suffixes) under which each agency has a host of its own.
SHARED_DOMAINS = frozenset({"admin.ch", "public.lu", "europa.eu", "gouv.fr", "canada.ca"})


@dataclass(frozen=True)
class Agency:
    key: str
    acronym: str
    name: str
    country: str
    aliases: tuple[str, ...]
    hosts: tuple[str, ...]  # site keys of its websites, old and new


def fold(text: str) -> str:
    """Without accents: 'Agência' and 'Agencia' are one name."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """A name for comparison: no accents, case, punctuation or leading 'the'."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(text).lower().replace("&", " and ")).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def slug(text: str) -> str:
    return "-".join(name_key(text).split())


@cache
def _public_suffixes() -> PublicSuffixList:
    """The Public Suffix List's ICANN section, as publicsuffixlist bundles it (never fetched).
    Loaded on first use, by the build: a tenth of a second. (tldextract, used before, took
    0.3 to 0.4 s here to import, with `requests`, and build its tree.)"""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(only_icann=True)


def site_key(url: str) -> str | None:
    """The registrable domain of a website (by the Public Suffix List), lower case without "www.";
    the path on shared portals.

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
    # A top-level domain the list does not know is a suffix of one label (the list's own
    # default rule, "*"); the registrable domain is one label more than the public suffix.
    suffix = _public_suffixes().publicsuffix(host) or labels[-1]
    keep = suffix.count(".") + 2
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


@cache
def country_names() -> frozenset[str]:
    """The countries of the table's agencies, case folded: a picture named so is a flag."""
    return frozenset(agency.country.casefold() for agency in agency_table())


# A name in two languages, one after the other: "European Space Agency / Agence spatiale
# européenne" (probe 29)
_TWO_LANGUAGES = re.compile(r"^(?P<one>[^/]+?)\s+/\s+(?P<two>[^/]+)$")


def _name_forms(name: str) -> set[str]:
    """The page's name, without "(ACR)" or "ACR - ", and without a leading or trailing acronym;
    each language's of a name given in two."""
    if two := _TWO_LANGUAGES.match(name):
        return _name_forms(two["one"]) | _name_forms(two["two"])
    forms = {name}
    for pattern in (PAREN_ACR, DASH_ACR):
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
            if _at_its_website(agency, key):
                return agency
    forms = _name_forms(name) if name else set()
    for agency in table:
        if forms & _names(agency):
            return agency
    if acronym:
        wanted = name_key(acronym)
        for agency in table:
            if wanted in {name_key(a) for a in (agency.acronym, *agency.aliases)}:
                return agency
    return None


def shares_only_the_acronym(agency: Agency, name: str, key: str | None) -> bool:
    """Whether a named entry matched the row by its acronym alone: neither its website nor
    its name is the row's ("Czech Space Agency (CSA)", czechspace.cz, against Canada's CSA)."""
    if not name or (key and _at_its_website(agency, key)):
        return False
    return not _name_forms(name) & _names(agency)


def _at_its_website(agency: Agency, key: str) -> bool:
    return any(key == h or key.startswith(h + "/") for h in agency.hosts)


def _names(agency: Agency) -> set[str]:
    return {name_key(n) for n in (agency.name, agency.acronym, *agency.aliases)}


def parse_acronym(name: str) -> str | None:
    """ "Italian Space Agency (ASI)" -> ASI; "POLSA - Polish Space Agency" -> POLSA; "CNES"."""
    m = PAREN_ACR.match(name) or DASH_ACR.match(name)
    if m:
        acr = m.group("acr").strip()
        words = acr.split()
        # Several words are an acronym only in capitals ("ASC CSA"), not "(Costa Rica)".
        if sum(c.isupper() for c in acr) >= 2 and (
            len(words) == 1 or (len(words) <= 3 and not any(c.islower() for c in acr))
        ):
            return acr
    return name if SINGLE_ACR.match(name) and sum(c.isupper() for c in name) >= 2 else None


# A link to a social network's page is the site's own (its icons after the members' logos),
# never an agency's website (review 41)
_SOCIAL = re.compile(
    r"^(?:[\w-]+\.)*(?:twitter\.com|x\.com|facebook\.com|linkedin\.com|youtube\.com"
    r"|instagram\.com|flickr\.com|threads\.net|bsky\.app|mastodon\.\w+|weibo\.com)$",
    re.I,
)


def social_network(url: str | None) -> bool:
    """Whether a link goes to a social network's page rather than an organisation's site."""
    host = urlsplit(url).hostname if url else None
    return host is not None and _SOCIAL.match(host) is not None
