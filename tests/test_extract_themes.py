"""News posts in the markup of themes, builders and SEO plugins nobody here wrote (helper-36's
probe of Divi, Elementor, block themes, GeneratePress, OceanWP, Rank Math, Bootstrap and
hand-made layouts), read with no REST item. Each date case stored another day, or another
post, under a source that looks trustworthy; the post's own date, where the page states it
plainly, is still read. Titles and bodies follow."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract

SITE = "https://www.globalspaceexploration.org/"
URL = SITE + "?p=1109"
CAPTURED = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
TITLE = "Agencies Meet in Cologne"
TEXT = "<p>The agencies of the group met in Cologne to discuss the roadmap and their plans.</p>"
SINGLE = 'class="single single-post postid-1109"'


def page(inner: str, body_class: str = SINGLE) -> str:
    return (
        f"<html><head><title>{TITLE} &#8211; ISECG</title></head>"
        f"<body {body_class}>{inner}</body></html>"
    )


def article(meta: str, content: str = TEXT) -> str:
    """The post's article: its title, `meta` below it, then its content."""
    return page(
        f'<article id="post-1109" class="post-1109 post hentry"><h1 class="entry-title">{TITLE}'
        f'</h1>{meta}<div class="entry-content">{content}</div></article>'
    )


def read(html: str) -> tuple[str | None, str | None, str, str | None]:
    """(published day, its source, body text, title) of the page's one news record."""
    got = extract(URL, "text/html", html.encode(), SITE, CAPTURED)
    assert len(got.news) == 1, got.problems
    news = got.news[0]
    day = news.published[:10] if news.published else None
    return day, news.published_source, news.body_text, news.title


OTHER_POST = (
    '<article id="post-1006" class="et_pb_post post-1006 post hentry"><h2 class="entry-title">'
    f'<a href="{SITE}?p=1006">Six New Members</a></h2><p class="post-meta"><span '
    'class="published">Apr 2, 2020</span></p><div class="post-content"><p>Read about the new '
    "members.</p></div></article>"
)
OWN_DAY = "2020-09-18"

CASES = {
    # Divi's Blog module lists another post inside the content: the record was lost.
    "divi blog module in the content": (
        article('<span class="published">Sep 18, 2020</span>', TEXT + OTHER_POST),
        OWN_DAY,
    ),
    # Divi's Theme Builder prints no article for the post: the listed post's article was
    # taken for it (another post's title, day and text).
    "divi theme builder": (
        page(
            f'<div class="et-l"><div class="et_pb_post_title"><h1 class="entry-title">{TITLE}'
            '</h1><span class="published">Sep 18, 2020</span></div><div class="et_pb_post_'
            f'content">{TEXT}</div><div class="et_pb_blog_grid">{OTHER_POST}</div></div>',
            'class="single single-post postid-1109 et_right_sidebar"',
        ),
        OWN_DAY,
    ),
    # A block theme's "More posts" loop: its first item (li.hentry) was the post's scope.
    "block theme more posts": (
        page(
            f'<main class="wp-block-group"><h1 class="wp-block-post-title">{TITLE}</h1><div '
            'class="wp-block-post-date"><time datetime="2020-09-18T08:55:27+01:00">September '
            f'18, 2020</time></div><div class="entry-content wp-block-post-content">{TEXT}'
            '</div><ul class="wp-block-post-template"><li class="wp-block-post post-1006 post '
            'hentry"><div class="wp-block-group is-content-justification-space-between"><h3>'
            f'<a href="{SITE}?p=1006">Six New Members</a></h3><div class="wp-block-post-date">'
            '<time datetime="2020-04-02">April 2, 2020</time></div></div></li></ul></main>'
        ),
        OWN_DAY,
    ),
    # WordPress's Modified Date block, alone: the modification was the publication.
    "modified date block": (
        page(
            f'<main><h1 class="wp-block-post-title">{TITLE}</h1><div class="wp-block-post-'
            'date__modified-date wp-block-post-date"><time datetime="2023-03-14T16:05:00+01:00">'
            f'March 14, 2023</time></div><div class="entry-content">{TEXT}</div></main>'
        ),
        None,
    ),
    # GeneratePress set to show the updated date only.
    "updated date only": (
        article(
            '<span class="posted-on"><time class="entry-date updated-date" datetime='
            '"2023-02-01T11:00:00+01:00" itemprop="dateModified">February 1, 2023</time></span>'
        ),
        None,
    ),
    "updated: <time> beside the text date": (
        article(
            '<span class="meta-date">September 18, 2020</span> <span>Updated: <time datetime='
            '"2021-01-05">January 5, 2021</time></span>'
        ),
        OWN_DAY,
    ),
    "meeting: <time> beside the posted-on date": (
        article(
            '<span class="posted-on">Posted on 18 September 2020</span><p>Meeting: <time '
            'datetime="2023-02-09">9 February 2023</time></p>'
        ),
        OWN_DAY,
    ),
    # An event's facts: "Date:" in a list of them is the event's day.
    "an event's date: in a fact list": (
        article('<ul class="event-info"><li><strong>Date:</strong> 9 February 2023</li></ul>'),
        None,
    ),
    "event date: beside the posted-on date": (
        article(
            '<span class="posted-on">Posted on 18 September 2020</span><div class="event-'
            'details"><strong>Event date:</strong> 9 February 2023</div>'
        ),
        OWN_DAY,
    ),
    # No element wraps the post: a top bar's "today" was its date (the capture's day).
    "a top bar's today": (
        page(
            '<div class="topbar"><span class="today">Wednesday, 15 January 2025</span></div>'
            f'<div class="row"><div class="col-9"><h1>{TITLE}</h1>{TEXT}<p>The delegates '
            "agreed on the next steps for the lunar exploration scenario.</p></div></div>",
            "",
        ),
        None,
    ),
    # Bootstrap's bg-body-tertiary is no post body, and a day in the text is no post date.
    "bootstrap sidebar and a day in the text": (
        page(
            f'<main class="container"><div class="col-md-8"><article class="blog-post"><h2>{TITLE}'
            f"</h2>{TEXT}<p>The next meeting on <strong>5 March 2021</strong> will review the "
            'roadmap.</p></article></div><div class="col-md-4"><div class="p-4 bg-body-'
            'tertiary"><h4>About</h4><p>ISECG is a forum set up by 14 space agencies.</p></div>'
            "</div></main>",
            "",
        ),
        None,
    ),
    "a table's day in the text": (
        page(
            f'<div class="left"><h1>{TITLE}</h1><p class="byline">By the Secretariat</p>{TEXT}'
            "<table><tr><th>Date</th><td>9 February 2023</td></tr><tr><th>Venue</th><td>Online"
            "</td></tr></table><p>The delegates agreed on the next steps for the lunar "
            "exploration scenario.</p></div>",
            "",
        ),
        None,
    ),
}


@pytest.mark.parametrize(("html", "day"), CASES.values(), ids=CASES.keys())
def test_a_themes_other_dates_are_not_the_posts(html: str, day: str | None) -> None:
    published, source, _, title = read(html)
    assert (published, title) == (day, TITLE), source


@pytest.mark.parametrize(
    "meta",
    [
        "<p>Date: <span>18 September 2020</span></p>",  # a byline's label, not a fact list
        '<span class="posted-on">Published: <time datetime="2020-09-18">Sep 18</time></span>',
        '<div class="wp-block-post-date"><time datetime="2020-09-18T08:55:27+01:00">x</time></div>',
    ],
)
def test_the_posts_own_labelled_date_is_still_read(meta: str) -> None:
    assert read(article(meta))[0] == OWN_DAY


UPDATED = "2021-01-05"
HATOM = {
    # Themes that print one date mark it "updated" (hAtom requires one) beside the entry's
    # date class: Newspaper, MH Magazine. It was read as a modification: no date at all.
    "newspaper": (
        '<span class="td-post-date"><time class="entry-date updated td-module-date" '
        'datetime="2020-09-18T08:55:27+01:00">September 18, 2020</time></span>',
        OWN_DAY,
    ),
    "mh magazine": (
        '<p class="mh-meta entry-meta"><span class="entry-meta-date updated"><a href="?m=202009">'
        "September 18, 2020</a></span></p>",
        OWN_DAY,
    ),
    # The guards: a date also marked published beside it, a label, dateModified, a class
    # saying "updated date": the "updated" one stays a modification.
    "published beside it": (
        '<time class="entry-date published" datetime="2020-09-18">Sep 18</time>'
        f'<time class="entry-date updated" datetime="{UPDATED}">Jan 5</time>',
        OWN_DAY,
    ),
    "last updated label": (
        f'<p>Last updated: <time class="entry-date updated" datetime="{UPDATED}">Jan 5</time></p>',
        None,
    ),
    "itemprop dateModified": (
        '<time class="entry-date updated" itemprop="dateModified" '
        f'datetime="{UPDATED}">Jan 5</time>',
        None,
    ),
    "generatepress updated-date": (
        f'<time class="entry-date updated-date" datetime="{UPDATED}">Jan 5</time>',
        None,
    ),
    "bare updated class": (f'<time class="updated" datetime="{UPDATED}">Jan 5</time>', None),
    "two updated days": (
        '<span class="entry-date updated">September 18, 2020</span>'
        f'<time class="entry-date updated" datetime="{UPDATED}">Jan 5</time>',
        None,
    ),
}


@pytest.mark.parametrize(("meta", "day"), HATOM.values(), ids=HATOM.keys())
def test_a_themes_one_date_marked_updated_is_the_posts(meta: str, day: str | None) -> None:
    assert read(article(meta))[0] == day


BODIES = {
    # A page builder's widgets are the post's text, not a sidebar's: the body was empty.
    "elementor": '<div class="elementor"><div class="elementor-widget elementor-widget-text-'
    f'editor"><div class="elementor-widget-container">{TEXT}</div></div></div>',
    "siteorigin": '<div class="panel-layout"><div class="so-panel widget widget_sow-editor">'
    f'<div class="siteorigin-widget-tinymce textwidget">{TEXT}</div></div></div>',
    # Divi's Blog module lists another post in the content: not the post's text.
    "divi blog module": TEXT + OTHER_POST,
}


@pytest.mark.parametrize("content", BODIES.values(), ids=BODIES.keys())
def test_a_page_builders_content_is_the_body(content: str) -> None:
    _, _, body, _ = read(article('<span class="posted-on">18 September 2020</span>', content))
    assert (
        body == "The agencies of the group met in Cologne to discuss the roadmap and their plans."
    )


def test_a_sidebar_widget_is_still_no_part_of_the_body() -> None:
    widget = (
        '<section class="widget widget_recent_entries"><h2>Recent</h2><p>Other post</p></section>'
    )
    _, _, body, _ = read(article("", TEXT + widget))
    assert "Other post" not in body and body.startswith("The agencies")


def test_a_block_themes_more_posts_loop_is_not_the_body() -> None:
    """Its first item (li.hentry) was the post's element: the body was "Six New Members"."""
    _, _, body, _ = read(CASES["block theme more posts"][0])
    assert (
        body == "The agencies of the group met in Cologne to discuss the roadmap and their plans."
    )


APOSTROPHE = "ISECG\u2019s Agencies Meet"
TITLES = {
    # Rank Math's JSON-LD headline carries the site's name.
    "headline with the site": (
        '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{'
        f'"@type":"BlogPosting","headline":"{TITLE} - ISECG"}}]}}</script>',
        f'<h1 class="entry-title">{TITLE}</h1>',
        TITLE,
    ),
    # An escaped JSON-LD headline.
    "escaped headline": (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"ISECG&#8217;s '
        'Agencies Meet"}</script>',
        f'<h1 class="entry-title">{APOSTROPHE}</h1>',
        APOSTROPHE,
    ),
    # OceanWP: the page header's "News" and the post's title are both the body's headline.
    "two headlines": (
        "",
        '<header class="page-header"><h1 class="page-header-title" itemprop="headline">News'
        f'</h1></header><h2 class="entry-title" itemprop="headline">{TITLE}</h2>',
        TITLE,
    ),
    # A section banner's h1 "News" above the post's bare h2.
    "a section banner": (
        "",
        f'<section class="page-header"><h1 class="page-title">News</h1></section><h2>{TITLE}</h2>',
        TITLE,
    ),
}


@pytest.mark.parametrize(("head", "top", "title"), TITLES.values(), ids=TITLES.keys())
def test_the_posts_title_not_a_plugins_or_a_sections(head: str, top: str, title: str) -> None:
    html = (
        f"<html><head><title>{title} &#8211; ISECG</title>{head}</head><body {SINGLE} "
        f'itemscope itemtype="https://schema.org/Article"><div id="post-1109">{top}'
        f'<div class="entry-content">{TEXT}</div></div></body></html>'
    )
    assert read(html)[3] == title


def test_the_blog_name_its_feed_link_gives_leaves_the_title() -> None:
    """<title> "X &#8211; Global Space Exploration": the blog's name is no ISECG's, and no
    og:site_name says it, but the feed link and the header's site title do."""
    html = (
        f"<html><head><title>{TITLE} &#8211; Global Space Exploration</title><link rel="
        '"alternate" type="application/rss+xml" title="Global Space Exploration &raquo; Feed" '
        f'href="{SITE}?feed=rss2"></head><body {SINGLE}><p class="site-title">Global Space '
        f'Exploration</p><article id="post-1109"><div class="entry-content">{TEXT}</div>'
        "</article></body></html>"
    )
    assert read(html)[3] == TITLE


def test_a_body_emptied_as_page_furniture_is_a_problem() -> None:
    """Elementor's text lost to the widget selector left an empty body, and nobody was told."""
    words = "<p>" + "The agencies met and agreed on the next steps of the roadmap. " * 8 + "</p>"
    html = article("<span>18 September 2020</span>", f'<div class="widget">{words}</div>')
    got = extract(URL, "text/html", html.encode(), SITE, CAPTURED)
    assert got.news[0].body_text == ""
    assert any("lost most of its text as page furniture" in p for p in got.problems)


@pytest.mark.parametrize(
    ("meta", "day"),
    [
        ('<p class="blog-post-meta">September 18, 2020 by <a href="#">admin</a></p>', OWN_DAY),
        ('<p class="event-date">5 March 2021</p>', None),  # an event's, though in a "date" class
        ("<p>5 March 2021</p>", None),  # a dateline standing alone: the event's
        # A theme's <time> alone in the paragraph that opens the text: the post's (missed).
        (f'<p class="text-muted"><time datetime="{OWN_DAY}T08:55:27+01:00">x</time></p>', OWN_DAY),
        ('<p>On <time datetime="2021-03-05">5 March 2021</time> in Paris</p>', None),
        # an events list opening the text (review 10): its first <time> is an event's
        (
            '<ul class="events-list"><li><time datetime="2021-11-30">30 November 2021</time></li>'
            '<li><time datetime="2021-12-02">2 December 2021</time></li></ul>',
            None,
        ),
    ],
)
def test_a_byline_paragraph_in_a_body_the_generic_reader_found(meta: str, day: str | None) -> None:
    """The byline's paragraph was left out with the body's own: its date was missed."""
    assert read(generic_page(meta))[0] == day


def generic_page(meta: str, after: str = "") -> str:
    """A post no selector knows: its title, `meta`, its text, then `after`."""
    return page(
        f'<div class="main"><div class="col"><h2>{TITLE}</h2>{meta}{TEXT}<p>The delegates agreed '
        f"on the next steps for the lunar exploration scenario and the roadmap.</p>{after}</div>"
        "</div>",
        "",
    )


def test_a_time_opening_the_text_is_left_out_of_it_and_a_later_one_is_no_date() -> None:
    time = '<time datetime="2021-03-05">5 March 2021</time>'
    day, _, body, _ = read(generic_page(f"<p>{time}</p>"))
    assert day == "2021-03-05" and body.startswith("The agencies")
    assert read(generic_page("", f"<p>{time}</p>"))[0] is None  # below the text: an event's


@pytest.mark.parametrize(
    "meta",
    [
        '<p class="blog-post-meta">September 18, 2020 by <a href="#">admin</a></p>',
        '<p class="byline">By the ISECG Secretariat</p>',
    ],
)
def test_a_byline_opening_a_generic_body_is_no_part_of_its_text(meta: str) -> None:
    """Bootstrap's blog example and a hand-made page: the byline opened the post's text."""
    assert read(generic_page(meta))[2].startswith("The agencies of the group met")


def test_a_paragraph_of_text_classed_as_meta_stays_text() -> None:
    long = "<p class='post-meta'>" + "The delegates agreed on the next steps. " * 8 + "</p>"
    assert "The delegates agreed on the next steps." in read(generic_page("", long))[2]


SIDEBAR = (
    '<div class="col-md-4"><div class="card"><div class="card-header">Latest news</div><ul>'
    f'<li><a href="{SITE}?p=1180">New Zealand Space Agency Joins ISECG as 27th Member</a></li>'
    f'<li><a href="{SITE}?p=1006">ISECG Membership is Further Enlarging</a></li></ul></div>'
    '<div class="card"><div class="card-body"><p>ISECG is a forum set up by 14 space agencies to '
    "advance the Global Exploration Strategy.</p></div></div></div>"
)


PARAGRAPHS = (
    "<p>ISECG has released an update of its lunar surface exploration scenario, prepared by "
    "experts from twelve agencies over the past year.</p><p>The scenario describes a "
    "sustainable human presence on the Moon in the 2030s and the missions leading to it.</p>"
    "<p>The report can be downloaded from the publications page of this site.</p>"
)


def test_a_generic_body_is_the_titles_column_not_the_sidebars_beside_it() -> None:
    """A hand-made Bootstrap page (helper-36's): the library's text ran on into the sidebar's
    cards, and the body became the row holding both columns."""
    html = Path(__file__).parent / "fixtures" / "themes" / "bootstrap_sidebar_cards.html"
    got = extract(SITE + "?p=1250", "text/html", html.read_bytes(), SITE, CAPTURED)
    body = got.news[0].body_text
    assert body.startswith("ISECG has released") and body.endswith("the publications page.")
    assert "27th Member" not in body and "forum set up by" not in body


def test_a_title_column_holding_little_of_the_text_leaves_the_body_whole() -> None:
    header = f"<div class='head'><h1>{TITLE}</h1></div>"
    html = page(f"<div class='row'>{header}<div class='text'>{PARAGRAPHS}</div></div>", "")
    body = read(html)[2]
    assert body.startswith("ISECG has released") and body.endswith("page of this site.")
