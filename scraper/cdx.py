"""The Wayback CDX API: the query that lists the site's captures, and what its answer means.

Pure functions, no I/O (scraper/wayback.py fetches). One prefix query on the site's host lists
all three generations of the site at once (SITE.md): the pre-2013 portal (`/news/...`), the
classic WordPress under `/wordpress/`, and the root WordPress of 2018 on; the CDX API ignores
the scheme and `www.`, so http and https captures come together. Each listed capture is given
its generation by its path and kept only when it is a page kind the archive reads: home, news
and publication lists, posts, pages (members, publications), portal items, documents, REST.

Two servers speak this API, slightly differently, and both are read:
- the Internet Archive (`output=json`): one JSON array, a header row of field names first
  (urlkey, timestamp, original, mimetype, statuscode, digest, length), 150,000 rows at most,
  then `[]` and `["<resume key>"]` when the list goes on (scraper/wayback_list.py pages it);
- pywb (`output=json`): one JSON object per line, with its own names (url, mime, status).
pywb ignores `collapse=digest`, so collapsing is also done here, the same way: among the
captures of one URL in time order, one whose digest is the previous one's is dropped, so a
page that did not change is fetched once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit

from archive import files, urls
from archive.backfill import Listed, timestamp_time

# The page kinds the archive reads (urls.url_kind), as the capture kinds the builder knows.
KEPT_KINDS = {
    "home": "page",
    "list": "page",
    "post": "page",
    "page": "page",
    "portal": "page",
    "document": "document",
    "rest": "rest",
}
# The payload types each capture kind may have (a page answered with an image is not read). A
# document at a document's address may have been served as any bytes, or its type not known
# to the Wayback ("unk"): the archive reads a PDF by its first bytes, as the crawl does.
MIME_PREFIXES = {
    "page": ("text/html", "application/xhtml"),
    "document": (
        *("application/pdf", "application/msword", "application/vnd.", "application/x-"),
        *("application/octet-stream", "binary/octet-stream", "application/download"),
        *("application/force-download", "unk"),
    ),
    "rest": ("application/json",),
}
# The names pywb uses for the Internet Archive's fields.
ALIASES = {"url": "original", "mime": "mimetype", "status": "statuscode"}
# The fields every capture has: an answer without them lists none (an error, in JSON)
NAMED = frozenset({"original", "timestamp"})


def query_url(
    cdx_url: str, site: str, start: str | None, end: str | None, resume: str | None = None
) -> str:
    """The CDX query listing every successful capture under the site's host, in [start, end]
    (YYYYMMDD or 14-digit timestamps), from `resume` on (the key the answer before ended
    with). The Internet Archive answers 150,000 rows at most, then its resume key (asked
    for by showResumeKey); pywb answers all at once, and ignores it."""
    parts = urlsplit(site)
    params = {
        "url": f"{parts.netloc}/",
        "matchType": "prefix",
        "output": "json",
        "filter": "statuscode:200",
        "collapse": "digest",
        "showResumeKey": "true",
    }
    if start:
        params["from"] = start
    if end:
        params["to"] = end
    if resume:
        params["resumeKey"] = resume
    return f"{cdx_url}?{urlencode(params)}"


def parse(body: bytes) -> list[dict[str, str]]:
    """The rows of a CDX answer, with the Internet Archive's field names; ValueError when the
    answer is neither form (an error page, say)."""
    return parse_page(body)[0]


def parse_page(body: bytes) -> tuple[list[dict[str, str]], str | None]:
    """A CDX answer's rows (as parse gives them), and the resume key it ends with when the
    list goes on (the Internet Archive's array: `..., [], ["<key>"]]`), else None."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return [], None
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as error:
        if text.startswith("["):  # the Internet Archive's one array, cut or broken: say where
            raise ValueError(
                f"the CDX answer is not JSON at line {error.lineno}, column {error.colno}:"
                f" {error.msg}"
            ) from None
        whole = None
    if isinstance(whole, list):  # the Internet Archive: a header row, then one row each
        if not whole:
            return [], None
        header, *rows = whole
        if not all(isinstance(row, list) for row in [header, *rows]):
            raise ValueError("a CDX answer whose rows are not lists")
        if not NAMED.issubset(map(str, header)):  # [["a", "b"]] listed nothing, "done"
            raise ValueError(f"a CDX answer whose header names no capture: {header!r:.80}")
        key = None
        if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:
            key, rows = str(rows[-1][0]), rows[:-2]
        return [dict(zip(header, map(str, row), strict=False)) for row in rows], key
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            raise ValueError(f"CDX line {number} is not JSON: {line[:80]!r}") from None
        if not isinstance(row, dict):
            raise ValueError(f"line {number} of the CDX answer is not a JSON object")
        named = {ALIASES.get(str(k), str(k)): str(v) for k, v in row.items()}
        if not NAMED.issubset(named):  # {"error": "Rate limit exceeded"} listed nothing, "done"
            raise ValueError(f"line {number} of the CDX answer names no capture: {line:.80}")
        found.append(named)
    return found, None


def generation(url: str) -> str:
    """Which generation of the site a URL belongs to (SITE.md): portal, classic or root."""
    path = urlsplit(url).path
    if path.startswith("/wordpress"):
        return "classic"
    if urls.url_kind(url) == "portal" or files.is_portal_file(url):
        return "portal"
    return "root"


def _length(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def listed(rows: Iterable[dict[str, str]], site: str) -> list[Listed]:
    """The captures worth fetching: on the site, of a kind the archive reads, answered 200
    with a payload of that kind, one per run of identical digests of a URL, oldest first."""
    kept: list[Listed] = []
    for row in rows:
        original, timestamp = row.get("original", ""), row.get("timestamp", "")
        try:
            timestamp_time(timestamp)
            on_site = urls.is_on_site(original, site)
            canonical = urls.canonical(original, site) if on_site else ""
        except ValueError:
            continue  # a broken row: nothing to fetch
        kind = KEPT_KINDS.get(urls.url_kind(canonical)) if on_site else None
        mimetype = row.get("mimetype") or ""
        if kind is None or row.get("statuscode") != "200":
            continue
        if not mimetype.lower().startswith(MIME_PREFIXES[kind]):
            continue
        kept.append(
            Listed(
                original,
                timestamp,
                kind,
                generation(original),
                mimetype,
                row.get("statuscode"),
                row.get("digest") or None,
                _length(row.get("length")),
            )
        )
    return collapse(kept, site)


def collapse(items: list[Listed], site: str) -> list[Listed]:
    """Drop each capture whose digest is the one before it of the same URL (canonical form:
    http and https, www. or not, are one URL), as the CDX API's collapse=digest does."""
    last: dict[str, str | None] = {}
    out = []
    for item in sorted(items, key=lambda i: (i.timestamp, i.url)):
        key = urls.canonical(item.url, site)
        if item.digest is not None and last.get(key) == item.digest:
            continue
        last[key] = item.digest
        out.append(item)
    return out
