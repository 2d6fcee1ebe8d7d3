"""Canonical URLs of the ISECG site: one URL per resource across its three generations.

Pure functions, no I/O. The site has been addressed as `/wordpress/?p=N` (2013-2018) and
`/?p=N` (2018 on), over http and https, with and without `www.`; the pre-2013 portal used
paths such as `/news/2008-05-31`. `canonical` maps every alias of a page to one string, so
one post is one record and one frontier entry. It lives in `archive`, not with the crawler
that keys everything by it, so that the archive may look URLs up by it too
(archive/lookup.py): `scraper` uses `archive`, never the reverse.

Rules for URLs on the site (same host as the site, `www.` optional, either scheme):

- scheme and host become the site's; fragments, userinfo and default ports go.
- percent-encoding: hex upper-cased, unreserved characters decoded, raw spaces and
  non-ASCII encoded (`Dust%20Mitigation.pdf` stays as linked); dot segments removed.
- WordPress routes (`/`, `/index.php`, `/wordpress`, `/wordpress/`, `/wordpress/index.php`,
  and `/index.php/` forms) all become `/`; files under `/wordpress/` (`wp-content`, `docs`,
  ...) keep their prefix. Runs of slashes in the path become one.
- on a route, query keys are lower-cased and a repeated key keeps its last value (as PHP
  does); `?p=N` / `?page_id=N` (leading zeros dropped) keep only `feed`, `page` and
  `paged`, the parameters that select a different document; `paged`/`page` of 0 or 1 are
  the list itself and go; tracking parameters (`utm_*`, `fbclid`, ...) and session ids
  (`sid`, `PHPSESSID`, `jsessionid`, ..., and `;jsessionid=` path parameters) go everywhere:
  a session id makes every link new, and a crawl that follows them never ends.
- REST: `rest_route` (decoded, no trailing slash) and `/wp-json/...` become
  `/index.php?rest_route=/wp/v2/...` followed by the other parameters, sorted.
- other parameters are sorted; an empty query is removed.
- trailing slash: kept (`/news/slug/` is Hugo's or Ghost's post, `/news/slug` only a
  redirect to it), except where it is only an alias that archives already hold without it:
  the portal's item, `/news/2008-05-31/` -> `/news/2008-05-31`, and Download Monitor's
  `/download/<slug>/` at the root. (Until helper-58 it was cut on every path
  of two segments or more: a redirect to the slash form then led back to itself.)

URLs off the site keep their path and query (only fragment, case of scheme and host, default
port and percent-encoding are normalised). Non-http(s) URLs (`mailto:` ...) lose only their
fragment. Unparseable URLs (a bad port, a broken IPv6 host) raise ValueError.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit, urlunsplit

from archive.files import DOCUMENT_EXTENSIONS, has_extension, is_asset, is_portal_file

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Paths where WordPress answers by its query vars: the root, before and after the 2018 move.
_ROUTE_PATHS = frozenset(
    {"/", "/index.php", "/wordpress", "/wordpress/", "/wordpress/index.php"}
    | {"/index.php/", "/wordpress/index.php/"}  # PHP's path info: WordPress serves the same
)
_SLASHES = re.compile(r"//+")
# Paths whose trailing slash is an alias, kept without it since the first archives: the
# portal's item, `/news/2008-05-31/`, and Download Monitor's `/download/<slug>/` at the root
# (a document's URL keys its publication: a new form would make it a new one). Elsewhere a
# slash may name another resource (Hugo's `/news/slug/`, to which `/news/slug` redirects):
# cut, the redirect led back to itself.
_ALIAS_SLASH = re.compile(r"^/(?:news/\d{4}-\d{2}-\d{2}|download/[^/]+)/$")
_WP_DIRS = ("/wordpress/", "/wp-")
# Parameters that never change the document: tracking, the comment-reply form, and session
# ids (lower-cased), which a server may mint afresh on every page it serves.
_JUNK = frozenset(
    {
        *("fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_ga", "_gl"),
        "replytocom",
        *("sid", "sessid", "sessionid", "session_id", "session", "phpsessid", "jsessionid"),
        *("cfid", "cftoken", "zenid", "oscsid", "s_sid"),
        # the same page in another dress: a print view, an AMP rendering, Jetpack's sharing
        # redirects (`?share=twitter&nb=1`, to another site)
        *("print", "amp", "share", "nb"),
    }
)
_JUNK_PREFIXES = ("utm_", "aspsessionid")
# A servlet session id carried in the path: /page;jsessionid=ABC?x=1.
_PATH_SESSION = re.compile(r";(?:jsessionid|sessionid|sid|phpsessid)=[^/;]*", re.I)
# Parameters that, next to ?p=N or ?page_id=N, select another document than the bare post.
_ID_KEEP = frozenset({"feed", "page", "paged"})
_AMP = re.compile(r"^(?:amp;)+")
_NUMERIC = frozenset({"p", "page_id", "cat", "paged", "page", "attachment_id", "author"})
_LIST_KEYS = frozenset({"cat", "tag", "tag_id", "m", "year", "monthnum", "author", "paged"})
_WP_JSON = re.compile(r"^(?:/wordpress)?/wp-json(/.*)?$")
_REST_ID = re.compile(r"^/wp/v2/(posts|pages)/(\d+)$")

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PCT_PATH = re.compile(r"%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&'()*+,;=:@/]")
_PCT_QUERY = re.compile(r"%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?]")
# A reference with a host of its own: "http(s)://host" or "//host" ("http:///x" has none and
# takes the base's; leading space is left to the full base, as parsers differ on it).
_WITH_HOST = re.compile(r"(?:https?:)?//[^/?#\s]", re.I)
_QUERY_SAFE = "/:@!$'()*,;"  # left raw in query keys and values; & = + # % are encoded

# Last segments of a section index's address ("/news", "/en/news", "/news/all"): never one post
SECTION_INDEXES = frozenset(
    {"news", "blog", "posts", "articles", "press", "media", "all", "index", "latest"}
)


def _pct(match: re.Match[str]) -> str:
    text = match.group()
    if len(text) == 3 and text[0] == "%":
        char = chr(int(text[1:], 16))
        return char if char in _UNRESERVED else text.upper()
    return quote(text, safe="")  # a raw space, a lone "%", non-ASCII: encode as UTF-8


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 5.2.4, for absolute paths."""
    out: list[str] = []
    for segment in path.split("/")[1:]:
        if segment == "..":
            if out:
                out.pop()
        elif segment != ".":
            out.append(segment)
    tail = "/" if path.endswith(("/.", "/..")) else ""
    return "/" + "/".join(out) + tail


def _netloc(host: str, port: int | None, scheme: str) -> str:
    if ":" in host:  # IPv6 literal: urlsplit removed the brackets
        host = f"[{host}]"
    return host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"


class _Host(NamedTuple):
    name: str  # lower case, without "www."
    port: int | None  # None for the scheme's default port


def _host_of(scheme: str, hostname: str | None, port: int | None) -> _Host:
    # "www.example.org." (a fully qualified name, as a few links write it) is the same host
    name = (hostname or "").lower().rstrip(".").removeprefix("www.")
    return _Host(name, None if port == _DEFAULT_PORTS.get(scheme) else port)


@lru_cache(maxsize=16)
def _site(site: str) -> tuple[str, str, _Host]:
    """The site's scheme, netloc (normalised) and host key."""
    parts = urlsplit(site.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    return scheme, _netloc(host, parts.port, scheme), _host_of(scheme, host, parts.port)


def _is_junk(key: str) -> bool:
    return key.startswith(_JUNK_PREFIXES) or key in _JUNK


def _encode(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(k, safe=_QUERY_SAFE)}={quote(v, safe=_QUERY_SAFE)}" for k, v in pairs)


def _rest_route(value: str) -> str:
    # WordPress strips a trailing slash from the route itself (rest_api_loaded).
    return "/" + value.strip("/")


def _wp_params(path: str, query: str) -> dict[str, str] | None:
    """WordPress query vars of a route URL, None for other paths.

    Keys are lower-cased and the last of repeated keys wins, as in PHP; `/wp-json/R` is
    read as `rest_route=R`.
    """
    rest = _WP_JSON.match(path)
    if path not in _ROUTE_PATHS and not rest:
        return None
    params: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        # "&amp;amp;paged=2" (a theme escaping its link twice) is "&paged=2"
        params[_AMP.sub("", key.lower())] = value
    if rest:
        params["rest_route"] = unquote(rest.group(1) or "/")
    for key in _NUMERIC & params.keys():
        if params[key].isascii() and params[key].isdigit():
            params[key] = str(int(params[key]))
    return params


def _route(params: dict[str, str]) -> tuple[str, str]:
    """Canonical path and query of a WordPress route: `/`, or `/index.php` for REST."""
    params = {k: v for k, v in params.items() if not _is_junk(k)}
    for key in ("paged", "page"):
        if params.get(key) in ("0", "1"):
            del params[key]
    if "rest_route" in params:
        route = _rest_route(params.pop("rest_route"))
        return "/index.php", _encode([("rest_route", route), *sorted(params.items())])
    for id_key in ("p", "page_id"):
        value = params.get(id_key, "")
        if value.isascii() and value.isdigit() and value != "0":
            kept = sorted((k, v) for k, v in params.items() if k in _ID_KEEP)
            return "/", _encode([(id_key, value), *kept])
    return "/", _encode(sorted(params.items()))


def resolution_base(href: str, base: str) -> str:
    """As much of `base` as resolving `href` reads (RFC 3986 5.2.2, which urljoin follows): a
    reference with a host of its own reads only the base's scheme, a path from the root ("/x")
    its scheme and host, any other the whole base. Caches keyed on it keep one entry for the
    menu link every page repeats, not one a page."""
    read = _base_read(base)
    if read is None:  # resolving against it raises the same, uncached
        return base
    if _WITH_HOST.match(href):
        return read[0]
    if href.startswith("/"):
        return read[1]
    return base


@lru_cache(maxsize=1024)  # a page's links share its base, every link of every page the site
def _base_read(base: str) -> tuple[str, str] | None:
    """What a reference with a host of its own, and a path from the root, read of `base`
    (resolution_base); None where no URL parser reads it."""
    try:
        parts = urlsplit(base)
    except ValueError:
        return None
    return f"{parts.scheme}://_/", f"{parts.scheme}://{parts.netloc}/"


def canonical(url: str, site: str, base: str | None = None) -> str:
    """The one URL of the resource `url` names; relative URLs resolve against `base` or `site`."""
    # the site too is a base only as far as `url` reads it: a page's absolute link and the
    # same link resolved against the site are one cache entry, not two
    return _canonical(url, site, resolution_base(url, site if base is None else base))


# Pure, and asked the same again and again (a page's links are seen by discovery and by each
# extractor; menus repeat on every page): most calls of a reparse are repeats. The repeats are
# the menus' links, asked on every page: 2,048 places keep them (a 2,000-post site's pages read
# once: 70% of some 32,700 calls answered from it, 76% with 8,192), 3 MB less in each process.
@lru_cache(maxsize=2048)
def _canonical(url: str, site: str, base: str | None) -> str:
    return _resolved(urljoin(base if base is not None else site, url.strip()), site)


# One absolute URL is reached from several references (a post's `?p=N` in its page's head,
# the same resolved from `/?p=N`, REST's `link`): its canonical form is worked out once.
@lru_cache(maxsize=2048)
def _resolved(joined: str, site: str) -> str:
    parts = urlsplit(joined)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return urlunsplit(parts._replace(fragment=""))
    hostname = (parts.hostname or "").lower()
    port = parts.port  # raises ValueError on a bad port, as documented
    path = _remove_dot_segments(_PCT_PATH.sub(_pct, parts.path or "/"))
    if ";" in path:
        path = _PATH_SESSION.sub("", path)
    site_scheme, site_netloc, site_host = _site(site)
    if _host_of(scheme, hostname, port) != site_host:
        netloc = _netloc(hostname, port, scheme)
        if parts.username is not None:
            netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
        return urlunsplit((scheme, netloc, path, _PCT_QUERY.sub(_pct, parts.query), ""))

    path = _SLASHES.sub("/", path)  # "/wordpress//?p=5": a theme's joined strings; one file
    params = _wp_params(path, parts.query)
    if params is not None:
        path, query = _route(params)
    else:
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        query = _encode(sorted((k, v) for k, v in pairs if not _is_junk(k.lower())))
        if path.endswith("/") and _ALIAS_SLASH.match(path):
            path = path.rstrip("/")
    return urlunsplit((site_scheme, site_netloc, path, query, ""))


class _Parsed(NamedTuple):
    scheme: str
    path: str
    params: dict[str, str]  # WordPress query vars; empty when the path is not a route
    rest_route: str | None


def _parse(url: str) -> _Parsed:
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    params = _wp_params(path, parts.query) or {}
    rest_route = _rest_route(params.pop("rest_route")) if "rest_route" in params else None
    return _Parsed(parts.scheme.lower(), path, params, rest_route)


def _id_in(parsed: _Parsed, key: str, rest_kind: str) -> int | None:
    if parsed.rest_route is not None:
        match = _REST_ID.match(parsed.rest_route)
        return post_number(match.group(2)) if match and match.group(1) == rest_kind else None
    value = parsed.params.get(key, "")
    return post_number(value)


def post_number(value: str) -> int | None:
    """A post id as an address or a class writes it: digits, above 0 and within SQLite's
    integers (helper-206: `?p=9223372036854775808` stopped the build at its insert)."""
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value) or None


@lru_cache(maxsize=1024)  # one address is asked again by discovery and each extractor
def post_id(url: str) -> int | None:
    """N of `?p=N` on any route form, or of a REST `/wp/v2/posts/N` URL."""
    return _id_in(_parse(url), "p", "posts")


def page_id(url: str) -> int | None:
    """N of `?page_id=N` on any route form, or of a REST `/wp/v2/pages/N` URL."""
    return _id_in(_parse(url), "page_id", "pages")


def is_on_site(url: str, site: str) -> bool:
    """Whether an absolute http(s) URL is on the site's host (`www.` and scheme aside).

    A non-default port makes another host: a test server on 127.0.0.1:9000 is not the
    replica on 127.0.0.1:8080. Relative URLs are False: resolve them with `canonical` first.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return False
    try:
        port = parts.port
    except ValueError:
        return False
    return _host_of(scheme, parts.hostname, port) == _site(site)[2]


# Download Monitor, WordPress's most used plugin for files: `?download=N` with plain permalinks,
# `/download/<slug>/` with others. The link answers with the file, or redirects to it.
_DOWNLOAD_PATH = re.compile(r"^(?:/wordpress)?/download/[^/]+/?$")


@lru_cache(maxsize=1024)  # one address is asked again by discovery and each extractor
def is_document(url: str) -> bool:
    """PDF and Office files, by the extension of the path; Download Monitor's links and the
    portal's Document Library."""
    if has_extension(url, DOCUMENT_EXTENSIONS):
        return True
    lowered = url.lower()
    if "download" not in lowered and "/document" not in lowered:
        return False  # most links: not parsed a second time
    parsed = _parse(url)
    return (
        bool(parsed.params.get("download"))
        or bool(_DOWNLOAD_PATH.match(parsed.path))
        or is_portal_file(url)
    )


def is_wordpress_address(url: str) -> bool:
    """Whether a URL is WordPress's: a route (`/`, `/index.php`, `/wordpress/`, with any
    query) or a file of its directories (`/wordpress/...`, `/wp-content/...`)."""
    path = _SLASHES.sub("/", urlsplit(url.strip()).path or "/")
    return path in _ROUTE_PATHS or path.startswith(_WP_DIRS) or bool(_WP_JSON.match(path))


@lru_cache(maxsize=1024)  # one address is asked again by discovery and each extractor
def url_kind(url: str) -> str:
    """What an on-site URL addresses, by its shape alone (check `is_on_site` first).

    One of: rest, feed, sitemap, robots, document, asset, post, page, list (paginated news or
    publication lists, category and date archives), portal (the pre-2013 site: paths such as
    `/news/2008-05-31`, `/about-isecg`, outside the WordPress directories and without a file
    extension), home, other.
    """
    parsed = _parse(url)
    if parsed.scheme not in ("", *_DEFAULT_PORTS):
        return "other"
    if parsed.rest_route is not None:
        return "rest"
    path, params = parsed.path, parsed.params
    last = path.rsplit("/", 1)[-1].lower()
    if path == "/robots.txt":
        return "robots"
    if "sitemap" in params or ("sitemap" in last and last.endswith((".xml", ".xml.gz"))):
        return "sitemap"
    if "feed" in params or path.rstrip("/").endswith("/feed"):
        return "feed"
    if is_document(url):
        return "document"
    if is_asset(url):
        return "asset"
    if path not in _ROUTE_PATHS:
        return "portal" if not path.startswith(_WP_DIRS) and "." not in last else "other"
    params = {k: v for k, v in params.items() if not _is_junk(k)}
    if params.get("paged") in ("0", "1"):
        del params["paged"]
    if _id_in(parsed, "p", "posts") is not None:  # post_id, page_id: the URL parsed once
        return "post"
    if _id_in(parsed, "page_id", "pages") is not None:
        return "list" if "paged" in params else "page"
    if params and params.keys() <= _LIST_KEYS:
        return "list"
    return "home" if not params else "other"
