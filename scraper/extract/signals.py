"""What a post page says about itself, each read from several signals: its id, its element
and body, its title, the site's names (its dates: printed.py).

Pure helpers for news.py, no I/O. Every CSS selector comes from selectors.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archive.urls import canonical, post_id, resolution_base
from scraper.extract import dates
from scraper.extract import selectors as sel
from scraper.extract.clean import (
    ancestor_ids,
    ancestors,
    matches,
    matching,
    subtree_ids,
    text_of,
)
from scraper.extract.naming import (
    SECTION_TITLES,
    PageNames,
    folded,
    is_title,
    page_names,
)

# Pages that answer 200 but are not the page asked for: WordPress maintenance mode, a lost
# database, a fatal error (WordPress 5.2 on says the first, before that the second). The one
# list: extract() looks for these in every HTML page, `broken` in a post page's text.
BROKEN = (
    "briefly unavailable for scheduled maintenance",
    "error establishing a database connection",
    "there has been a critical error on this website",
    "site is experiencing technical difficulties",
)
BROKEN_BYTES = tuple(phrase.encode() for phrase in BROKEN)  # for lower_bytes' text
# Words in the <title> of a proxy's or a maintenance plugin's error page (extract() only: a
# post may well be titled "Maintenance of the ISS").
BROKEN_TITLES = ("maintenance", "bad gateway", "service unavailable")
# A not-found page: how its <title>, h1 or h2 starts (a post may well mention "not found").
NOT_FOUND = (
    *("page not found", "nothing found", "not found", "404 not found", "error 404"),
    *("oops! that page can", "sorry, the page you"),
)


def lower_bytes(text: str) -> bytes:
    """text.lower() as UTF-8, to look for lower-case ASCII phrases in: the same finds as in
    text.lower(), a fraction of its cost on a page with any non-ASCII character (str.lower
    looks each character up in Unicode's tables, bytes.lower changes A-Z alone; 3x on the
    fixtures). Of all non-ASCII characters only U+0130 and U+212A lower to ASCII ("i\u0307",
    "k"): with either in the text, its lower case is encoded."""
    if "\u0130" in text or "\u212a" in text:
        return text.lower().encode("utf-8", "surrogatepass")
    return text.encode("utf-8", "surrogatepass").lower()


MAX_ARTICLES = 20  # post articles looked at for ids; one is a post, more is a list
LEADING_CHARS = 200  # a title or date printed inside a body sits before this much of its text
# (18 digits at most: within SQLite's integers, helper-206)
_POSTID = re.compile(r"(?:^|\s)postid-(\d{1,18})(?:\s|$)")
_ARTICLE_ID = re.compile(r"^post-(\d{1,18})$")


def parse(html: str) -> LexborHTMLParser | None:
    """The parsed page, or None when there is nothing to parse."""
    if not html or not html.strip():
        return None
    tree = LexborHTMLParser(html)
    return tree if tree.body is not None and tree.root is not None else None


def body_classes(tree: LexborHTMLParser) -> list[str]:
    return (tree.body.attributes.get("class") or "").split() if tree.body is not None else []


def excluded(
    root: LexborNode, anchor: LexborNode, not_post: list[LexborNode] | None = None
) -> set[int]:
    """Nodes inside NOT_POST containers (sidebars, nav ...) other than those holding anchor.
    `not_post`: the page's NOT_POST matches, when the caller has them (those under root count).

    A wrapper around the whole post (a body class "has-sidebar", say) never hides the post.
    """
    around = ancestor_ids(anchor) | {anchor.mem_id}
    found = matching(root, sel.NOT_POST) if not_post is None else under(root, not_post)
    return subtree_ids(n for n in found if n.mem_id not in around)


def under(root: LexborNode, nodes: list[LexborNode]) -> list[LexborNode]:
    """Of a selector's matches on the whole page, those under root (root included): what the
    selector matches under root (an element is matched by the whole tree, whatever the root)."""
    return [n for n in nodes if n.mem_id == root.mem_id or root.mem_id in ancestor_ids(n)]


def broken(tree: LexborHTMLParser) -> str | None:
    """Why the page is an error page served as a page, or None."""
    assert tree.root is not None
    page = lower_bytes(tree.root.text() or "")
    for phrase, encoded in zip(BROKEN, BROKEN_BYTES, strict=True):
        if encoded in page:
            return f"an error page served as 200: {phrase!r}"
    # any of them: in document order, one walk (matches' selector order would take three)
    heads = [text_of(n).lower() for n in matching(tree.root, ("title", "h1", "h2"))]
    for phrase in NOT_FOUND:
        if any(head.startswith(phrase) for head in heads):
            return f"a not-found page: {phrase!r}"
    if "error404" in body_classes(tree):
        return "a not-found page: body class error404"
    return None


def post_ids(
    tree: LexborHTMLParser, url: str, site: str, not_post: list[LexborNode] | None = None
) -> dict[str, int]:
    """Every post id signal of the page, by where it was found. `not_post`: the page's
    NOT_POST matches, when the caller has them."""
    assert tree.root is not None
    found: dict[str, int] = {}
    for token in body_classes(tree):
        if m := _POSTID.search(token):
            found["body class"] = int(m.group(1))
    articles: list[int] = []
    # A body class such as "et_right_sidebar" names the layout, not a sidebar of it.
    wrappers = {tree.root.mem_id} | ({tree.body.mem_id} if tree.body is not None else set())
    not_post = matching(tree.root, sel.NOT_POST) if not_post is None else not_post
    not_post_ids = {n.mem_id for n in not_post} - wrappers
    for node in matches(tree.root, sel.POST_ARTICLE_ID):
        classes = (node.attributes.get("class") or "").split()
        m = _ARTICLE_ID.match(node.attributes.get("id") or "")
        # A WordPress page's article is post-N too; a related-posts widget is not the post.
        if (
            m
            and "type-page" not in classes
            and not any(a.mem_id in not_post_ids for a in ancestors(node))
        ):
            articles.append(int(m.group(1)))
        if len(articles) >= MAX_ARTICLES:
            break
    # A single post's page (its body class, or its address naming one of the articles):
    # the other articles are posts it lists ("More news").
    own = found.get("body class", url_post_id(url, site, None))
    if own is not None and ("body class" in found or own in articles):
        articles = [a for a in articles if a == own]
    for i, article_id in enumerate(dict.fromkeys(articles)):  # several: a list, not one post
        found["article id" if i == 0 else f"article id {i + 1}"] = article_id
    for node in matches(tree.root, sel.ID_LINKS):
        href = node.attributes.get("href") or node.attributes.get("content") or ""
        wp_id = url_post_id(href, site, url)
        if wp_id is not None:
            found.setdefault(node.attributes.get("rel") or "og:url", wp_id)
    wp_id = url_post_id(url, site, None)
    if wp_id is not None:
        found["url"] = wp_id
    return found


def url_post_id(href: str, site: str, base: str | None) -> int | None:
    """The post id a link names (?p=N on either prefix, or a REST posts/N route), or None."""
    return _url_post_id(href, site, None if base is None else resolution_base(href, base))


@lru_cache(maxsize=8192)  # a page repeats its links; lists and sidebars repeat across pages
def _url_post_id(href: str, site: str, base: str | None) -> int | None:
    if not href:
        return None
    try:
        return post_id(canonical(href, site, base=base))
    except ValueError:
        return None


def scope_and_body(
    tree: LexborHTMLParser, wp_id: int | None, names: PageNames | None = None
) -> tuple[LexborNode, LexborNode | None]:
    """The post's element and its body element (None when no body element is found)."""
    root = tree.body
    assert root is not None
    preferred = (f"article#post-{wp_id}", f"#post-{wp_id}") if wp_id else ()
    scopes = [
        scope
        for scope in matches(root, (*preferred, *sel.POST_SCOPE))
        if not (wp_id and other_post(scope, wp_id))  # a "More posts" item, a Blog module's
    ]
    own = _own_scope(tree, scopes, wp_id, (names or page_names(tree)).folded())
    for scope in scopes:
        bodies = (b for b in matches(scope, sel.POST_BODY) if b.mem_id != scope.mem_id)
        body = next(bodies, None)
        # Where the post's own element is known, a body must be in it or hold it: a promo's
        # article before it, or a sidebar's "bg-body" box in <main> beside it, is not its text.
        if body is None:
            continue
        if own is None or scope is own or body.mem_id in ancestor_ids(own):
            return scope, body
        if own.mem_id in ancestor_ids(body) or own.mem_id in ancestor_ids(scope):
            return scope, body  # a body inside the post's element, or in an element around it
    return own or (scopes[0] if scopes else root), None


def _own_scope(
    tree: LexborHTMLParser, scopes: list[LexborNode], wp_id: int | None, names: set[str]
) -> LexborNode | None:
    """The post's own element among the candidates: marked as it (post-N, hentry), else the
    one holding the heading the page is named by (an <h1> before an <h2> or <h3>: a ticker
    listing the post before it names it in a smaller heading), else the one holding the
    page's only <h1>."""
    for headings in ("h1", "h1, h2, h3"):
        for scope in scopes:
            if _is_the_post(scope, wp_id, names, headings):
                return scope
    assert tree.body is not None
    h1s = tree.body.css("h1")
    if len(h1s) == 1:
        return next((s for s in scopes if s.mem_id in ancestor_ids(h1s[0])), None)
    return None


def usable_title(text: str | None) -> bool:
    """A title that names a post: not a section's or a portlet's name, and not a date."""
    if not text:
        return False
    return text.casefold() not in SECTION_TITLES and dates.parse_text(text) is None


def _is_the_post(node: LexborNode, wp_id: int | None, names: set[str], headings: str) -> bool:
    """Whether an element is the post's own: marked as it (post-N, hentry), or holding a
    heading the page is named by (a promo's or a sidebar's article is not)."""
    attributes = node.attributes  # (a dict made at each read: one read)
    marks = [attributes.get("id") or "", *(attributes.get("class") or "").split()]
    if "hentry" in marks or (wp_id and f"post-{wp_id}" in marks):
        return True
    return any(folded(text_of(h)) in names for h in node.css(headings))


def other_posts(root: LexborNode, wp_id: int) -> list[LexborNode]:
    """The elements under root marked as other posts' (a Blog module's articles)."""
    marked = matches(root, ("[id^='post-']", "[class*='post-']"))
    return [n for n in marked if other_post(n, wp_id)]


def other_post(node: LexborNode, wp_id: int) -> bool:
    """Whether an element is marked as another post's (id or class post-N, N not wp_id)."""
    attributes = node.attributes  # (a dict made at each read: one read)
    marks = [attributes.get("id") or "", *(attributes.get("class") or "").split()]
    return any((m := _ARTICLE_ID.match(mark)) and int(m.group(1)) != wp_id for mark in marks)


def leading(body: LexborNode) -> list[LexborNode]:
    """The body's nodes before its first LEADING_CHARS characters of text."""
    seen, out = 0, []
    for node in body.traverse(include_text=True):
        if seen > LEADING_CHARS:
            break
        out.append(node)
        if node.is_text_node:
            seen += len((node.text_content or "").strip())
    return out


def _frame_heading(node: LexborNode) -> bool:
    """A heading of the page's frame, never a post's: Liferay's portlet title ("Blogs")."""
    return any(c.startswith("portlet-title") for c in (node.attributes.get("class") or "").split())


def _leads(scope: LexborNode, heading: LexborNode, others: list[LexborNode]) -> bool:
    """Whether heading is an <h1> standing before every one of others in the page: a page
    builder's own title above a "More news" grid, not a breadcrumb's or a footer's."""
    if heading.tag != "h1":
        return False
    theirs = {n.mem_id for n in others}
    for node in scope.traverse():
        if node.mem_id == heading.mem_id:
            return True
        if node.mem_id in theirs:
            return False
    return False


# A posting's or an update's date line, or a notice's ("This news article was withdrawn on")
_DATE_LINE = re.compile(
    r"^\s*(?:(?:last\s+)?updated|posted|published)\b"
    rf"|{dates.WITHDRAWN}\s+on\s+",
    re.I,
)
_YEAR_END = re.compile(r"\d{4}(?!\d)")


def dated_line(text: str) -> bool:
    """Whether a text is a date line ("Published 20 February 2025", "Last updated 24 February
    2025 + show all updates", "This news article was withdrawn on 10 January 2025"): GOV.UK
    heads its dates and its notices with title-classed headings, no post's title."""
    found = _DATE_LINE.search(text)
    if found is None:
        return False
    rest = text if found.start() == 0 else text[found.end() :]
    ends = (m.end() for m in _YEAR_END.finditer(rest[:60]))
    return any(dates.from_text(rest[:end], "heading") is not None for end in ends)


def title(
    tree: LexborHTMLParser,
    scope: LexborNode,
    body: LexborNode | None,
    skip: set[int],
    names: PageNames | None = None,
) -> tuple[str | None, str | None, LexborNode | None]:
    """(title, source, heading node): the post's heading, else og:title, else <title>.

    Title-classed headings count inside the body only before its prose (the portal prints
    its title there); bare h1/h2 never do (they are the text's own section headings).
    """
    page = names or page_names(tree)
    site_name, og, doc = page.site, page.og, page.doc
    in_body = subtree_ids([body]) if body is not None else set()
    early = {n.mem_id for n in leading(body)} if body is not None else set()
    headings: list[LexborNode] = []
    others: list[LexborNode] = []  # title-classed headings that may all be other posts'
    tries = [(sel.POST_TITLE, True), (sel.POST_TITLE_GENERIC, False)]
    named = {n for n in (og, doc) if is_title(n, site_name)}
    own = named | page.main_parts() | page.lead_part() | page.after_section()
    for selectors, body_ok in tries:
        for node in matches(scope, selectors):
            if node.mem_id in skip or _frame_heading(node):
                continue
            if node.mem_id in in_body and not (body_ok and node.mem_id in early):
                continue
            # A bare h1/h2 of an unknown design may head a sidebar: it counts only when it
            # is the name the page gives itself (or, where the body's own headings can be
            # told apart, the page gives none).
            text = text_of(node)
            if not body_ok and text not in own and (named or body is None):
                continue
            if is_title(text, site_name) and not dated_line(text):
                headings.append(node)
        if len(headings) > 1 and named and not any(text_of(h) in own for h in headings):
            # several title-classed headings, none the page's name: other posts' (a "More
            # news" grid's headlines below a page builder's own heading); a bare one named so
            # is the post's, else the first as before
            others, headings = headings, []
            continue
        if headings:
            break
    if others and headings and not _leads(scope, headings[0], others):
        headings = []  # only the page's own <h1> above them all stands for them
    headings = headings or others
    if headings:
        # the page's own name first; a <title>'s lead part only where nothing else is named
        # (helper-209: a banner's <h1> "Space Agency Newsroom" was "Newsroom | <title>"'s)
        named_not_lead = own - page.lead_part()
        best = next(
            (h for h in headings if text_of(h) in (og, doc)),
            next((h for h in headings if text_of(h) in named_not_lead), headings[0]),
        )
        return text_of(best), "heading", best
    if is_title(og, site_name):
        return og, "og", None
    if is_title(doc, site_name):
        return doc, "title", None
    return None, None, None
