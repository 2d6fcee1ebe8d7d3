"""A post's block with no element around its text (helper-193): what of it is not the post's
text, and where the generic reader's body ends. Each condition of wrapperless.py and of
mainbody.py's after_title and _smallest is pinned by a page that reads otherwise without it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from archive.text import collapse
from scraper.extract import mainbody, wrapperless
from scraper.extract.naming import title_node
from scraper.extract.news import read_post

SITE = "https://isecg.example/"
AT = datetime(2026, 12, 1, tzinfo=UTC)
TEXT = (
    "<p>The ISECG agencies have released the Global Exploration Roadmap 2024, their plans"
    " for the Moon and Mars.</p><p>The document is available from the publications page.</p>"
)
WORDS = "The ISECG agencies have released"


def page(block: str, title: str = "Roadmap 2024 Released") -> str:
    """A post page whose block (no class any selector knows) holds `block`."""
    return (
        f"<html><head><title>{title} | ISECG</title>"
        '<meta property="article:published_time" content="2024-08-28T10:00:00+01:00">'
        f'</head><body><div class="qx">{block}</div></body></html>'
    )


def body_and_categories(html: str) -> tuple[str, tuple[str, ...]]:
    reading = read_post(f"{SITE}?p=7", html, SITE, AT)
    assert reading.news is not None
    return reading.news.body_text, reading.news.categories


def test_title_date_and_category_lines_are_not_the_text() -> None:
    block = (
        '<span class="k">Meetings</span><div class="t">Roadmap 2024 Released</div>'
        '<div class="d">Posted on 28 August 2024</div>'
        f"{TEXT}"
        '<div class="c">Filed under <a href="/?cat=1">News</a>, <a href="/?cat=4">Roadmap</a></div>'
    )
    text, categories = body_and_categories(page(block))
    assert text.startswith(WORDS) and text.endswith("publications page.")
    assert categories == ("News", "Roadmap")


def test_text_before_the_title_leaves_the_block_as_it_is() -> None:
    """A title repeated below the text (a document's card) is not the post's opening."""
    block = (
        f"{TEXT}<div class='card'>Roadmap 2024 Released</div>"
        "<div>Filed under <a href='/?cat=1'>News</a></div>"
    )
    text, categories = body_and_categories(page(block))
    assert text.startswith(WORDS) and "Filed under News" in text and categories == ()


def test_a_long_line_linking_a_category_is_text() -> None:
    line = (
        "More about the agencies' plans for the Moon and Mars is in our <a href='/?cat=1'>News</a>"
    )
    block = f"<div>Roadmap 2024 Released</div>{TEXT}<p>{line}</p>"
    text, _ = body_and_categories(page(block))
    assert "More about the agencies' plans" in text


def test_a_line_linking_elsewhere_is_text() -> None:
    block = f"<div>Roadmap 2024 Released</div>{TEXT}<div>See <a href='/roadmap/'>Roadmap</a></div>"
    assert "See Roadmap" in body_and_categories(page(block))[0]


def test_a_label_of_more_words_is_text() -> None:
    line = "<div>Read the whole story in <a href='/?cat=1'>News</a></div>"
    block = f"<div>Roadmap 2024 Released</div>{TEXT}{line}"
    assert "Read the whole story in News" in body_and_categories(page(block))[0]


def test_an_author_link_names_no_category() -> None:
    line = "By <a href='/author/sec/'>Secretariat</a> in <a href='/category/news/'>News</a>"
    block = f"<div>Roadmap 2024 Released</div>{TEXT}<div>{line}</div>"
    text, categories = body_and_categories(page(block))
    assert "Secretariat" not in text and categories == ("News",)


def dated_block(days: tuple[int, ...]) -> tuple[list[str], list[str]]:
    """What chrome() takes out of a block of a title, a dated line for each of `days`, the
    text, a dated line between its paragraphs, and a category line: (the texts of what it
    takes, the category names)."""
    lines = "".join(f"<div>{day} March 2024</div>" for day in days)
    text = "<p>Working papers on lunar logistics.</p><div>25 March 2024</div><p>More to come.</p>"
    category = "<div>In <a href='/?cat=1'>News</a></div>"
    tree = LexborHTMLParser(
        f"<div id='b'><h2>Roadmap 2024 Released</h2>{lines}{text}{category}</div>"
    )
    body, title = tree.css_first("#b"), tree.css_first("h2")
    assert body is not None and title is not None
    parts, names = wrapperless.chrome(body, title)
    return [(n.text() or "") for n in parts], names


def test_many_dated_lines_are_a_list_s_entries() -> None:
    assert dated_block((4, 11, 18)) == (["Roadmap 2024 Released", "In News"], ["News"])


def test_two_date_lines_are_the_post_s_own() -> None:
    """Right after the title; the one between the text's paragraphs is text (helper-194)."""
    taken = ["Roadmap 2024 Released", "4 March 2024", "11 March 2024", "In News"]
    assert dated_block((4, 11)) == (taken, ["News"])


def test_a_title_repeated_below_text_in_blocks_leaves_the_block_as_it_is() -> None:
    """A document's card titled as the post, below text the editor wrote in blocks of no
    paragraph element: more text above the title than below it says it is not the post's
    opening title."""
    text = "<div>The agencies released the roadmap after two years of work by all of them.</div>"
    card = "<div class='card'><h3>Roadmap 2024 Released</h3><div>Posted on 2 May 2024</div></div>"
    tree = LexborHTMLParser(f"<div id='b'>{text * 2}{card}</div>")
    body, title = tree.css_first("#b"), tree.css_first("h3")
    assert body is not None and title is not None
    assert wrapperless.chrome(body, title) == ([], [])


def test_the_title_s_own_element_goes_whole() -> None:
    tree = LexborHTMLParser(f"<div id='b'><h1><span>Roadmap 2024 Released</span></h1>{TEXT}</div>")
    body, span = tree.css_first("#b"), tree.css_first("span")
    assert body is not None and span is not None
    parts, _ = wrapperless.chrome(body, span)
    assert [n.tag for n in parts] == ["h1"]


def test_a_body_not_holding_the_title_is_untouched() -> None:
    category = "<div>In <a href='/?cat=1'>News</a></div>"
    tree = LexborHTMLParser(f"<h1>Roadmap 2024 Released</h1><div id='b'>{TEXT}{category}</div>")
    body, title = tree.css_first("#b"), tree.css_first("h1")
    assert body is not None and title is not None
    assert wrapperless.chrome(body, title) == ([], [])


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Filed under <a href='/?cat=1'>News</a>", ["News"]),
        # tags and topics are no categories ("See also: <a href=/topics/...>", helper-194)
        ("Topics: <a href='/topics/moon/'>Moon</a> · <a href='/tag/mars/'>Mars</a>", []),
        (
            "Posted in <a href='/category/news/'>News</a>, <a href='/category/events/'>Events</a>",
            ["News", "Events"],
        ),
        # the editor's own elements, a box with a heading of its own: never a meta line
        ("<p>Date: 18 June 2024</p>", None),
        ("<figcaption>Photo: <a href='/tag/kari/'>KARI</a></figcaption>", None),
        ("<h3>Popular topics</h3><a href='/tag/moon/'>Moon</a>", None),
        ("Posted on 28 August 2024", []),
        ("By ISECG · <span>Published: 2025-09-22</span>", []),
        ("Posted on 28 August 2024 in <a rel='category tag' href='/x/'>News</a>", ["News"]),
        (
            "The agencies met in <a href='/?cat=1'>Cologne</a> on 28 August 2024 for the plenary",
            None,
        ),
        ("See also <a href='/?p=12'>last year's roadmap</a>", None),
        ("Montréal, Canada, 10-12 June 2024", None),
    ],
)
def test_a_meta_line(line: str, names: list[str] | None) -> None:
    node = LexborHTMLParser(f"<div id='m'>{line}</div>").css_first("#m")
    assert node is not None
    only = list(node.iter())
    if len(only) == 1 and collapse(only[0].text() or "") == collapse(node.text() or ""):
        node = only[0]  # the line is that element itself: a <p>, a <figcaption>
    assert wrapperless.meta_line(node) == names


# -- the generic reader: where its body ends --------------------------------------------------

CHROME = (
    '<div class="h"><div>ISECG is a forum set up by 14 space agencies to advance the Global'
    " Exploration Strategy.</div>"
    + "".join(f'<span><a href="/?page_id={i}">Menu item {i}</a></span> ' for i in range(9))
    + "</div>"
)
FOOTER = '<div class="f"><p>© 2020 Contact the secretariat for permissions.</p></div>'


def test_a_footer_line_the_library_kept_does_not_make_the_page_the_body() -> None:
    """The library's text ends with the footer's line: the smallest element holding its first
    and last lines was the whole page, the menu in it (the generic reader's body)."""
    html = (
        f"<html><body><div class='w'>{CHROME}<section><div>Roadmap 2024 Released</div>"
        f"<div class='x'><div class='y'>{TEXT}</div></div>"
        f"<div>Filed under <a href='/?cat=1'>News</a></div></section>{FOOTER}</div></body></html>"
    )
    tree = LexborHTMLParser(html)
    assert tree.body is not None
    heading = title_node(tree.body, ["Roadmap 2024 Released"])
    lines = "\n".join(
        (
            "The ISECG agencies have released the Global Exploration Roadmap 2024, their plans"
            " for the Moon and Mars.",
            "The document is available from the publications page.",
            "© 2020 Contact the secretariat for permissions.",
        )
    )
    found = mainbody.locate(tree.body, lines, heading)
    assert found is not None
    body, span = found  # the date is looked for in the span, as before the body was narrowed
    assert body.attributes.get("class") == "y" and span.attributes.get("class") == "w"
    # without the post's title, nothing says which block is the post's: the whole page
    whole = mainbody.locate(tree.body, lines)
    assert whole is not None and whole[0].attributes.get("class") == "w"


def test_the_title_s_line_alone_is_no_body() -> None:
    """The library read a publication's post as its title and byline only: the element of the
    title's line alone was tight beside the post's whole block, and became the body."""
    html = (
        "<html><body><article>"
        "<h3>Global Exploration Roadmap Supplement of October 2022 Released</h3>"
        "<div>By ISECG · <span>2022-10-24</span></div>"
        f"<div class='y'>{TEXT}</div></article></body></html>"
    )
    tree = LexborHTMLParser(html)
    assert tree.body is not None
    heading = tree.css_first("h3")
    text = "Global Exploration Roadmap Supplement of October 2022 Released\nBy ISECG · 2022-10-24"
    found = mainbody.locate(tree.body, text, heading)
    assert found is not None and found[0].tag == "article"


def test_a_teaser_under_the_title_stays_the_post_s_text() -> None:
    """A page written for an earlier review (DLR-like, a kicker over the title, a teaser
    between the title and the body, news beside it): the kicker is not the text, the teaser
    is, though a block holding only the body would have been tight enough (mainbody._near)."""
    fixture = Path(__file__).parent / "fixtures/probe14/posts/dl01-dlr-like-german-month-name.html"
    reading = read_post("https://www.example.org/news/a-post/", fixture.read_text(), SITE, AT)
    assert reading.news is not None
    text = reading.news.body_text
    assert text.startswith("Vom 3. bis 5. Dezember 2024 trafen sich die Delegationen")
    assert "Raumfahrt" not in text and "Zusammenarbeit" not in text and "Songdo" not in text


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        # a sentence ending in the title's words is the text, not the title
        (
            "We reviewed the Roadmap 2024 Released.\nThe agencies then agreed on the next steps"
            " for the lunar surface scenario and its annexes.",
            None,
        ),
        (
            "Home | News | Roadmap 2024 Released\nThe text begins here and goes on.",
            "The text begins here and goes on.",
        ),
        # a table's cell: the title, then the text, on one line
        ("| Roadmap 2024 Released The text begins here |", "the text begins here"),
        # the title after the text (with the footer): not the text's start
        (
            "The text is long enough to be the post's own words.\nRoadmap 2024 Released\n© 2020",
            None,
        ),
    ],
)
def test_the_library_s_text_after_the_title(text: str, cut: str | None) -> None:
    heading = LexborHTMLParser("<h1>Roadmap 2024 Released</h1>").css_first("h1")
    assert mainbody.after_title(text, heading) == (text if cut is None else cut)


COPYRIGHT = "<p>&#169; 2023 Site by the ISECG Secretariat. Some rights reserved.</p>"
SEE_ALSO = (
    "<p><a href='/?p=1950'>ISECG Spring Meeting in Luxembourg</a> &#183;"
    " <a href='/?p=1912'>Technology Working Group Plans New Gap Assessments</a></p>"
)


def chrome_texts(html: str, title: str = "h3") -> list[str]:
    tree = LexborHTMLParser(html)
    body, heading = tree.css_first("#b"), tree.css_first(title)
    assert body is not None and heading is not None
    return [collapse(n.text() or "") for n in wrapperless.chrome(body, heading)[0]]


@pytest.mark.parametrize(
    "footer",
    [COPYRIGHT, f"<div class='f'>{COPYRIGHT}</div>", f"<div>{SEE_ALSO}{COPYRIGHT}</div>"],
    ids=["alone", "in a block", "after links to other posts"],
)
def test_a_copyright_line_after_the_post_s_block_is_the_page_s(footer: str) -> None:
    """helper-193's designs: the library kept the page's copyright line (after a "See also"
    list's links, in some), so the body was the page's block, and the post's text ended with
    the footer: 420 posts of the designs 0-149 (REST off, nothing learned)."""
    post = f"<table><tr><td><h3>Roadmap 2024 Released</h3>{TEXT}</td></tr></table>"
    parts = chrome_texts(f"<div id='b'>{post}{footer}</div>")
    assert parts[0] == "Roadmap 2024 Released"
    assert parts[1:] == [collapse(LexborHTMLParser(footer).body.text() or "")]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "line",
    [
        "<p>&#169; ESA: all images of the meeting.</p>",  # the editor's, among the paragraphs
        "<p>&#169; 2024 ISECG. <a href='/wp-content/uploads/roadmap.pdf'>The roadmap</a></p>",
        "<p>&#169; 2024 ISECG. " + "The agencies wrote it together over two long years. " * 3,
    ],
    ids=["beside the title", "a document's link", "long"],
)
def test_other_copyright_lines_stay_the_text(line: str) -> None:
    flat = chrome_texts(f"<div id='b'><h3>Roadmap 2024 Released</h3>{TEXT}{line}</div>")
    assert flat == ["Roadmap 2024 Released"]  # the title's siblings are the editor's
    if "ESA" not in line:  # after the post's block, but no footer line
        post = f"<div><h3>Roadmap 2024 Released</h3>{TEXT}</div>"
        assert chrome_texts(f"<div id='b'>{post}<div>{line}</div></div>") == [
            "Roadmap 2024 Released"
        ]


def test_a_menu_above_a_short_post_does_not_pass_for_its_text() -> None:
    """A short post under the page's menu, tagline and "See also" links: more words above
    its title than below, but links' words say nothing (199 posts of the designs 0-149 kept
    the menu as their text). The tagline above is no paragraph: the title is the post's."""
    menu = "".join(f"<li><a href='/?page_id={n}'>Section number {n}</a></li>" for n in range(9))
    header = (
        f"<div><div>ISECG is a forum of space agencies.</div><ul>{menu}</ul></div>"
        f"<aside><ul><li><a href='/?p=1'>{'Another post with a long title ' * 2}</a></li></ul>"
        "</aside>"
    )
    post = "<section><div>Mission Scenario Workshop</div><p>Planners met in May.</p></section>"
    parts = chrome_texts(f"<div id='b'>{header}{post}</div>", "section div")
    assert parts[0] == "Mission Scenario Workshop"
    assert len(parts) == 3  # the title, the header and the aside above it


def test_unlinked_words_above_still_weigh_against_the_text() -> None:
    """A document's card titled as the post, below text in blocks of no paragraph element:
    its words are outside links, and outweigh what follows the card's title."""
    text = "<div>The agencies released the roadmap after two years of work by all of them.</div>"
    card = "<div class='card'><h3>Roadmap 2024 Released</h3><div>Posted on 2 May 2024</div></div>"
    menu = "".join(f"<a href='/?page_id={n}'>Section number {n}</a>" for n in range(20))
    assert chrome_texts(f"<div id='b'><div>{menu}</div>{text * 2}{card}</div>") == []
