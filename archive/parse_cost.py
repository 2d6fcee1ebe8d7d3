"""What parsing a page will cost, bounded before it is parsed.

lexbor's tree builder, for each block start tag (`<div>`, `<section>`, `<ul>`: "close a `<p>`
in button scope"), walks the stack of open elements, so its time grows with the square of
the nesting: measured here, 30,000 nested `<div>`s (180 KB) took 1.3 s to parse and 100,000
(600 KB) 23 s; 10 MB of them would hold a crawl or a build for hours. Real pages nest a few
dozen deep. It also makes again, wherever text follows, every formatting element (`<b>`,
`<font>`) closed by another's end tag and still remembered: 1,000 distinct `<b>`s left open
in a `<div>`, then 10,000 paragraphs, made 10 million elements from 93 KB (3.6 GB, 9 s;
review 14). And a tree takes memory for each element: 600,000 (a 10 MB page of `<p>` and
`<img>`) held 239 MB.

`past_parse_budget` follows a page as the parser would, as far as cost goes: the open
elements (an end tag closes up to its element, a stray one nothing; a new `<p>`, cell, row or
list item closes the one before; void elements hold nothing open), and the formatting
elements remembered per table cell (three alike at most), made again after text. It sums the
depth at each element made (an upper bound: inline ones cost the parser less), counts them,
and says where a page passes MAX_PARSE_WORK or MAX_ELEMENTS. Readers parse no such page
(extraction) or only the part before (links, REST fragments, a WACZ page's text).
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
_QUICK = 14_000  # fewer start tags than this cannot sum to MAX_PARSE_WORK: not walked,
_OPEN_FORMATTING = 3  # unless more formatting elements than this are left open (review 16)
_FEW = 316  # tags: at most 316 x 316 elements made, under MAX_ELEMENTS (a REST title, a cell)
_FORMATTING_NAMES = "a|b|big|code|em|font|i|nobr|s|small|strike|strong|tt|u"
_FORMATTING_START = re.compile(rf"<(?:{_FORMATTING_NAMES})[\s>/]")
_FORMATTING_END = re.compile(rf"</(?:{_FORMATTING_NAMES})[\s>]")
_TOKEN = re.compile(r"<!--|<(/?)([a-z][^\s/>]*)")  # a tag's name runs to a space, / or >
_TEXT = re.compile(r"\S")


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


_VOID = _names("area base br col embed hr img input keygen link meta param source track wbr")
_RAW_TEXT = _names("script style textarea title xmp noembed noframes")
_FORMATTING = frozenset(_FORMATTING_NAMES.split("|"))
_MARKERS = _names("td th caption applet object marquee template")
# Start tags that close an open <p>, and rebuild no formatting element.
_BLOCKS = _names(
    """address article aside blockquote center details dialog dir div dl fieldset figcaption
    figure footer header hgroup main menu nav ol p section summary ul h1 h2 h3 h4 h5 h6 pre
    listing form table hr"""
)
# Start tags that rebuild nothing and close nothing.
_QUIET = _names(
    """html head body base link meta style script title noscript template li dd dt tbody thead
    tfoot tr td th caption colgroup col option optgroup"""
)
_SAME_LIST = {"li": ("ul", "ol"), "dd": ("dl",), "dt": ("dl",), "option": ("select",)}
_LOOK = 50  # open elements looked through for the cell or list item a tag closes


class _Entry:
    """One formatting element the parser remembers (the list of active formatting
    elements): rebuilt, with its attributes, wherever text follows its closing."""

    __slots__ = ("gone", "key", "name", "open")

    def __init__(self, name: str, key: str) -> None:
        self.name, self.key, self.open, self.gone = name, key, True, False


class _Parse:
    """The parser's open elements and remembered formatting elements, as far as they cost:
    `work` sums the depth at each element made; `elements` counts them."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, _Entry | None]] = []
        self.count: Counter[str] = Counter()
        # per marker (a table cell, an object): its formatting elements, and those closed
        self.levels: list[tuple[list[_Entry], list[_Entry]]] = [([], [])]
        self.work = self.elements = self.options = 0

    def make(self, name: str, entry: _Entry | None = None) -> None:
        self.work += len(self.stack)
        self.elements += 1
        if name not in _VOID:
            self.stack.append((name, entry))
            self.count[name] += 1
        if name in _MARKERS:
            self.levels.append(([], []))

    def close(self, name: str) -> None:
        """Pop the open elements up to and including the last `name`, if one is open."""
        if not self.count[name]:
            return
        while True:
            popped, entry = self.stack.pop()
            self.count[popped] -= 1
            if entry is not None and not entry.gone:
                entry.open = False
                self.levels[-1][1].append(entry)
            if popped in _MARKERS and len(self.levels) > 1:
                for forgotten in self.levels.pop()[0]:
                    forgotten.gone = True
            if popped == name:
                return

    def within(self, names: tuple[str, ...], bounds: tuple[str, ...]) -> str | None:
        """The nearest open element named in `names`, above any of `bounds`."""
        for name, _ in reversed(self.stack[-_LOOK:]):
            if name in names:
                return name
            if name in bounds:
                return None
        return None

    def rebuild(self) -> None:
        """Text, or an inline element, after formatting elements were closed: made again."""
        closed = self.levels[-1][1]
        while closed:
            entry = closed.pop()
            if not entry.gone and not entry.open:
                entry.open = True
                self.make(entry.name, entry)

    def formatting(self, name: str, key: str) -> None:
        kept = self.levels[-1][0]
        # three alike at most (the "Noah's Ark" clause), looked for among the last few only:
        # more kept than the parser keeps overstates the cost, never understates it
        same = [e for e in kept[-_LOOK:] if not e.gone and e.key == key]
        if len(same) >= 3:
            same[0].gone = True
        entry = _Entry(name, key)
        kept.append(entry)
        self.make(name, entry)

    def remembered(self, name: str) -> bool:
        return any(e.name == name and not e.gone for e in self.levels[-1][0][-_LOOK:])

    def end_formatting(self, name: str) -> None:
        kept = self.levels[-1][0]
        for entry in reversed(kept[-_LOOK:]):
            if entry.name == name and not entry.gone:
                entry.gone = True
                break
        self.close(name)


def past_parse_budget(text: str) -> int | None:
    """Where in `text` parsing would pass MAX_PARSE_WORK or MAX_ELEMENTS; None when the
    whole costs less."""
    tags = text.count("<")
    if tags <= _FEW:  # even each made again after every other: too few to matter
        return None
    lowered = text.lower()
    if tags < _QUICK and _left_open(lowered) <= _OPEN_FORMATTING:
        return None
    tree = _Parse()
    position = 0
    while (token := _TOKEN.search(lowered, position)) is not None:
        if _TEXT.search(lowered, position, token.start()):
            tree.rebuild()
        position = token.end()
        if token.group(0) == "<!--":
            if lowered.startswith((">", "->"), position):  # "<!-->", "<!--->": empty
                position = lowered.index(">", position) + 1
                continue
            ends = [at for at in (lowered.find("-->", position), lowered.find("--!>", position))]
            ends = [at for at in ends if at >= 0]
            position = len(lowered) if not ends else lowered.index(">", min(ends)) + 1
            continue
        closing, name = token.group(1), token.group(2)
        tag_end = lowered.find(">", position)
        # as written: class="X" and class="x" are two kinds to the parser's limit of three alike
        attributes = text[position : tag_end if tag_end >= 0 else len(text)].strip()
        position = len(lowered) if tag_end < 0 else tag_end + 1  # text starts after the tag
        if closing:
            if name in ("p", "br") and not tree.count[name]:  # a stray one makes an element
                tree.make(name)
            tree.end_formatting(name) if name in _FORMATTING else tree.close(name)
            if tree.elements > MAX_ELEMENTS:
                return token.start()
            continue
        if name in _BLOCKS and tree.count["p"]:
            tree.close("p")
        if name in ("td", "th", "tr"):
            cell = tree.within(("td", "th"), ("table",))
            if cell:
                tree.close(cell)
            if name == "tr" and tree.within(("tr",), ("table",)):
                tree.close("tr")
        elif name in _SAME_LIST and tree.within((name,), _SAME_LIST[name]):
            tree.close(name)
        elif name not in _BLOCKS and name not in _QUIET:
            tree.rebuild()
        if name == "select":
            tree.options = 0
        elif name in ("option", "optgroup") and tree.count["select"]:
            # each looks through those before it, dearer than a depth: 14,000 took 1.3 s, 32,000 9 s
            tree.work += 10 * tree.options
            tree.options += 1
        if name in _FORMATTING:
            if name in ("a", "nobr") and tree.remembered(name):
                tree.end_formatting(name)  # a new link ends one left open
            # its whole start tag tells one from another: distinct attributes defeat the
            # parser's limit of three alike
            tree.formatting(name, f"{name} {attributes}")
        else:
            tree.make(name)
        if tree.work > MAX_PARSE_WORK or tree.elements > MAX_ELEMENTS:
            return token.start()
        foreign = tree.count["svg"] or tree.count["math"]  # where <title> holds tags
        if name in _RAW_TEXT and not foreign:  # its text holds no tags: on to its end tag
            end = lowered.find(f"</{name}", position)
            position = len(lowered) if end < 0 else end
    return None


def _left_open(lowered: str) -> int:
    """Formatting start tags beyond their end tags: each may be made again after any text."""
    return len(_FORMATTING_START.findall(lowered)) - len(_FORMATTING_END.findall(lowered))


def within_parse_budget(text: str) -> str:
    """The text, cut where parsing it would pass MAX_PARSE_WORK."""
    cut = past_parse_budget(text)
    return text if cut is None else text[:cut]
