"""Whether a page at an address of no known record form shows one news article.

WordPress posts are read at `?p=N` and the portal's items at `/news/YYYY-MM-DD` (extract.py):
their address says what they are. A redesign onto another system (Drupal's `/news/<slug>`,
Joomla's `/news/<id>-<slug>`, Hugo's `/news/<slug>/`, Ghost's `/<slug>/`) says nothing by its
address, so the page's own markup has to: this module reads what it says. Pure, no I/O.

Conservative: an About, FAQ or members page, a list of posts or a search page must give no
record, so every signal here names a single article's template or type, and an element
holding one title counts only beside a date of publication (`Signal.sure` false). An
undated article, one in a section of another kind, or a page with no article marks at all
that reads as one title over one text (`Signal.needs_list`), is a post only where the site's
other pages say so: a news list dates it, or a `?p=N` moved to it (extract.UNCONFIRMED,
harvest.finish).
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import parse_qsl, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archive.urls import canonical
from scraper.extract import structured
from scraper.extract.clean import ancestor_ids, ancestors, matches
from scraper.extract.naming import page_names
from scraper.extract.signals import body_classes, excluded

# schema.org types of one news item (not Report or ScholarlyArticle: a publication's page)
NEWS_TYPES = frozenset({"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle"})
# Content types of Drupal, TYPO3 or Plone that are news, by their machine name
_NEWS_NODE = (
    r"(?:article|news|news[_-]item|news[_-]article|blog|blog[_-]post|press[_-]release"
    r"|actualites?|nachrichte?n?|notizi[ae]|noticias?"  # French, German, Italian, Spanish
    r"|oe_news)"  # OpenEuropa's (the European Commission's Drupal)
)
# Body classes of single-article templates. Drupal 8+ names the node's type on the body
# (`page-node-type-article`) and on its article (`node--type-article`); Drupal 7 on the body
# (`node-type-article`); Ghost's post template (`post-template`; its pages: `page-template`);
# Plone's News Item (`portaltype-news-item`); WordPress at a pretty permalink (`single-post`).
_SURE_BODY = re.compile(
    rf"^(?:page-node-type-{_NEWS_NODE}|node-type-{_NEWS_NODE}|post-template"
    r"|portaltype-news-item|single-post)$"
)
# A Drupal node's own type on its article element: it wins over the body's, which a theme
# may print for every node
_NODE_TYPE = re.compile(r"^node--type-([\w-]+)$")
_NODE_TYPE_BODY = re.compile(r"^(?:page-)?node-type-([\w-]+)$")
# Templates of pages, said as such: a Drupal basic page, Ghost's or WordPress's page
# pages, and lists (Joomla's category blog and featured articles: its last page may hold one)
_PAGE_BODY = re.compile(
    r"^(?:page-template|page-id-\d+|search(?:-results)?|error404|archive"
    r"|view-category|view-featured)$"
)
# Joomla prints `view-article` for every article, its About page too: a title alone is not one
WEAK_BODY = frozenset({"view-article"})
# Navigation that is no site menu: a breadcrumb trail ending at the page, previous and next
# links beside a post (Joomla's `pagenavigation`, PaperMod's `paginav`), a list's pages
# Navigation that is no menu of the site's sections: a trail, a list's pages, a post's
# neighbours, a list of posts (Docusaurus's "Blog recent posts navigation" links the post)
_NOT_A_MENU = re.compile(
    r"breadcrumb|pagenav|paginav|pagination|post-nav|nav-links|recent|latest|related"
    r"|section-nav|skip-links",  # Docsy's sidebar of a section's pages (probe 15)
    re.I,
)
# First path segments (after a language's, `/en/`) of sections of other kinds: an article
# there is a post only where the site says so elsewhere (a news list dates it, a `?p=N` moved
# to it: harvest.note), since Hugo's themes mark every page an article
OTHER_SECTIONS = frozenset(
    {
        *("about", "about-us", "faq", "faqs", "contact", "members", "member", "membership"),
        *("publications", "publication", "documents", "reports", "resources", "library"),
        *("events", "event", "calendar", "careers", "jobs", "vacancies", "agencies"),
        *("partners", "people", "team", "staff"),
    }
)
# ... and of lists and the system's pages, never one post
LIST_SECTIONS = frozenset(
    {"tag", "tags", "category", "categories", "taxonomy", "topics", "author", "authors"}
    | {"search", "user", "login", "sitemap"}
)
_LANGUAGE = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2})?$")
# Where a page no mark calls an article may still be a post: an address naming news in one
# of its segments (/news/x, /press/2021/06/x.html, /de/aktuelles/nachrichten/x, /blog/x,
# /Press_Release_x.html, Blogger's /2024/12/x.html), never /about/, /events/x, /faq,
# /workshops/x (review 19), a newsletter's sign-up or a press kit (review 20)
_NEWS_PATH = re.compile(
    r"(?<![a-z])(?:news(?!letter)|press(?![-_]?kit)|blog|articles?\b|posts?\b|entr(?:y|ies)\b"
    r"|notes|stories|updates|media[-_]?releases?|aktuell|nachrichten|actuali[dt]|notizie|noticia"
    r"|comunica|nieuws|novosti)|/(?:19|20)\d\d/\d\d/|^/node/\d+",  # a month's; a Drupal node
    re.I,
)
PAGER_KEYS = frozenset({"page", "start", "paged", "limitstart", "offset"})
PAGER_PATH = re.compile(r"/page/\d+/?$")
MAX_ARTICLES = 1  # more <article> elements holding a heading: a list of posts


class Signal(NamedTuple):
    """Why a page looks like one article, whether that alone is enough (`sure`), and whether
    it is a post only where the site says so (`needs_list`: its address names a section of
    another kind, or nothing marks it an article; harvest.finish)."""

    why: str
    sure: bool
    needs_list: bool = False
    unmarked: bool = False  # nothing marks it an article: a list may look the same


def signal(html: str, url: str, site: str) -> Signal | None:
    """What says the page at `url` shows one news article, or None."""
    tree = LexborHTMLParser(html) if html and html.strip() else None
    if tree is None or tree.body is None or tree.root is None:
        return None
    section = _section(url)
    if section is None:
        return None
    said = _signal(tree, url, site)
    if said is None:
        return None
    # Hugo's and Ghost's themes mark every page an article: outside an address naming news,
    # a page is a post only where the site's news list dates it (review 21: /ger/, /mission/)
    elsewhere = section in OTHER_SECTIONS or not _NEWS_PATH.search(urlsplit(url).path)
    return said._replace(needs_list=said.needs_list or elsewhere)


def _signal(tree: LexborHTMLParser, url: str, site: str) -> Signal | None:
    assert tree.body is not None and tree.root is not None
    classes = body_classes(tree)
    node_type = _node_type(tree, classes)
    if node_type is not None and not re.fullmatch(_NEWS_NODE, node_type):
        return None  # a Drupal node of another type: a basic page, a publication
    if any(_PAGE_BODY.match(c) for c in classes) or _in_own_menu(tree, url, site):
        return None
    names = page_names(tree)
    if any(c.field == "title" for c in structured.jsonld(tree.root, names.site, NEWS_TYPES)):
        return Signal("JSON-LD article", True)
    if _microdata_article(tree.root):
        # Joomla marks every article of its own as schema.org's, its About page too
        return Signal("microdata article", not WEAK_BODY & set(classes))
    if _og_article(tree.root):
        return Signal("og:type article with article:published_time", True)
    sure = next((c for c in classes if _SURE_BODY.match(c)), None)
    if sure is not None or (node_type is not None):
        return Signal(f"template {sure or 'node--type-' + (node_type or '')}", True)
    if _one_titled_element(tree):
        return Signal("one element holding the page's one <h1>", False)
    # Another system's post page may say nothing of itself: no <main>, no <h1> (probe 14's
    # DNN, KARI, SharePoint, Sitefinity...). Read as one, it is a post only where the site's
    # news list dates it: an About page is on none.
    path = urlsplit(url).path
    if (
        _NEWS_PATH.search(path)
        and len(_articles(tree.body, tree.body)) <= MAX_ARTICLES
        and not _entries(tree, url, site)
    ):
        return Signal("a page read as one title and its text", False, True, True)
    return None


def _section(url: str) -> str | None:
    """The first segment of an address's path, after a language's (`/en/events/x`: events);
    None for a list or a system page (`/tag/x`, `/taxonomy/term/5`, `?page=2`,
    `/news/page/2/`, Joomla's `?start=10`), never one post."""
    parts = urlsplit(url)
    segments = [s.lower() for s in parts.path.strip("/").split("/")]
    if len(segments) > 1 and _LANGUAGE.match(segments[0]):
        segments = segments[1:]
    keys = {key.lower() for key, _ in parse_qsl(parts.query)}
    paged = bool(keys & PAGER_KEYS) or PAGER_PATH.search(parts.path) is not None
    return None if paged or segments[0] in LIST_SECTIONS else segments[0]


def _node_type(tree: LexborHTMLParser, classes: list[str]) -> str | None:
    """A Drupal node's type: its full view's article's (`node--type-X`), else the body's."""
    assert tree.body is not None
    for node in tree.body.css("article[class*='node--type-']"):
        tokens = (node.attributes.get("class") or "").split()
        # a list's one teaser is no page's own node: only the full view, or a lone article
        # saying no view mode, is
        modes = [t for t in tokens if t.startswith("node--view-mode-")]
        alone = not modes and len(tree.body.css("article")) == 1
        own = modes == ["node--view-mode-full"] or alone
        found = next((m.group(1) for t in tokens if (m := _NODE_TYPE.match(t))), None)
        if own and found:
            return found.replace("-", "_")
    found = next((m.group(1) for c in classes if (m := _NODE_TYPE_BODY.match(c))), None)
    return found.replace("-", "_") if found else None


def _microdata_article(root: LexborNode) -> bool:
    """Whether one schema.org article item with a headline is marked up: a sidebar's latest
    articles (Joomla's) are items too, without one."""
    scopes = [
        node
        for node in root.css("[itemscope][itemtype]")
        if (node.attributes.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1] in NEWS_TYPES
        and node.css_first("[itemprop~='headline']") is not None
    ]
    return len(scopes) == 1


def _og_article(root: LexborNode) -> bool:
    og_type = root.css_first("meta[property='og:type']")
    kind = (og_type.attributes.get("content") or "").strip().lower() if og_type else ""
    published = root.css_first("meta[property='article:published_time'][content]")
    return kind == "article" and published is not None


def _in_own_menu(tree: LexborHTMLParser, url: str, site: str) -> bool:
    """Whether the site's menu links this page: a section of the site (About, Members, the
    News index), not one of its posts. A breadcrumb trail ending at the page, or a post's
    previous and next links, are no menu."""
    assert tree.body is not None
    try:
        own = canonical(url, site)
    except ValueError:
        return False
    for menu in matches(tree.body, ("nav", "[role='navigation']")):
        label = " ".join((menu.attributes.get(a) or "") for a in ("class", "id", "aria-label"))
        inside = {a.tag for a in ancestors(menu)} & {"main", "article"}
        if _NOT_A_MENU.search(label) or inside:
            continue
        for link in menu.css("a[href]"):
            if {"prev", "next"} & set((link.attributes.get("rel") or "").split()):
                continue
            if (link.attributes.get("href") or "").strip().startswith("#"):
                continue  # a skip link ("#main"), Ghost's "#/portal/": no section (probe 15)
            try:
                linked = canonical(link.attributes.get("href") or "", site, base=url)
                if linked.rstrip("/") == own.rstrip("/"):  # "/about" links "/about/"
                    return True
            except ValueError:
                continue
    return False


def _one_titled_element(tree: LexborHTMLParser) -> bool:
    """Whether the page has one <h1>, inside its one <article> (or its <main> where it has
    none), and no other article holding a heading (a list's entries)."""
    body = tree.body
    assert body is not None
    h1s = body.css("h1")
    if len(h1s) != 1:
        return False
    around = ancestor_ids(h1s[0])
    articles = _articles(body, h1s[0])
    if len(articles) > MAX_ARTICLES:
        return False
    holders = articles or [m for m in matches(body, ("main", "[role='main']"))]
    return any(h.mem_id in around for h in holders)


def _articles(body: LexborNode, near: LexborNode) -> list[LexborNode]:
    """The <article> elements holding a heading, outside what stands beside `near` (a
    sidebar's, a footer's): more than one is a list's entries."""
    aside = excluded(body, near)
    return [a for a in body.css("article") if a.mem_id not in aside and a.css_first("h1, h2, h3")]


def _entries(tree: LexborHTMLParser, url: str, site: str) -> bool:
    """Whether two headings or more link other pages of the site: a list's entries (MODX's
    `<h2 class="title"><a>`), whatever marks them."""
    assert tree.body is not None
    try:
        own = canonical(url, site).rstrip("/")
    except ValueError:
        return False
    linked = 0
    for link in tree.body.css("h2 a[href], h3 a[href]"):
        try:
            target = canonical(link.attributes.get("href") or "", site, base=url).rstrip("/")
        except ValueError:
            continue
        linked += target != own and target.startswith(site.rstrip("/"))
        if linked >= 2:
            return True
    return False
