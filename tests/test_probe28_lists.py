"""News lists in designs nobody here wrote (helper-211's pages, tests/fixtures/probe28): an
event's card among news cards, dated by its event (a badge saying "Event" or "Webinar", a
card saying so in its category), and a home page's list headed "Events", each of whose days
was taken for the linked post's publication. The news cards beside them keep their days.
The one entry of a "Past meetings" section is undated too: its day, withheld from the entry,
was found around the section, which links nothing else and holds the heading. Docsy's blog
list prints each post's day and section as one line ("Thursday, February 20, 2025 in
Releases"): none was read; nor was SharePoint's news web part's "3/25/2024", its activity
line's class naming no date."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract, signals
from scraper.extract.listlinks import addressed_posts

SITE = "https://www.globalspaceexploration.org/"
FIXTURES = Path(__file__).parent / "fixtures" / "probe28"
CASES = {
    "L19_webflow_collection_event_field": (
        SITE + "news",
        {"news/isecg-annual-report-2024": "2025-02-20", "news/philsa-joins": "2025-01-20"},
    ),
    "L20_event_cards_variants": (
        SITE + "news/",
        {"news/ger-2024-released/": "2024-08-28", "news/philsa-joins/": "2025-01-20"},
    ),
    "L26_home_events_block_plain": (SITE, {}),
}


def _list_days(url: str, body: bytes) -> dict[str, str]:
    """The days a list page gives its posts, each post by its address below the site's."""
    got = extract(url, "text/html", body, SITE, datetime(2025, 3, 1, 12, tzinfo=UTC))
    return {str(key).removeprefix(SITE): c.value[:10] for key, c in got.list_dates.items()}


@pytest.mark.parametrize("name", CASES)
def test_only_the_news_cards_are_dated(name: str) -> None:
    url, expected = CASES[name]
    assert _list_days(url, (FIXTURES / f"{name}.html").read_bytes()) == expected


# Lists of other systems than WordPress, whose posts' addresses have no WordPress form: a
# post counts where the list's link is its entry's title, however the design marks it.
ADDRESSED = {
    # a card's link with no text over the entry, beside its heading (Hugo PaperMod)
    "L04_hugo_papermod_archives": (
        SITE + "archives/",
        {
            "news/isecg-publishes-2024-annual-report/": "2025-02-20",
            "news/philsa-joins-isecg/": "2025-01-20",
            "news/collaboration-beyond-borders/": "2024-12-12",
            "news/isecg-meets-songdo-korea/": "2024-12-03",
        },
    ),
    # a summary block's day in its "summary-metadata" (every block says "summary", as an
    # excerpt's would); the events block beside it dates none
    "L06_squarespace_summary_news_events": (
        SITE + "updates",
        {
            "updates/2025/2/20/annual-report-2024": "2025-02-20",
            "updates/2024/12/12/collaboration-beyond-borders": "2024-12-12",
        },
    ),
    # `/news.html` lists `/news/<slug>.html`; 06/01/2025 read day first as 20/02/2025 is
    "L09_aem_core_list_en_gb": (
        SITE + "content/isecg/en/news.html",
        {
            "content/isecg/en/news/annual-report-2024.html": "2025-02-20",
            "content/isecg/en/news/philsa-joins.html": "2025-01-06",
            "content/isecg/en/news/tokyo-meeting.html": "2024-11-05",
            "content/isecg/en/news/ger-2024.html": "2024-08-28",
        },
    ),
    # SharePoint's news web part: each day in the activity line its test id names the item's
    # date ("newsItemDate"); "3/5/2024" read month first as its list's "3/25/2024" is
    "L08_sharepoint_news_webpart_us": (
        SITE + "sites/isecg/SitePages/News.aspx",
        {
            "sites/isecg/SitePages/ISECG-meets-in-Houston.aspx": "2024-03-25",
            "sites/isecg/SitePages/Gateway-briefing.aspx": "2024-03-05",
            "sites/isecg/SitePages/New-chair-2024.aspx": "2024-01-12",
            "sites/isecg/SitePages/Songdo-meeting.aspx": "2023-12-14",
        },
    ),
    # Docsy's blog list: "Thursday, February 20, 2025 in Releases", its day and its section
    "L18_docsy_blog_list": (
        SITE + "blog/",
        {
            "blog/2025/02/20/annual-report-2024/": "2025-02-20",
            "blog/2025/01/20/philsa-joins/": "2025-01-20",
            "blog/2024/12/12/collaboration-beyond-borders/": "2024-12-12",
        },
    ),
}


@pytest.mark.parametrize("name", ADDRESSED)
def test_a_list_of_another_system_dates_its_posts(name: str) -> None:
    url, expected = ADDRESSED[name]
    assert _list_days(url, (FIXTURES / f"{name}.html").read_bytes()) == expected


def test_a_link_classed_as_its_entrys_title_names_a_post() -> None:
    """SharePoint's news web part: each title link classed "ms-DocumentCardTitle", siblings
    of the list's own page: the links are posts', not pages of the site (their days, in an
    activity line, are read by its test id: ADDRESSED)."""
    page = (FIXTURES / "L08_sharepoint_news_webpart_us.html").read_text()
    tree = signals.parse(page)
    assert tree is not None and tree.body is not None
    url = SITE + "sites/isecg/SitePages/News.aspx"
    found = addressed_posts(tree.body, url, url, SITE)
    assert sorted(key.rsplit("/", 1)[1] for key in found) == [
        "Gateway-briefing.aspx",
        "ISECG-meets-in-Houston.aspx",
        "New-chair-2024.aspx",
        "Songdo-meeting.aspx",
    ]


def test_a_menus_title_classed_link_names_no_post() -> None:
    """Docsy's sidebar marks each section "td-sidebar-nav__section-title": a menu, whose
    links are no entries (the post page's own date then dated the previous post, linked
    from its pagination)."""
    page = (FIXTURES.parent / "probe15" / "docsy-blog-post.html").read_text()
    tree = signals.parse(page)
    assert tree is not None and tree.body is not None
    url = "https://www.example.org/news/"
    found = addressed_posts(tree.body, url, url, "https://www.example.org/")
    assert not [key for key in found if "statement-on-the-fourth" in key]


def test_a_related_storys_title_class_names_no_entry() -> None:
    """A card holding a related story's link classed "related-title": no entry's title, so
    the card still links one post and keeps its day (helper-217: it was left undated)."""

    def card(slug: str, day: str, extra: str = "") -> str:
        return (
            f'<article class="card"><h3><a href="/en/news/{slug}">Post {slug} title</a></h3>'
            f'<time datetime="{day}">{day}</time><p>An excerpt.</p>{extra}</article>'
        )

    related = '<div class="related-title"><a href="/stories/older-b">Older story B</a></div>'
    html = "<html><body><main><h1>News</h1>" + card("a", "2024-03-12", related)
    html += card("c", "2024-02-01") + card("d", "2024-01-05") + "</main></body></html>"
    assert _list_days(SITE + "en/news", html.encode()) == {
        "en/news/a": "2024-03-12",
        "en/news/c": "2024-02-01",
        "en/news/d": "2024-01-05",
    }


def test_a_day_in_a_place_outside_docsys_list_is_no_posts_day() -> None:
    """ "5 November 2024 in Tokyo": a meeting's day and place, not Docsy's day and section;
    the same list with its items' class renamed reads no day."""
    page = (FIXTURES / "L18_docsy_blog_list.html").read_text()
    page = page.replace("td-blog-posts-list__body", "entry-body").replace("in Meetings", "in Tokyo")
    assert _list_days(SITE + "blog/", page.encode()) == {}


def test_sharepoints_activity_line_is_no_date_without_its_test_id() -> None:
    """The web part's activity line says what was done ("Edited 3/25/2024" in other cards of
    its design): without the test id naming the item's date, no day is read."""
    page = (FIXTURES / "L08_sharepoint_news_webpart_us.html").read_text()
    page = page.replace('data-automation-id="newsItemDate" ', "")
    assert _list_days(SITE + "sites/isecg/SitePages/News.aspx", page.encode()) == {}
