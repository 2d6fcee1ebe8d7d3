"""Learn where this site's theme prints a post's title, date and body, from REST; read with it.

Pure functions, no I/O. In a crawl where the REST API answers, each post page is compared with
its REST item: the element whose text is the REST title, the element printing the REST date,
and the smallest element holding the REST body are found and described by a CSS selector.
A selector that enough posts agree on becomes the template of that theme (`vote`), stored by
the builder in the `templates` table. Pages read later without REST (REST switched off, the
REST item missing, `isecg reparse`) are read through the template of their theme before the
generic reader is tried.

A theme is recognised by `fingerprint`: a hash of the page's shell (the stylesheets and the
tags and classes of the elements just under <body>), which stays the same across posts of one
design and changes with a redesign.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archive.text import collapse
from scraper.extract.clean import ancestors, fold
from scraper.extract.generic import title_node
from scraper.extract.printed import date_of
from scraper.extract.signals import url_post_id
from scraper.extract.types import Candidate, News

FINGERPRINT_DEPTH = 2  # levels under <body> that make up a page's shell
SELECTOR_DEPTH = 6  # elements walked up to make a selector that finds only the wanted one
LEARN_SAMPLE = 20  # posts compared per theme and crawl: enough to agree, cheap at any size
MIN_AGREEING = 3  # a selector is kept when this many posts agree on it...
MIN_SHARE = 0.6  # ...and they are this share of the posts tried for that field
SNIPPET = 40  # characters of the REST body looked for in the page
TEMPLATE_FIELDS = ("title", "published", "body")
# Class names that name one post (post-1109, wp-image-1744) or one state rather than a
# design element.
_UNSTABLE_CLASS = re.compile(r"\d{3,}|^(?:active|current|selected|odd|even|first|last)$")
_SAFE_CLASS = re.compile(r"^-?[A-Za-z_][\w-]*$")
Template = dict[str, str]  # field -> selector
Templates = dict[str, Template]  # theme fingerprint -> its template


def fingerprint(tree: LexborHTMLParser) -> str:
    """A short hash of the page's shell: the theme's stylesheets and its outer elements."""
    parts: list[str] = []
    if tree.head is not None:
        for link in tree.head.css("link[rel~='stylesheet']"):
            href = (link.attributes.get("href") or "").split("?", 1)[0]
            parts.append("css:" + href.rsplit("/", 2)[-2] if "/" in href else "css:" + href)
    level = [c for c in _children(tree.body)] if tree.body is not None else []
    for depth in range(FINGERPRINT_DEPTH):
        parts += sorted({f"{depth}:{_describe(n)}" for n in level})
        level = [c for n in level for c in _children(n)]
    return hashlib.sha1("|".join(sorted(set(parts))).encode()).hexdigest()[:12]


def _children(node: LexborNode | None) -> list[LexborNode]:
    if node is None:
        return []
    return [c for c in node.iter() if c.is_element_node and c.tag not in ("script", "style", "br")]


def _classes(node: LexborNode) -> list[str]:
    tokens = (node.attributes.get("class") or "").split()
    return [t for t in tokens if _SAFE_CLASS.match(t) and not _UNSTABLE_CLASS.search(t)]


def _describe(node: LexborNode) -> str:
    return (node.tag or "") + "".join(f".{c}" for c in _classes(node))


def selector_for(node: LexborNode, root: LexborNode) -> str | None:
    """A CSS selector whose first match under root is node, from node and a few ancestors."""
    parts: list[str] = []
    current: LexborNode | None = node
    for _ in range(SELECTOR_DEPTH):
        if current is None or current.tag in ("body", "html", None):
            break
        parts.insert(0, _describe(current))
        if _classes(current) or current.tag in ("h1", "h2", "time", "main", "article"):
            selector = " > ".join(parts)
            first = root.css_first(selector)
            if first is not None and first.mem_id == node.mem_id:
                return selector
        current = current.parent
    return None


def _elements(root: LexborNode) -> Iterator[LexborNode]:
    for node in root.traverse():
        if node.is_element_node and node.tag not in ("script", "style", "head", "title", "meta"):
            yield node


def _body_node(root: LexborNode, body_text: str) -> LexborNode | None:
    """The smallest element whose text holds the start, middle and end of the REST body."""
    flat = fold(body_text)
    if len(flat) < 3 * SNIPPET:
        return None
    middle = len(flat) // 2
    snippets = (flat[:SNIPPET], flat[middle : middle + SNIPPET], flat[-SNIPPET:])
    best: LexborNode | None = None
    best_len = 0
    for node in _elements(root):
        text = fold(node.text() or "")
        holds = len(text) >= len(flat) * 0.8 and sum(s in text for s in snippets) >= 2
        if holds and (best is None or len(text) <= best_len):
            best, best_len = node, len(text)
    return best


def _date_node(root: LexborNode, day: str, outside: set[int]) -> LexborNode | None:
    """The element that prints `day` (YYYY-MM-DD) by itself, outside the post's body."""
    for node in _elements(root):
        if node.mem_id in outside:
            continue
        found = date_of(node)
        if found is not None and found.value[:10] == day:
            return node
    return None


def learn(tree: LexborHTMLParser, record: News) -> dict[str, str]:
    """field -> selector of the elements holding the REST record's title, date and body."""
    root = tree.body
    if root is None:
        return {}
    learned: dict[str, str] = {}
    body = _body_node(root, record.body_text) if record.body_text else None
    inside: set[int] = set()
    if body is not None:
        inside = {n.mem_id for n in body.traverse(include_text=True)}
        if selector := selector_for(body, root):
            learned["body"] = selector
    title = title_node(root, [record.title]) if record.title else None
    if title is not None and title.mem_id not in inside and (s := selector_for(title, root)):
        learned["title"] = s
    if record.published:
        date = _date_node(root, record.published[:10], inside)
        if date is not None and (selector := selector_for(date, root)):
            learned["published"] = selector
    return learned


def vote(learned: Iterable[dict[str, str]]) -> dict[str, tuple[str, int, int]]:
    """field -> (selector, agreeing, tried): the selector most posts agree on, when enough do."""
    tallies: dict[str, Counter[str]] = {f: Counter() for f in TEMPLATE_FIELDS}
    tried = 0
    for one in learned:
        tried += 1
        for field, selector in one.items():
            tallies[field][selector] += 1
    out = {}
    for field, tally in tallies.items():
        if not tally:
            continue
        selector, agreeing = tally.most_common(1)[0]
        if agreeing >= MIN_AGREEING and agreeing >= MIN_SHARE * tried:
            out[field] = (selector, agreeing, tried)
    return out


def _nested(a: LexborNode, b: LexborNode) -> bool:
    """Whether one of the two elements holds the other (or they are the same)."""
    return _holds(a, b) or _holds(b, a)


def _holds(outer: LexborNode, inner: LexborNode) -> bool:
    return inner.mem_id == outer.mem_id or any(a.mem_id == outer.mem_id for a in ancestors(inner))


def _links_away(node: LexborNode, wp_id: int | None, site: str, url: str) -> bool:
    """Whether a title element is (or sits in) a link to anything but the post itself."""
    current: LexborNode | None = node
    while current is not None:
        if current.tag == "a":
            return url_post_id(current.attributes.get("href") or "", site, url) != wp_id
        current = current.parent
    return False


def read(
    tree: LexborHTMLParser, template: Template, wp_id: int | None, site: str, url: str
) -> tuple[list[Candidate], LexborNode | None]:
    """The candidates a template finds on a page, and the body element it points at."""
    root = tree.body
    if root is None:
        return [], None
    out: list[Candidate] = []
    body = root.css_first(template["body"]) if "body" in template else None
    if "title" in template:
        node = root.css_first(template["title"])
        text = collapse(node.text() or "") if node is not None else ""
        # A post printing no title leaves its place to whatever comes next: never the body
        # or anything holding it or held in it.
        if node is not None and body is not None and _nested(node, body):
            text = ""
        if node is not None and _links_away(node, wp_id, site, url):
            text = ""  # a category or another post: this post prints no title
        if 2 <= len(text) <= 400:
            out.append(Candidate("title", text, "template", template["title"]))
    if "published" in template:
        node = root.css_first(template["published"])
        found = date_of(node) if node is not None else None
        if found is not None:
            out.append(found)
    return out, body
