"""The clauses of a join sentence that say something else (joins.py reads what is left): a
look back over past joins ("ESA and NASA, members since 2007, welcomed NZSA as a new member"),
and an observer's seat told after the join ("..., and ESA as an observer to the TWG"). Taking
the clause away, not the sentence, keeps the join beside it (helper-218). Pure functions."""

from __future__ import annotations

import re

# Looking back over past joins ("Since the beginning of 2019 six agencies have become members"):
# a summary, not the announcement. Opening the sentence, it is the whole of it; further on, its
# clause only ("ESA and NASA, members since 2007, welcomed NZSA as a new member"; "ROSA has
# joined ISECG; Roscosmos has been a member since the beginning": helper-218).
RECAP_OPENING = re.compile(r"^\s*since\b", re.I)
RECAP = re.compile(r"\bsince\s+(?:the\s+(?:beginning|start)\b|(?:\w+\s+)?(?:19|20)\d\d\b)", re.I)
# An observer's seat told in a clause of its own after the join: "ISECG welcomed ROSA, SSO and
# POLSA as new members, and ESA as an observer to the TWG" (helper-218): a clause naming
# another ("ESA"), not the joiner's own seat ("NZSA has joined ISECG, but only as an observer",
# "NZSA and SSO have joined ISECG, but SSO only as an observer"). Anywhere else an observer sets
# the sentence aside (joins.NOT_A_JOIN).
_OBSERVER_CLAUSE = re.compile(
    r"[,;]\s*(?:and|while|whereas|but)\s+([^,;]*)\bobservers?\b[^,;]*", re.I
)
_NAMED = re.compile(r"\b[A-Z][\w-]*")


def without_observers(sentence: str) -> str:
    """The sentence without the clauses telling another's observer seat (_OBSERVER_CLAUSE)."""

    def another(clause: re.Match[str]) -> str:
        named = _NAMED.findall(clause[1])
        told = sentence[: clause.start()]
        if not named or any(re.search(rf"\b{re.escape(name)}\b", told) for name in named):
            return clause[0]  # the joiner's own seat: joins.NOT_A_JOIN sets the sentence aside
        return ""

    return _OBSERVER_CLAUSE.sub(another, sentence)


def without_recaps(sentence: str) -> str:
    """The sentence without the clauses (between commas or semicolons) looking back over past
    joins (RECAP); "" where it opens with one."""
    if RECAP_OPENING.match(sentence):
        return ""
    while found := RECAP.search(sentence):
        start = max(sentence.rfind(",", 0, found.start()), sentence.rfind(";", 0, found.start()))
        ends = (sentence.find(",", found.end()), sentence.find(";", found.end()))
        end = min((at for at in ends if at >= 0), default=len(sentence))
        sentence = sentence[: start + 1] + sentence[end:]
    return sentence
