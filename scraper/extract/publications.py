"""Publications: the publications pages, the home page's block, and Publications-category posts.

The real theme's HTML is unknown, so nothing here depends on a class name. The page is read as
a sequence of lines (the text of block elements, split at <br>), and every entry is anchored
on its date line ("Posted on 2 February, 2018"). From each date line the entry is found in one
of two ways, whichever applies:

- element entries: the smallest ancestor of the date line that holds no other date line and
  holds a title line (a heading, a whole-line link or a whole-line <strong>) is the entry;
  this covers <li>/<div> per entry and "title<br>Posted on ..." in one paragraph; every
  date line's element entry is found before any loose date line is read (a page's stamp
  above a table must not take the first row's title);
- sibling runs: the title is the nearest title line before the date line (at most
  MAX_BACK lines back, never past the previous entry), the lines between are the description;
  this covers titles, descriptions and "Posted on" lines typed as loose paragraphs. Where the
  date lines open their entries (the first has no title above it, the first and the last one
  below, that one in the element holding every date line), each entry's title is the first
  below its date line instead.

Dates: labelled lines ("Posted on 2 February, 2018", "Posted on February 2, 2018",
"Published ...") win; bare date lines ("2 February 2018") count only on pages with no labelled
line; on a page with "Posted on" lines, a "Date:" line is an event's, not a date line. An
unreadable labelled date leaves posted_on None with a problem, never a guess; numeric
dates ("18.09.2020") are never read, as day and month order is unknown. Where a "Publications"
heading exists, date lines above it are ignored (the home page's top story; not above a
sidebar's, beside the page's own list), and a news heading below it ("Related news") ends
it; outside such a block an entry counts only if its title links its document (news lists
and post pages are not publications). An entry's document is the file its title links, else
one a line of its own links ("Download PDF"), else one linked inside its text, else one a
cover image links just above the title. A table row of plain title, date and "Download" is
an entry too. Between dated entries (under a publications heading, anywhere in its block),
a title linking a document with no date line of its own becomes a publication with
posted_on None; where no date of the block is read at all ("January 2018", another
language), every title linking a file in its list is kept so, with a problem, under a
"Publications" or "Reports" heading only ("Resources" and "Documents" head lists of links).
One "Posted on" line above bare dates (a table's column) is the page's own, and the bare
dates are read.

Modules: lines.py reads the page into lines, pubdates.py tells its date lines, pubentries.py
finds each entry's lines from its date line, pubtext.py holds the words (date lines, kinds,
years) and the page's order of slashed days, selectors.py the tag names and the block heading.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Container

from selectolax.lexbor import LexborHTMLParser

from archive.files import upload_key
from archive.lookup import document_base
from archive.urls import canonical, is_document, is_on_site
from scraper.extract import selectors as sel
from scraper.extract.datesfirst import paired
from scraper.extract.daycolumns import day_columns
from scraper.extract.filetitles import title_from_description
from scraper.extract.lines import Line, read_lines
from scraper.extract.pubdates import date_lines
from scraper.extract.pubentries import (
    Entry,
    button,
    skip,
    undated,
    undated_block,
)
from scraper.extract.pubtables import table_may_list, table_row, under_publications_heading
from scraper.extract.pubtext import (
    DATE_LABEL_LINE,
    FILE_NOTE,
    NUMERIC_DATE,
    date_source,
    kind_of,
    page_language_first,
    parse_date,
    year_of,
)
from scraper.extract.pubundated import led_beside, led_by_files, undated_cards, undated_rows
from scraper.extract.types import News, Publication


def _ends_block(line: Line) -> bool:
    """A heading of news below the publications ("Related news", "Latest posts")."""
    return line.heading and not line.links and bool(sel.PUB_BLOCK_END.match(line.text))


def _pub_heads(lines: list[Line]) -> list[int]:
    """Lines that head a publications block: a heading, or a short line that is not a link."""
    match = sel.PUB_HEADING.match
    return [i for i, ln in enumerate(lines) if match(ln.text) and (ln.heading or not ln.whole_link)]


def _under_publications(lines: list[Line], heads: list[int], entry: Entry) -> bool:
    """Whether the nearest block heading above the entry says "Publications"."""
    above = [h for h in heads if h < entry.title]
    return bool(above) and "publication" in lines[above[-1]].text.lower()


def _names_publications(heading: Line) -> bool:
    """Whether a block's heading says publications or reports (not "Resources" or
    "Documents", which also head lists of links, agendas and minutes), outside a sidebar."""
    return not heading.aside and bool(sel.PUB_OWN_HEADING.search(heading.text))


def _entries(
    lines: list[Line],
    heads: list[int],
    other_days: set[int] | frozenset[int] = frozenset(),
    beside_posted: set[int] | frozenset[int] = frozenset(),
) -> tuple[list[Entry], list[int], bool]:
    """The dated entries, the date lines left without a title, and whether dates are labelled.
    `other_days` and `beside_posted`: table cells, as daycolumns.day_columns() tells them."""
    inline: dict[int, str] = {}
    dates, labelled = date_lines(lines, heads, inline, other_days, beside_posted)
    entries, orphans, used = paired(lines, heads, dates, inline)
    if heads and _names_publications(lines[heads[0]]):
        # the page's own "Posted on" beside its "Publications" heading: no entry (helper-205:
        # it hid the undated list below, all three lost)
        entries = [e for e in entries if e.title != heads[0]]
    if labelled and entries:
        entries += undated(lines, entries, used, orphans, heads)
        entries += led_beside(lines, entries, used)
    elif not entries and heads and _names_publications(lines[heads[0]]):
        entries = undated_block(lines, heads, used) or led_by_files(lines, heads[0], used)
    entries += undated_rows(lines, entries, used)  # a table's rows of an empty day cell
    if heads and _names_publications(lines[heads[0]]):  # elsewhere, cards of calls, events
        entries += undated_cards(lines, entries, used, heads[0])
    return entries, orphans, labelled


def _event_date(lines: list[Line], entry: Entry) -> str | None:
    """An entry's "Date: 5 March 2017" line, on a page whose "Posted on" lines made it text:
    its posting day or an event's, nobody can tell."""
    return next(
        (
            lines[j].text
            for j in entry.span
            if DATE_LABEL_LINE.match(lines[j].text) and parse_date(lines[j].text)[0]
        ),
        None,
    )


def _document(
    lines: list[Line], entry: Entry, base: str, site: str, problems: list[str], lang: str = ""
) -> tuple[str | None, bool]:
    """The entry's document (canonical) and whether its title itself links it. `base`: where
    the page's links point from (its <base href>, else its address); `lang`: the page's."""
    # The title's link, then a line that is a link ("Download PDF"), then a link inside a
    # sentence, which may name another file ("updates the <a>2011 roadmap</a>").
    whole = [j for j in entry.span if lines[j].whole_link]
    downloads = [j for j in whole if skip(lines[j])]  # "Download the full report" first
    rest = [j for j in entry.span if not lines[j].whole_link]
    for j in (entry.title, *downloads, *whole, *rest):
        for href, _ in page_language_first(lines[j].links, lang):
            try:
                if absolute := _file(href, site, base):
                    return absolute, j == entry.title
            except ValueError:
                problems.append(f"a broken link in {lines[entry.title].text!r}: {href!r}")
    covers = (href for j in (entry.title, *entry.span) for href in lines[j].covers)
    for href in covers:  # last, a cover image linking the file
        with contextlib.suppress(ValueError):  # a broken one was no file
            if absolute := _file(href, site, base):
                return absolute, False
    return None, False


def _file(href: str, site: str, base: str) -> str | None:
    """The document a link names (canonical), or None for a page; ValueError if broken."""
    absolute = canonical(href, site, base=base)
    return absolute if is_document(absolute) else None


def _links_a_document(lines: list[Line], base: str, site: str) -> bool:
    """Whether any line links a document. Outside a publications block an entry is kept only
    when its title links its file (a table's row needs a publications heading above it too):
    with no block and no such link, no entry can be."""
    for line in lines:
        for href, _ in line.links:
            with contextlib.suppress(ValueError):  # a broken link is no file
                if _file(href, site, base):
                    return True
    return False


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
        base = document_base(tree, url)
        lang = ((tree.root.attributes.get("lang") if tree.root else None) or "")[:2].lower()
    except (ValueError, RuntimeError) as exc:  # selectolax raises these on hopeless input
        return [], [f"unreadable page: {exc}"]
    if not lines:
        return [], ["no text on the page"]
    heads = _pub_heads(lines)
    if not heads and not _links_a_document(lines, base, site):
        return [], []  # no block, and no title can link its file: a news list, a post page
    entries, orphans, labelled = _entries(lines, heads, *day_columns(root))
    ends = (j for j, ln in enumerate(lines) if heads and j > heads[0] and _ends_block(ln))
    block_end = next(ends, len(lines))
    in_block = (lambda i: heads[0] < i < block_end) if heads else (lambda i: False)
    problems = [f"date line without a title: {lines[i].text!r}" for i in orphans if in_block(i)]
    out: list[Publication] = []
    dated = False  # an entry kept has a date line, read or not
    seen: set[tuple[str, str | None, str | None]] = set()
    for entry in entries:
        as_listed = entry.title_text or lines[entry.title].bare
        title = FILE_NOTE.sub("", as_listed) or as_listed  # "Roadmap (PDF, 2 MB)": the note goes
        broken: list[str] = []
        document, title_links_it = _document(lines, entry, base, site, broken, lang)
        descriptions = [lines[j].text for j in entry.desc]
        title = title_from_description(title, document, descriptions) or title  # "GER_2024"
        # In the block, an entry is the list's when dates are labelled there, or when a
        # "Download" line of its own links its file (a table of plain titles and dates).
        downloads = labelled or any(button(lines[j]) for j in entry.span)
        own_block = downloads and in_block(entry.title) and not lines[entry.title].aside
        # A table's row, with its file on the site (a post listing arXiv's papers is no list),
        # under a publications heading, on a page that is no post (a post's table of
        # clippings: review 76)
        listed = (
            document
            and is_on_site(document, site)
            and table_row(lines, entry)
            and under_publications_heading(lines, entry.title)
            and table_may_list(tree, lines[entry.title])
        )
        if not title_links_it and not own_block and not listed:
            continue  # news, a post page, a sidebar's recent posts: not a publications entry
        if (
            not document
            and lines[entry.title].links
            and not _under_publications(lines, heads, entry)
        ):
            continue  # under "Reports" (a category's archive), a title linking no file is a post
        problems += broken
        if sel.PUB_HEADING.match(title):
            problems.append(f"an entry titled like the block: {title!r}")
            continue
        if entry.date_line is not None and entry.posted_on is None:
            text = lines[entry.date_line].text  # a change's day is read, and is no posting's
            unread = "no posting's day" if parse_date(text)[0] else "unreadable date"
            problems.append(f"{unread}: {text!r}")
        if entry.either_way:
            below, above = (day or "no day" for day in entry.either_way)
            problems.append(
                f"undated: {title!r}: {below} if its list's dates stand below their titles,"
                f" {above} if above them; the page does not say which"
            )
        if (title, document, entry.posted_on) in seen:
            continue
        seen.add((title, document, entry.posted_on))
        description = " ".join(lines[j].text for j in entry.desc)
        dated = dated or entry.date_line is not None or entry.either_way is not None
        if (
            entry.date_line is None
            and not entry.either_way
            and (event := _event_date(lines, entry))
        ):
            problems.append(f"undated: its only date is a 'Date:' line, not read: {event!r}")
        out.append(
            Publication(
                title=title,
                posted_on=entry.posted_on,
                posted_on_source=(
                    date_source(lines[entry.date_line].text)
                    if entry.posted_on and entry.date_line is not None
                    else None
                ),
                description=description,
                document_url=document,
                listed_on=listed_on,
                kind=kind_of(title, description, document),
                year=year_of(title, document),
            )
        )
    # "Resources" heads many a footer's links: a block of no dates there is nothing to report
    if heads and not dated and "resources" not in lines[heads[0]].text.lower():
        numeric = [ln.text for ln in lines if NUMERIC_DATE.search(ln.text)]
        hint = f"; dates in a numeric format are not read: {numeric[0]!r}" if numeric else ""
        kept = f" ({len(out)} kept undated)" if out else ""
        problems.append(f"a publications heading but no dated entries{kept}{hint}")
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
