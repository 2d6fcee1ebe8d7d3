"""The seeded random root theme (`theme="random:SEED"`): real variation, every link kept, and a
spec (random_spec.spec) that tells the truth about each page.

Pages are rendered in process with app.handle; one test goes through a server. The property
tests of the extractors rely on these promises, over seeds 0..59.
"""

from __future__ import annotations

import html
import json
import random
import re
from collections import Counter
from collections.abc import Callable
from functools import cache

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode

from tests.fixtures.site import __main__ as cli
from tests.fixtures.site.app import THEMES, Response, handle
from tests.fixtures.site.model import Post, load_site
from tests.fixtures.site.random_spec import (
    DATE_FORMATS,
    FORBIDDEN_CLASSES,
    ThemeSpec,
    date_shown,
    fmt_day,
    list_shows_date,
    pub_date_line,
    seed_of,
    shows_title,
    spec,
)
from tests.fixtures.site.render import excerpt, texturize
from tests.fixtures.site.server import ReplicaConfig, ReplicaServer

SEEDS = range(60)
BASE = "http://127.0.0.1:8123"
SITE = load_site("base")
PAGE_IDS = {p.title: p.id for p in SITE.pages}
NEWS, PUBS = PAGE_IDS["News"], PAGE_IDS["Publications"]
PUB_PAGES = -(-len(SITE.publications) // 8)
ROOT_PAGES = [
    "/",
    f"/?page_id={NEWS}",
    f"/?page_id={NEWS}&paged=2",
    *(f"/?page_id={PUBS}&paged={k}" for k in range(1, PUB_PAGES + 1)),
    "/?cat=1",
    "/?cat=3",
    "/?cat=1&paged=2",
    *(f"/?page_id={PAGE_IDS[t]}" for t in ("About ISECG", "FAQ", "Lunar Volatiles")),
    "/?p=999999",  # the 404 page
]
POSTS = SITE.posts
# What the theme leaves alone: the classic theme, the portal, feeds, REST, files.
UNTOUCHED = [
    *("/wordpress/", "/wordpress/?p=1109", f"/wordpress/?page_id={PUBS}", "/news/"),
    *("/?feed=rss2", "/wp-sitemap.xml", "/robots.txt", "/index.php?rest_route=/wp/v2/posts/1109"),
    "/wp-content/uploads/2024/08/GER_2024.pdf",
]
# Classes of the site's own content (Gutenberg blocks): every theme prints the content as is.
CONTENT_CLASSES = {
    cls
    for body in [p.body for p in SITE.posts] + [p.body for p in SITE.pages]
    for node in HTMLParser(f"<div>{body}</div>").css("[class]")
    for cls in (node.attributes.get("class") or "").split()
}
WP_CLASS = re.compile(r"^(wp-|postid-|page-id-|post-\d|category-|type-|status-|format-)")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]
MONTHS += ["September", "October", "November", "December"]


@cache
def get(target: str, theme: str = "normal") -> Response:
    return handle(SITE, target, BASE, theme=theme)


@cache
def doc(target: str, theme: str = "normal") -> HTMLParser:
    return HTMLParser(get(target, theme).body.decode())


def text(target: str, theme: str) -> str:
    body = doc(target, theme).body
    assert body is not None
    return html.unescape(body.text(separator=" "))


def links(tree: HTMLParser) -> set[str]:
    return {a.attributes.get("href") or "" for a in tree.css("a[href]")}


def classes(tree: HTMLParser) -> set[str]:
    return {c for n in tree.css("[class]") for c in (n.attributes.get("class") or "").split()}


def day_forms(iso: str) -> set[str]:
    """Every way a page might spell the day of `iso`."""
    y, m, d = (int(x) for x in iso[:10].split("-"))
    month = MONTHS[m - 1]
    return {
        f"{d} {month} {y}",
        f"{d} {month}, {y}",
        f"{month} {d}, {y}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d}.{m}.{y}",
        iso[:10],
    }


def random_post_page(seed: int, post: Post) -> str:
    """The post page without the post's own body (whose text may hold any date)."""
    return get(f"/?p={post.id}", f"random:{seed}").body.decode().replace(post.body, "")


def machine_dates(tree: HTMLParser) -> list[str]:
    """Full publication times a machine can read from the page's metadata."""
    found = [n.attributes.get("content") or "" for n in tree.css("[itemprop=datePublished]")]
    found += [n.attributes.get("datetime") or "" for n in tree.css("time[datetime]")]
    found += [
        n.attributes.get("content") or ""
        for n in tree.css('meta[property="article:published_time"]')
    ]
    for script in tree.css('script[type="application/ld+json"]'):
        found.append(json.loads(script.text()).get("datePublished", ""))
    return [f for f in found if f]


# The theme names


def test_theme_names_accept_any_seed() -> None:
    assert seed_of("random:7") == 7 and seed_of("random:-3") == -3
    for bad in ("random:", "random:x", "random: 3", "random:1.5", "normal", "fancy"):
        assert seed_of(bad) is None
    assert "random:12345" in THEMES and "normal" in THEMES and "swapped" in THEMES
    assert "random:" not in THEMES and "fancy" not in THEMES
    assert THEMES["random:4"] is THEMES["random:4"]  # one cached theme per seed
    with pytest.raises(ValueError, match="theme"):
        handle(SITE, "/", BASE, theme="random:abc")
    assert ReplicaConfig(theme="random:3").theme == "random:3"
    with pytest.raises(ValueError, match="theme"):
        ReplicaConfig(theme="random")


def test_cli_accepts_a_random_theme() -> None:
    args = cli._parser().parse_args(["--theme", "random:7"])
    assert cli.config_from_args(args).theme == "random:7"
    with pytest.raises(SystemExit):
        cli._parser().parse_args(["--theme", "random:seven"])


def test_the_design_depends_on_the_seed_alone() -> None:
    first = get("/?p=1109", "random:11").body
    random.seed(99)  # the global generator plays no part
    random.random()
    assert handle(SITE, "/?p=1109", BASE, theme="random:11").body == first
    assert spec(11) == spec(11) and spec(11) != spec(12)


# Every page renders, with the normal theme's links and what WordPress core prints


@pytest.mark.parametrize("seed", SEEDS)
def test_every_root_page_keeps_the_normal_themes_links(seed: int) -> None:
    s, theme = spec(seed), f"random:{seed}"
    for target in ROOT_PAGES + [f"/?p={p.id}" for p in POSTS]:
        normal, mine = get(target), get(target, theme)
        assert mine.status == normal.status, (seed, target)
        assert mine.headers == normal.headers, (seed, target)  # the REST Link header
        expected = links(doc(target))
        post_id = int(target[4:]) if target.startswith("/?p=") and mine.status == 200 else None
        post = SITE.post(post_id) if post_id else None
        if post is not None and s.title_link and post.show_title:
            expected = expected | {f"{BASE}/?p={post.id}"}  # the title links to the post
        assert links(doc(target, theme)) == expected, (seed, target)
        head = doc(target, theme).head
        assert head is not None
        for selector in ('link[rel="https://api.w.org/"]', 'link[type="application/rss+xml"]'):
            assert head.css_first(selector) is not None, (seed, target, selector)
        canonical = doc(target).css_first('link[rel="canonical"]')
        if canonical is not None:
            mine_canonical = head.css_first('link[rel="canonical"]')
            assert mine_canonical is not None
            assert mine_canonical.attributes == canonical.attributes
        if post is not None:
            assert head.css_first('link[type="application/json"]') is not None


@pytest.mark.parametrize("target", UNTOUCHED)
def test_the_rest_of_the_site_is_unchanged(target: str) -> None:
    assert get(target, "random:5") == get(target)


# The seeds really vary


def test_seeds_vary_every_choice() -> None:
    specs = [spec(seed) for seed in SEEDS]

    def distinct(field: Callable[[ThemeSpec], object]) -> int:
        return len({field(s) for s in specs})

    assert distinct(lambda s: s.title_tag) == 6
    assert distinct(lambda s: s.date_format) == len(DATE_FORMATS)
    assert distinct(lambda s: s.date_place) == 6
    assert distinct(lambda s: s.date_label) == 4
    assert distinct(lambda s: s.container) == 5
    assert distinct(lambda s: s.body_depth) == 5
    assert distinct(lambda s: s.list_item) == 4
    assert distinct(lambda s: s.pubs_layout) == 4
    assert distinct(lambda s: s.pub_date_style) == 4
    assert distinct(lambda s: s.members_layout) == 3
    assert distinct(lambda s: s.members_heading) == 5
    assert distinct(lambda s: s.sidebar) == 3
    assert distinct(lambda s: (s.json_ld, s.microdata, s.opengraph, s.article_meta)) >= 10
    assert distinct(lambda s: s.time_element) == distinct(lambda s: s.list_dates) == 2
    shown = Counter(date_shown(s, post) for s in specs for post in POSTS)
    assert set(shown) == {"meta", "text", "none"}
    # The site's own "Posted on D Month, YYYY" is the most common publication line.
    assert Counter(s.pub_date_style for s in specs).most_common(1)[0][0] == "posted_day_month"


def test_no_class_name_holds_across_seeds() -> None:
    """No hand-tuned selector: a class token (outside the content) appears in few designs."""
    seen: Counter[str] = Counter()
    for seed in SEEDS:
        page = classes(doc("/?p=1109", f"random:{seed}")) - CONTENT_CLASSES
        seen.update(page)
    assert seen and max(seen.values()) <= 3, seen.most_common(3)
    normal = classes(doc("/?p=1109")) - CONTENT_CLASSES
    assert not normal & set(seen)


@pytest.mark.parametrize("seed", SEEDS)
def test_no_wordpress_markers_in_root_pages(seed: int) -> None:
    theme = f"random:{seed}"
    for target in ROOT_PAGES + [f"/?p={p.id}" for p in POSTS[:20]]:
        tree = doc(target, theme)
        mine = classes(tree) - CONTENT_CLASSES
        assert not mine & FORBIDDEN_CLASSES, (seed, target)
        assert not [c for c in mine if WP_CLASS.match(c)], (seed, target)
        assert tree.css_first("article[id]") is None
    for post in POSTS[:20]:
        # The post id only where WordPress core prints it: canonical, REST and shortlinks
        # (and the canonical URL in og:url, JSON-LD or the title's self-link).
        page = random_post_page(seed, post)
        for m in re.finditer(rf"(?<!\d){post.id}(?!\d)", page):
            assert page[: m.start()].endswith(("?p=", "/posts/")), (seed, post.id)


# The spec tells the truth


@pytest.mark.parametrize("seed", SEEDS)
def test_date_shown_is_honest(seed: int) -> None:
    s = spec(seed)
    for post in POSTS:
        where = date_shown(s, post)
        page = random_post_page(seed, post)
        tree = HTMLParser(page)
        dates = machine_dates(tree)
        if where == "none":
            assert not dates, (seed, post.id)
            assert not [f for f in day_forms(post.published) if f in page], (seed, post.id)
        elif where == "text":
            assert not dates, (seed, post.id)
            assert tree.body is not None
            assert fmt_day(post.published, s.date_format) in tree.body.text(), (seed, post.id)
        else:
            assert dates and set(dates) == {post.published}, (seed, post.id)


@pytest.mark.parametrize("seed", SEEDS)
def test_titles_and_sidebars_as_the_spec_says(seed: int) -> None:
    s = spec(seed)
    for post in POSTS:
        page = random_post_page(seed, post)
        body = page[page.index("<body") :]
        assert (texturize(post.title) in body) == shows_title(s, post), (seed, post.id)
        tree = HTMLParser(page)
        side = tree.css_first("." + s.name("side"))
        if s.sidebar == "none":
            assert side is None
            continue
        container = tree.css_first("." + s.name("post"))
        assert side is not None and container is not None
        # A sibling of the post's container, never inside it.
        assert side.parent is not None and container.parent is not None
        assert side.parent.mem_id == container.parent.mem_id
        for item in side.css("." + s.name("side_item")):
            other = _post_of(item)
            assert other.id != post.id
            stamp = item.css_first("." + s.name("side_date"))
            if other.show_date:
                assert stamp is not None
                assert stamp.text() == fmt_day(other.published, s.sidebar_date_format)
                assert stamp.text() not in day_forms(post.published)


def _post_of(item: LexborNode) -> Post:
    link = item.css_first("a")
    assert link is not None
    found = SITE.post(int((link.attributes.get("href") or "").rsplit("=", 1)[1]))
    assert found is not None
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_list_dates_as_the_spec_says(seed: int) -> None:
    s, theme = spec(seed), f"random:{seed}"
    for target, posts in ((f"/?page_id={NEWS}", SITE.news[:10]), ("/?cat=3", None)):
        page = get(target, theme).body.decode()
        listed = posts or [p for p in SITE.posts if p.is_publication][:10]
        for post in listed:
            page = page.replace(html.escape(excerpt(post)), "")
        for post in listed:
            day = fmt_day(post.published, s.list_date_format)
            if list_shows_date(s) and post.show_date:
                assert day in page, (seed, target, post.id)
            else:
                assert not [f for f in day_forms(post.published) if f in page], (seed, post.id)


def _cover(layout: Callable[[ThemeSpec], str]) -> list[int]:
    """The first seed of each value of `layout`: a handful of seeds that show them all."""
    firsts: dict[str, int] = {}
    for seed in SEEDS:
        firsts.setdefault(layout(spec(seed)), seed)
    return sorted(firsts.values())


@pytest.mark.parametrize("seed", _cover(lambda s: s.pubs_layout + s.pub_date_style))
def test_every_publication_is_on_the_publications_pages(seed: int) -> None:
    s, theme = spec(seed), f"random:{seed}"
    pubs = SITE.publications
    for k in range(PUB_PAGES):
        target = f"/?page_id={PUBS}&paged={k + 1}"
        page_text = text(target, theme)
        hrefs = {a.attributes.get("href"): a.text() for a in doc(target, theme).css("a[href]")}
        chunk = pubs[k * 8 : (k + 1) * 8]
        cursor = 0
        for i, pub in enumerate(chunk):
            href = doc(target).css("a[href]")  # the normal theme's document link
            normal = next(a for a in href if a.text() == html.unescape(texturize(pub.title)))
            assert hrefs[normal.attributes.get("href")] == pub.title
            # title, description, dated line: in that order, before the next entry's title
            title = page_text.index(pub.title, cursor)
            desc = page_text.index(pub.description, title)
            date = page_text.index(pub_date_line(s, pub.posted_on), desc)
            if i + 1 < len(chunk):
                assert date < page_text.index(chunk[i + 1].title, title + 1)
            cursor = date


@pytest.mark.parametrize("seed", _cover(lambda s: s.members_layout + str(s.members_acronyms)))
def test_every_member_is_on_the_home_page(seed: int) -> None:
    s, theme = spec(seed), f"random:{seed}"
    tree = doc("/", theme)
    block = tree.css_first("." + s.name("members"))
    assert block is not None
    heading = block.css_first("." + s.name("block_title"))
    assert heading is not None and "member" in heading.text().lower()
    if s.members_layout == "logos":
        alts = [img.attributes.get("alt") for img in block.css("img")]
        assert alts == [m.name for m in SITE.members]
        assert html.unescape(block.text()).strip() == s.members_heading  # no captions
    else:
        shown = html.unescape(block.text())
        assert all(m.name in shown for m in SITE.members)
    websites = {a.attributes.get("href") for a in block.css("a[href]")}
    assert websites == {m.website for m in SITE.members}
    home = text("/", theme)
    for pub in SITE.publications[:8]:
        assert pub.title in home and pub_date_line(s, pub.posted_on) in home


# Over HTTP


def test_server_serves_a_random_design(replica_factory: Callable[..., ReplicaServer]) -> None:
    import httpx

    srv = replica_factory(theme="random:3")
    with httpx.Client(timeout=10) as client:
        mine = client.get(srv.url + "/?p=1109")
        srv.configure(theme="normal")
        normal = client.get(srv.url + "/?p=1109")
    assert mine.status_code == normal.status_code == 200
    assert mine.text != normal.text
    assert spec(3).name("post") in mine.text
    extra = {f"{srv.url}/?p=1109"} if spec(3).title_link else set()
    assert links(HTMLParser(mine.text)) == links(HTMLParser(normal.text)) | extra
