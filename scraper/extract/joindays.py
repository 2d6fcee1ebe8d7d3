"""The day a join sentence says the join took place ("PhilSA officially joined ISECG on 20
January 2025", "joined ISECG at its December meeting, effective 1 January 2021"), which may be
days or weeks before the post announcing it (helper-218). Only a day that follows "on",
"effective" or "as of" shortly after the joining words, with nobody reporting in between: "…,
JAXA announced on 22 January 2025" is the announcement's day, "At the plenary on 5 December,
X joined" is left unsaid. Pure functions on one sentence (joins.py finds the sentences)."""

from __future__ import annotations

import re

from scraper.extract import dates

# The words saying a join, then at most REACH characters to the day's keyword; "member" only
# as one joins ("a new member", "its 28th member"), not a group's ("hosted the members on ...")
_JOINING = re.compile(
    r"\b(?:joined|joins|join|admitted|accepted|welcomed|welcomes|became|becomes)\b"
    r"|\b(?:new|full|\d+(?:st|nd|rd|th)|an?)\s+members?\b",
    re.I,
)
REACH = 60
_KEYWORD = re.compile(r"\b(?:on|effective(?:\s+(?:from|on|as\s+of))?|as\s+of)\s+", re.I)
# Someone saying it between the join and the day: the day is the saying's
_SAYING = re.compile(r"\b(?:announced|said|confirmed|reported|noted|stated|told)\b", re.I)
# "on" right after the join and what is joined: "joined ISECG on", "as a new member on", "became
# a member of ISECG on"; not an event's day further on ("joined ISECG after the meeting on",
# "joined ISECG, which met on", "joined ISECG; the Accords were signed on")
_ON_GAP = re.compile(
    r"\s*(?:(?:of\s+)?(?:(?:the\s+)?ISECG|the\s+group|the\s+International\s+Space\s+"
    r"Exploration\s+Coordination\s+Group)\s+)?(?:(?:officially|formally)\s+)?",
    re.I,
)
# "effective" may come later ("joined ISECG at its December meeting, effective 1 January 2021"),
# but not in another clause ("joined ISECG, and the new rules are effective 1 March 2025")
_OTHER_CLAUSE = re.compile(
    r"[;:]|\b(?:and|but|which|who|whose|where|while|will|would|is|are|was|were)\b", re.I
)
# A join not this sentence's: one to come ("KASA will join on 1 March"), another's told again
# ("after AEB joined on 5 May 2016", "ROSA, which joined on 5 May 2019") in the join's clause
_NOT_THIS_JOIN = re.compile(
    r"\b(?:to|can|will|would|could|may|might|shall|should|not|which|who|had|having|after"
    r"|before|since|following|until|when|once)\b",
    re.I,
)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)  # a day each: which is whose?
MAX_DAY_CHARS = 30  # "Wednesday, 20 January 2025" and a little more


def stated_day(sentence: str) -> str | None:
    """The one day (ISO) the sentence gives for the join, or None: none, or two different."""
    if _RESPECTIVELY.search(sentence):
        return None
    days = set()
    for keyword in _KEYWORD.finditer(sentence):
        reach = max(0, keyword.start() - REACH)
        before = sentence[reach : keyword.start()]
        joining = list(_JOINING.finditer(before))
        if not joining:
            continue
        gap = before[joining[-1].end() :]
        if _SAYING.search(gap):
            continue
        if keyword[0].lower().startswith("on"):
            if not _ON_GAP.fullmatch(gap):
                continue
        elif _OTHER_CLAUSE.search(gap):
            continue
        clause_start = max(sentence.rfind(mark, 0, reach + joining[-1].start()) for mark in ",;:")
        if _NOT_THIS_JOIN.search(sentence[clause_start + 1 : reach + joining[-1].start()]):
            continue
        day = _day_at(sentence[keyword.end() : keyword.end() + MAX_DAY_CHARS])
        if day is not None:
            days.add(day)
    return days.pop() if len(days) == 1 else None


def _day_at(text: str) -> str | None:
    """The day the words at the start of text print ("20 January 2025, becoming ...",
    "December 5, 2024.", "Wednesday, 20 January 2025 in Paris"): the longest run of words
    that reads as one day alone."""
    words = text.split()
    for count in range(len(words), 0, -1):
        day = dates.parse_text(" ".join(words[:count]).rstrip(",.;:"), byline=False)
        if day is not None:
            return day.isoformat()
    return None
