"""Where each entry of a publications list lies, from its date line: its title, its
description and the lines that may link its file (publications.py says how they are found).
Pure functions of the page's lines (lines.py)."""

from __future__ import annotations

from dataclasses import dataclass

from archive.urls import is_document
from scraper.extract import selectors as sel
from scraper.extract.lines import Line
from scraper.extract.naming import same_title
from scraper.extract.pubtext import (
    BOX_LABEL,
    DATE_FIRST_COLUMN,
    FILE_NAME,
    FILE_NOTE,
    FILE_VERSION,
    KIND_NAMES,
    NOT_TITLE,
    POSTED_COLUMN,
    POSTED_PART,
    TITLE_COLUMN,
    WORKS_TITLE_COLUMN,
    names_no_title,
)

MAX_BACK = 6  # lines a sibling-run title may sit above its date line
MAX_ENTRY_LINES = 8  # an element holding more lines than this is a list, not an entry
LIST_UP = 4  # levels above an undated title its list may be: row, tbody, table
CARD_UP = 8  # levels above an undated title a list of cards may be


@dataclass
class Entry:
    title: int  # line index
    desc: list[int]  # description lines
    date_line: int | None
    span: list[int]  # every line of the entry but the title, for its document link
    posted_on: str | None = None
    title_text: str | None = None  # the title when it shares its line with the date
    # Left undated where the list reads both ways (datesfirst.py): (the day read below the
    # title, the day read above it)
    either_way: tuple[str | None, str | None] | None = None


def in_element(
    lines: list[Line], i: int, stops: set[int], members: dict[int, list[int]], used: set[int]
) -> Entry | None:
    """The entry as the smallest element around date line i holding a title; stops holds the
    other date lines and the block headings, which no entry element contains."""
    for anc in lines[i].ancestors:
        inside = members[anc]
        if len(inside) > MAX_ENTRY_LINES or any(j in stops for j in inside if j != i):
            return None
        titles = [j for j in inside if j != i and j not in used and lines[j].titleish]
        if not titles and any(skip(lines[j]) and files(lines[j]) for j in inside):
            # A table row of plain title, date and "Download": the first plain text before
            # the date of more than one word, and no kind's name alone, is the title (not a
            # "Report", "1." or "Exploration Roadmap" column, nor the description after it).
            plain = [j for j in inside if j < i and j not in used and not lines[j].links]
            titles = [j for j in plain if _names_a_title(lines[j].text)][:1]
            day = lines[i].column
            if not titles and (POSTED_COLUMN.match(day) or DATE_FIRST_COLUMN.match(day)):
                # the date's cell first ("Date | Title | Type | File", TablePress's): the
                # cell under a "Title" header after it, which no description can be
                titles = [
                    j
                    for j in inside
                    if j > i and WORKS_TITLE_COLUMN.match(lines[j].column) and not lines[j].links
                ]
                titles = [j for j in titles[:1] if _names_a_title(lines[j].text)]
        if titles:
            t = titles[1] if _box_label(lines, titles, i, inside) else titles[0]
            end = i if t < i else inside[-1] + 1
            span = [j for j in inside if j != t]
            after = next((j for j in titles if j > i), None) if t < i else None
            if after is not None and _described(lines, after, inside):
                # a title below the date line, with a description of its own, is the next
                # entry's, one without a date ("Executive summary" alone is this one's part)
                span = [j for j in span if j < after]
            desc = [j for j in span if t < j < end and j != i and not skip(lines[j])]
            return Entry(t, desc, i, span)
    return None


def _box_label(lines: list[Line], titles: list[int], i: int, inside: list[int]) -> bool:
    """Whether the element's first title is a box's label over the entry's own title: an
    unlinked heading of three words at most, a box's words ("Latest report", "Destacado") or
    ones the title holds, then, also above date line i (a "Published" line), a heading
    wholly linking the one file the element links, which names no version of the work nor a
    way to it ("Read the report", "Easy read version"; a button's "Download" is no title line
    at all). Before, the label was the title, and the entry was lost (reviews 103 to 107)."""
    if len(titles) < 2 or titles[1] > i:
        return False
    label, title = lines[titles[0]], lines[titles[1]]
    if not label.heading or label.links or len(label.text.split()) > 3:
        return False
    if not BOX_LABEL.match(label.text) and label.text.casefold() not in title.text.casefold():
        return False  # a short title of its own over a button or a version ("Bericht lesen")
    if not POSTED_PART.match(lines[i].text):
        return False  # a bare day in a box may be its event's ("Launch webinar", "14 November")
    linked = files(title)
    return (
        title.heading
        and title.whole_link
        and bool(linked)
        and FILE_VERSION.match(title.text) is None
        and all(files(lines[j]) <= linked for j in inside)  # a report's box, not a flyer's
    )


def _names_a_title(text: str) -> bool:
    return len(text.split()) > 1 and text.casefold() not in KIND_NAMES


def _described(lines: list[Line], title: int, inside: list[int]) -> bool:
    """Whether a line of plain text (no title, no Download link) follows the title."""
    return any(j > title and not lines[j].titleish and not skip(lines[j]) for j in inside)


def in_run(lines: list[Line], i: int, floor: int) -> Entry | None:
    """The entry whose loose lines end at date line i: the nearest title above, never past
    floor (the entry above)."""
    other_file = False
    for j in range(i - 1, max(floor, i - MAX_BACK - 1), -1):
        if _file_under_title(lines, j):
            continue
        if lines[j].titleish and not (other_file and files(lines[j])):
            span = list(range(j + 1, i + 1))
            if files(lines[j]) and any(
                files(lines[k]) - files(lines[j]) for k in span if skip(lines[k])
            ):
                # The title links one file and a "Download" below it another: the title may
                # be a part's ("Executive Summary") under the entry's own title, a line that
                # links nothing further up; else that link and the date are the next
                # entry's, whose title is no link, and whose date it is is not known.
                other_file = True
                continue
            desc = [k for k in span[:-1] if not skip(lines[k])]
            after = i + 1  # a "Download" link right below the date line is the entry's too
            while after < len(lines) and (skip(lines[after]) or _its_file(lines, j, after)):
                span.append(after)
                after += 1
            if after == i + 1 and (below := _download_below(lines, j, i)) is not None:
                span.append(below)  # or below a description: "Posted on ...", text, link
            return Entry(j, desc, i, span)
    return None


def _file_under_title(lines: list[Line], j: int) -> bool:
    """Line j only names the file it links ("GER_2022_supplement.pdf (3.41 MB)") in a table
    row whose "Title" column links a page, not a file, on the line just above (a Drupal
    view: Title, Document, Published, Updated): the title's file, never a title itself
    (probe 23). Flat content and other columns (a type's, a series') are left as they were:
    there the link above may be the entry before's, a heading's or a category's (review 68)."""
    line = lines[j]
    if j == 0 or not files(line) or not FILE_NAME.match(FILE_NOTE.sub("", line.text)):
        return False
    above = lines[j - 1]
    same_row = above.ancestors[1:2] == line.ancestors[1:2] != ()
    titled = TITLE_COLUMN.match(above.column) and not TITLE_COLUMN.match(line.column)
    return bool(titled) and same_row and above.whole_link and not files(above)


def _its_file(lines: list[Line], title: int, k: int) -> bool:
    """Whether line k, below an entry's date line, is its file's link: named by the file's
    name (WordPress's File block: "GER_2024.pdf", then "Download") or by the entry's title
    again ("The Global Exploration Roadmap 2024 4.2 MB", django CMS's)."""
    line = lines[k]
    if not (files(line) and line.whole_link):
        return False
    if FILE_NAME.match(line.text):  # with the File block's own "Download" to it (review 21)
        button = lines[k + 1] if k + 1 < len(lines) else None
        return button is not None and skip(button) and files(button) == files(line)
    return same_title(FILE_NOTE.sub("", line.text), lines[title].text)


def _download_below(lines: list[Line], title: int, i: int) -> int | None:
    """A "Download" line linking a file below the date line i, past lines of plain text
    only, in the title's element, before any next title: a Markdown page's entry written
    title, date, description, link."""
    for k in range(i + 1, min(len(lines), i + MAX_BACK + 1)):
        if lines[k].titleish or not beside(lines, title, k):
            return None
        if (skip(lines[k]) or _download_in_text(lines[k])) and files(lines[k]):
            return k
        if lines[k].links:
            return None
    return None


def _download_in_text(line: Line) -> bool:
    """A description ending in its one link, a "Download the PDF" to a file (HubSpot's)."""
    return len(line.links) == 1 and bool(files(line)) and bool(NOT_TITLE.match(line.links[0][1]))


def opened_by(lines: list[Line], i: int, end: int, used: set[int]) -> Entry | None:
    """The entry a date line opens: the first title below it, down to the next title (an
    undated entry's) or the next date line."""
    for j in range(i + 1, min(end, i + MAX_BACK + 1)):
        if lines[j].titleish and j not in used:
            last = next(
                (k for k in range(j + 1, end) if lines[k].titleish or not beside(lines, j, k)),
                end,
            )
            span = [k for k in range(i + 1, last) if k != j]
            return Entry(j, [k for k in span if k > j and not skip(lines[k])], i, span)
    return None


def beside(lines: list[Line], title: int, k: int) -> bool:
    """Whether line k is in the element around the title's own (a footer below is not)."""
    around = lines[title].ancestors[1:2]
    return not around or around[0] in lines[k].ancestors


def files(line: Line) -> set[str]:
    return {href for href, _ in line.links if is_document(href)}


def skip(line: Line) -> bool:
    """A line that is a file's button or a list's link ("Download", "PDF (5 MB)"), no title."""
    return line.whole_link and names_no_title(line.text)


def undated(
    lines: list[Line], entries: list[Entry], used: set[int], orphans: list[int], heads: list[int]
) -> list[Entry]:
    """Titles linking a document (or headings above a file's button) inside the run of dated
    entries (and of date lines no title was found for), but with no date line. Under a
    publications heading the run is the whole block, down to the next heading that links no
    document: the first or the last entry's date line may be one no reader knows ("Date: 20
    August, 2013")."""
    first = min(e.title for e in entries)
    last = max([e.date_line or e.title for e in entries] + orphans)
    run = range(first, last + 1)
    if heads and heads[0] < first:
        first = heads[0] + 1
        ends = (
            j
            for j in range(last + 1, len(lines))
            if lines[j].heading and not files(lines[j]) and not _like_entry(lines, entries, j, used)
        )
        last = next(ends, len(lines)) - 1
    bottom = max(e.title for e in entries)
    out: list[Entry] = []
    for j in range(first, last + 1):
        line = lines[j]
        if j in used or not line.titleish:
            continue
        if not files(line) and not (line.heading and _button_below(lines, j, last, used)):
            continue
        near = run.start if j < run.start else bottom
        if j not in run and not beside(lines, near, j) and not _like_entry(lines, entries, j, used):
            continue  # a footer's or a sidebar's file, outside the element around the list
        after = next((lines[m] for m in range(j + 1, len(lines)) if not skip(lines[m])), None)
        alone = after is None or not FILE_NAME.match(after.text)
        named = _heading_above(lines, j, used) if FILE_NAME.match(line.text) and alone else None
        if named is not None:  # "GER_2024.pdf" below its <h3> and description
            span = list(range(named + 1, j + 1))
            used.update([named, *span])
            out.append(Entry(named, span[:-1], None, span))
            continue
        out.append(_undated_entry(lines, j, last, used))
    return out


def _like_entry(lines: list[Line], entries: list[Entry], j: int, used: set[int]) -> bool:
    """Whether heading j, linking no file, is an entry's as the dated ones' headings are: in an
    element of its own beside theirs, a file's button below it (probe 29: the last entry, of
    no posting day, ended the list and was lost)."""
    line = lines[j]
    return (
        line.heading
        and any(
            lines[e.title].heading and lines[e.title].ancestors[2:3] == line.ancestors[2:3]
            for e in entries
        )
        and _button_below(lines, j, len(lines) - 1, used)
    )


def _button_below(lines: list[Line], j: int, last: int, used: set[int]) -> bool:
    """Whether heading j's own lines hold a file's button ("Download (PDF)"): its file,
    where the heading links none (helper-205: an undated one between dated ones was lost)."""
    for k in range(j + 1, last + 1):
        if k in used or lines[k].titleish or lines[k].heading or not beside(lines, j, k):
            return False
        if lines[k].column:  # a table under the heading: its rows are entries of their own
            return False
        if button(lines[k]):
            return True
    return False


def button(line: Line) -> bool:
    """Whether the line is a file's button, or ends in one run into the text before it
    ("28 August 2024Download": a card's hidden <time>, probe 29)."""
    if files(line) and skip(line):
        return True
    return any(
        is_document(href) and names_no_title(text) and line.text.endswith(text)
        for href, text in line.links
    )


def _heading_above(lines: list[Line], j: int, used: set[int]) -> int | None:
    """The heading a file's link named by the file's name alone belongs to (WordPress's File
    block under an <h3> and its description), past lines of plain text only; not a heading
    over several such links (a group's, review 21)."""
    for k in range(j - 1, max(-1, j - MAX_BACK - 1), -1):
        if k in used or lines[k].links:
            return None
        if lines[k].titleish:
            return k if lines[k].heading else None
    return None


def undated_block(lines: list[Line], heads: list[int], used: set[int]) -> list[Entry]:
    """Under a publications heading where no date is read ("January 2018", another language,
    none at all), the titles linking a file, kept undated rather than lost: down to the next
    heading that links no file and names no publications of the group's own (Contao's
    "Reports" under "Publications" does; "Resources" and "Documents" head agendas and
    minutes), in the element around the first (a footer's are not)."""
    ends = (
        j
        for j in range(heads[0] + 1, len(lines))
        if lines[j].heading
        and not files(lines[j])
        and not (j in heads and sel.PUB_OWN_HEADING.search(lines[j].text))
        and not _button_below(lines, j, len(lines) - 1, used)  # an entry's title (probe 29)
    )
    last = next(ends, len(lines)) - 1
    titles = [
        j
        for j in range(heads[0] + 1, last + 1)
        if lines[j].titleish
        and (files(lines[j]) or (lines[j].heading and _button_below(lines, j, last, used)))
    ]
    if not titles:
        return []
    # The list: the smallest element close around the first title (its row's table, its
    # item's list) that holds another; a page's footer is further out.
    near = lines[titles[0]].ancestors[1:LIST_UP]
    around = next((a for a in near if any(a in lines[j].ancestors for j in titles[1:])), None)
    listed = [j for j in titles if around in lines[j].ancestors] if around else titles[:1]
    if around is None:
        listed = _cards(lines, titles) or listed
    return [_undated_entry(lines, j, last, used) for j in listed if j not in used]


def _cards(lines: list[Line], titles: list[int]) -> list[int]:
    """The titles at the first one's depth in the element around it and another, further up
    than LIST_UP (WP Download Manager's packages, each title five elements down in its card,
    probe 29): a list's cards nest alike, a footer's link stands at another depth."""
    first = lines[titles[0]].ancestors
    for depth in range(LIST_UP, min(CARD_UP, len(first))):
        # the same element as many levels up: as deep in it as the first
        alike = [
            j for j in titles if lines[j].ancestors[depth : depth + 1] == first[depth : depth + 1]
        ]
        if len(alike) > 1:
            return alike
    return []


def _undated_entry(lines: list[Line], j: int, last: int, used: set[int]) -> Entry:
    """Title j, and the lines below it in its element: a "Download" line is part of it, the
    others are its description."""
    span = []
    for k in range(j + 1, last + 1):
        if k in used or lines[k].titleish or lines[k].heading or not beside(lines, j, k):
            break
        span.append(k)
    used.update([j, *span])
    return Entry(j, [k for k in span if not skip(lines[k])], None, span)
