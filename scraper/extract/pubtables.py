"""A table row read as a publication wherever its table stands: its title in a "Title" column,
its day in a posting's column, its one file in another cell (table_row); the checks around
it, a publications heading above (under_publications_heading) and a page that is no post nor
a table captioned otherwise (table_may_list). Pure functions of the page's lines and tree."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from scraper.extract import selectors as sel
from scraper.extract.lines import Line
from scraper.extract.pubentries import Entry, files, skip
from scraper.extract.pubtext import FILE_NAME, FILE_NOTE, POSTED_COLUMN, TITLE_COLUMN, year_of


def table_row(lines: list[Line], entry: Entry) -> bool:
    """Whether the entry is a row of a table of documents: its title in a "Title" column
    (linking the item's page), its date in a "Published" column of the same row, and another
    cell of that row linking a file by its name or a "Download" button (Drupal's views, a
    Markdown or Gutenberg table); not a form's or a meeting's row, nor one with two files or
    dated years after its title's year. The caller asks the rest: a publications heading
    above it (under_publications_heading), a page that is no post (table_may_list)."""
    title = lines[entry.title]
    row = title.ancestors[1:2]
    if entry.date_line is None or title.aside or not row or not TITLE_COLUMN.match(title.column):
        return False

    def cell(line: Line) -> bool:  # another cell of the title's row
        return line.ancestors[1:2] == row and bool(line.column) and line.column != title.column

    date = lines[entry.date_line]
    if not (cell(date) and POSTED_COLUMN.match(date.column)):
        return False
    if _NOT_PUBLICATION.search(title.text):
        return False
    # "Annual report 2019" published in 2024: the day a site moved its files, not the report's
    # posting (review 78); a year's report comes out that year or the next
    named = year_of(title.text, None)
    if named is not None and entry.posted_on and int(entry.posted_on[:4]) - named > 1:
        return False
    # One file in the row: of two (a French and an English one, a cover and the report) which
    # is the document nobody can tell (review 78)
    in_row = {
        href for j in entry.span if lines[j].ancestors[1:2] == row for href in files(lines[j])
    }
    if len(in_row) != 1:
        return False
    return any(
        cell(line := lines[j])
        and line.whole_link
        and bool(files(line))
        and (skip(line) or FILE_NAME.match(FILE_NOTE.sub("", line.text)) is not None)
        for j in entry.span
    )


def under_publications_heading(lines: list[Line], title: int) -> bool:
    """Whether the nearest heading above a table's row is a publications block's own
    ("Publications", "Reports", "Latest publications", "Publikationen", "刊行物"): not one that
    only holds such a word ("Incident reports", "Related documents", "Calls for papers"), nor
    the page's address (a "/documents/" section of forms, minutes and tenders: review 77)."""
    above = next((line for line in reversed(lines[:title]) if line.heading), None)
    return (
        above is not None
        and sel.PUB_HEADING.match(above.text) is not None
        and sel.PUB_OWN_HEADING.search(above.text) is not None
    )


def table_may_list(tree: LexborHTMLParser, title: Line) -> bool:
    """Whether a table row's title, which table_row and its heading let through, may be a
    publication's: not on a page that is one post (_one_article), nor in a table captioned
    otherwise. Asked only of such rows, which few pages hold."""
    return not _one_article(tree) and not _captioned_otherwise(tree) & set(title.ancestors[:6])


def _one_article(tree: LexborHTMLParser) -> bool:
    """Whether the page says it is one article (a post's meta tag, WordPress's body class): a
    table in it is the post's, no list of the site's documents."""
    body = tree.body
    classes = set((body.attributes.get("class") or "").split()) if body is not None else set()
    meta = tree.css_first('meta[property="article:published_time"]')
    # WordPress's post, Drupal's article node (review 77: its attachments' table read as
    # publications lost the post)
    return meta is not None or any(_POST_CLASS.match(name) for name in classes)


_POST_CLASS = re.compile(  # "page-node-type-press-release", "node-type-news-item" too
    r"^(?:single|single-post|(?:page-)?node-type-(?:article|news|blog|post|press)(?:-[a-z0-9-]+)?)$"
)
# A row's title naming a form to fill in or a meeting's paper, no publication (review 78)
_NOT_PUBLICATION = re.compile(r"\b(?:templates?|forms?|agendas?|minutes|proxy)\b", re.I)


def _captioned_otherwise(tree: LexborHTMLParser) -> set[int]:
    """The tables titled by a caption of their own ("Board meeting papers"), not by the
    publications heading above them (review 78)."""
    return {
        table.mem_id
        for table in tree.css("table")
        if (caption := table.css_first("caption")) is not None
        and not sel.PUB_HEADING.match(caption.text(strip=True))
    }
