"""Which column of a table a date sits in, and what the column's header says ("Post date",
"Meeting"): news lists (printed.posted_label) and publication tables (publications.py)
read a cell's date by its column. Pure functions, no I/O."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from archive.text import collapse


def column_header(node: LexborNode, scope: LexborNode) -> str:
    """The header of the table column a date sits in, within scope; "" for none."""
    cell = node if node.is_element_node else node.parent
    while cell is not None and cell.tag not in ("td", "th"):
        if cell.mem_id == scope.mem_id:
            return ""
        cell = cell.parent
    row = cell.parent if cell is not None else None
    table = row
    while table is not None and table.tag != "table":
        table = table.parent
    if cell is None or row is None or table is None:
        return ""
    headed = column_headers(table)
    if headed is None or headed[0].mem_id == row.mem_id:
        return ""
    position = [c.mem_id for c in _cells(row)].index(cell.mem_id)
    return headed[1][position] if position < len(headed[1]) else ""


def column_headers(table: LexborNode) -> tuple[LexborNode, list[str]] | None:
    """(the header row, each column's header: "" where it is no <th>), or None for a table
    with a cell spanning rows or columns (which header is whose is not counted here)."""
    if table.css_first("[colspan], [rowspan]") is not None:
        return None
    head = table.css_first("thead tr") or table.css_first("tr")
    if head is None:
        return None
    return head, [collapse(c.text() or "") if c.tag == "th" else "" for c in _cells(head)]


def _cells(row: LexborNode) -> list[LexborNode]:
    return [c for c in row.iter() if c.tag in ("td", "th")]
