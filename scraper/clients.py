"""The httpx clients we build: what each is made with, the TLS roots loaded once a process, a
cookie jar read only when an answer sets a cookie and bounded as a browser's is, and the one
request that is not the site's (a notification webhook's POST, held to the crawler's address
rules)."""

from __future__ import annotations

import json
import logging
import ssl
import threading
from collections.abc import Mapping
from functools import lru_cache
from http.cookiejar import Cookie, CookieJar
from typing import Any

import httpx

from scraper.addresses import check_site_resolves
from scraper.dialer import checked_sync_transport
from scraper.settings import Settings

log = logging.getLogger("isecg.http")

# Every cookie kept goes back on every request to its host: a site setting 40 new cookies of
# 2 KB on each page grew each request's Cookie header without end (305 small pages, a 2 GB
# WARC file: every request is archived). Bounded as browsers bound them, at what RFC 6265
# (6.1) asks them to keep at least: 50 cookies a host, 4096 bytes a cookie. All of one host's
# together are held to what web servers read as one header line (Apache 8190 bytes, nginx
# 8 KB): a longer Cookie header is answered 400 there anyway.
MAX_COOKIES_PER_HOST = 50
MAX_COOKIE_BYTES = 4096  # name and value
MAX_HOST_COOKIE_BYTES = 8192  # names and values of one host's cookies together


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


def _related(one: str, other: str) -> bool:
    """Whether two cookie domains are one, or one is the other's parent."""
    return one == other or one.endswith("." + other) or other.endswith("." + one)


def _size(cookie: Cookie) -> int:
    return len(cookie.name) + len(cookie.value or "")


class _BoundedJar(CookieJar):
    """The standard library's jar, keeping no more of a host's cookies than the bounds above.
    A cookie past them is dropped as it arrives (those kept stay, as a browser keeps them);
    one that replaces a cookie kept is judged without the one it replaces."""

    def __init__(self) -> None:
        super().__init__()
        self._told: set[str] = set()  # hosts whose dropped cookies were logged

    def set_cookie(self, cookie: Cookie) -> None:
        host = cookie.domain.lstrip(".").lower()
        same = (cookie.domain, cookie.path, cookie.name)
        # counted with every cookie a request may carry beside it: its domain's, its parents'
        # and its subdomains' (helper-209: `Domain=example.org` ones doubled www's bound)
        others = [
            kept
            for kept in self
            if _related(kept.domain.lstrip(".").lower(), host)
            and (kept.domain, kept.path, kept.name) != same
        ]
        if _size(cookie) > MAX_COOKIE_BYTES:
            why = f"a cookie of {_size(cookie)} bytes (over {MAX_COOKIE_BYTES})"
        elif len(others) >= MAX_COOKIES_PER_HOST:
            why = f"more than {MAX_COOKIES_PER_HOST} cookies"
        elif sum(map(_size, others)) + _size(cookie) > MAX_HOST_COOKIE_BYTES:
            why = f"more than {MAX_HOST_COOKIE_BYTES} bytes of cookies"
        else:
            super().set_cookie(cookie)
            return
        if host not in self._told:  # once a host: a site doing this does it on every page
            self._told.add(host)
            log.warning(
                "%s sets %s: cookies past a browser's bounds are dropped, not sent back"
                " (said once a host)",
                host,
                why,
            )


class _SetCookies(httpx.Cookies):
    """A cookie jar read only for an answer that sets a cookie: httpx reads every answer into
    the standard library's jar through a urllib Request built for it, which finds nothing in
    an answer without Set-Cookie (measured: 3% of the crawl loop's time). The jar is bounded
    (_BoundedJar), whatever it is made from."""

    def __init__(self, cookies: Any = None) -> None:
        super().__init__(_BoundedJar())
        if cookies is not None:
            for cookie in httpx.Cookies(cookies).jar:
                self.jar.set_cookie(cookie)

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
