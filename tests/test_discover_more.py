"""Link discovery on markup nobody here wrote (helper-34's probe): each case missed a page of
the site, queued one a crawler must never ask for, or lost every link of its page."""

from __future__ import annotations

import gzip

import pytest

import scraper.discover as discover_module
from scraper.discover import discover, reads_links
from scraper.frontier import Found
from scraper.settings import Settings
from scraper.traps import TrapGuard

SITE = "https://www.globalspaceexploration.org/"
UPLOADS = SITE + "wp-content/uploads/2024/01/"


def found(body: str, content_type: str = "text/html", url: str = SITE) -> set[str]:
    return {f.url for f in discover(url, content_type, body.encode(), {}, SITE).found}


def test_wordpress_log_in_and_administration_are_never_queued() -> None:
    body = (
        "<a href='/wp-login.php?action=logout&_wpnonce=abc'>Log out</a>"
        "<a href='/wordpress/wp-admin/'>Dashboard</a>"
        "<a href='/wp-admin/post.php?post=5&action=edit'>Edit</a>"
        "<form action='/wp-comments-post.php'></form><a href='/wp-comments-post.php'>x</a>"
        "<a href='/?p=5'>A post</a>"
    )
    result = discover(SITE, "text/html", body.encode(), {}, SITE)
    assert {f.url for f in result.found} == {SITE + "?p=5"}
    assert len(result.links) == 5  # still recorded as the page's links


def test_a_search_is_recorded_never_queued() -> None:
    """`?s=word` is one page of results per word anyone links, each paginated: not the site."""
    body = "<a href='/?s=moon'>moon</a><a href='/?s=mars&paged=2'>2</a><a href='/?p=5'>post</a>"
    result = discover(SITE, "text/html", body.encode(), {}, SITE)
    assert {f.url for f in result.found} == {SITE + "?p=5"} and len(result.links) == 3


def test_print_amp_and_share_views_are_the_page_they_show() -> None:
    body = (
        "<a href='/?print=1'>print</a><a href='/?amp=1'>amp</a><a href='/?amp'>amp</a>"
        "<a href='/?cat=3&share=twitter&nb=1'>share</a><a href='/?page_id=3&print=1'>print</a>"
    )
    assert found(body) == {SITE, SITE + "?cat=3", SITE + "?page_id=3"}


def test_a_load_more_buttons_next_page_is_found() -> None:
    body = (
        "<button class='load-more' data-url='/?cat=3&amp;paged=2'>Load more</button>"
        "<div class='card' data-href='/?p=1180'>New Zealand</div>"
        "<a href='#' data-next-url='/?paged=3'>More</a>"
        "<button data-url='https://twitter.com/share?u=x'>Tweet</button>"  # off the site
    )
    assert found(body) == {SITE + "?cat=3&paged=2", SITE + "?p=1180", SITE + "?paged=3"}


def test_data_attributes_that_hold_no_address_are_not_followed() -> None:
    body = (
        "<div data-url='false' data-href='none'></div><a data-url='{{ post.link }}'>x</a>"
        "<button data-next-url='${next}'>More</button>"
        "<form data-url='/index.php?rest_route=/contact-form-7/v1/contact-forms/5/feedback'>"
    )
    assert found(body) == set()


def test_a_link_escaped_twice_keeps_its_page_number() -> None:
    """`esc_url` applied twice: "?page_id=12&amp;amp;paged=2" lost its page 2."""
    assert found("<a href='/?page_id=12&amp;amp;paged=2'>2</a>") == {SITE + "?page_id=12&paged=2"}


def test_a_page_number_of_thousands_of_digits_loses_no_other_link() -> None:
    """int() refuses over 4,300 digits: the ValueError lost the whole page's links."""
    links = [SITE + "page/" + "1" * 5000 + "/", SITE + "?pg=" + "2" * 5000, SITE + "?p=7"]
    admitted, _ = TrapGuard(Settings(site=SITE)).admit([Found(u, "page", "link") for u in links])
    assert SITE + "?p=7" in {f.url for f in admitted}
    assert discover(SITE, "text/html", f"<a href='{links[0]}'>x</a>".encode(), {}, SITE).found == []


def test_links_outside_anchors() -> None:
    head = (
        "<link rel='next' href='/?cat=3&paged=2'>"
        "<meta http-equiv='refresh' content='0;url=/?page_id=9'>"
    )
    body = (
        "<map><area href='/?p=296'></map><iframe src='/?page_id=257'></iframe>"
        f"<object data='{UPLOADS}a.pdf'></object><embed src='{UPLOADS}b.pdf'>"
        "<link rel='alternate' type='application/atom+xml' href='/?feed=atom'>"
    )
    assert found(f"<html><head>{head}</head><body>{body}</body></html>") == {
        SITE + "?cat=3&paged=2",
        SITE + "?page_id=9",
        SITE + "?p=296",
        SITE + "?page_id=257",
        UPLOADS + "a.pdf",
        UPLOADS + "b.pdf",
        SITE + "?feed=atom",
    }


def test_a_base_under_wordpress_keeps_its_path() -> None:
    """Made canonical, the base lost /wordpress/ and relative links pointed at the root."""
    body = "<base href='/wordpress/'><a href='wp-content/uploads/2013/09/Benefits.pdf'>B</a>"
    assert found(body) == {SITE + "wordpress/wp-content/uploads/2013/09/Benefits.pdf"}


def test_sitemaps_and_feeds_a_strict_parser_refuses() -> None:
    blank_line = f"\n<?xml version='1.0'?><urlset><url><loc>{SITE}?p=2</loc></url></urlset>"
    ampersand = f"<urlset><url><loc>{SITE}?cat=3&paged=2</loc></url>"
    ampersand += f"<url><loc>{SITE}?p=1</loc></url></urlset>"
    assert found(blank_line, "application/xml", SITE + "sitemap.xml") == {SITE + "?p=2"}
    assert found(ampersand, "application/xml", SITE + "sitemap.xml") == {
        SITE + "?cat=3&paged=2",
        SITE + "?p=1",
    }


def test_a_feeds_enclosure_is_found() -> None:
    rss = (
        f"<rss><channel><item><link>{SITE}?p=1885</link>"
        f"<enclosure url='{UPLOADS}GER2024.pdf' type='application/pdf'/></item></channel></rss>"
    )
    assert found(rss, "application/rss+xml", SITE + "?feed=rss2") == {
        SITE + "?p=1885",
        UPLOADS + "GER2024.pdf",
    }


def test_an_entity_expanded_into_a_megabyte_is_no_url() -> None:
    entities = "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcde", "bcdef", strict=True)
    )
    body = f'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">{entities}]>'
    body += "<urlset><url><loc>&f;</loc></url></urlset>"
    assert found(body, "application/xml", SITE + "sitemap.xml") == set()


def test_a_sitemaps_entities_are_never_expanded() -> None:
    """helper-206: one entity of 250 characters referenced 3 million times in a 9 MB sitemap
    took 4.5 GB to expand (the standard library allows 100 times the body). An entity is
    refused (defusedxml): the sitemap is read by the lenient reader, the entity left as
    written, and the URLs written out are still found."""
    body = (
        f'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY e "{SITE}?p=5">]>'
        f"<urlset><url><loc>&e;</loc></url><url><loc>{SITE}?p=6</loc></url></urlset>"
    )
    assert found(body, "application/xml", SITE + "wp-sitemap.xml") == {SITE + "?p=6"}


def test_an_older_archives_log_out_link_is_not_carried_to_the_next_crawl() -> None:
    from scraper.worklist import seeds

    carried = [
        Found(SITE + "wp-login.php?action=logout", "page", "link"),
        Found(SITE + "?p=5", "page", "link"),
    ]
    urls = {f.url for f in seeds(SITE, [], carried)}
    assert SITE + "?p=5" in urls and not any("wp-login" in u for u in urls)


@pytest.mark.timeout(60)
def test_a_body_of_unclosed_tags_is_read_in_linear_time() -> None:
    """The lenient reading scanned to the end of the body from every unclosed tag: 40,000 of
    them took a minute, 100,000 would take several (a guard against that, not a timing)."""
    for body in ("<urlset>" + "<loc " * 100_000, "<rss>" + "<link a" * 100_000):
        assert found(body, "application/xml", SITE + "sitemap.xml") == set()


def test_a_base_no_parser_reads_falls_back_to_the_page() -> None:
    assert found("<base href='http://[::1'><a href='?p=5'>a</a>") == {SITE + "?p=5"}


SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" href="/s.xsl"?>'
    '<!-- generated by a plugin --><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    f"<url><loc>{SITE}?p=6</loc></url></urlset>"
)


def test_a_sitemap_or_feed_served_as_html_is_read_as_xml() -> None:
    """A server calling a sitemap text/html had it read as a page: no <loc> was followed."""
    assert found(SITEMAP, "text/html", SITE + "sitemap.xml") == {SITE + "?p=6"}
    feed = f'<?xml version="1.0"?><rss><channel><item><link>{SITE}?p=7</link></item></channel>'
    assert found(feed, "text/html; charset=UTF-8", SITE + "?feed=rss2") == {SITE + "?p=7"}
    bom = "\ufeff<!-- generated at <b>noon</b> -->" + SITEMAP.split("?>", 2)[-1]
    assert found(bom, "text/html", SITE + "sitemap.xml") == {SITE + "?p=6"}  # a BOM, a comment
    xhtml = '<?xml version="1.0"?><!DOCTYPE html><html><body><a href="?p=8">x</a></body></html>'
    assert found(xhtml, "application/xhtml+xml") == {SITE + "?p=8"}  # a page stays a page


@pytest.mark.parametrize("content_type", ["application/x-gzip", "application/xml"])
def test_a_gzipped_sitemap_is_read(content_type: str) -> None:
    body = gzip.compress(SITEMAP.encode())
    result = discover(SITE + "sitemap.xml.gz", content_type, body, {}, SITE).found
    assert [(f.url, f.source) for f in result] == [(SITE + "?p=6", "sitemap")]
    assert reads_links(content_type)  # held in memory, and read back when unchanged
    index = f"<sitemapindex><sitemap><loc>{SITE}post-sitemap.xml.gz</loc></sitemap></sitemapindex>"
    queued = discover(SITE + "sitemap_index.xml", "application/xml", index.encode(), {}, SITE)
    assert [(f.url, f.kind) for f in queued.found] == [(SITE + "post-sitemap.xml.gz", "sitemap")]


def test_a_gzip_bomb_is_read_no_further_than_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discover_module, "MAX_SITEMAP_BYTES", 4096)
    early, late = f"<url><loc>{SITE}?p=1</loc></url>", f"<url><loc>{SITE}?p=2</loc></url>"
    body = gzip.compress(f"<urlset>{early}{' ' * 10_000}{late}</urlset>".encode())
    assert found_in(body, SITE + "sitemap.xml.gz") == {SITE + "?p=1"}


def found_in(body: bytes, url: str) -> set[str]:
    return {f.url for f in discover(url, "application/x-gzip", body, {}, SITE).found}
