"""Pages in the charset they declare (archive/decoding.py): the portal's years wrote ISO-8859-1
and windows-1252, which read as UTF-8 turned every accent and curly quote into U+FFFD."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.decoding import page_text
from archive.pages import title_and_text
from scraper.discover import discover
from scraper.extract import extract

SITE = "http://www.globalspaceexploration.org/"
CAPTURED = datetime(2012, 6, 1, tzinfo=UTC)
Q = "\u2019"  # the curly apostrophe windows-1252 writes as 0x92
TITLE = f"Réunion de l{Q}ISECG à Paris"


@pytest.mark.parametrize(
    ("body", "content_type", "text"),
    [
        (b"caf\xe9 \x92", "text/html; charset=ISO-8859-1", "café " + Q),  # read as windows-1252
        (b'<meta charset="windows-1252">caf\xe9', "text/html", '<meta charset="windows-1252">café'),
        (b"caf\xe9", "text/html", "café"),  # nothing declared, not UTF-8: windows-1252
        (b"caf\xc3\xa9", None, "café"),  # nothing declared, UTF-8
        (b"caf\xc3\xa9", "text/html; charset=iso-8859-1", "café"),  # a server's wrong default
        (b"\xef\xbb\xbfcaf\xc3\xa9", "text/html; charset=iso-8859-1", "café"),  # BOM wins
        (b"caf\xc3\xa9 \x92", "text/html; charset=utf-8", "café " + Q),  # a pasted byte
        (b"R\xe9union \x92", "text/html; charset=utf-8", "Réunion " + Q),  # no UTF-8 at all
        (b"R\xe9union \xc2\xa0", "text/html; charset=iso-8859-1", "Réunion \u00a0"),  # mixed
        (b"caf\xe9", "text/html; charset=iso-8859-15", "café"),
    ],
)
def test_a_page_is_read_in_its_charset(body: bytes, content_type: str | None, text: str) -> None:
    assert page_text(body, content_type) == text


def portal_item(meta: str) -> bytes:
    page = f"""<html><head>{meta}<title>ISECG - {TITLE}</title></head><body>
    <div id="content"><div class="portlet-boundary portlet-boundary_56_">
    <span class="portlet-title">Web Content Display</span>
    <div class="journal-content-article"><h1>{TITLE}</h1>
    <p>Les agences se sont réunies le 30 mai 2012 : l{Q}étape suivante de la feuille de route
    globale d{Q}exploration, coordonnée par le secrétariat, a été présentée aux délégués.</p>
    <p>Le prochain atelier se tiendra à Toulouse, au Centre National d{Q}Études Spatiales.</p>
    </div></div></div></body></html>"""
    return page.encode("cp1252")


@pytest.mark.parametrize(
    ("meta", "content_type"),
    [
        ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "text/html"),
        ("", "text/html;charset=windows-1252"),
        ("", "text/html"),
    ],
    ids=["meta", "header", "undeclared"],
)
def test_a_portal_item_in_windows_1252_keeps_its_accents(meta: str, content_type: str) -> None:
    got = extract(SITE + "news/2012-05-31", content_type, portal_item(meta), SITE, CAPTURED)
    [news] = got.news
    assert news.title == TITLE
    assert (
        "\ufffd" not in news.body_text and f"Centre National d{Q}Études Spatiales" in news.body_text
    )


def test_a_latin_1_pages_title_and_text_for_the_wacz_page_list() -> None:
    title, text = title_and_text(portal_item(""), "text/html; charset=iso-8859-1")
    assert title == "ISECG - " + TITLE and f"d{Q}Études Spatiales" in text


def test_a_latin_1_pages_links_are_found_whole() -> None:
    page = '<a href="/wordpress/docs/Évaluation finale.pdf">Évaluation</a>'.encode("cp1252")
    found = discover(SITE + "documents", "text/html; charset=iso-8859-1", page, {}, SITE)
    assert [url for url, _ in found.links] == [SITE + "wordpress/docs/%C3%89valuation%20finale.pdf"]


@pytest.mark.parametrize("charset", ["rot13", "base64", "cp037", "utf-32", "punycode", "idna"])
def test_a_charset_no_browser_reads_a_page_in_is_none_declared(charset: str) -> None:
    """Python's codecs read what a page names (helper-206: `rot13` raised, stopping the
    build; helper-209: EBCDIC and UTF-32 made the page unreadable): only the WHATWG
    Encoding standard's are taken; any other is read as no charset declared."""
    body = "<p>The agencies met in Köln.</p>".encode()
    assert page_text(body, f"text/html; charset={charset}") == body.decode()
    meta = f"<meta charset='{charset}'>".encode() + body
    assert page_text(meta, "text/html") == meta.decode()


UTF8_PAGE = "<html><title>Café</title><p>Agence spatiale européenne</p></html>"


@pytest.mark.parametrize(
    "charset",
    [
        "hz-gb-2312",  # a set browsers show as one U+FFFD: the whole text was lost
        "iso-2022-kr",
        "x-user-defined",  # each byte a character: UTF-8's read as private-use ones
        "unicode",  # UTF-16, claimed of bytes with no NUL: read as UTF-16, garbage
        "utf-16",
    ],
)
def test_a_charset_that_would_lose_the_pages_text_reads_it_as_undeclared(charset: str) -> None:
    """helper-217: pages w3lib 2.5 read whole and 2.6 lost, each read as before."""
    body = UTF8_PAGE.encode("utf-8")
    assert page_text(body, f"text/html; charset={charset}") == UTF8_PAGE


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf_16_is_read_in_its_byte_order(codec: str) -> None:
    """Named with its order, or without one and no byte order mark: little-endian, as browsers
    read "utf-16"."""
    named = "utf-16" if codec == "utf-16-le" else codec
    assert page_text(UTF8_PAGE.encode(codec), f"text/html; charset={named}") == UTF8_PAGE
