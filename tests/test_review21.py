"""Review 21 (helper-71) of probe 15's fixes: each case gave a wrong record, a wrong file or a
wrong day, and is pinned here."""

from __future__ import annotations

import pytest

from scraper.extract import extract
from tests.test_unmarked_posts import CAPTURED, SITE, page, posts


def hugo_page(path: str, title: str) -> str:
    """A Hugo page marked an article (as its themes mark every page), its menu opening with
    a skip link: the menu's "#main" once shut every such page out, by accident."""
    return (
        f"<html><head><title>{title} | ISECG</title><meta property='og:type' content='article'>"
        "<meta property='article:published_time' content='2024-03-12T10:00:00+01:00'></head>"
        "<body><nav><a href='#main'>Skip</a> <a href='/'>Home</a> <a href='/news/'>News</a>"
        f"</nav><main id='main'><article><h1>{title}</h1><p>"
        + "The agencies coordinate their exploration plans. " * 6
        + "</p></article></main></body></html>"
    )


@pytest.mark.parametrize(
    ("path", "title"),
    [("/ger/", "The Global Exploration Roadmap"), ("/mission/", "Our mission")],
)
def test_a_page_outside_the_news_marked_an_article_is_no_post_alone(path: str, title: str) -> None:
    assert posts([page(SITE.rstrip("/") + path, hugo_page(path, title))]) == []


def publications(body: str) -> list[tuple[str, str | None, str | None]]:
    html = f"<html><head><title>Publications</title></head><body><main><h1>Publications</h1>{body}"
    got = extract(
        SITE + "publications/",
        "text/html",
        (html + "</main></body></html>").encode(),
        SITE,
        CAPTURED,
    )
    return sorted((p.title, p.posted_on, p.document_url) for p in got.publications)


def file_block(name: str) -> str:
    """WordPress's File block: the file's name, then its Download button."""
    href = f"/wp-content/uploads/{name}"
    button = f"<a href='{href}' download>Download</a>"
    return f"<div class='wp-block-file'><a href='{href}'>{name}</a>{button}</div>"


def test_a_next_entry_titled_by_its_files_name_keeps_its_file() -> None:
    body = (
        "<h3>ISECG Annual Report 2023</h3><p>Posted on 11 March, 2024</p>"
        "<p><a href='/wp-content/uploads/GER_2020_supplement.pdf'>GER_2020_supplement.pdf</a></p>"
        "<p>Posted on 28 August, 2020</p>"
    )
    assert (
        "GER_2020_supplement.pdf",
        "2020-08-28",
        SITE + "wp-content/uploads/GER_2020_supplement.pdf",
    ) in publications(body)


def test_a_heading_over_several_files_titles_none_of_them() -> None:
    body = "<h3>Working group reports</h3><p>Reports of the working groups.</p>"
    body += file_block("TWG_report_2019.pdf") + file_block("EWG_report_2020.pdf")
    body += "<h3>The Global Exploration Roadmap 2024</h3><p>Posted on 21 May, 2024</p>"
    body += file_block("GER_2024.pdf")
    titles = [title for title, _, _ in publications(body)]
    assert "Working group reports" not in titles and "The Global Exploration Roadmap 2024" in titles


def post_with_time(stamp: str, printed: str) -> str | None:
    html = (
        "<html><head><title>Agencies meet in Montreal | ISECG</title></head><body><main>"
        f"<h1>Agencies meet in Montreal</h1><time datetime='{stamp}'>{printed}</time><p>"
        + "The agencies met in Montreal to review the roadmap. " * 6
        + "</p></main></body></html>"
    )
    url = SITE + "news/agencies-meet-in-montreal"
    got = extract(url, "text/html", html.encode(), SITE, CAPTURED)
    return (got.news[0].published or "")[:10] if got.news else None


@pytest.mark.parametrize(
    ("stamp", "printed", "day"),
    [
        ("2024-06-25 22:00:00", "June 26, 2024", "2024-06-26"),  # UTC near midnight: printed
        ("2024-06-25T09:00:00+01:00", "June 26, 2024", "2024-06-25"),  # mid-morning: its own
        ("2024-06-25 09:00:00", "June 26, 2024", "2024-06-25"),
        ("2024-06-26", "June 25, 2024", "2024-06-26"),  # a day, no time: the attribute's
    ],
)
def test_a_printed_day_wins_only_where_an_offset_explains_it(
    stamp: str, printed: str, day: str
) -> None:
    assert post_with_time(stamp, printed) == day
