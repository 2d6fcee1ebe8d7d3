"""A page's bytes as text, in the character set the page declares.

Pages of 2007 to 2013 (the portal, and the Wayback's copies of it) may be in ISO-8859-1 or
windows-1252, not UTF-8: read as UTF-8, every accented letter and curly quote of theirs became
U+FFFD ("d'�tudes"). w3lib (Scrapy's) reads the charset as a browser does: a byte order mark,
then the HTTP Content-Type, then a <meta> in the page; ISO-8859-1 is read as windows-1252.
"""

from __future__ import annotations

from w3lib.encoding import html_to_unicode

# Single-byte sets a server may claim for a page whose bytes are UTF-8 (a misconfigured
# default): text that decodes as UTF-8 and has non-ASCII letters is UTF-8 (two or more bytes
# of those sets almost never form valid UTF-8 by chance), so it is read as UTF-8.
_SINGLE_BYTE = {"cp1252", "iso8859-15"}  # w3lib's names: ISO-8859-1, Latin-1 and ASCII are cp1252


def page_text(body: bytes, content_type: str | None = None) -> str:
    """The page's text; undecodable bytes become U+FFFD. No charset declared: UTF-8 if the
    bytes are UTF-8, else windows-1252 (what browsers fall back to for old Western pages)."""
    encoding, text = html_to_unicode(content_type, body, auto_detect_fun=_utf8_or_legacy)
    if encoding in _SINGLE_BYTE and not body.isascii():
        try:
            return body.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            pass
    return text


def _utf8_or_legacy(body: bytes) -> str:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"
