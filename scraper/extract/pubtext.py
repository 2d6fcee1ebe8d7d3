"""The words of publication entries: date lines, titles that are no title, kinds and years.

Language, not markup (the markup publications.py relies on is in selectors.py). Labelled date
lines ("Posted on 2 February, 2018", "Posted on 15.03.2024", "Published: 2018-02-02") and bare
ones ("2 February 2018") are read to YYYY-MM-DD. The label words are here; the date after them
is read by dates.parse_text, the one date grammar of the extractors: "2 February, 2018",
"February 2, 2018", "08.04.2020" (dotted: always day first, the site's order) and
"2020-04-08". Slashed dates are read only where one order alone makes a date ("18/09/2020");
"05/06/2020" alone never is, as day and month order is unknown: on a page whose own date lines
show one order, it is read in that order (dayorder.py).

kind and year (KIND_RULES, year_of): first the title, then the description, then the
document's file name; for kind the first matching rule of the table wins, and a document that
matches none is a "report". The year is a 4-digit year in the title, else in the document's
file name (never its upload folder, never the description, which names other years: "an update
of the 2018 roadmap", never the posted-on date): None when neither has one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from archive.text import collapse
from scraper.extract import languages
from scraper.extract.date_labels import CHANGE_WORD as CHANGED
from scraper.extract.dates import POSTING_LINE as POSTING_LINE  # one definition, read here
from scraper.extract.dates import parse_text
from scraper.extract.dayorder import SLASHED_DAY, in_page_order, slashed_order

if TYPE_CHECKING:  # lines.py imports this module
    from scraper.extract.lines import Line

# The words that label a date line; the date after them is read by dates.parse_text, the one
# date grammar of the extractors (day-month, month-day, day-first dotted, ISO).
_LABEL = rf"(?:posted\s+on|published(?:\s+on)?|date|{languages.POSTING_WORDS})\s*:?\s*"
# A whole line that is a date, labelled or bare; "by <author>" may follow a labelled one.
DATE_LINE = re.compile(rf"^\s*(?P<label>{_LABEL})?(?P<date>.+?)(?:\s+by\s+.{{1,60}})?\s*$", re.I)
# A title and a labelled date on one line: "Title (Posted on 2 February, 2018)". Each label
# in the line is tried, first to last.
INLINE_LABEL = re.compile(rf"\s*[-\u2013\u2014|,:(]?\s*\b{_LABEL}", re.I)
# A line labelled only "Date:": where a page has posting lines (dates.POSTING_LINE), it
# gives another date (an event's), not the entry's.
DATE_LABEL_LINE = re.compile(r"^\s*date\b", re.I)
# A file's own facts beside a "Date:" line (Phoca Download's "Size:", "Downloads:"): that day
# is the file's upload, no posting's
FILE_FACT_LINE = re.compile(
    r"^\s*(?:(?:file\s*)?size|filesize|downloads|hits|file\s*type)\s*:", re.I
)
# A labelled line whose date could not be read: still a date line, with no date.
# What follows the label must begin as a date does, with a day or a month and a number:
# "Published on behalf of the 14 agencies" is a sentence.
LABELLED_LINE = re.compile(
    rf"^\s*(?:posted\s+on|published\s+on|published\s*:|{languages.POSTING_WORDS}\s*:?)\s*"
    r"(?=\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)\S.{0,40}$",
    re.I,
)
# Facts one line puts side by side: "Posted on 2 February, 2018 | Updated on 5 March, 2019",
# "Updated on 5 March, 2021 · Posted on 2 February, 2018". A range ("12 - 14 March") is cut
# too, and then read as no date.
SEPARATOR = re.compile(r"\s*(?:[|\u00b7\u2022;]|\s[-\u2013\u2014]\s)\s*")
_SEPARATED = re.compile(rf"({SEPARATOR.pattern})")  # split, the separators kept
_SPELLED_OR_ISO = re.compile(r"[^\W\d_]|^\s*\d{4}-\d\d-\d\d\s*$")
# A publication's own facts beside its date: its kind, reading time or length, file, languages.
# Not kinds that name events, decisions or editions as often ("Briefing", "Review", "Plan",
# "Strategy", "Roadmap", "Guidelines", "Newsletter": a meeting's, an adoption's, a revision's
# or a cover's day beside them, review 111), nor a bare "Paper" (a conference's talk).
_PAPER_KIND = r"(?:policy|research|working|discussion|occasional|white|issue|background|position)"
_OWN_FACT = re.compile(
    rf"^(?:{_PAPER_KIND}\s+papers?"
    rf"|(?:(?:{_PAPER_KIND}|technical|annual)\s+)?(?:reports?|briefs?|stud(?:y|ies)"
    r"|fact\s*sheets?|commentar(?:y|ies)|analys[ie]s|brochures?|rapports?|[ée]tudes?|berichte?"
    r"|studien?|broschüren?|informes?|estudios?|rapport[oi]|studi[oi]|報告書|보고서)"
    r"|\d+\s*(?:min(?:ute)?s?\s+read|pages?|pp?\.|seiten|páginas)"
    r"|(?:pdf|docx?|xlsx?|pptx?|epub)(?:\s*[,:]?\s*\d+(?:[.,]\d+)?\s*[kmg]i?b)?"
    r"|\d+(?:[.,]\d+)?\s*[kmg]i?b"
    r"|(?:e-?isbn|isbn(?:-1[03])?|issn|doi)\s*:?\s*[\dx][\w./\-]*"  # its numbers: a book's own
    r"|(?:(?:english|french|german|spanish|italian|français|deutsch|español|italiano)"
    r"(?:\s*(?:,|and|&)\s*)?)+)$",
    re.I,
)
# Headings a date-led list ("2024-03-12 \u2014 <a>Title</a>") is read under, beside a wholly
# publications heading ("Reports"): a kind of them ("Technical Reports"); not one that merely
# holds the word ("Workshop reports", "News and publications": minutes, press releases,
# transcripts, review 111)
LED_LIST_HEADING = re.compile(
    rf"^(?:{_PAPER_KIND}|technical|annual)\s+(?:reports|papers|publications)$", re.I
)
# One of them labelled as the posting: its date is the entry's, whatever stands beside it.
# "Posted:" is read there alone, among other facts (ExpressionEngine's "Posted: August 20, 2013
# · Edited: ... · Category: ..."), and as a bare date: a line "Posted: <date>" was always
# one, and a page's meta lines, sidebars and forums print it for things that are no
# entry's posting, which a labelled line would make win over the list's own days (review 79).
POSTED_PART = re.compile(
    rf"^(?:(?P<colon>posted\s*(?=:))|posted\s+on|published(?:\s+on)?|{languages.POSTING_WORDS})"
    r"\s*:?\s*(?P<date>.+?)"
    r"(?:\s+by\s+.{1,60})?$",
    re.I,
)
# A version's language as a link to it names it ("EN (PDF, 1.8 MB)", "Français"): NOT_TITLE's
# language alone, page_language_first's version
_LANGUAGE = {
    **dict.fromkeys(("en", "english", "eng"), "en"),
    **dict.fromkeys(("fr", "french", "français", "francais"), "fr"),
    **dict.fromkeys(("de", "german", "deutsch"), "de"),
    **dict.fromkeys(("es", "spanish", "español", "espanol"), "es"),
    **dict.fromkeys(("it", "italian", "italiano"), "it"),
    **dict.fromkeys(("pt", "portuguese", "português", "portugues"), "pt"),
    **dict.fromkeys(("nl", "dutch", "nederlands"), "nl"),
    **dict.fromkeys(("ru", "русский"), "ru"),
    **dict.fromkeys(("zh", "中文"), "zh"),
    **dict.fromkeys(("ar", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629"), "ar"),
    **dict.fromkeys(("ja", "日本語"), "ja"),
    **dict.fromkeys(("ko", "한국어"), "ko"),
}
# Whole-line links that are never a publication's title.
NOT_TITLE = re.compile(
    r"^(?:more\s+publications|more\s+news|older\s+posts|newer\s+posts|read\s+more|download"
    r"|click\s+here)\b"
    # a file's button in the members' languages (probe 19: Spanish "Descargar" titled a report)
    r"|^(?:t[ée]l[ée]charger|herunterladen|scarica(?:re)?|descargar|baixar|скачать|ダウンロード"
    r"|다운로드|下载|last\s+ned|pobierz|descarc[ăa]|завантажити|\u062a\u062d\u0645\u064a\u0644)(?!\w)"
    # these words begin titles too ("Next Steps in Lunar Exploration"): only the whole line
    r"|^(?:(?:view|open)(?:\s+(?:the\s+)?(?:pdf|file|document|report))?|pdf|next|previous|back"
    r"|(?:file\s+|more\s+)?details|more\s+info(?:rmation)?|(?:full\s+)?page\s+history"
    # a version's language alone ("English", "Français", "EN"): a link to one of a work's files
    rf"|{'|'.join(map(re.escape, _LANGUAGE))}"
    r"|(?:19|20)\d\d)\W*$",
    re.I,
)
# Numeric dates, reported when a publications block has no dated entry: "05/06/2020" (order
# unknown, never read), or "18.09.2020" printed beside a title rather than on a line of its own.
# What a list adds after a file's title: "(PDF, 2 MB)", "[pdf]", "(1.2 MB)", "(PDF)", or a
# bare size ("4.2 MB", django CMS's file link).
FILE_NOTE = re.compile(  # brackets full-width too: "PDF（5.1MB）"
    r"\s*[(\[（]\s*(?:(?:pdf|docx?|pptx?|xlsx?)\b(?:\s*[,;:\uff1a\u2013-]?\s*\d+(?:[.,]\d+)?\s*[kmg]i?b)?"
    r"|\d+(?:[.,]\d+)?\s*[kmg]i?b)\s*[)\]）]\s*$|\s+\d+(?:[.,]\d+)?\s*[kmg]i?b\s*$",
    re.I,
)


def names_no_title(text: str) -> bool:
    """Whether a line's text is a button's or a list's link ("Download", "PDF (5 MB)",
    "PDF（5.1MB）"), its file note aside: never a publication's title."""
    return NOT_TITLE.match(FILE_NOTE.sub("", text) or text) is not None


# A heading that names a way to a file or a version of the work, not the work: "Read the
# report", "Full strategy document", "Main document", "Easy read version", "Summary for
# decision-makers" (review 105: each titled a report's box, under its label). "Download..."
# needs none: NOT_TITLE keeps such a line from being a title at all.
FILE_VERSION = re.compile(r"^(?:read|view|open|full|main|easy\s+read|summary)\b", re.I)
# A box's label over its one entry, not a work's title: "Latest report", "Featured", "New this
# month", "Most read", a kind ("Policy brief", "Publication"), in the members' languages. Any
# other short heading may be the work's own title over a button or a version ("Jahresbericht
# 2023" over "Bericht lesen", "Annual Report 2023" over "Accessible version": review 106)
BOX_LABEL = re.compile(
    r"^(?:(?:latest|featured|new|newest|recent|most\s+read|spotlight|highlight(?:ed)?|in\s+focus)"
    r"(?:\s+(?:report|publication|study|brief|research|this\s+month))?"
    r"|(?:policy|research)\s+(?:brief|report)|briefing|working\s+paper|discussion\s+paper"
    r"|publication|publikation|pubblicazione|publicaci[óo]n|publica[çc][ãa]o|publicatie"
    r"|destacad[oa]|destaque|[àa]\s+la\s+une|en\s+vedette|nouveaut[ée]|nouvelle\s+publication"
    r"|uitgelicht|nieuw(?:\s+verschenen)?|neu(?:\s+erschienen)?|aktuelle?\s+(?:studie|publikation)"
    r"|in\s+evidenza|novit[àa]|nuova\s+pubblicazione|novedad|nueva\s+publicaci[óo]n"
    r"|novidade|nova\s+publica[çc][ãa]o|新着|最新|注目)$",
    re.I,
)
FILE_NAME = re.compile(r"^[\w.\-%]+\.(?:pdf|docx?|pptx?|xlsx?|odt|zip)$", re.I)  # a link's text
# A table column of publications' titles, by its header, in the members' languages
TITLE_COLUMN = re.compile(r"^(?:title|titre|titel|t[ií]tulo|titolo|name|nom|名称|タイトル)$", re.I)
# A table column of the posting's day: "Published" (Drupal's sortable header adds its hidden
# "Sort ascending"). Not a bare "Date": in a table of titles and files it holds whatever day
# the rows are about, a meeting's, a deadline's, a revision's (review 75: 23 of 35 pages read
# worse with it).
POSTED_COLUMN = re.compile(  # in the members' languages too ("Date de publication")
    r"^(?:published|publication\s+date|date\s+(?:published|of\s+publication)|posted(?:\s+on)?"
    rf"|{languages.POSTING_WORDS})(?:\s*sort\s+(?:a|de)scending)?$",
    re.I,
)
# Where a row's day comes first, the headers that make it a table of works by day: the day's
# a bare or a posting one, the title's a work's, not a "Name" or "Nom" (an author's, an
# operator's) nor a "Deadline" or "Launch date" before a title (review 118)
DATE_FIRST_COLUMN = re.compile(r"^(?:date|datum|fecha|data|created|日付|公表日|発行日)$", re.I)
WORKS_TITLE_COLUMN = re.compile(r"^(?:title|titre|titel|t[ií]tulo|titolo|タイトル)$", re.I)
# a numeric day in either order, one separator throughout ("05/03/2024", "05-03-2024")
NUMERIC_DATE = re.compile(r"(?<![\d-])\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d{2})(?![\d-])")
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
# Every date form dates.parse_text reads has digits: a line without one is passed over at once
_DIGIT = re.compile(r"\d")
DEFAULT_KIND = "report"  # every ISECG publication is at least a report
# A table's type column names a kind ("Exploration Roadmap", "White paper"): no title.
KIND_NAMES = frozenset(
    {name for name, _ in KIND_RULES}
    | {"exploration roadmap", "global exploration roadmap", "white papers", "annual reports"}
)


def _day(text: str) -> str | None:
    """YYYY-MM-DD of a text that is one date (dates.parse_text), when plausible."""
    value = parse_text(text)
    if value is None or not MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    return value.isoformat()


def _labelled_day(line: str, date: str) -> str | None:
    """The day of a labelled date: read with its label where that says the order of a
    slashed date ("Publié le 12/03/2024" is day first), else alone."""
    return _day(line) if languages.POSTING.match(line) else _day(date)


def parse_date(text: str) -> tuple[str | None, bool]:
    """(YYYY-MM-DD or None, labelled) of a date line; None when it is no valid date."""
    if not _DIGIT.search(text):
        return None, bool(LABELLED_LINE.match(text))
    m = DATE_LINE.match(text)
    value = _labelled_day(collapse(text), m.group("date")) if m else None
    if m is None or value is None:
        # collapsed: no long run of spaces; each part with the separator after it
        pieces = _SEPARATED.split(collapse(text))
        after = [*pieces[2::2], ""]
        for part, separator, next_part in zip(pieces[::2], [*pieces[1::2], ""], after, strict=True):
            posted = POSTED_PART.match(part)
            if posted and (value := _labelled_day(part, posted.group("date"))):
                if separator.strip() in ("-", "\u2013", "\u2014") and _day(next_part):
                    value = None  # "3 June 2024 - 7 June 2024": a range, no day
                return value, not posted.group("colon")
        return None, bool(LABELLED_LINE.match(text))
    return value, bool(m.group("label"))


def facts_day(text: str) -> str | None:
    """The day of a line of a publication's own facts side by side, one of them a spelled date:
    "Policy brief \u00b7 12 March 2024 \u00b7 8 min read", "12 March 2024 | Report | PDF, 2 MB".
    Any other fact (a place, a body, an event, a status, a period) and the line gives no day:
    an event's, a meeting's, a closing or a reference day are printed so too (review 110)."""
    if not _DIGIT.search(text) or not SEPARATOR.search(text):
        return None
    read = [(part, _spelled_day(part)) for part in SEPARATOR.split(collapse(text)) if part]
    days = [day for _, day in read if day is not None]
    others = [part for part, day in read if day is None]
    if len(days) != 1 or not others or not all(_OWN_FACT.match(part) for part in others):
        return None
    return days[0]


def parse_date_first(text: str) -> tuple[str, str] | None:
    """(title, day) of a line led by a date, then a separator, then the title: Hugo's and
    Jekyll's "2024-03-12 \u2014 Title" lists. The caller checks the title is a link's text."""
    if not _DIGIT.search(text):
        return None
    parts = SEPARATOR.split(collapse(text), maxsplit=1)
    if len(parts) != 2 or not parts[1] or _day(parts[1]) is not None:
        return None
    if POSTED_PART.match(parts[0]) or names_no_title(parts[1]):
        return None  # "Published 1 May 2024 \u2013 Download (PDF)": a labelled day, a button
    day = _spelled_day(parts[0])
    return (parts[1], day) if day is not None else None


def _spelled_day(text: str) -> str | None:
    """_day() of a date whose order its form says: a month's name, or ISO's year first. A
    numeric day beside other facts ("17/06/2025 \u2013 Space Weather Week") is left to the
    page's order, which such a line must not set (review 80: two wrong days)."""
    return _day(text) if _SPELLED_OR_ISO.search(text) else None


_CHANGE_AFTER = re.compile(rf",\s*(?:{CHANGED}|{languages.CHANGE_WORD}).*$", re.I)


def parse_inline(text: str) -> tuple[str, str | None] | None:
    """(title, date) of a line "Title - Posted on 2 February, 2018", else None."""
    if not _DIGIT.search(text):
        return None
    for m in INLINE_LABEL.finditer(text):
        title = text[: m.start()].strip()
        rest = text[m.end() :].strip()
        if not title or not rest:
            continue
        label = text[m.start() :].strip().lstrip("-\u2013\u2014|,:(").strip()
        # "Veröffentlicht am 27.10.2022, aktualisiert am 15.11.2022": the change cut off
        label, rest = _CHANGE_AFTER.sub("", label), _CHANGE_AFTER.sub("", rest)
        value = _labelled_day(label.removesuffix(")"), rest.removesuffix(")"))
        if value is not None:
            return title, value
    return None


_NAME_PUNCTUATION = re.compile(r"[-_.+]+")  # compiled at import, not in each worker


def _doc_name(url: str | None) -> str:
    if not url:
        return ""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1]).rsplit(".", 1)[0]
    return _NAME_PUNCTUATION.sub(" ", name)


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


def page_order(lines: list[Line], other_days: set[int] | frozenset[int]) -> str | None:
    """The page's order of slashed days (dayorder.slashed_order), told by its own date lines
    alone: not a sentence, a sidebar, a column of other days ("Updated"), nor a footer's
    "reviewed 13/05/2024" or a cookie notice (review 80: 25 wrong days on 11 of 28 pages).
    Told by one line only, the order must leave the page's slashed days in date order, either
    way: one row typed the other way flips no table (review 82: 54 wrong days on 13 pages)."""
    slashed = [
        line.text
        for line in lines
        if SLASHED_DAY.search(line.text)
        and len(line.text) <= 80
        and not line.aside
        and not line.footer
        and not other_days.intersection(line.ancestors)
    ]
    told = [text for text in slashed if parse_date(text)[0]]
    order = slashed_order(told)
    if order is None or slashed_order(told, 2):
        return order
    days = [day for text in slashed if (day := parse_date(in_page_order(text, order))[0])]
    return order if days in (sorted(days), sorted(days, reverse=True)) else None


def date_source(text: str) -> str:
    """Where an entry's day comes from, by its date line: a "Posted on" line, a "Date:" line
    (which other pages may give an event), or a slashed day read in the page's order."""
    if SLASHED_DAY.search(text) and parse_date(text)[0] is None:
        return "page-order"  # "05/03/2024", read in the order the page's other days show
    return "date-label" if DATE_LABEL_LINE.match(text) else "posted-on"


def inline_dated(line: Line) -> tuple[str, str | None] | None:
    """(title, date) of a line "<a>Title</a> - Posted on 2 February, 2018", else None."""
    both = parse_inline(line.text)
    if both is None:
        return None
    title = FILE_NOTE.sub("", both[0]) or both[0]  # "<a>Title</a> (PDF, 3 MB) - Posted ..."
    return (title, both[1]) if any(text in (both[0], title) for _, text in line.links) else None


def led_by_date(line: Line) -> tuple[str, str] | None:
    """(title, day) of a line "2024-03-12 \u2014 <a>Title</a>", else None: a bare date."""
    both = parse_date_first(line.text)
    if both is None:
        return None
    title = FILE_NOTE.sub("", both[0]) or both[0]
    return both if any(text in (both[0], title) for _, text in line.links) else None


def page_language_first(links: list[tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    """A line's links with the page's language's version first, where each link names a
    language ("FR (PDF, 1.9 MB)", "EN (PDF, 1.8 MB)"): of one work's versions, the one a
    reader of the page takes (probe 27: the French file was an English page's entry's)."""
    words = [
        text.split()[0].strip("()[],:").casefold() if text.split() else "" for _, text in links
    ]
    named = [_LANGUAGE.get(word) for word in words]
    if len(links) < 2 or None in named or lang not in named:
        return links
    return [link for link, version in zip(links, named, strict=True) if version == lang] + [
        link for link, version in zip(links, named, strict=True) if version != lang
    ]
