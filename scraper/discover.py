"""Where URLs come from: links in pages, pagination, REST collections, sitemaps, feeds.

Pure functions of one response (URL, headers, body): they never fetch. The crawl loop asks
`discover()` what a response reveals and decides what to queue (robots, caps, seen).
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import defusedxml.ElementTree as defused
from defusedxml import DefusedXmlException
from selectolax.lexbor import LexborHTMLParser, LexborNode

from archive import files, urls
from archive.decoding import page_text
from archive.lookup import document_base
from archive.parse_cost import TOO_COSTLY, past_parse_budget
from scraper import requisites
from scraper.frontier import Found
from scraper.traps import ANCHOR, MAX_PAGE_LINKS, Cut, past_link_cap, rest_pages, too_many_values

REST_REL = "https://api.w.org/"
REST_PER_PAGE = 100  # WordPress's maximum: the fewest requests for a full listing
# A longer URL is no page of the site (an XML entity expanded into a megabyte, a trap's).
MAX_URL_CHARS = 4096
FEEDS = ("rss", "atom")  # the feed types a page's <link rel="alternate"> names
# Elements that load or point at another resource, besides a[href] and the requisites.
_ALSO_LINKED = (("area", "href"), ("iframe", "src"), ("object", "data"), ("embed", "src"))
# "Load more" buttons and clickable cards: the next page of a list, a post. Scripts put other
# things there too ("false", "{{ post.link }}", a form's REST endpoint): only an address is
# followed, and no REST route (the REST API is walked by its own index).
_DATA_LINKS = ("data-href", "data-url", "data-next-url")
_DATA_ADDRESS = re.compile(r"^(?:https?://|/|\?|\./)[^\s{}$<>]*$", re.IGNORECASE)
_REFRESH = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.I)
# The kinds of URL worth a request. Assets (images, scripts, styles, fonts) are fetched only as
# a page's requisites (scraper/requisites.py): a link to an image is not a reason to fetch it.
FETCHED_KINDS = {
    "rest": "rest",
    "feed": "feed",
    "sitemap": "sitemap",
    "robots": "robots",
    "document": "document",
}


@dataclass
class Discovery:
    found: list[Found] = field(default_factory=list)  # on-site URLs worth fetching
    links: list[tuple[str, bool]] = field(default_factory=list)  # (target, on site) of a[href]
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (as linked, canonical)
    rest_root: str | None = None  # the REST API's root, when this response names it
    cuts: list[Cut] = field(default_factory=list)  # what a trap defence left out
    links_read: int = 0  # link elements of a page read, up to MAX_PAGE_LINKS
    links_left: int = 0  # and those past it, not read

    def requisites(self, targets: list[str]) -> None:
        """Queue what a page or stylesheet loads (on-site, canonical) as assets."""
        for url in targets:
            if len(url) > MAX_URL_CHARS:  # as a link's: no file of the site is named so
                continue
            kind = _url_kind(url)
            self.found.append(Found(url, FETCHED_KINDS.get(kind, "asset"), "requisite"))

    def add(self, url: str, source: str) -> None:
        kind = _url_kind(url)
        if kind == "asset" or len(url) > MAX_URL_CHARS or files.never_fetched(url):
            return
        self.found.append(Found(url, FETCHED_KINDS.get(kind, "page"), source))


def canon(href: str, site: str, base: str) -> str | None:
    """The canonical form of a link, or None for one no URL parser accepts (a bad port...)."""
    try:
        return urls.canonical(href, site, base)
    except ValueError:
        return None


def rest_collection(site: str, route: str, page: int) -> str:
    """The canonical URL of one page of a REST collection, walked whole on every crawl."""
    params = {"rest_route": route, "per_page": str(REST_PER_PAGE), "page": str(page)}
    return urls.canonical("/index.php?" + urlencode(params, safe="/:"), site, site)


def _on_site(url: str | None, site: str) -> str | None:
    return url if url and urls.is_on_site(url, site) else None


def rest_root(site: str) -> str:
    return urls.canonical("/index.php?rest_route=/", site, site)


def reads_links(content_type: str) -> bool:
    """Whether discover looks inside a body of this type: the others are archived, not read.
    A gzip file may be a sitemap (`sitemap.xml.gz`)."""
    return any(kind in content_type for kind in ("json", "html", "xml", "rss", "css", "gzip"))


# A sitemap's or a feed's root element, after the XML declaration, comments and stylesheet
# instructions: what a server sending one as text/html (or gzipped) still sends.
_XML_ROOT = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*)*"
    rb"<(?:urlset|sitemapindex|rss|feed|rdf:RDF)\b",
    re.S,
)
# A gzipped sitemap is read this far, a page's default cap (Settings.max_page_bytes): a gzip
# bomb no further. WordPress writes sitemaps of a few hundred kilobytes.
MAX_SITEMAP_BYTES = 10 * 1024 * 1024


def _gunzipped(body: bytes) -> bytes | None:
    """A gzip file's first MAX_SITEMAP_BYTES, or None when it is no gzip file."""
    try:
        return zlib.decompressobj(wbits=31).decompress(body, MAX_SITEMAP_BYTES)
    except zlib.error:
        return None


def discover(
    url: str,
    content_type: str,
    body: bytes,
    headers: dict[str, str],
    site: str,
    max_rest_pages: int = 100,
) -> Discovery:
    """Everything one response points at. `headers` are lower-cased names."""
    found = Discovery()
    link_header = headers.get("link", "")
    # [^<>] rather than [^>]: a header of many "<" and no ">" is then read in linear time.
    match = re.search(r'<([^<>]+)>\s*;\s*rel="?' + re.escape(REST_REL), link_header)
    if match:
        found.rest_root = _on_site(canon(match.group(1), site, url), site)
    if body[:2] == b"\x1f\x8b" and (plain := _gunzipped(body)) is not None:
        body, content_type = plain, "application/xml"  # a sitemap.xml.gz, or no links at all
    if "json" in content_type:
        _from_rest(url, body, headers, site, found, max_rest_pages)
    elif _XML_ROOT.match(body[:4096]):  # whatever the server calls it
        _from_xml(url, body, site, found)
    elif "html" in content_type:
        _from_html(url, _within_caps(url, page_text(body, content_type), found), site, found)
    elif "xml" in content_type or "rss" in content_type:
        _from_xml(url, body, site, found)
    elif "css" in content_type:
        css = body.decode("utf-8", errors="replace")
        found.requisites(requisites.on_site(requisites.in_css(css), url, site))
    return found


def _within_caps(url: str, text: str, found: Discovery) -> str:
    """A page of far more anchors than MAX_PAGE_LINKS is parsed only up to the anchor past the
    cap: the parser's tree of 300,000 links took some 190 MB, and none of them past the cap is
    read anyway (nor anything after them: the build reads no such page, traps.past_link_cap).
    A page nested so deep its parse would take minutes is parsed up to where it would pass
    archive.parse_cost.MAX_PARSE_WORK (the build reads no such page either)."""
    cut = past_link_cap(text)
    if cut is not None:
        found.links_left += sum(1 for _ in ANCHOR.finditer(text, cut))  # never parsed
        text = text[:cut]
    deep = past_parse_budget(text)
    if deep is not None:  # the parser's time grows with the square of the nesting
        message = f"trap defence: {url} is {TOO_COSTLY}; read up to character {deep:,}"
        found.cuts.append(Cut("page_parse", url, message, 1))
        text = text[:deep]
    return text


def _from_html(url: str, text: str, site: str, found: Discovery) -> None:
    tree = LexborHTMLParser(text)
    base = document_base(tree, url)
    for node in tree.css("link[rel][href]"):
        rel = (node.attributes.get("rel") or "").strip().lower()
        href = (node.attributes.get("href") or "").strip()
        if {"next", "prev"} & set(rel.split()):  # a list's pages, named in the head only
            _add_link(href, base, site, found, record=False)
        elif rel == REST_REL:
            found.rest_root = _on_site(canon(href, site, base), site)
        elif rel == "canonical":
            canonical = _on_site(canon(href, site, base), site)
            if canonical and canonical != url:
                found.aliases.append((url, canonical))
                found.add(canonical, "link")
        elif rel == "alternate" and any(f in (node.attributes.get("type") or "") for f in FEEDS):
            _add_link(href, base, site, found, record=False)
    for node in _within_cap(tree.css("a[href]"), found):
        _add_link(node.attributes.get("href") or "", base, site, found, record=True)
    for tag, attribute in _ALSO_LINKED:  # an image map, an embedded page or PDF
        for node in _within_cap(tree.css(f"{tag}[{attribute}]"), found):
            _add_link(node.attributes.get(attribute) or "", base, site, found, record=False)
    for attribute in _DATA_LINKS:
        for node in _within_cap(tree.css(f"[{attribute}]"), found):
            value = (node.attributes.get(attribute) or "").strip()
            if _DATA_ADDRESS.match(value) and "rest_route" not in value and "wp-json" not in value:
                _add_link(value, base, site, found, record=False)
    if found.links_left:
        total = found.links_read + found.links_left
        message = (
            f"trap defence: {url} holds about {total} links; the first {MAX_PAGE_LINKS} were"
            " read (MAX_PAGE_LINKS), the rest left out"
        )
        found.cuts.append(Cut("page_links", url, message, found.links_left))
    for node in tree.css("meta[http-equiv][content]"):
        refresh = (node.attributes.get("http-equiv") or "").lower() == "refresh"
        if refresh and (target := _REFRESH.search(node.attributes.get("content") or "")):
            _add_link(target.group(1), base, site, found, record=False)
    found.requisites(requisites.on_site(_loads_within_cap(url, tree, found), base, site))


def _loads_within_cap(url: str, tree: LexborHTMLParser, found: Discovery) -> list[str]:
    """What the page loads (requisites.in_html), up to MAX_PAGE_LINKS: a page of 450,000
    srcset images filled the whole frontier and took 12 s to resolve (helper-206)."""
    loads = requisites.in_html(tree)
    if len(loads) > MAX_PAGE_LINKS:
        left = len(loads) - MAX_PAGE_LINKS
        message = (
            f"trap defence: {url} loads about {len(loads)} files; the first {MAX_PAGE_LINKS}"
            " were read (MAX_PAGE_LINKS), the rest left out"
        )
        found.cuts.append(Cut("page_requisites", url, message, left))
    return loads[:MAX_PAGE_LINKS]


def _within_cap(nodes: list[LexborNode], found: Discovery) -> list[LexborNode]:
    """The nodes still within the page's MAX_PAGE_LINKS; the others are counted, not read."""
    room = max(0, MAX_PAGE_LINKS - found.links_read)
    found.links_read += min(room, len(nodes))
    found.links_left += max(0, len(nodes) - room)
    return nodes[:room]


def _add_link(href: str, base: str, site: str, found: Discovery, record: bool) -> None:
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
        return
    resolved = _resolve(href, site, urls.resolution_base(href, base))
    if resolved is None:  # a link no parser reads: nothing to record or follow
        return
    target, on_site, absolute = resolved
    if record:
        found.links.append((target, on_site))
    if on_site:
        if absolute != target:
            found.aliases.append((absolute, target))
        found.add(target, "link")


# Link resolution is most of discovery's time, and most of a site's links are the same on every
# page (menus, sidebars, footers): each is resolved once, from the part of the base URL its
# resolution reads (urls.resolution_base). A bounded cache: a few MB whatever the site's size.
_LINK_CACHE = 4096


@lru_cache(maxsize=_LINK_CACHE)
def _resolve(href: str, site: str, base: str) -> tuple[str, bool, str] | None:
    """(canonical target, on site, absolute as linked without its fragment), or None for a
    link no URL parser reads."""
    target = canon(href, site, base)
    if target is None:
        return None
    return target, urls.is_on_site(target, site), urljoin(base, href).split("#", 1)[0]


_url_kind = lru_cache(maxsize=_LINK_CACHE)(urls.url_kind)


# What a sitemap or a feed names, read by pattern where the XML does not parse: an "&" left
# unescaped in a <loc>, a body cut short.
# Every run is bounded by the next "<" or quote, so a body of unclosed tags reads in linear time.
_XML_URLS = re.compile(
    r"<(?:\w+:)?(?:loc|link|guid)(?:\s[^<>]*)?>\s*([^<\s]+)\s*</"
    r"|\s(?:href|url)=[\"']([^\"'<>]+)[\"']"
)


_ENTITY = re.compile(r"&[\w.:-]+;")  # an entity's reference, as a refused one is left


def _from_xml(url: str, body: bytes, site: str, found: Discovery) -> None:
    body = body.lstrip()  # WordPress sites often send a blank line before "<?xml"
    try:
        root = defused.fromstring(body)  # an entity ("billion laughs") refused, not expanded
    except (ET.ParseError, DefusedXmlException):
        text = body.decode("utf-8", errors="replace")
        source = "sitemap" if "<urlset" in text or "<sitemapindex" in text else "feed"
        texts = [html.unescape(a or b) for a, b in _XML_URLS.findall(text)]
        texts = [t for t in texts if not _ENTITY.fullmatch(t)]  # refused unexpanded: no URL
    else:
        tag = root.tag.rsplit("}", 1)[-1]
        names = {el: el.tag.rsplit("}", 1)[-1] for el in root.iter() if isinstance(el.tag, str)}
        if tag in ("sitemapindex", "urlset"):
            source = "sitemap"
            texts = [el.text or "" for el, name in names.items() if name == "loc"]
        else:  # RSS 2.0 or Atom; an enclosure is a post's file (a PDF)
            source = "feed"
            texts = [el.text or "" for el, name in names.items() if name in ("link", "guid")]
            texts += [el.get("href", "") for el in names if el.tag.endswith("}link")]
            texts += [el.get("url", "") for el, name in names.items() if name == "enclosure"]
    for text in texts:
        if text and text.strip():
            target = _on_site(canon(text.strip(), site, url), site)
            if target:
                found.add(target, source)


def _from_rest(
    url: str,
    body: bytes,
    headers: dict[str, str],
    site: str,
    found: Discovery,
    max_rest_pages: int,
) -> None:
    if too_many_values(body):  # its objects would take hundreds of MB (helper-206)
        return
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        return
    query = parse_qs(urlsplit(url).query)
    route = (query.get("rest_route") or [""])[0]
    if isinstance(data, dict) and isinstance(data.get("routes"), dict):
        # The API's index: walk the collections it offers.
        for collection in ("/wp/v2/posts", "/wp/v2/pages", "/wp/v2/categories"):
            if collection in data["routes"]:
                found.found.append(Found(rest_collection(site, collection, 1), "rest", "rest"))
        return
    items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    for item in items:
        link = item.get("link") if isinstance(item, dict) else None
        if isinstance(link, str):
            target = _on_site(canon(link, site, url), site)
            if target:
                found.add(target, "rest")
    page = (query.get("page") or ["1"])[0]
    claimed = _count(headers.get("x-wp-totalpages"))
    if not (isinstance(data, list) and page == "1" and claimed is not None):
        return
    # Queue every later page at once so they can be fetched side by side: as many as the
    # first page and X-WP-Total make plausible, and never more than max_rest_pages.
    pages = min(
        rest_pages(claimed, _count(headers.get("x-wp-total")), len(data), REST_PER_PAGE),
        max_rest_pages,
    )
    for number in range(2, pages + 1):
        found.found.append(Found(rest_collection(site, route, number), "rest", "rest"))
    if claimed > pages:
        message = (
            f"trap defence: REST {route} claims {claimed} pages (X-WP-TotalPages); walking"
            f" {pages}, as its first page of {len(data)} items, X-WP-Total"
            f" {headers.get('x-wp-total', 'missing')} and max_rest_pages {max_rest_pages} allow"
        )
        found.cuts.append(Cut("rest_pages", route, message, claimed - pages))


def _count(value: str | None) -> int | None:
    """A header's count; an absurd one (40 digits) is read as a billion, cut all the same."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    return min(int(value[:12]) if len(value) > 12 else int(value), 10**9)
