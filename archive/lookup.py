"""A URL as a reader brings it (from a paper, an old link, the address bar), in the forms the
archive may hold it under: `isecg cite URL` and the reading room's `/-/archived` try each in
turn before saying "not archived". And a redirect's Location as a browser reads it (the
crawl follows it so, and the archive reads moves so: as_browsers_read); and where a page's
relative links point from (document_base).

The archive keys pages by their canonical URL (archive/urls.py), so
`http://HOST/wordpress/?p=1950` (the 2013-2018 install, as old papers cite it),
`https://HOST/?p=1950`, `...?p=1950#x` and `...?p=1950&utm_source=x` are all held as
`http://HOST/?p=1950`. The forms, first to try first: the URL as given (what an archive made
under older rules may hold), its canonical form under each site the archive crawled (newest
first), where `aliases` says a link of either form led (a page's `<link rel=canonical>`
can name another URL than the rules give), and where a Wayback capture of those would be
kept (its raw address: either scheme, under `/wordpress/` too). Nothing is fetched; a URL
no parser reads is tried as given only.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit, urlunsplit

from archive import urls

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser

_ABSOLUTE = re.compile(r"^https?://", re.IGNORECASE)  # relative URLs are not resolved: no guess
_SITES = "SELECT site FROM crawls GROUP BY site ORDER BY MAX(id) DESC"


def url_forms(conn: sqlite3.Connection, url: str) -> Iterator[str]:
    """`url`, then the other forms the archive may hold it under, each once. Lazily: a lookup
    that finds the URL as given asks nothing more of the database."""
    yield url
    if not _ABSOLUTE.match(url):
        return
    forms, canonical = [url], []
    for (site,) in conn.execute(_SITES).fetchall():
        try:
            form = urls.canonical(url, site)
        except ValueError:  # a bad port, a broken IPv6 host: no canonical form
            break
        canonical.append(form)
        if form not in forms:
            forms.append(form)
            yield form
    for form in list(forms):
        for (target,) in conn.execute("SELECT url FROM aliases WHERE alias = ?", [form]).fetchall():
            canonical.append(target)
            if target not in forms:
                forms.append(target)
                yield target
    for form in canonical:
        for raw in _as_first_archived(form):
            if raw not in forms:
                forms.append(raw)
                yield raw


def _as_first_archived(url: str) -> list[str]:
    """Where a Wayback capture of a canonical URL may be kept: captures keep the address the
    Internet Archive saw (the CDX `original`): `http://` or `https://`, with or without `www.`
    and the default port, under the 2013-2018 install's `/wordpress/` or at the root, the
    front page as `/index.php` (`http://site/wordpress/?p=296` for `https://www.site/?p=296`)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host or not parts.path.startswith("/"):
        return []
    given = f":{parts.port}" if parts.port is not None else None
    hosts = [host, host.removeprefix("www.") if host.startswith("www.") else "www." + host]
    path = parts.path[len("/wordpress") :] if parts.path.startswith("/wordpress/") else parts.path
    paths = [path, "/wordpress" + path]
    if path == "/":
        paths += ["/index.php", "/wordpress/index.php"]
    return [
        urlunsplit(parts._replace(scheme=scheme, netloc=name + port, path=where))
        for scheme, default in (("http", ":80"), ("https", ":443"))
        for name in hosts
        for port in ((given,) if given else ("", default))
        for where in paths
    ]


def other_sites(conn: sqlite3.Connection, site: str) -> list[str]:
    """The sites the archive's own crawls were of that are not `site` (its host and port,
    `www.` and scheme aside): a crawl of another address keeps its records beside theirs,
    none replaced (a replica started on another port each night is another site)."""
    return [
        crawled
        for (crawled,) in conn.execute(
            "SELECT DISTINCT site FROM crawls WHERE source = 'crawl' ORDER BY site"
        )
        if not urls.is_on_site(crawled, site)
    ]


MIN_LINKED_INSTEAD = 5  # a menu's worth: a few links to a partner site are no sign


def linked_instead(conn: sqlite3.Connection, site: str) -> tuple[str, int, int] | None:
    """(the other site, how many of the home page's links go there, how many links it has)
    where one other host and port gets more than twice the links the home page gives its own
    site, and MIN_LINKED_INSTEAD at least: the site under another name (`localhost` for
    `127.0.0.1`, another domain of its own), whose pages a crawl of `site` never follows
    (helper-192: 18 requests, "done", a partial archive, and nothing said)."""
    home = urls.canonical(site, site)
    targets = [dst for (dst,) in conn.execute("SELECT dst FROM links WHERE src = ?", [home])]
    by_host: dict[str, list[str]] = {}  # host and port -> the schemes its links name
    own = 0
    for dst in targets:
        parts = urlsplit(dst)
        if urls.is_on_site(dst, site):
            own += 1
        elif parts.scheme in ("http", "https"):
            by_host.setdefault(parts.netloc.lower(), []).append(parts.scheme)
    if not by_host:
        return None
    host, schemes = max(by_host.items(), key=lambda item: len(item[1]))
    scheme = max(set(schemes), key=schemes.count)
    count = len(schemes)
    if count < MIN_LINKED_INSTEAD or count <= 2 * own:
        return None
    return f"{scheme}://{host}/", count, len(targets)


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def as_browsers_read(location: str, base: str) -> str | None:
    r"""A Location in the form a browser resolves it (the WHATWG URL standard for http and
    https, where RFC 3986's resolution, urljoin's, differs): a backslash before the query is a
    slash (`http:\\host\x` is http://host/x, not a path on this site); `https:foo/bar`
    from an http page names the host foo; `http:dest` from an http page is the relative
    `dest`, as urljoin reads it too. None where a browser finds no host (`https:`,
    `http://`), which urljoin would read as this page: a URL that cannot be parsed."""
    location = location.strip()
    marks = [at for at in (location.find("?"), location.find("#")) if at >= 0]
    cut = min(marks, default=len(location))
    head, tail = location[:cut].replace("\\", "/"), location[cut:]
    scheme = _SCHEME.match(head)
    if scheme and scheme[1].lower() in ("http", "https"):
        rest = head[scheme.end() :]
        if rest.startswith("//") or scheme[1].lower() != urlsplit(base).scheme.lower():
            rest = rest.lstrip("/")  # any number of slashes, then the host
            if not rest.split("/", 1)[0]:
                return None
            head = f"{scheme[1]}://{rest}"
    return head + tail


def document_base(tree: LexborHTMLParser, url: str) -> str:
    """Where the page's relative links point from: its <base href> as written, resolved
    against its address (made canonical, /wordpress/ would lose its path); its address where
    it has none or no parser reads it (MODX's `<base href="/">` under /news/)."""
    node = tree.css_first("base[href]")
    href = (node.attributes.get("href") or "").strip() if node is not None else ""
    try:
        base = urljoin(url, href) if href else url
    except ValueError:  # "http://[::1": an address no URL parser accepts
        return url
    # a browser ignores a base it cannot resolve against ("javascript:", "data:")
    return base if base.lower().startswith(("http://", "https://")) else url
