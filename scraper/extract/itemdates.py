"""The dates one item of a news list prints (lists.py finds the items around each post's
link): time[datetime] first, else visible text, read as on a post's page, but not a date
marked or labelled as a modification or another day's, nor one in the item's excerpt.
Pure functions, no I/O."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from archive.text import collapse
from scraper.extract import dates, instants, printed
from scraper.extract import selectors as sel
from scraper.extract.clean import ancestors, matches, subtree_ids
from scraper.extract.facts import WHEN_CLASS, an_events_item, in_event_table
from scraper.extract.pubtext import POSTING_LINE
from scraper.extract.types import DateCandidate

# A class naming an element the entry's date ("news-date", "grid-item__date"), not an
# event's, a deadline's or a change's; the class of a field's value inside it (Drupal's)
_DATE_CLASS = re.compile(r"^[a-z][a-z0-9_-]*[a-z0-9](?:-|_|__)date$")
_NOT_ENTRY_DATE = re.compile(
    r"event|meeting|range|deadline|start|end|key|modif|updat|chang|revis|due|expir|clos|open"
)
_FIELD_VALUE = frozenset({"field-content", "field__item", "field-item"})
# SharePoint's news web part names its item's day by its test id, its class only an "activity"
# line's ("ms-DocumentCardActivity-activity", which elsewhere says "Edited ..."): probe 29's
# L08, whose "3/25/2024" was read nowhere
_DATE_IDS = frozenset({"newsItemDate"})
_EVENT = re.compile(r"event|meeting")  # a class naming an event's date: not the entry's
# The class of a day that ends something: an event's "end-date" or "date-end", a call's
# "closing-date" or "deadline". (A start's may be the posting's: "publish_start_date".)
_OTHER_DAY = re.compile(
    r"(?:^|[-_])(?:end|due|expiry|expiration|close|closes|closing)[-_]date$"
    r"|(?:^|[-_])(?:deadline|closes)$|(?:^|[-_])date[-_](?:end|to)$"
)  # one separator: "news-card__date--end" is a BEM modifier (right-aligned), no end's day
_ANOTHER_DAY = "another-day"  # _role's: the item prints some other day, an event's or a call's
_DIGIT = re.compile(r"\d")
_INLINE = frozenset({"span", "small", "b", "strong", "em", "i", "abbr", "sup"})
_SPLIT_CHARS = 40  # a longer text is no date split into parts
# The classes of a posting's date box (Astra's "posted-on"): not a bare "date" or a
# "webinar-date", which a whole date in a list is read by, but split may be any day's
_POSTED_CLASS = frozenset({"posted-on", "posted", "published", "entry-date", "post-date"})


def item_dates(
    item: LexborNode,
    skip: set[int],
    no_date: list[LexborNode],
    order: str | None = None,
    marked: dict[int, LexborNode | None] | None = None,
    stamps: list[LexborNode] | None = None,
) -> list[DateCandidate]:
    """The dates printed in one list item: time[datetime] first, else visible text; as on a
    post's page, not a date marked or labelled as a modification or another day's ("Last
    updated:", "Meeting:", a Post Date block showing the modified day), and a date marked
    "updated" the hAtom way only where nothing else in the item is dated. `no_date`: the
    item's elements that are no date (LIST_NOT_DATE, the item itself among them if it is).
    `order`: how the list writes its slashed days, where its other days tell (dayorder.py).
    `marked`: _marked_modified's answers for the page's elements, kept across its items.
    `stamps`: matches(item, LIST_TIME), where the caller found them for the whole page."""
    not_date = skip | subtree_ids(n for n in no_date if n.mem_id != item.mem_id)
    over = _marked_modified(item, {} if marked is None else marked)
    if over is not None and not printed.hatom_entry_date(over):
        return []  # the item is a date marked as a modification (a Post Date block's)
    times: list[DateCandidate] = []
    texts: list[DateCandidate] = []
    sole: list[DateCandidate] = []
    other: list[DateCandidate] = []  # dates classed as another day's (_ANOTHER_DAY)
    # where each date goes by its role (_role); a modification's or another's goes nowhere
    time_by_role = {None: times, printed.SOLE: sole, _ANOTHER_DAY: other}
    text_by_role = {**time_by_role, None: texts}
    for node in matches(item, sel.LIST_TIME) if stamps is None else stamps:
        machine = node.attributes.get("datetime") or node.attributes.get("content")
        if machine is not None:
            found = instants.from_iso(machine, "list")
        else:  # Wix's "6 days ago", its day in the title of an element classed as the date
            title = node.attributes.get("title") or ""
            found = dates.from_text(title, "list") if date_classed(node) else None
        if found is not None and (
            node.mem_id not in not_date or _card_time(node, no_date, item, skip)
        ):
            time_by_role.get(_role(node, item), []).append(printed.as_printed(found, node))
    for node in item.traverse(include_text=True):
        if not node.is_text_node or node.mem_id in skip:
            continue
        if node.mem_id not in not_date or _card_date(node, no_date, item):
            text = node.text_content or ""
            # a list's "12 March 2021 at 14:00" may be an event's; "Posted on ... by" is not,
            # nor "Submitted by admin on 12/12/2024 - 10:15" (the label before the date)
            digits = _DIGIT.search(text) is not None  # no date without one
            posting = POSTING_LINE.match(text) is not None or (digits and entry_date_text(node))
            found = dates.from_text(text, "list", byline=posting, order=order)
            if found is None and digits and (section := _docsy_section(node)) is not None:
                found = dates.from_text(text[: section.start()], "list", byline=False)
            if found is None and not posting and digits:
                found = dates.from_text(text, "list", byline=True, order=order)
                found = found if found and printed.posted_label(node, item) else None
            if found is not None:
                text_by_role.get(_role(node, item), []).append(found)
    if other:
        return []  # an event's start and end, a call's closing day: which is the posting?
    if not times and not texts and _titled_entry(item):
        # only in an entry titled by its link: a post's own split byline beside its "Print"
        # link or a subtitle's link to an event is no list's date
        texts = [c for c, n in _split_dates(item, not_date) if _role(n, item) is None]
    if over is not None:  # marked "updated" the hAtom way, as its theme's one date
        sole, times, texts = sole + times + texts, [], []
    if times and texts and {c.value[:10] for c in times} != {c.value[:10] for c in texts}:
        return []  # "Posted on" in the text, a <time> of the last reply: which is which?
    given = times or texts or (sole if len({c.value[:10] for c in sole}) == 1 else [])
    # an event's card, or a list headed "Events": its day is the event's (asked only of an
    # item that gives one: the check walks the item)
    return [] if given and an_events_item(item) else given


# Docsy's blog list: "Thursday, February 20, 2025 in Releases", its template's post's day and
# the section it is in ("{{ .Date.Format }} in {{ .CurrentSection.LinkTitle }}")
_DOCSY_ITEM = "td-blog-posts-list__body"
_IN_SECTION = re.compile(r"\s+in\s+[^\d]{1,60}$")


def _docsy_section(text: LexborNode) -> re.Match[str] | None:
    """The " in <section>" after the day in Docsy's blog list item, where the day's line is
    that item's own <small>: a trailing " in X" elsewhere may be a meeting's place ("5
    November 2024 in Tokyo"), so no other design's is dropped."""
    small = text.parent
    body = small.parent.parent if small is not None and small.parent is not None else None
    if small is None or small.tag != "small" or body is None:
        return None
    if _DOCSY_ITEM not in (body.attributes.get("class") or "").split():
        return None
    return _IN_SECTION.search(text.text_content or "")


def _titled_entry(item: LexborNode) -> bool:
    """Whether the item holds a heading that is wholly a link: a list entry's title."""
    for heading in item.css("h2, h3, h4, h5, h6"):
        link = heading.css_first("a[href]")
        if link is not None and collapse(link.text() or "") == collapse(heading.text() or ""):
            return True
    return False


def _split_dates(item: LexborNode, not_date: set[int]) -> list[tuple[DateCandidate, LexborNode]]:
    """A day printed across inline elements of one classed as the posting's date, no
    part a date by itself (Astra's date box: <span class="posted-on"><span>Feb</span>
    <span>20</span> <span>2025</span></span>): read whole, as a list's date is."""
    found = []
    for node in item.traverse():
        tokens = (node.attributes.get("class") or "").lower().split()
        if node.mem_id in not_date or not _POSTED_CLASS.intersection(tokens):
            continue
        inner = [n for n in node.traverse() if n.is_element_node and n.mem_id != node.mem_id]
        text = collapse(node.text() or "")
        if not inner or len(text) > _SPLIT_CHARS or any(n.tag not in _INLINE for n in inner):
            continue
        if (day := dates.from_text(text, "list", byline=False)) is not None:
            found.append((day, node))
    return found


def _card_date(text: LexborNode, no_date: list[LexborNode], item: LexborNode) -> bool:
    """A date classed as one ("news-date") in a card's content block, which holds the entry's
    title too (a Webflow card's "news-card-content"), never in a post's own text (an excerpt,
    an entry's content: review 14), nor in what is outside the list (a sidebar)."""
    return entry_date_text(text) and _in_card(text, no_date, item)


def _card_time(
    time: LexborNode, no_date: list[LexborNode], item: LexborNode, skip: set[int]
) -> bool:
    """A <time> among a card's facts in its content block ("card-actu__content", CNES's:
    probe 26), not in a sentence or a list item of its text ("Join us on <time>", a deadline:
    review 120), nor in what is skipped (a sidebar's widget)."""
    if time.mem_id in skip:
        return False
    blocks = {n.mem_id for n in no_date} | {item.mem_id}
    for above in ancestors(time):
        if above.mem_id in blocks:
            break
        if above.tag in ("p", "li"):
            return False
    return _in_card(time, no_date, item)


def _in_card(node: LexborNode, no_date: list[LexborNode], item: LexborNode) -> bool:
    """Whether the blocks of no date around node (LIST_NOT_DATE) each hold a heading: a card's
    content block ("card-actu__content", CNES's: probe 26), not an excerpt. A block classed
    as the entry's metadata is its facts ("summary-metadata", Squarespace's: every block of
    its summary cards says "summary")."""
    blocks = {n.mem_id for n in no_date}
    for above in ancestors(node):
        if above.mem_id == item.mem_id:
            return True
        if above.mem_id in blocks and not _card_block(above):
            return False
    return True


def _card_block(block: LexborNode) -> bool:
    classes = (block.attributes.get("class") or "").lower()
    return bool(_METADATA.search(classes)) or block.css_first(_HEADINGS) is not None


_METADATA = re.compile(r"(?:^|[-_\s])meta(?:data)?(?:$|[-_\s])")
_HEADINGS = "h1, h2, h3, h4, h5, h6"


def _role(node: LexborNode, item: LexborNode) -> str | None:
    """printed.date_role, and OTHER for a date in an element classed as an event's ("event-
    date", "meeting", "Featured_when__x"), in a table with a column of meetings, or hidden
    (a theme's hidden "updated" day): not the entry's own; _ANOTHER_DAY for one classed as
    another day ("end-date", "closing-date", "deadline")."""
    role = printed.date_role(node, item)
    if role == printed.MODIFIED or role == printed.OTHER:
        return role
    if in_event_table(node):  # "Date | Meeting": each row's day is its meeting's
        return printed.OTHER
    for above in (node, *ancestors(node)) if node.is_element_node else ancestors(node):
        attributes = above.attributes  # (a dict made at each read: one read)
        tokens = (attributes.get("class") or "").lower().split()
        if any(_EVENT.search(t) or WHEN_CLASS.search(t) for t in tokens):
            return printed.OTHER
        if above.mem_id != item.mem_id and any(_OTHER_DAY.search(t) for t in tokens):
            return _ANOTHER_DAY  # (the item's own class is its post's: "call-status-closing")
        style = (attributes.get("style") or "").replace(" ", "").lower()
        hidden = "hidden" in attributes or "display:none" in style
        # Drupal's "field--label-hidden" hides a field's label, not its value
        shown = (t for t in tokens if not t.startswith(("field--label-", "field-label-")))
        if hidden or any("screen-reader" in t or t.endswith("hidden") for t in shown):
            return printed.OTHER
        if above.mem_id == item.mem_id:
            break
    return role


def _marked_modified(item: LexborNode, marked: dict[int, LexborNode | None]) -> LexborNode | None:
    """The item, or an element around it up to its post's own entry, marked as a modification
    (a Post Date block showing the modified day); a post's tag or category named "updated"
    (`tag-ger-updated`) marks nothing. An element's answer is its own or its parent's, so
    each is kept in `marked`: a list's items climb the same elements (seven an item on the
    replica)."""
    climbed: list[int] = []
    found: LexborNode | None = None
    for above in (item, *ancestors(item)):
        if above.mem_id in marked:
            found = marked[above.mem_id]
            break
        climbed.append(above.mem_id)
        if printed.is_modified_time(above):
            found = above
            break
        if above.tag == "article" or "hentry" in (above.attributes.get("class") or "").split():
            break  # the post's own entry: what is above it is the page's
    for mem_id in climbed:
        marked[mem_id] = found
    return found


def entry_date_text(text: LexborNode) -> bool:
    """Whether a text node is printed in an element whose class names it a date ("news-date",
    "grid-item__date"), not an event's, a deadline's or a change's: the entry's own, even
    inside its text block (a Webflow card's "news-card-content"), and read as a byline is
    (slashes, a time). A bare "date" may be any day in a post's text. Through a field's
    value wrapper: Drupal's `views-field-field-release-date > .field-content` (helper-205)."""
    parent = text.parent
    if parent is None:
        return False
    if date_classed(parent):
        return True
    tokens = (parent.attributes.get("class") or "").split()
    above = parent.parent
    return above is not None and any(t in _FIELD_VALUE for t in tokens) and date_classed(above)


def date_classed(element: LexborNode) -> bool:
    if element.attributes.get("data-automation-id") in _DATE_IDS:
        return True
    tokens = (element.attributes.get("class") or "").lower().split()
    named = [token for token in tokens if _DATE_CLASS.match(token)]
    return bool(named) and not any(_NOT_ENTRY_DATE.search(token) for token in tokens)
