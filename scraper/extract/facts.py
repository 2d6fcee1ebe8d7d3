"""A day labelled only "Date" that is one of an event's facts, not the post's: "Date: 12
June 2023" above "Place: ESTEC", a table's "Date" row beside its "Venue" row, or a "Date:" in
an event's box (helper-205: each dated a workshop's announcement by the workshop). A lone
"Date:" line, as a press release prints it, stays the post's. Pure functions, no I/O.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from archive.text import collapse
from scraper.extract.columns import column_header
from scraper.extract.date_labels import POSTED_COLUMN

# The class of one event's box, in the members' languages too ("event", "evenement",
# "veranstaltung", "event-info"): not a section's ("news-events", "single-event", "meetings")
EVENT_CLASS = re.compile(
    r"^(?:event|meeting|[ée]v[eéè]nement|veranstaltung|evento|termin)"
    r"(?:[-_]+(?:info|details?|meta|box|when|dates?|time))?$"
)
# An event's other facts: where, and at what time
_FACT_WORD = (
    r"(?:place|venue|location|where|time|address|city|lieu|heure|adresse|ort|zeit|uhrzeit"
    r"|veranstaltungsort|lugar|hora|sede|luogo|ora|local|locatie|plaats|tijd)"
)
# "Venue: ESTEC" as a line of its own ("Estimated reading time:" or "e-mail address:" is no
# fact of an event: helper-209, the post's own "Date:" beside them was lost)
_OTHER_FACT = re.compile(rf"^\s*(?:[|·•]\s*)?{_FACT_WORD}\s*[:：]", re.I | re.M)
_FACT_CELL = re.compile(rf"^{_FACT_WORD}\s*[:：]?$", re.I)  # a "Venue" row's or term's header
# A table's column of events, beside its "Date" column: "Meeting", "Events", "Workshop"
_EVENT_COLUMN = re.compile(
    r"^(?:meeting|event|workshop|conference|webinar|seminar|session|r[ée]union|[ée]v[ée]nement"
    r"|veranstaltung|sitzung|reuni[oó]n|evento|riunione)s?$",
    re.I,
)
# A list's class naming when an event happens: CSS modules' "Featured_when__vW5xY"
WHEN_CLASS = re.compile(r"(?:^|[-_])when(?:[-_]|$)")
# Around a date, the elements that only set its words apart (a label's <strong>)
_INLINE = frozenset({"a", "span", "small", "em", "strong", "b", "i", "abbr", "time", "font"})


def among_facts(node: LexborNode, scope: LexborNode) -> bool:
    """Whether a date labelled "Date" sits in an event's box, or its line (a paragraph, a
    table's row), or the block holding that line, also names a place or a time."""
    line = node if node.is_element_node else node.parent
    while line is not None and line.tag in _INLINE and line.mem_id != scope.mem_id:
        line = line.parent
    if line is not None and line.tag in ("td", "th") and line.parent is not None:
        line = line.parent  # a table's row: "Date | 12 June 2023"
    if line is None or line.mem_id == scope.mem_id:
        return False
    if _names_another_fact(line):
        return True  # "Date: 12 June 2023<br>Venue: ESTEC"
    holder = line.parent
    if line.tag == "tr" and holder is not None and holder.tag in ("tbody", "thead"):
        holder = holder.parent
    if holder is not None and holder.mem_id != scope.mem_id and _names_another_fact(holder):
        return True
    return in_an_event_box(line, scope)


def _names_another_fact(element: LexborNode) -> bool:
    """A line labelled with another fact, or a table's row or a list's term headed so."""
    # each text on a line: "12 June 2023<br>Venue:" is no "2023Venue:", and a label opens one
    if _OTHER_FACT.search(element.text(separator="\n") or ""):
        return True
    headers = element.css("th, dt") if element.tag in ("table", "dl", "tr") else []
    return any(_FACT_CELL.match(collapse(h.text() or "")) for h in headers)


def in_an_event_box(node: LexborNode, scope: LexborNode) -> bool:
    """Whether node, or an element above it inside scope, is classed as one event's box."""
    current: LexborNode | None = node
    while current is not None and current.mem_id != scope.mem_id:
        tokens = (current.attributes.get("class") or "").lower().split()
        if any(EVENT_CLASS.match(t) for t in tokens):
            return True
        current = current.parent
    return False


def in_event_table(node: LexborNode) -> bool:
    """Whether a date sits in a table one of whose columns is headed as events' ("Date |
    Meeting": a home page's past meetings, each linking the post about it, which the
    meeting's day would date; helper-205), in a column not headed as the posting's ("Post
    date | Meeting": that column is the post's)."""
    table = node.parent
    while table is not None and table.tag != "table":
        table = table.parent
    if table is None:
        return False
    if not any(_EVENT_COLUMN.match(collapse(h.text() or "")) for h in table.css("th")):
        return False
    return POSTED_COLUMN.match(column_header(node, table)) is None


# A list's heading naming events, whole ("Past meetings", "Upcoming events", "Calendar"),
# not a news list's ("News and events")
_EVENTS_HEADING = re.compile(
    r"^(?:(?:upcoming|past|recent|future|next|forthcoming)\s+)?(?:events?|meetings?|webinars?"
    r"|workshops?|conferences?|calendar|agenda|veranstaltungen|[ée]v[ée]nements|eventos)$",
    re.I,
)
# A card's badge naming its kind, whole: an event's day is no posting's
_EVENT_BADGE = re.compile(r"^(?:event|webinar|meeting|workshop|conference|seminar)$", re.I)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
HEADING_LEVELS = 4  # how far above a list item its list's heading is looked for


def an_events_item(item: LexborNode) -> bool:
    """Whether a list's item is an event's (helper-211: events lists on a home page, event
    cards among news cards, each dated by its event): a badge saying "Event" or "Webinar",
    or its list headed "Events" or "Past meetings" (the first heading before it, up to
    HEADING_LEVELS up, or one it holds: a section of one entry)."""
    for node in item.traverse():
        if not node.is_element_node or node.mem_id == item.mem_id:
            continue
        if node.tag in _HEADINGS and _names_events(node):
            return True  # the item holds its list's heading: a section of one event's entry
        leaf = node.tag != "a" and not any(c.is_element_node for c in node.iter())
        if leaf and _EVENT_BADGE.match(collapse(node.text() or "")) and not _titled(node, item):
            return True  # a badge: no link, no title ("<h2><a>Meeting</a></h2>" is a post's)
    current: LexborNode | None = item
    for _ in range(HEADING_LEVELS):
        if current is None:
            return False
        before = current.prev
        while before is not None:
            if before.is_element_node and before.tag in _HEADINGS:
                return _names_events(before)
            before = before.prev
        current = current.parent
    return False


def _names_events(heading: LexborNode) -> bool:
    """A section's heading naming events; a post's title (a link) says "Meeting" of one."""
    text = collapse(heading.text() or "")
    return heading.css_first("a") is None and _EVENTS_HEADING.match(text) is not None


def _titled(node: LexborNode, item: LexborNode) -> bool:
    """Whether node sits in a heading inside the item."""
    current = node.parent
    while current is not None and current.mem_id != item.mem_id:
        if current.tag in _HEADINGS:
            return True
        current = current.parent
    return False
