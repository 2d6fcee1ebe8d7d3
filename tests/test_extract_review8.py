"""A review of this session's own extraction rules (helper-37, scripts in /tmp/review8/): each
case is plausible markup on which one of the new rules misfired (a wrong date or title, a
post or publication lost, another entry's file, a false publication). Each fails without its
fix."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.store import Seen
from scraper.chosen import records
from scraper.extract import extract
from scraper.extract.lists import list_dates
from scraper.extract.publications import publications_from_html
from scraper.harvest import Page, harvest

SITE = "https://www.globalspaceexploration.org/"
URL = SITE + "?p=1109"
CAPTURED = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
TITLE = "Agencies Meet in Cologne"
TEXT = "<p>The agencies of the group met in Cologne to discuss the roadmap and their plans.</p>"
POST = f'<h1 class="entry-title">{TITLE}</h1><p class="date">18 September 2020</p>'
CONTENT = f'<div class="entry-content">{TEXT}</div>'
MORE = "<p>The delegates agreed on the next steps.</p>"


def read(inner: str, body_class: str = "single postid-1109") -> tuple[str | None, str | None]:
    """(published day, title) of the page's one news record."""
    html = f"<html><head><title>{TITLE} | ISECG</title></head><body class='{body_class}'>{inner}"
    got = extract(URL, "text/html", (html + "</body></html>").encode(), SITE, CAPTURED)
    assert len(got.news) == 1, got.problems
    news = got.news[0]
    return (news.published[:10] if news.published else None), news.title


def article(meta: str) -> str:
    """The post's article: its title, `meta` below it, then its content."""
    return f"<article id='post-1109'><h1 class='entry-title'>{TITLE}</h1>{meta}{CONTENT}</article>"


PROMO = "<article class='promo'><h2>Register for ISEF3</h2><p>12 March 2021</p></article>"
EVENT = "<article class='event'><h3 class='entry-title'>ISEF3 Ministerial</h3><span class='date'>"


@pytest.mark.parametrize(
    "page",
    [
        # a promo, a sidebar's or a footer's article is not the post's element
        f"<div class='topbar'>{PROMO}</div><main>{POST}{CONTENT}</main>",
        f"<main>{POST}{CONTENT}</main><aside>{EVENT}12 March 2021</span></article></aside>",
        f"<div id='content'>{POST}{CONTENT}</div><footer><div class='footer-articles'><h4>ISEF3"
        "</h4><span>3 March 2022</span></div></footer>",
        # Divi's sidebar widgets and a footer widget are no part of the post
        f"<main>{POST}{CONTENT}<div id='sidebar'><div class='et_pb_widget widget_text'><p>Date:"
        " 12 March 2021</p></div></div></main>",
        f"<div id='main'>{POST}{CONTENT}<div class='footer-widget'><span>12 March 2021</span>"
        "</div></div>",
    ],
)
def test_another_elements_date_is_not_the_posts(page: str) -> None:
    assert read(page) == ("2020-09-18", TITLE)


@pytest.mark.parametrize("ending", ["Updated", "Revised"])
def test_a_title_ending_in_updated_labels_no_date(ending: str) -> None:
    """The <time>'s label climbed into the <h1>: "... Updated" made the publication a change."""
    title = f"ISECG Terms of Reference {ending}"
    html = (
        f"<html><head><title>{title}</title></head><body class='single postid-1109'><article "
        f"id='post-1109'><h1 class='entry-title'>{title}</h1><div class='entry-meta'><span "
        "class='posted-on'><time class='entry-date published' datetime='2020-09-18T08:55:27+01:00'"
        f">2 weeks ago</time></span></div>{CONTENT}</article></body></html>"
    )
    news = extract(URL, "text/html", html.encode(), SITE, CAPTURED).news[0]
    assert (news.published, news.modified) == ("2020-09-18T08:55:27+01:00", None)


@pytest.mark.parametrize(
    "meta",
    [
        "<p><em>Posted on 18 September 2020</em></p>",  # a byline in a classless paragraph
        "<p><span class='date'>18 September 2020</span> | ISECG</p>",
    ],
)
def test_a_byline_in_a_paragraph_of_a_generic_body(meta: str) -> None:
    page = f"<div class='x'><h2>{TITLE}</h2>{meta}{TEXT}{MORE}</div>"
    assert read(page, "")[0] == "2020-09-18"


@pytest.mark.parametrize("label", ["Released:", "On:"])
def test_a_time_labelled_as_its_release_is_the_posts(label: str) -> None:
    meta = f"<p>{label} <time datetime='2020-09-18'>18 Sep 2020</time></p>"
    assert read(article(meta))[0] == "2020-09-18"


def test_an_events_date_in_a_fact_list_is_not_read_back_by_the_generic_reader() -> None:
    facts = "<ul class='event-facts'><li>Date: 12 March 2021</li><li>Venue: Tokyo</li></ul>"
    assert read(article(facts))[0] is None


@pytest.mark.parametrize(
    "meta",
    [
        '<ul class="post-meta"><li>Date: 18 September 2020</li><li>Author: ISECG</li></ul>',
        '<dl class="post-info"><dt>Date:</dt><dd>18 September 2020</dd></dl>',
        '<table class="meta"><tr><td>Publication date:</td><td>18 September 2020</td></tr></table>',
    ],
)
def test_the_posts_own_meta_as_a_list_is_no_list_of_facts(meta: str) -> None:
    """The fact-list rule took the post's meta list for an event's facts: no date."""
    assert read(article(meta))[0] == "2020-09-18"


def test_a_short_post_with_an_inline_style_is_kept() -> None:
    """Its style's text counted as the body's: it "lost most of its text", and was dropped."""
    style = "<style>" + ".elementor-1109 .x{color:red}" * 70 + "</style>"
    assert read(
        f"<article id='post-1109'>{POST}<div class='entry-content'>{style}{TEXT}</div></article>"
    ) == ("2020-09-18", TITLE)


def test_more_news_articles_beside_the_posts_own_are_no_disagreement() -> None:
    """No postid body class: the address names the post, the other articles are listed."""
    page = (
        f"<article id='post-1109' class='post-1109 post'>{POST}{CONTENT}</article><section "
        "class='more-news'><article id='post-1006'><h3>Six New Members</h3></article></section>"
    )
    assert read(page, "has-sidebar right-sidebar") == ("2020-09-18", TITLE)


def test_an_event_time_in_a_lists_item_is_no_list_date() -> None:
    listing = (
        f"<html><body><main><ul><li><a href='{SITE}?p=1200'>ISECG Webinar</a> 12 March 2021 at "
        f"14:00</li><li><a href='{SITE}?p=1109'>{TITLE}</a> <span>18 September 2020</span></li>"
        "</ul></main></body></html>"
    )
    assert {k: v.value for k, v in list_dates(SITE + "?cat=3", listing, SITE).items()} == {
        1109: "2020-09-18"
    }


def test_a_table_lists_date_labelled_in_its_cell() -> None:
    rows = "".join(
        f"<tr><td><a href='{SITE}?p={n}'>Post {n}</a></td><td>Date: {d}</td></tr>"
        for n, d in [(1109, "18 September 2020"), (1006, "2 April 2020")]
    )
    html = f"<html><body><main><table>{rows}</table></main></body></html>"
    assert {k: v.value for k, v in list_dates(SITE + "?cat=3", html, SITE).items()} == {
        1109: "2020-09-18",
        1006: "2020-04-02",
    }


# -- publications ----------------------------------------------------------------------------

AR2020 = SITE + "wp-content/uploads/2021/05/AR2020.pdf"


def pubs(html: str, url: str = SITE + "?page_id=257") -> list[tuple[str, str | None, str | None]]:
    found, _ = publications_from_html(url, html, SITE)
    return [(p.title, p.posted_on, p.document_url) for p in found]


def test_a_cover_after_an_entry_is_no_file_of_the_next() -> None:
    html = (
        "<h1>Publications</h1><div class='pub'><h3>ISECG Annual Report 2020</h3><p>Posted on 21"
        f" May, 2021</p><a href='{AR2020}'><img src='/c.jpg'></a></div><div class='pub'><h3>ISECG "
        "Terms of Reference</h3><p>Posted on 12 March, 2015</p></div>"
    )
    assert ("ISECG Terms of Reference", "2015-03-12", None) in pubs(html)
    assert all(doc != AR2020 for title, _, doc in pubs(html) if "Terms" in title)


def test_a_cover_opening_each_entrys_element_is_its_file() -> None:
    covers = "".join(
        f"<div class='pub'><a href='{SITE}wp-content/uploads/{n}.pdf'><img src='/{n}.jpg'></a>"
        f"<h3>ISECG {n}</h3><p>Posted on {d}</p></div>"
        for n, d in (("AR2020", "21 May, 2021"), ("ToR", "12 March, 2015"))
    )
    found = pubs(f"<h1>Publications</h1><div class='pubs'>{covers}</div>")
    assert [doc for _, _, doc in found] == [
        SITE + "wp-content/uploads/AR2020.pdf",
        SITE + "wp-content/uploads/ToR.pdf",
    ]


@pytest.mark.parametrize(
    "beside",
    [
        "<aside><h3>Recent posts</h3><p>3 March 2022</p><p>2 April 2020</p></aside>",
        "<h2>Events</h2><p>12 March 2022</p><p>14 May 2022</p>",
    ],
)
def test_one_posted_on_entry_beside_bare_dates_is_kept(beside: str) -> None:
    html = (
        f"<h2>Publications</h2><p><a href='{AR2020}'>ISECG Annual Report 2020</a></p><p>Posted on"
        f" 21 May, 2021</p>{beside}"
    )
    assert pubs(html)[:1] == [("ISECG Annual Report 2020", "2021-05-21", AR2020)]


def test_a_footers_resources_of_other_sites_are_no_publications() -> None:
    html = (
        f"<main><h1>FAQ</h1>{TEXT}</main><footer><h4>Resources</h4><ul><li><a href='https://www."
        "nasa.gov/wp-content/uploads/artemis_plan.pdf'>NASA Artemis Plan</a></li><li><a href="
        "'https://www.esa.int/terrae.pdf'>ESA Terrae Novae</a></li></ul></footer>"
    )
    assert pubs(html, SITE + "?page_id=9") == []


def test_a_category_archive_headed_reports_lists_posts_not_publications() -> None:
    html = "<h1 class='page-title'>Reports</h1>" + "".join(
        f"<article><h2><a href='{SITE}?p={n}'>Meeting {n}</a></h2><p>Posted on 3 March, 2022</p>"
        "</article>"
        for n in (1300, 1301)
    )
    assert pubs(html, SITE + "?cat=7") == []


def test_an_entry_a_date_label_dates_does_not_replace_one_left_undated() -> None:
    """Beside "Posted on" lines the Publications page left a "Date:" entry undated; another
    page, with no "Posted on" lines, read its "Date:" line as the day, and that day won."""
    seen = Seen(1, 7, "2025-01-15T12:00:00Z")
    entry = f"<li><a href='{AR2020}'>Workshop report</a><p>Date: 5 March 2017</p></li>"
    listed = (
        f"<h2>Publications</h2><ul><li><a href='{SITE}wp-content/uploads/a.pdf'>A</a><p>Posted on"
        f" 2 May, 2019</p></li>{entry}</ul>"
    )
    other = f"<h2>Publications</h2><ul>{entry}</ul>"
    pages = [
        Page(SITE + f"?page_id={n}", "page", 200, "text/html", html.encode(), seen)
        for n, html in ((257, listed), (300, other))
    ]
    _, publications, _ = records(harvest(pages, SITE, {}))
    assert publications[AR2020][0].posted_on is None
    assert pubs(other)[0][1] == "2017-03-05"  # read alone, the page's own label


# -- a second review, of those fixes (helper-38, /tmp/review9/) -----------------------------


@pytest.mark.parametrize(
    "facts",
    [
        "<ul class='meeting-meta'><li>Date: 12 March 2021</li><li>Venue: Tokyo</li></ul>",
        "<dl class='key-dates'><dt>Date:</dt><dd>12 March 2021</dd></dl>",
        "<ul><li class='date-range'>Date: 12 March 2021</li></ul>",
        "<div class='event-box'><h5>Meeting date</h5><span>12 March 2021</span></div>",
        "<div class='post-info'><h4>Deadline</h4><p>12 March 2021</p></div>",
    ],
)
def test_a_meetings_classes_and_small_headings_make_no_byline(facts: str) -> None:
    """Classes "meeting-meta", "key-dates", "date-range" passed for the post's meta, and a
    builder's <h5> label was skipped: the meeting's day was the post's."""
    assert read(article(facts))[0] is None


@pytest.mark.parametrize(
    "text",
    [
        "<table><tr><td class='date'>12 March 2021</td><td>ISEF3 in Tokyo</td></tr></table>",
        "<p class='meeting-dates'>12 March 2021</p>",
    ],
)
def test_an_events_date_class_in_a_generic_body_is_no_byline(text: str) -> None:
    page = f"<div id='wrap'><h1>{TITLE}</h1>{TEXT}{text}{MORE}</div>"
    assert read(page, "single")[0] is None


def test_a_call_released_on_is_not_the_posts_label() -> None:
    meta = "<div class='entry-meta'><span>Posted on <time>18 September 2020</time></span></div>"
    call = "<div class='cfp'><span>Call released on: </span><span>12 March 2021</span></div>"
    head = f"<h1 class='entry-title'>{TITLE}</h1>{meta}"
    page = f"<article id='post-1109' class='hentry'>{head}{CONTENT}{call}</article>"
    assert read(page)[0] == "2020-09-18"


PROMO_WITH_TEXT = (
    "<div class='topbar'><article class='promo'><h2>Register for GLEX 2021</h2><p class='date'>"
    "12 March 2021</p><div class='promo-content'><p>Registration is open.</p></div></article></div>"
)


@pytest.mark.parametrize("named", ["ISECG's New Roadmap", "ISECG&#8217;s New Roadmap"])
def test_the_posts_element_is_found_before_a_promos(named: str) -> None:
    """A promo with a content element of its own, before the post's <main>, was the post's
    element (its day, its text); so it was when the page's <title> had a curly apostrophe
    and the heading a straight one."""
    html = (
        f"<html><head><title>{named} | ISECG</title></head><body class='single'>"
        f"{PROMO_WITH_TEXT}<main><h1 class='entry-title'>ISECG's New Roadmap</h1><p class='date'>"
        f"18 September 2020</p>{CONTENT}</main></body></html>"
    )
    news = extract(URL, "text/html", html.encode(), SITE, CAPTURED).news[0]
    assert (news.published, news.body_text) == ("2020-09-18", TEXT[3:-4])


def test_a_ticker_listing_the_post_before_it_is_not_its_element() -> None:
    """The ticker's article names the post in an <h3>, before the post's own <h1>: its excerpt
    was the body, and the post had no date."""
    ticker = (
        f"<section class='latest-news-ticker'><article><h3><a href='{URL}'>{TITLE}</a></h3><div "
        "class='excerpt-content'><p>The agencies met in Cologne...</p></div></article></section>"
    )
    post = f"<main><article class='post'><h1>{TITLE}</h1><p class='date'>18 September 2020</p>"
    html = f"<html><head><title>{TITLE} | ISECG</title></head><body class='single'>{ticker}{post}"
    news = extract(
        URL,
        "text/html",
        (html + f"{CONTENT}</article></main></body></html>").encode(),
        SITE,
        CAPTURED,
    ).news[0]
    assert (news.published, news.body_text) == ("2020-09-18", TEXT[3:-4])


def test_a_body_cut_to_a_tenth_is_a_problem() -> None:
    long = "<p>" + "The agencies met and agreed on the next steps of the roadmap. " * 20 + "</p>"
    intro = "<p>Read the highlights of the December meeting in Cologne below.</p>"  # 61 chars
    content = f"{intro}<div class='related-posts-intro'>{long}</div>"
    post = f"<article id='post-1109'>{POST}<div class='entry-content'>{content}</div></article>"
    html = f"<html><body class='single postid-1109'>{post}</body></html>"
    got = extract(URL, "text/html", html.encode(), SITE, CAPTURED)
    assert "the body lost most of its text as page furniture" in got.problems


@pytest.mark.parametrize(
    "table",
    [
        "<td>ISECG Annual Report 2020</td><td>The annual report sums up the group's year.</td>",
        "<td>ISECG Annual Report 2020</td><td>Annual report</td>",  # a type column after it
        "<td>Annual report</td><td>ISECG Annual Report 2020</td>",  # and before it
    ],
)
def test_a_table_rows_title_is_its_first_named_cell(table: str) -> None:
    row = f"<tr>{table}<td>21 May 2021</td><td><a href='{AR2020}'>Download</a></td></tr>"
    assert pubs(f"<h1>Publications</h1><table>{row}</table>") == [
        ("ISECG Annual Report 2020", "2021-05-21", AR2020)
    ]


def test_reports_above_the_publications_heading_lose_no_entry() -> None:
    html = (
        "<h2>Reports</h2><p>Our reports, by year.</p><h2>Publications</h2><h3><a href="
        f"'{SITE}?p=1180'>ISECG Annual Report 2020</a></h3><p>Posted on 21 May, 2021</p>"
    )
    assert pubs(html) == [("ISECG Annual Report 2020", "2021-05-21", None)]


def test_plain_titles_under_reports_are_kept_and_another_sites_file_undated_too() -> None:
    plain = "<h1>Reports</h1><h3>ISECG Annual Report 2020</h3><p>Posted on 21 May, 2021</p>"
    assert pubs(plain) == [("ISECG Annual Report 2020", "2021-05-21", None)]
    nasa = "https://www.nasa.gov/files/ger_2018_small_mobile.pdf"
    item = f"<li><a href='{nasa}'>The Global Exploration Roadmap</a></li>"
    off_site = f"<h1>Publications</h1><ul>{item}</ul>"
    assert pubs(off_site) == [("The Global Exploration Roadmap", None, nasa)]
