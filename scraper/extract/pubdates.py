"""Which lines of a publications page are its date lines, and which of them give a posting's
day (publications.py pairs them with their titles): labelled lines win over bare ones, a
"Date:" line beside "Posted on" lines is an event's, a table column headed as another day's
gives a date line of no day, and a page's one "Posted on" above a column of bare dates is
the page's own.
"""

from __future__ import annotations

from scraper.extract import date_labels
from scraper.extract import selectors as sel
from scraper.extract.dayorder import in_page_order
from scraper.extract.lines import Line
from scraper.extract.pubtext import (
    DATE_LABEL_LINE,
    FILE_FACT_LINE,
    LED_LIST_HEADING,
    POSTING_LINE,
    facts_day,
    inline_dated,
    led_by_date,
    page_order,
    parse_date,
)

_LABEL_WORDS = 4  # a change's label alone: "Last modified on:", "Mis à jour le"


def _heads_led_list(lines: list[Line], heading: int | None) -> bool:
    """Whether the nearest heading above is one a date-led list is read under: elsewhere such
    lines ("12 March 2024 \u2014 <a>agenda.pdf</a>") list events, minutes and press releases
    (reviews 110 and 111)."""
    if heading is None:
        return False
    text = lines[heading].text
    own = sel.PUB_HEADING.match(text) and sel.PUB_OWN_HEADING.search(text)  # not "Documents"
    return bool(own or LED_LIST_HEADING.match(text))


def date_lines(
    lines: list[Line],
    heads: list[int],
    inline: dict[int, str],
    other_days: set[int] | frozenset[int],
    beside_posted: set[int] | frozenset[int] = frozenset(),
) -> tuple[dict[int, str | None], bool]:
    """Date lines (index -> date) and whether they are labelled; fills inline (index -> title).
    `other_days`: the table cells whose column is headed as another day's ("Modified");
    `beside_posted`: those beside a column headed as the posting's, whose days are not read."""
    labelled: dict[int, str | None] = {}
    bare: dict[int, str | None] = {}
    facts: dict[int, str | None] = {}  # "Report \u00b7 12 March 2024 \u00b7 8 min read" lines
    leading: dict[int, tuple[str, str]] = {}  # "2024-03-12 \u2014 <a>Title</a>" lines
    heading = None  # the nearest heading above
    order = page_order(lines, other_days)
    for i, line in enumerate(lines):
        heading = i if line.heading else heading
        if beside_posted and beside_posted.intersection(line.ancestors):
            continue  # a "Date Acquired" beside a "Publication Date": no date line at all
        if other_days and other_days.intersection(line.ancestors):
            bare[i] = None  # a date line still, its day no posting's
            continue
        both = inline_dated(line) if line.links else None
        if both is not None:
            inline[i], labelled[i] = both
            continue
        # the page's own list: not a sidebar's or a footer's, by the line or its heading
        own = line.links and not line.aside and not line.footer
        if own and (led := led_by_date(line)) and _heads_led_list(lines, heading):
            leading[i] = led
            continue
        if len(line.text) > 80:
            continue
        if (
            DATE_LABEL_LINE.match(line.text)
            and any(  # the facts that follow it
                FILE_FACT_LINE.match(near.text) for near in lines[i + 1 : i + 3]
            )
        ):
            bare[i] = None  # a file's date line: no posting's day
            continue
        value, is_labelled = parse_date(line.text)
        if value is None and order and (ordered := in_page_order(line.text, order)) != line.text:
            value, is_labelled = parse_date(ordered)  # "05/03/2024" beside "22/05/2024"
        if (value or is_labelled) and (line.modified or _after_change_label(lines, i)):
            bare[i] = None  # a change's day: a date line still, no posting's (probe 29)
            continue
        if is_labelled:
            labelled[i] = value
        elif value:
            bare[i] = value
        elif day := facts_day(line.text):
            facts[i] = day
    if len(facts) > 1:  # one entry's each: a page's own byline is one line (review 110)
        bare.update(facts)  # bare dates: a labelled line elsewhere outranks them
    titles = [title for title, _ in leading.values()]
    if len(set(titles)) == len(titles):  # a title twice: its links are parts or versions
        for i, (title, day) in leading.items():
            inline[i], bare[i] = title, day
    if any(POSTING_LINE.match(lines[i].text) for i in labelled if i not in inline):
        labelled = {i: v for i, v in labelled.items() if not DATE_LABEL_LINE.match(lines[i].text)}
    titled = set(inline) - set(leading)  # "Title \u2013 Posted on ..." lines
    if len(labelled) == 1 and not titled and _pages_own(lines, heads, min(labelled), bare):
        labelled = {}
    found, is_labelled = (labelled, True) if labelled else (bare, False)
    # Above a publications block, dates are news (the home page's top story); not above a
    # sidebar's, beside a page whose own list has some other heading ("Reports").
    if heads and not lines[heads[0]].aside and any(i > heads[0] for i in found):
        found = {i: v for i, v in found.items() if i > heads[0]}
    return found, is_labelled


def _after_change_label(lines: list[Line], at: int) -> bool:
    """Whether the line before the date line at `at`, in the same element, is only a change's
    label ("Updated", "Last modified:"), in a block of its own beside the date's (Webflow's
    fields, probe 29): the date is the change's, as "Updated: <date>" on one line would be."""
    if at == 0:
        return False
    label, line = lines[at - 1], lines[at]
    if label.ancestors[1:2] != line.ancestors[1:2] or len(label.text.split()) > _LABEL_WORDS:
        return False
    if label.links or label.heading:  # a title ending "Updated" (helper-217) labels nothing
        return False
    return bool(date_labels.MODIFIED.search(label.text))


def _pages_own(lines: list[Line], heads: list[int], at: int, bare: dict[int, str | None]) -> bool:
    """Whether the one "Posted on" line at `at` is the page's own, above a list of bare dates
    (a table's Date column): no title between the heading (or the page's top) and it, and
    two or more bare dates below it, outside any sidebar."""
    top = heads[0] + 1 if heads and heads[0] < at else 0
    if any(lines[j].titleish for j in range(top, at)):
        return False  # an entry's own date line
    return len([i for i in bare if i > at and not lines[i].aside]) > 1
