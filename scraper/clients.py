"""The httpx clients we build: what each is made with, the TLS roots loaded once a process, a
cookie jar read only when an answer sets a cookie, and the one request that is not the
site's (a notification webhook's POST, held to the crawler's address rules)."""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import httpx

from scraper.addresses import check_site_resolves
from scraper.dialer import checked_sync_transport
from scraper.settings import Settings


def client_options(settings: Settings, timeout: httpx.Timeout) -> dict[str, Any]:
    """What every client of ours is built with: redirects are new URLs, checked before they
    are followed (never by httpx), no proxy from the environment, our User-Agent."""
    return {
        "timeout": timeout,
        "follow_redirects": False,
        "trust_env": False,
        "headers": {"User-Agent": settings.user_agent},
        "verify": tls(),
    }


def tls() -> ssl.SSLContext:
    """httpx's own default (certifi's roots, certificates checked), made once a process: each
    client would load the bundle again (a fiftieth of a second, every crawl)."""
    with _ROOTS_LOCK:  # one thread loads them; another asking meanwhile waits for them
        return _roots()


@lru_cache(maxsize=1)
def _roots() -> ssl.SSLContext:
    return httpx.create_ssl_context(trust_env=False)


_ROOTS_LOCK = threading.Lock()


def load_roots() -> None:
    """Load the roots now (scraper/ahead.py does, in a thread, as a crawl starts)."""
    tls()


def post_json(
    url: str, payload: Mapping[str, Any], settings: Settings, timeout: float
) -> httpx.Response:
    """POST payload as JSON to a receiver that is not the site (a notification webhook).

    The site's rules for addresses, not for hosts: http or https only, never a private or
    reserved address, whether the URL names it or its host name resolves to it (loopback is
    allowed, as for the crawler). RefusedURL before anything connects; no redirect followed.
    """
    check_site_resolves(url)  # parses (as check_site), then what the name resolves to
    body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    limit = httpx.Timeout(timeout, connect=min(timeout, settings.connect_timeout))
    transport = checked_sync_transport(verify=tls(), trust_env=False)
    with httpx.Client(**client_options(settings, limit), transport=transport) as client:
        return client.post(url, content=body, headers={"Content-Type": "application/json"})


class _SetCookies(httpx.Cookies):
    """A cookie jar read only for an answer that sets a cookie: httpx reads every answer into
    the standard library's jar through a urllib Request built for it, which finds nothing in
    an answer without Set-Cookie (measured: 3% of the crawl loop's time)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        if "set-cookie" in response.headers or "set-cookie2" in response.headers:
            super().extract_cookies(response)


class Client(httpx.AsyncClient):
    """httpx's client, keeping cookies as it does (a site's cookie check works), in
    _SetCookies: every use of the jar goes through the `cookies` property."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._jar = _SetCookies()

    @property
    def cookies(self) -> httpx.Cookies:
        return self._jar

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        self._jar = _SetCookies(cookies)
