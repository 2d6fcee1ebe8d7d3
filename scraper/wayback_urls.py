"""The Wayback's URLs, for `isecg import-wayback` (scraper/wayback.py): its HTTP client's
settings, where a capture is replayed (the id_ form, unrewritten), which capture a replay URL
names (a redirect's), and when the Wayback says the bytes it served were captured."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from archive import urls
from archive.backfill import Listed, timestamp_time
from scraper.http import Fetched
from scraper.settings import Settings

# A replay URL's time and modifier: `20170301000005id_` (a Wayback may shorten the time).
REPLAY_STAMP = re.compile(r"\d{1,14}(?:[a-z]{2}_)?")


def endpoint_settings(settings: Settings) -> Settings:
    """The HTTP client's settings for the Wayback: its endpoint is the one site it may
    contact (and its CDX API's host), one request at a time, a slow backoff."""
    replay, query = urlsplit(settings.wayback_url), urlsplit(settings.cdx_url)
    extra = () if query.netloc == replay.netloc else (query.hostname or "",)
    return settings.but(
        site=settings.wayback_url,
        extra_hosts=extra,
        concurrency=1,
        delay=settings.wayback_delay,
        backoff_base=settings.wayback_backoff,
        backoff_max=max(settings.backoff_max, settings.wayback_backoff),
    )


def replay_url(settings: Settings, item: Listed) -> str:
    """Where the Wayback serves a capture's original bytes, unrewritten (the id_ form)."""
    return f"{settings.wayback_url.rstrip('/')}/{item.timestamp}id_/{item.url}"


def replayed_url(settings: Settings, url: str) -> str | None:
    """The original URL a replay URL (`<wayback>/<timestamp><modifier>/<url>`) serves, or None
    when it is no replay of the endpoint's."""
    replayed = _replayed(settings, url)
    return replayed[1] if replayed else None


def _replayed(settings: Settings, url: str) -> tuple[str, str] | None:
    """(the time and modifier, the original URL) a replay URL of the endpoint names."""
    prefix = settings.wayback_url.rstrip("/") + "/"
    if not url.startswith(prefix):
        return None
    stamp, _, original = url.removeprefix(prefix).partition("/")
    return (stamp, original) if REPLAY_STAMP.fullmatch(stamp) and original else None


def unrewritten(settings: Settings, url: str) -> bool:
    """Whether a replay URL serves the original bytes (`id_`): a redirect to `.../2016/...`,
    `mp_` or `im_` brings the Wayback's toolbar and rewritten links (helper-210: kept as the
    original)."""
    replayed = _replayed(settings, url)
    return replayed is not None and replayed[0].endswith("id_")


def same_page(url: str, other: str, site: str) -> bool:
    """Whether two URLs name one page of the site (http or https, `www.` or not, ...)."""
    try:
        return urls.canonical(url, site) == urls.canonical(other, site)
    except ValueError:  # a bad port, say: no page of the site
        return False


def memento_time(answer: Fetched) -> datetime | None:
    """When the Wayback says the bytes it served were captured (Memento-Datetime)."""
    value = answer.header("memento-datetime")
    try:
        found = email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None
    return found if found is None or found.tzinfo is not None else found.replace(tzinfo=UTC)


def replayed_time(settings: Settings, url: str) -> datetime | None:
    """The capture time a replay URL names in full (`<wayback>/20220620081500id_/...`): where
    a redirect to another time brought the bytes from, when no Memento-Datetime says so."""
    replayed = _replayed(settings, url)
    try:
        return timestamp_time(replayed[0][:14]) if replayed else None
    except ValueError:  # a shortened time, or month 13
        return None


def captured_at(settings: Settings, answer: Fetched, item: Listed) -> datetime | str:
    """When the bytes served were captured: as the Wayback says (Memento-Datetime), else as
    the capture URL it served them from names (a redirect's, or its Content-Location: pywb's
    nearest capture), else as listed, where nothing redirected (helper-195: a copy redirected
    to 2022 without a readable Memento-Datetime was dated 2019). Why the copy cannot be dated
    where the Wayback contradicts itself: a Memento-Datetime other than the time its address
    names (helper-210: copies dated 1970, their posts' own dates then "after the capture"), or
    a redirect to a time no one can read and no Memento-Datetime."""
    memento = memento_time(answer)
    where = answer.header("content-location")
    served_from = urljoin(answer.url, where) if where else answer.url
    served = _replayed(settings, served_from)
    if served is not None and not same_page(served[1], item.url, settings.site):
        # a 200 saying it is another URL's capture (helper-210: kept and cited as this one)
        return f"the Wayback served the capture of another URL ({served[1]})"
    named = replayed_time(settings, served_from) or replayed_time(settings, answer.url)
    if memento is not None and named is not None and memento != named:
        return (
            f"the Wayback's Memento-Datetime ({_stamp(memento)}) is not the time its address"
            f" names ({_stamp(named)})"
        )
    found = memento if memento is not None else named
    if found is not None:
        return found
    if answer.url != replay_url(settings, item):
        return f"the Wayback redirected to {answer.url}, of a time no one can read"
    return timestamp_time(item.timestamp)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def outside_window(
    captured: datetime, window: tuple[str | None, str | None], fetched_at: datetime
) -> str | None:
    """Why a copy captured then is not kept, if it is not: outside the window asked (from,
    to: 14 digits, the import's; a redirect to the nearest time may land years away), or
    after it was fetched (helper-195's copy "of 2027" opened a slice of 2027)."""
    stamp = _stamp(captured)
    start, end = window
    if (start and stamp < start) or (end and stamp > end):
        asked = f"{_day(start) or 'the first'} to {_day(end) or 'the last'}"
        return f"the Wayback's copy is of {stamp}, outside the window asked ({asked})"
    if captured > fetched_at:
        return f"the Wayback's copy says it is of {stamp}, a time still to come"
    return None


def _day(stamp: str | None) -> str | None:
    """A window's bound as given: --from and --to padded to 14 digits read again as the year,
    month or day they were ("20149999999999" is 2014, "20140699999999" 2014-06)."""
    if not stamp or stamp[8:] not in ("000000", "999999"):
        return stamp
    return "-".join(
        part for part in (stamp[:4], stamp[4:6], stamp[6:8]) if part not in ("00", "99")
    )
