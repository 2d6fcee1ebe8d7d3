"""Canonical URLs: one case per rule, and idempotence over the same table."""

from __future__ import annotations

from typing import Any

import pytest

from archive import urls
from archive.files import is_asset
from archive.urls import canonical, is_document, is_on_site, page_id, post_id, url_kind

S = "https://www.globalspaceexploration.org/"
H = "https://www.globalspaceexploration.org"
R = "http://127.0.0.1:8080/"
RH = "http://127.0.0.1:8080"
UP = "/wordpress/wp-content/uploads/2013/08"


def case(case_id: str, url: str, expected: str, site: str = S, base: str | None = None) -> Any:
    return pytest.param(url, site, base, expected, id=case_id)


CASES = [
    # scheme, host, port, www
    case("same", f"{H}/?p=370", f"{H}/?p=370"),
    case("http-to-https", "http://www.globalspaceexploration.org/?p=370", f"{H}/?p=370"),
    case("no-www", "https://globalspaceexploration.org/?page_id=257", f"{H}/?page_id=257"),
    case("upper-host", "HTTP://WWW.GlobalSpaceExploration.ORG/", f"{H}/"),
    case("default-port", "https://www.globalspaceexploration.org:443/?p=1", f"{H}/?p=1"),
    case("http-default-port", "http://globalspaceexploration.org:80/", f"{H}/"),
    case("empty-path", "https://www.globalspaceexploration.org", f"{H}/"),
    # the traps
    case("wordpress-p", f"{H}/wordpress/?p=370", f"{H}/?p=370"),
    case("fragment-respond", "http://globalspaceexploration.org/?p=370#respond", f"{H}/?p=370"),
    # WordPress routes under /wordpress/
    case("wordpress-home", f"{H}/wordpress/", f"{H}/"),
    case("wordpress-no-slash", f"{H}/wordpress", f"{H}/"),
    case("wordpress-index", f"{H}/wordpress/index.php", f"{H}/"),
    case("wordpress-page-id", f"{H}/wordpress/?page_id=257", f"{H}/?page_id=257"),
    case("wordpress-cat", f"{H}/wordpress/?cat=3", f"{H}/?cat=3"),
    case("wordpress-feed", f"{H}/wordpress/?feed=rss2", f"{H}/?feed=rss2"),
    case("wordpress-index-p", f"{H}/wordpress/index.php?p=296", f"{H}/?p=296"),
    case("index-php-p", f"{H}/index.php?p=370", f"{H}/?p=370"),
    case("index-php-home", f"{H}/index.php", f"{H}/"),
    case("index-php-path-info", f"{H}/index.php/?p=370", f"{H}/?p=370"),
    case("wordpress-index-php-path-info", f"{H}/wordpress/index.php/?p=5", f"{H}/?p=5"),
    case("double-slash-route", f"{H}/wordpress//?p=5", f"{H}/?p=5"),
    case("double-slash-root", f"{H}//?page_id=257", f"{H}/?page_id=257"),
    case("double-slash-file", f"{H}/wp-content//uploads/a.pdf", f"{H}/wp-content/uploads/a.pdf"),
    # files under /wordpress/ keep the prefix
    case("upload-pdf", f"{H}{UP}/x.pdf", f"{H}{UP}/x.pdf"),
    case(
        "isecg-pdf",
        f"{H}/wordpress/wp-content/isecg/GER_2018_small_mobile.pdf",
        f"{H}/wordpress/wp-content/isecg/GER_2018_small_mobile.pdf",
    ),
    case(
        "new-upload",
        "http://globalspaceexploration.org/wp-content/uploads/2024/08/GER2024cover.jpg",
        f"{H}/wp-content/uploads/2024/08/GER2024cover.jpg",
    ),
    case(
        "docs-pct20",
        f"{H}/wordpress/docs/Dust%20Mitigation%20Gap%20Assessment%20Report.pdf",
        f"{H}/wordpress/docs/Dust%20Mitigation%20Gap%20Assessment%20Report.pdf",
    ),
    case(
        "docs-raw-space",
        "/wordpress/docs/Dust Mitigation Gap Assessment Report.pdf",
        f"{H}/wordpress/docs/Dust%20Mitigation%20Gap%20Assessment%20Report.pdf",
    ),
    case(
        "wp-dir-slash-kept",
        f"{H}/wordpress/wp-content/uploads/",
        f"{H}/wordpress/wp-content/uploads/",
    ),
    # ?p=N and ?page_id=N in any form
    case("p-leading-zero", f"{H}/?p=0123", f"{H}/?p=123"),
    case("p-preview", f"{H}/?p=370&preview=", f"{H}/?p=370"),
    case("p-upper-key", f"{H}/?P=370", f"{H}/?p=370"),
    case("p-replytocom", f"{H}/?p=370&replytocom=12#respond", f"{H}/?p=370"),
    case("p-utm", f"{H}/?utm_source=tw&p=370&utm_medium=social", f"{H}/?p=370"),
    case("p-repeated-last-wins", f"{H}/?p=1&p=370", f"{H}/?p=370"),
    case("p-comment-feed-kept", f"{H}/?feed=rss2&p=370", f"{H}/?p=370&feed=rss2"),
    case("p-page-2-kept", f"{H}/?page=2&p=370", f"{H}/?p=370&page=2"),
    case(
        "page-id-extra",
        f"{H}/wordpress/?page_id=0257&preview=true&utm_campaign=x",
        f"{H}/?page_id=257",
    ),
    case("page-id-paged-2", f"{H}/?paged=2&page_id=12", f"{H}/?page_id=12&paged=2"),
    case("page-id-paged-1", f"{H}/?page_id=12&paged=1", f"{H}/?page_id=12"),
    case("paged-1-dropped", f"{H}/?cat=3&paged=1", f"{H}/?cat=3"),
    case("home-paged-1", f"{H}/?paged=1", f"{H}/"),
    case("sorted-params", f"{H}/?paged=3&cat=5", f"{H}/?cat=5&paged=3"),
    case("empty-query", f"{H}/?", f"{H}/"),
    case("search-kept", f"{H}/?s=lunar+dust", f"{H}/?s=lunar%20dust"),
    # REST
    case(
        "rest-encoded",
        f"{H}/index.php?rest_route=%2Fwp%2Fv2%2Fposts%2F1109",
        f"{H}/index.php?rest_route=/wp/v2/posts/1109",
    ),
    case(
        "rest-plain",
        f"{H}/index.php?rest_route=/wp/v2/posts/1109",
        f"{H}/index.php?rest_route=/wp/v2/posts/1109",
    ),
    case(
        "rest-root-form",
        "http://globalspaceexploration.org/?rest_route=/wp/v2/pages/257",
        f"{H}/index.php?rest_route=/wp/v2/pages/257",
    ),
    case(
        "rest-wordpress",
        f"{H}/wordpress/?rest_route=%2Fwp%2Fv2%2Fposts",
        f"{H}/index.php?rest_route=/wp/v2/posts",
    ),
    case(
        "rest-params-sorted",
        f"{H}/index.php?per_page=100&rest_route=%2Fwp%2Fv2%2Fposts&page=2",
        f"{H}/index.php?rest_route=/wp/v2/posts&page=2&per_page=100",
    ),
    case(
        "rest-trailing-slash",
        f"{H}/index.php?rest_route=/wp/v2/posts/",
        f"{H}/index.php?rest_route=/wp/v2/posts",
    ),
    case(
        "wp-json",
        f"{H}/wp-json/wp/v2/posts?per_page=10",
        f"{H}/index.php?rest_route=/wp/v2/posts&per_page=10",
    ),
    # trailing slash: kept on a one-segment portal path, removed deeper down
    case("portal-item-slash", f"{H}/news/2008-05-31/", f"{H}/news/2008-05-31"),
    case("portal-item", f"{H}/news/2008-05-31", f"{H}/news/2008-05-31"),
    case("portal-index-slash", f"{H}/news/", f"{H}/news/"),
    case("portal-page", "http://globalspaceexploration.org/about-isecg", f"{H}/about-isecg"),
    # percent-encoding and dot segments
    case("pct-unreserved", f"{H}/%7Euser/%61bc", f"{H}/~user/abc"),
    case("pct-upper-hex", f"{H}/a%2fb%3a", f"{H}/a%2Fb%3A"),
    case("pct-non-ascii", f"{H}/news/caf\u00e9", f"{H}/news/caf%C3%A9"),
    case("dot-segments", f"{H}/news/../faq", f"{H}/faq"),
    # relative links
    case("relative-query", "?p=375", f"{H}/?p=375", base=f"{H}/wordpress/?p=370"),
    case(
        "relative-path",
        "../docs/x.pdf",
        f"{H}/wordpress/docs/x.pdf",
        base=f"{H}/wordpress/wp-content/y.html",
    ),
    case(
        "relative-fragment",
        "#comments",
        f"{H}/?p=370",
        base="http://globalspaceexploration.org/?p=370",
    ),
    case("relative-no-base", "/?page_id=257", f"{H}/?page_id=257"),
    case("scheme-relative", "//globalspaceexploration.org/?p=9", f"{H}/?p=9", base="http://x.org/"),
    case("whitespace", "  /?p=370\n", f"{H}/?p=370"),
    # off-site: left alone but for the fragment and case
    case("off-site", "https://www.esa.int/x#top", "https://www.esa.int/x"),
    case(
        "off-site-query",
        "https://WWW.NASA.gov:443/a?b=2&a=1&utm_source=x",
        "https://www.nasa.gov/a?b=2&a=1&utm_source=x",
    ),
    case(
        "off-site-subdomain",
        "https://gse-dev.globalspaceexploration.org/?page_id=1371",
        "https://gse-dev.globalspaceexploration.org/?page_id=1371",
    ),
    case(
        "other-port-is-off-site",
        "https://www.globalspaceexploration.org:8443/?p=1",
        "https://www.globalspaceexploration.org:8443/?p=1",
    ),
    case("mailto", "mailto:isecg@esa.int#x", "mailto:isecg@esa.int"),
    # the replica on 127.0.0.1
    case("replica-p", f"{RH}/wordpress/?p=370", f"{RH}/?p=370", site=R),
    case("replica-https", "https://127.0.0.1:8080/index.php?p=370#respond", f"{RH}/?p=370", site=R),
    case(
        "replica-relative",
        "?page_id=12&paged=2",
        f"{RH}/?page_id=12&paged=2",
        site=R,
        base=f"{RH}/wordpress/?page_id=12",
    ),
    case("replica-pdf", f"{RH}{UP}/x.pdf", f"{RH}{UP}/x.pdf", site=R),
    case(
        "replica-other-port", "http://127.0.0.1:9090/?p=370", "http://127.0.0.1:9090/?p=370", site=R
    ),
    case(
        "replica-rest",
        "/index.php?rest_route=%2Fwp%2Fv2%2Fpages%2F257",
        f"{RH}/index.php?rest_route=/wp/v2/pages/257",
        site=R,
    ),
    case("real-site-link-in-replica", f"{H}/?p=370", f"{H}/?p=370", site=R),
]


@pytest.mark.parametrize(("url", "site", "base", "expected"), CASES)
def test_canonical(url: str, site: str, base: str | None, expected: str) -> None:
    assert canonical(url, site, base) == expected


@pytest.mark.parametrize(
    ("url", "site", "base"), [pytest.param(*c.values[:3], id=c.id) for c in CASES]
)
def test_canonical_is_idempotent(url: str, site: str, base: str | None) -> None:
    once = canonical(url, site, base)
    assert canonical(once, site) == once
    assert canonical(once, site, base) == once


def test_every_case_id_is_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES) >= 40


# References whose resolution may or may not depend on the page they are on.
HOSTS = [
    f"{H}/?p=370",
    f"{H}/;?p=3",  # an empty ";": urljoin drops it against a base of the same scheme only
    "HTTP://WWW.GlobalSpaceExploration.ORG/./a/../b#top",
    "http://127.0.0.1:8080/a?",
    " https://www.esa.int/x;jsessionid=1?utm_source=y ",
    "\xa0http://www.esa.int/x",  # a space Python strips and URL parsers do not
    "http://[::1]:80/",
    "http://a@/x",
    "http://:80/x",
    "http:///x",  # no host: the base's
    "http://",
    "http://\tb/x",  # a tab, removed by the parser
    "//www.esa.int/x",  # the scheme is the base's
    "///x",
    "http:relative",
    "/?p=5",
    "/a/../b",
    "?page_id=2",
    "x/y",
    "",
]
BASES = [
    None,
    f"{H}/?p=5",
    "https://www.globalspaceexploration.org/deep/er/",
    "http://127.0.0.1:8080/a/b/",
    "http://127.0.0.1:8080/a/b;c?d",
    "https://other.example/x/",
    "HTTP://other.example",
    "ftp://x/y",
    "http://[::1/",  # unparsable: resolving against it raises
]


def resolved_or_error(url: str, site: str, base: str | None) -> str:
    try:
        return urls._canonical.__wrapped__(url, site, base)
    except ValueError as error:
        return f"ValueError: {error}"


@pytest.mark.parametrize("url", HOSTS)
def test_a_reference_resolves_the_same_through_the_cache_key(url: str) -> None:
    """canonical keys its cache on the part of the base a reference's resolution reads
    (urls.resolution_base): against every base, it gives what resolving against the whole
    base gives."""
    for site in (S, R):
        for base in BASES:
            try:
                got = canonical(url, site, base)
            except ValueError as error:
                got = f"ValueError: {error}"
            assert got == resolved_or_error(url, site, base), (site, base)


def test_a_menu_link_is_one_cache_entry_across_pages() -> None:
    """What the key keeps: the scheme for a reference with a host, the scheme and host for a
    path from the root, the whole page otherwise."""
    pages = [f"{H}/?p=5", f"{H}/news/2008/", f"{H}/?page_id=257&x=1"]
    key = urls.resolution_base
    assert {key(f"{H}/?p=370", page) for page in pages} == {"https://_/"}
    assert {key("//www.esa.int/x", page) for page in pages} == {"https://_/"}
    assert key("//www.esa.int/x", "http://127.0.0.1:8080/a") == "http://_/"
    assert {key("/?p=5", page) for page in pages} == {f"{H}/"}
    for ref in ("http:///x", "\xa0http://esa.int", "x/y"):  # no host of their own, read alone
        assert key(ref, pages[1]) == pages[1]


def test_bad_port_raises_value_error() -> None:
    with pytest.raises(ValueError):
        canonical("http://www.globalspaceexploration.org:xx/", S)


@pytest.mark.parametrize(
    ("url", "post", "page"),
    [
        ("/?p=370", 370, None),
        ("http://globalspaceexploration.org/wordpress/?p=0370#respond", 370, None),
        ("/index.php?P=296&utm_source=x", 296, None),
        ("/wordpress/index.php?p=5&feed=rss2", 5, None),
        ("/?page_id=257", None, 257),
        ("https://www.globalspaceexploration.org/wordpress/?page_id=257&paged=2", None, 257),
        ("/index.php?rest_route=%2Fwp%2Fv2%2Fposts%2F1109", 1109, None),
        ("/index.php?rest_route=/wp/v2/pages/257", None, 257),
        ("/wp-json/wp/v2/posts/1109", 1109, None),
        ("/index.php?rest_route=/wp/v2/posts", None, None),
        ("/?p=0", None, None),
        ("/?p=abc", None, None),
        ("/wordpress/wp-content/x.pdf?p=3", None, None),
        ("/news/2008-05-31", None, None),
    ],
)
def test_ids(url: str, post: int | None, page: int | None) -> None:
    assert post_id(url) == post
    assert page_id(url) == page


@pytest.mark.parametrize(
    ("url", "site", "expected"),
    [
        ("https://www.globalspaceexploration.org/x", S, True),
        ("http://globalspaceexploration.org/x", S, True),
        ("HTTPS://GLOBALSPACEEXPLORATION.ORG:443/", S, True),
        ("https://www.globalspaceexploration.org:8443/", S, False),
        ("https://gse-dev.esa.int/?page_id=1371", S, False),
        ("https://www.esa.int/", S, False),
        ("https://globalspaceexploration.org.evil.example/", S, False),
        ("https://www.globalspaceexploration.org./?p=7", S, True),  # a fully qualified name
        ("https://www.globalspaceexploration.org.evil./", S, False),
        ("mailto:isecg@esa.int", S, False),
        ("/?p=370", S, False),
        ("http://127.0.0.1:8080/?p=1", R, True),
        ("https://127.0.0.1:8080/?p=1", R, True),
        ("http://127.0.0.1:9090/?p=1", R, False),
        ("http://127.0.0.1/?p=1", R, False),
        ("http://127.0.0.1:bad/", R, False),
    ],
)
def test_is_on_site(url: str, site: str, expected: bool) -> None:
    assert is_on_site(url, site) is expected


@pytest.mark.parametrize(
    ("url", "document", "asset"),
    [
        (f"{H}{UP}/x.pdf", True, False),
        (f"{H}/wordpress/docs/Dust%20Mitigation.PDF", True, False),
        ("/a/b.docx", True, False),
        ("/a/b.doc", True, False),
        ("/a/b.PPTX", True, False),
        ("/a/b.ppt", True, False),
        ("/a/b.xls", True, False),
        ("/a/b.xlsx?ver=2", True, False),
        ("/wp-content/uploads/2024/08/GER2024cover.jpg", False, True),
        ("/logo.PNG", False, True),
        ("/wp-includes/css/style.css?ver=6.4", False, True),
        ("/wp-includes/js/jquery.js", False, True),
        ("/fonts/x.woff2", False, True),
        ("/?p=370", False, False),
        ("/?p=370&file=x.pdf", False, False),
        ("/news/pdf", False, False),
        ("/?download=100", True, False),  # Download Monitor, plain permalinks
        ("/wordpress/index.php?download=7", True, False),
        ("/download/ger-2018/", True, False),  # and with pretty permalinks
        ("/?download=", False, False),
        ("/downloads/", False, False),
        # The portal's Document Library (Liferay 4 to 6.0, then 6.1's Documents and Media)
        ("/c/document_library/get_file?uuid=b1c2&groupId=10136", True, False),
        ("/c/document_library/get_file?p_l_id=1&folderId=2&name=DLFE-1203.pdf", True, False),
        ("/documents/10136/10456/GER_2011.pdf/0b1c-2d3e", True, False),
        ("/documents/10136/10456/ISECG+Annual+Report+2011", True, False),
        ("/documents", False, False),  # the portal's documents page, and its like
        ("/documents/", False, False),
        ("/web/guest/documents", False, False),
        ("/documents/10136/", False, False),
        ("/c/document_library/view?folderId=2", False, False),
        # ... but not its pictures (a news item's photo), nor a WordPress site's dated pages
        ("/c/document_library/get_file?p_l_id=1&folderId=2&name=DLFE-612.jpg", False, False),
        ("/documents/10136/10456/photo.JPG", False, True),
        ("/documents/10136/10456/photo.jpg/0b1c-2d3e", False, False),
        ("/documents/10136/0/GER.pdf/0b1c?imageThumbnail=1", False, False),
        ("/c/document_library/get_file?folderId=2&name=DLFE-700.svg", False, False),
        ("/documents/2018/02/annual-report/", False, False),
    ],
)
def test_document_and_asset(url: str, document: bool, asset: bool) -> None:
    assert is_document(url) is document
    assert is_asset(url) is asset


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (f"{H}/index.php?rest_route=/wp/v2/posts&per_page=100", "rest"),
        ("/wp-json/wp/v2/posts", "rest"),
        ("/?rest_route=%2Fwp%2Fv2%2Fposts%2F1109", "rest"),
        ("/?feed=rss2", "feed"),
        ("/wordpress/?feed=rss2", "feed"),
        ("/?p=370&feed=rss2", "feed"),
        ("/feed/", "feed"),
        ("/wp-sitemap.xml", "sitemap"),
        ("/wp-sitemap-posts-post-1.xml", "sitemap"),
        ("/?sitemap=index", "sitemap"),
        ("/sitemap.xml.gz", "sitemap"),
        ("/?download=100", "document"),
        ("/robots.txt", "robots"),
        (f"{H}{UP}/x.pdf", "document"),
        ("/wp-content/uploads/2024/08/GER2024cover.jpg", "asset"),
        ("/?p=370", "post"),
        ("/wordpress/?p=370", "post"),
        ("/index.php?p=370", "post"),
        ("/?page_id=257", "page"),
        ("/?page_id=12&paged=1", "page"),
        ("/?page_id=12&paged=2", "list"),
        ("/?cat=3", "list"),
        ("/?cat=3&paged=2", "list"),
        ("/?paged=2", "list"),
        ("/news/", "portal"),
        ("/news/2008-05-31", "portal"),
        ("/about-isecg", "portal"),
        (f"{H}/", "home"),
        ("/wordpress/", "home"),
        ("/?paged=1", "home"),
        ("/?utm_source=x", "home"),
        ("/?s=moon", "other"),
        ("/wordpress/wp-login.php", "other"),
        ("/wordpress/wp-admin/", "other"),
        ("mailto:isecg@esa.int", "other"),
    ],
)
def test_url_kind(url: str, kind: str) -> None:
    assert url_kind(url) == kind
    absolute = canonical(url, S)
    assert url_kind(absolute) == kind  # the canonical form keeps its kind
