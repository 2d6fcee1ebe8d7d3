"""The dates a news list prints beside each post's link: the news list, a category or date
archive, the home page's news block. Pure functions, no I/O.

Each link to a post is followed up to the nearest element printing a date that links to no
other post, nor to a file or another site (that block is another entry's), and holds no menu
of the site's pages (that is the page's frame: a top bar's "today"); its dates are read
as on a post's page (printed.date_role: not a modification's, a meeting's, a last reply's).
Every link to a post is tried, and a post is dated only where all that date it say one day:
a featured grid, a slider or another post's text may link it too. The date is a candidate of
source "list" (choose.py ranks it low), for a post whose page and REST item give none.
"""

from __future__ import annotations

import copy

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archive.lookup import document_base
from scraper.extract import selectors as sel
from scraper.extract import signals
from scraper.extract.clean import (
    ancestor_ids,
    ancestors,
    element_before,
    matches,
    matching,
    subtree_ids,
)
from scraper.extract.dayorder import SLASHED_DAY, slashed_order
from scraper.extract.itemdates import item_dates
from scraper.extract.listlinks import (
    ELSEWHERE,
    PAGE,
    addressed_posts,
    link_address,
    link_kind,
)
from scraper.extract.types import DateCandidate

LIST_ITEM_DEPTH = 8  # how far above a post link a list's date may sit
LIST_ITEM_LINKS = 50  # an element with more links than this is the list, not an item
NAVIGATION = ("nav", "[role='navigation']")  # a site's menu: never inside one post's entry
_CARD_CONTENT = "article, h2, h3, h4, h5, h6"  # a link holding these is a whole entry's card


def _item_date(link: LexborNode, wp_id: int | str, entries: _Entries) -> DateCandidate | None:
    """The date of the list item around `link`: the nearest ancestor with a date in it,
    as long as that ancestor links to no other post and all its dates name one day. A link
    that is the whole card (Cocoon's `<a><article>… <span class="entry-date">`) is its own
    item first."""
    if _whole_card(link, wp_id, entries) and (found := entries.dates(link)):
        return found[0] if len({c.value[:10] for c in found}) == 1 else None
    node = link
    for _ in range(LIST_ITEM_DEPTH):
        if (group := _term_group(node)) is not None:
            beside = _group_date(group, wp_id, entries)
            if beside is not None:
                return beside
        parent = node.parent
        if parent is None or parent.tag in ("body", "html"):
            return None
        linked = entries.linked(parent)
        if linked is None or not linked <= {wp_id}:
            return None
        found = entries.dates(parent)
        if found and (
            entries.dated_page_beside(parent, node, wp_id)
            or entries.navigation_beside(parent, node, wp_id)
        ):
            return None
        if found:
            return found[0] if len({c.value[:10] for c in found}) == 1 else None
        node = parent
    return None


def _whole_card(link: LexborNode, wp_id: int | str, entries: _Entries) -> bool:
    """Whether the link is its entry's whole card: it holds an <article> or a heading, and
    what holds it links other posts too (the list itself), so nothing outside the link is
    the entry's (review 43: a page builder's card link beside the post's own byline)."""
    if link.mem_id not in entries.holding_cards or link.parent is None:
        return False
    linked = entries.linked(link.parent)
    return linked is not None and bool(linked - {wp_id})


def _term_group(node: LexborNode) -> list[LexborNode] | None:
    """A definition list's entry around node, a <dt> or <dd>: its terms and descriptions,
    from its first <dt> to the next entry's (JAXA's <dt>Feb. 20, 2025</dt><dd><a>..</a></dd>:
    the day and the link are siblings, never one's parent)."""
    if node.tag not in ("dt", "dd") or node.parent is None or node.parent.tag != "dl":
        return None
    start = node
    while (before := element_before(start)) is not None and not (
        start.tag == "dt" and before.tag == "dd"
    ):
        start = before
    group: list[LexborNode] = []
    current: LexborNode | None = start
    described = False
    while current is not None:
        if current.is_element_node:
            if current.tag == "dt" and described:
                break
            described = described or current.tag == "dd"
            group.append(current)
        current = current.next
    return group


def _group_date(
    group: list[LexborNode], wp_id: int | str, entries: _Entries
) -> DateCandidate | None:
    """The one day a definition list's entry prints, where it links no other post."""
    if any((linked := entries.linked(n)) is None or not linked <= {wp_id} for n in group):
        return None
    found = [c for n in group for c in entries.dates(n)]
    return found[0] if found and len({c.value[:10] for c in found}) == 1 else None


class _Entries:
    """What each element of one list page links and prints, worked out once: the links of a
    list's entries share their ancestors (measured on the replica: a third of the entries'
    readings were of an element already read for another link)."""

    def __init__(
        self,
        link_ids: dict[int, int | str],
        pages: list[LexborNode],
        skip: set[int],
        root: LexborNode,
    ) -> None:
        self.link_ids, self.skip = link_ids, skip
        self.pages = {a.mem_id for a in pages}  # links to the site's pages
        # The elements holding one of them, and those holding a card's content (each of
        # _CARD_CONTENT names an element by itself), found by climbing from each once, not by
        # a search under each element: the same elements, as for `_not_date`.
        self._holding_pages = _holding(pages)
        self.holding_cards = _holding(root.css(_CARD_CONTENT))
        self.order: str | None = None  # how the list writes its slashed days (in_order)
        # The page's elements that are no date, matched once (each with the elements above
        # it), not once for each element a link climbs through: selectors match an element
        # by the whole tree, so those under an element are the page's that are under it.
        self._not_date = [(n, ancestor_ids(n)) for n in matching(root, sel.LIST_NOT_DATE)]
        # So are its dated elements (LIST_TIME: each selector names an element by itself);
        # each selector's matches only where an element holds two of them (matches' order).
        self._root = root
        self._stamps = [(n, ancestor_ids(n)) for n in matching(root, sel.LIST_TIME)]
        self._stamps_by_selector: list[list[int]] | None = None
        self._linked: dict[int, frozenset[int | str] | None] = {}
        self._dates: dict[int, list[DateCandidate]] = {}
        self._in_own: dict[tuple[int, int | str], bool] = {}  # (element, post) -> _own_entry_around
        self._marked: dict[int, LexborNode | None] = {}  # itemdates' marked as modified
        self._dated_pages: dict[int, list[int]] = {}  # element -> its children dated_page_beside

    def linked(self, element: LexborNode) -> frozenset[int | str] | None:
        """The posts the element links (ELSEWHERE for a file or another site, other links
        left out), or None when it holds too many links to be one entry."""
        key = element.mem_id
        if key not in self._linked:
            self._linked[key] = self._links_of(element)
        return self._linked[key]

    def _links_of(self, element: LexborNode) -> frozenset[int | str] | None:
        links = element.css("a[href]")
        if len(links) > LIST_ITEM_LINKS:
            return None
        ids = {self.link_ids[a.mem_id] for a in links if a.mem_id in self.link_ids}
        if ELSEWHERE in ids:
            # a file or another site linked from a share bar or the excerpt is the entry's own
            texts = self.skip | subtree_ids(self.not_date(element))
            if all(a.mem_id in texts for a in links if _away(a, self.link_ids)):
                ids.discard(ELSEWHERE)
        return frozenset(ids)

    def dated_page_beside(self, element: LexborNode, holding: LexborNode, wp_id: int | str) -> bool:
        """Whether another child of `element` than `holding` (the one holding the post's
        link) links a page of the site and prints a date, where `element` is outside the
        post's own entry: that block is the page's (a home page's "Latest publications" or
        "Recent meetings" beside an undated top story), and its date no post's. Inside the
        post's entry (_own_entry), a byline, a footer or the post's text linking a page ("in
        News", "More news", a meeting table) is the post's own."""
        if not self.pages or self._own_entry_around(element, wp_id):
            return False
        key = element.mem_id
        if key not in self._dated_pages:  # the same for every link that climbs through it
            self._dated_pages[key] = [
                child.mem_id
                for child in element.iter()
                if child.mem_id in self._holding_pages and self.dates(child)
            ]
        return any(child != holding.mem_id for child in self._dated_pages[key])

    def navigation_beside(self, element: LexborNode, holding: LexborNode, wp_id: int | str) -> bool:
        """Whether `element`, outside the post's own entry, holds the site's navigation (a
        menu linking its pages) beside `holding`: it is the page's frame, and a date in it
        (a top bar's "today") is no entry's. A page with one post's link reached it."""
        if self._own_entry_around(element, wp_id):
            return False
        for menu in matching(element, NAVIGATION):
            if holding.mem_id in {above.mem_id for above in ancestors(menu)}:
                continue  # inside the block holding the link
            if menu.mem_id in self._holding_pages:
                return True
        return False

    def _own_entry_around(self, element: LexborNode, wp_id: int | str) -> bool:
        """Whether the element or one above it is the post's own entry. Each element's answer
        is its own or its parent's: kept, the links climbing one list walk each chain once."""
        chain: list[int] = []
        found = False
        node: LexborNode | None = element
        while node is not None:
            key = (node.mem_id, wp_id)
            if key in self._in_own:
                found = self._in_own[key]
                break
            chain.append(node.mem_id)
            if _own_entry(node, wp_id):
                found = True
                break
            node = node.parent
        # Every element walked (below the one that answered) has that answer.
        for mem_id in chain:
            self._in_own[(mem_id, wp_id)] = found
        return found

    def in_order(self, order: str) -> _Entries:
        """The same page's entries, their slashed days read in `order`: what each element
        links and whether it is no date stand as worked out (only the dates are read again)."""
        other = copy.copy(self)
        other.order, other._dates, other._dated_pages = order, {}, {}
        return other

    def dates(self, element: LexborNode) -> list[DateCandidate]:
        key = element.mem_id
        if key not in self._dates:
            no_date, stamps = self.not_date(element), self._stamps_in(element)
            self._dates[key] = item_dates(
                element, self.skip, no_date, self.order, self._marked, stamps
            )
        return self._dates[key]

    def _stamps_in(self, element: LexborNode) -> list[LexborNode]:
        """matches(element, LIST_TIME): the page's, under the element (or it), a selector's
        matches in document order before the next selector's."""
        key = element.mem_id
        found = [n for n, above in self._stamps if n.mem_id == key or key in above]
        if len(found) <= 1:
            return found
        if self._stamps_by_selector is None:
            self._stamps_by_selector = [
                [n.mem_id for n in self._root.css(s)] for s in sel.LIST_TIME
            ]
        nodes = {n.mem_id: n for n in found}
        order = dict.fromkeys(i for ids in self._stamps_by_selector for i in ids if i in nodes)
        return [nodes[i] for i in order]

    def not_date(self, element: LexborNode) -> list[LexborNode]:
        """matching(element, LIST_NOT_DATE): the element itself too, if it matches."""
        key = element.mem_id
        return [n for n, above in self._not_date if n.mem_id == key or key in above]


def list_dates(
    url: str,
    html: str,
    site: str,
    any_address: bool = False,
    tree: LexborHTMLParser | None = None,
) -> dict[int | str, DateCandidate]:
    """wp_id -> the date a list page prints next to that post's link (source "list"). A page
    of the site is read by page_lists. `any_address`: links to posts at addresses of no
    WordPress form count too, keyed by their canonical URL as such posts' records are
    (article.py, reconcile.news_id). `tree`: the page parsed already (never changed here)."""
    tree = tree or signals.parse(html)
    if tree is None or tree.body is None:
        return {}
    root = tree.body
    at = document_base(tree, url)  # where its relative links point from
    anchor = next(matches(root, ("main", "[role='main']", "#content", "#primary")), root)
    skip = signals.excluded(root, anchor)
    links = root.css("a[href]")
    link_ids: dict[int, int | str] = {}
    pages: list[LexborNode] = []  # links to the site's pages
    posts = addressed_posts(root, url, at, site) if any_address else {}
    for a in links:
        href = a.attributes.get("href") or ""
        wp_id = signals.url_post_id(href, site, at)
        if wp_id is not None:
            link_ids[a.mem_id] = wp_id
        elif (address := link_address(href, site, at)) in posts and address is not None:
            link_ids[a.mem_id] = address
        elif (kind := link_kind(href, site, at)) == ELSEWHERE:
            link_ids[a.mem_id] = ELSEWHERE
        elif kind == PAGE:
            pages.append(a)
    # Every link to a post is tried, not the first alone: a featured grid, a slider or another
    # post's text may link it before its own entry does. A post is dated only where all the
    # entries that date it say one day (a meeting table in another post's text says another).
    texts = {node.mem_id for node in matching(root, sel.LIST_POST_TEXT)}
    first = _Entries(link_ids, pages, skip, root)
    by_order: dict[str | None, _Entries] = {None: first}
    days: dict[int, dict[int | str, str]] = {}  # each list's posts' slashed days, by post

    def said_by(orders: dict[int, str]) -> dict[int | str, list[DateCandidate]]:
        said: dict[int | str, list[DateCandidate]] = {}
        for a in links:
            key = link_ids.get(a.mem_id)
            if key is None or key == ELSEWHERE or a.mem_id in skip:
                continue
            if _in_others_text(a, key, texts):
                continue
            order = orders.get(_block(a, first)) if orders else None
            if order is not None and order not in by_order:
                by_order[order] = first.in_order(order)
            found = _item_date(a, key, by_order[order])
            if found is not None:
                said.setdefault(key, []).append(found)
                if not orders and SLASHED_DAY.search(found.raw):  # its list's witness
                    days.setdefault(_block(a, first), {})[key] = found.raw
        return said

    said = said_by({})
    # A slashed day either order could read ("05/03/2024") is read again in the order the
    # days beside the other posts of its own list show ("22/05/2024": day first), two posts'
    # at least, never a "Most read" box's or a footer's beside it (review 81: a partner
    # webinar's day typed day first, alone, flipped a US list's)
    orders = {
        block: order for block, raw in days.items() if (order := slashed_order([*raw.values()], 2))
    }
    if orders and set(link_ids.values()) - {ELSEWHERE} - set(said):
        said = said_by(orders)
    return {key: found[0] for key, found in said.items() if len({c.value[:10] for c in found}) == 1}


def _block(link: LexborNode, entries: _Entries) -> int:
    """The list a post's link stands in: the nearest element above it that links another
    post too (or too many links to be one entry)."""
    node = link
    while (parent := node.parent) is not None and parent.tag not in ("body", "html"):
        linked = entries.linked(parent)
        if linked is None or len(linked - {ELSEWHERE}) >= 2:
            return parent.mem_id
        node = parent
    return node.mem_id


def _in_others_text(link: LexborNode, wp_id: int | str, texts: set[int]) -> bool:
    """Whether a link sits in another post's text (its content or excerpt, in a full-content
    loop): a newer post's table of meetings links older posts beside the meetings' days.
    `texts`: the page's elements that are a post's text (selectors.LIST_POST_TEXT)."""
    in_text = False
    for above in ancestors(link):
        in_text = in_text or above.mem_id in texts
        if signals.other_post(above, _post_number(wp_id)):
            # a page built as a list (Divi's or Elementor's blog module in its text) is no post
            return in_text and "type-page" not in (above.attributes.get("class") or "").split()
    return False


def _own_entry(element: LexborNode, wp_id: int | str) -> bool:
    """Whether the element is marked as the post's own entry, as WordPress's post_class marks
    it: `post-N` for its id, or `post`, `hentry` or `type-post` marking no other post. (A
    bare `<article>` may hold a whole home page's blocks.)"""
    attributes = element.attributes  # (a dict made at each read: one read)
    tokens = (attributes.get("class") or "").split()
    if f"post-{wp_id}" in tokens or attributes.get("id") == f"post-{wp_id}":
        return True
    marked = any(token in ("post", "hentry", "type-post") for token in tokens)
    return marked and not signals.other_post(element, _post_number(wp_id))


def _post_number(key: int | str) -> int:
    """A post's WordPress id; 0 for one keyed by its address, which no `post-N` marks."""
    return key if isinstance(key, int) else 0


def _away(link: LexborNode, link_ids: dict[int, int | str]) -> bool:
    return link_ids.get(link.mem_id) == ELSEWHERE


def _holding(nodes: list[LexborNode]) -> set[int]:
    """mem_ids of the nodes and of every element above them."""
    held: set[int] = set()
    for node in nodes:
        current: LexborNode | None = node
        while current is not None and current.mem_id not in held:
            held.add(current.mem_id)  # (those above one already held are all in)
            current = current.parent
    return held
