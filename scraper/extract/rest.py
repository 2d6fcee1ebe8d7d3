"""News posts from the WordPress REST API: /wp/v2/posts collections and single items.

Pure functions, no I/O, and never an exception on bad input: an HTML page instead of JSON, a
JSON error object ({"code": "rest_no_route", ...}), a partial or empty list, items with
missing or odd fields all give fewer records (possibly none), never a crash. An item counts
only with a positive integer `id`, a readable `date` and `type` "post" (when given).

Per item: `title.rendered` unescaped (WordPress prints &#8211; and friends); `published` is
`date` with the offset `date - date_gmt`, exactly (instants.rest_time), `modified` likewise from
`modified`/`modified_gmt`; the body is `content.rendered` read by clean.read_body, as a page's
content element is; the URL is the canonical form of `link` (else of /?p=N); categories are
the ids as strings, or names when the response embeds its terms (`_embed`).
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from archive.parse_cost import within_parse_budget
from archive.text import collapse
from archive.urls import canonical, is_on_site, post_id
from scraper.extract import instants
from scraper.extract.clean import read_body
from scraper.extract.types import Candidate, News
from scraper.traps import MAX_JSON_VALUES, too_many_values

TITLE_MAX = 400


def _rendered(field: object) -> str:
    """`{"rendered": "..."}` or a bare string, as the API and some plugins give it."""
    if isinstance(field, dict):
        field = field.get("rendered")
    return field if isinstance(field, str) else ""


_BREAK = re.compile(r"<br\s*/?>", re.I)


def _plain(fragment: str) -> str:
    """Text of an HTML fragment (a rendered title may hold <em> or entities)."""
    if not fragment.strip():
        return ""
    if fragment.isascii() and not any(c in fragment for c in "<&\0"):
        # Nothing to parse (no tag, no entity, no NUL, which a parser drops): the same text,
        # without a parser made for it (most titles: 84 us each, a tenth of a REST page).
        return collapse(fragment)
    # a <br> parts words ("Line<br>Break"); a script's text is no title's
    # a hostile item's title nested thousands deep is read as far as it parses in time
    body = LexborHTMLParser(f"<body>{within_parse_budget(_BREAK.sub(' ', fragment))}</body>").body
    if body is None:
        return ""
    for node in body.css("script, style"):
        node.decompose()
    return collapse(body.text() or "")


def _url(item: dict[str, Any], wp_id: int, site: str) -> str:
    link = item.get("link")
    if isinstance(link, str) and link:
        try:
            url = canonical(link, site)
        except ValueError:
            url = ""
        if url and is_on_site(url, site) and post_id(url) == wp_id:
            return url  # the same form as the HTML record's, so both meet on one URL
    return canonical(f"/?p={wp_id}", site)


def _categories(item: dict[str, Any]) -> tuple[str, ...]:
    """Names from embedded terms when present, else the category ids as strings."""
    names = {}
    embedded = item.get("_embedded")
    terms = embedded.get("wp:term") if isinstance(embedded, dict) else None
    for group in terms if isinstance(terms, list) else []:
        for term in group if isinstance(group, list) else []:
            if isinstance(term, dict) and term.get("taxonomy") == "category":
                names[str(term.get("id"))] = html.unescape(str(term.get("name") or ""))
    ids = item.get("categories")
    ids = ids if isinstance(ids, list) else []
    out = [names.get(str(i)) or str(i) for i in ids if isinstance(i, int | str)]
    if not out:
        out = [n for n in names.values() if n]
    return tuple(dict.fromkeys(out))


def _author(item: dict[str, Any]) -> str | None:
    embedded = item.get("_embedded")
    authors = embedded.get("author") if isinstance(embedded, dict) else None
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        name = authors[0].get("name")
        return collapse(name) if isinstance(name, str) and name.strip() else None
    return None


def _item(item: object, site: str, captured_at: datetime) -> News | None:
    if not isinstance(item, dict):
        return None
    wp_id = item.get("id")
    if isinstance(wp_id, bool) or not isinstance(wp_id, int) or not 0 < wp_id < 10**18:
        return None  # (past SQLite's integers: helper-206)
    if item.get("type", "post") != "post":  # pages, attachments: not news
        return None
    if item.get("status", "publish") != "publish":  # a draft's date is when it was saved
        return None
    found = instants.from_rest(item.get("date"), item.get("date_gmt"))
    if found is None:  # every post has a date: without one this is not a post (or is cut)
        return None
    url = _url(item, wp_id, site)
    title = _plain(_rendered(item.get("title")))[:TITLE_MAX] or None
    changed = instants.from_rest(item.get("modified"), item.get("modified_gmt"))
    if changed is not None and not instants.plausible(changed, captured_at):
        changed = None
    published = found if instants.plausible(found, captured_at) else None
    rendered = within_parse_budget(_rendered(item.get("content")))
    parsed = LexborHTMLParser(f"<body>{rendered}</body>").body
    content = read_body(parsed, url, site) if parsed is not None else None
    categories, author = _categories(item), _author(item)
    given = [
        Candidate("title", title or "", "rest", _rendered(item.get("title"))),
        Candidate.of_date("published", published) if published else None,
        Candidate.of_date("modified", changed) if changed else None,
        Candidate("body", content.text if content else "", "rest"),
        Candidate("categories", json.dumps(list(categories)), "rest") if categories else None,
        Candidate("author", author or "", "rest"),
    ]
    return News(
        url=url,
        wp_id=wp_id,
        title=title,
        title_source="rest" if title else None,
        published=published.value if published else None,
        published_source="rest" if published else None,
        modified=changed.value if changed else None,
        modified_source="rest" if changed else None,
        author=author,
        author_source="rest" if author else None,
        body_text=content.text if content else "",
        body_html=content.html if content else "",
        summary=content.summary if content else "",
        event_date=content.event_date if content else None,
        categories=categories,
        categories_source="rest" if categories else None,
        links=content.links if content else (),
        documents=content.documents if content else (),
        images=content.images if content else (),
        candidates=tuple(c for c in given if c is not None and c.value),
        source="rest",
    )


def rest_data(body: bytes) -> Any:
    """The JSON of a REST answer, also behind the PHP notices a misconfigured server prints
    before it ("<br />\n<b>Deprecated</b>: ... on line <b>12</b><br />\n[{...}]"), then served
    as text/html. ValueError when it holds none, or too many values (RecursionError: nested
    thousands deep)."""
    if too_many_values(body):
        raise ValueError(f"more than {MAX_JSON_VALUES:,} arrays and objects: not read")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, TypeError):
        pass
    text = body.decode("utf-8", errors="replace")
    starts = [at for at in (text.find("[{"), text.find('{"'), text.rfind("[]")) if at >= 0]
    if not starts:
        raise ValueError("no JSON in it")
    value, end = json.JSONDecoder().raw_decode(text, min(starts))
    if text[end:].strip():
        raise ValueError("text after its JSON")
    return value


def news_from_rest(url: str, body: bytes, site: str, captured_at: datetime) -> list[News]:
    """The posts of one REST response (a collection or a single item); [] for anything else.

    `url` is the REST URL fetched; links in a post's content resolve against the post's own URL.
    """
    try:
        data = rest_data(body)
    except (ValueError, RecursionError):
        return []
    return news_from_data(data, site, captured_at)


def news_from_data(data: Any, site: str, captured_at: datetime) -> list[News]:
    """The posts of a REST answer's JSON (rest_data)."""
    items = data if isinstance(data, list) else [data]
    out = []
    for item in items:
        try:
            news = _item(item, site, captured_at)
        except (ValueError, TypeError, RecursionError):
            news = None  # one malformed item does not lose the others
        if news is not None:
            out.append(news)
    return out
