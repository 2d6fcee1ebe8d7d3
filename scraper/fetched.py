"""One HTTP exchange as the crawl keeps it (`Fetched`), and what a server's Retry-After
header asks for: the values scraper/http.py returns and reads, kept apart from the client."""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from archive.spool import Spool

NO_BODY_STATUSES = frozenset({204, 304})  # a Content-Length on these describes no bytes sent


@dataclass(frozen=True)
class Fetched:
    """One HTTP exchange as it happened: what a WARC record needs, and the decoded body."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    http_version: str
    status: int
    reason: str
    headers: list[tuple[str, str]]  # as received, in order
    raw: bytes | Spool  # as transferred, still content-encoded; a Spool when fetched spooled
    body: bytes | Spool  # content-decoded
    fetched_at: datetime
    attempts: int = 1
    elapsed: float = 0.0
    ip: str | None = None
    # Why the body is not whole, as WARC-Truncated says it ("length": over the cap,
    # "disconnect": the connection ended early, "time": the total timeout); None when whole
    truncated: str | None = None
    _lower: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def header(self, name: str) -> str | None:
        if not self._lower:
            self._lower.update((k.lower(), v) for k, v in self.headers)
        return self._lower.get(name.lower())

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # str.isdigit alone accepts "²", which float() refuses
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)
