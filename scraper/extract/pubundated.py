"""Undated entries beside dated ones that no title line of the run marks (pubentries.undated
reads those): a table's row whose day cell is empty, and a card of a linked title among cards
of a date and a title (publications.py asks both, whatever the page's dates are labelled)."""

from __future__ import annotations

from scraper.extract.lines import Line
from scraper.extract.pubentries import MAX_ENTRY_LINES, Entry, files, skip
from scraper.extract.pubtext import FILE_NAME, NUMERIC_DATE, parse_date


def undated_rows(lines: list[Line], entries: list[Entry], used: set[int]) -> list[Entry]:
    """The rows of a table whose other rows are dated entries that hold a title in the dated
    rows' title column, linking a file or beside a file's button in another cell, but no day
    (an empty "Posted" cell, TablePress's, probe 29): undated entries, where dates are bare."""
    columns = {
        (title.ancestors[2:3], title.column)
        for entry in entries
        if entry.date_line is not None
        and (title := lines[entry.title]).column
        and lines[entry.date_line].ancestors[1:2] == title.ancestors[1:2]
    }
    out: list[Entry] = []
    for j, line in enumerate(lines):
        if j in used or not line.column or (line.ancestors[2:3], line.column) not in columns:
            continue
        row = line.ancestors[1:2]
        cells = []
        for k in range(j + 1, min(len(lines), j + MAX_ENTRY_LINES)):
            if lines[k].ancestors[1:2] != row:
                break
            cells.append(k)
        button = any(skip(lines[k]) and files(lines[k]) for k in cells)
        if any(k in used for k in cells) or not (button or (line.whole_link and files(line))):
            continue
        used.update([j, *cells])
        out.append(Entry(j, [k for k in cells if not skip(lines[k])], None, cells))
    return out


def undated_cards(
    lines: list[Line], entries: list[Entry], used: set[int], head: int
) -> list[Entry]:
    """Titles linking a file below the publications heading at `head`, each in an element of
    its own beside the elements holding a dated entry's title and date (Bootstrap's tab panes
    of cards, probe 29: an undated card was lost where the dates are bare)."""
    around: set[tuple[int, int]] = set()  # (the cards' parent, how deep below it the title is)
    cards: set[int] = set()
    for entry in entries:
        if entry.date_line is None:
            continue
        title, date = lines[entry.title].ancestors, set(lines[entry.date_line].ancestors)
        depth = next((n for n, a in enumerate(title) if a in date), None)
        if depth is None or depth + 1 >= len(title) or depth > 2:
            continue  # a title and its date apart: a loose run's, no card
        cards.add(title[depth])
        around.add((title[depth + 1], depth + 1))
    out: list[Entry] = []
    for j, line in enumerate(lines):
        if j <= head or j in used or not line.titleish or not files(line) or line.aside:
            continue
        if line.column or FILE_NAME.match(line.text):
            continue  # a table's cell, a file's name: a row's second link, no card's title
        at = line.ancestors
        depths = (n for parent, n in around if len(at) > n and at[n] == parent)
        n = next((n for n in depths if at[n - 1] not in cards), None)
        if n is None or line.footer:
            continue
        inside = [k for k in range(j - MAX_ENTRY_LINES, j + MAX_ENTRY_LINES) if 0 <= k < len(lines)]
        card = [k for k in inside if at[n - 1] in lines[k].ancestors]
        if any(parse_date(lines[k].text)[0] or NUMERIC_DATE.search(lines[k].text) for k in card):
            continue  # a day the list's dates did not read (an agenda's, labelled otherwise)
        span = [k for k in card if k > j and k not in used and not lines[k].titleish]
        used.update([j, *span])
        out.append(Entry(j, [k for k in span if not skip(lines[k])], None, span))
    return out


_TAIL_WORDS = 8  # a file's facts after its link: "PDF · posted 9 days ago"


def _led(line: Line) -> str | None:
    """The text of the link to a file a line opens with, where only a file's few facts
    follow it ("<a>Report 2024</a> PDF · posted 9 days ago"), else None."""
    first = line.links[0] if line.links else None
    if first is None or line.aside or line.footer or first[0] not in files(line):
        return None
    tail = line.text[len(first[1]) :]
    return first[1] if line.text.startswith(first[1]) and len(tail.split()) <= _TAIL_WORDS else None


def led_by_files(lines: list[Line], head: int, used: set[int]) -> list[Entry]:
    """Under the publications heading at `head`, where no date is read and no line is a title,
    the lines of one list that open with a link to a file followed by its facts ("<a>Report
    2024</a> PDF · posted 9 days ago", probe 29: a relative day, all three lost): entries
    titled by their links, undated."""
    led: list[tuple[int, str]] = []
    for j in range(head + 1, len(lines)):
        if lines[j].heading:
            break
        if j not in used and (text := _led(lines[j])):
            led.append((j, text))
    parents = {lines[j].ancestors[1:2] for j, _ in led}
    if len(led) < 2 or len(parents) != 1:
        return []  # one such line, or lines of several lists: no list of them
    used.update(j for j, _ in led)
    return [Entry(j, [], None, [], title_text=text) for j, text in led]


def led_beside(lines: list[Line], entries: list[Entry], used: set[int]) -> list[Entry]:
    """In the list of dated lines "<a>Title</a> (PDF, 3 MB) - Veröffentlicht am 04.03.2024",
    one whose day is no posting's ("Stand: 02.09.2024", as of) opens with its file's link all
    the same: an undated entry (probe 29)."""
    lists = {
        lines[e.title].ancestors[1:2] for e in entries if e.title_text and e.date_line == e.title
    }
    led = [
        (j, text)
        for j, line in enumerate(lines)
        if j not in used and line.ancestors[1:2] in lists and (text := _led(line))
    ]
    used.update(j for j, _ in led)
    return [Entry(j, [], None, [], title_text=text) for j, text in led]
