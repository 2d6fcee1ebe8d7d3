"""Publications from the replica's pages: golden pages, the whole replica, and hostile input.

Golden files (tests/golden/publications/*.json) were written from content.json, field by field:
a page case renders `target` of the replica in `state` and expects exactly `publications` and
`problems`; a post case feeds `news` to publication_from_post and expects `publication`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest

from scraper.extract.dayorder import in_page_order, slashed_order
from scraper.extract.lines import Line
from scraper.extract.publications import publication_from_post, publications_from_html
from scraper.extract.pubtext import (
    facts_day,
    kind_of,
    page_language_first,
    page_order,
    parse_date,
    parse_date_first,
    year_of,
)
from scraper.extract.types import News, Publication
from tests.fixtures.site.app import handle
from tests.fixtures.site.model import STATES, load_site

BASE = "http://127.0.0.1:8080"
TRUTH = Path(__file__).parent / "fixtures" / "site" / "truth"
GOLDEN = Path(__file__).parent / "golden" / "publications"
PUBS_PAGE = 407
PREFIXES = ("/", "/wordpress/")


def truth(state: str) -> dict[str, Any]:
    """The replica's ground truth (truth/<state>.json)."""
    data: dict[str, Any] = json.loads((TRUTH / f"{state}.json").read_text(encoding="utf-8"))
    return data


def page(target: str, state: str = "base", theme: str = "normal") -> str:
    response = handle(load_site(state), target, BASE, theme=theme)
    assert response.status == 200, target
    return response.body.decode("utf-8")


def read(url_path: str, html: str) -> tuple[list[Publication], list[str]]:
    return publications_from_html(BASE + url_path, html, BASE)


def golden(kind: str) -> list[Path]:
    return sorted(
        p for p in GOLDEN.glob("*.json") if p.stem.startswith("post_") == (kind == "post")
    )


@pytest.mark.parametrize("path", golden("page"), ids=lambda p: p.stem)
def test_golden_page(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    found, problems = read(case["target"], page(case["target"], case["state"]))
    assert [asdict(p) for p in found] == case["publications"]
    assert problems == case["problems"]


@pytest.mark.parametrize("path", golden("post"), ids=lambda p: p.stem)
def test_golden_post(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    fields: dict[str, Any] = dict(case["news"])
    fields["categories"] = tuple(fields["categories"])
    fields["documents"] = tuple(fields["documents"])
    news = News(**fields)
    assert news.is_publication
    assert asdict(publication_from_post(news)) == case["publication"]


def all_listed(state: str, prefix: str) -> dict[str, Publication]:
    """Every publication on every page of the publications list, by title."""
    found: dict[str, Publication] = {}
    for paged in range(1, 20):
        target = f"{prefix}?page_id={PUBS_PAGE}&paged={paged}"
        response = handle(load_site(state), target, BASE)
        if response.status == 404:
            break
        pubs, problems = read(target, response.body.decode("utf-8"))
        assert problems == [], target
        for pub in pubs:
            assert pub.title not in found, pub.title
            found[pub.title] = pub
    return found


def truth_cases() -> list[Any]:
    cases = []
    for state in STATES:
        for prefix in PREFIXES:
            for pub in truth(state)["publications"]:
                cases.append(pytest.param(state, prefix, pub, id=f"{state}{prefix}{pub['title']}"))
    return cases


@pytest.fixture(scope="module")
def listed() -> dict[tuple[str, str], dict[str, Publication]]:
    return {(s, p): all_listed(s, p) for s in STATES for p in PREFIXES}


@pytest.mark.parametrize(("state", "prefix", "expected"), truth_cases())
def test_every_publication_found_with_its_date_and_document(
    listed: dict[tuple[str, str], dict[str, Publication]],
    state: str,
    prefix: str,
    expected: dict[str, Any],
) -> None:
    pub = listed[(state, prefix)][expected["title"]]
    assert (pub.posted_on, pub.posted_on_source) == (expected["posted_on"], "posted-on")
    assert pub.document_url == BASE + expected["document"]
    assert pub.kind == expected["kind"]
    assert pub.year in (expected["year"], None)  # None where neither title nor file has one


@pytest.mark.parametrize(("state", "prefix"), [(s, p) for s in STATES for p in PREFIXES])
def test_nothing_listed_beyond_the_truth(
    listed: dict[tuple[str, str], dict[str, Publication]], state: str, prefix: str
) -> None:
    assert set(listed[(state, prefix)]) == {p["title"] for p in truth(state)["publications"]}


def not_publication_pages() -> list[str]:
    site = load_site("base")
    targets = ["/news/", f"/news/{site.portal[0].date}"]
    for prefix in PREFIXES:
        targets += [
            f"{prefix}?page_id={p.id}"
            for p in site.pages
            if p.title not in ("Publications", "Private Area")
        ]
        targets += [f"{prefix}?cat={cat}" for cat in (1, 3)]
        targets += [f"{prefix}?page_id=405&paged=2"]
        targets += [f"{prefix}?p={wp_id}" for wp_id in (1768, 1384, 1180, 695, 375, 1109)]
    return targets


@pytest.mark.parametrize("target", not_publication_pages())
def test_news_lists_posts_and_pages_give_no_publication(target: str) -> None:
    assert read(target, page(target)) == ([], [])


@pytest.mark.parametrize("separator", ["/", "-"])
def test_a_posting_column_of_ambiguous_numeric_days_silences_the_others(separator: str) -> None:
    """A "Published" column holding only days either order could read ("05-04-2024") is
    still the posting's: the "Date acquired" beside it dates no row, with slashes or hyphens."""
    rows = "".join(
        f"<tr><td>Annual Report {t}</td><td>{r}</td><td>{p.replace('/', separator)}</td>"
        f"<td><a href='{pdf(t)}'>Download</a></td></tr>"
        for t, r, p in [("A", "19 April 2024", "05/04/2024"), ("B", "8 March 2024", "03/02/2024")]
    )
    head = "<tr><th>Title</th><th>Date acquired</th><th>Published</th><th>Download</th></tr>"
    found, _ = read("/", f"<h1>Publications</h1><table>{head}{rows}</table>")
    assert {p.posted_on for p in found} <= {None}


def test_swapped_theme_numeric_dates_beside_titles_are_reported_not_read() -> None:
    found, problems = read("/", page("/", theme="swapped"))
    assert found == []
    assert len(problems) == 1 and "numeric format" in problems[0]


@pytest.mark.parametrize("paged", [1, 2, 3])
def test_swapped_theme_dotted_date_lines_are_read_day_first(paged: int) -> None:
    target = f"/?page_id={PUBS_PAGE}&paged={paged}"
    found, problems = read(target, page(target, theme="swapped"))
    expected = {p.title: p.posted_on for p in load_site("base").publications}
    assert found and problems == []
    assert [(p.title, p.posted_on) for p in found] == [(p.title, expected[p.title]) for p in found]


HOSTILE = {
    "empty": "",
    "blank": " \n\t ",
    "script only": "<script>document.write('<h3>Publications</h3>')</script>",
    "truncated": "<h1>Publications</h1><p><a href='/x.pdf'>X</a></p><p>Posted on 2 Febr",
    "no title": "<h1>Publications</h1><p>Our documents.</p><p>Posted on 2 February, 2018</p>",
    "bad link": "<h1>Publications</h1><p><a href='http://[::1'>X</a><br>Posted on 2 May, 2018",
    "deep": "<div>" * 3000 + "<h1>Publications</h1><p><a href='/a.pdf'>A</a><br>Posted on 1 May",
}


@pytest.mark.parametrize("html", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_gives_problems_not_exceptions(html: str) -> None:
    assert read("/", html)[1]


@pytest.mark.parametrize(
    "html",
    [bytes(range(256)).decode("latin-1"), "\x00" * 1000, "<p>" + "&#0;" * 500, "]]>--><!--"],
    ids=["binary", "nul", "entities", "stray markup"],
)
def test_garbage_gives_no_record_and_no_exception(html: str) -> None:
    assert read("/", html)[0] == []


def test_unclosed_tags_are_recovered() -> None:
    found, problems = read("/", "<h3>Publications<p><a href='/x.pdf'>X<p>Posted on 2 May, 2018<div")
    assert [(p.title, p.posted_on) for p in found] == [("X", "2018-05-02")]
    assert problems == []


def test_unreadable_date_stays_none_with_a_problem() -> None:
    html = (
        "<h1>Publications</h1><p><a href='/a.pdf'>A</a></p><p>Posted on 31 February, 2018</p>"
        "<p><a href='/b.pdf'>B</a></p><p>Posted on 02/03/2018</p>"
    )
    found, problems = read("/", html)
    assert [(p.title, p.posted_on, p.posted_on_source) for p in found] == [
        ("A", None, None),
        ("B", None, None),
    ]
    assert problems == [
        "unreadable date: 'Posted on 31 February, 2018'",
        "unreadable date: 'Posted on 02/03/2018'",
    ]


def test_entry_without_date_line_keeps_no_date() -> None:
    html = (
        "<h1>Publications</h1>"
        "<div><h3><a href='/a.pdf'>A</a></h3><p>Posted on 2 February, 2018</p></div>"
        "<div><h3><a href='/b.pdf'>B</a></h3><p>About B.</p></div>"
        "<div><h3><a href='/c.pdf'>C</a></h3><p>Posted on 3 February, 2018</p></div>"
    )
    found, _ = read("/", html)
    assert {p.title: p.posted_on for p in found} == {
        "A": "2018-02-02",
        "B": None,
        "C": "2018-02-03",
    }


def test_the_first_and_last_entries_of_a_block_are_kept_when_their_dates_are_not_read() -> None:
    """Undated entries were kept only between two dated ones: the first and the last entries
    of the block, whose date lines no reader knows, were dropped without a word."""
    html = (
        "<h1>Publications</h1><p>Our documents.</p>"
        "<p><a href='/a.pdf'>A</a></p><p>Published by ISECG in 2013. Date: 20 August, 2013</p>"
        "<p><a href='/b.pdf'>B</a></p><p>Posted on 5 March, 2019</p>"
        "<p><a href='/c.pdf'>C</a></p><p>Last updated: 5 March, 2019</p>"
        "<h2>Partners</h2><p><a href='/nasa-plan.pdf'>A partner's plan</a></p>"
    )
    found, _ = read("/", html)
    assert {p.title: p.posted_on for p in found} == {"A": None, "B": "2019-03-05", "C": None}


LAYOUTS = {
    "table row": "<table><tr><td><a href='/a.pdf'>Report A</a></td><td>About A.</td>"
    "<td>Posted on 2 February, 2018</td></tr></table>",
    "inline date": "<ul><li><a href='/a.pdf'>Report A</a> \u2013 "
    "Posted on 2 February, 2018</li></ul>",
    "date in parentheses": "<p><a href='/a.pdf'>Report A</a> (Published: February 2, 2018)</p>",
    "bold title, download link": "<p><strong>Report A</strong></p><p>About A.</p>"
    "<p><a href='/a.pdf'>Download (PDF, 2 MB)</a></p><p>Posted on 2 February, 2018</p>",
    "definition list": "<dl><dt><a href='/a.pdf'>Report A</a></dt><dd>About A.</dd>"
    "<dd>Published on 2 February 2018</dd></dl>",
}


@pytest.mark.parametrize("body", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_other_layouts(body: str) -> None:
    found, problems = read("/", f"<h1>Publications</h1><p>Our documents.</p>{body}<p>Footer</p>")
    assert problems == []
    assert [(p.title, p.posted_on, p.document_url) for p in found] == [
        ("Report A", "2018-02-02", BASE + "/a.pdf")
    ]
    assert found[0].description in ("", "About A.")


def test_date_line_above_its_title_in_an_entry_element() -> None:
    html = (
        "<h1>Publications</h1>"
        "<div><p>Posted on 2 February, 2018</p><h3><a href='/a.pdf'>A</a></h3><p>About A.</p></div>"
        "<div><p>Posted on 3 March, 2019</p><h3><a href='/b.pdf'>B</a></h3><p>About B.</p></div>"
    )
    found, _ = read("/", html)
    assert [(p.title, p.posted_on, p.description) for p in found] == [
        ("A", "2018-02-02", "About A."),
        ("B", "2019-03-03", "About B."),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Posted on 2 February, 2018", ("2018-02-02", True)),
        ("Posted on 20 December, 2013", ("2013-12-20", True)),
        ("Posted on February 2, 2018", ("2018-02-02", True)),
        ("Published: 3rd March 2019", ("2019-03-03", True)),
        ("Published 12 Sept. 2016", ("2016-09-12", True)),
        ("Posted on 2 February, 2018 by admin", ("2018-02-02", True)),
        # "by" in the members' languages (review 123: no day read before)
        ("Publié le 15 mars 2024 par admin", ("2024-03-15", True)),
        ("Rapport annuel | Publicado el 3 de abril de 2024 por admin", ("2024-04-03", True)),
        # ... after a posting label only: a meeting's or a talk's day (review 124)
        ("Date : 12 février 2024 par visioconférence", (None, False)),
        ("12 mars 2024 par visioconférence", (None, False)),
        ("5 March 2024 Da Nang, Viet Nam", (None, False)),
        ("2 February 2018", ("2018-02-02", False)),
        ("2018-02-02", ("2018-02-02", False)),
        ("Posted on 31 February, 2018", (None, True)),
        ("Posted on 02.02.2018", ("2018-02-02", True)),
        ("Posted on 15.03.2024", ("2024-03-15", True)),
        ("Published: 2018-02-02", ("2018-02-02", True)),
        ("Posted on 02/03/2018", (None, True)),
        ("Yokohama, Japan, 10-12 March, 2009.", (None, False)),
        ("March 18 \u2013 19, 2019", (None, False)),
        ("Copyright ©2018 ESA. All rights reserved.", (None, False)),
        ("Published by ISECG for its member agencies", (None, False)),
        ("Published on behalf of the 14 ISECG agencies", (None, False)),  # a sentence
        ("Posted on February 31, 2018", (None, True)),
        # the posting date, then another fact after a separator
        ("Posted on 2 February, 2018 | Updated on 5 March, 2019", ("2018-02-02", True)),
        ("Published: 2 February 2018 \u00b7 Reports", ("2018-02-02", True)),
        ("Posted on 12 - 14 March 2019", (None, True)),  # a range: no guess
        ("Updated on 5 March, 2019 | Posted on 2 February, 2018", ("2018-02-02", True)),
        ("Posted on 31 January, 2018 | March 5, 2021 by admin", ("2018-01-31", True)),
        ("2 February 2018 | Workshops", (None, False)),  # a bare date opening a line is no label
        # "Posted:" among other facts gives the day, as a bare date (a line "Posted: <date>"
        # alone always was one: review 79)
        ("Posted: 14 May 2021", ("2021-05-14", False)),
        (
            "Posted: August 20, 2013 \u00b7 Edited: March 02, 2016 \u00b7 Category: Roadmaps",
            ("2013-08-20", False),
        ),
        ("Posted: 11/05/2012 \u00b7 Category: Technical", (None, False)),  # either order
        ("Posted: 3 comments", (None, False)),
        ("Posted in Reports", (None, False)),
        # a day, a dash, another day: a range, no day
        ("Posted on 3 June 2024 - 7 June 2024", (None, True)),
        ("Posted: 3 June 2024 \u2013 7 June 2024", (None, False)),
        # the day of publication by name, in the members' languages (probe 24), where a
        # slashed day is day first, as after "Publié le"
        ("Data di pubblicazione: 22/02/2024", ("2024-02-22", True)),
        ("Fecha de publicaci\u00f3n: 12 de marzo de 2024", ("2024-03-12", True)),
        ("Data de publica\u00e7\u00e3o: 12/03/2024", ("2024-03-12", True)),
        ("Date de mise en ligne : 12 mars 2024", ("2024-03-12", True)),
        ("Date de publication : 3 avril 2024", ("2024-04-03", True)),
        # not a book's release ("Erscheinungsdatum": its print edition's, or one to come)
        ("Erscheinungsdatum: 12.03.2024", (None, False)),
        ("Ver\u00f6ffentlichungsdatum: 12. M\u00e4rz 2024", ("2024-03-12", True)),
        ("Publicatiedatum: 12 maart 2024", ("2024-03-12", True)),
        # the members' languages' abbreviated months after a day (probe 25's "07 Mag 2024")
        ("07 Mag 2024", ("2024-05-07", False)),
        ("12 janv. 2024", ("2024-01-12", False)),
        ("5. Dez. 2023", ("2023-12-05", False)),
        ("3 mrt 2024", ("2024-03-03", False)),
        ("Publicado em 4 out 2023", ("2023-10-04", True)),
        ("3 set 2023 results", (None, False)),  # words, not a date: the line is no date
        ("3 \u2013 7 mag 2024", (None, False)),  # a range
    ],
)
def test_parse_date(line: str, expected: tuple[str | None, bool]) -> None:
    assert parse_date(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a publication's own facts beside one spelled date (probe 24's cards, review 110)
        ("Policy brief \u00b7 12 March 2024 \u00b7 8 min read", "2024-03-12"),
        ("12 March 2024 | Report | PDF, 2 MB", "2024-03-12"),
        ("Rapport \u00b7 12 mars 2024 \u00b7 42 pages", "2024-03-12"),
        ("Report \u2022 2024-03-12 \u2022 English, French", "2024-03-12"),
        # a book's own numbers (the OECD's "19 Dec 2023 | 148 pages | ISBN ...": probe 25)
        ("19 Dec 2023 | 148 pages | ISBN 978-92-64-75476-8", "2023-12-19"),
        ("14 Mar 2024 | DOI: 10.1787/fa5494aa-en", "2024-03-14"),
        ("12 March 2024 | ISSN 2306-0956", "2024-03-12"),
        ("12 March 2024 | ISBN pending", None),  # no number: a status
        # any other fact, and it may be another day (an event's, a reference, a body's)
        ("Mar 12, 2024 \u2022 Science Board", None),
        ("Webinar \u00b7 16 April 2024", None),
        ("Q1 2024 \u00b7 31 March 2024", None),
        ("Report \u00b7 12 March 2024 \u00b7 3 April 2024", None),  # which?
        ("Report \u00b7 17/06/2025", None),  # order unknown
        ("12 March 2024", None),  # a bare date line: parse_date's
    ],
)
def test_facts_day(line: str, expected: str | None) -> None:
    assert facts_day(line) == expected


def test_fact_lines_date_their_entries_where_the_page_has_two() -> None:
    """A card's "Kind \u00b7 date \u00b7 N min read" under its title dates it; one such line
    alone on a page may be the page's own byline (review 110's page 1), and dates nothing."""
    cards = [("Who Governs LEO", "12 March 2024"), ("Launcher Gap", "28 February 2024")]
    body = "".join(
        f"<div><h3><a href='{pdf(t)}'>{t}</a></h3><p>Report \u00b7 {d} \u00b7 8 min read</p></div>"
        for t, d in cards
    )
    found, _ = read("/research/", f"<h1>Publications</h1>{body}")
    assert [(p.title, p.posted_on) for p in found] == [
        ("Who Governs LEO", "2024-03-12"),
        ("Launcher Gap", "2024-02-28"),
    ]
    found, _ = read("/research/", f"<h1>Publications</h1>{body.split('</div>')[0]}</div>")
    assert not [p for p in found if p.posted_on]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "2024-03-12 \u2014 Lunar Study \u2014 Final Report",
            ("Lunar Study \u2014 Final Report", "2024-03-12"),
        ),
        ("12 March 2024 | Annual Report", ("Annual Report", "2024-03-12")),
        ("Published 1 February 2024 \u2013 Annual Report", None),  # a label: parse_date's
        ("1 February 2024 \u2013 Download", None),
        ("3 June 2024 \u2013 7 June 2024", None),  # a range
        ("12/03/2024 \u2014 Annual Report", None),  # order unknown
        ("Annual Report \u2014 12 March 2024", None),  # the title first: parse_inline's
    ],
)
def test_parse_date_first(line: str, expected: tuple[str, str] | None) -> None:
    assert parse_date_first(line) == expected


def test_a_list_of_dates_leading_their_linked_titles_reads_each_day() -> None:
    """Hugo's and Jekyll's "2024-03-12 \u2014 <a>Title</a>" lists under a heading of no
    publications word were lost (probe 24's page 16); a line whose title is not its link's
    text is no entry."""
    rows = [("2024-03-12", "Lunar Study"), ("2023-12-01", "Cislunar Comms")]
    items = "".join(f"<li><span>{d}</span> \u2014 <a href='{pdf(t)}'>{t}</a></li>" for d, t in rows)
    items += f"<li>2023-06-02 \u2014 <a href='{pdf('p')}'>Plan</a> (PDF, 2 MB)</li>"  # a note
    items += f"<li>2023-05-19 \u2014 Survey, see <a href='{pdf('s')}'>the file</a></li>"
    found, _ = read("/reports/", f"<h1>Technical Reports</h1><ul>{items}</ul>")
    assert [(p.title, p.posted_on) for p in found] == [
        ("Lunar Study", "2024-03-12"),
        ("Cislunar Comms", "2023-12-01"),
        ("Plan", "2023-06-02"),
    ]
    # under a heading of events, such lines list agendas, not publications (review 110)
    heading = "<h1>Technical Reports</h1><h2>Upcoming events</h2>"
    assert read("/reports/", f"{heading}<ul>{items}</ul>")[0] == []
    # nor under "Documents", which heads agendas and minutes as often
    assert read("/documents/", f"<h1>Documents</h1><ul>{items}</ul>")[0] == []
    # nor in a sidebar's list, beside the page's own
    aside = f"<aside><h2>Publications</h2><ul>{items}</ul></aside>"
    assert read("/about/", f"<main><h1>About us</h1><p>Who we are.</p></main>{aside}")[0] == []


@pytest.mark.parametrize(
    ("title", "description", "document", "kind"),
    [
        ("ISECG Annual Report 2020", "", None, "annual report"),
        ("Map Supplement \u2013 August 2020", "of the 2018 roadmap", None, "supplement"),
        ("In-Situ Resource Utilization Gap Assessment Report", "", None, "gap assessment"),
        ("ISECG Terms of Reference", "", None, "terms of reference"),
        ("Scientific opportunities (summary)", "", "/u/ISECG-SWP-summary.pdf", "white paper"),
        (
            "Broad public engagement",
            "",
            "/u/Broad-public-engagement-white-paper.pdf",
            "white paper",
        ),
        ("ISECG Global Exploration Roadmap (3rd edition)", "", None, "roadmap"),
        ("The Global Exploration Strategy: The Framework", "", None, "strategy"),
        ("Benefits Stemming from Space Exploration", "", "/u/Benefits-2013.pdf", "report"),
    ],
)
def test_kind_rules(title: str, description: str, document: str | None, kind: str) -> None:
    assert kind_of(title, description, document) == kind


@pytest.mark.parametrize(
    ("title", "document", "year"),
    [
        ("ISECG Annual Report 2014", "/u/2015/04/ISECG-Annual-Report-2014.pdf", 2014),
        ("The Global Exploration Roadmap", "/u/2013/06/GER_2011.pdf", 2011),
        (
            "ISECG Global Exploration Roadmap (3rd edition)",
            "/isecg/GER_2018_small_mobile.pdf",
            2018,
        ),
        ("The Global Exploration Strategy", "/u/2013/06/The_Global_Exploration_Strategy.pdf", None),
        ("White paper (summary)", "/u/2017/01/cover20161201.jpg", None),
    ],
)
def test_year_rules(title: str, document: str, year: int | None) -> None:
    assert year_of(title, document) == year


def pdf(name: str) -> str:
    return f"/wp-content/uploads/{name}.pdf"


def test_dates_above_their_titles_are_their_own() -> None:
    """Date lines opening each entry were read backwards: each title took the date of the
    entry above it, and the last entry was dropped."""
    entries = [("A", "2 February, 2018"), ("B", "3 March, 2019"), ("C", "4 April, 2020")]
    body = "".join(
        f"<p>Posted on {day}</p><h3><a href='{pdf(t)}'>{t}</a></h3><p>About {t}.</p>"
        for t, day in entries
    )
    html = f"<h1>Publications</h1><div>{body}</div><footer><p>Copyright 2021</p></footer>"
    found, problems = read("/", html)
    assert problems == []
    assert [(p.title, p.posted_on, p.description) for p in found] == [
        ("A", "2018-02-02", "About A."),
        ("B", "2019-03-03", "About B."),
        ("C", "2020-04-04", "About C."),
    ]


def test_an_undated_entry_below_a_dated_one_in_one_element_is_kept() -> None:
    """The element around the date line held both entries: B, undated, was taken for part
    of A and lost without a word."""
    body = (
        f"<p><a href='{pdf('A')}'>A</a></p><p>Posted on 31 January, 2018</p>"
        f"<p><a href='{pdf('B')}'>B</a></p><p>About B.</p>"
    )
    html = f"<h1>Publications</h1><div>{body}</div><footer><p>Copyright 2021</p></footer>"
    found, problems = read("/", html)
    assert problems == []
    assert [(p.title, p.posted_on, p.document_url, p.description) for p in found] == [
        ("A", "2018-01-31", BASE + pdf("A"), ""),
        ("B", None, BASE + pdf("B"), "About B."),
    ]


def test_a_pages_own_date_gives_no_entry_its_date() -> None:
    """One labelled line under the heading (the page's) says nothing of which way the entries
    run: it is not the first entry's date."""
    rows = "".join(
        f"<tr><td><a href='{pdf(t)}'>{t}</a></td><td>2 February 2018</td></tr>" for t in "AB"
    )
    html = f"<h1>Publications</h1><p>Posted on March 12, 2016</p><table>{rows}</table>"
    found, _ = read("/", html)
    assert all(p.posted_on != "2016-03-12" for p in found)


def two_entries(entry: str) -> tuple[list[Publication], list[str]]:
    """A publications page of entries A and B, from a template of (file, title, day)."""
    days = [("A", "31 January, 2018"), ("B", "2 May, 2019")]
    return read("/", "<h1>Publications</h1>" + "".join(entry.format(pdf(t), t, d) for t, d in days))


def test_an_events_date_line_gives_way_to_the_posted_on_line() -> None:
    entry = (
        "<div><h3><a href='{0}'>{1}</a></h3><p>Workshop held in Tokyo.</p>"
        "<p>Date: 5 March 2017</p><p>Posted on {2}</p></div>"
    )
    found, problems = two_entries(entry)
    assert problems == []
    assert [(p.title, p.posted_on) for p in found] == [("A", "2018-01-31"), ("B", "2019-05-02")]


# Layouts where every entry was lost: Gutenberg's File block puts the title and its Download
# button side by side (one line, "ADownload", was no title); an "Executive Summary" link above
# "Download the full report" was taken for the title, and the full report for the next entry's.
FILE_BLOCK = (
    "<div class='wp-block-file'><a href='{0}'>{1}</a>"
    "<a href='{0}' class='wp-block-file__button' download>Download</a></div>{2}"
)
TWO_FILE_LINKS = {
    "gutenberg file block": FILE_BLOCK.replace("{2}", "<p>Posted on {2}</p>"),
    "executive summary": "<h3>{1}</h3><p>About {1}.</p><p><a href='{0}-summary.pdf'>Executive"
    " Summary</a></p><p><a href='{0}'>Download the full report</a></p><p>Posted on {2}</p>",
}


@pytest.mark.parametrize("entry", TWO_FILE_LINKS.values(), ids=TWO_FILE_LINKS.keys())
def test_entries_with_a_second_link_to_a_file(entry: str) -> None:
    found, problems = two_entries(entry)
    assert problems == []
    assert [(p.title, p.posted_on, p.document_url) for p in found] == [
        ("A", "2018-01-31", BASE + pdf("A")),
        ("B", "2019-05-02", BASE + pdf("B")),
    ]


def test_titles_beginning_with_next_or_open_and_year_headings() -> None:
    html = (
        f"<h1>Publications</h1><h3><a href='{pdf('n')}'>Next Steps in Lunar Exploration</a></h3>"
        "<p>Posted on 3 May, 2019</p>"
        f"<div><h3>2016</h3><p><a href='{pdf('o')}'>Open Architecture</a></p>"
        "<p>Posted on 2 February, 2016</p></div>"
    )
    found, problems = read("/", html)
    assert problems == []
    assert [(p.title, p.posted_on) for p in found] == [
        ("Next Steps in Lunar Exploration", "2019-05-03"),
        ("Open Architecture", "2016-02-02"),
    ]


@pytest.mark.parametrize("download_first", [True, False])
def test_the_entrys_own_file_before_a_file_its_description_names(download_first: bool) -> None:
    """The first file linked in an entry was its document: here the older edition its
    description names. A "Download" link below the date line was not read at all."""
    date = "<p>Posted on 31 January, 2018</p>"
    download = f"<p><a href='{pdf('GER_2018')}'>Download PDF</a></p>"
    html = (
        "<h1>Publications</h1><h3><a href='/?p=500'>Global Exploration Roadmap</a></h3>"
        f"<p>This edition updates the <a href='{pdf('GER_2011')}'>2011 roadmap</a>.</p>"
        + (download + date if download_first else date + download)
    )
    found, _ = read("/", html)
    assert [p.document_url for p in found] == [BASE + pdf("GER_2018")]


def test_news_below_the_publications_are_no_publications() -> None:
    html = (
        f"<h1>Publications</h1><h3><a href='{pdf('A')}'>A</a></h3><p>Posted on 2 May, 2019</p>"
        "<h2>Related news</h2><h3><a href='/?p=900'>ISECG meets in Tokyo</a></h3>"
        "<p>Posted on March 5, 2021</p>"
    )
    found, _ = read("/", html)
    assert [p.title for p in found] == ["A"]


def test_wordpress_starter_themes_published_and_updated_times() -> None:
    """The _s theme prints the published and the updated <time> side by side: the line read
    "Posted on 31 January, 2018March 5, 2021 by admin", no date, for every entry."""
    meta = (
        "<div class='entry-meta'><span class='posted-on'>Posted on <a href='/?p=1'>"
        "<time class='entry-date published'>{0}</time><time class='updated'>March 5, 2021</time>"
        "</a></span><span class='byline'> by <a href='/?author=1'>admin</a></span></div>"
    )
    html = "<h1>Publications</h1>" + "".join(
        f"<article><h2><a href='{pdf(t)}'>{t}</a></h2>{meta.format(day)}</article>"
        for t, day in [("A", "31 January, 2018"), ("B", "18 September, 2017")]
    )
    found, problems = read("/", html)
    assert problems == []
    assert [(p.title, p.posted_on) for p in found] == [("A", "2018-01-31"), ("B", "2017-09-18")]


def test_a_sidebars_publications_heading_hides_no_list_of_the_page() -> None:
    """The sidebar's "Latest Publications" heading was the block's: every date line above it,
    the page's own list under "Reports", was dropped without a word."""
    own = "".join(
        f"<h3><a href='{pdf(t)}'>{t}</a></h3><p>Posted on {day}</p>"
        for t, day in [("A", "31 January, 2018"), ("B", "2 May, 2019")]
    )
    side = f"<li><a href='{pdf('B')}'>B</a><br>Posted on 2 May, 2019</li>"
    aside = f"<aside><h2>Latest Publications</h2><ul>{side}</ul></aside>"
    html = f"<main><h1>Reports</h1>{own}</main>{aside}"
    found, _ = read("/", html)
    assert {(p.title, p.posted_on) for p in found} == {("A", "2018-01-31"), ("B", "2019-05-02")}


def test_a_top_story_above_the_publications_gives_no_publication_its_date() -> None:
    ger = pdf("GER_2024")
    story = f"<h2><a href='{ger}'>GER 2024 released</a></h2><p>Posted on 3 September, 2024</p>"
    block = (
        f"<h2>Publications</h2><p><a href='{ger}'>GER 2024</a></p><p>Posted on 27 August, 2024</p>"
    )
    found, _ = read("/", f"<main>{story}{block}</main>")
    assert [(p.title, p.posted_on) for p in found] == [("GER 2024", "2024-08-27")]


def test_a_sidebars_recent_posts_are_no_publications() -> None:
    """Without a heading of their own, a sidebar's dated posts sat in the publications block
    and were stored as publications without a document."""
    own = f"<h3><a href='{pdf('A')}'>A</a></h3><p>Posted on 31 January, 2018</p>"
    recent = (
        "<li><a href='/?p=900'>ISECG meets in Tokyo</a> <span>Posted on March 5, 2021</span></li>"
    )
    html = f"<main><h1>Publications</h1>{own}</main><aside><ul>{recent}</ul></aside>"
    found, _ = read("/", html)
    assert [p.title for p in found] == ["A"]


def test_files_in_the_footer_are_no_publications() -> None:
    entries = "".join(
        f"<h3><a href='{pdf(t)}'>{t}</a></h3><p>Posted on {d} February, 2018</p>"
        for t, d in [("A", "1"), ("B", "2")]
    )
    footer = f"<footer><p><a href='{pdf('privacy-notice')}'>Privacy notice</a></p></footer>"
    found, _ = read("/", f"<main><h2>Publications</h2>{entries}</main>{footer}")
    assert [p.title for p in found] == ["A", "B"]


def test_titles_first_with_long_descriptions_are_not_read_as_dates_first() -> None:
    """With more than six lines between each title and its date, the first date line had no
    title close above it, and the page was read as dates-first: every date moved one entry."""
    about = "".join(f"<p>Line {n} of the summary.</p>" for n in range(7))
    entries = "".join(
        f"<h3><a href='{pdf(str(n))}'>Title {n}</a></h3>{about}<p>Posted on {n} February, 2018</p>"
        for n in (1, 2, 3)
    )
    found, _ = read("/", f"<h1>Publications</h1>{entries}<p><a href='/contact/'>Contact us</a></p>")
    assert all(p.posted_on in (None, f"2018-02-0{p.title[-1]}") for p in found)
    assert "Contact us" not in {p.title for p in found}


def test_an_entry_titled_with_a_news_word_is_no_news_heading() -> None:
    story = (
        "<h3>Stories from the ISS: a report</h3><p>Posted on 3 February, 2018</p>"
        "<p><a href='/wp-content/uploads/s.pdf'>Download</a></p>"
    )
    first = f"<h3><a href='{pdf('A')}'>A</a></h3><p>Posted on 2 February, 2018</p>"
    found, _ = read("/", f"<h2>Publications</h2>{first}{story}")
    assert [p.title for p in found] == ["A", "Stories from the ISS: a report"]


def test_an_entrys_executive_summary_after_its_date_is_no_entry() -> None:
    html = (
        f"<h2>Publications</h2><ul><li><a href='{pdf('A')}'>A</a><br>Posted on 2 February, 2018"
        f"<br><a href='{pdf('A-summary')}'>Executive summary</a></li></ul>"
    )
    found, _ = read("/", html)
    assert [(p.title, p.document_url) for p in found] == [("A", BASE + pdf("A"))]


@pytest.mark.parametrize(
    "heading", ["Reports", "Resources", "ISECG Reports", "Publications & Reports"]
)
def test_titles_linking_posts_under_a_reports_heading(heading: str) -> None:
    """Titles linking their posts, each with a Download link: under "Reports" or "Resources"
    rather than "Publications", every entry was dropped without a word."""
    entry = (
        "<h3><a href='/?p={n}'>{t}</a></h3><p>Short summary.</p><p>Posted on {d}</p>"
        "<p><a href='{f}'>Download PDF</a></p>"
    )
    days = [("A", "31 January, 2018"), ("B", "2 May, 2019")]
    body = "".join(entry.format(n=n, t=t, d=d, f=pdf(t)) for n, (t, d) in enumerate(days))
    found, problems = read("/?page_id=257", f"<h1>{heading}</h1><div>{body}</div>")
    assert problems == []
    assert [(p.title, p.posted_on, p.document_url) for p in found] == [
        ("A", "2018-01-31", BASE + pdf("A")),
        ("B", "2019-05-02", BASE + pdf("B")),
    ]


def test_download_monitor_links_are_the_entries_files() -> None:
    """Download Monitor's `?download=N` and `/download/<slug>/` links were no files: every
    entry lost its document, an undated one was lost, and "(PDF, 2 MB)" stayed in titles."""
    rows = [
        (
            "/?download=100",
            "Roadmap (PDF, 2 MB)",
            " &#8212; <span>Posted on 31 January, 2018</span>",
        ),
        ("/?download=101", "White Paper [pdf]", ""),
        ("/download/benefits/", "Benefits (1.5 MB)", " &#8212; <span>Posted on 2 May, 2019</span>"),
    ]
    items = "".join(f"<li><a class='download-link' href='{h}'>{t}</a>{d}</li>" for h, t, d in rows)
    found, _ = read("/?page_id=257", f"<h1>Publications</h1><ul>{items}</ul><footer>x</footer>")
    assert sorted((p.title, p.posted_on, p.document_url) for p in found) == [
        ("Benefits", "2019-05-02", BASE + "/download/benefits"),  # canonical: no slash
        ("Roadmap", "2018-01-31", BASE + "/?download=100"),
        ("White Paper", None, BASE + "/?download=101"),
    ]


@pytest.mark.parametrize("note", [" [PDF: 4.2MB]", " (PDF: 4.2 MB)", "\uff08PDF\uff1a1.8MB\uff09"])
def test_a_file_note_with_a_colon_after_the_link_leaves_the_line_a_title(note: str) -> None:
    """JAXA's lists print "<a>Title</a> [PDF: 4.2MB]" (Japanese pages "（PDF：1.8MB）"): with
    the note taken for part of the line, the line was no title, and the entries were lost
    (probe 24's page 29) or kept with the note (its page 3)."""
    items = "".join(
        f"<li><p>{d}</p><p><a href='{pdf(t)}'>{t}</a>{note}</p></li>"
        for t, d in (("Annual Report 2023", "Mar. 12, 2024"), ("Press Kit", "Sept. 5, 2023"))
    )
    found, _ = read("/", f"<h1>Publications</h1><ul>{items}</ul>")
    assert [(p.title, p.posted_on) for p in found] == [
        ("Annual Report 2023", "2024-03-12"),
        ("Press Kit", "2023-09-05"),
    ]


@pytest.mark.parametrize(
    "title", ["Space Resources (ISRU) Gap Assessment", "Annual Report (2019)", "(PDF, 2 MB)"]
)
def test_a_title_keeps_what_is_no_file_note(title: str) -> None:
    html = (
        f"<h2>Publications</h2><p><a href='{pdf('x')}'>{title}</a></p><p>Posted on 2 May, 2019</p>"
    )
    found, _ = read("/", html)
    assert [p.title for p in found] == [title]


def test_the_pages_own_posted_on_line_leaves_a_tables_dates_to_its_rows() -> None:
    """The theme's "Posted on" under the page title made the page's dates labelled, so the
    table's Date column was never read, and every row was lost."""
    rows = "".join(
        f"<tr><td><a href='{pdf(t)}'>{t}</a></td><td>{d}</td></tr>"
        for t, d in [("A", "31 January, 2018"), ("B", "2 May, 2019")]
    )
    html = f"<h1>Publications</h1><p>Posted on March 12, 2016</p><table>{rows}</table>"
    found, problems = read("/", html)
    assert problems == []
    assert [(p.title, p.posted_on) for p in found] == [("A", "2018-01-31"), ("B", "2019-05-02")]


@pytest.mark.parametrize(
    "line", ["Publié le 2 mai 2019", "Veröffentlicht am 2. Mai 2019", "Pubblicato il 02/05/2019"]
)
def test_a_posting_line_of_a_members_language_dates_its_entry(line: str) -> None:
    """French, German and Italian print the day first, after their own posting label."""
    body = "".join(FILE_BLOCK.format(pdf(t), t, f"<p>{line}</p>") for t in "AB")
    found, problems = read(
        "/", f"<article><h1>Publications</h1><div><div>{body}</div></div></article>"
    )
    assert [(p.title, p.posted_on) for p in found] == [("A", "2019-05-02"), ("B", "2019-05-02")]
    assert problems == []


@pytest.mark.parametrize("line", ["", "January 2018", "Publicerad 2 maj 2019"])
def test_a_list_with_no_date_read_is_kept_undated(line: str) -> None:
    """No date at all, dates by month only or in another language: every entry was lost,
    with only a problem to say so. A file in the page's footer is still no entry."""
    body = "".join(FILE_BLOCK.format(pdf(t), t, f"<p>{line}</p>" if line else "") for t in "ABC")
    privacy = f"<div><div><div><p><a href='{pdf('privacy')}'>Privacy</a></p></div></div></div>"
    html = f"<article><h1>Publications</h1><div><div>{body}</div></div></article>"
    html += f"<footer>{privacy}</footer>"
    found, problems = read("/", html)
    assert [(p.title, p.posted_on, p.document_url) for p in found] == [
        (t, None, BASE + pdf(t)) for t in "ABC"
    ]
    assert {p.description for p in found} == {line}
    assert problems == ["a publications heading but no dated entries (3 kept undated)"]


def test_an_entry_dated_only_by_a_date_label_is_undated_with_a_problem() -> None:
    """Beside "Posted on" lines a "Date:" line is text: the entry it alone dated was stored
    undated without a word."""
    html = (
        f"<h2>Publications</h2><ul><li><a href='{pdf('A')}'>A</a><p>Posted on 2 May, 2019</p></li>"
        f"<li><a href='{pdf('B')}'>B</a><p>Date: 5 March 2017</p></li></ul>"
    )
    found, problems = read("/", html)
    assert [(p.title, p.posted_on) for p in found] == [("A", "2019-05-02"), ("B", None)]
    assert problems == ["undated: its only date is a 'Date:' line, not read: 'Date: 5 March 2017'"]


@pytest.mark.parametrize("first", ["", "<td>Report</td>", "<td>1.</td>"])
def test_a_table_of_plain_titles_dates_and_download_links(first: str) -> None:
    """The title cell links nothing, the last cell says "Download": every row was lost. A
    type or a number column before it is not the title (review: "Report", "1.")."""
    rows = "".join(
        f"<tr>{first}<td>Annual Report {t}</td><td>{d}</td>"
        f"<td><a href='{pdf(t)}'>Download</a></td></tr>"
        for t, d in [("A", "31 January, 2018"), ("B", "2 May, 2019")]
    )
    head = "<tr><th>Title</th><th>Date</th><th>Download</th></tr>"
    found, problems = read("/", f"<h1>Publications</h1><table>{head}{rows}</table>")
    assert problems == []
    assert [(p.title, p.posted_on, p.document_url) for p in found] == [
        ("Annual Report A", "2018-01-31", BASE + pdf("A")),
        ("Annual Report B", "2019-05-02", BASE + pdf("B")),
    ]


@pytest.mark.parametrize(
    ("day", "header", "title", "kept"),
    [
        ("Date", "Title", "Annual Report {}", True),
        ("Publication date", "Titre", "Rapport annuel {}", True),
        ("Date", "Type", "Annual Report {}", False),  # no title's column
        ("Date", "Name", "Maria Garcia {}", False),  # an author's, an operator's (review 117)
        ("Deadline", "Title", "Annual Report {}", False),  # a call's day, not a posting's
        ("Date", "Title", "Annual Report {} <a href='/errata/{}/'>errata</a>", False),  # a link
        ("Date", "Title", "Summary", False),  # one word: a misaligned type column's
    ],
)
def test_a_table_whose_date_comes_first_takes_its_plain_title_from_the_title_column(
    day: str, header: str, title: str, kept: bool
) -> None:
    """TablePress's "Date | Title | Type | File": with no plain cell before the date, each
    row's date line stood without a title and every row was lost (probe 25)."""
    rows = "".join(
        f"<tr><td>{d}</td><td>{title.format(t, t)}</td><td>Summary</td>"
        f"<td><a href='{pdf(t)}'>Download</a></td></tr>"
        for t, d in [("A", "31 January, 2018"), ("B", "2 May, 2019")]
    )
    head = f"<tr><th>{day}</th><th>{header}</th><th>Type</th><th>File</th></tr>"
    found, _ = read("/", f"<h1>Publications</h1><table>{head}{rows}</table>")
    days = [("A", "2018-01-31"), ("B", "2019-05-02")]
    expected = [(title.format(t, t), d, BASE + pdf(t)) for t, d in days] if kept else []
    assert [(p.title, p.posted_on, p.document_url) for p in found] == expected


def cover(name: str) -> str:
    return f"<figure><a href='{pdf(name)}'><img src='/c.jpg' alt='{name} cover'></a></figure>"


def test_a_cover_image_linking_the_file_is_the_entrys_document() -> None:
    """Only the cover image above the title linked the PDF: every entry had no document."""
    columns = "".join(
        f"<div class='wp-block-column'>{cover(t)}<h4>{t}</h4><p>Posted on {d}</p></div>"
        for t, d in [("A", "31 January, 2018"), ("B", "2 May, 2019")]
    )
    found, _ = read("/", f"<h1>Publications</h1><div class='wp-block-columns'>{columns}</div>")
    assert [(p.title, p.document_url) for p in found] == [
        ("A", BASE + pdf("A")),
        ("B", BASE + pdf("B")),
    ]


def test_a_cover_below_an_entry_is_no_file_of_the_next() -> None:
    """The next entry's own links come first: its Download line, not the cover above it."""
    entries = "".join(
        f"<h3><a href='/?p={n}'>{t}</a></h3><p>Posted on 2 May, 2019</p>"
        f"<p><a href='{pdf(t)}'>Download</a></p>{cover(t + '-cover')}"
        for n, t in enumerate("AB")
    )
    found, _ = read("/", f"<h1>Publications</h1>{entries}")
    assert [(p.title, p.document_url) for p in found] == [
        ("A", BASE + pdf("A")),
        ("B", BASE + pdf("B")),
    ]


@pytest.mark.parametrize(
    ("texts", "order"),
    [
        (["22/05/2024", "05/03/2024"], "dmy/"),
        (["05/22/2024", "05/03/2024"], "mdy/"),
        (["22/05/2024", "05/22/2024"], None),  # both printed: nobody can tell
        (["05/03/2024", "07/07/2024"], None),  # none tells
        (["24/7 support", "No. 12/2021", "1/13/2023-Estt"], None),  # no day
        (["22-05-2024", "05-03-2024"], "dmy-"),  # with hyphens, as with slashes
        (["22-05-2024", "22/05/2024"], "dmy/dmy-"),
        (["17-10-2023", "04/05/2024"], "dmy-"),  # tells nothing of the slashed day
        (["24-04-2024-001", "ISRO-TR-13-05-2024"], None),  # references, no days
    ],
)
def test_a_pages_slashed_days_tell_their_order_only_one_way(
    texts: list[str], order: str | None
) -> None:
    assert slashed_order(texts) == order


def test_an_ambiguous_slashed_day_is_written_year_first_in_the_pages_order() -> None:
    assert in_page_order("Published 05/03/2024 · Updated 12/04/2024", "dmy/") == (
        "Published 2024-03-05 · Updated 2024-04-12"
    )
    assert in_page_order("Posted on 05/03/2024", "mdy/") == "Posted on 2024-05-03"
    assert in_page_order("05-03-2024 \u00b7 5-3/2024", "dmy-") == "2024-03-05 \u00b7 5-3/2024"
    assert in_page_order("05-03-2024 \u00b7 05/03/2024", "dmy/") == "05-03-2024 \u00b7 2024-03-05"


BOX = """<html><body><main><h1>Research</h1>
<div class="card"><h2>{label}</h2>
<h3><a href="/files/state-of-housing-2024.pdf">{title}</a></h3>
<p>{line}</p>{more}</div>
<h2>Research papers</h2><ul>
<li><a href="/files/rent-arrears.pdf">Rent arrears after the pandemic</a></li>
<li><a href="/files/waiting-lists.pdf">Social housing waiting lists</a></li></ul>
</main></body></html>"""
TITLE, POSTED = "State of Housing 2024", "Published 3 October 2024"
FLYER = '<p><a href="/files/launch-flyer.pdf">Launch flyer</a></p>'


@pytest.mark.parametrize(
    ("label", "title", "line", "more", "read"),
    [
        # a box's label over its report's linked heading, dated by a "Published" line
        ("Featured", TITLE, POSTED, "", (TITLE, "2024-10-03")),
        ("Uitgelicht", TITLE, POSTED, "", (TITLE, "2024-10-03")),
        # a bare day in a box may be its launch's, its event's: the label stays the title and
        # the entry goes (helper-169: "Featured" over a report with its launch webinar's day)
        ("Featured", TITLE, "Launch webinar: 14 November 2024", "", None),
        ("Featured", TITLE, "14 November 2024", "", None),
        # a heading of no box's words gives way where the linked heading holds it, if short
        ("State of Housing", TITLE, POSTED, "", (TITLE, "2024-10-03")),
        ("Housing research", TITLE, POSTED, "", None),
        ("State of Housing in England", "State of Housing in England 2024", POSTED, "", None),
        # a box linking a second file (a flyer's, review 105); a button's or a version's text
        ("Featured", TITLE, POSTED, FLYER, None),
        ("Latest report", "Read the report", POSTED, "", None),
        ("Destacado", "Descargar", POSTED, "", None),
    ],
)
def test_a_boxs_label_gives_way_to_its_linked_title_only_under_a_posting_line(
    label: str, title: str, line: str, more: str, read: tuple[str, str] | None
) -> None:
    html = BOX.format(label=label, title=title, line=line, more=more)
    found, _ = publications_from_html(
        "https://www.example.org/research/", html, "https://www.example.org/"
    )
    dated = [(p.title, p.posted_on) for p in found if p.posted_on]
    assert dated == ([read] if read else [])


@pytest.mark.parametrize("other", ["Date Acquired", "Period ending", "Date received"])
def test_a_tables_publication_date_column_is_read_whatever_day_stands_before_it(
    other: str,
) -> None:
    """Probe 25: a "Date Acquired" or "Period ending" column before "Publication Date" gave
    every row its day (8 wrong days on 2 pages); beside a column headed as the posting's,
    no other column's day is read."""
    rows = [("Lunar Study", "3 January 2024", "12 March 2024"), ("Mars Plan", "9 May 2023", "")]
    body = "".join(
        f"<tr><td><a href='{pdf(t)}'>{t}</a></td><td>{a}</td><td>{p}</td></tr>" for t, a, p in rows
    )
    head = f"<tr><th>Title</th><th>{other}</th><th>Publication Date</th></tr>"
    found, _ = read("/reports/", f"<h1>Reports</h1><table>{head}{body}</table>")
    # the row with no publication day takes none; its linked file keeps it, undated, since
    # probe 29 (a TablePress row of an empty "Posted" cell was lost)
    assert [(p.title, p.posted_on) for p in found] == [
        ("Lunar Study", "2024-03-12"),
        ("Mars Plan", None),
    ]


def test_a_publication_date_column_of_slashed_days_still_silences_the_others() -> None:
    """A "Publication date" column of days either order could read ("05/03/2024") is the
    posting's column all the same: the "Date received" beside it is never a row's day."""
    rows = [
        ("Lunar Study", "3 January 2024", "05/03/2024"),
        ("Mars Plan", "9 May 2023", "06/07/2023"),
    ]
    body = "".join(
        f"<tr><td><a href='{pdf(t)}'>{t}</a></td><td>{a}</td><td>{p}</td></tr>" for t, a, p in rows
    )
    head = "<tr><th>Title</th><th>Date received</th><th>Publication date</th></tr>"
    found, _ = read("/reports/", f"<h1>Reports</h1><table>{head}{body}</table>")
    assert not {p.posted_on for p in found} & {"2024-01-03", "2023-05-09"}


def test_a_layout_table_is_not_headed_by_the_data_table_inside_it() -> None:
    """An old layout table (navigation, content, "What's new") holding a data table whose
    header says "Publication Date": that header is the data table's alone, so the content
    column's days are read (review 113's pages 2 and 16 lost every one)."""
    rows = [
        ("Lunar Study", "3 January 2024", "12 March 2024"),
        ("Mars Plan", "9 May 2023", "2 June 2023"),
    ]
    data = "".join(
        f"<tr><td><a href='{pdf(t)}'>{t}</a></td><td>{a}</td><td>{p}</td></tr>" for t, a, p in rows
    )
    inner = (
        "<table><thead><tr><th>Title</th><th>Date acquired</th><th>Publication Date</th></tr>"
        f"</thead><tbody>{data}</tbody></table>"
    )
    layout = (
        f"<table><tr><td><a href='/'>Home</a></td><td><h1>Reports</h1>{inner}</td>"
        "<td>5 April 2024</td></tr></table>"  # "What's new": its day in the third column
    )
    found, _ = read("/reports/", layout)
    assert [(p.title, p.posted_on) for p in found] == [
        ("Lunar Study", "2024-03-12"),
        ("Mars Plan", "2023-06-02"),
    ]


def test_a_description_lists_dates_are_its_titles_terms() -> None:
    """JAXA's lists: <dt> a day, <dd> the linked title. Read both ways (a heading of no
    publications word above), each title was left undated (probe 24's page 3, probe 25's
    page 6); a <dd> describes the <dt> before it, so each title takes the day above it."""
    rows = [("2024-03-29", "Plan"), ("2024-02-14", "Report"), ("2023-12-22", "Survey")]
    items = "".join(f"<dt>{d}</dt><dd><a href='{pdf(t)}'>{t}</a></dd>" for d, t in rows)
    found, _ = read("/about/", f"<h1>Plans and reports</h1><dl>{items}</dl><h2>Links</h2>")
    assert [(p.title, p.posted_on) for p in found] == [
        ("Plan", "2024-03-29"),
        ("Report", "2024-02-14"),
        ("Survey", "2023-12-22"),
    ]


@pytest.mark.parametrize(
    "item",
    [
        "<dt>{d}</dt><dd><a href='{f}'>{t}</a><br>Tsukuba Space Center</dd>",  # a venue
        "<dt>{d}</dt><dd><a href='{f}'>{t}</a></dd><dd>Keynote and panels</dd>",  # a second <dd>
        "<dt>{d}</dt><dd>Proceedings: <a href='{f}'>{t}</a></dd>",  # no title line
        "<dt>Study</dt><dd>{d}</dd><dd><a href='{f}'>{t}</a></dd>",  # the days no terms
        "<dt>{d}</dt><dt><a href='{f}'>{t}</a></dt>",  # no descriptions
    ],
)
def test_a_description_list_of_programmes_is_read_both_ways_still(item: str) -> None:
    """Review 115: a <dt> day over a <dd> of more than its title (a venue, a second
    description, a label) is a symposium's or a meeting's as often: the titles stay undated
    where the list reads both ways, as before."""
    rows = [("2024-03-29", "Plan"), ("2024-02-14", "Report"), ("2023-12-22", "Survey")]
    items = "".join(item.format(d=d, f=pdf(t), t=t) for d, t in rows)
    found, _ = read("/about/", f"<h1>Plans and reports</h1><dl>{items}</dl><h2>Links</h2>")
    assert not [p for p in found if p.posted_on]


def test_a_link_around_a_cards_blocks_is_its_headings() -> None:
    """ESA's, React's and Webflow's cards: "<a href=file><h3>Title</h3><p>date</p></a>".
    The link closed after the card's lines were read and went to none of them, so no title
    linked its file and every entry was lost (probe 25's page 4: 8 entries)."""
    cards = [
        ("Lunar Study", "12 March 2024"),
        ("Mars Plan", "2 June 2023"),
        ("Survey", "9 May 2023"),
    ]
    body = "".join(f"<a class='card' href='{pdf(t)}'><h3>{t}</h3><p>{d}</p></a>" for t, d in cards)
    # a card of two headings gives neither the link: which is the title, nothing says
    two = f"<a href='{pdf('x')}'><h3>Series</h3><h4>Issue 4</h4><p>1 May 2023</p></a>"
    found, _ = read("/research/", f"<h1>Studies</h1><div>{body}{two}</div>")
    read_ = [(p.title, p.posted_on, (p.document_url or "").rsplit("/", 1)[-1]) for p in found]
    assert read_ == [
        ("Lunar Study", "2024-03-12", "Lunar%20Study.pdf"),
        ("Mars Plan", "2023-06-02", "Mars%20Plan.pdf"),
        ("Survey", "2023-05-09", "Survey.pdf"),
    ]


def test_a_posting_column_in_a_members_language_silences_the_others() -> None:
    """ "Date de publication" beside "Dernière modification" (review 116) or "Data di
    scadenza" (review 109): the other column's day was every row's."""
    head = "<tr><th>Titre</th><th>Dernière modification</th><th>Date de publication</th></tr>"
    rows = "".join(
        f"<tr><td><a href='{pdf(t)}'>{t}</a></td><td>{m}</td><td>{p}</td></tr>"
        for t, m, p in [
            ("Guide", "12 janvier 2024", "10 avril 2023"),
            ("Norme", "3 février 2024", "5 juillet 2023"),
        ]
    )
    found, _ = read("/documents/", f"<h1>Publications</h1><table>{head}{rows}</table>")
    assert [(p.title, p.posted_on) for p in found] == [
        ("Guide", "2023-04-10"),
        ("Norme", "2023-07-05"),
    ]


def test_a_footers_day_tells_no_order_of_the_pages_slashed_days() -> None:
    """A footer's "Published 13/05/2024" (the page's own) is no date line of the list: it
    tells no order of the list's "02/01/2024" and "05/03/2024", which read either way."""
    lines = [
        Line("Published 02/01/2024", [], False, False, (1, 0)),
        Line("Published 05/03/2024", [], False, False, (2, 0)),
    ]
    footer = Line("Published 13/05/2024", [], False, False, (3, 9), footer=True)
    assert page_order(lines, set()) is None
    assert page_order([*lines, footer], set()) is None
    assert page_order([*lines, replace(footer, footer=False)], set()) == "dmy/"


@pytest.mark.parametrize("header", ["Deadline", "Quarter ending", "Date received", "Due"])
def test_a_column_of_another_day_dates_no_row_where_none_is_the_postings(header: str) -> None:
    """A call's closing day, a quarter's end, a response's arrival: each row's day, but not
    the day its file was posted (review 118: 3 wrong days a table before)."""
    rows = "".join(
        f"<tr><td>Quarterly Report {t}</td><td>{d}</td>"
        f"<td><a href='{pdf(t)}'>Download</a></td></tr>"
        for t, d in [("A", "31 March 2024"), ("B", "31 December 2023")]
    )
    head = f"<tr><th>Title</th><th>{header}</th><th>Download</th></tr>"
    found, _ = read("/", f"<h1>Publications</h1><table>{head}{rows}</table>")
    assert [p.posted_on for p in found if p.posted_on] == []


@pytest.mark.parametrize(
    ("heading", "read"),
    [
        ("Publicaties", True),  # the later members' languages (probe 27)
        ("Publica\u00e7\u00f5es", False),  # a blog's posts as often (review 120)
        ("Publikacje i raporty", True),
        ("\u041f\u0443\u0431\u043b\u0456\u043a\u0430\u0446\u0456\u0457", True),
        ("\u0627\u0644\u0625\u0635\u062f\u0627\u0631\u0627\u062a", True),
        ("Annual Reports & Publications", True),
        ("Publicaciones y actividades", False),  # events beside them (review 106)
        ("Publikationen und Pressemitteilungen", False),  # press releases (review 111)
        ("Our reports", False),  # a stamp above titles first (review 94)
    ],
)
def test_a_publications_heading_in_the_members_languages(heading: str, read: bool) -> None:
    entries = "".join(
        f"<li><h3>Annual Report {t}</h3><p>{d}</p><p><a href='{pdf(t)}'>Download</a></p></li>"
        for t, d in [("A", "12 March 2024"), ("B", "5 May 2023")]
    )
    found, _ = read_page(heading, entries)
    assert [(p.title, p.posted_on) for p in found] == (
        [("Annual Report A", "2024-03-12"), ("Annual Report B", "2023-05-05")] if read else []
    )


def read_page(heading: str, entries: str) -> tuple[list[Publication], list[str]]:
    return read("/", f"<main><h1>{heading}</h1><ul>{entries}</ul></main>")


@pytest.mark.parametrize(
    "button",
    ["Last ned", "Pobierz", "Descarc\u0103", "\u062a\u062d\u0645\u064a\u0644 (PDF - 4.7 MB)"],
)
def test_a_download_button_in_the_members_languages_is_no_title(button: str) -> None:
    entries = (
        f"<li><h3>Annual Report A</h3><p>12 March 2024</p>"
        f"<p><a href='{pdf('A')}'>{button}</a></p></li>"
    )
    found, _ = read_page("Publications", entries)
    assert [(p.title, p.posted_on, p.document_url) for p in found] == [
        ("Annual Report A", "2024-03-12", BASE + pdf("A"))
    ]


def test_a_cards_category_link_is_no_title() -> None:
    """WordPress's cat-links ("Reports", linking the category's archive) above each card's
    title: the label titled every entry, and the titles were lost (probe 27)."""
    cards = "".join(
        f"<article><header><span class='cat-links'><a href='/category/{c}/' rel='category tag'>"
        f"{c.title()}</a></span><h2><a href='{pdf(t)}'>{t} report</a></h2>"
        f"<p>Posted on {d}</p></header></article>"
        for c, t, d in [("reports", "Annual", "15 April 2024"), ("papers", "Policy", "2 May 2023")]
    )
    found, _ = read("/", f"<main><h1>Publications</h1>{cards}</main>")
    assert [(p.title, p.posted_on) for p in found] == [
        ("Annual report", "2024-04-15"),
        ("Policy report", "2023-05-02"),
    ]


@pytest.mark.parametrize(
    "heading",
    ["Aktualno\u015bci", "Nieuws", "\u00c9v\u00e9nements", "\u00c9v\u00e8nements", "Nyheter"],
)
def test_a_news_heading_in_the_later_members_languages_ends_the_block(heading: str) -> None:
    """Review 120: press releases under "Aktualności" below "Publikacje" were publications."""
    entries = "".join(
        f"<li><a href='{pdf(t)}'>{t} report</a><p>Published 12 March 2024</p></li>"
        for t in ("Annual", "Policy")
    )
    news = f"<h2>{heading}</h2><ul><li><a href='/news/press/'>Press release</a>"
    news += f"<p>Published 3 April 2024</p><p><a href='{pdf('press')}'>Download</a></p></li></ul>"
    found, _ = read("/", f"<main><h1>Publications</h1><ul>{entries}</ul>{news}</main>")
    assert [p.title for p in found] == ["Annual report", "Policy report"]


@pytest.mark.parametrize(("lang", "first"), [("en", "EN"), ("fr", "FR"), ("de", "FR"), ("", "FR")])
def test_of_a_works_language_versions_the_pages_own_is_its_file(lang: str, first: str) -> None:
    """Probe 27 (the LSA's): "Download: FR (PDF) EN (PDF)" on an English page gave the French
    file. Where no version is the page's language, the first stays the entry's file."""
    links = "".join(
        f"<a href='/files/guide-{code}.pdf' hreflang='{code}'>{code.upper()} (PDF, 2 MB)</a> "
        for code in ("fr", "en")
    )
    entry = f"<li><h3>Legal guide</h3><p>Published 12 March 2024</p><p>Download: {links}</p></li>"
    body = f"<main><h1>Publications</h1><ul>{entry}</ul></main>"
    html = f"<html lang='{lang}'><body>{body}</body></html>"
    found, _ = read("/", html)
    assert [p.document_url for p in found] == [f"{BASE}/files/guide-{first.lower()}.pdf"]


def test_a_line_of_links_not_all_named_by_language_keeps_its_order() -> None:
    links = [("/s.pdf", "Summary (PDF)"), ("/fr.pdf", "FR (PDF)")]
    assert page_language_first(links, "fr") == links
    assert page_language_first([*links[1:], ("/en.pdf", "EN")], "en")[0] == ("/en.pdf", "EN")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("English", False),  # UNOOSA's versions under each work (probe 27: read as titles)
        ("Fran\u00e7ais", False),
        ("EN", False),
        ("\u4e2d\u6587", False),
        ("English Language Summary", True),
    ],
)
def test_a_link_named_by_a_language_alone_is_no_title(text: str, title: bool) -> None:
    line = Line(text, [(pdf("report"), text)], False, False, (1, 0))
    assert line.titleish is title


def test_a_file_below_an_element_holding_another_entry_is_not_taken() -> None:
    """Two entries' headers in one element: a button below them is neither's (a file below an
    entry's own element is taken by none: review 122 found it another work's as often)."""
    headers = "".join(
        f"<header><h2><a href='/{t}/'>{t} report</a></h2><p>Posted on {d}</p></header>"
        for t, d in [("annual", "15 April 2024"), ("policy", "2 May 2023")]
    )
    section = f"<section>{headers}<p><a href='{pdf('all')}'>Download all (PDF)</a></p></section>"
    found, _ = read("/", f"<main><h1>Publications</h1>{section}</main>")
    assert [p.document_url for p in found if p.document_url] == []


def test_a_card_linking_its_own_file_takes_none_below_its_header() -> None:
    own = f"<p><a href='{pdf('own')}'>Full report, 2 MB</a></p>"
    title = "<h2><a href='/annual/'>Annual report</a></h2><p>Posted on 15 April 2024</p>"
    header = f"<header>{title}{own}</header>"
    summary = f"<div><p><a href='{pdf('summary')}'>Download PDF (1 MB)</a></p></div>"
    found, _ = read("/", f"<main><h1>Publications</h1><article>{header}{summary}</article></main>")
    assert [p.document_url for p in found] == [BASE + pdf("own")]
