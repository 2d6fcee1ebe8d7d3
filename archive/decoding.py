"""A page's bytes as text, in the character set the page declares.

Pages of 2007 to 2013 (the portal, and the Wayback's copies of it) may be in ISO-8859-1 or
windows-1252, not UTF-8: read as UTF-8, every accented letter and curly quote of theirs became
U+FFFD ("d'�tudes"). w3lib (Scrapy's) reads the charset as a browser does: a byte order mark,
then the HTTP Content-Type, then a <meta> in the page; ISO-8859-1 is read as windows-1252.

Pages mix: a UTF-8 page holds an apostrophe pasted from a word processor (0x92), a Latin-1
page a no-break space pasted as UTF-8, a server says ISO-8859-1 of a UTF-8 page. Where the
bytes hold UTF-8 and the page declares UTF-8, a single-byte set or nothing, each UTF-8
sequence is read as UTF-8 and each byte that is none as windows-1252.
"""

from __future__ import annotations

import codecs
from encodings import normalize_encoding
from encodings.aliases import aliases

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    to_unicode,
)
from webencodings import PYTHON_NAMES
from webencodings.labels import LABELS

# Single-byte sets (w3lib's codec names) a server may claim for a page whose bytes are UTF-8:
# Apache's default ISO-8859-1, read as cp1252.
# (x-user-defined: each byte a character, as browsers read it)
_SINGLE_BYTE = ("cp125", "iso8859", "latin", "koi8", "mac", "ascii", "cp437", "cp850", "x-user")
_SNIFF = 1024  # bytes of a page looked at for UTF-16's NULs
_STRAYS = "isecg-strays-as-cp1252"


def _codec_key(name: str) -> str:
    """A codec's name one way: "iso8859-2" and "iso8859_2", "UTF-8" and "utf_8" alike."""
    return name.lower().replace("-", "_")


# The codecs of the character sets browsers read pages in (the WHATWG Encoding standard's
# labels): a page naming another ("cp037", "utf-32", "punycode") is read as naming none
# (their codecs' names worked out, not looked up: that would import every one, the CJK
# codecs' tables too, a few MB in every process)
_WEB_CODECS = frozenset(
    _codec_key(aliases.get(normalize_encoding(name).lower(), normalize_encoding(name).lower()))
    for name in {PYTHON_NAMES.get(web, web) for web in LABELS.values()}
)


def _strays_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    stray = error.object[error.start : error.end]
    return bytes(stray).decode("cp1252", errors="replace"), error.end


codecs.register_error(_STRAYS, _strays_as_cp1252)


def page_text(body: bytes, content_type: str | None = None) -> str:
    """The page's text; bytes no set reads become U+FFFD. Bytes with no UTF-8 in them, said
    to be UTF-8 or undeclared, are windows-1252 (browsers' fallback for old Western pages)."""
    try:
        encoding, text = _declared_reading(body, content_type)
    except (LookupError, UnicodeError):  # "charset=rot13", "base64": no text's (helper-206)
        encoding, text = "", ""
    if (not text and body) or not _read_by_browsers(encoding):
        encoding = _utf8_or_legacy(body)  # read as a page that declares nothing
        text = body.decode(encoding, errors="replace")
    utf8 = encoding in ("utf-8", "utf8")
    if utf8 or encoding.startswith(_SINGLE_BYTE):
        if _holds_utf8(body):
            return body.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors=_STRAYS)
        if utf8 and not body.isascii():
            return body.decode("cp1252", errors="replace")
    return text


def _declared_reading(body: bytes, content_type: str | None) -> tuple[str, str]:
    """The charset a browser takes (a byte order mark, then the HTTP header, then a <meta>),
    and the page read in it; a page declaring none is UTF-8 where it holds UTF-8. (w3lib's
    html_to_unicode did this with a fallback of ours until 2.6 deprecated passing one.) UTF-16
    without a byte order mark is little-endian, as browsers read it."""
    bom_encoding, bom = read_bom(body)
    if bom_encoding and bom is not None:
        return bom_encoding, to_unicode(body[len(bom) :], bom_encoding)
    encoding = http_content_type_encoding(content_type) or html_body_declared_encoding(body)
    if encoding == "replacement" or (_utf16(encoding) and b"\x00" not in body[:_SNIFF]):
        # a set browsers show as one U+FFFD ("hz-gb-2312"), or UTF-16 claimed of bytes with
        # no NUL among their first (ASCII markup in UTF-16 has one in every other byte): the
        # page's text would be lost, so it is read as a page declaring nothing (helper-217)
        encoding = None
    encoding = encoding or _utf8_or_legacy(body)
    return encoding, to_unicode(body, encoding)


def _utf16(encoding: str | None) -> bool:
    return encoding is not None and encoding.lower().replace("_", "-").startswith("utf-16")


def _utf8_or_legacy(body: bytes) -> str:
    return "utf-8" if body.isascii() or _holds_utf8(body) else "cp1252"


def _holds_utf8(body: bytes) -> bool:
    """Whether bytes hold a UTF-8 sequence of two or more bytes. A single-byte page almost
    never forms one by chance ("é" followed by ASCII is none)."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("utf-8", errors="replace")
        return len(text) - len(text.encode("ascii", "ignore")) > text.count("\ufffd")
    return True


def _read_by_browsers(encoding: str) -> bool:
    try:
        return _codec_key(codecs.lookup(encoding).name) in _WEB_CODECS
    except LookupError:
        return False
