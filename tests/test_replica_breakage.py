"""The replica's breakage knobs, over HTTP: a theme swap and WordPress maintenance mode.

The extraction guards are tested against these, so each case here checks one promise the knob
makes: the swapped theme keeps every link (a crawl still finds every page) and drops every
signal of the normal theme; maintenance mode answers 200 with the maintenance page for HTML
and leaves robots.txt, REST, feeds and files alone. Each test switches one server between the
two settings with `configure`, so absolute links (which carry the port) compare as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from tests.fixtures.site import __main__ as cli
from tests.fixtures.site.app import MAINTENANCE_TEXT
from tests.fixtures.site.model import Post, load_site
from tests.fixtures.site.server import ReplicaServer

Factory = Callable[..., ReplicaServer]
Fetch = Callable[[ReplicaServer, str], httpx.Response]
SITE = load_site("base")
PAGE_IDS = {p.title: p.id for p in SITE.pages}
NEWS, PUBS = PAGE_IDS["News"], PAGE_IDS["Publications"]
HOME = "/"
ROOT_POSTS = [f"/?p={p.id}" for p in SITE.posts]
# Every kind of root-theme page, besides the posts: lists and their later pages, categories,
# ordinary pages.
ROOT_PAGES = [
    HOME,
    f"/?page_id={NEWS}",
    f"/?page_id={NEWS}&paged=2",
    f"/?page_id={PUBS}",
    f"/?page_id={PUBS}&paged=2",
    "/?cat=1",
    "/?cat=3",
    *(f"/?page_id={PAGE_IDS[t]}" for t in ("About ISECG", "FAQ", "Lunar Volatiles")),
]
TITLED = [p for p in SITE.posts if p.show_title]
MEMBERS = SITE.members
# Classes the site's own content uses (Gutenberg blocks, images): both themes print the
# content as it is, so only the classes outside it belong to a theme.
CONTENT_CLASSES = {
    cls
    for body in [p.body for p in SITE.posts] + [p.body for p in SITE.pages]
    for node in HTMLParser(f"<div>{body}</div>").css("[class]")
    for cls in (node.attributes.get("class") or "").split()
}


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    # One client for the module: building one (its TLS context) costs more than a request.
    with httpx.Client(timeout=10) as c:
        yield c


@pytest.fixture
def fetch(client: httpx.Client) -> Fetch:
    def get(srv: ReplicaServer, target: str) -> httpx.Response:
        return client.get(srv.url + target)

    return get


def both(factory: Factory, fetch: Fetch, target: str) -> tuple[HTMLParser, HTMLParser]:
    """The page at `target` in the normal theme, then in the swapped one, from one server."""
    srv = factory()
    normal = fetch(srv, target)
    srv.configure(theme="swapped")
    swapped = fetch(srv, target)
    assert normal.status_code == swapped.status_code == 200, target
    return HTMLParser(normal.text), HTMLParser(swapped.text)


def links(doc: HTMLParser) -> set[str]:
    return {a.attributes.get("href") or "" for a in doc.css("a[href]")}


def classes(doc: HTMLParser) -> set[str]:
    return {
        cls for node in doc.css("[class]") for cls in (node.attributes.get("class") or "").split()
    }


def metas(doc: HTMLParser) -> set[tuple[tuple[str, str | None], ...]]:
    return {tuple(sorted(node.attributes.items())) for node in doc.css("meta")}


# The swapped theme: the same links


@pytest.mark.parametrize("target", [*ROOT_PAGES, *ROOT_POSTS])
def test_swapped_theme_keeps_every_link(
    replica_factory: Factory, fetch: Fetch, target: str
) -> None:
    normal, swapped = both(replica_factory, fetch, target)
    assert links(swapped) == links(normal)


# The swapped theme: none of the normal theme's signals


@pytest.mark.parametrize("target", [*ROOT_PAGES, *ROOT_POSTS])
def test_swapped_theme_shares_no_class_name(
    replica_factory: Factory, fetch: Fetch, target: str
) -> None:
    normal, swapped = both(replica_factory, fetch, target)
    theme_classes = classes(normal) - CONTENT_CLASSES
    assert theme_classes and not theme_classes & classes(swapped)


@pytest.mark.parametrize("target", [*ROOT_PAGES, *ROOT_POSTS])
def test_swapped_theme_shares_no_meta_tag(
    replica_factory: Factory, fetch: Fetch, target: str
) -> None:
    normal, swapped = both(replica_factory, fetch, target)
    assert metas(normal) and not metas(normal) & metas(swapped)


@pytest.mark.parametrize("target", ROOT_POSTS)
def test_swapped_post_has_no_article_signals(
    replica_factory: Factory, fetch: Fetch, target: str
) -> None:
    _, swapped = both(replica_factory, fetch, target)
    body = swapped.css_first("body")
    body_class = (body.attributes.get("class") or "") if body is not None else ""
    found = {
        "article": bool(swapped.css("article")),
        "time[datetime]": bool(swapped.css("time[datetime]")),
        "meta og:/article:": bool(swapped.css("meta[property]")),
        "postid-N": "postid-" in body_class,
    }
    assert found == dict.fromkeys(found, False)


@pytest.mark.parametrize("post", TITLED, ids=[str(p.id) for p in TITLED])
def test_swapped_post_title_is_in_a_div(replica_factory: Factory, fetch: Fetch, post: Post) -> None:
    _, swapped = both(replica_factory, fetch, f"/?p={post.id}")
    headings = [h.text(strip=True) for h in swapped.css("h1, h2, h3, h4, h5, h6")]
    assert [d.text(strip=True) for d in swapped.css("div.hdr-x")] == [post.title]
    assert post.title not in headings


def test_swapped_members_block_has_no_names(replica_factory: Factory, fetch: Fetch) -> None:
    normal, swapped = both(replica_factory, fetch, HOME)
    text = swapped.text()
    block = next(n for n in swapped.css("div") if n.text(strip=True) == "Our partners").parent
    assert block is not None
    assert ("ISECG members" in normal.text(), "ISECG members" in text) == (True, False)
    assert block.css("img") == []
    assert not {img.attributes.get("alt") for img in swapped.css("img")} & {m.name for m in MEMBERS}


def test_swapped_members_logos_are_backgrounds(replica_factory: Factory, fetch: Fetch) -> None:
    _, swapped = both(replica_factory, fetch, HOME)
    styles = " ".join(a.attributes.get("style") or "" for a in swapped.css("a[style]"))
    missing = [m.logo for m in MEMBERS if m.logo not in styles]
    assert "background-image" in styles and missing == []


@pytest.mark.parametrize("target", [HOME, f"/?page_id={PUBS}", f"/?page_id={PUBS}&paged=2"])
def test_swapped_publications_say_no_posted_on(
    replica_factory: Factory, fetch: Fetch, target: str
) -> None:
    normal, swapped = both(replica_factory, fetch, target)
    assert ("Posted on" in normal.text(), "Posted on" in swapped.text()) == (True, False)


@pytest.mark.parametrize(
    "target",
    [
        "/wordpress/",
        f"/wordpress/?p={SITE.posts[0].id}",
        f"/wordpress/?page_id={PUBS}",
        "/index.php?rest_route=/wp/v2/posts",
        f"/index.php?rest_route=/wp/v2/posts/{SITE.posts[0].id}",
        "/news/",
    ],
)
def test_swapped_theme_leaves_the_rest_alone(
    replica_factory: Factory, fetch: Fetch, target: str
) -> None:
    srv = replica_factory()
    normal = fetch(srv, target)
    srv.configure(theme="swapped")
    assert fetch(srv, target).content == normal.content


def test_unknown_theme_is_refused(replica_factory: Factory) -> None:
    with pytest.raises(ValueError, match="theme"):
        replica_factory(theme="fancy")


# Maintenance mode

HTML_TARGETS = [
    HOME,
    ROOT_POSTS[0],
    f"/wordpress/?p={SITE.posts[0].id}",
    f"/?page_id={NEWS}&paged=2",
    f"/?page_id={PUBS}",
    "/news/",
    "/?p=999999",  # a 404 page of WordPress's
    "/wp-content/uploads/missing.pdf",  # so is a missing file
]


@pytest.mark.parametrize("target", HTML_TARGETS)
def test_maintenance_page_is_200(replica_factory: Factory, fetch: Fetch, target: str) -> None:
    response = fetch(replica_factory(maintenance=True), target)
    assert (response.status_code, response.headers["content-type"].split(";")[0]) == (
        200,
        "text/html",
    )
    assert MAINTENANCE_TEXT in response.text


@pytest.mark.parametrize("target", HTML_TARGETS)
def test_maintenance_page_hides_the_content(
    replica_factory: Factory, fetch: Fetch, target: str
) -> None:
    text = fetch(replica_factory(maintenance=True), target).text
    assert "href" not in text and SITE.posts[0].title not in text


@pytest.mark.parametrize(
    "target",
    [
        "/robots.txt",
        next(iter(SITE.documents)),
        MEMBERS[0].logo,
        "/wp-sitemap.xml",
        "/?feed=rss2",
        "/index.php?rest_route=/wp/v2/posts",
        f"/index.php?rest_route=/wp/v2/pages/{NEWS}",
    ],
)
def test_maintenance_leaves_non_html_alone(
    replica_factory: Factory, fetch: Fetch, target: str
) -> None:
    srv = replica_factory()
    normal = fetch(srv, target)
    srv.configure(maintenance=True)
    during = fetch(srv, target)
    assert (during.status_code, during.headers["content-type"], during.content) == (
        normal.status_code,
        normal.headers["content-type"],
        normal.content,
    )


# The command line


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ("normal", False)),
        (["--theme", "swapped"], ("swapped", False)),
        (["--maintenance"], ("normal", True)),
    ],
)
def test_command_line_knobs(argv: list[str], expected: tuple[str, bool]) -> None:
    config = cli.config_from_args(cli._parser().parse_args(argv))
    assert (config.theme, config.maintenance) == expected
