"""White space folded one way for the whole project: extractors, WARC headers, messages;
and text SQLite can store.

A leaf module (it imports nothing of the project's) so that every package may use it:
`scraper` uses `archive`, never the reverse, and the extractors' own modules import each
other.
"""

from __future__ import annotations

from typing import TypeVar, cast

_T = TypeVar("_T")


def collapse(text: str) -> str:
    """Every run of white space as one space, trimmed.

    White space is Unicode's (str.isspace, the same set as the regex \\s): line breaks, tabs,
    no-break and other wide spaces. Zero-width characters (U+200B, U+FEFF) are not white space
    and stay.
    """
    return " ".join(text.split())


_LONE_SURROGATES = dict.fromkeys(range(0xD800, 0xE000), 0xFFFD)


def whole_characters(value: _T) -> _T:
    """`value` (text, or lists and dicts of it) with each lone surrogate (U+D800 to U+DFFF,
    which no UTF-8 holds) as U+FFFD: a JSON escape ("\\udc80" in a JSON-LD block or a REST
    answer) or a broken PDF's text made them, and SQLite and the content hash refuse them
    (helper-206: one such character stopped the build)."""
    if isinstance(value, str):
        if value.isascii():
            return value
        # Strict UTF-8 refuses exactly the lone surrogates: a text with none (nearly every
        # one) is checked in C at memory speed, where translate looks up every character
        # (200 µs for a 4 KB body, seconds for a long PDF's text).
        try:
            value.encode()
        except UnicodeEncodeError:
            return cast(_T, value.translate(_LONE_SURROGATES))
        return value
    if isinstance(value, list | tuple):
        return cast(_T, type(value)(whole_characters(item) for item in value))
    if isinstance(value, dict):
        return cast(_T, {key: whole_characters(item) for key, item in value.items()})
    return value
