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
  this covers titles, descriptions and "Posted on" lines typed as loose paragraphs. Where the
  date lines open their entries (the first has no title above it, the first and the last one
  below), each entry's title is the first below its date line instead.

Dates: labelled lines ("Posted on 2 February, 2018", "Posted on February 2, 2018",
"Published ...") win; bare date lines ("2 February 2018") count only on pages with no labelled
line; on a page with "Posted on" lines, a "Date:" line is an event's, not a date line. An
unreadable labelled date leaves posted_on None with a problem, never a guess; numeric
dates ("18.09.2020") are never read, as day and month order is unknown. Where a "Publications"
heading exists, date lines above it are ignored (the home page's top story; not above a
sidebar's, beside the page's own list), and a news heading below it ("Related news") ends
it; outside such a block an entry counts only if its title links its document (news lists
and post pages are not publications). An entry's document is the file its title links, else
one a line of its own links ("Download PDF"), else one linked inside its text. Between dated
entries (under a publications heading, anywhere in its block), a title linking a document
with no date line of its own becomes a publication with posted_on None.

Modules: lines.py reads the page into lines, pubtext.py holds the words (date lines, kinds,
years), selectors.py the tag names and the block heading.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from scraper.extract import selectors as sel
from scraper.extract.lines import Line, read_lines
from scraper.extract.pubtext import (
    DATE_LABEL_LINE,
    FILE_NOTE,
    NOT_TITLE,
    NUMERIC_DATE,
    POSTING_LINE,
    kind_of,
    parse_date,
    parse_inline,
    year_of,
)
from scraper.extract.types import News, Publication
from scraper.urls import canonical, is_document, upload_key

MAX_BACK = 6  # lines a sibling-run title may sit above its date line
MAX_ENTRY_LINES = 8  # an element holding more lines than this is a list, not an entry


def _inline(line: Line) -> tuple[str, str | None] | None:
    """(title, date) of a line "<a>Title</a> - Posted on 2 February, 2018", else None."""
    both = parse_inline(line.text)
    if both is None or not any(text == both[0] for _, text in line.links):
        return None
    return both


@dataclass
class _Entry:
    title: int  # line index
    desc: list[int]  # description lines
    date_line: int | None
    span: list[int]  # every line of the entry but the title, for its document link
    posted_on: str | None = None
    title_text: str | None = None  # the title when it shares its line with the date


def _entry_in_element(
    lines: list[Line], i: int, stops: set[int], members: dict[int, list[int]], used: set[int]
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
            after = next((j for j in titles if j > i), None) if t < i else None
            if after is not None and _described(lines, after, inside):
                # a title below the date line, with a description of its own, is the next
                # entry's, one without a date ("Executive summary" alone is this one's part)
                span = [j for j in span if j < after]
            desc = [j for j in span if t < j < end and j != i and not _skip(lines[j])]
            return _Entry(t, desc, i, span)
    return None


def _described(lines: list[Line], title: int, inside: list[int]) -> bool:
    """Whether a line of plain text (no title, no Download link) follows the title."""
    return any(j > title and not lines[j].titleish and not _skip(lines[j]) for j in inside)


def _entry_in_run(lines: list[Line], i: int, floor: int) -> _Entry | None:
    other_file = False
    for j in range(i - 1, max(floor, i - MAX_BACK - 1), -1):
        if lines[j].titleish and not (other_file and _files(lines[j])):
            span = list(range(j + 1, i + 1))
            if _files(lines[j]) and any(
                _files(lines[k]) - _files(lines[j]) for k in span if _skip(lines[k])
            ):
                # The title links one file and a "Download" below it another: the title may
                # be a part's ("Executive Summary") under the entry's own title, a line that
                # links nothing further up; else that link and the date are the next
                # entry's, whose title is no link, and whose date it is is not known.
                other_file = True
                continue
            desc = [k for k in span[:-1] if not _skip(lines[k])]
            after = i + 1  # a "Download" link right below the date line is the entry's too
            while after < len(lines) and _skip(lines[after]):
                span.append(after)
                after += 1
            return _Entry(j, desc, i, span)
    return None


def _date_first(lines: list[Line], order: list[int], inline: dict[int, str]) -> bool:
    """Whether the date lines open their entries ("Posted on ..." above each title): the
    first has no title above it but the block's heading, and the first and the last have one
    below them. Read backwards, each title would take the date of the entry above it. One
    date line alone says nothing of the order (a page's own "Posted on" under its heading)."""
    if len(order) < 2 or order[0] in inline:
        return False
    first, last = order[0], order[-1]
    # Not only the nearest lines: a title-first entry whose description runs long would pass.
    above = (j for j in range(first - 1, -1, -1) if lines[j].titleish)
    title_above = next(above, None)
    if title_above is not None and not sel.PUB_HEADING.match(lines[title_above].text):
        return False
    below_first = range(first + 1, min(order[1], first + MAX_BACK + 1))
    below_last = range(last + 1, min(len(lines), last + MAX_BACK + 1))
    return any(lines[j].titleish for j in below_first) and any(
        lines[j].titleish for j in below_last
    )


def _entry_after(lines: list[Line], i: int, end: int, used: set[int]) -> _Entry | None:
    """The entry a date line opens: the first title below it, down to the next title (an
    undated entry's) or the next date line."""
    for j in range(i + 1, min(end, i + MAX_BACK + 1)):
        if lines[j].titleish and j not in used:
            last = next(
                (k for k in range(j + 1, end) if lines[k].titleish or not _beside(lines, j, k)),
                end,
            )
            span = [k for k in range(i + 1, last) if k != j]
            return _Entry(j, [k for k in span if k > j and not _skip(lines[k])], i, span)
    return None


def _beside(lines: list[Line], title: int, k: int) -> bool:
    """Whether line k is in the element around the title's own (a footer below is not)."""
    around = lines[title].ancestors[1:2]
    return not around or around[0] in lines[k].ancestors


def _files(line: Line) -> set[str]:
    return {href for href, _ in line.links if is_document(href)}


def _skip(line: Line) -> bool:
    return bool(NOT_TITLE.match(line.text)) and line.whole_link


def _ends_block(line: Line) -> bool:
    """A heading of news below the publications ("Related news", "Latest posts")."""
    return line.heading and not line.links and bool(sel.PUB_BLOCK_END.match(line.text))


def _pub_heads(lines: list[Line]) -> list[int]:
    """Lines that head a publications block: a heading, or a short line that is not a link."""
    match = sel.PUB_HEADING.match
    return [i for i, ln in enumerate(lines) if match(ln.text) and (ln.heading or not ln.whole_link)]


def _date_lines(
    lines: list[Line], heads: list[int], inline: dict[int, str]
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
    if any(POSTING_LINE.match(lines[i].text) for i in labelled if i not in inline):
        labelled = {i: v for i, v in labelled.items() if not DATE_LABEL_LINE.match(lines[i].text)}
    found, is_labelled = (labelled, True) if labelled else (bare, False)
    # Above a publications block, dates are news (the home page's top story); not above a
    # sidebar's, beside a page whose own list has some other heading ("Reports").
    if heads and not lines[heads[0]].aside and any(i > heads[0] for i in found):
        found = {i: v for i, v in found.items() if i > heads[0]}
    return found, is_labelled


def _entries(lines: list[Line], heads: list[int]) -> tuple[list[_Entry], list[int], bool]:
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
    order = sorted(dates)
    date_first = _date_first(lines, order, inline)
    for n, i in enumerate(order):
        end = order[n + 1] if n + 1 < len(order) else len(lines)
        if i in inline:
            entry: _Entry | None = _Entry(i, [], i, [], title_text=inline[i])
        else:
            entry = _entry_in_element(lines, i, stops, members, used) or (
                _entry_after(lines, i, end, used)
                if date_first
                else _entry_in_run(lines, i, max(floor, max(used, default=-1)))
            )
        floor = i
        if entry is None:
            orphans.append(i)
            continue
        entry.posted_on = dates[i]
        used.update([entry.title, i, *entry.span])
        entries.append(entry)
    if labelled and entries:
        entries += _undated(lines, entries, used, orphans, heads)
    return entries, orphans, labelled


def _undated(
    lines: list[Line], entries: list[_Entry], used: set[int], orphans: list[int], heads: list[int]
) -> list[_Entry]:
    """Titles linking a document inside the run of dated entries (and of date lines no
    title was found for), but with no date line. Under a publications heading the run is the
    whole block, down to the next heading that links no document: the first or the last
    entry's date line may be one no reader knows ("Date: 20 August, 2013")."""
    first = min(e.title for e in entries)
    last = max([e.date_line or e.title for e in entries] + orphans)
    run = range(first, last + 1)
    if heads and heads[0] < first:
        first = heads[0] + 1
        ends = (j for j in range(last + 1, len(lines)) if lines[j].heading and not _files(lines[j]))
        last = next(ends, len(lines)) - 1
    bottom = max(e.title for e in entries)
    out: list[_Entry] = []
    for j in range(first, last + 1):
        line = lines[j]
        if j in used or not line.titleish or not _files(line):
            continue
        if j not in run and not _beside(lines, run.start if j < run.start else bottom, j):
            continue  # a footer's or a sidebar's file, outside the element around the list
        desc = []
        for k in range(j + 1, last + 1):
            if k in used or lines[k].titleish or lines[k].heading or not _beside(lines, j, k):
                break
            desc.append(k)
        used.update([j, *desc])
        out.append(_Entry(j, desc, None, desc))
    return out


def _document(
    lines: list[Line], entry: _Entry, url: str, site: str, problems: list[str]
) -> tuple[str | None, bool]:
    """The entry's document (canonical) and whether its title itself links it."""
    # The title's link, then a line that is a link ("Download PDF"), then a link inside a
    # sentence, which may name another file ("updates the <a>2011 roadmap</a>").
    whole = [j for j in entry.span if lines[j].whole_link]
    downloads = [j for j in whole if _skip(lines[j])]  # "Download the full report" first
    rest = [j for j in entry.span if not lines[j].whole_link]
    for j in (entry.title, *downloads, *whole, *rest):
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
    ends = (j for j, ln in enumerate(lines) if heads and j > heads[0] and _ends_block(ln))
    block_end = next(ends, len(lines))
    in_block = (lambda i: heads[0] < i < block_end) if heads else (lambda i: False)
    problems = [f"date line without a title: {lines[i].text!r}" for i in orphans if in_block(i)]
    out: list[Publication] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    for entry in entries:
        as_listed = entry.title_text or lines[entry.title].text
        title = FILE_NOTE.sub("", as_listed) or as_listed  # "Roadmap (PDF, 2 MB)": the note goes
        broken: list[str] = []
        document, title_links_it = _document(lines, entry, url, site, broken)
        own_block = labelled and in_block(entry.title) and not lines[entry.title].aside
        if not title_links_it and not own_block:
            continue  # news, a post page, a sidebar's recent posts: not a publications entry
        problems += broken
        if sel.PUB_HEADING.match(title):
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


def publication_from_post(news: News, others: Container[str] = ()) -> Publication:
    """A post of the Publications category as a publication, dated by its publication date;
    its document is the first file it links that is not one of `others` (other entries',
    by `upload_key`)."""
    published = news.published or ""
    posted_on = published[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", published) else None
    title = news.title or ""
    description = news.summary or news.body_text.split("\n\n", 1)[0].strip()
    document = next((d for d in news.documents if upload_key(d) not in others), None)
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
