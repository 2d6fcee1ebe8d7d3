"""Dates of the ISECG site as printed for readers: every form it prints, read without guessing.

Pure functions, no I/O. Each printed day becomes a `DateCandidate` that keeps its source and
the raw text it came from; `choose.choose` then picks one by a fixed priority. A wrong date is
worse than a missing one, so every parser refuses what it cannot read without guessing (a
range such as "10-12 March, 2009", a month-first "08/11/2007"). A date alone ("18 September
2020") is already the site's calendar date and stays a date; machine-readable instants, the
site's offsets and what is plausible are instants.py's.

Datelines (the event date a news body opens with, "Yokohama, Japan, 10-12 March, 2009.") are
recognised by `dateline` so they can be kept as an event date; they are never candidates for
the publication date.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache, lru_cache

from archive.text import collapse
from scraper.extract import languages
from scraper.extract.dayorder import in_page_order
from scraper.extract.types import DateCandidate

_MONTHS = {  # English, each month's names and abbreviations
    name: number
    for number, names in enumerate(
        (
            *("january jan", "february feb", "march mar", "april apr", "may", "june jun"),
            *("july jul", "august aug", "september sept sep", "october oct", "november nov"),
            "december dec",
        ),
        start=1,
    )
    for name in names.split()
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def is_day_word(word: str) -> bool:
    """Whether a word names a month or a weekday ("January", "Sept.", "Wednesday,")."""
    bare = word.strip(".,").lower()
    return bare in _MONTHS or bare in _WEEKDAYS or bare in {d[:3] for d in _WEEKDAYS}


_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# After a day, a month of the members' other languages too ("14 Dicembre 2023"), and the day
# may end in a dot ("12. Dezember 2024", "14. December 2023") or be French's "1er"
_DAY_FIRST_MONTH = (
    r"(?P<month>" + "|".join(sorted({*_MONTHS, *languages.MONTHS}, key=len, reverse=True)) + r")\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er)?"
_YEAR = r"(?P<year>\d{4})"
_DAY_NAME = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_WEEKDAY = rf"(?:{_DAY_NAME},?\s+)?"
# After a posting label, the members' other languages' too ("Publié le jeudi 15 avril 2021"):
# alone, "Mittwoch, 12. Mai 2021" is an event's day as often (review 59)
_ANY_WEEKDAY = rf"(?:(?:{_DAY_NAME}|{languages.WEEKDAY}),?\s+)?"
# "Posted on", "Published", "Date:" ... before a date; "Updated" is a modification: no label.
_LABEL = (  # "Posted by <a username, or two or three capitalised words> on": Umbraco's
    # "first published": beside a change's day, the posting's (helper-216's P63, "Updated 2
    # February 2024 — first published 20 January 2024"); a whole text alone, never a sentence
    r"(?:(?:(?:first\s+)?(?:posted|published))(?:\s+by\s+(?:[^\s\d]+|(?-i:[A-Z]\S*(?:\s+[A-Z]\S*){1,2}))"
    r"\s+on\s+|(?:\s+on)?\s*:?\s*)"
    rf"|date\s*:\s*|on\s+|{languages.POSTING_LABEL})?"
)
_TEXT_FORMS = (
    # 18 September 2020, 2 February, 2018, 12. Dezember 2024, 10 de junio de 2021, 20 мая 2025 года
    rf"{_DAY}\.?\s+(?:de\s+)?{_DAY_FIRST_MONTH},?\s+(?:de\s+)?{_YEAR}{languages.YEAR_WORD}",
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # September 18, 2020
    r"(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})",  # 08.11.2007: always day first
    r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})",  # 2020-09-18 printed as text
    # Year first, as Japanese, Korean and Chinese print it: 2025年2月20日（木）, 2025年（令和7年）
    # 2月20日, 2025년 2월 20일, 2025.02.20, 2025. 2. 20., 2025/02/20; never ambiguous
    r"(?P<year>\d{4})\s*年\s*(?:[（(][^）)]{1,10}[）)]\s*)?(?P<mnum>\d{1,2})\s*月\s*"
    r"(?P<day>\d{1,2})\s*日(?:\s*[（(][月火水木金土日一二三四五六][）)])?",
    r"(?P<year>\d{4})\s*년\s*(?P<mnum>\d{1,2})\s*월\s*(?P<day>\d{1,2})\s*일",
    # dotted: both parts of two digits, or spaced as Korean prints them ("2024.10.1" is a
    # document's number as often as a day)
    r"(?P<year>\d{4})\.(?P<mnum>\d{2})\.(?P<day>\d{2})\.?",
    r"(?P<year>\d{4})\.\s(?P<mnum>\d{1,2})\.\s(?P<day>\d{1,2})\.",
    r"(?P<year>\d{4})/(?P<mnum>\d{2})/(?P<day>\d{2})",
)
# What a byline prints after the day: its time ("at 8:55 am") and zone ("(JST)"), then the
# word before the author's or the category's link ("by", "in"). After a time, the author's
# capitalised name may follow in the same text (Sitefinity's "Jun 15, 2024, 00:30 AM By
# Communications Team"; "18 September 2020 by the agencies", "10 June 2021 By Invitation
# Only" are sentences); after a posting label any name may ("Posted 18 Sep 2009 by admin").
# Drupal prints its time after a dash: "Thu, 12/12/2024 - 10:15".
# A time of day after a space, a comma or a dash: "14:25", "9.00 am", "3:00:00 PM" (not
# "18h30": "2h30" is as often a duration, review 50)
_CLOCK = (
    r"(?:,\s*|\s+[-\u2013]\s*|\s+)(?:at\s+)?(?:[01]?\d|2[0-3])"
    r"[:.][0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?m\.?)?(?!\d)"
)
_ZONE = r"(?:\s*\((?-i:JST|KST|CST|IST|MSK|GST|UTC|GMT|CET|CEST|BST|EST|EDT|PST|PDT)\))?"
# "By Invitation Only" and the like after an event's time are no author (review 16)
_NOT_A_NAME = (
    r"(?!\s+(?:invitation|appointment|registration|request|order|e-?mail|phone|post\b|mail"
    r"|video|zoom|webex|teams|application|nomination|reservation|rsvp))"
)
_AUTHOR = rf"(?:\s+by{_NOT_A_NAME}(?-i:(?:\s+[A-Z][\w.'\u2019-]*){{1,3}}))?"
_TIME = rf"(?:{_CLOCK}{_ZONE}{_AUTHOR}|{_ZONE})"
_BY = r"(?:\s+(?:by|in))?"
_ANY_NAME = rf"(?:\s+(?:{languages.BY_WORD}(?:\s+[^\W\d_][\w.'\u2019-]*){{0,4}}|in))?"
# "Posted", "Published", or a posting label of the members' other languages ("Publié le"):
# a line saying it gives the posting's day (pubtext, lists, the generic reader read it here)
POSTING_LINE = re.compile(rf"^\s*(?:(?:posted|published)\b|{languages.POSTING_LABEL})", re.I)
_POSTED = POSTING_LINE
# After a posting label, the byline's other facts may follow, each after a bar or a dot
# ("Posted on Dec 12, 2024 | by admin | Comments (0)", "... 14 Dec 2023 · Meetings"), or
# after a spaced em dash ("Publié le 15 septembre 2022 — mis à jour le 3 février 2023") but
# for a day or a posting right after it: "— 3 June 2021" ends a range, "— posted here 4 June
# 2021" is the site's posting of a document published before (review 69).
# (whole names only in the other languages: "— 3 out of 5 stars" is no Portuguese October)
_MONTH_WORD = "|".join(sorted({*_MONTHS, *languages.MONTH_NAMES}, key=len, reverse=True))
_NO_DASH_FACT = (
    rf"(?!\s*(?:\d{{1,2}}(?:st|nd|rd|th|er)?\.?\s*(?:{_MONTH_WORD})\b|(?:{_MONTH_WORD})\.?\s+\d"
    rf"|\d{{1,4}}[./-]\d|(?:posted|published)\b|{languages.POSTING_WORDS}))"
)
_FACTS = (
    rf"(?:(?:\s*[|\u00b7\u2022]|\s+\u2014{_NO_DASH_FACT})\s*[^|\u00b7\u2022\u2014]{{1,40}}){{0,3}}"
)
# A byline's day, then its change's after a bar or a dot: "12 November 2020 | Updated 24
# November 2020" (helper-216's P51) is the posting's day, the change's told apart
_CHANGED_AFTER = (
    r"(?:\s*[|\u00b7\u2022]\s*(?:last\s+)?(?:updated|modified|revised)\b[^|\u00b7\u2022]{1,40})?"
)
_TAILS = {False: "", True: _TIME + _BY + _CHANGED_AFTER, _POSTED: _TIME + _ANY_NAME + _FACTS}


@cache
def _text_dates(mode: bool | re.Pattern[str]) -> list[re.Pattern[str]]:
    """The whole-text date patterns of a mode (_TAILS), compiled when first asked for: some
    35 ms of compiling that every command's start-up paid, most of them never reading a date."""
    tail = _TAILS[mode]
    weekday = _ANY_WEEKDAY if mode is _POSTED else _WEEKDAY
    return [re.compile(rf"^{_LABEL}{weekday}{form}\.?{tail}$", re.I) for form in _TEXT_FORMS]


def warm_up() -> None:
    """Compile every mode's patterns now (extract.warm_up), not in each reparse's workers."""
    for mode in _TAILS:
        _text_dates(mode)


_TAIL = _TIME + _BY  # slashed dates: read in bylines only
# 18/09/2020 or 09/18/2020, and 18-09-2020 (India's, the Netherlands'): read only when one
# order alone makes a date (a number over 12). One separator throughout: "18/09-2020" is none.
_NUMERIC = r"(?P<{}>\d{{1,2}})(?P<sep>[/-])(?P<{}>\d{{1,2}})(?P=sep)(?P<year>\d{{4}})"
_SLASHED = re.compile(rf"^{_LABEL}{_WEEKDAY}{_NUMERIC.format('a', 'b')}{_TAIL}$", re.I)
# After a label in a day-first language, a slashed date is day first: "Publié le 10/06/2021";
# and its change's day after a dash or a bar, "Pubblicato il 07/05/2024 - Aggiornato il
# 10/05/2024" (helper-216's P22), read day first too and not before the posting's
_CHANGED_SLASHED = (
    rf"\s+[-\u2013\u2014|]\s+{languages.CHANGE_WORD}(?:\s+(?:il|le|am|el|em|op|du))?\s*:?\s*"
    r"(?P<cday>\d{1,2})/(?P<cmnum>\d{1,2})/(?P<cyear>\d{4})"
)
_SLASHED_DAY_FIRST = re.compile(
    rf"^{languages.POSTING_LABEL}{_NUMERIC.format('day', 'mnum')}(?:{_CLOCK})?"
    rf"(?:{_CHANGED_SLASHED})?$",
    re.I,
)
# A notice naming the day a page stopped being current: "This news article was withdrawn on"
# (not a category "Archived" printed before a post's day)
WITHDRAWN = r"\b(?:was|been|were)\s+(?:withdrawn|archived|superseded)"
_URL_DATE = (
    re.compile(r"/news/(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})/?(?:[?#]|$)"),
    re.compile(r"/(?P<year>\d{4})/(?P<mnum>\d{2})/(?P<day>\d{2})/[^/?#]+/?(?:[?#]|$)"),
)
# Dateline: the opening words up to the first year, when they read as a place and a date.
_DATELINE = re.compile(r"^(?P<line>.{0,120}?\b(?:19|20)\d{2})(?P<dot>\.)?(?=\s|$)", re.DOTALL)
_CAPITAL_MONTH = "(?:" + "|".join(n.capitalize() for n in _MONTHS) + ")"
# "10-12 March", "23rd May", or "December 2-3", "November 29": a month next to a day number.
_DATELINE_MONTH = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_CAPITAL_MONTH}\b|\b{_CAPITAL_MONTH}\.?\s+\d{{1,2}}\b"
)
_SENTENCE_END = re.compile(r"[a-z]{2}[.!?]\s")
DATELINE_MAX_WORDS = 12


def parse_text(raw: str, byline: bool = True) -> date | None:
    """A date printed for readers, optionally labelled ("Posted on 2 February, 2018").

    The whole text must be one date: ranges, datelines and sentences are refused. A byline's
    time or trailing "by"/"in" is allowed unless `byline` is False (in a list's item, "12 March
    2021 at 14:00" may be an event's).
    """
    text = collapse(raw)
    return None if len(text) > 60 else _short_text_day(text, byline)


# Remembered: a list page reads each entry's text again at every level it climbs (the short
# texts only, so what is kept stays small)
@lru_cache(maxsize=1024)
def _short_text_day(text: str, byline: bool) -> date | None:
    posted = _POSTED.match(text)
    if byline and (found := _SLASHED_DAY_FIRST.match(text)):
        return _posted_before_change(found)
    for pattern in _text_dates(_POSTED if byline and posted else byline):
        if found := pattern.match(text):
            return _day(found)
    if byline and (found := _SLASHED.match(text)):
        a, b, year = int(found["a"]), int(found["b"]), int(found["year"])
        if (a > 12) == (b > 12) and a != b:
            return None  # 05/06/2020: the 5th of June or the 6th of May, nobody can tell
        day, month = (a, b) if a > 12 else (b, a)
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


def _posted_before_change(found: re.Match[str]) -> date | None:
    """A slashed posting's day; None where its change's day, read the same way, is no day or
    comes before it: the order is then not the one the label's language says."""
    posted = _day(found)
    if posted is None or found["cyear"] is None:
        return posted
    try:
        changed = date(int(found["cyear"]), int(found["cmnum"]), int(found["cday"]))
    except ValueError:
        return None
    return posted if changed >= posted else None


def _day(found: re.Match[str]) -> date | None:
    """The day a match of one of the text forms names (None for a 31st of June)."""
    parts = found.groupdict()
    if parts.get("month") in ("Mars", "MARS"):
        return None  # French prints its months in lower case: "18 Mars 2020" is the planet's
    month = (
        parts.get("mnum")
        or _MONTHS.get(parts["month"].lower())
        or languages.MONTHS[parts["month"].lower()]
    )
    try:
        return date(int(parts["year"]), int(month), int(parts["day"]))
    except ValueError:
        return None


def from_text(
    raw: str, source: str, byline: bool = True, order: str | None = None
) -> DateCandidate | None:
    """A candidate from visible text; a day only, in the site's calendar. `order`: how the
    page writes its slashed days (dayorder.py), which reads one either order could read, its
    source then "<source>-page-order"."""
    value = parse_text(raw, byline)
    # in a byline only, as a slashed day alone is read (review 81: an event's "21/06/2024")
    if value is None and byline and order and (ordered := in_page_order(raw, order)) != raw:
        value, source = parse_text(ordered, byline), f"{source}-page-order"
    return None if value is None else DateCandidate(value.isoformat(), source, collapse(raw))


def from_url(url: str) -> DateCandidate | None:
    """The day in a URL: the portal's /news/YYYY-MM-DD, or a /YYYY/MM/DD/slug permalink."""
    for pattern in _URL_DATE:
        found = pattern.search(url)
        if found:
            try:
                day = date(int(found["year"]), int(found["mnum"]), int(found["day"]))
            except ValueError:
                return None
            return DateCandidate(day.isoformat(), "url", found.group(0))
    return None


def dateline(text: str) -> str | None:
    """The opening dateline of a news body as printed, or None.

    "Yokohama, Japan, 10-12 March, 2009. The International ..." gives
    "Yokohama, Japan, 10-12 March, 2009."; "On 22nd and 23rd May 2012 the technology experts"
    gives "On 22nd and 23rd May 2012". The words before the first year must name a month next
    to a day number, in at most DATELINE_MAX_WORDS words and one sentence.
    """
    text = collapse(text)
    found = _DATELINE.match(text)
    if not found:
        return None
    line = found["line"]
    if len(line.split()) > DATELINE_MAX_WORDS or _SENTENCE_END.search(line):
        return None
    if not _DATELINE_MONTH.search(line):
        return None
    return line + (found["dot"] or "")
