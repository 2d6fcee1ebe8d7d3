"""Which way a publications page's loose date lines read: above their titles ("Posted on
..." then the title: dates first) or below them. Read the wrong way, every entry takes the
day of its neighbour: asked of the page's whole list. Reviews 83 to 87 (helpers 144 to
148) tried page stamps, headings of any wording, featured entries, footers, "Sign up"
boxes and undated last entries against it: which way a flat list under a heading of no
publications word reads, nothing on the page tells (tests/test_entry_elements.py)."""

from __future__ import annotations

from scraper.extract import selectors as sel
from scraper.extract.lines import Line
from scraper.extract.pubentries import MAX_BACK


def dates_first(lines: list[Line], order: list[int], inline: dict[int, str]) -> bool:
    """Whether the date lines open their entries ("Posted on ..." above each title): the
    first has no title above it but the block's heading, and the first and the last have one
    below them. Read backwards, each title would take the date of the entry above it. One
    date line alone says nothing of the order (a page's own "Posted on" under its heading)."""
    if len(order) < 2 or order[0] in inline:
        return False
    first, last = order[0], order[-1]
    # Not only the nearest lines: a title-first entry whose description runs long would pass.
    above = (j for j in range(first - 1, -1, -1) if lines[j].titleish)
    title_above = next(above, None)
    if title_above is not None and not sel.PUB_HEADING.match(lines[title_above].text):
        return False
    below_first = range(first + 1, min(order[1], first + MAX_BACK + 1))
    below_last = range(last + 1, min(len(lines), last + MAX_BACK + 1))
    # Below the last, a title in the element holding every date line: not the page footer's
    # "Privacy policy" under a list of title-then-date entries (review 83).
    shared = set.intersection(*(set(lines[i].ancestors) for i in order))
    around = next((a for a in lines[first].ancestors if a in shared), None)
    return any(lines[j].titleish for j in below_first) and any(
        lines[j].titleish and around in lines[j].ancestors for j in below_last
    )
