"""Probes 17 and 18 (helpers 90 and 91): news, publications and members pages after the
designs of space agencies' and intergovernmental sites, not WordPress (GOV.UK, Canada.ca,
Drupal, Joomla's Phoca Download, Contao, CNES-like French cards...). The pages that showed a
wrong value are here (tests/fixtures/probe17/), each with its truth."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract
from scraper.extract.dates import parse_text
from scraper.extract.types import Extracted

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PAGES = Path(__file__).parent / "fixtures" / "probe17"


def read(name: str, where: str = "url") -> tuple[dict, Extracted]:
    case = json.loads((PAGES / f"{name}.json").read_text())
    body = (PAGES / f"{name}.html").read_bytes()
    return case, extract(case[where], "text/html", body, SITE, CAPTURED)


@pytest.mark.parametrize("where", ["url", "wp_url"])
@pytest.mark.parametrize(
    "name",
    [
        # a title-classed <h2> heads GOV.UK's "Published ... Last updated ..." lines
        "govuk01-news-story-published-last-updated",
        # and its notice "This news article was withdrawn on <time>", whose day is no posting's
        "govuk03-withdrawn-notice",
    ],
)
def test_govuk_date_lines_neither_title_nor_date_the_post(name: str, where: str) -> None:
    case, got = read(name, where)
    truth = case["truth"]
    assert [(n.title, (n.published or "")[:10]) for n in got.news] == [
        (truth["title"], truth["published"])
    ]


def test_a_files_upload_date_beside_its_size_dates_no_publication() -> None:
    """Phoca Download prints each file's "Date:" (its upload) beside "Size:" and "Downloads:",
    and a "Details" button; the posting day is in a sentence. None of them is read."""
    case, got = read("p12-joomla4-phoca-download-file-date-vs-published")
    days = {p["posted_on"] for p in case["truth"]["pubs"]}
    for publication in got.publications:
        assert publication.title != "Details"
        assert publication.posted_on is None or publication.posted_on[:10] in days


def test_a_pages_base_href_resolves_its_documents() -> None:
    """Contao writes <base href> at the site's root; its page lives under /de/."""
    case, got = read("p14-contao5-de-text-plus-download-dotted-date")
    files = {url for p in case["truth"]["pubs"] for url in p["documents"]}
    documents = {p.document_url for p in got.publications if p.document_url}
    assert documents and documents <= files


@pytest.mark.parametrize(
    "name",
    [
        "p18-cnes-style-fr-cards-publie-le-mis-a-jour",  # a news item under "Actualités"
        "p01-govuk-publication-attachments",  # GOV.UK's "Full page history" heading
        # probe 19 (helper-95): a Japanese table's "PDF（5.1MB）" link, a Spanish File block's
        # "Descargar" button and its file name titled reports
        "pub03_lightning_ja_table",
        "pub06_gp_es_fileblocks",
    ],
)
def test_no_publication_but_the_pages_own(name: str) -> None:
    case, got = read(name)
    titles = {p["title"] for p in case["truth"]["pubs"]}
    assert {p.title for p in got.publications} <= titles


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025年2月20日", "2025-02-20"),
        ("2025年2月20日（木）", "2025-02-20"),
        ("2025年（令和7年）2月20日", "2025-02-20"),
        ("掲載日：2025年2月20日", "2025-02-20"),
        ("2025년 2월 20일", "2025-02-20"),
        ("2025.02.20", "2025-02-20"),
        ("2025. 2. 20.", "2025-02-20"),
        ("2025/02/20", "2025-02-20"),
        ("发布日期：2025年02月20日", "2025-02-20"),
        ("2025.02.30", None),  # no such day
        ("Version 2024.10.31 released", None),
    ],
)
def test_east_asian_days_are_read_year_first(text: str, day: str | None) -> None:
    found = parse_text(text)
    assert (found.isoformat() if found else None) == day


def _post(meta: str) -> list[str]:
    title = "ISECG月面探査シナリオの公表について"
    html = (
        f"<html><head><title>{title} | JAXA</title></head><body><main><article>"
        f"<h1 class='entry-title'>{title}</h1>{meta}<div class='entry-content'>"
        "<p>月面探査に関する国際協力について、ISECGの参加機関は新しいシナリオを公表しました。</p>"
        "</div></article></main></body></html>"
    )
    got = extract(SITE + "?p=123", "text/html", html.encode(), SITE, CAPTURED)
    return [(n.published or "")[:10] for n in got.news]


@pytest.mark.parametrize(
    ("meta", "published"),
    [
        (
            "<p class='date'>掲載日：2025年2月20日</p><p class='date'>更新日：2025年2月25日</p>",
            "2025-02-20",
        ),
        ("<p>最終更新日：2025年2月25日</p><p>掲載日：2025年2月20日</p>", "2025-02-20"),
        (
            "<table><tr><th>작성일</th><td>2025.02.20</td></tr><tr><th>수정일</th><td>2025.02.25</td></tr></table>",
            "2025-02-20",
        ),
        ("<div>发布日期：2025年02月20日</div><div>更新时间：2025年02月25日</div>", "2025-02-20"),
        # a change's day alone is no posting's, in each language
        ("<p class='update'>更新日：2025年2月25日</p>", ""),
        ("<p>수정일 : 2025.02.25</p>", ""),
        ("<div>更新时间：2025-02-25</div>", ""),
        # review 40: a label in an element of its own, ending in a full-width colon or none
        ("<p><span>更新日：</span><span>2025年2月25日</span></p>", ""),
        ("<p><span>最終更新日時：</span><span>2025年2月25日</span></p>", ""),
        ("<div><span>修订</span><span>2025年02月25日</span></div>", ""),
        ("<dl><dt>開催日</dt><dd>2025.02.10</dd></dl>", ""),
        ("<table><tr><th>举办时间：</th><td>2025.02.10</td></tr></table>", ""),
        ("<p><span>締切：</span><span>2025年2月10日</span></p>", ""),
        ("<p class='docno'>2024.10.1</p>", ""),  # a document's number
        ("<p class='date'>2025. 2. 20.</p>", "2025-02-20"),  # Korean, spaced
        # review 42: a change's word after the day, in its line; "投稿日", "日期" label postings
        ("<p class='date'><span>2025.02.25</span> 更新</p>", ""),
        ("<p class='update'><time>2025年2月25日</time>更新</p>", ""),
        ("<p>投稿日：<span>2025-02-20</span></p>", "2025-02-20"),
        ("<div><span>日期：</span><span>2025-02-20</span></div>", "2025-02-20"),
        # "日時" is an event's time, but "掲載日時" the posting's
        ("<p><span>掲載日時：</span><span>2025年2月20日</span></p>", "2025-02-20"),
        ("<p><span>日時：</span><span>2025年2月10日</span></p>", ""),
    ],
)
def test_east_asian_posting_and_change_labels(meta: str, published: str) -> None:
    assert _post(meta) == [published]


@pytest.mark.parametrize(
    "name", ["L12-jaxa-ja-dl-dt-date-dd-link", "L13-kasa-ko-board-table-notice-row"]
)
def test_east_asian_lists_date_their_entries(name: str) -> None:
    case, got = read(name)
    days = {str(key): value.value[:10] for key, value in got.list_dates.items()}
    assert days == case["truth"]["entries"]


@pytest.mark.parametrize(
    "name",
    [
        "m10-ja-sanka-kikan-list",  # 参加機関, then 関連リンク
        "m11-fr-agences-membres-logo-cards-partenaires",  # Agences membres, then Partenaires
    ],
)
def test_a_members_page_in_another_language_gives_its_members(name: str) -> None:
    case, got = read(name)
    assert got.members_block
    assert sorted(m.key for m in got.members) == sorted(case["truth"]["members"])


def _members(url: str, body: str) -> tuple[bool, list[str]]:
    html = f"<html><head><title>ISECG</title></head><body><main>{body}</main></body></html>"
    got = extract(url, "text/html", html.encode(), SITE, CAPTURED)
    return got.members_block, sorted(m.key for m in got.members)


LOGOS = (
    "<div class='logos'><a href='https://www.asi.it/'><img src='/l/asi.png' alt='ASI'></a>"
    "<a href='https://cnes.fr/'><img src='/l/cnes.png' alt='CNES'></a></div>"
)


PARTNER = "<a href='https://www.airbus.com/'><img src='/l/airbus.png' alt='Airbus'></a>"
SOCIAL = (
    "<a href='https://twitter.com/isecg'><img src='/l/tw.png' alt='Twitter'></a>"
    "<a href='https://www.facebook.com/isecg'><img src='/l/fb.png' alt='Facebook'></a>"
)


@pytest.mark.parametrize(
    "after",
    [
        # review 41: other groups' labels in the members' languages, and the site's own icons
        f"<p><strong>Partenaires industriels</strong></p>{PARTNER}",
        f"<div class='block-title'>Organisations associées</div>{PARTNER}",
        f"<p><strong>オブザーバー機関</strong></p>{PARTNER}",
        f"<p><strong>協賛</strong></p>{PARTNER}",
        f"<div class='social'>{SOCIAL}</div>",
    ],
)
def test_members_in_another_language_end_where_another_group_begins(after: str) -> None:
    block, keys = _members(SITE, f"<h2>Agences membres</h2>{LOGOS}{after}")
    assert block and keys == ["asi.it", "cnes.fr"]


@pytest.mark.parametrize(
    "heading", ["Membres", "Mitglieder", "Miembros", "成员", "Члены", "Mitgliedschaft"]
)
def test_a_bare_members_word_heads_no_agencies(heading: str) -> None:
    """Review 41: over a site's staff, its log-in box or its news."""
    staff = (
        "<a href='https://www.linkedin.com/in/jdupont'><img src='/p/jd.jpg' alt='Jean Dupont'></a>"
        "<a href='https://www.asi.it/mario-rossi'><img src='/p/mr.jpg' alt='Mario Rossi'></a>"
    )
    assert _members(SITE, f"<h2>{heading}</h2><div>{staff}</div>") == (False, [])


@pytest.mark.parametrize(
    ("entries", "days"),
    [
        # review 42: an English "Standing Committee" before a day labels nothing (a bug made
        # "stand" a change's word anywhere in a label), nor a Chinese headline ending "举行"
        (
            "<li><h3><a href='/?p=11'>Standing Committee meets</a></h3><p>3 May 2022</p></li>"
            "<li><h3><a href='/?p=12'>Interface standards</a></h3><p>4 May 2022</p></li>",
            {"11": "2022-05-03", "12": "2022-05-04"},
        ),
        (
            "<li><a href='/?p=31'>国际空间探索协调组会议在北京举行</a><span>2025-02-20</span></li>"
            "<li><a href='/?p=32'>探月工程国际合作研讨会举办</a><span>2025-02-10</span></li>",
            {"31": "2025-02-20", "32": "2025-02-10"},
        ),
    ],
)
def test_words_of_a_title_before_its_day_label_nothing(entries: str, days: dict) -> None:
    html = f"<html><body><main><h1>News</h1><ul>{entries}</ul></main></body></html>"
    got = extract(SITE + "news/", "text/html", html.encode(), SITE, CAPTURED)
    assert {str(k): v.value[:10] for k, v in got.list_dates.items()} == days


def test_a_meta_lines_next_item_is_no_label_after_its_day() -> None:
    """Probe 19: "发布于 2025年2月20日" and, in the meta line's next item, "更新于 2025年2月25日":
    the change's word opens the next item, it does not follow the posting's day."""
    case, got = read("p10_cn_zh")
    assert [(n.title, (n.published or "")[:10]) for n in got.news] == [
        (case["truth"]["title"], case["truth"]["published"])
    ]


def test_a_link_that_is_the_whole_card_dates_its_entry() -> None:
    """Probe 19: Cocoon's list, each entry one <a> around its <article>, its day inside, and
    beside it on some the day of the last change (`post-update`)."""
    case, got = read("l04_cocoon_ja_news")
    days = {str(key): value.value[:10] for key, value in got.list_dates.items()}
    assert days == {str(k): v for k, v in case["truth"]["entries"].items()}


def test_a_card_link_beside_its_posts_byline_is_no_whole_card() -> None:
    """Review 43: Elementor's Loop Grid, a day inside the card's link and the post's own
    byline outside it: two days for one entry, none read (not the link's)."""
    item = (
        "<div class='e-loop-item'><a class='e-con' href='/?p={n}'><h3>Post {n}</h3>"
        "<span class='date'>20 January 2025</span></a><ul><li class="
        "'elementor-post-info__item--type-date'><time>Posted on February 10, 2025</time></li>"
        "</ul></div>"
    )
    entries = "".join(item.format(n=n) for n in (41, 42))
    html = f"<html><body><main><h1>News</h1><div class='loop'>{entries}</div></main></body></html>"
    got = extract(SITE + "news/", "text/html", html.encode(), SITE, CAPTURED)
    assert got.list_dates == {}


def test_a_body_class_naming_post_updates_marks_no_change() -> None:
    """Review 43: 'post-update' marks a change's day as a whole class, not in a body class
    such as 'post-type-archive-post-update'."""
    entries = "".join(
        f"<li><h3><a href='/?p={n}'>Post {n}</a></h3><p>{n} February 2025</p></li>" for n in (3, 4)
    )
    html = (
        "<html><body class='archive post-type-archive-post-update'><main><h1>News</h1>"
        f"<ul>{entries}</ul></main></body></html>"
    )
    got = extract(SITE + "news/", "text/html", html.encode(), SITE, CAPTURED)
    assert {k: v.value[:10] for k, v in got.list_dates.items()} == {
        3: "2025-02-03",
        4: "2025-02-04",
    }


@pytest.mark.parametrize("name", ["pub02_wpfd_de", "pub06_gp_es_fileblocks", "pub08_ocean_ru"])
def test_a_publications_block_headed_in_another_language_is_read(name: str) -> None:
    """Probe 19: "Publikationen", "Publicaciones", "Публикации" head the group's reports."""
    case, got = read(name)
    truth = {p["title"]: p for p in case["truth"]["pubs"]}
    assert sorted(p.title for p in got.publications) == sorted(truth)
    for publication in got.publications:
        want = truth[publication.title]
        days = want["posted_on"] if isinstance(want["posted_on"], list) else [want["posted_on"]]
        assert publication.posted_on in days
        assert publication.document_url == want["documents"][0]


@pytest.mark.parametrize(
    ("heading", "entry"),
    [
        # review 44: Chinese "报告" heads lectures, German "Berichte" news
        (
            "报告",
            "<li><h4>学术报告：月球南极探测进展</h4><p>发布时间：2024年3月5日</p><p>报告人：张教授</p></li>",
        ),
        (
            "Berichte",
            "<div><h3>ISECG-Treffen in Bremen</h3><p>Veröffentlicht am 3. März 2024</p></div>",
        ),
    ],
)
def test_a_reports_word_in_another_language_opens_no_publications(heading: str, entry: str) -> None:
    html = f"<html><body><main><h2>{heading}</h2><ul>{entry * 2}</ul></main></body></html>"
    got = extract(SITE, "text/html", html.encode(), SITE, CAPTURED)
    assert got.publications == []
