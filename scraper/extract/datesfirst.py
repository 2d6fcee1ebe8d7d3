"""Which way a publications page's loose date lines read: above their titles ("Posted on
..." then the title: dates first) or below them. Read the wrong way, every entry takes the
day of its neighbour: asked of the page's whole list. Reviews 83 to 88 (helpers 144 to
149) tried page stamps, headings of any wording, featured entries, footers, "Sign up"
boxes and undated last entries against it: under a heading of no publications word, a
list whose first date stands between that heading and the first title reads both ways
line for line (a page's own date above titles that print theirs below them, or dates
above titles). There nobody can tell, and a wrong day is worse than none: such a list
gives each title only a day both readings agree on. Reviews 92 to 94 (helpers 153 to 155)
were written against that rule; 95 to 97 (156 to 158) against passing over entries held by
their own elements (a featured card) in telling which way (tests/test_entry_elements.py);
101 (163) against year headings ("2023"), which head sections of the list, never an entry;
102 (164) against telling the last entry by its title alone, in whatever element it stands
(kept only where each section holds its dates and titles); 103 (165) against the same beside
entries held by their own elements."""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import replace

from scraper.extract import selectors as sel
from scraper.extract.lines import Line
from scraper.extract.pubentries import MAX_BACK, Entry, files, in_element, in_run, opened_by


def paired(
    lines: list[Line], heads: list[int], dates: dict[int, str | None], inline: dict[int, str]
) -> tuple[list[Entry], list[int], set[int]]:
    """The entries the date lines open or close, the date lines left without a title, and
    the lines used, read the way the page's list reads (both ways where it reads both)."""
    members: dict[int, list[int]] = {}
    for j, line in enumerate(lines):
        for anc in line.ancestors:
            members.setdefault(anc, []).append(j)
    stops = set(dates) | set(heads)
    used: set[int] = set()
    # An element holding one date line and a title (a table's row, a card) is that entry,
    # whatever a loose date line above it would take: a page's own "Posted: 5 March 2024"
    # above a table opened the first row's entry, and each row took the day above its own.
    held: dict[int, Entry] = {}
    order = sorted(dates)
    for i in order:
        if i not in inline and (own := in_element(lines, i, stops, members, used)):
            held[i] = own
            used.update([own.title, i, *own.span])
    # A line of its own date and title ("2024-03-12 \u2014 <a>Title</a>") tells no list's way
    listed = [i for i in order if i not in inline]
    loose = [i for i in listed if i not in held]
    if len(loose) < 3:  # too few to tell a list's way apart from the held entries' (review 95)
        date_first = dates_first(lines, listed, inline)
    else:
        # A date line whose next title is a held entry's (a box below it) is the page's own
        # stamp: the list's way is told from the date lines after it (review 96).
        between = (j for j in range(loose[0] + 1, loose[1]) if lines[j].titleish)
        if next(between, None) in used:
            loose = loose[1:]
        date_first = dates_first(lines, loose, inline, used)
    if date_first is not None:
        read = _read(lines, dates, inline, held, set(used), date_first)
        if not _mostly_before_upload(lines, read[0]):
            return read
        # Days long before their files' upload: the list read the wrong way gives each title
        # its neighbour's day (probe 29's P21: dates above titles, the first entry undated,
        # read as below them). Where the other way has no such day, nobody can tell.
        other = _read(lines, dates, inline, held, set(used), not date_first)
        if any(_before_upload(lines, entry) for entry in other[0]):
            return read  # files put up long after their posting (a site moved)
        readings = {date_first: read, not date_first: other}
    else:
        readings = {
            first: _read(lines, dates, inline, held, set(used), first) for first in (False, True)
        }
    below, above = readings[False], readings[True]
    left = sorted(set(below[1]) & set(above[1]))
    return agreed(below[0], above[0]), left, below[2] | above[2]


def _read(
    lines: list[Line],
    dates: dict[int, str | None],
    inline: dict[int, str],
    held: dict[int, Entry],
    used: set[int],
    date_first: bool,
) -> tuple[list[Entry], list[int], set[int]]:
    """Each date line with its title (below it when `date_first`, else above it): the entries,
    the date lines left without a title, and the lines used."""
    entries: list[Entry] = []
    orphans: list[int] = []
    order = sorted(dates)
    floor = reach = -1  # the date line above, and the last line of the entries above
    for n, i in enumerate(order):
        end = order[n + 1] if n + 1 < len(order) else len(lines)
        if i in held:
            entry: Entry | None = replace(held[i])
        elif i in inline:
            entry = Entry(i, [], i, [], title_text=inline[i])
        else:
            entry = (
                opened_by(lines, i, end, used)
                if date_first
                else in_run(lines, i, max(floor, reach))
            )
        floor = i
        if entry is None:
            orphans.append(i)
            continue
        entry.posted_on = dates[i]
        used.update([entry.title, i, *entry.span])
        reach = max(reach, entry.title, i, *entry.span)
        entries.append(entry)
    return entries, orphans, used


# WordPress's upload folder of a file: the month it was uploaded in
_UPLOADED = re.compile(r"/uploads/(?:sites/\d+/)?((?:19|20)\d\d)/(0[1-9]|1[0-2])/")


# Months a file may be uploaded after its entry's day: minutes posted with the meeting's day,
# a bulletin's file put up the month after (review 88's "file lag" pages), a year's files
# put up at once (review 94's page 23)
_UPLOAD_LAG = 12


def _before_upload(lines: list[Line], entry: Entry) -> bool:
    """Whether the entry's day falls long before every file it links was uploaded."""
    months = _uploaded(lines, entry)
    if not entry.posted_on or not months:
        return False
    posted = int(entry.posted_on[:4]) * 12 + int(entry.posted_on[5:7])
    return min(months) - posted > _UPLOAD_LAG


def _uploaded(lines: list[Line], entry: Entry) -> list[int]:
    """The months (year * 12 + month) of the upload folders of the files the entry links."""
    hrefs = (href for j in (entry.title, *entry.span) for href, _ in lines[j].links)
    return [int(m[1]) * 12 + int(m[2]) for href in hrefs if (m := _UPLOADED.search(href))]


def _mostly_before_upload(lines: list[Line], entries: list[Entry]) -> bool:
    """Whether half or more of the dated entries linking an upload folder are dated long
    before it (one such entry may be a file replaced since)."""
    dated = [e for e in entries if e.posted_on and _uploaded(lines, e)]
    early = [e for e in dated if _before_upload(lines, e)]
    return bool(early) and 2 * len(early) >= len(dated)


def _dl_of_dates(lines: list[Line], order: list[int]) -> bool:
    """Whether every date line is a <dl>'s term (<dt>) described by one <dd> line right below
    it, its title. A <dd> of more lines (a venue, a second paper) is a symposium's or a
    meeting's programme as often, its day the event's (review 115)."""
    for i in order:
        below = lines[i + 1] if i + 1 < len(lines) else None
        if lines[i].term != "dt" or below is None or below.term != "dd":
            return False
        if i + 2 < len(lines) and lines[i + 2].term == "dd":
            return False
    return True


def dates_first(
    lines: list[Line], order: list[int], inline: dict[int, str], held: Set[int] = frozenset()
) -> bool | None:
    """Whether the date lines `order` open their entries ("Posted on ..." above each title),
    the lines of entries held by their own elements (`held`) passed over: the
    first has no title above it but the block's heading, and the first and the last have one
    below them. Read backwards, each title would take the date of the entry above it. One
    date line alone says nothing of the order (a page's own "Posted on" under its heading).
    None when the page reads both ways: the heading above the first date line is not a
    publications one, has no link, and no line like it stands among the date lines, while
    the title below the first is a link (an entry's, unlike that heading); the first date
    line shares its parent with the second (no page header's stamp); and the title the last
    date line would open is one like the first."""
    if len(order) < 2 or order[0] in inline:
        return False
    first, last = order[0], order[-1]
    # Not only the nearest lines: a title-first entry whose description runs long would pass.
    above = (j for j in range(first - 1, -1, -1) if lines[j].titleish and j not in held)
    title_above = next(above, None)
    below_first = range(first + 1, min(order[1], first + MAX_BACK + 1))
    title_below = next((j for j in below_first if lines[j].titleish), None)
    if title_below is None or title_below in held:
        return False  # a held entry's title first: the date line opens no loose title
    if _dl_of_dates(lines, order):
        return True  # each term's description is the title below it (JAXA's lists)
    either_way = False
    if title_above is not None and not sel.PUB_HEADING.match(lines[title_above].text):
        if not _heading_unlike_titles(lines, title_above, title_below, range(first + 1, last)):
            return False  # a title above the first date line: titles come first
        if lines[first].ancestors[1:2] != lines[order[1]].ancestors[1:2]:
            return False  # the first date is the page header's, not the list's (review 93)
        if any(_YEAR_ALONE.match(lines[j].text) for j in range(first + 1, title_below)):
            return False  # a year's section heading between: that date is the page's (review 101)
        either_way = True
    below_last = range(last + 1, min(len(lines), last + MAX_BACK + 1))
    # Below the last, a title in the element holding every date line: not the page footer's
    # "Privacy policy" under a list of title-then-date entries (review 83).
    shared = set.intersection(*(set(lines[i].ancestors) for i in order))
    around = next((a for a in lines[first].ancestors if a in shared), None)
    if not any(
        lines[j].titleish and j not in held and around in lines[j].ancestors for j in below_last
    ):
        return False
    closing = next(j for j in below_last if lines[j].titleish and j not in held)
    # Read dates first, the last date line opens the title below it. Is that an entry like the
    # first: a whole link to a file where the first links one (not a "Related" box's or "Sign
    # up" heading, nor "Older reports »" linking a page: reviews 92, 93), in the first's
    # element, or in one of its own where each of the two shares its element with its date
    # line: a section of the list (each year's accordion or tab panel; review 102), not a
    # wrapper of titles alone, which a titles-first list under a page's stamp has as often?
    last_title, first_title = lines[closing], lines[title_below]
    in_sections = (
        last_title.ancestors[1:2] == lines[last].ancestors[1:2]
        and first_title.ancestors[1:2] == lines[first].ancestors[1:2]
    )
    opens_an_entry = (
        around in last_title.ancestors
        and last_title.whole_link
        and first_title.whole_link
        and bool(files(last_title)) == bool(files(first_title))
        and (last_title.ancestors[1:2] == first_title.ancestors[1:2] or in_sections)
    )
    if held and not _alike(last_title, first_title):
        # beside held entries, a section's heading below the list (review 96); a list in
        # sections there reads both ways (review 103)
        return None if opens_an_entry else False
    if not either_way:
        return True
    return None if opens_an_entry else False  # else the list reads titles first


def _alike(line: Line, title: Line) -> bool:
    """Whether two titles are printed alike: in one element, both to a file or neither."""
    return line.ancestors[1:2] == title.ancestors[1:2] and bool(files(line)) == bool(files(title))


_YEAR_ALONE = re.compile(r"^(?:19|20)\d\d$")  # a year's section heading ("2023"): no entry's title


def _heading_unlike_titles(lines: list[Line], heading: int, title: int, among: range) -> bool:
    """Whether the line above the first date is a heading of the page, not an entry's title:
    unlinked, while the title below the first date is a link, and no unlinked heading stands
    among the date lines (where the entries' own titles are unlinked headings, review 16's
    "heading, Posted on, file block" entries), but a year's ("2023": a section of the list,
    review 92's page 13, each title taking the next entry's day before)."""
    return (
        lines[heading].heading
        and not lines[heading].links
        and lines[title].whole_link
        and not any(
            lines[j].heading and not lines[j].links and not _YEAR_ALONE.match(lines[j].text)
            for j in among
        )
    )


def agreed(below: list[Entry], above: list[Entry]) -> list[Entry]:
    """The entries of both readings of one list (dates below their titles, dates above), in
    the page's order, each title once: dated only where both give it the same day; else
    undated, with the two days it might have (`either_way`)."""
    other = {entry.title: entry for entry in above}
    merged = []
    for entry in below:
        twin = other.pop(entry.title, None)
        day = twin.posted_on if twin is not None else None
        if day != entry.posted_on:
            entry.either_way = (entry.posted_on, day)
            entry.posted_on, entry.date_line = None, None
        merged.append(entry)
    for entry in other.values():  # a title only dates above reach (the last, undated below)
        entry.either_way = (None, entry.posted_on)
        entry.posted_on, entry.date_line = None, None
        merged.append(entry)
    return sorted(merged, key=lambda entry: entry.title)
