"""The Wayback's URLs, for `isecg import-wayback` (scraper/wayback.py): its HTTP client's
settings, where a capture is replayed (the id_ form, unrewritten), which capture a replay URL
names (a redirect's), and when the Wayback says the bytes it served were captured."""

from __future__ import annotations

import email.utils
import re
from datetime import datetime
from urllib.parse import urlsplit

from archive import urls
from archive.backfill import Listed
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
    prefix = settings.wayback_url.rstrip("/") + "/"
    if not url.startswith(prefix):
        return None
    stamp, _, original = url.removeprefix(prefix).partition("/")
    return original if REPLAY_STAMP.fullmatch(stamp) and original else None


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
        return email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None
