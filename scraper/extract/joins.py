"""Joins announced in news: which member agencies a post says have joined ISECG.

Language, not markup: only sentences that say so count ("welcomes X as new member", "X has
joined ISECG"), and only the names, acronyms and aliases of current members found in them.
The member list itself comes from the home page (members.py).
"""

from __future__ import annotations

import re

from scraper.extract.agencies import (
    DASH_ACR,
    PAREN_ACR,
    SINGLE_ACR,
    agency_table,
    fold,
    norm,
)
from scraper.extract.types import Member, News

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
        # The founding itself: "The 14 founding members are ASI, BNSC, ..." (2007)
        r"\bfounding\s+members?\s+(?:are|were|:)\s*(?P<who>.+)",
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
    for pattern in (PAREN_ACR, DASH_ACR):
        m = pattern.match(member.name)
        if m:
            names.add(m.group("name"))
    acronyms = {member.acronym} if member.acronym else set()
    agency = next((a for a in agency_table() if a.key == member.key), None)
    if agency is not None:
        names.add(agency.name)
        acronyms.add(agency.acronym)
        for alias in agency.aliases:
            (acronyms if SINGLE_ACR.match(alias) else names).add(alias)
    out = [(fold(n), False) for n in names if n and len(n) > 3 and not SINGLE_ACR.match(n)]
    out += [(fold(a), True) for a in acronyms | {n for n in names if SINGLE_ACR.match(n)} if a]
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
        sentence = norm(sentence)
        if not sentence or RECAP.search(sentence):
            continue
        for pattern in JOIN_PATTERNS:
            for m in pattern.finditer(sentence):
                keys += _mentions(NOT_JOINER.sub(" ", m.group("who")), members)
    return list(dict.fromkeys(keys))
