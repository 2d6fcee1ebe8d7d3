"""News posts from HTML: the root theme (2018 on), the classic /wordpress/ theme, the portal.

Pure functions, no I/O. No signal is required and none is trusted alone (signals.py):

- the post id from the body class (postid-N), the article's id (post-N), the shortlink,
  canonical and REST links of the head, and the URL: all that are found must agree;
- the title from the post's heading, else og:title, else <title> without the site name;
  never from sidebars ("Latest news", "Recent Posts") or previous/next links;
- the publication date from meta tags, time[datetime] and visible dates next to the post
  (never from its text, which opens with the event's dateline), and the URL of portal items;
  each is a DateCandidate and `dates.choose` picks one;
- the body through clean.read_body: prose, images, links, documents, sanitised HTML.

`news_from_html` returns the record and the problems that make it unusable (an error or
maintenance page served with 200, no content element, no title, ids that disagree, not a
post): a caller keeps the record only when there are none. The same function reads portal
items (/news/YYYY-MM-DD: no post id; the date printed "08.11.2007", or the URL's).
The dates list pages print beside each post's link are read by lists.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archive.text import collapse
from archive.urls import SECTION_INDEXES, canonical, is_on_site, url_kind
from scraper.extract import (
    dates,
    generic,
    others,
    portal,
    printed,
    signals,
    structured,
    wrapperless,
)
from scraper.extract import selectors as sel
from scraper.extract import templates as learned
from scraper.extract.choose import choose
from scraper.extract.clean import Body, matches, matching, read_body, remove, subtree_ids
from scraper.extract.naming import page_names, same_title
from scraper.extract.openings import opening_bylines, posting_line_dates
from scraper.extract.pubtext import POSTING_LINE
from scraper.extract.templates import Templates
from scraper.extract.types import Candidate, DateCandidate, News

# Body classes WordPress gives pages that are not one post.
NOT_A_POST = frozenset({"home", "blog", "archive", "category", "search", "page", "attachment"})
# ... but "page" alone is other systems' too (AEM's core page component prints
# `<body class="page basicpage">`): it says "a WordPress page" only beside WordPress's own
# page classes, which WordPress always prints with it.
_WP_PAGE_CLASS = re.compile(r"^(?:page-id-\d+|page-template(?:-[\w-]+)?)$")
_CATEGORY_CLASS = re.compile(r"^category-([\w-]+)$")
EMPTY_BODY = Body("", "", "", None, (), (), ())
NO_BODY = "no content element found"
# A body of 400 chars or more written keeps 40 and a tenth of them, at least.
MIN_FURNISHED, MIN_KEPT, KEPT_SHARE = 400, 40, 0.1
NOT_WRITTEN = frozenset({"script", "style", "noscript", "template"})
NO_TITLE = "no title in headings, og:title or <title>"
BODY_LOST = "the body lost most of its text as page furniture"
# Problems that leave a partial record worth merging with another source's.
MISSING_PARTS = frozenset({NO_BODY, NO_TITLE, BODY_LOST})


def _canonical(url: str, site: str) -> str:
    try:
        return canonical(url, site)
    except ValueError:
        return url


def _id_problems(
    ids: dict[str, int], classes: set[str], portal: bool
) -> tuple[int | None, list[str]]:
    """The post id and what is wrong with the id signals."""
    problems = []
    if len(set(ids.values())) > 1:
        found = ", ".join(f"{k}={v}" for k, v in ids.items())
        problems.append(f"post id signals disagree: {found}")
    wp_id = ids.get("body class", next(iter(ids.values()), None))
    kinds = classes & NOT_A_POST
    if "page" in kinds and not any(_WP_PAGE_CLASS.match(c) for c in classes):
        kinds.discard("page")
    if kinds and "body class" not in ids:
        problems.append(f"not a single post: body class {' '.join(sorted(kinds))}")
    elif wp_id is None and not portal:
        problems.append("no post id in the body class, article, head links or URL")
    return wp_id, problems


def _words_written(body: LexborNode) -> int:
    """Characters of text in the body, its scripts' and styles' aside."""
    return sum(
        len((node.text_content or "").strip())
        for node in body.traverse(include_text=True)
        if node.is_text_node and node.parent is not None and node.parent.tag not in NOT_WRITTEN
    )


def _outside(body: LexborNode | None, skip: set[int]) -> set[int]:
    """Nodes that are not the post's own signals: its body's text, sidebars, navigation."""
    return skip | (subtree_ids([body]) if body is not None else set())


def _categories(scope: LexborNode, outside: set[int]) -> tuple[str, ...]:
    links = (n for n in matches(scope, sel.CATEGORY_LINKS) if n.mem_id not in outside)
    names = [name for n in links if (name := collapse(n.text() or ""))]
    if not names:  # the article's classes: category-news (a slug)
        classes = (scope.attributes.get("class") or "").split()
        names = [m.group(1) for c in classes if (m := _CATEGORY_CLASS.match(c))]
    return tuple(dict.fromkeys(names))


def _author(scope: LexborNode, outside: set[int]) -> str | None:
    """The author's name as the post shows it (a site-wide meta author is not the post's)."""
    for node in matches(scope, sel.AUTHOR):
        name = collapse(node.text() or "")
        if node.mem_id not in outside and 1 < len(name) <= 200:
            return name
    return None


@dataclass(frozen=True)
class PostReading:
    """What one post page gave: its record (None when unusable), why not, and its theme."""

    news: News | None
    problems: list[str]
    fingerprint: str = ""


def news_from_html(
    url: str, html: str, site: str, captured_at: datetime, templates: Templates | None = None
) -> tuple[News | None, list[str]]:
    """The post (or portal item) a page shows, and why it cannot be used (empty if it can)."""
    reading = read_post(url, html, site, captured_at, templates)
    return reading.news, reading.problems


# Addresses a system gives every item beside its alias, and sections' indexes (not an item's)
_SYSTEM_PATH = re.compile(r"^/(?:node|content|article|item)/\d+/?$|^/index\.php")


def _named_address(tree: LexborHTMLParser, url: str, site: str) -> str | None:
    """The address a page names as its own (`<link rel="canonical">`), canonical, where another
    system serves one post at several: the same path with or without its slash, or a system
    path (Drupal's `/node/1885`, `index.php?id=`) beside its alias. Never a section's index,
    a path above the page's, or the home page (a theme naming one address on every page would
    merge posts), nor another path for a query (`?lang=en`)."""
    link = tree.css_first("link[rel='canonical'][href]")
    if link is None:
        return None
    named = _canonical(urljoin(url, link.attributes.get("href") or ""), site)
    if named == url or not is_on_site(named, site):
        return None
    path, own = urlsplit(named).path, urlsplit(url)
    if path.rstrip("/") == own.path.rstrip("/"):
        return named
    last = path.rstrip("/").rsplit("/", 1)[-1].lower()
    index = last in ("", *SECTION_INDEXES) or own.path.startswith(path.rstrip("/") + "/")
    system = _SYSTEM_PATH.match(own.path) is not None
    return named if system and not index else None


def _beside_post(root: LexborNode, block: LexborNode | None) -> set[int]:
    """The page's nodes outside `block` (none where no block is known)."""
    if block is None:
        return set()
    return subtree_ids([root]) - subtree_ids([block])


def read_post(
    url: str,
    html: str,
    site: str,
    captured_at: datetime,
    templates: Templates | None = None,
    covered: bool = False,
    article: bool = False,
) -> PostReading:
    """Every source of a post page, each field chosen from their candidates (choose.py).

    Sources, cheapest first: structured data; the theme selectors; the template learned for
    this page's theme (`templates`: fingerprint -> field -> selector); and, where those left
    the title, the date or the body empty, the generic reader. `covered`: the REST item of
    this post came whole, so the page is read only for what it adds and to compare: the
    heavier library is not run. `article`: a page its markup says is one article, at an
    address of no record form (article.py): read as a post, keyed by its address where it
    names no post id, never as a portal item.
    """
    tree = signals.parse(html)
    if tree is None or tree.body is None or tree.root is None:
        return PostReading(None, ["an empty page"])
    why = signals.broken(tree)
    if why:
        return PostReading(None, [why])
    mark = learned.fingerprint(tree)
    portal = not article and url_kind(_canonical(url, site)) == "portal"
    not_post = matching(tree.root, sel.NOT_POST)  # for the ids and `skip`: one walk, not two
    ids = signals.post_ids(tree, url, site, not_post)
    wp_id, problems = _id_problems(ids, set(signals.body_classes(tree)), portal or article)
    naming = page_names(tree)  # read once: the structured data, scope and title use it
    found = structured.candidates(tree, naming)
    scope, body = signals.scope_and_body(tree, wp_id, naming)
    body_source = "selector" if body is not None else None
    skip = signals.excluded(tree.body, scope, not_post)
    title, title_source, heading = signals.title(tree, scope, body, skip, naming)
    if portal and body is not None and title_source != "heading":
        title, title_source, heading = _opening_title(body, title, title_source, heading)
    if title and title_source == "heading":
        found.append(Candidate("title", title, "heading", _heading_tag(heading)))
    template = (templates or {}).get(mark)
    if template:
        from_template, template_body = learned.read(tree, template, wp_id, site, url)
        found += from_template
        if template_body is not None:
            body, body_source = template_body, "template"
    # Blocks listing other posts, outside the body and the known non-post parts (previous
    # and next links): never climbed past the element holding the post's own title.
    ignore = skip | (subtree_ids([body]) if body else set())
    listed = others.post_lists(scope, ignore, wp_id, site, url, heading, body)
    from_url = dates.from_url(_canonical(url, site))
    if from_url is None and portal:
        problems.append("a portal page that is not a news item (/news/YYYY-MM-DD)")

    def printed_dates(
        body: LexborNode | None, unread: set[int], anchor: LexborNode | None = heading
    ) -> tuple[list[Candidate], list[LexborNode]]:
        """The page's date candidates outside `body` and `unread`, and date elements inside it
        (above `anchor`, the title, nothing counts where no element holds the post)."""
        published, modified, stamps = printed.date_signals(
            tree, scope, body, unread, listed, portal, anchor
        )
        published += [from_url] if from_url is not None else []
        candidates = [Candidate.of_date("published", c) for c in published]
        return candidates + [Candidate.of_date("modified", c) for c in modified], stamps

    # A title that is itself a date ("20 July 2010") names the post, not the day it was posted.
    named = heading is not None and dates.parse_text(heading.text() or "") is not None
    skip_title = skip | (subtree_ids([heading]) if heading is not None and named else set())
    dated, stamps = printed_dates(body, skip_title)
    found += dated
    if _needs_generic(found, body):
        names = [c.value for c in found if c.field == "title"]
        text = "" if covered else html  # no text: the heavier library is not run
        more, generic_body, in_text, span = generic.read(tree, text, names, body, wp_id, site, url)
        found += more
        if body is None and generic_body is not None:
            body, body_source = generic_body, "generic"
            if portal and title_source != "heading":
                title, title_source, heading = _opening_title(body, title, title_source, heading)
                if title and title_source == "heading":
                    found.append(Candidate("title", title, "heading", _heading_tag(heading)))
            # Read with no body known, a date standing in a paragraph of the body (an event's
            # dateline) stood for the post's: read again without the body's paragraphs. Not
            # without the whole body: where the generic reader's begins is a guess, and a
            # byline's date above the text may fall inside it.
            found = [c for c in found if c not in dated]
            assert span is not None  # given with the body: where its text lies, or wider
            prose = span.css("p, li, td, th, dd, blockquote, figcaption")
            anchor = heading or generic.title_node(tree.body, names)
            opening = opening_bylines(prose, span, anchor, from_url)
            read = {n.mem_id for n in opening}  # a byline, classed or saying when: read
            paragraphs = subtree_ids(
                n for n in prose if not printed.byline(n) and n.mem_id not in read
            )
            # Nor outside the element holding the title and the text: a column beside them
            # (a sidebar no class names) prints other posts' and events' days.
            beside = _beside_post(tree.body, generic.container(anchor, span))
            dated, _ = printed_dates(None, skip_title | paragraphs | beside, anchor)
            found += dated
            stamps += in_text
            stamps += opening
    if body is not None and body_source != "generic" and not portal:
        said_posted = posting_line_dates(body, heading, from_url)
        found += [Candidate.of_date("published", day) for _, day in said_posted]
        stamps += [line for line, _ in said_posted]
    if portal and body is not None and heading is not None:
        stamps += _dateline(found, heading, body, from_url)
    if body is None:
        problems.append(NO_BODY)
    chosen_title = choose("title", found)
    if chosen_title is None:
        problems.append(NO_TITLE)
    chosen = choose("published", found, captured_at)
    posted = chosen is not None and POSTING_LINE.match(chosen.raw) is not None
    if portal and chosen and from_url and chosen.value[:10] != from_url.value and not posted:
        chosen = None  # a portal item's address is its day: a printed date that disagrees
        # with it leaves no date (both stay in the candidates, for checking by hand); only
        # a line saying it was posted then is the item's own word on it
    changed = choose("modified", found, captured_at)
    outside = _outside(body, skip)
    categories = _categories(scope, outside)
    # a body that is the post's whole block: its title, what stands above it and its meta
    # lines are not its text, and name its categories (wrapperless.py). Not a portal item's:
    # its content block is the editor's own, kicker and dateline (review 10).
    title_text = chosen_title.value if chosen_title else None
    item = portal and from_url is not None
    page_parts, listed_in = (
        wrapperless.chrome(body, heading, title_text) if body and not item else ([], [])
    )
    if not categories and listed_in:
        categories = tuple(dict.fromkeys(listed_in))
    if categories:
        found.append(Candidate("categories", json.dumps(list(categories)), "selector"))
    author = _author(scope, outside)
    if author:
        found.append(Candidate("author", author, "selector"))
    content = EMPTY_BODY
    if body is not None:
        inside = subtree_ids([body])
        not_text = [n for n in (heading, *stamps) if n is not None and n.mem_id in inside]
        not_text += page_parts
        # other posts the content lists (a Blog module, a "More posts" loop) are not its text
        not_text += signals.other_posts(body, wp_id) if wp_id else []
        remove(n for n in not_text if n.mem_id != body.mem_id)
        written = _words_written(body)
        content = read_body(body, url, site)
        found.append(Candidate("body", content.text, body_source or "selector"))
        if written >= MIN_FURNISHED and len(content.text) < max(MIN_KEPT, written * KEPT_SHARE):
            # A page builder's classes taken for a sidebar's emptied Elementor's bodies once.
            problems.append(BODY_LOST)
    record_url = _canonical(f"/?p={wp_id}", site) if wp_id else _canonical(url, site)
    if article and not wp_id:  # /node/1885 and /news/slug/ are the page /news/slug names
        record_url = _named_address(tree, record_url, site) or record_url
    if portal and from_url is not None:  # an item's print view is the item: its plain address
        record_url = record_url.split("?", 1)[0]
    news = News(
        url=record_url,
        wp_id=wp_id,
        title=chosen_title.value if chosen_title else None,
        title_source=chosen_title.source if chosen_title else None,
        published=chosen.value if chosen else None,
        published_source=chosen.source if chosen else None,
        modified=changed.value if changed else None,
        modified_source=changed.source if changed else None,
        author=author,
        author_source="selector" if author else None,
        body_text=content.text,
        body_html=content.html,
        summary=content.summary,
        event_date=content.event_date,
        categories=categories,
        categories_source="selector" if categories else None,
        links=content.links,
        documents=content.documents,
        images=content.images,
        candidates=tuple(found),
        source=body_source or "selector",
    )
    return PostReading(news, problems, mark)


def _opening_title(
    body: LexborNode, title: str | None, source: str | None, heading: LexborNode | None
) -> tuple[str | None, str | None, LexborNode | None]:
    """A portal item's title where its article prints it first (portal.opening_title): its
    (title, source, heading); else those already found. Where the page names a title
    elsewhere (its <title>, a custom portlet title), the first line is that title only if it
    says the same (it then leaves the text); a kicker ("Press Release") or a caption is not."""
    opening = portal.opening_title(body)
    if opening is None:
        return title, source, heading
    line = collapse(opening.text() or "")
    if signals.usable_title(title) and not same_title(line, title or ""):
        return title, source, heading
    return line, "heading", opening


def _dateline(
    found: list[Candidate], heading: LexborNode, body: LexborNode, from_url: DateCandidate | None
) -> list[LexborNode]:
    """A portal item's date line below its title in the article: its date a candidate, its
    element out of the text. A bare date that is not the address's day is the event's (the
    meeting's first day): it stays in the text. A posting line ("Posted: March 13, 2009") is
    the item's own word on when it was posted, and wins over the address (news.py above)."""
    if heading.mem_id not in subtree_ids([body]):
        return []
    dateline = portal.dateline_after(heading, body)
    if dateline is None:
        return []
    line, day = dateline
    posted = POSTING_LINE.match(day.raw) is not None
    agrees = from_url is None or day.value == from_url.value
    if not agrees and not posted:
        return []
    candidate = Candidate.of_date("published", day)
    if candidate not in found:
        found.append(candidate)
    return [line]


def _heading_tag(heading: LexborNode | None) -> str:
    return (heading.tag or "") if heading is not None else ""


def _needs_generic(found: list[Candidate], body: LexborNode | None) -> bool:
    """Whether a field is still empty after the cheap sources (og and <title> aside)."""
    named = any(c.field == "title" and c.source not in ("og", "title") for c in found)
    dated = any(c.field == "published" and c.source != "url" for c in found)
    return body is None or not named or not dated
