"""A publication listed under its file's name ("GER_2024", a document gallery's attachment
title) titled by the work its description names first ("The Global Exploration Roadmap 2024
\u2014 uploaded August 28, 2024"), where that name is the file's spelt out. Pure functions."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# The words before a dash that ends a description's first part: "<work> — uploaded ..."
_LEAD = re.compile(r"^(?P<lead>[^\u2014\u2013|]{3,150}?)\s+[\u2014\u2013|]\s+\S")
_WORD = re.compile(r"[^\W_]+")
_SMALL = frozenset({"the", "of", "and", "for", "on", "in", "a", "an", "to"})


def title_from_description(title: str, document: str | None, desc: list[str]) -> str | None:
    """The work's name opening the first description line, for an entry titled by its file's
    name alone ("GER_2024" for ".../GER_2024.pdf"); None where the title is anything else or
    the name does not spell out every part of the file's name, each a word of it or the
    initials of its words ("GER": Global Exploration Roadmap): a description's first words
    may be anything ("Report \u2014 12 pages", a summary), no title then (probe 29's P17)."""
    if document is None or not desc or " " in title:
        return None
    stem = unquote(urlsplit(document).path.rsplit("/", 1)[-1]).rsplit(".", 1)[0]
    if title != stem or not (found := _LEAD.match(desc[0])):
        return None
    lead = found["lead"].strip()
    words = [w.lower() for w in _WORD.findall(lead)]
    tokens = [t.lower() for t in _WORD.findall(stem)]
    if len(tokens) < 2 or len(words) < 2:
        return None
    initials = _initials(words)
    if all(t in words or t in initials for t in tokens):
        return lead
    return None


def _initials(words: list[str]) -> set[str]:
    """The initials of each run of the words, small words left out ("Global Exploration
    Roadmap" gives "ger", "ge", "er"...)."""
    kept = [w for w in words if w not in _SMALL and not w.isdigit()]
    return {
        "".join(w[0] for w in kept[i:j])
        for i in range(len(kept))
        for j in range(i + 2, len(kept) + 1)
    }
