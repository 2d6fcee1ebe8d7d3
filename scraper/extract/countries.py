"""Member agencies a sentence names by their countries: "the Portuguese and Mexican space
agencies were welcomed as new members" (helper-218). A singular "the Mexican space agency" is
read by the agency's name already; only a list of countries' adjectives before "space
agencies" is read here, and only for a country with one member (Australia has two: ASA and
CSIRO, so "the Australian space agencies" names neither). Pure functions (joins.py asks)."""

from __future__ import annotations

import re

from scraper.extract.types import Member

# Each member country's adjectives, as English press releases write them (facts, not prose)
ADJECTIVES: dict[str, tuple[str, ...]] = {
    "Australia": ("Australian",),
    "Brazil": ("Brazilian",),
    "Canada": ("Canadian",),
    "China": ("Chinese",),
    "Europe": ("European",),
    "France": ("French",),
    "Germany": ("German",),
    "India": ("Indian",),
    "Israel": ("Israeli",),
    "Italy": ("Italian",),
    "Japan": ("Japanese",),
    "Luxembourg": ("Luxembourgish", "Luxembourg"),
    "Mexico": ("Mexican",),
    "New Zealand": ("New Zealand",),
    "Norway": ("Norwegian",),
    "Philippines": ("Philippine", "Filipino"),
    "Poland": ("Polish",),
    "Portugal": ("Portuguese",),
    "Republic of Korea": ("Korean", "South Korean"),
    "Romania": ("Romanian",),
    "Russia": ("Russian",),
    "Switzerland": ("Swiss",),
    "Thailand": ("Thai",),
    "Ukraine": ("Ukrainian",),
    "United Arab Emirates": ("Emirati", "UAE"),
    "United Kingdom": ("British", "UK"),
    "United States": ("American", "US", "U.S."),
    "Vietnam": ("Vietnamese",),
}
_COUNTRY_OF = {adjective: country for country, names in ADJECTIVES.items() for adjective in names}
_ADJECTIVE = "|".join(re.escape(a) for a in sorted(_COUNTRY_OF, key=len, reverse=True))
# "the Portuguese and Mexican space agencies", "the Thai, Brazilian and Portuguese space
# agencies"; not their people ("space agencies' heads")
_LISTED = re.compile(
    rf"\b((?:{_ADJECTIVE})(?:\s*,\s*(?:{_ADJECTIVE}))*,?\s+and\s+(?:{_ADJECTIVE}))"
    r"\s+(?i:space)\s+(?i:agencies)\b(?![\'\u2019])"
)
_ONE = re.compile(rf"\b(?:{_ADJECTIVE})\b")


def named_by_country(text: str, members: list[Member]) -> list[str]:
    """Keys of the members text names as a list of countries' space agencies, in order."""
    if "agencies" not in text.lower():
        return []  # (most sentences: nothing more is read)
    by_country: dict[str, list[str]] = {}
    for member in members:
        if member.country:
            by_country.setdefault(member.country, []).append(member.key)
    keys = []
    for listed in _LISTED.finditer(text):
        for adjective in _ONE.findall(listed[1]):
            found = by_country.get(_COUNTRY_OF[adjective], [])
            keys += found if len(found) == 1 else []
    return list(dict.fromkeys(keys))
