"""What parsing a page will cost, bounded before it is parsed.

lexbor's tree builder, for each block start tag (`<div>`, `<section>`, `<ul>`: "close a `<p>`
in button scope"), walks the stack of open elements, so its time grows with the square of
the nesting: measured here, 30,000 nested `<div>`s (180 KB) took 1.3 s to parse and 100,000
(600 KB) 23 s; 10 MB of them would hold a crawl or a build for hours. Real pages nest a few
dozen deep.

A tree also takes memory for each element: 600,000 elements (a 10 MB page of `<p>` and
`<img>`) held 239 MB.

`past_parse_budget` estimates the builder's work as the depth summed over start tags (every
start tag, an upper bound: inline ones cost less), following the open elements as a parser
would (an end tag closes up to its element, a stray one nothing; void elements, and those whose
end tag is optional, never hold others open), and says where a page passes MAX_PARSE_WORK, or
MAX_ELEMENTS start tags. Readers parse no such page (extraction) or only the part before
(links, REST fragments, a WACZ page's text).
"""

from __future__ import annotations

import re
from collections import Counter

# Some 14,000 nested <div>s, parsed in 0.13 s here (10,000 deep, 0.06 s, is crawled and built
# whole: docs/trust.md). The 243 test pages written after real systems sum to 2,289 at most;
# a page of 20,000 elements nested 40 deep would to 800,000.
MAX_PARSE_WORK = 100_000_000
# Elements one page may hold: its tree takes some 400 bytes each (200,000 took 80 MB), so a
# 10 MB page of 600,000 <p> and <img> held 239 MB. Real pages hold a few thousand; the link
# flood's cap (traps.MAX_PAGE_LINKS) stops most larger ones first.
MAX_ELEMENTS = 100_000
TOO_COSTLY = "a page too deeply nested, or of too many elements, to parse"  # problem, trap cut
_QUICK = 14_000  # fewer start tags than this cannot sum to MAX_PARSE_WORK: not walked
_TOKEN = re.compile(r"<!--|<(/?)([a-z][a-z0-9-]*)")
_VOID = "area base br col embed hr img input keygen link meta param source track wbr"
# elements a parser closes by themselves, never nested in one another
_SELF_CLOSED = "p li dt dd option optgroup tr td th rb rt rp tbody thead tfoot colgroup"
_NEVER_OPEN = frozenset(f"{_VOID} {_SELF_CLOSED} html head body".split())
_RAW_TEXT = frozenset(("script", "style", "textarea", "title", "xmp", "noembed", "noframes"))


def past_parse_budget(text: str) -> int | None:
    """Where in `text` parsing would pass MAX_PARSE_WORK or MAX_ELEMENTS; None when the
    whole costs less."""
    if text.count("<") < _QUICK:
        return None
    lowered = text.lower()
    stack: list[str] = []
    open_count: Counter[str] = Counter()
    work = elements = 0
    position = 0
    while (token := _TOKEN.search(lowered, position)) is not None:
        position = token.end()
        if token.group(0) == "<!--":
            end = lowered.find("-->", position)
            position = len(lowered) if end < 0 else end + 3
            continue
        closing, name = token.group(1), token.group(2)
        if closing:
            if open_count[name]:
                while (popped := stack.pop()) != name:
                    open_count[popped] -= 1
                open_count[name] -= 1
            continue
        work += len(stack)
        elements += 1
        if work > MAX_PARSE_WORK or elements > MAX_ELEMENTS:
            return token.start()
        if name in _RAW_TEXT:  # its text holds no tags: on to its end tag
            end = lowered.find(f"</{name}", position)
            position = len(lowered) if end < 0 else end
        elif name not in _NEVER_OPEN:
            stack.append(name)
            open_count[name] += 1
    return None


def within_parse_budget(text: str) -> str:
    """The text, cut where parsing it would pass MAX_PARSE_WORK."""
    cut = past_parse_budget(text)
    return text if cut is None else text[:cut]
