"""Trap defences: what keeps a crawl from following a server's URLs for ever.

A server can mint URLs without end: a calendar with a "next month" link for ever, a list whose
"next" never stops, a fresh session id in every link (urls.canonical drops those), a REST
collection that claims a million pages. Every URL a crawl would queue passes `TrapGuard.admit`;
each rule is a setting (scraper/settings.py) and each cut is counted per rule in crawls.cuts and
logged once:

    frontier        max_frontier: URLs one crawl may queue at all
    query_variants  max_query_variants: lists under one path and set of query keys (?m=YYYYMM,
                    ?cat=N, ...); post and page ids (?p=N, ?page_id=N) are the site's
                    content, bounded only by the frontier
    pagination      max_pagination_depth: page N of a list (?paged=N, ?page=N, /page/N/)
    rest_pages      REST pages past what the first page and X-WP-Total make plausible
                    (discover.py), or past max_rest_pages
    rest_stopped    REST pages of a collection after one of its pages answered 4xx (crawl.py)
    page_links      links of one page past MAX_PAGE_LINKS, not read (discover.py)
    page_parse    a page nested so deep its parse would take minutes: read up to where
                    archive.parse_cost.MAX_PARSE_WORK is passed (discover.py)

Pure bookkeeping, no I/O: the crawl loop logs and stores what `admit` reports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from scraper.frontier import Found
from scraper.settings import Settings

# Links read from one page: the real site's pages have well under 1,000 (menus, lists of ten
# posts, the sitemap page), so this is generous; a page of 300,000 links (9.4 MB, under the
# page cap) made the crawl hold 490 MB and write 300,000 `links` rows. The rest are counted
# as a `page_links` cut (docs/trust.md) and logged once for the page; the build reads no
# such page (its parse alone held some 190 MB).
MAX_PAGE_LINKS = 5_000
ANCHOR = re.compile(r"<a[\s/>]", re.IGNORECASE)  # <a href>, <A HREF>, <a/href> alike
# Where a "<a" is no element: a script's strings, a style, a comment ("<!--" to "-->").
_NOT_MARKUP = (("<script", "</script"), ("<style", "</style"), ("<!--", "-->"))


def past_link_cap(text: str) -> int | None:
    """Where the anchor past MAX_PAGE_LINKS starts in a page's text; None when it has no more
    anchors than that. A quick bound first: "<a" also starts <abbr> and <aside>, and HTML's
    tags are any case. A "<a" in a script or a comment is not counted (helper-54: a script of
    5,001 such strings made the home page go unread)."""
    if text.count("<a") + text.count("<A") <= MAX_PAGE_LINKS:
        return None
    spans = _not_markup(text.lower())
    seen, i = 0, 0
    for match in ANCHOR.finditer(text):
        at = match.start()
        while i < len(spans) and spans[i][1] <= at:
            i += 1
        if i < len(spans) and spans[i][0] <= at:
            continue
        if seen == MAX_PAGE_LINKS:
            return at
        seen += 1
    return None


def _not_markup(lower: str) -> list[tuple[int, int]]:
    """The (start, end) of each script, style and comment of a page, in order, in one pass:
    each opener's next place is looked for again only once passed (a regex's lazy match would
    rescan to the end from every unclosed "<script"). One left open runs to the end of the
    page, as a browser reads it."""
    closing = dict(_NOT_MARKUP)
    ahead = {opener: lower.find(opener) for opener in closing}
    spans: list[tuple[int, int]] = []
    while live := [(at, opener) for opener, at in ahead.items() if at >= 0]:
        at, opener = min(live)
        close = lower.find(closing[opener], at + len(opener))
        stop = len(lower) if close < 0 else close + len(closing[opener])
        spans.append((at, stop))
        for other, place in ahead.items():
            if 0 <= place < stop:
                ahead[other] = lower.find(other, stop)
    return spans


PAGE_KEYS = ("paged", "page", "pg", "pagenum")  # a list's page number (REST: its own rule)
ID_KEYS = frozenset({"p", "page_id", "attachment_id"})  # WordPress content ids
_PAGE_PATH = re.compile(r"^(?P<list>.*?)/page/(?P<n>\d+)/?$")

RULES = {
    "frontier": "max_frontier",
    "query_variants": "max_query_variants",
    "pagination": "max_pagination_depth",
    "rest_pages": "max_rest_pages",
    "rest_stopped": "the first 4xx of a REST walk",
    "page_links": "MAX_PAGE_LINKS in scraper/discover.py",
    "page_requisites": "MAX_PAGE_LINKS in scraper/discover.py (the files a page loads)",
    "page_parse": "MAX_PARSE_WORK in archive/parse_cost.py",
}


@dataclass(frozen=True)
class Shape:
    """Where a URL sits among its kind: its family (path and query keys), its list (the URL
    without its page number) and its page number (1 when none)."""

    family: str
    keys: frozenset[str]
    list: str
    page: int


def _page_number(digits: str) -> int:
    """A page number; one of thousands of digits (int() refuses over 4,300) reads as a page
    past any cap, so the URL is cut, not the page that links it lost to a ValueError."""
    return int(digits) if len(digits) <= 9 else 10**9


def shape(url: str) -> Shape:
    parts = urlsplit(url)
    path, page = parts.path, 1
    if match := _PAGE_PATH.match(path):
        path, page = match["list"] or "/", _page_number(match["n"])
    rest = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in PAGE_KEYS and value.isascii() and value.isdigit():
            page = max(page, _page_number(value))
        else:
            rest.append((key, value))
    keys = frozenset(k.lower() for k, _ in rest)
    family = f"{parts.netloc}{path}?{'&'.join(sorted(keys))}"
    listed = f"{parts.netloc}{path}?{'&'.join(f'{k}={v}' for k, v in sorted(rest))}"
    return Shape(family, keys, listed, page)


@dataclass
class Cut:
    """One rule cutting one URL: what to count, and a line to log the first time."""

    rule: str
    family: str
    message: str
    count: int = 1  # URLs cut (a REST walk cuts many pages at once)


@dataclass
class TrapGuard:
    s: Settings
    seen: set[str] = field(default_factory=set)
    lists: set[str] = field(default_factory=set)
    variants: Counter[str] = field(default_factory=Counter)
    _told: set[tuple[str, str]] = field(default_factory=set)

    def load(self, urls: Iterable[str]) -> None:
        """The URLs a resumed crawl had already queued: counted, never cut."""
        for url in urls:
            self._note(url)

    def _note(self, url: str) -> None:
        self.seen.add(url)
        found = shape(url)
        if found.list not in self.lists:
            self.lists.add(found.list)
            self.variants[found.family] += 1

    def admit(self, items: Iterable[Found]) -> tuple[list[Found], list[Cut]]:
        """The items to queue (new ones only, in order) and the cuts made."""
        admitted: list[Found] = []
        cuts: list[Cut] = []
        for item in items:
            if item.url in self.seen:
                continue
            cut = self._check(item)
            if cut is None:
                self._note(item.url)
                admitted.append(item)
            else:
                cuts.append(cut)
        return admitted, cuts

    def first_time(self, cut: Cut) -> bool:
        """True once per rule and family: each cut is logged once."""
        key = (cut.rule, "" if cut.rule == "frontier" else cut.family)
        if key in self._told:
            return False
        self._told.add(key)
        return True

    def _check(self, item: Found) -> Cut | None:
        s = self.s
        if len(self.seen) >= s.max_frontier:
            return Cut(
                "frontier",
                "",
                f"trap defence: {s.max_frontier} URLs queued (max_frontier);"
                " no more are queued this crawl",
            )
        if item.kind == "rest":
            return None  # REST walks have their own bounds (discover.py, crawl.py)
        found = shape(item.url)
        if found.page > s.max_pagination_depth:
            return Cut(
                "pagination",
                found.list,
                f"trap defence: {item.url} is page {found.page} of a list, past"
                f" {s.max_pagination_depth} (max_pagination_depth); later pages not followed",
            )
        new_list = found.list not in self.lists
        counted = found.keys and not found.keys & ID_KEYS
        if counted and new_list and self.variants[found.family] >= s.max_query_variants:
            return Cut(
                "query_variants",
                found.family,
                f"trap defence: more than {s.max_query_variants} query variants of"
                f" {found.family} (max_query_variants); further ones not followed",
            )
        return None


def rest_pages(claimed: int, total: int | None, first_page_items: int, per_page: int) -> int:
    """How many pages a REST collection plausibly has, from its first page: X-WP-TotalPages
    (claimed) no larger than X-WP-Total items at the first page's size, and a first page that
    is not full is the only one."""
    if first_page_items <= 0:
        return 1
    plausible = claimed
    if total is not None:
        plausible = min(plausible, -(-total // first_page_items))
    elif first_page_items < per_page:
        plausible = 1
    return max(1, plausible)


# Arrays and objects a REST answer may hold: a page of 100 posts holds a few thousand; 10 MB
# of `[[],[],...]` (2.5 million) took 313 MB to load (helper-206)
MAX_JSON_VALUES = 300_000


def too_many_values(body: bytes) -> bool:
    """Whether a JSON body opens more arrays and objects than MAX_JSON_VALUES (counted on the
    bytes, strings' brackets too: an upper bound, read before any is made)."""
    return body.count(b"[") + body.count(b"{") > MAX_JSON_VALUES
