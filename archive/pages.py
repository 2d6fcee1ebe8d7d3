"""A page's own title and visible text, for a WACZ page list (titles in ReplayWeb.page's list,
text for its full-text search). Pure functions of the HTML bytes."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from archive.decoding import page_text
from archive.parse_cost import within_parse_budget

MAX_TEXT = 100_000  # characters of a page's text kept for search
_SPACE = re.compile(r"\s+")
_INVISIBLE = "script, style, noscript, template, svg"


def title_and_text(html: bytes, content_type: str | None = None) -> tuple[str | None, str]:
    """(the <title>, whitespace collapsed, or None when it has none; the body's visible text).
    `content_type`: the answer's header, for the page's charset."""
    # a page nested too deep to parse in time gives its text up to there (parse_cost.py)
    tree = LexborHTMLParser(within_parse_budget(page_text(html, content_type)))
    node = tree.css_first("title")
    title = _SPACE.sub(" ", node.text()).strip() if node is not None else ""
    for hidden in tree.css(_INVISIBLE):
        hidden.decompose()
    body = tree.body
    text = _SPACE.sub(" ", body.text(separator=" ")).strip() if body is not None else ""
    return title or None, text[:MAX_TEXT]
