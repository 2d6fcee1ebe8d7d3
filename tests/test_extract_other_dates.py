"""Dates a post page prints that are not the post's: a featured post's in a sidebar, a report's
its JSON-LD mentions, "Last updated:", "Meeting:", a reader's comment. Each was stored as the
publication date, named as coming from microdata, JSON-LD or the page's visible text (a
wrong date is worse than none). The markup here is written by hand, as no theme of ours
prints it; the post's own date, where the page states it plainly, is still read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.store import Seen
from scraper.extract.choose import choose, disagreements
from scraper.extract.lists import list_dates
from scraper.extract.news import news_from_html
from scraper.extract.publications import publications_from_html
from scraper.harvest import Page, harvest

SITE = "https://www.globalspaceexploration.org/"
URL = SITE + "?p=1109"
CAPTURED = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
OWN = '<p class="post-date">18 September 2020</p>'  # the post's own date, plainly printed


def page(head: str = "", header: str = "", footer: str = "", beside: str = "") -> str:
    return f"""<!doctype html><html><head><title>Agencies Meet | ISECG</title>{head}</head>
<body class="single single-post postid-1109"><div id="page"><div class="layout">
<div class="story" id="post-1109"><h1>Agencies Meet in Cologne</h1>{header}
<div class="entry-content"><p>The agencies of the group met in Cologne to discuss the roadmap
and how they work together on the exploration of the Moon and Mars.</p></div>
<div class="story-end">{footer}</div></div>{beside}</div></div></body></html>"""


def published(html: str) -> tuple[str | None, str | None]:
    news, _problems = news_from_html(URL, html, SITE, CAPTURED)
    assert news is not None
    return news.published, news.published_source


FEATURED = (
    '<aside class="more"><article itemscope itemtype="https://schema.org/BlogPosting">'
    '<h3 itemprop="headline">New Zealand Becomes the 27th Member</h3><time itemprop='
    '"datePublished" datetime="2021-03-09T10:00:00+01:00">9 March 2021</time></article></aside>'
)
MENTIONED = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "WebPage",'
    ' "name": "Agencies Meet", "mentions": {"@type": "Report", "name": "Global Exploration'
    ' Roadmap", "datePublished": "2018-01-31"}}</script>'
)


@pytest.mark.parametrize(
    "html",
    [
        page(header=OWN, beside=FEATURED),  # microdata of a featured post in a sidebar
        page(head=MENTIONED, header=OWN),  # a report the page's JSON-LD mentions
        page(header=OWN, footer='<p>Last updated: <span class="x">12 May 2022</span></p>'),
        page(header=OWN, footer="<p>Modified <b>12 May 2022</b></p>"),
        page(header=OWN, footer="<p><span>Updated</span> <span>on 12 May 2022</span></p>"),
        page(
            header=OWN + '<div class="event"><span>Meeting:</span> <span>12 May 2022</span></div>'
        ),
        page(
            header=OWN,
            footer='<ol class="commentlist"><li><span>Bob</span><p><a href="#c1">12 May 2022</a>'
            "</p><p>Well done!</p></li></ol>",
        ),
    ],
)
def test_a_date_that_is_not_the_posts_is_not_its_date(html: str) -> None:
    assert published(html)[0] == "2020-09-18"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (  # the page's own article in a JSON-LD @graph, as Yoast writes it
            page(
                head='<script type="application/ld+json">{"@graph": [{"@type": "WebPage",'
                ' "name": "Agencies Meet"}, {"@type": "NewsArticle", "headline": "Agencies Meet'
                ' in Cologne", "datePublished": "2020-09-18T08:55:27+01:00"}]}</script>'
            ),
            ("2020-09-18T08:55:27+01:00", "jsonld"),
        ),
        (  # the page's main entity, inside its WebPage
            page(
                head='<script type="application/ld+json">{"@type": "WebPage", "mainEntity":'
                ' {"@type": "Article", "headline": "Agencies Meet in Cologne", "datePublished":'
                ' "2020-09-18"}}</script>'
            ),
            ("2020-09-18", "jsonld"),
        ),
        (  # a Blog's post, marked on its own page
            page(
                header='<div itemscope itemtype="https://schema.org/Blog"><div itemprop="blogPost"'
                ' itemscope itemtype="https://schema.org/BlogPosting"><time itemprop='
                '"datePublished" datetime="2020-09-18">18 Sep</time></div></div>'
            ),
            ("2020-09-18", "microdata"),
        ),
        (
            page(header="<p>Published: <span>18 September 2020</span></p>"),
            ("2020-09-18", "visible"),
        ),
        (page(header="<p>Date: <span>18 September 2020</span></p>"), ("2020-09-18", "visible")),
    ],
)
def test_the_posts_own_date_is_still_read(html: str, expected: tuple[str, str]) -> None:
    assert published(html) == expected


def test_a_posted_on_date_after_the_capture_or_before_2007_is_no_date() -> None:
    """News dates were held to the capture and to 2007; a publication's "Posted on" was not,
    so "2031" (a typo) and "1995" (another day) were stored as posted_on."""
    listing = """<html><body><main><h2>Publications</h2>
<p><a href="/wp-content/uploads/2020/08/a.pdf">Roadmap A</a></p><p>Posted on 1 May, 2031</p>
<p><a href="/wp-content/uploads/2020/08/b.pdf">Roadmap B</a></p><p>Posted on 1 May, 1995</p>
<p><a href="/wp-content/uploads/2020/08/c.pdf">Roadmap C</a></p><p>Posted on 2 June, 2020</p>
</main></body></html>"""
    seen = Seen(1, 7, "2025-01-15T12:00:00Z")
    page = Page(SITE + "?page_id=257", "page", 200, "text/html", listing.encode(), seen)
    found = harvest([page], SITE, {})
    posted = {
        pub.title: (pub.posted_on, pub.posted_on_source) for pub, _ in found.publications.values()
    }
    assert posted == {
        "Roadmap A": (None, None),
        "Roadmap B": (None, None),
        "Roadmap C": ("2020-06-02", "posted-on"),
    }
    problems = [problem for _url, _capture, problem in found.problems]
    assert sorted(p.split(":")[0] for p in problems if "implausible" in p) == [
        "implausible posted-on date 1995-05-01",
        "implausible posted-on date 2031-05-01",
    ]


EVENT_FIRST = (
    "<p><strong>10 March 2019</strong></p><p>Yokohama. The group held its meeting with the"
    " delegates of fourteen agencies, discussing the roadmap and what they do together.</p>"
    "<p>The next meeting will be hosted by another agency later in the year.</p>"
)


def test_a_date_opening_a_body_no_selector_knows_is_not_the_posts() -> None:
    """The body found by the generic reader opened with an event's date, read as the post's
    (the page's dates had been read before any body was known)."""
    html = f"""<!doctype html><html><head><title>3rd Meeting | ISECG</title></head>
<body class="single postid-296"><article id="post-296" class="post-296 post type-post">
<h1>3rd Meeting</h1><p class="byline">Posted 18 Sep 2009 by admin</p>
<section class="copy">{EVENT_FIRST}</section></article></body></html>"""
    news, _problems = news_from_html(SITE + "?p=296", html, SITE, CAPTURED)
    assert news is not None and "Yokohama" in news.body_text
    assert (
        news.published == "2009-09-18"
    )  # the byline's ("by admin" after "Posted"), not the event's
    assert news.event_date == "10 March 2019"


def test_a_dotted_date_opening_a_wordpress_posts_body_is_not_its_date() -> None:
    """Only the old portal prints its date ("08.11.2007") at the top of the text; a WordPress
    post opening with "12.03.2019" opens with an event's."""
    body = "<p><strong>12.03.2019</strong></p><p>The agencies met in Cologne to work.</p>"
    html = page(header=OWN).replace(
        "<p>The agencies of the group met in Cologne", body + "<p>The agencies met"
    )
    assert "12.03.2019" in html
    assert published(html) == ("2020-09-18", "visible")


def test_a_plain_date_meta_tag_gives_way_to_the_printed_date_and_differs_on_record() -> None:
    """`<meta name="date">` holds the time the page was rendered on some sites: it was ranked
    above the date the page prints, and stored as the publication date (the crawl's day)."""
    rendered = '<meta name="date" content="2025-01-15T11:59:00+01:00">'
    news, _problems = news_from_html(URL, page(head=rendered, header=OWN), SITE, CAPTURED)
    assert news is not None
    assert (news.published, news.published_source) == ("2020-09-18", "visible")
    chosen = choose("published", news.candidates, CAPTURED)
    assert disagreements("wp:1109", "published", news.candidates, chosen) == [
        ("wp:1109", "published", "meta-date", "2025-01-15T11:59:00+01:00", "visible", "2020-09-18")
    ]
    alone = page(head='<meta name="DC.date" content="2020-09-18">')
    assert published(alone) == ("2020-09-18", "meta-date")  # still read where nothing else is


def test_a_bylines_date_inside_the_generic_body_is_still_the_posts() -> None:
    """Where the generic reader's body begins is a guess: one that takes in the byline above
    the text must not take the byline's date away (only a date in a paragraph is a dateline)."""
    html = f"""<!doctype html><html><head><title>Volatiles Workshop :: ISECG</title></head>
<body><div class="w1"><div class="w2"><article class="k9"><h3>Volatiles Workshop</h3>
<div class="q7">By ISECG &#183; <span class="z3">2021-07-14</span></div>
<div class="m2"><div class="m3">{EVENT_FIRST.replace("10 March 2019", "Experts met")}</div></div>
</article></div></div></body></html>"""
    news, _problems = news_from_html(SITE + "?p=1210", html, SITE, CAPTURED)
    assert news is not None and "Yokohama" in news.body_text
    assert (news.published, news.published_source) == ("2021-07-14", "visible")


def test_a_publication_never_takes_the_next_entrys_date() -> None:
    """Entries typed as loose paragraphs: B has no date line, C's title is no link and a
    "Download" link under it links C's file. Walking back from C's date to the nearest linked
    title gave B C's date, and C was lost. B is now undated and C's date line reported."""
    listing = """<html><body><main><h2>Publications</h2>
<p><a href="/wp-content/uploads/2020/08/a.pdf">Roadmap A</a></p><p>Posted on 1 May, 2020</p>
<p><a href="/wp-content/uploads/2020/08/b.pdf">Roadmap B</a></p><p>What B is about.</p>
<p>Roadmap C</p><p><a href="/wp-content/uploads/2020/08/c.pdf">Download</a></p>
<p>Posted on 2 June, 2020</p></main></body></html>"""
    found, problems = publications_from_html(SITE + "?page_id=257", listing, SITE)
    assert {(p.title, p.posted_on) for p in found} == {
        ("Roadmap A", "2020-05-01"),
        ("Roadmap B", None),
    }
    assert "date line without a title: 'Posted on 2 June, 2020'" in problems


@pytest.mark.parametrize(
    "dated",
    [
        '<span class="updated-on">12 May 2025</span>',
        "<span>Last updated:</span> <span>12 May 2025</span>",
        '<span class="last-modified">12 May 2025</span>',
    ],
)
def test_a_list_items_modification_date_is_not_its_date(dated: str) -> None:
    """A list page's date stands for a post whose page shows none: a modification date in
    the item (a class or words saying so) was taken for it."""
    listing = f"""<html><body><main><h1>News</h1><ul>
<li><a href="{SITE}?p=1885">Meeting in Cologne</a> {dated}</li>
<li><a href="{SITE}?p=1109">Agencies Meet</a> <span>18 September 2020</span></li>
</ul></main></body></html>"""
    found = list_dates(SITE + "?page_id=20", listing, SITE)
    assert {k: v.value for k, v in found.items()} == {1109: "2020-09-18"}


@pytest.mark.parametrize("title", ["20 July 2010", "September 20, 2013."])
def test_a_title_that_is_a_date_is_not_the_posts_date(title: str) -> None:
    """The heading names the post; a post titled with a day was dated by its own title."""
    html = page().replace("Agencies Meet in Cologne", title)
    html = html.replace("Agencies Meet | ISECG", f"{title} | ISECG")
    assert f"<h1>{title}</h1>" in html and f"<title>{title} | ISECG" in html
    assert published(html) == (None, None)
    assert published(html.replace("<h1>", OWN + "<h1>")) == ("2020-09-18", "visible")


@pytest.mark.parametrize(
    ("head", "printed", "expected"),
    [
        # A theme writing summer time beside the day it prints: the site's fixed +01:00 (an
        # assumption) moved it to 30 June, a day the page never shows.
        (
            '<meta property="article:published_time" content="2020-07-01T00:30:00+02:00">',
            "Posted on 1 July 2020",
            ("2020-07-01T00:30:00+02:00", "meta"),
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Agencies'
            ' Meet in Cologne", "datePublished": "2020-07-01T23:30:00Z"}</script>',
            "1 July 2020",
            ("2020-07-01T23:30:00+00:00", "jsonld"),
        ),
        # The printed day is the site's: the table's offset stays (a theme writing UTC).
        (
            '<meta property="article:published_time" content="2018-12-31T23:30:00+00:00">',
            "1 January 2019",
            ("2019-01-01T00:30:00+01:00", "meta"),
        ),
        # Nothing printed to go by: the table's offset stays.
        (
            '<meta property="article:published_time" content="2020-07-01T00:30:00+02:00">',
            "",
            ("2020-06-30T23:30:00+01:00", "meta"),
        ),
    ],
)
def test_an_instant_keeps_its_own_offset_where_the_page_prints_its_day(
    head: str, printed: str, expected: tuple[str, str]
) -> None:
    html = page(head=head, header=f'<p class="post-date">{printed}</p>' if printed else "")
    news, _problems = news_from_html(URL, html, SITE, CAPTURED)
    assert news is not None
    assert (news.published, news.published_source) == expected
    chosen = choose("published", news.candidates, CAPTURED)
    differing = disagreements("wp:1109", "published", news.candidates, chosen)
    assert [row[2] for row in differing] == []  # the page and the chosen day agree


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        # A CMS on summer time writing UTC: 00:30 on 15 June there is 23:30 on the 14th at
        # the site's +01:00, and the page prints the 15th. The printed day is the post's.
        ("2024-06-14T22:30:00Z", ("2024-06-15", "visible")),
        # A whole day apart at midday: no offset explains it; the instant stands, and the
        # printed day differs on record.
        ("2024-06-14T10:00:00Z", ("2024-06-14T11:00:00+01:00", "jsonld")),
    ],
)
def test_a_printed_day_next_to_a_converted_instant(instant: str, expected: tuple[str, str]) -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Agencies'
        f' Meet in Cologne", "datePublished": "{instant}"}}</script>'
    )
    html = page(head=head, header='<p class="post-date">15 June 2024</p>')
    news, _problems = news_from_html(URL, html, SITE, CAPTURED)
    assert news is not None
    assert (news.published, news.published_source) == expected
    chosen = choose("published", news.candidates, CAPTURED)
    differing = disagreements("wp:1109", "published", news.candidates, chosen)
    assert [row[2] for row in differing] == [{"visible": "jsonld"}.get(expected[1], "visible")]


def test_an_instant_in_the_sites_own_offset_keeps_its_day_beside_another_printed() -> None:
    """00:20 at +01:00 on the 13th says its day itself; an event's "12 December 2024" under
    the title is no reason to move it (only an instant the table moved is)."""
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Agencies'
        ' Meet in Cologne", "datePublished": "2024-12-13T00:20:00+01:00"}</script>'
    )
    html = page(head=head, header='<p class="post-date">12 December 2024</p>')
    news, _problems = news_from_html(URL, html, SITE, CAPTURED)
    assert news is not None
    assert (news.published, news.published_source) == ("2024-12-13T00:20:00+01:00", "jsonld")
