"""What a page calls its site and itself: the site's names, a section's ("News"), its
og:title and <title> without them, and whether a heading names a post or only a section.
Pure functions, no I/O (signals.title picks the post's title with them; the generic reader
finds the element naming the post, `title_node`, to look for its day around it)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archive.text import collapse
from scraper.extract import selectors as sel
from scraper.extract.clean import (
    ancestor_ids,
    ancestors,
    attr_values,
    fold,
    matches,
    matching,
    nearest,
    text_of,
)

SITE_NAMES = ("ISECG", "International Space Exploration Coordination Group")
# The name of the portal software's company until someone renames it: "News - Liferay".
CMS_NAMES = ("Liferay",)
# A section's name, which a banner heading or a page-header's "headline" prints above a post.
SECTION_TITLES = frozenset(
    {"news", "latest news", "news & events", "news and events", "blog", "archives", "posts"}
    | {"articles", "events", "publications", "press releases", "media", "updates"}
    # The portal's (Liferay's) default portlet titles, printed above each portlet's content
    # unless a custom title was set: "Web Content Display" heads every article of 2007-2013.
    | {"web content display", "journal content", "asset publisher", "document library"}
    | {"document library display", "documents and media", "navigation", "breadcrumb"}
    | {"print"}  # the header of an article's print view
    | {"press release", "news releases", "newsroom", "press room", "blogs", "announcements"}
    # "News" and "press releases" in the members' languages: a section's name in a <title>
    # ("<headline> : Новости ISECG") or above a post, never a post's own title.
    | {"actualités", "communiqués de presse", "aktuelles", "nachrichten", "pressemitteilungen"}
    | {"notizie", "comunicati stampa", "noticias", "новости", "ニュース", "プレスリリース"}
    | {"お知らせ", "뉴스", "보도자료", "新闻"}
)
_PLAIN_PUNCTUATION = str.maketrans("\u2018\u2019\u201c\u201d\u2013\u2014", "''\"\"--")
_FEED_SUFFIX = re.compile(r"\s*(?:\u00bb|&raquo;|-|\|)?\s*(?:comments\s+)?feed\s*$", re.I)
# "|", "-", en and em dash, ":", right guillemet, middle dot, bullet, once or repeated ("::").
_SEPARATOR = r"\s*[|\-\u2013\u2014:\u00bb\u00b7\u2022]+\s*"
_PARTS = re.compile(r"\s+[|\-\u2013\u2014\u00bb\u00b7\u2022]\s+")  # a <title>'s parts, no colon
_BAR = re.compile(r"\s+\|\s+")  # the part a site's name follows most often
LEAD_WORDS = 3  # a site's name in front ("ESA | ...") is shorter than a post's title
# What follows a site's or a section's name before a <title>'s headline: a spaced bar,
# hyphen, guillemet or double colon ("ISECG - News - <title>", "ISECG :: News :: <title>");
# not an en or em dash, which a headline may hold itself ("ISECG \u2013 A Decade of ...")
_LEADING = r"\s+(?:[|\-\u00bb]|::)\s+"
# Where a section's name may follow a <title>'s headline: as a part, or after a colon spaced
# on both sides (French and Russian typography, "<headline> : Новости ISECG"), never after a
# headline's own "Artemis: the next step".
_SECTION_PART = re.compile(r"\s+[|\-\u2013\u2014\u00bb\u00b7\u2022:]\s+")
_LEADING_SPLIT = re.compile(_LEADING)


def folded(text: str) -> str:
    """A title compared: case, curly quotes and dashes aside ("ISECG's" = "ISECG\u2019s")."""
    return text.casefold().translate(_PLAIN_PUNCTUATION)


def same_title(a: str, b: str) -> bool:
    """Two titles the same, case, spacing, curly quotes and dashes aside."""
    return folded(collapse(a)) == folded(collapse(b))


def site_names(root: LexborNode) -> tuple[str, ...]:
    """What the page calls its site: og:site_name, the theme's site title, the name its feed
    links carry ("Global Space Exploration » Feed"), and the group's own names."""
    names = attr_values(root, sel.SITE_NAME, "content")
    names += [text_of(n) for n in matches(root, sel.SITE_TITLE)]
    for feed in attr_values(root, sel.FEED_LINKS, "title"):
        names.append(_FEED_SUFFIX.sub("", collapse(feed)))
    return tuple(dict.fromkeys(n for n in (*names, *SITE_NAMES, *CMS_NAMES) if n))


def strip_site_name(title: str, names: tuple[str, ...], prefix: bool = True) -> str:
    """A <title> without the site's name: "X | ISECG", "X - ISECG", "ISECG - News - X" (the
    portal's form, the group's own names only; not with `prefix` False: a headline)."""
    whole = title
    for name in names:
        title = _after_name(name).sub("", title)
    # Then a section's name last, where the site's name came off or stands with it ("<title>
    # - News - ISECG", "<title> : Новости ISECG"): never a headline's ("Artemis - Updates").
    last = _SECTION_PART.split(title)[-1]
    if prefix and last != title and _section(last, names, title != whole):
        title = title[: -len(last)].rstrip(" |-\u2013\u2014\u00bb\u00b7\u2022:")
    if not prefix:
        return title.strip()
    named = False
    for name in SITE_NAMES:
        stripped = _before_name(name).sub("", title)
        if stripped != title:
            title, named = stripped, True
            break
    # Then a section's name first, after the site's ("ISECG :: News :: <title>"); with none
    # before it, a headline's: "Events - A Look Back at 2019" (review 45), and a printed
    # "Press Release - <title>" dates its post by matching it whole (review 47)
    first, *rest = _LEADING_SPLIT.split(title.strip(), maxsplit=1)
    section = named and folded(first) in SECTION_TITLES
    return rest[0].strip() if rest and rest[0] and section else title.strip()


# A site's names are few and come back on every page: each one's patterns compiled once (the
# group's own before reparse's workers fork, warm_up), not looked up in re's cache per title.
@lru_cache(maxsize=256)
def _after_name(name: str) -> re.Pattern[str]:
    """A <title>'s end naming the site: "<title> | ISECG"."""
    return re.compile(rf"{_SEPARATOR}{re.escape(name)}\s*$", re.IGNORECASE)


@lru_cache(maxsize=256)
def _before_name(name: str) -> re.Pattern[str]:
    """A <title>'s start naming the site: "ISECG - News - <title>"."""
    return re.compile(rf"^\s*{re.escape(name)}{_LEADING}", re.IGNORECASE)


def warm_up() -> None:
    """Compile the patterns of the group's own names (extract.warm_up)."""
    for name in (*SITE_NAMES, *CMS_NAMES):
        _after_name(name)
    for name in SITE_NAMES:
        _before_name(name)


@dataclass(frozen=True)
class PageNames:
    """What a page calls its site and itself, read once per page: the site's names, its
    og:title and its <title> as written, and that <title> without the site's name."""

    site: tuple[str, ...]
    og: str
    doc_raw: str
    doc: str

    def main_parts(self) -> set[str]:
        """The runs of the parts a <title> joins with spaced separators ("ESA - <the post's
        title>", "<title> - its subtitle | NASA") that make at least half of it: the page's
        own name, whatever the site calls itself (a logo's "ESA" is a part, not its name)."""
        cuts = [(m.start(), m.end()) for m in _PARTS.finditer(self.doc_raw)]
        starts = [0, *(end for _, end in cuts)]
        ends = [*(start for start, _ in cuts), len(self.doc_raw)]
        runs = {self.doc_raw[a:b] for a in starts for b in ends if a < b}
        return {run for run in runs if 2 * len(run) >= len(self.doc_raw)} if cuts else set()

    def lead_part(self) -> set[str]:
        """A <title>'s first part, of LEAD_WORDS words or more, before a spaced bar: the
        page's own name where a long site or section name follows it ("ISECG-Treffen in
        Köln | Raumfahrt-Nachrichten", helper-205: the <h1> it names was not the title)."""
        first = _BAR.split(self.doc_raw, maxsplit=1)
        return {first[0]} if len(first) > 1 and len(first[0].split()) >= LEAD_WORDS else set()

    def after_section(self) -> set[str]:
        """A <title>'s headline after a section's name and a colon ("Press release: <title>",
        helper-216's P50): the page's own name where a heading prints it alone."""
        section, colon, rest = self.doc.partition(":")
        headline = rest.strip()
        return {headline} if colon and headline and folded(section) in SECTION_TITLES else set()

    def folded(self) -> set[str]:
        """The page's names for itself, compared case, quotes and dashes aside."""
        return {folded(t) for t in (self.doc, self.og) if t}


def page_names(tree: LexborHTMLParser) -> PageNames:
    assert tree.root is not None
    site = site_names(tree.root)
    og = collapse(next(iter(attr_values(tree.root, sel.OG_TITLE, "content")), ""))
    doc_raw = text_of(next(matches(tree.root, sel.DOC_TITLE), None))
    return PageNames(site, og, doc_raw, strip_site_name(doc_raw, site))


def _section(part: str, names: tuple[str, ...], alone: bool) -> bool:
    """Whether a part of a <title> names a section: with the site's name, or `alone`."""
    words = part.casefold()
    for name in names:
        words = words.replace(name.casefold(), " ")
    return (alone or words != part.casefold()) and " ".join(words.split()) in SECTION_TITLES


def is_title(text: str, names: tuple[str, ...]) -> bool:
    """Not the site's name, nor a section's ("News"): a banner's heading names no post."""
    lowered = text.lower()
    return 2 <= len(text) <= 400 and lowered not in {n.lower() for n in names} | SECTION_TITLES


TRAIL_UP = 3  # elements above a title that may be its breadcrumb trail
_SEPARATORS = re.compile(r"^[\s>\u00bb\u203a/|\\:\u00b7\u2022\u2192\u2013\u2014-]*$")


def title_node(root: LexborNode, names: Iterable[str]) -> LexborNode | None:
    """The first visible element whose whole text is one of the names the page gives itself,
    outside a breadcrumb trail (its last item names the page too, before its <h1>, far from
    its text) and a sidebar or menu (an event in an <aside> named as the post), unless only
    those name it."""
    wanted = {fold(n) for n in names if n and len(n) >= 2}
    if not wanted:
        return None
    aside: set[int] | None = None  # the sidebars' and menus' elements, found when needed

    def set_aside(node: LexborNode) -> bool:
        """In a breadcrumb trail, a sidebar or a menu."""
        nonlocal aside
        if aside is None:
            aside = {n.mem_id for n in matching(root, sel.NOT_POST)}
        return _in_trail(node) or bool(({node.mem_id} | ancestor_ids(node)) & aside)

    first: LexborNode | None = None  # one set aside, kept if nothing else names the post
    found: LexborNode | None = None
    for node in root.traverse():
        if not node.is_element_node or node.tag in ("script", "style", "title", "a"):
            continue
        if found is not None and found.mem_id not in ancestor_ids(node):
            if not set_aside(found):
                break
            first, found = first or found, None
        if fold(node.text() or "") in wanted:
            found = node  # keep going down: the deepest element with that text
    if found is not None and set_aside(found):
        first, found = first or found, None
    if found is None:
        return first
    if found.tag == "h1" or nearest(found, ("h1",), root) is not None:
        return found
    # A banner's title before the page's <h1> naming the post: the <h1> is the post's
    for h1 in root.css("h1"):
        if fold(h1.text() or "") in wanted and not set_aside(h1):
            return h1
    return found


def _in_trail(node: LexborNode) -> bool:
    """Whether the element ends a breadcrumb trail: the nearest element above it holding
    links holds nothing else than their words, its own and separators ("Home » News » T",
    an <ol> of linked items and its last)."""
    own = collapse(node.text() or "")
    for box in islice(ancestors(node), TRAIL_UP):
        links = box.css("a[href]")
        if not links:
            continue
        rest = collapse(box.text() or "").replace(own, " ", 1)
        for link in links:
            rest = rest.replace(collapse(link.text() or ""), " ", 1)
        return _SEPARATORS.match(rest) is not None
    return False
