"""A page's bytes as text, in the character set the page declares.

Pages of 2007 to 2013 (the portal, and the Wayback's copies of it) may be in ISO-8859-1 or
windows-1252, not UTF-8: read as UTF-8, every accented letter and curly quote of theirs became
U+FFFD ("d'�tudes"). w3lib (Scrapy's) reads the charset as a browser does: a byte order mark,
then the HTTP Content-Type, then a <meta> in the page; ISO-8859-1 is read as windows-1252.
"""

from __future__ import annotations

from w3lib.encoding import html_to_unicode

# Single-byte sets (w3lib's codec names) a server may claim for a page whose bytes are UTF-8:
# Apache's default ISO-8859-1, read as cp1252.
_SINGLE_BYTE = ("cp125", "iso8859", "latin", "koi8", "mac", "ascii", "cp437", "cp850")


def page_text(body: bytes, content_type: str | None = None) -> str:
    """The page's text; undecodable bytes become U+FFFD. A page declaring a single-byte set, or
    none, whose bytes are UTF-8 (but for a stray byte pasted from a word processor) is read
    as UTF-8; undeclared bytes that are not are read as windows-1252 (browsers' fallback for
    old Western pages)."""
    encoding, text = html_to_unicode(content_type, body, auto_detect_fun=_utf8_or_legacy)
    if encoding.startswith(_SINGLE_BYTE) and _mostly_utf8(body):
        return body.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    return text


def _utf8_or_legacy(body: bytes) -> str:
    return "utf-8" if body.isascii() or _mostly_utf8(body) else "cp1252"


def _mostly_utf8(body: bytes) -> bool:
    """Whether bytes are UTF-8: more of their non-ASCII characters decode as UTF-8 than fail
    to. A single-byte page almost never forms a valid UTF-8 sequence by chance ("é" followed
    by ASCII is none), and a UTF-8 page with one stray byte has its accents beside it."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("utf-8", errors="replace")
        bad = text.count("\ufffd") - body.count(b"\xef\xbf\xbd")
        good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
        return good > bad
    return True
