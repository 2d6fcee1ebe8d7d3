"""Publications: the publications pages, the home page's block, and Publications-category posts.

The real theme's HTML is unknown, so nothing here depends on a class name. The page is read as
a sequence of lines (the text of block elements, split at <br>), and every entry is anchored
on its date line ("Posted on 2 February, 2018"). From each date line the entry is found in one
of two ways, whichever applies:

- element entries: the smallest ancestor of the date line that holds no other date line and
  holds a title line (a heading, a whole-line link or a whole-line <strong>) is the entry;
  this covers <li>/<div> per entry and "title<br>Posted on ..." in one paragraph;
- sibling runs: the title is the nearest title line before the date line (at most
  MAX_BACK lines back, never past the previous entry), the lines between are the description;
  this covers titles, descriptions and "Posted on" lines typed as loose paragraphs.

Dates: labelled lines ("Posted on 2 February, 2018", "Posted on February 2, 2018",
"Published ...") win; bare date lines ("2 February 2018") count only on pages with no labelled
line. An unreadable labelled date leaves posted_on None with a problem, never a guess; numeric
dates ("18.09.2020") are never read, as day and month order is unknown. Where a "Publications"
heading exists, date lines above it are ignored (the home page's top story); outside such a
block an entry counts only if its title links its document (news lists and post pages are
not publications). Between dated entries, a title linking a document with no date line
of its own becomes a publication with posted_on None.

kind and year (KIND_RULES, year_of): first the title, then the description, then the
document's file name; for kind the first matching rule of the table wins, and a document that
matches none is a "report". The year is a 4-digit year in the title, else in the document's
file name (never its upload folder, never the description, which names other years: "an update
of the 2018 roadmap", never the posted-on date): None when neither has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..urls import canonical, is_document
from .types import News, Publication

# ---- selectors (to move into selectors.py; tag names only, no class names) -----------------
# Subtrees never read: not text, or only navigation.
PUB_SKIP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "select")
# Elements that end a line of text (a <br> does too).
PUB_BLOCK_TAGS = (
    *("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th"),
    *("section", "article", "aside", "header", "footer", "main", "blockquote", "figure"),
    *("figcaption", "pre", "address", "hr", "form", "details", "summary"),
    *("h1", "h2", "h3", "h4", "h5", "h6"),
)
PUB_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
PUB_STRONG_TAGS = ("strong", "b")

# ---- text patterns ---------------------------------------------------------------------------
_MONTHS = "january february march april may june july august september october november december"
_MONTH = (  # {} is the group's name
    r"(?P<{}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DMY = r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.format("m1") + r",?\s+(?P<y1>\d{4})"
_MDY = _MONTH.format("m2") + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4})"
_ISO = r"(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"
_LABEL = r"(?P<label>posted\s+on|published(?:\s+on)?|date)\s*:?\s*"
# A whole line that is a date, labelled or bare; "by <author>" may follow a labelled one.
DATE_LINE = re.compile(
    rf"^\s*(?:{_LABEL})?(?:{_DMY}|{_MDY}|{_ISO})\s*\.?(?:\s+by\s+.{{1,60}})?\s*$", re.I
)
# A title link and a labelled date on one line: "Title (Posted on 2 February, 2018)".
INLINE_DATE = re.compile(
    rf"^(?P<title>.+?)\s*[-\u2013\u2014|,:(]?\s*{_LABEL}(?:{_DMY}|{_MDY}|{_ISO})\s*\)?\.?$", re.I
)
# A labelled line whose date could not be read: still a date line, with no date.
LABELLED_LINE = re.compile(
    r"^\s*(?:posted\s+on|published\s+on|published\s*:)\s*(?=.*\d)\S.{0,40}$", re.I
)
# Headings that open the publications block or page.
PUB_HEADING = re.compile(r"^(?:latest\s+|recent\s+|isecg\s+)?(?:publications|documents)$", re.I)
# Whole-line links that are never a publication's title.
NOT_TITLE = re.compile(
    r"^(?:more\s+publications|more\s+news|older\s+posts|newer\s+posts|read\s+more|download"
    r"|view|open|click\s+here|pdf|next|previous|back)\b",
    re.I,
)
# "18.09.2020", "09/18/2020": day and month order unknown, so never read (only reported).
NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})(?!\d)")
YEAR = re.compile(r"(?<!\d)((?:19[89]|20\d)\d)(?!\d)")
MIN_YEAR, MAX_YEAR = 1990, 2099  # plausibility of a posted-on date

# kind from words, first rule wins; applied to the title, then the description, then the file
# name of the document (with - _ . and %20 read as spaces). SWP is the Science White Paper, GER
# the Global Exploration Roadmap.
KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("annual report", re.compile(r"\bannual\s+report\b", re.I)),
    ("supplement", re.compile(r"\bsupplement\b", re.I)),
    ("gap assessment", re.compile(r"\bgap\s+assessments?\b", re.I)),
    ("terms of reference", re.compile(r"\bterms\s+of\s+reference\b", re.I)),
    ("white paper", re.compile(r"\bwhite\s*papers?\b|\bswp\b", re.I)),
    ("roadmap", re.compile(r"\broad\s*map\b|\bger\b", re.I)),
    ("strategy", re.compile(r"\bstrategy\b", re.I)),
    ("report", re.compile(r"\breports?\b", re.I)),
)
DEFAULT_KIND = "report"  # every ISECG publication is at least a report

MAX_BACK = 6  # lines a sibling-run title may sit above its date line
MAX_ENTRY_LINES = 8  # an element holding more lines than this is a list, not an entry
MAX_DEPTH = 32  # ancestors looked at for element entries
_SPACE = re.compile(r"\s+")


@dataclass
class _Line:
    text: str
    links: list[tuple[str, str]]  # (href, anchor text)
    heading: bool
    strong: bool  # the whole line is bold
    ancestors: tuple[int, ...]  # mem_id of the line's block and its ancestors, innermost first

    @property
    def whole_link(self) -> bool:
        return any(text == self.text for _, text in self.links)

    @property
    def titleish(self) -> bool:
        return (self.heading or self.strong or self.whole_link) and not NOT_TITLE.match(self.text)


@dataclass
class _Reader:
    """Turns a DOM into _Line objects in document order."""

    lines: list[_Line] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    bold: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    anchors: list[tuple[str, list[str]]] = field(default_factory=list)
    blocks: list[LexborNode] = field(default_factory=list)
    headings: int = 0
    strongs: int = 0

    def text(self, value: str) -> None:
        self.buf.append(value)
        for _, parts in self.anchors:
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
            self.lines.append(_Line(text, self.links, self.headings > 0, strong, tuple(ancestors)))
        self.buf, self.bold, self.links = [], [], []

    def open(self, node: LexborNode, tag: str) -> None:
        if tag in PUB_BLOCK_TAGS:
            self.flush()
            self.blocks.append(node)
        if tag == "a":
            self.anchors.append(((node.attributes.get("href") or "").strip(), []))
        self.strongs += tag in PUB_STRONG_TAGS
        self.headings += tag in PUB_HEADING_TAGS

    def close(self, tag: str) -> None:
        if tag in PUB_BLOCK_TAGS:
            self.flush()
            self.blocks.pop()
        if tag == "a" and self.anchors:
            href, parts = self.anchors.pop()
            if href:
                self.links.append((href, _norm("".join(parts))))
        self.strongs -= tag in PUB_STRONG_TAGS
        self.headings -= tag in PUB_HEADING_TAGS


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\xa0", " ")).strip()


def read_lines(root: LexborNode) -> list[_Line]:
    """The text lines under root, in document order (iterative: deep nesting is no error)."""
    reader = _Reader(blocks=[root])
    stack: list[tuple[LexborNode, str | None]] = [(root, None)]
    while stack:
        node, closing = stack.pop()
        if closing is not None:
            reader.close(closing)
            continue
        tag = node.tag or ""
        if tag == "-text":
            reader.text(node.text_content or "")
            continue
        if tag.startswith("-") or tag in PUB_SKIP_TAGS:
            continue
        if tag == "br":
            reader.flush()
            continue
        reader.open(node, tag)
        stack.append((node, tag))
        stack.extend((c, None) for c in reversed(list(node.iter(include_text=True))))
    reader.flush()
    return reader.lines


def _ymd(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if g["y3"]:
        year, month, day = int(g["y3"]), int(g["m3"]), int(g["d3"])
    else:
        name = (g["m1"] or g["m2"]).lower().rstrip(".")
        month = next(i for i, full in enumerate(_MONTHS.split(), 1) if full.startswith(name[:3]))
        year, day = int(g["y1"] or g["y2"]), int(g["d1"] or g["d2"])
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value.isoformat() if MIN_YEAR <= value.year <= MAX_YEAR else None


def parse_date(text: str) -> tuple[str | None, bool]:
    """(YYYY-MM-DD or None, labelled) of a date line; None when it is no valid date."""
    m = DATE_LINE.match(text)
    if m is None:
        return None, bool(LABELLED_LINE.match(text))
    return _ymd(m), bool(m.group("label"))


def _inline(line: _Line) -> tuple[str, str | None] | None:
    """(title, date) of a line "<a>Title</a> - Posted on 2 February, 2018", else None."""
    m = INLINE_DATE.match(line.text)
    if m is None or not any(text == m.group("title") for _, text in line.links):
        return None
    return m.group("title"), _ymd(m)


def _doc_name(url: str | None) -> str:
    if not url:
        return ""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1]).rsplit(".", 1)[0]
    return re.sub(r"[-_.+]+", " ", name)


def kind_of(title: str, description: str, document_url: str | None) -> str:
    """The publication's kind by KIND_RULES: title first, then description, then file name."""
    for text in (title, description, _doc_name(document_url)):
        for kind, pattern in KIND_RULES:
            if pattern.search(text):
                return kind
    return DEFAULT_KIND


def year_of(title: str, document_url: str | None) -> int | None:
    """A 4-digit year in the title, else in the document's file name; None without one."""
    for text in (title, _doc_name(document_url)):
        m = YEAR.search(text)
        if m:
            return int(m.group(1))
    return None


@dataclass
class _Entry:
    title: int  # line index
    desc: list[int]  # description lines
    date_line: int | None
    span: list[int]  # every line of the entry but the title, for its document link
    posted_on: str | None = None
    title_text: str | None = None  # the title when it shares its line with the date


def _entry_in_element(
    lines: list[_Line], i: int, stops: set[int], members: dict[int, list[int]], used: set[int]
) -> _Entry | None:
    """The entry as the smallest element around date line i holding a title; stops holds the
    other date lines and the block headings, which no entry element contains."""
    for anc in lines[i].ancestors:
        inside = members[anc]
        if len(inside) > MAX_ENTRY_LINES or any(j in stops for j in inside if j != i):
            return None
        titles = [j for j in inside if j != i and j not in used and lines[j].titleish]
        if titles:
            t = titles[0]
            end = i if t < i else inside[-1] + 1
            span = [j for j in inside if j != t]
            desc = [j for j in span if t < j < end and j != i and not _skip(lines[j])]
            return _Entry(t, desc, i, span)
    return None


def _entry_in_run(lines: list[_Line], i: int, floor: int) -> _Entry | None:
    for j in range(i - 1, max(floor, i - MAX_BACK - 1), -1):
        if lines[j].titleish:
            span = list(range(j + 1, i + 1))
            return _Entry(j, [k for k in span[:-1] if not _skip(lines[k])], i, span)
    return None


def _skip(line: _Line) -> bool:
    return bool(NOT_TITLE.match(line.text)) and line.whole_link


def _pub_heads(lines: list[_Line]) -> list[int]:
    """Lines that head a publications block: a heading, or a short line that is not a link."""
    match = PUB_HEADING.match
    return [i for i, ln in enumerate(lines) if match(ln.text) and (ln.heading or not ln.whole_link)]


def _date_lines(
    lines: list[_Line], heads: list[int], inline: dict[int, str]
) -> tuple[dict[int, str | None], bool]:
    """Date lines (index -> date) and whether they are labelled; fills inline (index -> title)."""
    labelled: dict[int, str | None] = {}
    bare: dict[int, str | None] = {}
    for i, line in enumerate(lines):
        both = _inline(line) if line.links else None
        if both is not None:
            inline[i], labelled[i] = both
            continue
        if len(line.text) > 80:
            continue
        value, is_labelled = parse_date(line.text)
        if is_labelled:
            labelled[i] = value
        elif value:
            bare[i] = value
    found, is_labelled = (labelled, True) if labelled else (bare, False)
    if heads and any(i > heads[0] for i in found):
        found = {i: v for i, v in found.items() if i > heads[0]}
    return found, is_labelled


def _entries(lines: list[_Line], heads: list[int]) -> tuple[list[_Entry], list[int], bool]:
    """The dated entries, the date lines left without a title, and whether dates are labelled."""
    inline: dict[int, str] = {}
    dates, labelled = _date_lines(lines, heads, inline)
    members: dict[int, list[int]] = {}
    for j, line in enumerate(lines):
        for anc in line.ancestors:
            members.setdefault(anc, []).append(j)
    entries: list[_Entry] = []
    orphans: list[int] = []
    used: set[int] = set()
    floor = -1
    stops = set(dates) | set(heads)
    for i in sorted(dates):
        if i in inline:
            entry: _Entry | None = _Entry(i, [], i, [], title_text=inline[i])
        else:
            entry = _entry_in_element(lines, i, stops, members, used) or _entry_in_run(
                lines, i, max(floor, max(used, default=-1))
            )
        floor = i
        if entry is None:
            orphans.append(i)
            continue
        entry.posted_on = dates[i]
        used.update([entry.title, i, *entry.span])
        entries.append(entry)
    if labelled and entries:
        entries += _undated(lines, entries, used)
    return entries, orphans, labelled


def _undated(lines: list[_Line], entries: list[_Entry], used: set[int]) -> list[_Entry]:
    """Titles linking a document inside the run of dated entries, but with no date line."""
    first = min(e.title for e in entries)
    last = max(e.date_line or e.title for e in entries)
    out: list[_Entry] = []
    for j in range(first, last + 1):
        line = lines[j]
        if j in used or not line.titleish or not any(is_document(h) for h, _ in line.links):
            continue
        desc = []
        for k in range(j + 1, last + 1):
            if k in used or lines[k].titleish:
                break
            desc.append(k)
        used.update([j, *desc])
        out.append(_Entry(j, desc, None, desc))
    return out


def _document(
    lines: list[_Line], entry: _Entry, url: str, site: str, problems: list[str]
) -> tuple[str | None, bool]:
    """The entry's document (canonical) and whether its title itself links it."""
    for j in (entry.title, *entry.span):
        for href, _ in lines[j].links:
            try:
                absolute = canonical(href, site, base=url)
            except ValueError:
                problems.append(f"a broken link in {lines[entry.title].text!r}: {href!r}")
                continue
            if is_document(absolute):
                return absolute, j == entry.title
    return None, False


def publications_from_html(url: str, html: str, site: str) -> tuple[list[Publication], list[str]]:
    """Publications listed on a publications page or the home page, and the problems met.

    Outside a publications block (no "Publications" heading above the entry) an entry counts
    only when its title links its document: a news list or a post page is no publication.
    """
    if not html or not html.strip():
        return [], ["empty page"]
    try:
        tree = LexborHTMLParser(html)
        root = tree.body or tree.root
        lines = read_lines(root) if root is not None else []
        listed_on = canonical(url, site)
    except (ValueError, RuntimeError) as exc:  # selectolax raises these on hopeless input
        return [], [f"unreadable page: {exc}"]
    if not lines:
        return [], ["no text on the page"]
    heads = _pub_heads(lines)
    entries, orphans, labelled = _entries(lines, heads)
    in_block = (lambda i: i > heads[0]) if heads else (lambda i: False)
    problems = [f"date line without a title: {lines[i].text!r}" for i in orphans if in_block(i)]
    out: list[Publication] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    for entry in entries:
        title = entry.title_text or lines[entry.title].text
        broken: list[str] = []
        document, title_links_it = _document(lines, entry, url, site, broken)
        if not title_links_it and not (labelled and in_block(entry.title)):
            continue  # news, a post page, a heading: not a publications entry
        problems += broken
        if PUB_HEADING.match(title):
            problems.append(f"an entry titled like the block: {title!r}")
            continue
        if entry.date_line is not None and entry.posted_on is None:
            problems.append(f"unreadable date: {lines[entry.date_line].text!r}")
        if (title, document, entry.posted_on) in seen:
            continue
        seen.add((title, document, entry.posted_on))
        description = " ".join(lines[j].text for j in entry.desc)
        out.append(
            Publication(
                title=title,
                posted_on=entry.posted_on,
                posted_on_source="posted-on" if entry.posted_on else None,
                description=description,
                document_url=document,
                listed_on=listed_on,
                kind=kind_of(title, description, document),
                year=year_of(title, document),
            )
        )
    if not out and heads:
        numeric = [ln.text for ln in lines if NUMERIC_DATE.search(ln.text)]
        hint = f"; dates in a numeric format are not read: {numeric[0]!r}" if numeric else ""
        problems.append(f"a publications heading but no dated entries{hint}")
    return out, problems


def publication_from_post(news: News) -> Publication:
    """A post of the Publications category as a publication, dated by its publication date."""
    published = news.published or ""
    posted_on = published[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", published) else None
    title = news.title or ""
    description = news.summary or news.body_text.split("\n\n", 1)[0].strip()
    document = news.documents[0] if news.documents else None
    return Publication(
        title=title,
        posted_on=posted_on,
        posted_on_source=news.published_source if posted_on else None,
        description=description,
        document_url=document,
        listed_on=news.url,
        kind=kind_of(title, description, document),
        year=year_of(title, document),
        wp_id=news.wp_id,
    )
