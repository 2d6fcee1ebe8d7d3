"""Which column of a table a date sits in, and what the column's header says ("Post date",
"Meeting"): news lists (printed.posted_label) and publication tables (publications.py)
read a cell's date by its column. Pure functions, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from archive.text import collapse


def column_header(node: LexborNode, scope: LexborNode) -> str:
    """The header of the table column a date sits in, within scope; "" for none."""
    cell = node if node.is_element_node else node.parent
    while cell is not None and cell.tag not in ("td", "th"):
        if cell.mem_id == scope.mem_id:
            return ""
        cell = cell.parent
    return cell_header(cell, Seen()) if cell is not None else ""


@dataclass
class Seen:
    """What cell_header has read, by mem_id: each table's header row and headers (None: no
    headers), each row's cells' positions. A reader of every cell reads each once: asked
    anew for each of a row's 20,000 cells, a row took minutes."""

    tables: dict[int, tuple[int, list[str]] | None] = field(default_factory=dict)
    rows: dict[int, dict[int, int]] = field(default_factory=dict)


def cell_header(cell: LexborNode, seen: Seen) -> str:
    """The header of a table cell's column; "" for no cell in a row, a header row's own
    cell, or a table of no headers."""
    row = cell.parent
    if cell.tag not in ("td", "th") or row is None or row.tag != "tr":
        return ""
    table = row.parent
    while table is not None and table.tag != "table":
        table = table.parent
    if table is None:
        return ""
    if table.mem_id not in seen.tables:
        headed = column_headers(table)
        seen.tables[table.mem_id] = (headed[0].mem_id, headed[1]) if headed is not None else None
    headed_by = seen.tables[table.mem_id]
    if headed_by is None or headed_by[0] == row.mem_id:
        return ""
    if row.mem_id not in seen.rows:
        seen.rows[row.mem_id] = {c.mem_id: n for n, c in enumerate(row_cells(row))}
    position = seen.rows[row.mem_id].get(cell.mem_id, len(headed_by[1]))
    return headed_by[1][position] if position < len(headed_by[1]) else ""


def column_headers(table: LexborNode) -> tuple[LexborNode, list[str]] | None:
    """(the header row, each column's header: "" where it is no <th>), or None for a table
    with a cell spanning rows or columns (which header is whose is not counted here)."""
    if table.css_first("[colspan], [rowspan]") is not None:
        return None
    head = table.css_first("thead tr") or table.css_first("tr")
    if head is None:
        return None
    return head, [collapse(c.text() or "") if c.tag == "th" else "" for c in row_cells(head)]


def row_cells(row: LexborNode) -> list[LexborNode]:
    return [c for c in row.iter() if c.tag in ("td", "th")]
