"""Review 31 (helper-81) of review 30's two changes. A file's or an image's link counted as
no other page wherever a byline was tested, so a box whose only link was a PDF (a report's
field with its "Published" day), an image (a figure captioned with another day) or a
thumbnail beside another day dated the post; and narrowing "support" to "supporter" let
supporting organisations' cards join the members. Now a link wrapping just an image file is
passed over between the title and the byline (the featured image), and a file's "Download"
button there and in the post's own meta line (reviews 32, 33); a class saying "support" in
any form ends the members' block. (Named logos in such a box with no heading still join:
ending the block at any such class after the first member cut realistic grids short, review
32.)"""

from __future__ import annotations

import pytest

from scraper.extract import extract
from scraper.extract.members import members_from_html
from tests.prose import EN
from tests.test_review28 import AGENCIES, CAPTURED, SITE, SPLIT, URL, T, _card, _days

OTHER = "Published 14 <span>December</span> 2023"
PDF = "<a href='/sites/default/files/2023-12/annual-report-2023.pdf'>Annual Report 2023</a>"
IMAGE = "<a href='/uploads/2024/11/rover.jpg'><img src='/uploads/2024/11/rover-300.jpg' alt=''></a>"


def _post(header: str, before_text: str = "") -> list[str | None]:
    head = f"<header class='entry-header'><h1 class='entry-title'>{T}</h1>{header}</header>"
    text = f"<div class='entry-content'>{EN}</div>"
    return _days(f"<main><article class='post'>{head}{before_text}{text}</article></main>")


@pytest.mark.parametrize(
    ("header", "before_text"),
    [
        ("", f"<div class='field--name-field-report'>{PDF}<div>{OTHER}</div></div>"),
        (f"<div class='teaser'>{PDF} <span>{OTHER}</span></div>", ""),
        (
            f"<figure>{IMAGE}<figcaption>{OTHER} by <a href='/author/esa/'>ESA</a></figcaption>"
            "</figure>",
            "",
        ),
        ("", f"<div class='row'><div class='col-3'>{IMAGE}<p>{OTHER}</p></div></div>"),
    ],
)
def test_a_box_linking_only_a_file_or_an_image_lends_the_post_no_day(
    header: str, before_text: str
) -> None:
    assert _post(header, before_text) == [None]


def test_the_featured_image_between_the_title_and_the_byline_is_passed_over() -> None:
    assert _post(f"{IMAGE}<p class='entry-meta'>{SPLIT}</p>") == ["2025-02-01"]


def test_a_files_link_with_words_between_the_title_and_the_byline_still_drops_it() -> None:
    """A document's title may be a teaser's, its day the next line: a lost day, not its day."""
    assert _post(f"<p>{PDF}</p><p class='entry-meta'>{SPLIT}</p>") == [None]


SPONSORS = [
    ("Lockheed Martin", "https://www.lockheedmartin.com/", "lm"),
    ("Airbus", "https://www.airbus.com/", "airbus"),
]
CARDS = "".join(_card(*a) for a in AGENCIES)
THEIRS = "".join(_card(*s) for s in SPONSORS)


@pytest.mark.parametrize(
    "page",
    [
        f"<div class='row'>{CARDS}</div><div class='row support-orgs'>{THEIRS}</div>",
        f"<div class='row'>{CARDS}</div><section class='support'><div>{THEIRS}</div></section>",
        f"<div class='row'>{CARDS}{''.join(_card(*s, cls='card card--support') for s in SPONSORS)}"
        "</div>",
        f"<div class='row'>{CARDS}</div><div class='supporting'><p><strong>With the support of"
        f"</strong></p><div class='row'>{THEIRS}</div></div>",
    ],
)
def test_supporting_organisations_after_the_members_are_no_members(page: str) -> None:
    html = f"<body><main><h2>Member agencies</h2>{page}</main></body>"
    found, _, _ = members_from_html(SITE + "members/", html, SITE)
    assert [m.website for m in found] == [w for _, w, _ in AGENCIES]


@pytest.mark.parametrize(
    ("header", "day"),
    [
        # review 32: a file's button in the byline's own line, or between the title and it
        (
            f"<p class='entry-meta'><span>{SPLIT}</span> | <a href='/files/s.pdf'>Download summary "
            "(PDF)</a></p>",
            "2025-02-01",
        ),
        (
            f"<p><a href='/files/s.pdf'>Download PDF</a></p><p class='entry-meta'>{SPLIT}</p>",
            "2025-02-01",
        ),
        (
            f"<p><a href='/files/s.pdf'>GER_2024.pdf</a></p><p class='entry-meta'>{SPLIT}</p>",
            "2025-02-01",
        ),
        # a file's link naming a document is a teaser's: its day is none of the post's
        (
            f"<div class='teaser'><a href='/files/r.pdf'>Download the Annual Report 2023</a> "
            f"<span>{OTHER}</span></div>",
            None,
        ),
        # review 33: a box of its own with a file's button and its day, no byline of the post's
        (f"<div><a href='/files/r.pdf'>Download PDF</a> <span>{OTHER}</span></div>", None),
        (f"<div><a href='/files/r.pdf'>Annual Report</a> <span>{OTHER}</span></div>", None),
        (
            "<div class='field--name-field-report'><a href='/files/r.pdf'>View PDF</a>"
            f"<div>{OTHER}</div></div>",
            None,
        ),
    ],
)
def test_a_files_button_is_no_other_page_a_documents_title_is(header: str, day: str) -> None:
    assert _post(header) == [day]


def test_a_files_button_with_its_day_dates_no_post() -> None:
    """Review 33: "<a>Download PDF</a> Published 3 November 2024" in a box under the title
    dated the post. (It still makes a publication titled "Download PDF" with its file and
    day: refusing such titles dropped real entries, "Download Statistics 2023", review 37.)"""
    box = f"<div class='report-box'><a href='/files/r.pdf'>Download PDF</a> <span>{OTHER}</span>"
    head = f"<header class='entry-header'><h1 class='entry-title'>{T}</h1>{box}</div></header>"
    html = f"<html><body><main><article class='post'>{head}<div>{EN}</div></article></main>"
    got = extract(URL, "text/html", (html + "</body></html>").encode(), SITE, CAPTURED)
    assert [(n.published or "")[:10] or None for n in got.news] == [None]


def test_review34_a_byline_beside_a_files_link_leaves_the_post_undated() -> None:
    """Review 34 (helper-85): the post's own split byline beside "Download PDF" in a box no
    class names its meta was set aside, and a report's "Published on" below it dated the
    post. After a byline beside a file's link no day is read, and before it only the
    post's meta line or header's (review 35)."""
    details = (
        f"<div class='article-details'><span class='byline'>{SPLIT}</span> "
        "<a href='/files/r.pdf'>Download PDF</a></div>"
        f"<div class='report-info'><p>{OTHER.replace('Published', 'Published on')}</p></div>"
    )
    assert _post("", details) == [None]


def test_review34_a_button_in_a_members_language_is_no_other_page() -> None:
    head = "<p><a href='/files/r.pdf'>Télécharger le PDF</a></p>"
    assert _post(f"{head}<p class='entry-meta'>Publié le 1 <span>février</span> 2025</p>") == [
        "2025-02-01"
    ]
