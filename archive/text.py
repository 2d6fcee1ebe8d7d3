"""White space folded one way for the whole project: extractors, WARC headers, messages.

A leaf module (no imports) so that every package may use it: `scraper` uses `archive`, never
the reverse, and the extractors' own modules import each other.
"""

from __future__ import annotations


def collapse(text: str) -> str:
    """Every run of white space as one space, trimmed.

    White space is Unicode's (str.isspace, the same set as the regex \\s): line breaks, tabs,
    no-break and other wide spaces. Zero-width characters (U+200B, U+FEFF) are not white space
    and stay.
    """
    return " ".join(text.split())
