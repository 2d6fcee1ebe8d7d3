"""Instants of the ISECG site: every machine-readable time put in the offset the site used,
and every date checked against the site's lifetime and the capture.

Pure functions, no I/O. The site's offset (SITE_OFFSETS) is applied the same way to every
signal:

- an aware value (ISO 8601 with an offset, an RFC 822 feed date) is an instant: it is
  converted to the offset the site used at that instant, and its date is taken there, so
  `2018-12-31T23:30:00+00:00` (a theme printing UTC) is `2019-01-01T00:30:00+01:00`;
  unless the page prints the day of the value's own offset and not the table's: the table
  is an assumption, so the value then keeps its own offset (choose._as_printed);
- a naive value (ISO without offset) is the site's wall-clock time and gets the offset in
  force at that wall time;
- a REST item carries its own offset exactly: `date` - `date_gmt`;
- a date alone ("18 September 2020", dates.py) is already the site's calendar date and stays
  a date.

`plausible` refuses values before the site existed or after the capture.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from archive.text import collapse
from scraper.extract.types import DateCandidate

# The site's UTC offset over time, as (site wall-clock time it starts at, offset). Seen in the
# REST API (SITE.md): a 2013 record has date == date_gmt, the 2020 and 2024 records are exactly
# one hour ahead of GMT with no daylight saving. The switch is placed at the 2018 move of
# WordPress to the root. Before the first entry the first offset applies.
SITE_OFFSETS: tuple[tuple[datetime, timedelta], ...] = (
    (datetime(2000, 1, 1), timedelta(0)),  # portal and /wordpress/ years: UTC
    (datetime(2018, 1, 1), timedelta(hours=1)),  # from 2018: a fixed UTC+1 setting
)

EARLIEST = date(2007, 1, 1)  # ISECG was set up in 2007; nothing on its site is older
CLOCK_SKEW = timedelta(hours=1)  # the server's clock may run ahead of ours


def site_offset(wall: datetime) -> timedelta:
    """The site's UTC offset at a naive site wall-clock time."""
    offset = SITE_OFFSETS[0][1]
    for start, value in SITE_OFFSETS:
        if wall >= start:
            offset = value
    return offset


def offset_at(instant: datetime) -> timedelta:
    """The site's UTC offset at an aware instant."""
    offset = SITE_OFFSETS[0][1]
    for start, value in SITE_OFFSETS:
        if instant >= (start - value).replace(tzinfo=UTC):
            offset = value
    return offset


def to_site_time(value: datetime) -> datetime:
    """An aware instant in the site's offset; a naive value is taken as site wall-clock time."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=timezone(site_offset(value)))
    return value.astimezone(timezone(offset_at(value)))


def _iso(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat()


_ISO_DAY = re.compile(r"^\d{4}-?\d{2}-?\d{2}")  # compiled at import, not in each worker
# Years a web page's date may name: an events plugin's "no end" (9999-12-31T23:59:59Z) is
# none, and moved to the site's offset it left the calendar (helper-206: the build stopped)
_PLAUSIBLE_YEARS = (1000, 8999)


def parse_iso(raw: str) -> datetime | date | None:
    """An ISO 8601 date or date-time; naive date-times stay naive (the caller localises)."""
    text = collapse(raw)
    if not _ISO_DAY.match(text):
        return None
    try:
        if len(text) in (8, 10) and "T" not in text and " " not in text:
            value: date = date.fromisoformat(text)
        else:
            value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if _PLAUSIBLE_YEARS[0] <= value.year <= _PLAUSIBLE_YEARS[1] else None


def from_iso(raw: str, source: str) -> DateCandidate | None:
    """A candidate from an ISO 8601 attribute (meta content, time[datetime])."""
    value = parse_iso(raw)
    if value is None:
        return None
    if isinstance(value, datetime):
        return DateCandidate(_iso(to_site_time(value)), source, raw)
    return DateCandidate(value.isoformat(), source, raw)


def days_near(value: str) -> set[str]:
    """The days an instant (in the site's offset) falls on in offsets up to two hours off."""
    instant = datetime.fromisoformat(value)
    return {(instant + timedelta(hours=hours)).date().isoformat() for hours in (-2, 2)}


def in_own_offset(raw: str) -> str | None:
    """An instant as its source wrote it (ISO 8601 or RFC 822 with an offset), in that offset
    rather than the site's; None for a value without one."""
    value = parse_iso(raw)
    if not isinstance(value, datetime):
        try:
            value = parsedate_to_datetime(collapse(raw))
        except (TypeError, ValueError, IndexError):
            return None
    return None if value.utcoffset() is None else _iso(value)


def from_rfc822(raw: str, source: str = "feed") -> DateCandidate | None:
    """A candidate from an RSS pubDate ("Fri, 18 Sep 2020 08:55:27 +0100")."""
    try:
        value = parsedate_to_datetime(collapse(raw))
    except (TypeError, ValueError, IndexError):
        return None
    if not _PLAUSIBLE_YEARS[0] <= value.year <= _PLAUSIBLE_YEARS[1]:
        return None
    if value.tzinfo is None:  # "-0000": UTC, with no local offset known
        value = value.replace(tzinfo=UTC)
    return DateCandidate(_iso(to_site_time(value)), source, raw)


def rest_time(local: object, gmt: object) -> datetime | None:
    """WordPress's `date`/`date_gmt` pair (or modified/modified_gmt) as one aware time.

    The offset is exactly `local - gmt`. When gmt is missing, unset ("0000-00-00...") or
    yields an offset no zone uses, the local wall time gets the site's offset instead.
    """
    if not isinstance(local, str):
        return None
    given = parse_iso(local)
    if not isinstance(given, datetime):
        return None
    wall = given.replace(tzinfo=None)
    utc = parse_iso(gmt) if isinstance(gmt, str) else None
    if isinstance(utc, datetime):
        offset = wall - utc.replace(tzinfo=None)
        quarter_hours, rest = divmod(offset, timedelta(minutes=15))
        if not rest and abs(offset) <= timedelta(hours=14):
            return wall.replace(tzinfo=timezone(quarter_hours * timedelta(minutes=15)))
    # A `date` written with its own offset ("...Z") is an instant: not the site's wall time.
    return to_site_time(given)


def from_rest(local: object, gmt: object, source: str = "rest") -> DateCandidate | None:
    """A candidate from a REST item's `date` and `date_gmt`."""
    value = rest_time(local, gmt)
    if value is None:
        return None
    return DateCandidate(_iso(value), source, f"date={local} date_gmt={gmt}")


def _value(candidate: DateCandidate) -> datetime | date | None:
    return parse_iso(candidate.value)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def plausible(candidate: DateCandidate, captured_at: datetime) -> bool:
    """Not before EARLIEST, and not after the capture (give or take CLOCK_SKEW).

    A day alone is compared with the capture's day in the site's offset. A naive captured_at
    is taken as UTC.
    """
    value = _value(candidate)
    limit = _utc(captured_at) + CLOCK_SKEW
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = to_site_time(value)
        return value.date() >= EARLIEST and value <= limit
    if isinstance(value, date):
        return EARLIEST <= value <= to_site_time(limit).date()
    return False
