"""Joins announced in news: which member agencies a post says have joined ISECG.

Language, not markup: only sentences that say so count ("welcomes X as new member", "X has
joined ISECG"), and only the names, acronyms and aliases of current members found in them.
The member list itself comes from the home page (members.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from archive.text import collapse
from scraper.extract.agencies import (
    DASH_ACR,
    PAREN_ACR,
    SINGLE_ACR,
    agency_table,
    fold,
)
from scraper.extract.countries import named_by_country
from scraper.extract.joinclauses import without_observers, without_recaps
from scraper.extract.joindays import stated_day
from scraper.extract.types import Member

# Each pattern names the part of a sentence naming the agencies that join ("who"); only member
# names, acronyms and aliases found inside it count (never countries, never counts). A pattern
# is the text before "who" and the text after it: who is what lies between, or the rest of the
# sentence when nothing follows. Matched as two searches, never as one regex with a lazy
# ".+?" in it: a lazy group retried from every position of a sentence that never matches is
# quadratic (a 40,000-character paragraph without a full stop took two minutes).
_ISECG = r"(?:ISECG|the\s+group|the\s+International\s+Space\s+Exploration\s+Coordination\s+Group)"
# ISECG itself as what is joined: not one of its parts or people ("ISECG's Science Working
# Group", "ISECG partners in releasing ...", "ISECG colleagues"), not another group ("the group
# of Artemis Accords signatories"; helper-218)
_JOINED = (
    r"(?:(?:the\s+)?ISECG|the\s+group(?!\s+(?:of|on|at|for|to)\b)"
    r"|the\s+International\s+Space\s+Exploration\s+Coordination\s+Group)"
    r"(?![\'\u2019]s\b|\s+(?:partners?|colleagues|experts|members|agencies|delegat\w*|working"
    r"|technical|science|secretariat|executive|plenary|team|activities|meeting|workshop)\b)"
)


@dataclass(frozen=True)
class JoinPattern:
    before: re.Pattern[str] | None  # None: who starts where the last match ended
    after: re.Pattern[str] | None  # None: who runs to the end of the sentence

    def whos(self, sentence: str) -> Iterator[str]:
        """The who of every match, left to right, as re.finditer would find them: linear."""
        return (sentence[start:end] for start, end in self.spans(sentence))

    def spans(self, sentence: str) -> Iterator[tuple[int, int]]:
        """Where each who lies in the sentence (whos)."""
        pos = 0
        while pos < len(sentence):
            start = pos
            if self.before is not None:
                found = self.before.search(sentence, pos)
                if found is None:
                    return
                start = found.end()
            if self.after is None:
                if start < len(sentence):
                    yield start, len(sentence)
                    return
                pos = found.start() + 1  # type: ignore[union-attr]  # before matched at the end
                continue
            end = self.after.search(sentence, start + 1)  # who holds one character at least
            if end is None:
                return  # nothing later can match either: every later start searches less
            yield start, end.start()
            pos = end.end()


def _pattern(before: str | None, after: str | None) -> JoinPattern:
    return JoinPattern(
        re.compile(before, re.I) if before else None, re.compile(after, re.I) if after else None
    )


_WELCOME = r"welcom(?:e|es|ed|ing)\s+"
# "as a new member", "the 27th member": of ISECG, or of nothing named (not "of the IAF", "of
# its Executive Committee", "of the Artemis Accords"; helper-218)
_OF_ISECG_OR_NONE = rf"(?!\s+of\s+(?!{_ISECG}))"
# "the 1st member of ISECG to publish ...": a first, not a join
_NOT_FIRST_TO = r"(?!\s+(?:of\s+\S+\s+)?to\s+\w)"
_NTH = r"\d+(?:st|nd|rd|th)"
# Not yet, or not at all: "will join", "may become", "has not joined", "is expected to become".
# "X, which joined ISECG in 2015, hosted ...": an earlier join, told again.
_NOT_YET = ("to", "can", "will", "would", "could", "may", "might", "shall", "should", "not")
_TOLD_AGAIN = ("which", "who", "which has", "which have", "who has", "who have", "had", "having")
_NOT_DONE = "".join(rf"(?<!\b{word})" for word in (*_NOT_YET, *_TOLD_AGAIN)) + r"(?<!n't)"
# "LSA announced that ROSA has joined ISECG": the one joining is named after "that".
# So after "announced", "said", "confirmed" without "that", and after a semicolon (helper-218).
_ADDITION = r"(?:addition|admission|accession)"
# The one joining named in a clause of the sentence's subject: a join told in passing, as news
# of something else ("The Swiss Space Office, which recently joined ISECG, will host the next
# plenary", "ISECG's 2017 plenary, where AEB joined ISECG, was hosted by ASI"; helper-218);
# not the one a clause's welcome names ("opened the meeting, which then welcomed AEM as ...")
_IN_PASSING = re.compile(r",\s*(?:which|who|where|when)\b(?:(?!welcom)[^,;])*$", re.I)
_REPORTED = re.compile(r"\bthat\b|;|\b(?:announced|said|confirmed|reported|noted)\b", re.I)
JOIN_PATTERNS: tuple[JoinPattern, ...] = (
    # "welcomes UAE Space Agency as New Member", "has welcomed X and Y as new members",
    # "welcomes PhilSA as its 28th member"
    _pattern(
        _WELCOME,
        rf"\s+as\s+(?:an?\s+|its\s+|the\s+)?(?:\w+\s+)?(?:new\s+members?{_OF_ISECG_OR_NONE}"
        rf"|{_NTH}\s+member{_OF_ISECG_OR_NONE}{_NOT_FIRST_TO})",
    ),
    # "have welcomed four new members: A, B and C"
    _pattern(_WELCOME + r"(?:the\s+)?(?:\w+\s+)?new\s+members?(?:\s+agencies)?\s*[:,]\s*", None),
    # "AEB and GISTDA were welcomed by the heads of agency as new members of ISECG", "UAESA
    # was welcomed as the 15th member"
    _pattern(
        None,
        r"\s+(?:was|were)\s+welcomed\b[^.;:]{0,80}?\s+as\s+(?:an?\s+|its\s+|the\s+)?(?:\w+\s+)?"
        rf"(?:new|\d+(?:st|nd|rd|th))\s+members?{_OF_ISECG_OR_NONE}",
    ),
    # "The latest three, LSA, NOSA and VNSC, have been welcomed"
    _pattern(None, r"\s+(?:has|have)\s+been\s+(?:welcomed|admitted|accepted)\b"),
    # "X has joined ISECG", "X Joins ISECG as 28th Member" (not "... can join", "to join")
    _pattern(
        None, rf"{_NOT_DONE}\s+(?:has\s+|have\s+)?(?:officially\s+)?join(?:ed|s)?\s+{_JOINED}"
    ),
    # "... has joined ISECG together with LSA and VNSC" (the one before, the pattern above);
    # not those it joins or works with ("alongside 27 other space agencies, including NASA",
    # "together with ESA experts")
    _pattern(
        rf"{_NOT_DONE}\s+(?:has\s+|have\s+)?(?:officially\s+)?join(?:ed|s)?\s+{_JOINED}"
        r"\s+(?:together\s+with|along\s+with|alongside)\s+"
        r"(?![^,;]*\b(?:other|fellow|existing|current|founding|established|partners?|colleagues"
        r"|counterparts|members|experts|officials|scientists|engineers|researchers|delegat\w*"
        r"|representatives?|staff|teams?)\b)",
        None,
    ),
    # "ISECG welcomes LSA, NOSA and VNSC, which were admitted at the April meeting" (not
    # "admitted to the meeting"); accepted as members ("welcomed the ESA and JAXA proposals,
    # which were accepted unanimously" is no join)
    _pattern(
        _WELCOME,
        r",\s+(?:which|who)\s+(?:were|was|(?:have|has)\s+been)\s+"
        r"(?:admitted\b(?!\s+(?:in)?to\s+(?!ISECG|the\s+group\b))|accepted\s+(?:as\s+(?:an?\s+)?"
        r"(?:new\s+|full\s+)?members?\b|in(?:to)?\s+(?:ISECG|the\s+group)\b))",
    ),
    # "X becomes the 15th member", "X Becomes the 27th Member of ISECG"
    _pattern(
        None,
        rf"{_NOT_DONE}\s+(?:becomes?|became|has\s+become)\s+(?:the\s+|its\s+)?{_NTH}"
        rf"\s+member{_OF_ISECG_OR_NONE}{_NOT_FIRST_TO}",
    ),
    # "X have become members of ISECG", "X became a member of ISECG", "X is now a member of ISECG"
    _pattern(
        None,
        rf"{_NOT_DONE}\s+(?:(?:has|have)\s+become|became|(?:is|are)\s+now)\s+(?:a\s+)?(?:full\s+)?"
        rf"members?\s+of\s+{_JOINED}",
    ),
    # "ISECG membership grows to 27 with the addition of NZSA": ISECG's, or no one named
    # (not "The IAF membership grew to 400 with the addition of NZSA")
    _pattern(
        r"(?:^\s*|[,;:]\s*|\b(?:(?:the\s+)?ISECG|the\s+group|its|our|the)(?:[\'\u2019]s)?\s+)"
        r"membership\s+(?:grows|grew|has\s+grown|rises|rose|increases|increased|expands"
        rf"|expanded)\b[^.;]{{0,40}}?\s+with\s+the\s+{_ADDITION}\s+of\s+",
        None,
    ),
    # "With the admission of PhilSA, ISECG now counts 28 member agencies" (a count follows:
    # not "with the addition of ESA experts, ISECG revised ...")
    _pattern(
        rf"\bwith\s+the\s+{_ADDITION}\s+of\s+",
        rf",\s+{_ISECG}(?:[\'\u2019]s\s+membership)?\s+(?:now\s+)?(?:counts|numbers|comprises"
        r"|has|includes|reaches|grows\s+to|rises\s+to)\s+(?:\d+|[a-z]+(?:-[a-z]+)?)\s+"
        r"(?:members?|agencies|space)\b",
    ),
    # "New members: X, Y"
    _pattern(r"\bnew\s+members?\s*:\s*", None),
    # "approved the request of X to join" (not "received the request": it may be refused)
    _pattern(
        r"(?:approv|accept|grant)\w*\s+(?:the\s+)?request\s+of\s+", r"\s+to\s+(?:join|become)"
    ),
    # The founding itself: "The 14 founding members are ASI, BNSC, ..." (2007)
    _pattern(r"\bfounding\s+members?\s+(?:are|were|:)\s*", None),
)
# A join is announced in an ordinary sentence; a longer "sentence" is a paragraph with no full
# stop (or a hostile page), read no further: what is done per sentence then stays bounded.
MAX_SENTENCE_CHARS = 2_000
# A post announces a handful of joins; a page repeating join sentences by the thousand gets
# its first MAX_WHOS distinct ones read (and no more than ten times as many sentences).
MAX_WHOS = 100
# "In 2019 ISECG welcomed ROSA, SSO and POLSA" in a post of 2024: a join told again, two years
# or more before its post (helper-218); "In December 2024" in a post of January 2025 may be
# the announcement itself.
_IN_A_YEAR = re.compile(
    r"^\s*in\s+(?:\w+\s+)?((?:19|20)\d\d)\b"
    # or the join's own year: "ROSA, SSO and POLSA joined ISECG in 2019" (helper-222)
    rf"|\b(?:join(?:ed|s)?\s+(?:{_JOINED}\s+)?|became\s+(?:a\s+)?members?\s+of\s+{_JOINED}\s+)"
    r"in\s+(?:\w+\s+)?((?:19|20)\d\d)\b",
    re.I,
)
_TOLD_YEARS = 2
# Agencies named as hosts, helpers or guests in a join sentence are not the ones joining:
# "hosted by X", "welcomed representatives from X, Y and Z as well as W as a new member".
NOT_JOINER = re.compile(
    r"\b(?:hosted|organi[sz]ed|chaired|led|represented|supported|proposed)\s+(?:\w+\s+){0,3}?"
    r"by\s+[^,;]+"
    # "in a ceremony with NASA's Administrator", "under NASA's chairmanship", "remarks by ESA"
    # (helper-218; "together with X" may name another joining)
    r"|\b(?<!together\s)(?:with|under)\s+[^,;]+|\bby\s+[^,;]+"
    r"|\b(?:representatives?|delegates?|delegations?|participants?|officials?|experts?)"
    r"\s+(?:of|from)\s+[^;]*?(?:\bas\s+well\s+as\b|$)",
    re.I,
)
# A hope, a plan or a guest's seat is no join: "NASA hopes that X joins ISECG", "X has joined
# ISECG as an observer".
NOT_A_JOIN = re.compile(
    r"\b(?:hope[sd]?|expect(?:s|ed)?|plan(?:s|ned)?|intends?|wish(?:es)?|want(?:s|ed)?)\s+"
    r"(?:that\b|to\b)|\bobservers?\b|\bneither\b|\bnot\s+yet\b"
    # a person joining in a role: "... of the Italian Space Agency has joined ISECG as its chair"
    r"|\bas\s+(?:its|the|an?)\s+(?:new\s+)?(?:co-?)?(?:chair|secretary|director|head)\b",
    re.I,
)
# Another body welcoming its own new member, ISECG named nowhere before the welcome: "The
# International Astronautical Federation welcomed ROSA as a new member" (helper-218)
WELCOMED_ELSEWHERE = re.compile(
    r"^(?:(?!ISECG|welcom)[^.;])*\b(?:Federation|Assembly|Union|Council|Association|Society"
    r"|Academy|Commission)\b(?:(?!ISECG)[^.;])*?\bwelcom",
    re.I,
)
# A word every one of JOIN_PATTERNS needs (lower case): a sentence without one is no join.
KEYWORDS = ("welcom", "been", "join", "member", "request", "addition", "admission", "accession")
# Letters IGNORECASE matches to an ASCII one but lower() does not turn into it (long s, Kelvin
# sign, dotted and dotless i).
_FOLDED_TO_ASCII = ("\u017f", "\u212a", "\u0130", "\u0131")
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


Matchers = list[tuple[str, bool, str]]  # (term, is_acronym, member key)


@lru_cache(maxsize=4)  # a build reads every post against one members block
def _matchers(members: tuple[Member, ...]) -> Matchers:
    """Each name, acronym or alias of each member, with the member's key."""
    return [(term, acronym, member.key) for member in members for term, acronym in _terms(member)]


@lru_cache(maxsize=1024)
def _term_pattern(term: str, is_acronym: bool) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<![\w-]){words}(?![\w-])", 0 if is_acronym else re.I)


def _mentions(text: str, matchers: Matchers) -> list[str]:
    """Keys of members named in text, in order, longest match first where names overlap."""
    hits: list[tuple[int, int, str]] = []
    # A term whose first word the text lacks is not looked for: its pattern is compiled only
    # when some text could hold it (compiling all of them cost 20 ms of every build). Without
    # IGNORECASE's folds to ASCII (_FOLDED_TO_ASCII) an ASCII word's lower case must be there.
    lowered = text.lower() if not any(char in text for char in _FOLDED_TO_ASCII) else None
    for term, is_acronym, key in matchers:
        first = next(iter(term.split()), "")
        if not first:
            continue  # names nothing
        if (first not in text) if is_acronym else _surely_absent(first, term, lowered):
            continue
        hits += [(m.start(), m.end(), key) for m in _term_pattern(term, is_acronym).finditer(text)]
    hits = [hit for hit in hits if not _anothers_acronym(text, hit, matchers)]
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for start, end, key in sorted(hits, key=lambda h: h[0] - h[1]):
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
            found.append((start, key))
    return list(dict.fromkeys(key for _, key in sorted(found)))


# a body's name right before an acronym in brackets: "the Czech Space Agency (CSA)"
_NAMED_BODY = re.compile(
    r"(?:[A-Z][\w-]*\s+){1,6}(?:Agency|Administration|Office|Centre|Center|Institute)\s*\($"
)


def _anothers_acronym(text: str, hit: tuple[int, int, str], matchers: Matchers) -> bool:
    """Whether an acronym found is another body's: bracketed after a name not the member's
    ("Czech Space Agency (CSA)" is not Canada's CSA), or a possessive ("took over KARI's
    role"; helper-218)."""
    start, end, key = hit
    if text[start:end] != text[start:end].upper() or not text[start:end].isalpha():
        return False  # a name, not an acronym
    if text[end : end + 2] in ("'s", "\u2019s"):
        return True
    before = text[max(0, start - 80) : start]
    if not _NAMED_BODY.search(before):
        return False
    names = [term for term, acronym, k in matchers if k == key and not acronym]
    return not any(name in before.lower() for name in names)


def _surely_absent(first: str, term: str, lowered: str | None) -> bool:
    return lowered is not None and term.isascii() and first.lower() not in lowered


def _has_keyword(sentence: str) -> bool:
    lower = sentence.lower()
    return any(word in lower for word in KEYWORDS)


def _whos(text: str, year: int | None = None) -> list[tuple[str, str]]:
    """The who of every join sentence in text with the rest of its sentence after it (where a
    day it joined is told: not a day before it, another's in "PhilSA joined ISECG on 20 January
    2025, while NZSA has joined ISECG today"), each pair once, at most MAX_WHOS of them.
    `year`: the post's, against which a sentence opening "In <year>" tells a past join."""
    whos: dict[tuple[str, str], None] = {}
    matched = 0
    # Every pattern needs one of KEYWORDS: a sentence with none is not searched (unless the
    # text holds a letter IGNORECASE matches to an ASCII one that lower() does not give).
    sure = not any(char in text for char in _FOLDED_TO_ASCII)
    for sentence in _SENTENCE_END.split(text):
        if len(sentence) > MAX_SENTENCE_CHARS and len(collapse(sentence)) > MAX_SENTENCE_CHARS:
            continue
        if sure and not _has_keyword(sentence):
            continue
        sentence = without_observers(without_recaps(collapse(sentence)))
        if not sentence or NOT_A_JOIN.search(sentence):
            continue
        if WELCOMED_ELSEWHERE.match(sentence):
            continue
        told = _IN_A_YEAR.search(sentence) if year else None
        if year and told and int(told[1] or told[2]) <= year - _TOLD_YEARS:
            continue
        for pattern in JOIN_PATTERNS:
            for start, end in pattern.spans(sentence):
                whos[sentence[start:end], sentence[end:]] = None
                matched += 1
                if len(whos) >= MAX_WHOS or matched >= 10 * MAX_WHOS:
                    return list(whos)
    return list(whos)


class Announcing(Protocol):
    """What a post is read by for joins: a News, or a post the archive already holds."""

    @property
    def title(self) -> str | None: ...

    @property
    def body_text(self) -> str: ...

    @property
    def published(self) -> str | None: ...


def announced_members(news: Announcing, members: list[Member]) -> list[str]:
    """Keys of the members a news post announces as joining ISECG, in order of mention."""
    return [key for key, _ in announced_joins(news, members)]


def announced_joins(news: Announcing, members: list[Member]) -> list[tuple[str, str | None]]:
    """(key, the day its sentence says it joined, or None) of each member a news post
    announces as joining ISECG, in order of mention (joindays.stated_day).

    Only sentences that say so count ("welcomes X as new member", "X has joined ISECG", "X
    becomes the 15th member", "new members: X, Y"); attendance ("24 agencies attended"), counts
    and summaries of past joins ("Since 2019 six agencies have become members") do not.
    """
    text = f"{news.title or ''}\n{news.body_text}"
    text = text if text.isascii() else fold(text)  # ASCII has nothing to fold: skip the work
    year = news.published[:4] if news.published else ""
    whos = _whos(text, int(year) if year.isdigit() else None)
    matchers = _matchers(tuple(members)) if whos else []
    joiners = (
        (NOT_JOINER.sub(" ", _REPORTED.split(who)[-1]), after)
        for who, after in whos
        if not _IN_PASSING.search(who)
    )
    said: dict[str, str | None] = {}
    for who, after in joiners:
        for key in [*_mentions(who, matchers), *named_by_country(who, members)]:
            if said.get(key) is None:  # a title saying the join, the text its day: the day
                said[key] = stated_day(after)
    return list(said.items())
