"""News extraction (news.py, rest.py) against the replica, rendered through app.handle().

Three kinds of test: golden records (one post per markup era and trap, expected JSON written by
hand in tests/golden/news/), whole-replica scores against truth/base.json (every post, in the
root theme, the classic /wordpress/ theme and REST), and hostile input that must give
problems, never exceptions.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from scraper.extract import extract as extract_page
from scraper.extract.lists import list_dates
from scraper.extract.news import news_from_html
from scraper.extract.rest import news_from_rest
from scraper.extract.selectors import UNSAFE
from scraper.extract.signals import BROKEN
from scraper.extract.types import News
from tests.fixtures.site.app import handle
from tests.fixtures.site.model import load_site

BASE = "http://127.0.0.1:8080"
SITE_URL = BASE + "/"
CAPTURED = datetime(2025, 12, 1, 12, 0, tzinfo=UTC)
REPLICA = load_site("base")
TRUTH_FILE = Path(__file__).parent / "fixtures" / "site" / "truth" / "base.json"
TRUTH: dict[str, Any] = json.loads(TRUTH_FILE.read_text(encoding="utf-8"))
POSTS: list[dict[str, Any]] = TRUTH["news"] + TRUTH["publication_posts"]
GOLDEN = sorted((Path(__file__).parent / "golden" / "news").glob("*.json"))
MARKUPS = {
    "root": "/?p={}",
    "classic": "/wordpress/?p={}",
    "rest": "/index.php?rest_route=/wp/v2/posts/{}",
}
MIN_SCORE = 0.98


def fetch(target: str) -> bytes:
    response = handle(REPLICA, target, BASE)
    assert response.status == 200, target
    return response.body


def extract(target: str) -> tuple[News | None, list[str]]:
    body = fetch(target)
    if "rest_route" in target:
        items = news_from_rest(BASE + target, body, SITE_URL, CAPTURED)
        assert len(items) <= 1, target
        return (items[0] if items else None), []
    return news_from_html(BASE + target, body.decode("utf-8"), SITE_URL, CAPTURED)


def as_json(news: News) -> Any:
    """The record as the golden files keep it: every field, and of the candidates those for
    the publication date (a body candidate repeats the body)."""
    record = json.loads(json.dumps(asdict(news), ensure_ascii=False))
    record.pop("candidates")
    record["date_candidates"] = [asdict(c) for c in news.date_candidates]
    return record


@cache
def every_post(markup: str) -> dict[int, tuple[News | None, tuple[str, ...]]]:
    """wp_id -> (record, problems) for every post of the truth, in one markup."""
    out = {}
    for post in POSTS:
        news, problems = extract(MARKUPS[markup].format(post["wp_id"]))
        out[post["wp_id"]] = (news, tuple(problems))
    return out


# --- golden records ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_golden_record(path: Path) -> None:
    expected = json.loads(path.read_text(encoding="utf-8"))
    news, problems = extract(expected["target"])
    assert problems == []
    assert news is not None
    assert as_json(news) == expected["record"], expected["why"]


def test_golden_cases_cover_the_traps() -> None:
    names = {p.stem for p in GOLDEN}
    for needed in ("root-", "classic-", "portal-", "rest-", "1210", "1296", "695", "874", "296"):
        assert any(needed in n for n in names), needed
    assert "classic-1109-utc-time" in names


# --- whole-replica scores ----------------------------------------------------------------------


@pytest.mark.parametrize("markup", MARKUPS)
def test_every_post_is_read_without_problems(markup: str) -> None:
    bad = {k: v[1] for k, v in every_post(markup).items() if v[1] or v[0] is None}
    assert not bad


@pytest.mark.parametrize("markup", MARKUPS)
def test_published_date_score(markup: str) -> None:
    records = every_post(markup)
    wrong, missing = [], []
    for post in POSTS:
        news = records[post["wp_id"]][0]
        published = news.published if news else None
        if published is None:
            missing.append(post["wp_id"])
        elif published[:10] != post["published_date"]:
            wrong.append((post["wp_id"], published, post["published_date"]))
    exact = 1 - (len(wrong) + len(missing)) / len(POSTS)
    message = f"{markup}: {exact:.1%} exact; wrong {wrong}; missing {missing}"
    assert not wrong, message  # a wrong date is worse than a missing one: none at all
    assert exact >= MIN_SCORE, message


@pytest.mark.parametrize("markup", MARKUPS)
def test_published_keeps_the_sites_offset(markup: str) -> None:
    # Where the time is known it is the site's own: 08:55:27+01:00, never the UTC form.
    records = every_post(markup)
    for post in POSTS:
        news = records[post["wp_id"]][0]
        assert news is not None
        if news.published and "T" in news.published:
            assert news.published == post["published"], post["wp_id"]


@pytest.mark.parametrize("markup", MARKUPS)
def test_title_score(markup: str) -> None:
    records = every_post(markup)
    misses = []
    for post in POSTS:
        news = records[post["wp_id"]][0]
        if news is None or news.title != html.unescape(post["title"]):
            misses.append((post["wp_id"], news.title if news else None))
    assert not misses, f"{markup}: titles differ: {misses}"


@pytest.mark.parametrize("markup", MARKUPS)
def test_datelines_are_event_dates_only(markup: str) -> None:
    records = every_post(markup)
    for post in POSTS:
        news = records[post["wp_id"]][0]
        assert news is not None
        if post["dateline"]:
            assert news.event_date is not None, post["wp_id"]
            assert news.event_date.rstrip(".") == post["dateline"].rstrip("."), post["wp_id"]
            assert news.event_date != news.published
            assert news.published is None or news.published[:10] == post["published_date"]
        else:
            assert news.event_date is None, (post["wp_id"], news.event_date)


def test_html_and_rest_agree_on_each_post() -> None:
    for post in POSTS:
        records = [every_post(m)[post["wp_id"]][0] for m in MARKUPS]
        assert all(r is not None for r in records)
        keys = {(r.url, r.wp_id, r.title, r.body_text, r.documents) for r in records if r}
        assert len(keys) == 1, post["wp_id"]


def test_body_text_is_prose_only() -> None:
    for markup in ("root", "classic"):
        for news, _ in every_post(markup).values():
            assert news is not None
            text = news.body_text
            for junk in ("Latest news", "Recent Posts", "Copyright", "Filed under", "Posted in"):
                assert junk not in text, (markup, news.wp_id, junk)
            assert "<" not in text and "&#" not in text and "\u00a0" not in text
            assert not re.search(r"\.(jpe?g|png|gif)\b", text), news.wp_id
            flat = " ".join(text.split())
            assert news.summary and flat.startswith(news.summary.rstrip("\u2026"))


# --- portal items ------------------------------------------------------------------------------


@pytest.mark.parametrize("item", TRUTH["portal_news"], ids=lambda i: i["date"])
def test_portal_item(item: dict[str, Any]) -> None:
    news, problems = extract(item["url"])
    assert problems == [] and news is not None
    assert (news.wp_id, news.title, news.published) == (None, item["title"], item["date"])
    assert news.url == BASE + item["url"]
    assert news.documents == tuple(BASE + d for d in item["documents"])
    assert "File Type" not in news.body_text and "Web Content Display" not in news.body_text


# --- list pages --------------------------------------------------------------------------------


def list_targets() -> list[str]:
    targets = []
    for prefix in ("/", "/wordpress/"):
        targets.append(prefix)
        for base in (f"{prefix}?page_id={TRUTH['pages']['news_list']}", f"{prefix}?cat=1"):
            targets += [f"{base}&paged={k}" for k in range(1, 8)]
        targets.append(f"{prefix}?cat=3")
    return targets


@pytest.mark.parametrize("prefix", ["/", "/wordpress/"])
def test_list_dates(prefix: str) -> None:
    published = {p["wp_id"]: p["published_date"] for p in POSTS}
    dated = {p.id for p in REPLICA.posts if p.show_date}
    seen: dict[int | str, str] = {}
    for target in (t for t in list_targets() if t.startswith(prefix)):
        response = handle(REPLICA, target, BASE)
        if response.status != 200:
            continue
        for wp_id, found in list_dates(BASE + target, response.body.decode(), SITE_URL).items():
            assert found.source == "list"
            assert isinstance(wp_id, int)  # a WordPress list keys its posts by id
            assert found.value[:10] == published[wp_id], (target, wp_id, found)
            seen[wp_id] = found.value
    assert set(seen) == dated  # every post that shows a date, and no other


def test_list_dates_convert_utc_times() -> None:
    # The classic theme prints odd ids' times in UTC: 1885 is 14:20+01:00 on the site.
    body = fetch("/wordpress/?cat=1").decode()
    found = list_dates(BASE + "/wordpress/?cat=1", body, SITE_URL)[1885]
    assert (found.value, found.raw) == ("2024-12-16T14:20:00+01:00", "2024-12-16T13:20:00+00:00")


def test_home_lists_only_its_top_story() -> None:
    # The publications' "Posted on" lines sit beside document links, not post links.
    top = REPLICA.news[0]
    for target in ("/", "/wordpress/"):
        found = list_dates(BASE + target, fetch(target).decode(), SITE_URL)
        assert set(found) == {top.id}
        assert found[top.id].value[:10] == top.published[:10]


# --- pages that are not a post -----------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/",
        "/wordpress/",
        f"/?page_id={TRUTH['pages']['about']}",
        f"/wordpress/?page_id={TRUTH['pages']['publications']}",
        f"/?page_id={TRUTH['pages']['news_list']}",
        "/wordpress/?cat=1",
        "/news/",
    ],
)
def test_not_a_post_gives_problems(target: str) -> None:
    _, problems = extract(target)
    assert problems


MAINTENANCE = """<!DOCTYPE html><html><head><title>Maintenance</title></head><body>
<h1>Briefly unavailable for scheduled maintenance. Check back in a minute.</h1></body></html>"""
DB_ERROR = """<!DOCTYPE html><html><head><title>Database Error</title></head><body>
<h1>Error establishing a database connection</h1></body></html>"""


@pytest.mark.parametrize("page", [MAINTENANCE, DB_ERROR], ids=["maintenance", "database"])
def test_error_pages_served_as_200(page: str) -> None:
    news, problems = news_from_html(BASE + "/?p=1109", page, SITE_URL, CAPTURED)
    assert news is None and problems


# WordPress's own fatal error page (wp_die since 5.2), served as 200 by some hosts.
CRITICAL = """<!DOCTYPE html><html lang="en-US"><head><title>WordPress &rsaquo; Error</title>
</head><body id="error-page"><div class="wp-die-message"><p>There has been a critical error on
this website.</p><p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">
Learn more about troubleshooting WordPress.</a></p></div></body></html>"""


@pytest.mark.parametrize("target", ["/", f"/?page_id={TRUTH['pages']['news_list']}", "/?p=1109"])
@pytest.mark.parametrize("phrase", BROKEN)
def test_every_error_phrase_on_every_page(target: str, phrase: str) -> None:
    """One list of error-page phrases for every kind of page: a home or list page saying
    "There has been a critical error" was read for members and publications before."""
    page = CRITICAL.replace("There has been a critical error on\nthis website", phrase.title())
    found = extract_page(BASE + target, "text/html", page.encode(), SITE_URL, CAPTURED)
    assert found.problems == [f"an error page served as 200: {phrase.title()!r}"]
    assert not (found.news or found.publications or found.members)


def test_not_found_page() -> None:
    response = handle(REPLICA, "/?p=99999", BASE)
    assert response.status == 404
    news, problems = news_from_html(BASE + "/?p=99999", response.body.decode(), SITE_URL, CAPTURED)
    assert news is None and "not-found" in problems[0]


def test_ids_that_disagree_are_a_problem() -> None:
    page = fetch("/?p=1109").decode().replace("postid-1109", "postid-1075")
    _, problems = news_from_html(BASE + "/?p=1109", page, SITE_URL, CAPTURED)
    assert any("disagree" in p for p in problems)


def test_a_related_post_is_not_the_post() -> None:
    related = '<aside class="related"><article id="post-1075"><h2>Other</h2></article></aside>'
    page = fetch("/wordpress/?p=1109").decode().replace("</main>", related + "</main>")
    news, problems = news_from_html(BASE + "/wordpress/?p=1109", page, SITE_URL, CAPTURED)
    assert problems == [] and news is not None and news.wp_id == 1109


def test_several_posts_without_body_classes_are_a_list() -> None:
    page = fetch("/wordpress/?cat=1").decode()
    page = re.sub(r'<body class="[^"]*">', "<body>", page)
    _, problems = news_from_html(BASE + "/wordpress/?cat=1", page, SITE_URL, CAPTURED)
    assert any("disagree" in p for p in problems)


def test_title_falls_back_to_the_document_title_not_the_sidebar() -> None:
    page = fetch("/?p=1210").decode()
    page = re.sub(r'<meta property="og:title"[^>]*>', "", page)
    news, problems = news_from_html(BASE + "/?p=1210", page, SITE_URL, CAPTURED)
    assert problems == [] and news is not None
    assert (news.title, news.title_source) == ("ISECG Lunar Polar Volatiles Workshop", "title")


# --- hostile input -----------------------------------------------------------------------------

HOSTILE = {
    "empty": "",
    "blank": " \n\t ",
    "not html": "\x00\xff\ufffd{}[]" * 200,
    "broken tags": "<<<>>><</<html<body<<p>>",
    "scripts only": "<script>alert(1)</script>" * 500,
    "huge attribute": '<html><body class="' + "x" * 2_000_000 + '"><p>hi</p></body></html>',
    "deep nesting": "<div>" * 3000 + "<p>deep</p>",
    "many links": "<main>" + '<div><a href="/?p=5">t</a>1 May 2020</div>' * 2000 + "</main>",
    "unclosed post": '<body class="postid-5"><article id="post-5"><div class="entry-content"',
}


@pytest.mark.parametrize("page", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_html_gives_problems(page: str) -> None:
    _, problems = news_from_html(BASE + "/?p=5", page, SITE_URL, CAPTURED)
    assert problems
    list_dates(BASE + "/", page, SITE_URL)  # no exception


def test_body_html_is_sanitised() -> None:
    page = """<html><head><title>A post | ISECG</title></head>
<body class="single postid-5"><article id="post-5"><h1 class="entry-title">A post</h1>
<div class="entry-content"><script>steal()</script><style>p{}</style>
<p onclick="evil()" style="color:red">Hello <a href=" javascript:alert(1)">x</a>
<a href="/doc.pdf" onmouseover="evil()">doc</a><img src="a.png" onerror="evil()" alt="a"></p>
<iframe src="https://evil.example/"></iframe><div class="sharedaddy"><a href="#">Share</a></div>
</div></article></body></html>"""
    news, problems = news_from_html(BASE + "/?p=5", page, SITE_URL, CAPTURED)
    assert problems == [] and news is not None
    lowered = news.body_html.lower()
    for bad in ("<script", "<style", "<iframe", "onclick", "onerror", "onmouseover", "javascript:"):
        assert bad not in lowered, bad
    assert 'href="http://127.0.0.1:8080/doc.pdf"' in news.body_html
    assert news.body_text == "Hello x doc"
    assert news.documents == (BASE + "/doc.pdf",)
    assert news.images == ((BASE + "/a.png", "a"),)


def sanitised(body: str) -> str:
    page = f"""<html><head><title>A post | ISECG</title></head>
<body class="single postid-5"><article id="post-5"><h1 class="entry-title">A post</h1>
<div class="entry-content"><p>The agencies met in Tokyo to talk about the roadmap.</p>
{body}</div></article></body></html>"""
    news, problems = news_from_html(BASE + "/?p=5", page, SITE_URL, CAPTURED)
    assert problems == [] and news is not None
    return news.body_html


def test_body_html_keeps_every_element_but_the_unsafe_ones() -> None:
    kept = sanitised('<div class="a"><div><my-widget>w</my-widget><font>f</font></div></div>')
    assert '<div class="a"><div><my-widget>w</my-widget><font>f</font></div></div>' in kept
    assert all(re.fullmatch("[a-z]+", tag) for tag in UNSAFE)  # tag names, as nh3 takes them


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("/doc.pdf", 'href="http://127.0.0.1:8080/doc.pdf"'),
        ("#top", 'href="#top"'),
        ("mailto:isecg@example.org", 'href="mailto:isecg@example.org"'),
        ("java\tscript:alert(1)", "<a>x</a>"),
        ("https://[bad/", "<a>x</a>"),  # raised ValueError (the whole post lost) before nh3
        ("//[bad/", "<a>x</a>"),
        ("http://a b/", "<a>x</a>"),  # not a URL: kept as written before nh3
    ],
)
def test_body_html_links(href: str, kept: str) -> None:
    assert kept in sanitised(f'<p><a href="{href}">x</a></p>')


# --- REST --------------------------------------------------------------------------------------


def test_rest_collection() -> None:
    body = fetch("/index.php?rest_route=/wp/v2/posts&per_page=100")
    records = news_from_rest(BASE + "/index.php", body, SITE_URL, CAPTURED)
    truth = {p["wp_id"]: p for p in POSTS}
    assert {r.wp_id for r in records} == set(truth)
    for r in records:
        assert r.wp_id is not None
        assert (r.title, r.published) == (truth[r.wp_id]["title"], truth[r.wp_id]["published"])
        assert r.source == "rest" and r.published_source == "rest"


GOOD_ITEM = {
    "id": 1109,
    "date": "2020-09-18T08:55:27",
    "date_gmt": "2020-09-18T07:55:27",
    "type": "post",
    "link": BASE + "/?p=1109",
    "title": {"rendered": "Moon &#8211; Mars <em>now</em>"},
    "content": {"rendered": "<p>Text.</p>"},
    "categories": [3],
    "_embedded": {"wp:term": [[{"id": 3, "taxonomy": "category", "name": "Publications"}]]},
}


@pytest.mark.parametrize(
    ("body", "count"),
    [
        (b"", 0),
        (b"<!DOCTYPE html><html><body>Front page</body></html>", 0),
        (b'{"code":"rest_no_route","message":"No route","data":{"status":404}}', 0),
        (b'{"code":"rest_disabled","message":"Disabled","data":{"status":401}}', 0),
        (b"[]", 0),
        (b"null", 0),
        (b"\xff\xfe\x00", 0),
        (b"[" * 100_000, 0),
        (b'[1, "x", null, {"id": "5"}, {"id": true}, {"id": 5}]', 0),
        (b'[{"id": 5, "date": "garbage"}]', 0),
        (b'[{"id": 5, "date": "2020-01-01T00:00:00", "type": "page"}]', 0),
        (json.dumps(GOOD_ITEM).encode(), 1),
        (
            json.dumps([GOOD_ITEM, {"id": 7}, {**GOOD_ITEM, "title": 5, "content": None}]).encode(),
            2,
        ),
    ],
)
def test_rest_bad_input(body: bytes, count: int) -> None:
    assert len(news_from_rest(BASE + "/index.php", body, SITE_URL, CAPTURED)) == count


def test_rest_item_fields() -> None:
    [news] = news_from_rest(BASE + "/", json.dumps(GOOD_ITEM).encode(), SITE_URL, CAPTURED)
    assert news.title == "Moon \u2013 Mars now"
    assert news.published == "2020-09-18T08:55:27+01:00"
    assert news.categories == ("Publications",) and news.is_publication
    assert news.body_text == "Text." and news.url == BASE + "/?p=1109"
