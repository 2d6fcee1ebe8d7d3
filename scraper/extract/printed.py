"""The dates a post page prints, and which of them is the post's publication: the words
before a date (its label), elements marked as a modification, a list of an event's facts,
what stands above the title where no element holds the post.

Pure helpers for news.py and generic.py, no I/O. Every CSS selector comes from selectors.py.
"""

from __future__ import annotations

import re
from datetime import date

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archive.text import collapse
from scraper.extract import date_labels as labels
from scraper.extract import dates, instants, languages
from scraper.extract import selectors as sel
from scraper.extract.clean import matches, subtree_ids
from scraper.extract.columns import column_header
from scraper.extract.facts import among_facts
from scraper.extract.signals import leading
from scraper.extract.types import Candidate, DateCandidate

_DOTTED = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$")
_FACT_TAGS = ("li", "dd", "dt", "td", "th", "tr")
_LABEL_WORDS = 4  # the label is the last few words before the date
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
MODIFIED_PROPERTIES = ("dateModified", "modified")  # schema.org; Dublin Core (dcterms:, dc:)
_ADDED_FIELD = re.compile(r"field--(?:name-field-|type-(?:datetime|daterange|smartdate)\b)")
_BYLINE_WORDS = 8  # "Last updated by John Smith on": the words that say what the day is
# A class naming one element a date ("news-date", "grid-item__date"), where no other day's
_WHEN_HEADING = re.compile(r"^(?:when|when\s*(?:&|and)\s*where)$", re.I)
# The post's meta, as a class names it: "entry-meta", "post-date", "byline", "posted-on"...
_BYLINE_CLASS = re.compile(  # BEM's element names too: Wagtail's "blog__date" (helper-216)
    r"^(?:(?:entry|post|blog|article|single|news|td)(?:-|__))*"
    r"(?:meta|metadata|byline|posted|posted-on|date|published|(?:entry|post)-info)$"
)
_NOT_BYLINE = re.compile(r"event|meeting|dates|range|deadline|start|end|key")
_CELLS = ("td", "th", "li", "dd", "dt")
_LABEL_BREAK = re.compile("[|.\u00b7\u2022\u2013\u2014]")  # ends what came before a label
_LABEL_LEVELS = 4  # elements climbed to find the words before a date
# an author's name between a label and its day: "... by Dr. Jane Roe, MD on", "... par X le"
# (a label's last word one of _ON first: a search of every label cost extraction half again)
_ON = frozenset({"on", "am", "le", "el", "il", "op", "em"})
_AUTHOR_ON = re.compile(
    rf"\s{languages.BY_WORD}\s+(?:\S+\s+){{0,4}}\S+\s+(?:{'|'.join(sorted(_ON))})$", re.I
)
_AUTHOR_WORDS = 7  # the most the author's part takes: "by", five words of a name, "on"
_CHANGED = ("updated", "modified", "changed", "revised")
# A class holding one of these words (one search of them all: the test runs on every element)
_MODIFIED_WORD = re.compile("|".join(map(re.escape, sel.TIME_MODIFIED_CLASSES)))


def is_modified_time(node: LexborNode) -> bool:
    """An element marked as a modification date: a class naming it ("updated", "modified",
    "updated-on", "last-modified"), unless one says "published"; or a property naming it
    (microdata's itemprop, RDFa's property: dateModified, dcterms:modified).
    WordPress's classes naming a post's tag or category (`tag-ger-updated`) mark nothing."""
    attributes = node.attributes  # (a dict made at each read: one read)
    classes = (attributes.get("class") or "").split()
    if "published" in classes:
        return False
    own = [c for c in classes if not c.startswith(("tag-", "category-"))]
    # The property named by microdata (itemprop) or RDFa (property, a list of terms, perhaps
    # prefixed: `schema:dateModified`, `dcterms:modified`).
    named = f"{attributes.get('itemprop') or ''} {attributes.get('property') or ''}"
    if sel.TIME_MODIFIED_TOKENS.intersection(own):
        return True
    return _MODIFIED_WORD.search(" ".join(own)) is not None or any(
        term.rpartition(":")[2] in MODIFIED_PROPERTIES for term in named.split()
    )


def label_before(node: LexborNode, scope: LexborNode, most: int = _LABEL_WORDS) -> str:
    """The last words printed before node (its own words before the date included), looking
    back through its earlier siblings and then its ancestors', never outside scope nor past
    a heading (a title "Terms of Reference Updated" labels no date)."""
    own = collapse((node.text_content if node.is_text_node else node.text()) or "")
    words = re.split(r"\d", own, maxsplit=1)[0].split() if own else []
    while words and dates.is_day_word(words[-1]):  # "January" of "January 5, 2021"
        words.pop()
    current = node
    for _ in range(_LABEL_LEVELS):
        sibling = current.prev
        while sibling is not None and len(words) < most:
            if sibling.is_element_node and _holds_heading(sibling):
                heading = collapse(sibling.text(deep=True) or "").rstrip(":").split()
                # a builder's small heading ("<h5>Meeting date</h5>") labels the date below
                # it, as if with a colon; a title (h1-h3, or one linking its post) never does
                small = sibling.tag in ("h4", "h5", "h6") and sibling.css_first("a") is None
                # an event box's "<h3>When</h3>" labels its day however big it is printed
                small = small or _WHEN_HEADING.match(" ".join(heading)) is not None
                if not words and small and len(heading) <= 3:
                    return _last_label([*heading[:-1], heading[-1] + ":"] if heading else [], most)
                return _last_label(words, most)
            text = sibling.text_content if sibling.is_text_node else sibling.text(deep=True)
            words = collapse(text or "").split() + words
            sibling = sibling.prev
        parent = current.parent
        if len(words) >= most or parent is None or parent.mem_id == scope.mem_id:
            break
        current = parent
    return _last_label(words, most)


def _holds_heading(node: LexborNode) -> bool:
    return node.tag in _HEADINGS or node.css_first(",".join(_HEADINGS)) is not None


def _last_label(words: list[str], most: int) -> str:
    label = " ".join(words[-most:])
    # "Zuletzt bearbeitet von Anna Müller am", "Mis à jour par Julie Martin le": a change's
    # word before its author's name, past the last few words (review 125: read as postings)
    if words and words[-1].lower() in _ON:
        tail = " " + " ".join(words[-(most + _AUTHOR_WORDS) :])
        if (by := _AUTHOR_ON.search(tail)) is not None:
            changed = " ".join(tail[: by.start()].split()[-most:])
            if labels.MODIFIED.search(changed):
                return changed
    return _LABEL_BREAK.split(label)[-1].strip()


def posted_label(node: LexborNode, scope: LexborNode) -> bool:
    """Whether the words before a date are a byline's, naming it the posting, or its table
    column is headed so ("Post date"): a list's date with its time ("published Dec 12, 2024
    10:15 AM") or in slashes is then read as on a post's page."""
    header = column_header(node, scope)
    if header:
        return labels.POSTED_COLUMN.match(header) is not None
    label = label_before(node, scope, _BYLINE_WORDS)
    return labels.POSTED_BEFORE.search(label) is not None and not labelled_otherwise(label)


def labelled_otherwise(label: str) -> bool:
    """Whether the words before a date call it something other than the publication."""
    if labels.MODIFIED.search(label) or labels.OTHER_DATE.search(label):
        return True
    if labels.EVENT.search(label) or languages.OTHER_DAY.search(label):
        return True
    return label.endswith((":", "：")) and not labels.PUBLISHED.search(label)


def dated_otherwise(text: LexborNode, scope: LexborNode) -> bool:
    """Whether a date's text sits in an element marked as a modification, or after words
    calling it something other than the publication; or after a bare "Date:" in a list of
    facts (an event's: date, venue, ...); or before a change's word ("2025.02.25 更新")."""
    if under_modified(text, scope) or _changed_after(text, scope):
        return True
    return _otherwise(text, scope, label_before(text, scope))


def _otherwise(node: LexborNode, scope: LexborNode, label: str) -> bool:
    if labels.FACT.search(label) and _in_fact_list(node, scope):
        return True
    bare = labels.BARE_DATE.match(label) is not None  # "Date:" beside "Venue:": an event's
    return (bare and among_facts(node, scope)) or labelled_otherwise(label)


def _in_fact_list(node: LexborNode, scope: LexborNode) -> bool:
    """Whether node sits in a list item, a definition or a table cell inside scope; a cell
    of the scope itself (a news list's row) is no list of facts."""
    current = node if node.is_element_node else node.parent  # a leaf <li> read whole too
    facts = False
    while current is not None and current.mem_id != scope.mem_id:
        if byline(current):
            return False  # the post's own meta as a list ("post-meta", "post-info")
        parent = current.parent
        own_cell = (
            current.tag in ("td", "th") and parent is not None and parent.mem_id == scope.mem_id
        )
        facts = facts or (current.tag in _FACT_TAGS and not own_cell)
        current = parent
    return facts


def byline(node: LexborNode) -> bool:
    """An element classed as the post's meta ("blog-post-meta", "byline", "entry-date"; not
    "event-date", "meeting-meta", "key-dates"): its date is the post's, though it stands in
    a paragraph. A cell or an item is one only through its table's or list's class."""
    if node.tag in _CELLS:
        return False
    tokens = (node.attributes.get("class") or "").lower().split()
    if any(_NOT_BYLINE.search(token) for token in tokens):
        return False
    return any(_BYLINE_CLASS.match(token) for token in tokens)


def under_modified(node: LexborNode, scope: LexborNode) -> bool:
    """Whether a text node sits in an element marked as a modification date."""
    return _modified_mark(node, scope) is not None


def _modified_mark(node: LexborNode, scope: LexborNode) -> LexborNode | None:
    current = node.parent
    while current is not None and current.mem_id != scope.mem_id:
        if current.is_element_node and is_modified_time(current):
            return current
        current = current.parent
    return None


def hatom_entry_date(node: LexborNode) -> bool:
    """A date marked "updated" the hAtom way and also as the entry's date, with nothing saying
    modified: Newspaper's `entry-date updated td-module-date`, MH Magazine's `entry-meta-date
    updated`. Themes that print one date mark it so (hAtom requires an "updated"), and it is
    then the post's date; themes that print two mark the other "published"."""
    tokens = (node.attributes.get("class") or "").lower().split()
    return (
        "updated" in tokens
        and node.attributes.get("itemprop") != "dateModified"
        and any(t.endswith("date") and not any(w in t for w in _CHANGED) for t in tokens)
    )


def date_signals(
    tree: LexborHTMLParser,
    scope: LexborNode,
    body: LexborNode | None,
    skip: set[int],
    listed: set[int] | frozenset[int] = frozenset(),
    portal: bool = False,
    heading: LexborNode | None = None,
) -> tuple[list[DateCandidate], list[DateCandidate], list[LexborNode]]:
    """(publication candidates, modification candidates, date elements inside the body).

    time[datetime] and visible dates in the scope but never in the body, whose opening
    dateline is an event date (meta tags are read by structured.py), and never in `listed`
    (blocks that list other posts with their dates). The one exception is a bare day-first
    date ("08.11.2007") before the body's prose of a `portal` item: the portal prints its date
    there, where a WordPress post opens with an event's ("12.03.2019").
    """
    assert tree.root is not None
    published: list[DateCandidate] = []
    modified: list[DateCandidate] = []
    sole: list[DateCandidate] = []  # hAtom "updated" entry dates: the post's if alone
    outside = skip | listed | (subtree_ids([body]) if body is not None else set())
    if heading is not None and tree.body is not None and scope.mem_id == tree.body.mem_id:
        # No element holds the post: what the page prints above its title (a top bar's
        # "today", a banner) is not the post's.
        outside = outside | _before(scope, heading)
    for node in matches(scope, (*sel.TIME_MODIFIED, *sel.TIME_PUBLISHED)):
        stamp = node.attributes.get("datetime" if node.tag == "time" else "title") or ""
        found = instants.from_iso(stamp, "time")
        if not found or node.mem_id in outside:
            continue
        role = date_role(node, scope)
        {None: published, SOLE: sole, MODIFIED: modified}.get(role, []).append(found)
    for node in scope.traverse(include_text=True):
        if not node.is_text_node or node.mem_id in outside:
            continue
        found = dates.from_text(node.text_content or "", "visible")
        if found:
            {None: published, SOLE: sole}.get(date_role(node, scope), []).append(found)
    if len({c.value[:10] for c in sole}) == 1 and not published:
        published = sole  # one date, marked the hAtom way: the post's
    else:
        modified += [c for c in sole if c.source == "time"]
    stamps: list[LexborNode] = []
    for node in leading(body) if body is not None and portal else []:
        raw = collapse(node.text_content or "") if node.is_text_node else ""
        found = dates.from_text(raw, "visible") if _DOTTED.match(raw) else None
        parent = node.parent
        if found and node.mem_id not in skip:
            published.append(found)
            if parent is not None and body is not None and parent.mem_id != body.mem_id:
                stamps.append(parent)
    return published, modified, stamps


MODIFIED, OTHER, SOLE = "modified", "other", "sole"


def date_role(node: LexborNode, scope: LexborNode) -> str | None:
    """What a date printed at node (a <time>, or a text node) is, by its marks and its label:
    MODIFIED (marked or labelled so), OTHER (a meeting's, an event's fact), SOLE (marked
    "updated" the hAtom way: the post's where nothing else in it is dated), or None: the
    post's own."""
    label = label_before(node, scope)
    marked = node.is_element_node and is_modified_time(node)
    mark = node if marked else _modified_mark(node, scope)
    if labels.MODIFIED.search(label) or (mark is not None and not hatom_entry_date(mark)):
        return MODIFIED
    if _changed_after(node, scope):
        return MODIFIED
    if _otherwise(node, scope, label):  # "Meeting: <time>" is the meeting's
        return OTHER
    if (field := _added_field(node, scope)) is not None and not _posting_field(field):
        return OTHER
    return None if mark is None else SOLE


_INLINE_TAGS = frozenset({"span", "time", "a", "strong", "b", "em", "i", "small", "abbr", "font"})


def _changed_after(node: LexborNode, scope: LexborNode) -> bool:
    """Whether the words right after the day, in the same line, say it is a change's ("2025.02.25
    更新", "<time>…</time>更新"): Japanese, Korean and Chinese may label a day after it. The next
    element (a paragraph of its own, "<p>更新日：…</p>", or the meta line's next item "<span>
    更新于 …</span>") is no such word."""
    current = node
    while current.mem_id != scope.mem_id:
        after = current.next
        while after is not None and after.is_text_node and not (after.text_content or "").strip():
            after = after.next
        if after is not None:  # words of its own line, not the next item's element
            text = (after.text_content or "") if after.is_text_node else ""
            return labels.CHANGED_AFTER.match(text[:12]) is not None
        parent = current.parent
        if parent is None or parent.tag not in _INLINE_TAGS:
            return False  # the day ends its line
        current = parent
    return False


def _added_field(node: LexborNode, scope: LexborNode) -> LexborNode | None:
    """The date field a site's editors added to their articles that node sits in: Drupal's
    `field--name-field-when`, `field--type-daterange`. A node's own dates are printed outside
    such fields (`node__submitted`, `field--name-created`)."""
    current = node if node.is_element_node else node.parent
    while current is not None and current.mem_id != scope.mem_id:
        classes = (current.attributes.get("class") or "").split() if current.is_element_node else []
        if any(_ADDED_FIELD.match(c) for c in classes):
            return current
        current = current.parent
    return None


def _posting_field(field: LexborNode) -> bool:
    """Whether an added field's own label ("Publication date", "Released") names the
    posting; its words, not those a climb finds before it (a "Category: Publications"
    line), and without a colon: Drupal's CSS adds that."""
    label = field.css_first(".field__label, .field-label")
    return (
        label is not None and labels.POSTING_FIELD.match(collapse(label.text() or "")) is not None
    )


def _before(scope: LexborNode, heading: LexborNode) -> set[int]:
    """The nodes of scope before heading, in document order."""
    before: set[int] = set()
    for node in scope.traverse(include_text=True):
        if node.mem_id == heading.mem_id:
            return before
        before.add(node.mem_id)
    return set()  # the heading is not in scope: nothing is before it


def date_of(node: LexborNode) -> Candidate | None:
    """The date an element prints by itself: its datetime/content attribute (or the day its
    text prints a day from it), else its text."""
    for name in ("datetime", "content"):
        value = node.attributes.get(name)
        if value:
            found = instants.from_iso(value, "template")
            if found is not None:
                return Candidate.of_date("published", as_printed(found, node, near_midnight=True))
    if len(node.text() or "") > 80:
        return None
    found = dates.from_text(node.text() or "", "template")
    return Candidate.of_date("published", found) if found is not None else None


def as_printed(
    found: DateCandidate, time: LexborNode, near_midnight: bool = False
) -> DateCandidate:
    """A <time>'s instant, or the day its text prints where the two are a day apart:
    WordPress writes old posts' instants in today's offset, so "00:20+01:00" of 1 February
    2016 falls on 31 January in the site's offset of then, where the theme prints "February
    1, 2016"; HubSpot writes UTC with no offset ("2024-06-25 22:00:00" beside "June 26,
    2024"). Further apart, the text is read in another order than it is written (10.05.2015
    for 5 October): the instant stands. `near_midnight`: only where the instant, in an offset
    up to two hours from the site's, falls on the day printed (review 21: a day of its own,
    or 09:00 beside the next day's date, stands)."""
    printed_day = dates.from_text(time.text() or "", found.source, byline=False)
    if printed_day is None or printed_day.value == found.value[:10]:
        return found
    if near_midnight:
        if "T" not in found.value:
            return found
        return printed_day if printed_day.value in instants.days_near(found.value) else found
    gap = abs(date.fromisoformat(printed_day.value) - date.fromisoformat(found.value[:10]))
    return printed_day if gap.days == 1 else found
