"""REST answers nobody here wrote (helper-33's probe): publication posts beside their list
entries, categories partly named, JSON behind PHP notices, drafts, odd titles and offsets.
Each case lost a record, stored a wrong date or dropped a disagreement before its fix."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from archive.store import Seen
from scraper.chosen import records
from scraper.extract import extract
from scraper.extract.instants import rest_time
from scraper.extract.rest import news_from_rest
from scraper.harvest import Page, harvest

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
AR2019 = SITE + "wp-content/uploads/2020/05/AR2019.pdf"
AR2020 = SITE + "wp-content/uploads/2021/05/AR2020.pdf"
_ids = iter(range(1, 10**6))


def page(url: str, body: str | bytes, content_type: str = "text/html") -> Page:
    data = body.encode() if isinstance(body, str) else body
    return Page(url, "page", 200, content_type, data, Seen(1, next(_ids), "2025-01-15T12:00:00Z"))


def rest(route: str, data: Any) -> Page:
    url = SITE + "index.php?rest_route=" + route
    return page(url, json.dumps(data), "application/json")


def post(wp_id: int, title: str, date: str, content: str, **more: Any) -> dict[str, Any]:
    gmt = datetime.fromisoformat(date).replace(hour=datetime.fromisoformat(date).hour - 1)
    return {
        "id": wp_id,
        "date": date,
        "date_gmt": gmt.isoformat(),
        "type": "post",
        "status": "publish",
        "link": f"{SITE}?p={wp_id}",
        "title": {"rendered": title},
        "content": {"rendered": content},
        **more,
    }


PUBLICATIONS = rest("/wp/v2/categories", [{"id": 3, "name": "Publications"}])


def listing(document: str) -> Page:
    return page(
        SITE + "?page_id=257",
        f"<main><h2>Publications</h2><p><a href='{document}'>ISECG Annual Report 2019</a></p>"
        "<p>Posted on 20 May, 2020</p></main>",
    )


LISTED = listing(AR2019)


def read(*pages: Page) -> tuple[dict[str, Any], dict[str, Any], list[Any]]:
    news, publications, disagreements = records(harvest(list(pages), SITE, {}))
    return dict(news), {k: p for k, (p, _) in publications.items()}, disagreements


def test_a_publication_post_naming_an_older_edition_first_is_its_own_publication() -> None:
    """Its first file was the 2019 report's: the 2020 report was stored nowhere, and its post
    id was put on the 2019 entry."""
    content = (
        f"<p>It follows the <a href='{AR2019}'>2019 report</a>: <a href='{AR2020}'>2020</a></p>"
    )
    item = post(1200, "ISECG Annual Report 2020", "2021-05-21T10:00:00", content, categories=[3])
    _, publications, _ = read(PUBLICATIONS, rest("/wp/v2/posts/1200", item), LISTED)
    assert {(p.title, p.posted_on, p.wp_id) for p in publications.values()} == {
        ("ISECG Annual Report 2019", "2020-05-20", None),
        ("ISECG Annual Report 2020", "2021-05-21", 1200),
    }
    assert publications[AR2020].document_url == AR2020


def test_a_publication_post_and_its_list_entry_on_other_days_disagree_on_record() -> None:
    content = f"<p>Download the <a href='{AR2019}'>report</a>.</p>"
    item = post(1100, "ISECG Annual Report 2019", "2020-05-22T10:00:00", content, categories=[3])
    _, publications, disagreements = read(PUBLICATIONS, rest("/wp/v2/posts/1100", item), LISTED)
    assert [(p.posted_on, p.wp_id) for p in publications.values()] == [("2020-05-20", 1100)]
    assert disagreements == [(AR2019, "posted_on", "rest", "2020-05-22", "posted-on", "2020-05-20")]


OLD_INSTALL = SITE + "wordpress/wp-content/uploads/2020/05/AR2019.pdf"


def test_a_file_linked_under_the_old_install_is_still_one_publication() -> None:
    """The list linked `/wordpress/wp-content/uploads/...`, the post the root's copy: two
    publications of one report, one of them without its "Posted on" day's source."""
    listed = listing(OLD_INSTALL)
    content = f"<p>Download the <a href='{AR2019}'>report</a>.</p>"
    item = post(1100, "ISECG Annual Report 2019", "2020-05-20T10:00:00", content, categories=[3])
    _, publications, disagreements = read(PUBLICATIONS, rest("/wp/v2/posts/1100", item), listed)
    assert [(k, p.posted_on, p.wp_id) for k, p in publications.items()] == [
        (OLD_INSTALL, "2020-05-20", 1100)
    ]
    assert disagreements == [(OLD_INSTALL, "document_url", "rest", AR2019, "list", OLD_INSTALL)]


@pytest.mark.parametrize("old_first", [True, False])
def test_two_lists_linking_one_file_under_both_installs_give_one_publication(
    old_first: bool,
) -> None:
    """The Publications page linked the old install's copy, the home page's block the root's
    (or two list pages did): two publications of one report. One now, with the same id
    whichever page was read first, dated by the list's "Posted on" line."""
    home = page(
        SITE,
        f"<main><h2>Publications</h2><p><a href='{AR2019}'>ISECG Annual Report 2019</a></p></main>",
    )
    root_list = page(SITE + "?page_id=300", home.body)
    for other in (home, root_list):
        lists = [listing(OLD_INSTALL), other] if old_first else [other, listing(OLD_INSTALL)]
        _, publications, disagreements = read(*lists)
        assert [(k, p.document_url, p.posted_on) for k, p in publications.items()] == [
            (OLD_INSTALL, OLD_INSTALL, "2020-05-20")
        ]
        assert disagreements == [(OLD_INSTALL, "document_url", "list", AR2019, "list", OLD_INSTALL)]


def test_the_sites_own_folder_under_both_installs_is_one_file_too() -> None:
    """`wp-content/isecg/` (SITE.md: GER_2018_small_mobile.pdf) under `/wordpress/` and the root."""
    old, new = (SITE + p + "wp-content/isecg/GER_2018_small_mobile.pdf" for p in ("wordpress/", ""))
    _, publications, _ = read(listing(old), page(SITE + "?page_id=300", listing(new).body))
    assert list(publications) == [old]


def test_an_older_edition_under_the_old_install_is_not_the_posts_file() -> None:
    listed = listing(OLD_INSTALL)
    content = f"<p>After the <a href='{AR2019}'>2019 report</a>: <a href='{AR2020}'>2020</a></p>"
    item = post(1200, "ISECG Annual Report 2020", "2021-05-21T10:00:00", content, categories=[3])
    _, publications, _ = read(PUBLICATIONS, rest("/wp/v2/posts/1200", item), listed)
    assert {(k, p.wp_id) for k, p in publications.items()} == {(OLD_INSTALL, None), (AR2020, 1200)}


def test_two_posts_of_one_file_are_one_publication() -> None:
    content = f"<p>Download the <a href='{AR2020}'>report</a>.</p>"
    first = post(1200, "ISECG Annual Report 2020", "2021-05-21T10:00:00", content, categories=[3])
    again = post(1201, "ISECG Annual Report 2020", "2021-05-25T10:00:00", content, categories=[3])
    pages = [rest("/wp/v2/posts/1200", first), rest("/wp/v2/posts/1201", again)]
    _, publications, disagreements = read(PUBLICATIONS, *pages)
    assert list(publications) == [AR2020]
    assert [d[:2] for d in disagreements] == [(AR2020, "posted_on")]


def test_a_category_no_answer_names_leaves_the_others_named() -> None:
    """One unnamed category id dropped every name, "Publications" too: the post was news."""
    item = post(1109, "Agencies Meet", "2020-09-18T08:55:27", "<p>Text.</p>", categories=[3, 7])
    news, publications, _ = read(PUBLICATIONS, rest("/wp/v2/posts/1109", item))
    assert news == {} and [p.wp_id for p in publications.values()] == [1109]


def test_category_names_are_unescaped() -> None:
    named = rest("/wp/v2/categories", [{"id": 5, "name": "News &amp; Events"}])
    item = post(1109, "Agencies Meet", "2020-09-18T08:55:27", "<p>Text.</p>", categories=[5])
    news, _, _ = read(named, rest("/wp/v2/posts/1109", item))
    assert [record.categories for record, _ in news.values()] == [("News & Events",)]


NOTICE = b"<br />\n<b>Deprecated</b>:  Function create_function() is deprecated in <b>/x.php</b>"


@pytest.mark.parametrize("content_type", ["application/json", "text/html; charset=UTF-8"])
def test_rest_json_behind_php_notices_is_read(content_type: str) -> None:
    item = post(1109, "Agencies Meet", "2020-09-18T08:55:27", "<p>Text.</p>")
    body = NOTICE + b" on line <b>12</b><br />\n" + json.dumps([item]).encode()
    url = SITE + "index.php?rest_route=/wp/v2/posts"
    extracted = extract(url, content_type, body, SITE, CAPTURED)
    assert [(n.wp_id, n.title) for n in extracted.news] == [(1109, "Agencies Meet")]


def test_an_unreadable_rest_answer_is_a_problem_not_silence() -> None:
    url = SITE + "index.php?rest_route=/wp/v2/posts"
    extracted = extract(url, "application/json", NOTICE + b"<br />", SITE, CAPTURED)
    assert extracted.news == [] and extracted.problems == [
        "an unreadable REST answer: no JSON in it"
    ]
    web_page = extract(url, "text/html", b"<html><body>Not found</body></html>", SITE, CAPTURED)
    assert web_page.problems == []  # REST switched off: a web page, nothing to report


def test_a_draft_is_no_news() -> None:
    item = post(1109, "Agencies Meet", "2020-09-25T10:00:00", "<p>Text.</p>", status="draft")
    assert news_from_rest(SITE, json.dumps(item).encode(), SITE, CAPTURED) == []


@pytest.mark.parametrize(
    ("rendered", "title"),
    [("Line<br>Break", "Line Break"), ("<script>alert(1)</script>Title", "Title")],
)
def test_titles_keep_their_words_apart_and_no_script(rendered: str, title: str) -> None:
    item = post(1109, rendered, "2020-09-18T08:55:27", "<p>Text.</p>")
    [news] = news_from_rest(SITE, json.dumps(item).encode(), SITE, CAPTURED)
    assert news.title == title


def test_a_rest_date_with_its_own_offset_and_no_gmt_is_that_instant() -> None:
    """The offset was dropped and the site's put in its place: an hour and a day off."""
    assert str(rest_time("2020-09-18T23:30:00Z", None)) == "2020-09-19 00:30:00+01:00"
    assert str(rest_time("2020-09-18T23:30:00", None)) == "2020-09-18 23:30:00+01:00"


def test_a_post_on_two_pages_of_a_collection_with_two_dates_disagrees_on_record() -> None:
    """A post that changed while the collection was walked came twice: the second was
    dropped without a word."""
    first = post(1109, "Agencies Meet", "2020-09-18T08:55:27", "<p>Text.</p>")
    again = post(1109, "Agencies Meet (updated)", "2020-09-25T10:00:00", "<p>Text.</p>")
    news, _, disagreements = read(
        rest("/wp/v2/posts&page=1", [first]), rest("/wp/v2/posts&page=2", [again])
    )
    assert [record.published for record, _ in news.values()] == ["2020-09-18T08:55:27+01:00"]
    assert sorted(row[1:4] for row in disagreements) == [
        ("published", "rest, again", "2020-09-25T10:00:00+01:00"),
        ("title", "rest, again", "Agencies Meet (updated)"),
    ]


def test_a_dated_entry_wins_over_an_undated_one_of_another_list() -> None:
    """Another page listed the file without a date: the first page read kept the entry, and
    the Publications page's "Posted on" day was lost when that page came first."""
    undated = page(SITE + "?page_id=300", f"<h1>Reports</h1><p><a href='{AR2019}'>AR 2019</a></p>")
    for pages in ([undated, LISTED], [LISTED, undated]):
        _, publications, _ = read(*pages)
        assert [(p.title, p.posted_on) for p in publications.values()] == [
            ("ISECG Annual Report 2019", "2020-05-20")
        ]
