"""Extractors: pure functions from one archived response to records. No I/O.

`extract()` picks the extractors a response calls for by its URL and type; each extractor
also says when it could not read a page with confidence, so a broken page never becomes a
record that overwrites a good one.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from archive import urls
from archive.decoding import page_text
from archive.parse_cost import TOO_COSTLY, past_parse_budget
from scraper.extract import article
from scraper.extract import member_selectors as msel
from scraper.extract.lists import list_dates
from scraper.extract.members import members_from_html
from scraper.extract.news import MISSING_PARTS, read_post
from scraper.extract.pagelists import page_lists
from scraper.extract.publications import publications_from_html
from scraper.extract.rest import news_from_data, rest_data
from scraper.extract.signals import BROKEN, BROKEN_BYTES, BROKEN_TITLES, lower_bytes
from scraper.extract.templates import Templates
from scraper.extract.types import Extracted, News
from scraper.traps import MAX_PAGE_LINKS, past_link_cap

PORTAL_ITEM = re.compile(r"/news/\d{4}-\d{2}-\d{2}$")
# A portlet parameter asking for another view than the item's own: another article, version
# or language, another item of a list (an asset publisher's), page N of a list
_OTHER_VIEW = re.compile(r"(?:languageId|urlTitle|assetEntryId|_cur)$")
_OTHER_ARTICLE = re.compile(r"(?:articleId|groupId|version)$")
# The portal's home page under Liferay's own addresses (the site's default community, "guest")
PORTAL_HOME = re.compile(r"^/(?:web/guest(?:/home)?|home)/?$", re.IGNORECASE)
# Pages that answer 200 but are not the page: the phrases of signals.BROKEN anywhere, or an
# error page's <title> (signals.BROKEN_TITLES).
BROKEN_PAGE = re.compile(
    "|".join(re.escape(phrase) for phrase in BROKEN)
    + r"|<title>[^<]*(?:"
    + "|".join(re.escape(word) for word in BROKEN_TITLES)
    + r")[^<]*</title>",
    re.IGNORECASE,
)
# Characters that IGNORECASE matches to an ASCII letter but str.lower() does not make one
# (long s, Kelvin sign, dotted and dotless i): where none is in a page, a phrase can match it
# only if it is in the page's lower-case text.
_FOLDED_TO_ASCII = ("\u017f", "\u212a", "\u0130", "\u0131")
_TITLE_WORDS = tuple(word.encode() for word in BROKEN_TITLES)


def broken_page(html: str) -> re.Match[str] | None:
    """BROKEN_PAGE's first match in the page, or None. The regex (an alternation tried at every
    position: a fifth of a millisecond a page) runs only where a plain search of the page's
    lower-case text for its phrases finds one; that search never misses what the regex finds."""
    if not any(char in html for char in _FOLDED_TO_ASCII):
        lower = lower_bytes(html)
        if not any(phrase in lower for phrase in BROKEN_BYTES) and not (
            b"<title>" in lower and any(word in lower for word in _TITLE_WORDS)
        ):
            return None
    return BROKEN_PAGE.search(html)


# A page of the members' own, by its address or its name (its <title> or <h1>, a site's name
# after a separator aside): "Members", "ISECG Members", "Member agencies", "Our members"
MEMBERS_ADDRESS = re.compile(
    r"(?:isecg-)?(?:members?|member-agencies|membership)|agences-membres",
    re.I,
)
MEMBERS_NAME = re.compile(
    r"<(title|h1)\b[^>]*>\s*(?:[^<|\u2013\u2014]{1,40}\s[|\-\u2013\u2014:]\s+)?(?:the\s+)?"
    r"(?:(?:ISECG\s+|our\s+)?(?:members|member\s+agencies|membership)(?:\s+of\s+(?:the\s+)?ISECG)?"
    rf"|{msel.MEMBERS_WORDS})\s*(?:[|\-\u2013\u2014:][^<]*)?</\1>",
    re.I,
)


# an article read whole that prints no day, or in a section of another kind: a post only
# where a news list dates it or a `?p=N` moved to it (harvest.note), see _article
UNCONFIRMED = "article-unconfirmed"
_AMP_PATH = re.compile(r"(?:^|/)amp(?:/|$)|\.amp\.html?$", re.I)
_AMP_MARK = re.compile(r"<html\b[^>]*?\s(?:amp|\u26a1)(?=[\s=/>])", re.I)  # AMP's own mark


def extract(
    url: str,
    content_type: str,
    body: bytes,
    site: str,
    captured_at: datetime,
    templates: Templates | None = None,
    covered: frozenset[int] | set[int] = frozenset(),
) -> Extracted:
    """Every record one response holds, and the problems that kept any from being read.

    A post page with problems still gives its record when they are only missing parts (no
    body, no title found): the builder keeps it where another source (REST) gave the post
    whole, and holds it back where nothing did. `covered`: the post ids whose REST items
    came whole (their pages are read more cheaply).
    """
    kind = urls.url_kind(url)
    if kind == "portal" and PORTAL_HOME.match(urlsplit(urls.canonical(url, site)).path):
        kind = "home"  # its members block and publications, as the home page's at "/"
    if kind == "rest" and ("json" in content_type or "html" in content_type):
        try:
            data = rest_data(body)
        except (ValueError, RecursionError) as error:
            if "html" in content_type:  # REST switched off, answered by a web page
                return Extracted(url, "rest")
            return Extracted(url, "rest", problems=[f"an unreadable REST answer: {error}"])
        if "/wp/v2/categories" in url:
            return Extracted(url, "rest", categories=categories_from_data(data))
        return Extracted(url, "rest", news=news_from_data(data, site, captured_at))
    if "html" not in content_type:
        return Extracted(url, "other")
    html = page_text(body, content_type)
    broken = broken_page(html)
    if broken:
        return Extracted(url, kind, problems=[f"an error page served as 200: {broken.group(0)!r}"])
    if past_link_cap(html) is not None:  # a link flood: its tree alone would hold ~190 MB
        return Extracted(
            url, kind, problems=[f"a page of more than {MAX_PAGE_LINKS} links: not read"]
        )
    if past_parse_budget(html) is not None:  # its parse alone would take minutes
        return Extracted(url, kind, problems=[f"{TOO_COSTLY}: not read"])
    if amp_copy(url, html, site):  # the page it copies is read (discovery follows it)
        return Extracted(url, "other")
    if kind == "post" or _portal_item(urls.canonical(url, site)):
        wp_id = urls.post_id(url)
        light = wp_id is not None and wp_id in covered
        reading = read_post(url, html, site, captured_at, templates, light)
        page_kind = "post" if kind == "post" else "portal"
        usable = reading.news is not None and set(reading.problems) <= MISSING_PARTS
        return Extracted(
            url,
            page_kind,
            news=[reading.news] if usable and reading.news else [],
            problems=reading.problems,
            fingerprint=reading.fingerprint,
        )
    # the News page's first page is a page: ?page_id=12; another system's pages are at
    # addresses of no WordPress form ("portal", "other": /news/<slug>, /news/page/2/)
    foreign = kind in ("portal", "other") and not urls.is_wordpress_address(url)
    found = Extracted(url, kind)
    publications, problems = publications_from_html(url, html, site)
    found.publications, found.problems = publications, problems
    if kind in ("page", "portal", "other") and members_page(url, html):
        # a redesign's own members page (Hugo's /members/): read where the home page shows
        # no block (harvest.note); a page without one is just a page, no problem
        members, block, problems = members_from_html(url, html, site)
        if block:
            found.members, found.members_block = members, block
            found.problems += problems
    # a page listing publications, or the members, is that list, however it is marked up
    if foreign and len(publications) < 2 and not found.members_block:
        read = _article(url, html, site, captured_at, templates)
        if read is not None and read.page_kind == UNCONFIRMED:
            # what else it lists counts whether or not it is a post, as its list dates do: a
            # publication's entry (review 20; its problems would be the post's)
            read.publications = publications
        if read is not None:
            return read
    if kind in ("list", "home", "page") or foreign:
        if kind == "page":
            found.list_dates, found.sightings = page_lists(url, html, site)
        else:
            found.list_dates = list_dates(url, html, site, any_address=kind == "home" or foreign)
    if kind == "home":
        members, block, problems = members_from_html(url, html, site)
        found.members, found.members_block = members, block
        found.problems += problems
        if not block:
            found.problems.append("no members block on the home page")
    return found


def amp_copy(url: str, html: str, site: str) -> bool:
    """Whether a page is an AMP copy of another of the site's (`<html amp>` or `<html ⚡>`,
    naming another address as canonical): WordPress's AMP plugin serves one at
    `/news/slug/amp/`, `/amp/news/slug/` or `?amp=1` beside the post, which the copy names;
    read, it was a second record of the post (review 14)."""
    if _AMP_MARK.search(html, 0, 4096) is None:
        return False
    tree = LexborHTMLParser(html)
    root, link = tree.css_first("html"), tree.css_first("link[rel='canonical'][href]")
    if root is None or link is None or not {"amp", "\u26a1"} & set(root.attributes):
        return False
    named = urls.canonical(urljoin(url, link.attributes.get("href") or ""), site)
    if not urls.is_on_site(named, site):
        return False
    # A copy's address is the one it names with "amp" in it: a path segment, `x.amp.html`,
    # the query (`?amp`, `?outputType=amp`); an AMP-first site's page naming the home page,
    # or itself, is a page (reviews 15 and 16).
    own = urlsplit(url)
    query = parse_qsl(own.query, keep_blank_values=True)
    marked = any("amp" in (k.lower(), v.lower()) for k, v in query)
    marked = marked or _AMP_PATH.search(own.path) is not None
    named_path = urlsplit(named).path
    itself = named_path.rstrip("/") == own.path.rstrip("/") and not query
    return marked and not itself and _without_amp(own.path) == _without_amp(named_path)


def _without_amp(path: str) -> str:
    """A path without its AMP marks and its index file: `/news/x/amp/index.html` is /news/x."""
    path = re.sub(r"\.amp(?=\.html?$)", "", path, flags=re.I)
    parts = [part for part in path.split("/") if part and part.lower() != "amp"]
    if parts and parts[-1].lower() in ("index.html", "index.htm"):
        parts.pop()
    return "/" + "/".join(parts)


def members_page(url: str, html: str) -> bool:
    """Whether a page is named as the members' own: its address (`/members`, `/member-
    agencies`), or its <title> or <h1> ("ISECG Members", "Member agencies")."""
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return MEMBERS_ADDRESS.fullmatch(last) is not None or MEMBERS_NAME.search(html) is not None


def _article(
    url: str, html: str, site: str, captured_at: datetime, templates: Templates | None
) -> Extracted | None:
    """A page at an address of no record form (a redesign's `/news/<slug>`) that its markup
    says is one news article (article.py), read as a post is at `?p=N`: its record, or the
    problems that kept it from being one; UNCONFIRMED where only the site's other pages can
    say it is a post (undated, or in a section of another kind). None where the page is not
    an article."""
    said = article.signal(html, url, site)
    if said is None:
        return None
    dated = list_dates(url, html, site, any_address=True) if said.unmarked else None
    if dated is not None and PORTAL_ITEM.search(urlsplit(url).path):
        return None  # another portlet's view at an item's address
    reading = read_post(url, html, site, captured_at, templates, article=True)
    news = reading.news
    if dated is not None and len(dated) >= 2 and _its_text_lists(url, news, dated, site):
        return None  # a list, its entries dated
    usable = news is not None and set(reading.problems) <= MISSING_PARTS
    if not said.sure and news is not None and not news.title:
        usable = False  # a weak sign and no title: nothing says this page is one post
    listed = (None, "url", "list", "list-page-order")  # days not printed on the page itself
    printed = news is not None and news.published_source not in listed
    # A post's page prints its day. Hugo's themes mark every page an article: an undated one,
    # one in a section of another kind (/events/<x>), or a page no mark calls an article,
    # read whole is a post only where a news list dates it or a `?p=N` moved to it
    # (harvest.note sees the site's other pages); a sure sign that failed to read says why.
    if usable and news is not None and (said.needs_list or not printed):
        # the days it prints beside other posts' links (a sidebar's) count whether or not it
        # is a post, as any page's
        if dated is None:
            dated = list_dates(url, html, site, any_address=True)
        return Extracted(
            url, UNCONFIRMED, news=[news], list_dates=dated, fingerprint=reading.fingerprint
        )
    if said.needs_list:
        return None
    if not (usable and printed) and not (said.sure and not usable):
        return None
    return Extracted(
        url,
        "article",
        news=[news] if usable and news else [],
        problems=[f"{problem} (an article by its {said.why})" for problem in reading.problems],
        fingerprint=reading.fingerprint,
    )


def _its_text_lists(url: str, news: News | None, dated: dict[Any, Any], site: str) -> bool:
    """Whether a page's text is the dated entries it prints (a list's), not a text beside them
    (a post's "More news" teasers): its body, as read, links two of them or more, or it has
    none; or two of them are at addresses under its own (/news/updates/<post>: it is their
    section's page, showing its first entry whole)."""
    if news is None:
        return True
    try:
        address = urls.canonical(url, site)
    except ValueError:
        address = "?"
    # /news/?id=123 is one post of /news/: what is under /news/ is no child of it
    under = None if "?" in address else address.rstrip("/") + "/"
    if under and sum(isinstance(k, str) and k.startswith(under) for k in dated) >= 2:
        return True
    linked: set[Any] = set()
    for link in news.links:
        try:
            target = urls.canonical(link, site)
        except ValueError:
            continue
        linked |= {target.rstrip("/"), urls.post_id(target)}
    return sum((k.rstrip("/") if isinstance(k, str) else k) in linked for k in dated) >= 2


def _portal_item(url: str) -> bool:
    """A portal item's page: `/news/YYYY-MM-DD`, also as its own portlet (56, Web Content
    Display) answers under Liferay's portlet addresses: its print view, a rating's answer. Not
    another portlet's view at that address (an asset publisher showing another item), nor page
    N of an article split in pages."""
    parts = urlsplit(url)
    if not PORTAL_ITEM.search(parts.path):
        return False
    if not parts.query:
        return True
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    printed = any(k.endswith("_viewMode") and v == "print" for k, v in params.items())
    return params.get("p_p_id", "").startswith("56_") and not any(
        _OTHER_VIEW.search(key)
        or (_OTHER_ARTICLE.search(key) and not printed)  # the print view names its own
        or (key.endswith("_page") and value != "1")
        for key, value in params.items()
    )


def warm_up() -> None:
    """Make now what the extractors make on first use, once per process: the generic reader's
    library and options, the date and site-name patterns, the Public Suffix List's tree, the
    agency table, and the PDF reader (archive.documents imports it on first use). Worker
    processes forked after this start with them (scraper/workers.py), instead of each making
    its own, again at every reparse."""
    import pypdf  # noqa: F401

    from scraper.extract import agencies, dates, generic, naming

    generic.warm_up()
    dates.warm_up()
    naming.warm_up()
    agencies.agency_table()
    agencies.site_key("https://www.example.org/")


def categories_from_data(data: Any) -> dict[str, str]:
    """REST /wp/v2/categories (its JSON): id -> name, so REST posts can say "Publications"."""
    if not isinstance(data, list):
        return {}
    return {  # WordPress escapes the names: "News &amp; Events"
        str(item["id"]): html.unescape(str(item["name"]))
        for item in data
        if isinstance(item, dict) and "id" in item and "name" in item
    }
