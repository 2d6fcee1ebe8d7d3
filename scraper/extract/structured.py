"""What a page states for machines: JSON-LD, schema.org microdata, meta tags, og:title.

Pure functions, no I/O, no exception on bad input. Each value becomes a `Candidate` naming its
source (jsonld, microdata, meta, og, title). A page that describes several articles (a list,
related posts) describes none of them for sure: it gives no JSON-LD or microdata candidate.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archive.text import collapse
from scraper.extract import instants
from scraper.extract import selectors as sel
from scraper.extract.clean import attr_values, text_of
from scraper.extract.naming import PageNames, is_title, page_names, strip_site_name
from scraper.extract.signals import excluded
from scraper.extract.types import Candidate

ARTICLE_TYPES = frozenset({"Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle"})
MAX_JSONLD_CHARS = 1_000_000  # a script bigger than this is not a description of one post
MAX_JSONLD_NODES = 10_000  # objects walked per script
TITLE_MAX = 400
OWN = ("@graph", "mainEntity", "mainEntityOfPage")  # properties whose objects are the page's
OWN_ITEM = {"mainEntity", "mainEntityOfPage", "blogPost"}  # a Blog's post, on its own page


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def _objects(data: object) -> Iterator[dict[str, Any]]:
    """The objects a JSON-LD document says the page is: those at its top, in its @graph, and
    their main entities, walked iteratively. An object that is another's property (a Report
    it mentions, a post it links to) is not the page's: its date is not the post's."""
    stack, walked = [data], 0
    while stack and walked < MAX_JSONLD_NODES:
        item = stack.pop()
        walked += 1
        if isinstance(item, dict):
            yield item
            stack.extend(item[key] for key in OWN if isinstance(item.get(key), dict | list))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def _name(value: object) -> str:
    """A schema.org text or person: "X", {"name": "X"}, [{"name": "X"}]."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return collapse(value) if isinstance(value, str) else ""


def _article_candidates(
    found: dict[str, str], source: str, names: tuple[str, ...]
) -> list[Candidate]:
    out = []
    # A plugin's headline may be escaped ("ISECG&#8217;s") and carry the site ("X - ISECG").
    headline = collapse(html.unescape(found.get("title", "")))
    title = strip_site_name(headline, names, prefix=False)[:TITLE_MAX]
    if title:
        out.append(Candidate("title", title, source, found["title"]))
    for field in ("published", "modified"):
        date = instants.from_iso(found.get(field, ""), source)
        if date is not None:
            out.append(Candidate.of_date(field, date))
    if found.get("author"):
        out.append(Candidate("author", found["author"], source, found["author"]))
    return out


def jsonld(
    root: LexborNode, site: tuple[str, ...], types: frozenset[str] = ARTICLE_TYPES
) -> list[Candidate]:
    """Title, dates and author of the one article (of `types`) the page's JSON-LD describes."""
    articles: list[dict[str, str]] = []
    for script in root.css("script[type='application/ld+json']"):
        raw = script.text(deep=True) or ""
        if len(raw) > MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        for node in _objects(data):
            if _types(node) & types:
                articles.append(
                    {
                        "title": _name(node.get("headline") or node.get("name")),
                        "published": _name(node.get("datePublished")),
                        "modified": _name(node.get("dateModified")),
                        "author": _name(node.get("author")),
                    }
                )
    if len({a["title"] for a in articles}) != 1:
        return []
    return _article_candidates(articles[0], "jsonld", site)


def _prop(node: LexborNode) -> str:
    attrs = node.attributes
    return (attrs.get("content") or attrs.get("datetime") or "").strip() or text_of(node)


def microdata(root: LexborNode, site: tuple[str, ...]) -> list[Candidate]:
    """Title, dates and author of the one schema.org Article marked up in the page."""
    scopes = [
        n
        for n in root.css("[itemscope][itemtype]")
        if (n.attributes.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1] in ARTICLE_TYPES
        and set((n.attributes.get("itemprop") or "mainEntity").split()) & OWN_ITEM
    ]
    if scopes:  # a featured post in a sidebar, a related one under the post: not the page's
        aside = excluded(root, root.css_first("h1") or root)
        scopes = [n for n in scopes if n.mem_id not in aside]
    if len(scopes) != 1:
        return []
    scope, found = scopes[0], {}
    names = {"headline": "title", "datePublished": "published", "dateModified": "modified"}
    headlines = set()
    for node in scope.css("[itemprop]"):
        if _owner(node, scope) is not scope:
            continue  # a property of a nested item (an author, an image)
        for prop in (node.attributes.get("itemprop") or "").split():
            headlines |= {_prop(node)} if prop == "headline" else set()
            if prop in names and names[prop] not in found:
                found[names[prop]] = _prop(node)
            elif prop == "author" and "author" not in found:
                inner = node.css_first("[itemprop='name']")
                found["author"] = text_of(inner) if inner is not None else text_of(node)
    if len(headlines) > 1:  # OceanWP: the page header's "News" and the post's, both headline
        del found["title"]
    return _article_candidates(found, "microdata", site)


def _owner(node: LexborNode, scope: LexborNode) -> LexborNode | None:
    """The nearest itemscope above node (node's own scope when it is nested)."""
    parent = node.parent
    while parent is not None:
        if parent.mem_id == scope.mem_id or "itemscope" in parent.attributes:
            return scope if parent.mem_id == scope.mem_id else parent
        parent = parent.parent
    return None


def meta(tree: LexborHTMLParser, names: PageNames) -> list[Candidate]:
    """Meta tags: article:published_time and kin, og:title, and the <title> element."""
    root = tree.root
    if root is None:
        return []
    out = []
    for field, selectors, source in (
        ("published", sel.META_PUBLISHED, "meta"),
        ("published", sel.META_DATED, "meta-date"),
        ("modified", sel.META_MODIFIED, "meta"),
    ):
        for value in attr_values(root, selectors, "content"):
            date = instants.from_iso(value, source)
            if date is not None:
                out.append(Candidate.of_date(field, date))
    og, doc = names.og, names.doc_raw
    # Not a section's name: a board's <title> may be "Press Release | ISECG" on every post.
    if og and is_title(title := strip_site_name(og, names.site), names.site):
        out.append(Candidate("title", title[:TITLE_MAX], "og", og))
    if doc and is_title(names.doc, names.site):
        out.append(Candidate("title", names.doc[:TITLE_MAX], "title", doc))
    return out


def candidates(tree: LexborHTMLParser, names: PageNames | None = None) -> list[Candidate]:
    """Everything the page states for machines about the post it shows."""
    if tree.root is None:
        return []
    names = names or page_names(tree)
    return jsonld(tree.root, names.site) + microdata(tree.root, names.site) + meta(tree, names)
