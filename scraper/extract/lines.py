"""A page as lines of text: the text of block elements, split at <br>, in document order.

publications.py reads pages this way so that nothing depends on a class name: each line knows
its links, whether it is a heading or wholly bold, and the block elements around it (by tag
name only, selectors.PUB_*_TAGS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from archive.text import collapse
from scraper.extract import selectors as sel
from scraper.extract.columns import Seen, cell_header
from scraper.extract.printed import hatom_entry_date, is_modified_time
from scraper.extract.pubtext import FILE_NOTE, NOT_TITLE, names_no_title

MAX_DEPTH = 32  # ancestors looked at for element entries
# A line longer than this is no title, date or description: only its start is read. Splitting
# a 10 MB paragraph at every space would make millions of small strings (some 150 MB).
MAX_LINE_CHARS = 20_000


_FIELD_TAGS = frozenset({"span", "small", "time", "em", "i", "strong", "b"})
_FILE_LABEL = re.compile(r"^(?:pdf|docx?|pptx?|xlsx?)\s+", re.I)  # an icon's, before a title
# A link to a category's or a tag's archive: a card's label ("Reports" over its title in
# WordPress's cat-links), never a work's title (probe 27: the label titled each entry); a
# plugin's own taxonomy by its query ("?doc_categories=roadmaps", Document Library Pro's, probe 29)
_TAXONOMY = re.compile(
    r"/(?:category|tag|categorie|kategorie|categoria)/|[?&](?:cat|tag|\w*_(?:categor(?:y|ies)|cats?|tags?))=",
    re.I,
)


@dataclass
class Line:
    text: str
    links: list[tuple[str, str]]  # (href, anchor text)
    heading: bool
    strong: bool  # the whole line is bold
    ancestors: tuple[int, ...]  # mem_id of the line's block and its ancestors, innermost first
    aside: bool = False  # in a sidebar (<aside>): beside the page's own content
    covers: tuple[str, ...] = ()  # hrefs of links with no text (a cover image) just before it
    column: str = ""  # the header of the table column its cell is in ("Title"), else ""
    footer: bool = False  # in a <footer>: the page's, or an entry's own
    term: str = ""  # "dt" or "dd" in a description list's term or its description, else ""
    modified: bool = False  # in its block or an inline element marked a change's day

    @property
    def bare(self) -> str:
        """The line without a file's type or size around one link's text (Sitefinity's "PDF
        <title> (PDF, 2 MB)": an icon's label and a note), else as it reads. After a label,
        only a title of three words or more: "PDF <a>English</a>" names a version."""
        bare = FILE_NOTE.sub("", _FILE_LABEL.sub("", self.text))
        labelled = _FILE_LABEL.match(self.text) is not None
        if bare == self.text or (labelled and len(bare.split()) < 3):
            return self.text
        return bare if any(t == bare for _, t in self.links) else self.text

    @property
    def whole_link(self) -> bool:
        return any(text in (self.text, self.bare) for _, text in self.links)

    @property
    def titleish(self) -> bool:
        if not (self.heading or self.strong or self.whole_link):
            return False
        if self.links and all(_TAXONOMY.search(href) for href, _ in self.links):
            return False
        return not NOT_TITLE.match(self.bare) and not names_no_title(self.text)


@dataclass
class _Reader:
    """Turns a DOM into Line objects in document order."""

    lines: list[Line] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    bold: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    # links open: (href, their text's parts, how many lines were read before them)
    anchors: list[tuple[str, list[str], int]] = field(default_factory=list)
    # links with no text, waiting for the next line: (href, their block and its parent)
    covers: list[tuple[str, set[int]]] = field(default_factory=list)
    blocks: list[LexborNode] = field(default_factory=list)
    headings: int = 0
    strongs: int = 0
    asides: int = 0
    footers: int = 0
    terms: list[str] = field(default_factory=list)  # the open <dt> and <dd>, innermost last
    # elements open that are marked a change's day: (mem_id, how many blocks were open)
    marks: list[tuple[int, int]] = field(default_factory=list)
    modified: set[int] = field(default_factory=set)  # the page's elements so marked
    after_link: bool = False  # a link closed, and no text came since
    tables: Seen = field(default_factory=Seen)  # tables' headers and rows' cells, read once

    def text(self, value: str) -> None:
        self.after_link = False
        self.buf.append(value)
        for _, parts, _ in self.anchors:
            parts.append(value)
        if self.strongs:
            self.bold.append(value)

    def flush(self) -> None:
        text = _norm("".join(self.buf))
        if text and self.blocks:
            ancestors: list[int] = []
            node: LexborNode | None = self.blocks[-1]
            while node is not None and len(ancestors) < MAX_DEPTH:
                ancestors.append(node.mem_id)
                node = node.parent
            strong = _norm("".join(self.bold)) == text
            # a cover image's link goes with the next line in its element (its title)
            covers = tuple(href for href, where in self.covers if where & set(ancestors))
            line = Line(
                text,
                self.links,
                self.headings > 0,
                strong,
                tuple(ancestors),
                self.asides > 0,
                covers,
                cell_header(self.blocks[-1], self.tables),
                footer=self.footers > 0,
                term=self.terms[-1] if self.terms else "",
                # a mark on an element around the line's own block may wrap a whole list
                modified=bool(self.marks) and self.marks[-1][1] >= len(self.blocks),
            )
            self.lines.append(line)
            self.covers = []
        self.buf, self.bold, self.links = [], [], []

    def open(self, node: LexborNode, tag: str) -> None:
        if tag in sel.PUB_BLOCK_TAGS:
            self.flush()
            self.blocks.append(node)
        if self.after_link and tag in _FIELD_TAGS and self.buf[-1:] and self.buf[-1][-1:].isalnum():
            # a link's title and a field beside it ("<a>Roadmap 2024</a><span>Posted on ...
            # </span>", set apart by a stylesheet): two words, not "2024Posted" (probe 29)
            self.text(" ")
        if tag == "time" and self.buf and self.buf[-1].rstrip()[-1:].isdigit():
            # two dates run together ("2018March 5, 2021": the published and the updated
            # <time> of WordPress's own themes) are two facts, kept apart
            self.text(" | ")
        if tag == "a":
            if "download" in node.attributes:  # a file's button beside its title (Gutenberg's
                self.flush()  # File block): its own line, so the title is a whole link
            self.anchors.append(((node.attributes.get("href") or "").strip(), [], len(self.lines)))
        self.strongs += tag in sel.PUB_STRONG_TAGS
        self.headings += tag in sel.PUB_HEADING_TAGS
        self.asides += tag == "aside"
        self.footers += tag == "footer"
        if tag in ("dt", "dd"):
            self.terms.append(tag)
        # WordPress's Query Loop prints a post's change day in the same block as its posting
        # day (`wp-block-post-date__modified-date`, probe 29); hAtom's one "updated" date is
        # the entry's own (printed.date_role reads both so)
        if node.mem_id in self.modified:
            self.marks.append((node.mem_id, len(self.blocks)))

    def close(self, tag: str, node: LexborNode | None = None) -> None:
        if tag in sel.PUB_BLOCK_TAGS:
            self.flush()
            self.blocks.pop()
        if tag == "a" and self.anchors:
            self.after_link = True
            href, parts, before = self.anchors.pop()
            text = _norm("".join(parts))
            if href and text and len(self.lines) > before:  # a link around blocks: a card's
                self._card_link(href, before)
            elif href and text:
                self.links.append((href, text))
            elif href and self.blocks:
                # A cover goes to the next line in its element, or in the element around it,
                # where that element holds no text before it (after text, it may close the
                # entry above as well as open the next: nobody can tell).
                block = self.blocks[-1]
                around = {block.mem_id} | ({block.parent.mem_id} if block.parent else set())
                where = around - set(self.lines[-1].ancestors if self.lines else ())
                if where:
                    self.covers.append((href, where))
        self.strongs -= tag in sel.PUB_STRONG_TAGS
        self.headings -= tag in sel.PUB_HEADING_TAGS
        self.asides -= tag == "aside"
        self.footers -= tag == "footer"
        if tag in ("dt", "dd") and self.terms:
            self.terms.pop()
        if node is not None and self.marks and self.marks[-1][0] == node.mem_id:
            self.marks.pop()

    def _card_link(self, href: str, before: int) -> None:
        """A link around a card's blocks (React's, ESA's: "<a><h3>Title</h3><p>date</p></a>")
        is its one heading's, which reads as a linked title; a card of no heading or of more
        keeps no link (probe 25's page 4: every entry lost)."""
        headings = [line for line in self.lines[before:] if line.heading]
        if len(headings) == 1:  # (links nest in no HTML: the heading has none of its own)
            headings[0].links.append((href, headings[0].text))


def _norm(text: str) -> str:
    """collapse, on the first MAX_LINE_CHARS only: a line is cut before it is split."""
    return collapse(text[:MAX_LINE_CHARS])


# what is_modified_time may answer yes of: a class naming a change, or a property
_MAY_MARK_A_CHANGE = ", ".join(
    [
        *(f"[class*='{word}']" for word in sel.TIME_MODIFIED_CLASSES),
        *(f"[class~='{token}']" for token in sel.TIME_MODIFIED_TOKENS),
        *("[itemprop]", "[property]"),
    ]
)


def read_lines(root: LexborNode) -> list[Line]:
    """The text lines under root, in document order (iterative: deep nesting is no error)."""
    reader = _Reader(blocks=[root])
    # the elements marked a change's, found once: asked of every element, is_modified_time
    # (an attribute dict each) took a fifth of the reading (helper-217)
    found = root.css(_MAY_MARK_A_CHANGE)
    reader.modified = {n.mem_id for n in found if is_modified_time(n) and not hatom_entry_date(n)}
    stack: list[tuple[LexborNode, str | None]] = [(root, None)]
    while stack:
        node, closing = stack.pop()
        if closing is not None:
            reader.close(closing, node)
            continue
        tag = node.tag or ""
        if tag == "-text":
            reader.text(node.text_content or "")
            continue
        if tag.startswith("-") or tag in sel.PUB_SKIP_TAGS:
            continue
        if tag == "br":
            reader.flush()
            continue
        reader.open(node, tag)
        stack.append((node, tag))
        stack.extend((c, None) for c in reversed(list(node.iter(include_text=True))))
    reader.flush()
    return reader.lines
