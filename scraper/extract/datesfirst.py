"""Which way a publications page's loose date lines read: above their titles ("Posted on
..." then the title: dates first) or below them. Read the wrong way, every entry takes the
day of its neighbour, so the question is asked of the page's whole list (reviews 83 to 86:
page stamps, headings of any wording, featured entries, footers and "Sign up" boxes)."""

from __future__ import annotations

from collections.abc import Container

from scraper.extract import selectors as sel
from scraper.extract.lines import Line
from scraper.extract.pubentries import MAX_BACK, files


def dates_first(
    lines: list[Line], order: list[int], inline: dict[int, str], taken: Container[int] = ()
) -> bool:
    """Whether the date lines open their entries ("Posted on ..." above each title): the
    first has no title above it but the block's heading (nor one `taken` by an entry of its
    own element: a featured box), and the first and the last have one below them. Read
    backwards, each title would take the date of the entry above it. One date line alone
    says nothing of the order (a page's own "Posted on" under its heading)."""
    if len(order) < 2 or order[0] in inline:
        return False
    first, last = order[0], order[-1]
    # Where every title between the date lines links a file, one linking none is no entry's:
    # a "Sign up" box below (review 84); and above, the page's heading ("Reports and
    # briefings"), where the date lines are printed alike: a first one unlike the others may
    # be the page's stamp over a list of titles first, or a featured entry's date over a
    # list of dates first, which only a "Publications" heading tells apart (review 86).
    between = [j for j in range(first + 1, last) if lines[j].titleish]
    filed = bool(between) and all(files(lines[j]) for j in between)
    alike = len({lines[i].shape for i in order}) == 1
    # Not only the nearest lines: a title-first entry whose description runs long would pass.
    above = (j for j in range(first - 1, -1, -1) if lines[j].titleish and j not in taken)
    title_above = next(above, None)
    if (
        title_above is not None
        and not sel.PUB_HEADING.match(lines[title_above].text)
        and not (filed and alike and not files(lines[title_above]))
    ):
        return False
    below_first = range(first + 1, min(order[1], first + MAX_BACK + 1))
    below_last = range(last + 1, min(len(lines), last + MAX_BACK + 1))
    # Below the last, a title in the element holding every date line: not the page footer's
    # "Privacy policy" under a list of title-then-date entries (review 83).
    shared = set.intersection(*(set(lines[i].ancestors) for i in order))
    around = next((a for a in lines[first].ancestors if a in shared), None)
    return any(lines[j].titleish and j not in taken for j in below_first) and any(
        lines[j].titleish
        and j not in taken
        and around in lines[j].ancestors
        and (files(lines[j]) or not filed)
        for j in below_last
    )
