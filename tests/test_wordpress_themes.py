"""Post pages of WordPress's own themes (and GeneratePress), markup we did not write.

Every replica post is rendered as Twenty Twenty-One, Twenty Seventeen (classic), Twenty
Twenty-Four, Twenty Twenty-Five (block) and GeneratePress print a single post
(tests/fixtures/wordpress/themes.py says where each markup fact comes from), each page with
the classic trap: a Recent Posts widget, a "Latest news" block or a "More posts" / "Other
Posts" query loop listing OTHER posts with their dates, and previous/next post titles.

The extractor must give the post's title, its exact date (every one of these themes prints
<time datetime> with the site's offset) and its body, never a listed post's date or title.
When the site hides the date (and Twenty Twenty-Five's default single template prints none),
the date is empty or the post's own, never another post's.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest

from scraper.extract.news import read_post
from scraper.extract.types import News
from tests.fixtures.site.model import Post, load_site
from tests.fixtures.site.render import plain_text
from tests.fixtures.wordpress.themes import (
    BASE,
    THEMES,
    content,
    link,
    listed,
    long_date,
    render,
)

SITE = load_site("base")
SITE_URL = f"{BASE}/"
CAPTURED_AT = datetime(2026, 12, 1, tzinfo=UTC)
CASES = [
    pytest.param(theme, post, id=f"{theme}-{post.id}") for theme in THEMES for post in SITE.posts
]
HIDDEN = [
    pytest.param(theme, post, id=f"{theme}-{post.id}") for theme in THEMES for post in SITE.posts
]
OLD = SITE.posts[-1]  # far from the newest posts the widgets and query loops list
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_ALT = re.compile(r'alt="([^"]+)"')


def read(theme: str, post: Post, show_date: bool = True) -> News:
    page = render(theme, SITE, post, show_date)
    reading = read_post(link(post.id), page, SITE_URL, CAPTURED_AT)
    assert reading.problems == []
    assert reading.news is not None
    return reading.news


def first_sentence(post: Post) -> str:
    """The body's first sentence as a reader sees it (an image's alt text that the replica's
    old posts repeat glued to the opening word, "isecg-Annual-Report-2015The ...", left out)."""
    text = plain_text(content(post))
    for alt in _ALT.findall(post.body):
        text = flat(text.replace(alt, " "))
    end = _SENTENCE_END.search(text)
    return text[: end.start()] if end else text


def flat(text: str) -> str:
    return " ".join(text.split())


def check_title_and_body(news: News, post: Post) -> None:
    assert news.title == html.unescape(post.title)
    assert news.wp_id == post.id
    body = flat(news.body_text)
    assert first_sentence(post) in body
    others = [html.unescape(p.title) for p in listed(SITE, post)]
    assert [t for t in others if t in body] == []


@pytest.mark.parametrize(("theme", "post"), CASES)
def test_post_page(theme: str, post: Post) -> None:
    news = read(theme, post)
    check_title_and_body(news, post)
    if THEMES[theme].iso_date:
        assert news.published == post.published
    else:  # only a visible date: its day, never another
        assert news.published is not None
        assert news.published[:10] == post.published[:10]


@pytest.mark.parametrize(("theme", "post"), HIDDEN)
def test_hidden_date_is_empty_or_the_posts_own(theme: str, post: Post) -> None:
    news = read(theme, post, show_date=False)
    check_title_and_body(news, post)
    assert news.published in (None, post.published)


# The fixtures themselves: what makes them a faithful WordPress page and a real trap.


@pytest.mark.parametrize("theme", THEMES)
def test_pages_carry_what_wordpress_core_prints(theme: str) -> None:
    page = render(theme, SITE, OLD)
    n = OLD.id
    assert f'<link rel="canonical" href="{BASE}/?p={n}" />' in page
    assert f"<link rel='shortlink' href='{BASE}/?p={n}' />" in page
    assert f"{BASE}/index.php?rest_route=/wp/v2/posts/{n}" in page
    assert f"single single-post postid-{n} " in page
    assert "article:published_time" not in page  # core prints no date meta, plugins do


@pytest.mark.parametrize("theme", THEMES)
def test_pages_list_other_posts_with_their_dates(theme: str) -> None:
    """The trap is there: newer posts' titles and dates, previous/next titles."""
    page = render(theme, SITE, OLD)
    newest = SITE.posts[0]
    assert long_date(newest.published) in page
    assert html.unescape(page).count(html.unescape(newest.title)) >= 1
    assert len(listed(SITE, OLD)) >= 5
    if theme in ("twentytwentyfour", "twentytwentyfive"):  # block themes: machine dates too
        assert f'datetime="{newest.published}"' in page


@pytest.mark.parametrize("theme", THEMES)
def test_hidden_date_pages_print_no_date_of_the_post(theme: str) -> None:
    page = render(theme, SITE, OLD, show_date=False)
    assert OLD.published not in page
    assert long_date(OLD.published) not in page
    assert f'datetime="{OLD.published}"' in render(theme, SITE, OLD)


def test_edited_posts_print_both_dates_where_the_theme_does() -> None:
    """Twenty Seventeen and GeneratePress add <time class="updated">; GeneratePress puts it
    first, and only when the edit came more than 30 minutes after publishing."""
    edited = next(p for p in SITE.posts if p.id == 874)  # published 00:30 on 1 January
    assert edited.modified != edited.published
    for theme in ("twentyseventeen", "generatepress"):
        page = render(theme, SITE, edited)
        assert f'<time class="updated" datetime="{edited.modified}"' in page
    gp = render("generatepress", SITE, edited)
    assert gp.index('class="updated"') < gp.index('class="entry-date published"')
