"""The replica's page layer, tested through app.handle() with no sockets.

HTTP-level behaviour (gzip, ETag, faults) is tested with the server; here each case checks one
thing the crawler and the extractors rely on: every page kind answers, the three markups really
differ, lists paginate completely, the REST API pages and fails as WordPress does, and the
sitemaps, feed and PDFs are valid.
"""

from __future__ import annotations

import calendar
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pypdf
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode

from tests.fixtures.site.app import Response, handle
from tests.fixtures.site.model import Post, Site, load_site
from tests.fixtures.site.render import parse_time
from tests.fixtures.site.synthetic import synthetic_site

BASE = "http://127.0.0.1:41234"
SITE = load_site("base")
LATER = load_site("later")
NEWS_PAGE = next(p.id for p in SITE.pages if p.title == "News")
PUBS_PAGE = next(p.id for p in SITE.pages if p.title == "Publications")
ABOUT = next(p for p in SITE.pages if p.title == "About ISECG")
ABOUT_PAGE = ABOUT.id
FAQ_PAGE = next(p.id for p in SITE.pages if p.title == "FAQ")
PRIVATE_PAGE = next(p.id for p in SITE.pages if p.title == "Private Area")
NEWS_CAT, PUBS_CAT = 1, 3
TITLED = next(p for p in SITE.posts if p.show_title and p.show_date)
UNTITLED = next(p for p in SITE.posts if not p.show_title)
UNDATED = next(p for p in SITE.posts if not p.show_date)
PORTAL = SITE.portal[0]
POSTED_ON = re.compile(r"Posted on (\d{1,2}) ([A-Z][a-z]+), (\d{4})")
SNS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def get(target: str, site: Site = SITE, rest: str = "on", **kw: Any) -> Response:
    return handle(site, target, BASE, rest, **kw)


def tree(target: str, site: Site = SITE) -> HTMLParser:
    response = get(target, site)
    assert response.status == 200, target
    return HTMLParser(response.body.decode("utf-8"))


def one(doc: HTMLParser | LexborNode, selector: str) -> LexborNode:
    node = doc.css_first(selector)
    assert node is not None, selector
    return node


def body_text(doc: HTMLParser) -> str:
    assert doc.body is not None
    return doc.body.text(separator="\n")


def site_path(href: str, page: str) -> str:
    """href resolved against page and folded to a path+query on the replica (http or https)."""
    url = urlsplit(urljoin(BASE + page, href))
    assert url.netloc == BASE.split("://")[1], href
    return url.path + ("?" + url.query if url.query else "")


def ids_linked(doc: HTMLParser, page: str, selector: str) -> list[int]:
    out = []
    for a in doc.css(selector):
        query = parse_qs(urlsplit(site_path(a.attributes["href"] or "", page)).query)
        out.append(int(query["p"][0]))
    return out


def rest_json(target: str, rest: str = "on", site: Site = SITE) -> tuple[Response, Any]:
    response = get(target, site, rest)
    assert response.content_type.startswith("application/json")
    return response, json.loads(response.body)


# ---- every page kind answers -------------------------------------------------------------

KINDS = [
    ("/", 200, "text/html"),
    ("/index.php", 200, "text/html"),
    ("/wordpress/", 200, "text/html"),
    ("/wordpress", 200, "text/html"),
    (f"/?p={TITLED.id}", 200, "text/html"),
    (f"/index.php?p={TITLED.id}", 200, "text/html"),
    (f"/wordpress/?p={TITLED.id}", 200, "text/html"),
    (f"/?page_id={NEWS_PAGE}", 200, "text/html"),
    (f"/wordpress/?page_id={NEWS_PAGE}&paged=2", 200, "text/html"),
    (f"/?page_id={PUBS_PAGE}", 200, "text/html"),
    (f"/wordpress/?page_id={PUBS_PAGE}", 200, "text/html"),
    (f"/?page_id={ABOUT_PAGE}", 200, "text/html"),
    (f"/wordpress/?page_id={FAQ_PAGE}", 200, "text/html"),
    (f"/?cat={NEWS_CAT}", 200, "text/html"),
    (f"/wordpress/?cat={PUBS_CAT}", 200, "text/html"),
    ("/news/", 200, "text/html"),
    (f"/news/{PORTAL.date}", 200, "text/html"),
    ("/robots.txt", 200, "text/plain"),
    ("/wp-sitemap.xml", 200, "application/xml"),
    ("/wp-sitemap-posts-post-1.xml", 200, "application/xml"),
    ("/wp-sitemap-posts-page-1.xml", 200, "application/xml"),
    ("/?feed=rss2", 200, "application/rss+xml"),
    ("/index.php?rest_route=/", 200, "application/json"),
    (next(iter(SITE.documents)), 200, "application/pdf"),
    (SITE.members[0].logo, 200, "image/png"),
    ("/wp-content/uploads/2024/08/GER2024cover.jpg", 200, "image/png"),
    ("/private-area/", 401, "text/html"),
    (f"/?page_id={PRIVATE_PAGE}", 401, "text/html"),
    ("/no/such/page", 404, "text/html"),
    ("/?p=999999", 404, "text/html"),
    ("/wordpress/?page_id=1", 404, "text/html"),
    ("/?cat=99", 404, "text/html"),
    ("/news/1999-01-01", 404, "text/html"),
    ("/wp-sitemap-posts-post-99.xml", 404, "text/html"),
    ("/wp-content/uploads/missing.pdf", 404, "text/html"),
]


@pytest.mark.parametrize(("target", "status", "content_type"), KINDS)
def test_page_kind_answers(target: str, status: int, content_type: str) -> None:
    response = get(target)
    assert (response.status, response.content_type.split(";")[0]) == (status, content_type)


@pytest.mark.parametrize("target", ["/", "/wordpress/", f"/?page_id={NEWS_PAGE}", "/news/"])
def test_later_state_renders(target: str) -> None:
    assert get(target, LATER).status == 200


@pytest.mark.parametrize("target", ["/", "/wordpress/", f"/?p={TITLED.id}", "/news/"])
def test_footer_is_the_theme_copyright(target: str) -> None:
    assert "Copyright ©2018 ESA. All rights reserved." in body_text(tree(target))


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (f"/?p={TITLED.id}", f"{BASE}/?p={TITLED.id}"),
        (f"/wordpress/?p={TITLED.id}", None),
        (f"/news/{PORTAL.date}", None),
    ],
)
def test_canonical_link_only_in_the_root_theme(target: str, expected: str | None) -> None:
    node = tree(target).css_first('link[rel="canonical"]')
    assert (node.attributes["href"] if node else None) == expected


# ---- three markups -----------------------------------------------------------------------

MARKUP_CASES = [
    (f"/wordpress/?p={TITLED.id}", "h1.entry-title", True),
    (f"/wordpress/?p={TITLED.id}", "article.hentry", True),
    (f"/wordpress/?p={TITLED.id}", "time.entry-date[datetime]", True),
    (f"/wordpress/?p={TITLED.id}", f"body.single.postid-{TITLED.id}", True),
    (f"/?p={TITLED.id}", ".entry-title", False),
    (f"/?p={TITLED.id}", ".hentry", False),
    (f"/?p={TITLED.id}", "time", False),
    (f"/?p={TITLED.id}", "div.gse-article h2.news-title", True),
    (f"/?p={TITLED.id}", "span.news-date", True),
    (f"/?p={TITLED.id}", 'meta[property="article:published_time"]', True),
    (f"/?p={TITLED.id}", f"body.postid-{TITLED.id}", True),
    (f"/news/{PORTAL.date}", ".entry-title, .news-title, .hentry, time", False),
    (f"/news/{PORTAL.date}", "td.portlet-title", True),
]


@pytest.mark.parametrize(("target", "selector", "present"), MARKUP_CASES)
def test_markups_differ(target: str, selector: str, present: bool) -> None:
    assert (tree(target).css_first(selector) is not None) is present


@pytest.mark.parametrize(
    ("target", "label"),
    [
        ("/", "Science Perspectives"),
        ("/wordpress/", "Science & Exploration"),
    ],
)
def test_nav_label_differs_by_prefix(target: str, label: str) -> None:
    labels = [a.text() for a in tree(target).css("nav a")]
    assert label in labels and "Private Area" in labels


def test_portal_has_its_label_and_download_block() -> None:
    item = next(n for n in SITE.portal if n.documents)
    text = body_text(tree(f"/news/{item.date}"))
    assert "Web Content Display" in text
    assert re.search(r"File Type: PDF Size: \d+KB\s+DOWNLOAD", text)
    assert "wp-content/themes" not in get(f"/news/{item.date}").body.decode()


@pytest.mark.parametrize("post", [TITLED, SITE.post(1109), SITE.post(296)], ids=lambda p: str(p.id))
def test_same_post_same_title_under_both_prefixes(post: Post) -> None:
    root = one(tree(f"/?p={post.id}"), "h2.news-title").text(strip=True)
    classic = one(tree(f"/wordpress/?p={post.id}"), "h1.entry-title").text(strip=True)
    assert root == classic == post.title


@pytest.mark.parametrize("target", [f"/?p={UNTITLED.id}", f"/wordpress/?p={UNTITLED.id}"])
def test_hidden_title_only_in_head(target: str) -> None:
    doc = tree(target)
    assert doc.css_first(".entry-title, .news-title, article h1, .gse-article h2") is None
    title = doc.css_first("title")
    assert title is not None and UNTITLED.title in title.text()


@pytest.mark.parametrize(
    ("target", "selector"),
    [(f"/?p={UNDATED.id}", "span.news-date"), (f"/wordpress/?p={UNDATED.id}", "time")],
)
def test_hidden_date_not_shown(target: str, selector: str) -> None:
    assert tree(target).css_first(selector) is None


def test_hidden_date_still_in_root_meta() -> None:
    meta = tree(f"/?p={UNDATED.id}").css_first('meta[property="article:published_time"]')
    assert meta is not None and meta.attributes["content"] == UNDATED.published


@pytest.mark.parametrize(
    ("target", "selector", "attribute", "expected"),
    [
        # odd id: the classic theme prints UTC; even id: the post's own offset
        ("/wordpress/?p=1109", "time.entry-date", "datetime", "2020-09-18T07:55:27+00:00"),
        ("/wordpress/?p=1006", "time.entry-date", "datetime", "2020-04-22T10:15:00+01:00"),
        (
            "/?p=1109",
            'meta[property="article:published_time"]',
            "content",
            "2020-09-18T08:55:27+01:00",
        ),
    ],
)
def test_machine_dates_per_markup(
    target: str, selector: str, attribute: str, expected: str
) -> None:
    assert one(tree(target), selector).attributes[attribute] == expected


@pytest.mark.parametrize(
    ("target", "selector", "expected"),
    [
        ("/wordpress/?p=1109", "time.entry-date", "September 18, 2020"),
        ("/?p=1109", "span.news-date", "18 September 2020"),
    ],
)
def test_visible_dates_per_markup(target: str, selector: str, expected: str) -> None:
    assert one(tree(target), selector).text(strip=True) == expected


def test_dateline_stays_in_the_body() -> None:
    post = next(p for p in SITE.posts if p.dateline)
    content = one(tree(f"/?p={post.id}"), ".news-body").text()
    assert post.dateline and post.dateline in " ".join(content.split())


# ---- home --------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/", "/wordpress/"])
def test_home_shows_every_member_logo(target: str) -> None:
    doc = tree(target)
    found = {
        img.attributes["alt"]: img.parent.attributes.get("href")
        for img in doc.css("a > img[alt]")
        if img.parent is not None
    }
    assert {m.name: m.website for m in SITE.members}.items() <= found.items()


@pytest.mark.parametrize("target", ["/", "/wordpress/"])
def test_home_has_eight_posted_on_lines(target: str) -> None:
    lines = POSTED_ON.findall(body_text(tree(target)))
    expected = [p.posted_on for p in SITE.publications[:8]]
    assert [f"{y}-{_month(m):02d}-{int(d):02d}" for d, m, y in lines] == expected
    assert all(not d.startswith("0") for d, _, _ in lines)


def _month(name: str) -> int:
    return list(calendar.month_name).index(name)


@pytest.mark.parametrize("target", ["/", "/wordpress/"])
@pytest.mark.parametrize("label", ["More news \u203a", "More publications \u203a"])
def test_home_more_links(target: str, label: str) -> None:
    assert any(a.text(strip=True) == label for a in tree(target).css("a"))


@pytest.mark.parametrize("target", ["/", "/wordpress/"])
def test_home_top_story_is_newest_news(target: str) -> None:
    assert SITE.news[0].title in body_text(tree(target))


@pytest.mark.parametrize("page", [ABOUT_PAGE, FAQ_PAGE])
def test_about_and_faq_link_the_portal_archive(page: int) -> None:
    doc = tree(f"/?page_id={page}")
    assert any(site_path(a.attributes["href"] or "", "/") == "/news/" for a in doc.css("main a"))


# ---- lists -------------------------------------------------------------------------------


def _walk(first: str, item_selector: str, older_text: str) -> tuple[list[int], int]:
    """Follow "Older posts" from first; the ids listed and the number of pages."""
    ids: list[int] = []
    page, pages = first, 0
    while page:
        doc = tree(page)
        pages += 1
        ids += ids_linked(doc, page, item_selector)
        older = [a for a in doc.css("a") if older_text in a.text()]
        page = site_path(older[0].attributes["href"] or "", page) if older else ""
    return ids, pages


@pytest.mark.parametrize(
    ("first", "selector"),
    [
        (f"/?page_id={NEWS_PAGE}", "h2.news-title a"),
        (f"/wordpress/?page_id={NEWS_PAGE}", "h2.entry-title a"),
    ],
)
def test_news_list_pagination_is_complete(first: str, selector: str) -> None:
    ids, pages = _walk(first, selector, "Older posts")
    assert ids == [p.id for p in SITE.news]
    assert pages == -(-len(SITE.news) // 10)


@pytest.mark.parametrize("prefix", ["/", "/wordpress/"])
def test_news_list_past_the_end_is_404(prefix: str) -> None:
    last = -(-len(SITE.news) // 10)
    assert get(f"{prefix}?page_id={NEWS_PAGE}&paged={last}").status == 200
    assert get(f"{prefix}?page_id={NEWS_PAGE}&paged={last + 1}").status == 404


@pytest.mark.parametrize(
    ("cat", "selector"), [(NEWS_CAT, "h2.news-title a"), (PUBS_CAT, "h2.news-title a")]
)
def test_category_archive_lists_its_posts(cat: int, selector: str) -> None:
    name = "News" if cat == NEWS_CAT else "Publications"
    ids, _ = _walk(f"/?cat={cat}", selector, "Older posts")
    assert ids == [p.id for p in SITE.posts if name in p.categories]


@pytest.mark.parametrize("prefix", ["/", "/wordpress/"])
def test_publications_pagination_is_complete(prefix: str) -> None:
    titles, dates, k = [], [], 1
    while (response := get(f"{prefix}?page_id={PUBS_PAGE}&paged={k}")).status == 200:
        doc = HTMLParser(response.body.decode())
        content = one(doc, ".entry-content, main")
        titles += [a.text(strip=True) for a in content.css("a[href$='.pdf']")]
        dates += POSTED_ON.findall(content.text(separator="\n"))
        k += 1
    assert response.status == 404
    assert titles == [p.title for p in SITE.publications]
    assert len(dates) == len(SITE.publications)


def test_classic_publications_have_no_wrapper_per_entry() -> None:
    content = one(tree(f"/wordpress/?page_id={PUBS_PAGE}"), "div.entry-content")
    tags = {node.tag for node in content.iter()}
    assert tags == {"p"}


# ---- REST --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["posts", "pages"])
def test_rest_collection_pages_add_up(kind: str) -> None:
    ids: list[int] = []
    page = 1
    while True:
        response, data = rest_json(
            f"/index.php?rest_route=%2Fwp%2Fv2%2F{kind}&per_page=7&page={page}"
        )
        if response.status == 400:
            break
        headers = dict(response.headers)
        assert isinstance(data, list)
        ids += [item["id"] for item in data]
        page += 1
    expected = (
        [p.id for p in SITE.posts]
        if kind == "posts"
        else [p.id for p in SITE.pages if p.title != "Private Area"]
    )
    assert sorted(ids) == sorted(expected)
    assert headers == {"X-WP-Total": str(len(expected)), "X-WP-TotalPages": str(page - 1)}


def test_rest_posts_in_date_order() -> None:
    _, data = rest_json("/?rest_route=/wp/v2/posts&per_page=100")
    assert [item["id"] for item in data] == [p.id for p in SITE.posts]


def test_rest_past_the_end() -> None:
    response, data = rest_json("/index.php?rest_route=/wp/v2/posts&per_page=100&page=2")
    assert response.status == 400
    assert data == {
        "code": "rest_post_invalid_page_number",
        "message": "The page number requested is larger than the number of pages available.",
        "data": {"status": 400},
    }


@pytest.mark.parametrize("per_page", ["0", "101", "ten"])
def test_rest_per_page_out_of_range(per_page: str) -> None:
    response, data = rest_json(f"/index.php?rest_route=/wp/v2/posts&per_page={per_page}")
    assert (response.status, data["code"]) == (400, "rest_invalid_param")


@pytest.mark.parametrize(
    "since", ["2021-01-01T00:00:00Z", "2021-01-01T00:00:00%2B00:00", "2021-01-01T00:00:00"]
)
def test_rest_modified_after(since: str) -> None:
    _, data = rest_json(f"/index.php?rest_route=/wp/v2/posts&per_page=100&modified_after={since}")
    expected = [p.id for p in SITE.posts if p.modified[:19] > "2021-01-01T00:00:00"]
    assert [item["id"] for item in data] == expected


def test_rest_categories_filter() -> None:
    _, data = rest_json(f"/?rest_route=/wp/v2/posts&per_page=100&categories={PUBS_CAT}")
    assert [i["id"] for i in data] == [p.id for p in SITE.posts if p.is_publication]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("date", "2020-09-18T08:55:27"),
        ("date_gmt", "2020-09-18T07:55:27"),
        ("link", f"{BASE}/?p=1109"),
        ("guid", {"rendered": "http://127.0.0.1:41234/wordpress/?p=1109"}),
        ("status", "publish"),
        ("type", "post"),
        ("categories", [NEWS_CAT]),
    ],
)
def test_rest_single_post_fields(field: str, expected: object) -> None:
    _, data = rest_json("/index.php?rest_route=%2Fwp%2Fv2%2Fposts%2F1109")
    assert data[field] == expected


def test_rest_single_post_title_is_escaped_like_wordpress() -> None:
    _, data = rest_json("/index.php?rest_route=/wp/v2/posts/1006")
    assert data["title"]["rendered"].endswith("Enlarging &#8211; Six New Members")


@pytest.mark.parametrize(
    ("route", "status", "code"),
    [
        ("/wp/v2/posts/999999", 404, "rest_post_invalid_id"),
        ("/wp/v2/pages/999999", 404, "rest_post_invalid_id"),
        (f"/wp/v2/pages/{PRIVATE_PAGE}", 401, "rest_forbidden"),
        ("/wp/v2/nothing", 404, "rest_no_route"),
    ],
)
def test_rest_errors(route: str, status: int, code: str) -> None:
    response, data = rest_json(f"/index.php?rest_route={route}")
    assert (response.status, data["code"]) == (status, code)


def test_rest_index_lists_routes() -> None:
    _, data = rest_json("/?rest_route=/")
    assert {"name", "url", "namespaces", "routes"} <= set(data)
    assert "/wp/v2/posts" in data["routes"]


@pytest.mark.parametrize(
    ("mode", "status", "code"),
    [("off-404", 404, "rest_no_route"), ("off-401", 401, "rest_disabled")],
)
def test_rest_switched_off(mode: str, status: int, code: str) -> None:
    response, data = rest_json("/index.php?rest_route=/wp/v2/posts/1109", mode)
    assert (response.status, data["code"]) == (status, code)


def test_rest_answering_html() -> None:
    response = get("/index.php?rest_route=/wp/v2/posts", rest="html")
    assert response.status == 200 and response.content_type.startswith("text/html")
    assert b"ISECG members" in response.body


@pytest.mark.parametrize(("page", "count"), [(1, 10), (2, 0), (3, 0)])
def test_rest_partial_collections_stop_after_page_one(page: int, count: int) -> None:
    response, data = rest_json(f"/?rest_route=/wp/v2/posts&page={page}", "partial")
    assert (response.status, len(data)) == (200, count)
    assert dict(response.headers)["X-WP-Total"] == str(len(SITE.posts))


@pytest.mark.parametrize(
    ("mode", "advertised"),
    [("on", True), ("partial", True), ("off-404", False), ("off-401", False), ("html", False)],
)
def test_api_link_only_while_the_api_answers(mode: str, advertised: bool) -> None:
    response = get(f"/?p={TITLED.id}", rest=mode)
    link = dict(response.headers).get("Link", "")
    assert (f'<{BASE}/index.php?rest_route=/>; rel="https://api.w.org/"' in link) is advertised
    head = HTMLParser(response.body.decode()).css_first('link[rel="https://api.w.org/"]')
    assert (head is not None) is advertised


# ---- crawler aids and files ----------------------------------------------------------------


def _sitemap_locs(site: Site) -> list[str]:
    index = ET.fromstring(get("/wp-sitemap.xml", site).body)
    locs = []
    for loc in index.iter(f"{SNS}loc"):
        sub = get(site_path(loc.text or "", "/"), site)
        assert sub.status == 200
        locs += [node.text or "" for node in ET.fromstring(sub.body).iter(f"{SNS}loc")]
    return locs


@pytest.mark.parametrize("n_posts", [0, 4500], ids=["replica", "synthetic-4500"])
def test_sitemap_lists_every_post(n_posts: int) -> None:
    site = synthetic_site(n_posts=n_posts) if n_posts else SITE
    locs = _sitemap_locs(site)
    assert {f"{BASE}/?p={p.id}" for p in site.posts} <= set(locs)
    assert len([u for u in locs if "?p=" in u]) == len(site.posts)


def test_sitemap_splits_at_2000() -> None:
    index = ET.fromstring(get("/wp-sitemap.xml", synthetic_site(n_posts=4500)).body)
    names = [(loc.text or "").rsplit("/", 1)[1] for loc in index.iter(f"{SNS}loc")]
    assert names[:3] == [f"wp-sitemap-posts-post-{k}.xml" for k in (1, 2, 3)]
    assert all(lm.text for lm in index.iter(f"{SNS}lastmod"))


def test_rss_feed_parses() -> None:
    channel = ET.fromstring(get("/?feed=rss2").body).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert [i.findtext("link") for i in items] == [f"{BASE}/?p={p.id}" for p in SITE.posts[:10]]
    dates = [parsedate_to_datetime(i.findtext("pubDate") or "") for i in items]
    assert dates == [parse_time(p.published) for p in SITE.posts[:10]]
    assert [d.utcoffset() for d in dates] == [
        parse_time(p.published).utcoffset() for p in SITE.posts[:10]
    ]


@pytest.mark.parametrize("path", sorted(SITE.documents))
def test_documents_are_readable_pdfs(path: str) -> None:
    doc = SITE.documents[path]
    response = get(path)
    reader = pypdf.PdfReader(io.BytesIO(response.body))
    assert len(reader.pages) == len(doc.pages)
    for page, text in zip(reader.pages, doc.pages, strict=True):
        assert " ".join(page.extract_text().split()) == " ".join(text.split())


def test_pdf_has_a_title() -> None:
    path = next(iter(SITE.documents))
    reader = pypdf.PdfReader(io.BytesIO(get(path).body))
    assert reader.metadata is not None and reader.metadata.title


def test_image_is_a_png() -> None:
    assert get(SITE.members[0].logo).body.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize(
    "target", ["/private-area/", "/private-area/minutes/2021", "/private-area"]
)
def test_private_area_asks_for_credentials(target: str) -> None:
    response = get(target)
    assert response.status == 401 and "WWW-Authenticate" in dict(response.headers)


@pytest.mark.parametrize(
    ("delay", "expected"),
    [
        (
            None,
            "User-agent: *\nDisallow: /private-area/\nDisallow: /wordpress/wp-admin/\n"
            "Allow: /wordpress/wp-admin/admin-ajax.php\n\n"
            f"Sitemap: {BASE}/wp-sitemap.xml\n",
        ),
        (2.5, "Crawl-delay: 2.5\n"),
    ],
)
def test_robots_txt(delay: float | None, expected: str) -> None:
    text = get("/robots.txt", crawl_delay=delay).body.decode()
    assert expected in text
    assert ("Crawl-delay" in text) is (delay is not None)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/?p=1109", "2020-09-18T08:02:11+00:00"),
        (
            f"/?page_id={NEWS_PAGE}",
            max(parse_time(p.modified) for p in SITE.news).astimezone(UTC).isoformat(),
        ),
        (
            f"/?page_id={ABOUT_PAGE}",
            parse_time(ABOUT.modified).astimezone(UTC).isoformat(),
        ),
        ("/robots.txt", "2018-03-01T09:00:00+00:00"),
    ],
)
def test_last_modified(target: str, expected: str) -> None:
    stamp = get(target).last_modified
    assert stamp is not None and stamp.isoformat() == expected
