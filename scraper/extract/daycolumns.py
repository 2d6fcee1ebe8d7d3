"""Which table cells of a publications page hold no posting's day, told by their columns'
headers: a column headed as another day ("Modified", "Meeting date"), and, in a table with a
column headed as the posting's ("Publication Date"), every other column's cells."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from archive.text import collapse
from scraper.extract.columns import column_headers, row_cells
from scraper.extract.printed import labelled_otherwise
from scraper.extract.pubtext import NUMERIC_DATE, POSTED_COLUMN, parse_date

# a column of meetings' days
_MEETING = re.compile(r"meeting|event|workshop|conference|symposium|session|webinar|forum", re.I)
# a column of a call's closing day, a document's arrival, a period's end: where no column is
# the posting's, no day of the rows' works (review 118: tenders, responses, quarterly reports)
_NOT_POSTING = re.compile(r"deadline|closing|date\s+limite|received|\bending\b|\bdue\b", re.I)
# a document library's day a file was put up: the posting's where the table has no "Published"
# column and its rows hold other days besides (a version's, a review's), which each hid the
# row (probe 29's P18). Not read as a posting's column elsewhere: where it is the row's only
# day it is read already, and beside a "Published" one it is the other (review 68; 911542b).
_UPLOAD_COLUMN = re.compile(r"^(?:(?:uploaded|added)(?:\s+on)?|date\s+(?:uploaded|added))$", re.I)


def day_columns(root: LexborNode | None) -> tuple[set[int], set[int]]:
    """(cells under a column headed as another day than the posting's: SharePoint's
    "Modified", a "Meeting" or "Event date" column (probe 14: a document library's "Modified"
    day became every document's); cells beside a column headed as the posting's, whose days
    are not read at all: NASA's "Date Acquired" or a "Period ending" before "Publication
    Date" dated every row (probe 25: 8 wrong days on 2 pages))."""
    other_days: set[int] = set()
    beside_posted: set[int] = set()
    for table in root.css("table") if root is not None else []:
        headed = column_headers(table)
        if headed is None:
            continue
        head, headers = headed
        if _table_of(head) != table.mem_id:
            continue  # the header row of a table inside a cell (a layout table's): not this one's
        posted = {i for i, h in enumerate(headers) if h and POSTED_COLUMN.match(h)}
        other = {
            i for i, h in enumerate(headers) if h and (labelled_otherwise(h) or _MEETING.search(h))
        }
        # read only where no column is the posting's
        not_posting = {i for i, h in enumerate(headers) if h and _NOT_POSTING.search(h)}
        if not posted and not other and not not_posting:
            continue
        rows = [
            row_cells(row)
            for row in table.css("tr")
            if row.mem_id != head.mem_id and _table_of(row) == table.mem_id
        ]  # not the header, nor a row of a table inside a cell
        # "Published" heading years ("2019") beside a "Date added" column is no posting's
        # column: only one whose cells read as days (review 113)
        posted = {i for i in posted if any(i < len(r) and _is_day(r[i]) for r in rows)}
        if not posted and (uploaded := _upload_column(headers, rows)) is not None:
            # every other column's cells beside it, a "Last reviewed" one too: its date line
            # of no day was the row's second and lost it
            beside_posted.update(
                cell.mem_id
                for cells in rows
                for i, cell in enumerate(cells)
                if cell.tag == "td" and i != uploaded
            )
            continue
        for cells in rows:
            for i, cell in enumerate(cells):
                if cell.tag != "td":
                    continue
                if i in other:
                    other_days.add(cell.mem_id)
                elif posted and i not in posted:
                    beside_posted.add(cell.mem_id)
                elif i in not_posting:
                    other_days.add(cell.mem_id)
    return other_days, beside_posted


def _upload_column(headers: list[str], rows: list[list[LexborNode]]) -> int | None:
    """The one column headed as a file's upload ("Uploaded", "Date added") whose cells read as
    days, in a table where another column's cells do too; else None."""
    uploads = [i for i, h in enumerate(headers) if h and _UPLOAD_COLUMN.match(h)]
    days = {i for r in rows for i, cell in enumerate(r) if cell.tag == "td" and _is_day(cell)}
    if len(uploads) != 1 or uploads[0] not in days or len(days) < 2:
        return None
    return uploads[0]


def _is_day(cell: LexborNode) -> bool:
    """A day, in whatever order: "12 March 2024", "05/03/2024"."""
    text = collapse(cell.text() or "")
    return parse_date(text)[0] is not None or NUMERIC_DATE.search(text) is not None


def _table_of(row: LexborNode) -> int | None:
    above = row.parent
    while above is not None and above.tag != "table":
        above = above.parent
    return above.mem_id if above is not None else None
