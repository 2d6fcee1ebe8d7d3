"""Which dates printed near a post's title are its own byline (scraper/extract/generic.py):
a byline whose date sits among links and spans ("Posted by <a>isecg</a> on 14 Dec 2023"), not
one in a teaser beside the text, and no date in one event's box. Pure functions, no I/O."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from archive.files import is_asset
from archive.text import collapse
from archive.urls import canonical, is_document, is_on_site
from scraper.extract.clean import ancestor_ids, ancestors
from scraper.extract.facts import in_an_event_box
from scraper.extract.printed import byline, date_of
from scraper.extract.pubtext import FILE_NAME, FILE_NOTE, POSTING_LINE

# Elements a byline's words may sit in, around its date: "Posted by <a>isecg</a> on ..."
_INLINE = frozenset({"a", "span", "small", "em", "strong", "b", "i", "abbr", "br", "wbr"})
# A tag's, a category's, a topic's or an author's page: the byline's neighbours, no teaser
_TAXONOMY = re.compile(
    r"/(?:tags?|categor(?:y|ies)|topics?|authors?|users?)/|[?&](?:tag|cat)=", re.I
)
_HEADINGS = "h2, h3, h4, h5, h6"
TEASER = "teaser"  # in_a_teaser's: a box linking another post or page, or with a heading
FILE = "file"  # ... a box whose only such link is a file's: its day may be the document's
BYLINE_CHARS = 80  # a longer text is no date, as printed.date_of reads one
# A file's button, in the members' languages too: "Download (PDF)", "View PDF", "Télécharger
# le PDF", "PDF herunterladen", "Scarica il PDF"; not a title with such a word ("Open
# Architecture", "View from the Moon", "Data Download Guide")
_DOWNLOAD = r"download|t[ée]l[ée]charger|scaricar?e?|descargar|baixar|downloaden|скачать"
_BUTTON = re.compile(
    rf"^(?:{_DOWNLOAD})\b|^(?:view|open|read)\s+(?:the\s+)?(?:pdf|file|document|full\s+text)\b"
    r"|\b(?:herunterladen|downloaden)$",
    re.I,
)
_BUTTON_WORDS = re.compile(  # what a button says besides what it names
    rf"\b(?:{_DOWNLOAD}|herunterladen|view|open|read|the|le|la|les|das|den|die|il|lo|el|o|a"
    r"|de|pdf|file|fichier|datei|document|full|text|version|here)\b",
    re.I,
)


def in_event_box(node: LexborNode, block: LexborNode) -> bool:
    """Whether the date sits in an element classed as one event's or meeting's box ("event",
    "evenement", "veranstaltung", "meeting-info"), inside the post's block: its day is the
    event's, unless a posting label says otherwise."""
    if not in_an_event_box(node, block):
        return False
    return not POSTING_LINE.match(collapse(node.text() or ""))  # "Posted on" is not


def inline_byline(node: LexborNode) -> bool:
    """A byline whose date sits among inline elements ("Posted by <a>isecg</a> on 14 Dec 2023
    · <a>Meetings</a>", WordPress's "<span class=screen-reader-text>Pubblicato il</span> 14
    Dicembre 2023"): read whole when its text opens with a posting label and none of its
    elements prints a date by itself (that one is read alone)."""
    text = node.text() or ""
    if len(text) > BYLINE_CHARS or not POSTING_LINE.match(collapse(text)):
        return False  # checked first: most elements around the text are long
    inner = (n for n in node.traverse() if n.is_element_node and n.mem_id != node.mem_id)
    return all(n.tag in _INLINE and date_of(n) is None for n in inner)


def in_a_teaser(
    node: LexborNode,
    block: LexborNode,
    body: LexborNode | None,
    title: LexborNode | None,
    site: str,
    url: str,
) -> str | None:
    """Whether a byline sits in an element beside the text that links another post (a left
    column's "Featured" teaser): climbing from it to the first element holding the text or
    the post's title, or the block, one links another page of the site. In the post's own
    header, only a link between the title and the byline counts (a previous post's, with
    its day below it; a category's or an author's there drops the post's own byline too,
    a lost day rather than a wrong one); elsewhere, an element with a heading of its own
    does too. TEASER, or FILE where only a file's link (a PDF, an image) marks it: a
    report's box with its day, or the post's own meta beside a document; nobody can tell."""
    own = {a.mem_id for a in node.css("a")}
    holding = ancestor_ids(body) | {body.mem_id} if body is not None else set()
    header = ancestor_ids(title) if title is not None else set()
    for above in ancestors(node):
        if above.mem_id == block.mem_id or above.mem_id in holding:
            return None
        if above.mem_id in header:
            assert title is not None
            between = _between(above, title, node)
            return _marked([a for a in between if not _passed(a, True)], site, url)
        if above.css_first(_HEADINGS) is not None:
            return TEASER  # a block of its own with a heading ("In the press", "Featured")
        meta = byline(above)  # the post's meta line: its file's button is no teaser's
        links = [
            a for a in above.css("a[href]") if a.mem_id not in own and not (meta and _passed(a))
        ]
        if marked := _marked(links, site, url):
            return marked
    return None


def _marked(links: list[LexborNode], site: str, url: str) -> str | None:
    """TEASER where a link names another page of the site, FILE where only files do."""
    pages = [a.attributes.get("href") or "" for a in links if _another_page(a, site, url)]
    if not pages:
        return None
    return FILE if all(is_document(h) or is_asset(h) for h in pages) else TEASER


def _between(scope: LexborNode, first: LexborNode, last: LexborNode) -> list[LexborNode]:
    """The links of scope after `first` (and outside it) and before `last`, in page order."""
    found: list[LexborNode] = []
    inside_first = {first.mem_id} | {n.mem_id for n in first.traverse()}
    started = False
    for element in scope.traverse():
        if element.mem_id == last.mem_id:
            return found
        if element.mem_id in inside_first:
            started = True
            continue
        if started and element.tag == "a" and element.attributes.get("href"):
            found.append(element)
    return found


def _passed(link: LexborNode, under_title: bool = False) -> bool:
    """A file's button that names no other post ("Download (PDF)", "View PDF", the file's
    name), and under the title a link wrapping only its image (the featured image). Passed
    over between the title and the byline, and in the post's own meta line ("Posted on ... |
    Download (PDF)"); in any other box it may be a publication's, whose day follows it. A
    file's link naming a document ("Annual Report") counts as another page's anywhere."""
    href = link.attributes.get("href") or ""
    words = collapse(link.text() or "")
    if not words:
        return under_title and link.css_first("img") is not None and is_asset(href)
    return is_document(href) and _is_button(words)


def _is_button(words: str) -> bool:
    """Whether a link's words are a file's button, not a title: the file's name, or a verb
    to download or view it with at most two other words ("Download summary (PDF)")."""
    if FILE_NAME.match(words):
        return True
    text = FILE_NOTE.sub("", words).strip()
    return _BUTTON.search(text) is not None and len(_BUTTON_WORDS.sub("", text).split()) < 3


def _another_page(link: LexborNode, site: str, url: str) -> bool:
    """Whether a link names a page of the site other than this one, its home and its
    taxonomies (a teaser's flat `news-ger-2024.html` or `news.php?id=12` too, which
    others._another_post leaves out, and a file, which _marked tells apart): a tag's or an
    author's page is no other post."""
    href = link.attributes.get("href") or ""
    if href.strip().startswith(("#", "mailto:", "tel:", "javascript:")):
        return False
    if _TAXONOMY.search(href):
        return False
    try:
        target = canonical(href, site, base=url)
    except ValueError:
        return False
    if not is_on_site(target, site) or target.rstrip("/") == site.rstrip("/"):
        return False
    return target.rstrip("/") != canonical(url, site).rstrip("/")
