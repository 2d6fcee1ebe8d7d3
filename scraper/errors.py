"""The exception tree. The CLI turns each into one clear line and an exit code.

IsecgError                      exit 1 unless said otherwise
├── UsageError                  exit 2: a wrong option or argument
├── LockHeld                    exit 3: another crawl holds the data directory
├── CrawlFailed                 exit 1: the crawl stopped on an error it could not handle
└── FetchError                  one URL could not be fetched (recorded, the crawl goes on)
    ├── RefusedURL              never requested: off-site, private address, robots.txt
    ├── TooLarge                body or decompressed body over its cap
    ├── TruncatedBody           fewer bytes than Content-Length promised
    ├── BadEncoding             a body whose Content-Encoding cannot be undone
    ├── RetryableStatus         408/425/429/5xx after all attempts (carries the last answer)
    │   └── WaitTooLong         Retry-After over the cap: not waited, the crawl stops politely
    └── TransportError          timeouts, resets, DNS: after all attempts

Exit 4 (finished, but unhealthy) is no exception: the crawl ends normally and says so.
Interrupted, a KeyboardInterrupt (so that no `except Exception` swallows a Ctrl-C), is exit 130.
"""

from __future__ import annotations

from typing import Any


class IsecgError(Exception):
    exit_code = 1


class UsageError(IsecgError):
    exit_code = 2


class LockHeld(IsecgError):
    exit_code = 3


class CrawlFailed(IsecgError):
    pass


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, with what it stopped and how to go on."""


class Terminated(Interrupted):
    """SIGTERM (a service manager's stop, `timeout`), taken as a Ctrl-C is: exit 143."""


class FetchError(IsecgError):
    """A URL that could not be fetched. `url` says which."""

    # the answer as far as it came (scraper.http.Fetched): archived, its body raw (a body
    # that cannot be decoded, or one cut short: WARC-Truncated), as a 503's last answer is
    response: Any = None

    def __init__(self, url: str, message: str) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.why = message  # the line without its URL
        self.attempts = 1  # set by the fetcher once retries are over
        self.elapsed = 0.0

    def explain(self, why: str) -> None:
        """Add why the attempts ended to the one line this error prints."""
        self.args = (f"{self.args[0]}; {why}",)


class RefusedURL(FetchError):
    pass


class TooLarge(FetchError):
    pass


class TruncatedBody(FetchError):
    pass


class BadEncoding(FetchError):
    pass


class RetryableStatus(FetchError):
    def __init__(
        self, url: str, status: int, retry_after: float | None = None, response: Any = None
    ) -> None:
        super().__init__(url, f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after
        self.response = response  # the answer itself (scraper.http.Fetched), to archive


class WaitTooLong(RetryableStatus):
    """The server asked us to come back later than retry_after_max allows. Not waited: a site
    that says so of one URL means it of all, so the crawl stops politely (exit 4)."""


class TransportError(FetchError):
    pass
