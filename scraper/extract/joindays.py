"""The day a join sentence says the join took place ("PhilSA officially joined ISECG on 20
January 2025", "joined ISECG at its December meeting, effective 1 January 2021"), which may be
days or weeks before the post announcing it (helper-218). Only a day that follows "on",
"effective" or "as of" shortly after the joining words, with nobody reporting in between: "…,
JAXA announced on 22 January 2025" is the announcement's day, "At the plenary on 5 December,
X joined" is left unsaid. Pure functions on one sentence (joins.py finds the sentences)."""

from __future__ import annotations

import re

from scraper.extract import dates

# The words saying a join, then at most REACH characters to the day's keyword
_JOINING = re.compile(
    r"\b(?:joined|joins|join|admitted|accepted|welcomed|welcomes|became|becomes|members?)\b",
    re.I,
)
REACH = 60
_KEYWORD = re.compile(r"\b(?:on|effective(?:\s+(?:from|on|as\s+of))?|as\s+of)\s+", re.I)
# Someone saying it between the join and the day: the day is the saying's
_SAYING = re.compile(r"\b(?:announced|said|confirmed|reported|noted|stated|told)\b", re.I)
MAX_DAY_CHARS = 30  # "Wednesday, 20 January 2025" and a little more


def stated_day(sentence: str) -> str | None:
    """The one day (ISO) the sentence gives for the join, or None: none, or two different."""
    days = set()
    for keyword in _KEYWORD.finditer(sentence):
        before = sentence[max(0, keyword.start() - REACH) : keyword.start()]
        joining = list(_JOINING.finditer(before))
        if not joining or _SAYING.search(before[joining[-1].end() :]):
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
