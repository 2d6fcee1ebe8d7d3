"""Publications pages in designs nobody here wrote (tests/fixtures/probe29; each page's case
below says what went wrong): a change's day printed where a posting's would be, marked by its
element's class or by a label in a block of its own, gave the entry that day; a list of dates
above titles read as dates below them gave each entry its neighbour's day; table rows and
cards were lost or titled by their category; a table's rows, each holding a version's, an
upload's and a review's day, were lost; a document gallery's files were titled by their
names ("GER_2024") where their descriptions named the works."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract
from scraper.extract.types import Extracted

SITE = "https://www.globalspaceexploration.org/"
UPLOADS = SITE + "wp-content/uploads/"
WEBFLOW = "https://uploads-ssl.webflow.com/64b/"
FIXTURES = Path(__file__).parent / "fixtures" / "probe29"
# page -> (its address, title -> (posted_on, document))
EXPECTED: dict[str, tuple[str, dict[str, tuple[str | None, str]]]] = {
    "P09_query_loop_cpt_file_block": (
        SITE + "?page_id=14",
        {
            "The Global Exploration Roadmap 2024": ("2024-08-28", UPLOADS + "2024/08/GER_2024.pdf"),
            "ISECG Annual Report 2023": (None, UPLOADS + "2024/03/ISECG_Annual_Report_2023.pdf"),
            "Global Exploration Roadmap Supplement October 2022": (
                "2022-10-27",
                UPLOADS + "2022/10/GER_2022.pdf",
            ),
        },
    ),
    "P10_webflow_pubs_updated_only": (
        SITE + "publications",
        {
            "The Global Exploration Roadmap 2024": (None, WEBFLOW + "66cf_GER_2024.pdf"),
            "ISECG Annual Report 2023": (None, WEBFLOW + "65e5_ISECG_Annual_Report_2023.pdf"),
            # its field's class says "updated" too: nobody can tell what "Released" is there
            "Global Exploration Roadmap Supplement October 2022": (
                None,
                WEBFLOW + "635a_GER_2022.pdf",
            ),
        },
    ),
    # dates above their titles, the first entry undated: read below them, each title took
    # its neighbour's day, years before its file was uploaded; the other way, none does
    "P21_dates_above_first_missing": (
        SITE + "publications/",
        {
            "The Global Exploration Roadmap 2024": (None, UPLOADS + "2024/08/GER_2024.pdf"),
            "Global Exploration Roadmap Supplement October 2022": (
                None,
                UPLOADS + "2022/10/GER_2022.pdf",
            ),
            "ISECG Annual Report 2019": (None, UPLOADS + "2020/03/ISECG_Annual_Report_2019.pdf"),
        },
    ),
    # a table of bare days, one row's day cell empty: the row was lost
    "P01_tablepress_edition_posted": (
        SITE + "?page_id=14",
        {
            "The Global Exploration Roadmap": (
                "2018-02-02",
                UPLOADS + "2018/01/GER_2018_small_mobile.pdf",
            ),
            "Global Exploration Roadmap Supplement": (
                "2022-10-27",
                UPLOADS + "2022/10/GER_2022.pdf",
            ),
            "Benefits Stemming from Space Exploration": (
                None,
                UPLOADS + "2013/09/Benefits-Stemming-from-Space-Exploration-2013-TAGGED.pdf",
            ),
            "ISECG Annual Report 2019": (
                "2020-03-16",
                UPLOADS + "2020/03/ISECG_Annual_Report_2019.pdf",
            ),
        },
    ),
    "P11_year_and_date_added_columns": (
        SITE + "publications/",
        {
            "The Global Exploration Roadmap 2024": ("2024-08-28", UPLOADS + "2024/08/GER_2024.pdf"),
            "The Global Exploration Roadmap": (
                "2018-02-02",
                UPLOADS + "2018/01/GER_2018_small_mobile.pdf",
            ),
            "The Global Exploration Roadmap (2nd edition)": (
                "2015-01-12",
                UPLOADS + "2015/01/GER2013.pdf",
            ),
            "The Global Exploration Roadmap (1st edition)": (
                None,
                UPLOADS + "2011/09/GER_2011.pdf",
            ),
        },
    ),
    # "Version date", "Uploaded" and "Last reviewed" columns, the title unlinked beside a "PDF"
    # link: each row's three days hid it, every row lost
    "P18_table_version_uploaded_reviewed": (
        SITE + "publications/",
        {
            "The Global Exploration Roadmap 2024": ("2024-08-28", UPLOADS + "2024/08/GER_2024.pdf"),
            "ISECG Annual Report 2023": (
                "2024-03-04",
                UPLOADS + "2024/03/ISECG_Annual_Report_2023.pdf",
            ),
            "Global Exploration Roadmap Supplement October 2022": (
                "2022-10-27",
                UPLOADS + "2022/10/GER_2022.pdf",
            ),
        },
    ),
    # Document Gallery: each file titled by its name ("GER_2024"), its description opening
    # with the work's ("The Global Exploration Roadmap 2024 — uploaded August 28, 2024")
    "P17_document_gallery_uploaded": (
        SITE + "?page_id=14",
        {
            "The Global Exploration Roadmap 2024": (None, UPLOADS + "2024/08/GER_2024.pdf"),
            "ISECG Annual Report 2023": (None, UPLOADS + "2024/03/ISECG_Annual_Report_2023.pdf"),
        },
    ),
    # Document Library Pro: each row's category link ("?doc_categories=roadmaps") titled it
    "P04_document_library_pro": (
        SITE + "?page_id=14",
        {
            "The Global Exploration Roadmap 2024": ("2024-08-28", UPLOADS + "2024/08/GER_2024.pdf"),
            "ISECG Annual Report 2023": (
                "2024-03-04",
                UPLOADS + "2024/03/ISECG_Annual_Report_2023.pdf",
            ),
            "Global Exploration Roadmap Supplement": (
                "2022-09-02",
                UPLOADS + "2022/10/GER_2022.pdf",
            ),
        },
    ),
    # WP Download Manager's packages, each title five elements down in its card: the second
    # was lost (their "Create Date" runs into its day, unread: undated)
    "P03_wpdm_packages_create_updated": (
        SITE + "?page_id=14",
        {
            "The Global Exploration Roadmap 2024": (
                None,
                SITE + "download/global-exploration-roadmap-2024",
            ),
            "ISECG Annual Report 2023": (None, SITE + "download/isecg-annual-report-2023"),
        },
    ),
    # an entry per <div>: the last, of no posting line, ended the list at its heading
    "P06_edition_vs_posted": (
        SITE + "publications/",
        {
            "The Global Exploration Roadmap, 3rd edition": (
                "2018-02-02",
                UPLOADS + "2018/01/GER_2018_small_mobile.pdf",
            ),
            "The Global Exploration Roadmap, 2nd edition": (None, UPLOADS + "2015/01/GER2013.pdf"),
            "ISECG Science White Paper": (
                "2023-05-04",
                UPLOADS + "2023/05/ISECG_Science_White_Paper.pdf",
            ),
            "Benefits Stemming from Space Exploration": (
                None,
                UPLOADS + "2013/09/Benefits-Stemming-from-Space-Exploration-2013-TAGGED.pdf",
            ),
        },
    ),
    # tab panes of cards, a bare day above each title: the one card of no day was lost
    "P15_tabs_by_type_dates_above": (
        SITE + "publications/",
        {
            "The Global Exploration Roadmap 2024": ("2024-08-28", UPLOADS + "2024/08/GER_2024.pdf"),
            "Global Exploration Roadmap Supplement October 2022": (
                "2022-10-27",
                UPLOADS + "2022/10/GER_2022.pdf",
            ),
            "ISECG Annual Report 2023": (
                "2024-03-04",
                UPLOADS + "2024/03/ISECG_Annual_Report_2023.pdf",
            ),
            "ISECG Annual Report 2019": (None, UPLOADS + "2020/03/ISECG_Annual_Report_2019.pdf"),
            "ISECG Science White Paper": (
                "2023-05-04",
                UPLOADS + "2023/05/ISECG_Science_White_Paper.pdf",
            ),
        },
    ),
    # the home page's block, each title a link with its "Posted on" in a <span> beside it,
    # under a top story: both were lost ("...Roadmap 2024Posted on August 28, 2024")
    "P22_home_block_with_news_above": (
        SITE,
        {
            "The Global Exploration Roadmap 2024": ("2024-08-28", UPLOADS + "2024/08/GER_2024.pdf"),
            "Global Exploration Roadmap Supplement October 2022": (
                "2022-10-27",
                UPLOADS + "2022/10/GER_2022.pdf",
            ),
        },
    ),
    # cards of a month, an unlinked heading and a "Download" button, a hidden <time> run into
    # the button's text: each card's heading ended the block, all three were lost
    "P08_cards_month_year_hidden_time": (
        SITE + "publications",
        {
            "The Global Exploration Roadmap 2024": (None, UPLOADS + "2024/08/GER_2024.pdf"),
            "ISECG Annual Report 2023": (None, UPLOADS + "2024/03/ISECG_Annual_Report_2023.pdf"),
            "Global Exploration Roadmap Supplement": (None, UPLOADS + "2022/10/GER_2022.pdf"),
        },
    ),
    # each item a file's link, then "PDF · posted 9 days ago" (the day in a tooltip, unread):
    # all three were lost
    "P12_relative_posted_tooltip": (
        SITE + "publications",
        {
            "ISECG Annual Report 2024": (None, SITE + "files/ISECG_Annual_Report_2024.pdf"),
            "The Global Exploration Roadmap 2024": (None, SITE + "files/GER_2024.pdf"),
            "Global Exploration Roadmap Supplement 2022": (None, SITE + "files/GER_2022.pdf"),
        },
    ),
    # "<a>Title</a> (PDF, 3 MB) - Veröffentlicht am 04.03.2024": the file's note between them
    # hid every entry; "Stand:" (as of) is no posting's day, nor is the change after a comma
    "P16_de_stand_dotted": (
        SITE + "de/publikationen/",
        {
            "Global Exploration Roadmap 2024": (None, SITE + "fileadmin/user_upload/GER_2024.pdf"),
            "ISECG Jahresbericht 2023": (
                "2024-03-04",
                SITE + "fileadmin/user_upload/ISECG_Annual_Report_2023.pdf",
            ),
            "Global Exploration Roadmap Supplement 2022": (
                "2022-10-27",
                SITE + "fileadmin/user_upload/GER_2022.pdf",
            ),
        },
    ),
}


def _read(name: str, body: bytes | None = None) -> Extracted:
    url = EXPECTED[name][0]
    body = body if body is not None else (FIXTURES / f"{name}.html").read_bytes()
    return extract(url, "text/html", body, SITE, datetime(2025, 3, 1, tzinfo=UTC))


@pytest.mark.parametrize("name", EXPECTED)
def test_every_entry_is_kept_with_its_own_day_or_none(name: str) -> None:
    read = {p.title: (p.posted_on, p.document_url) for p in _read(name).publications}
    assert read == EXPECTED[name][1]


def test_a_change_label_in_its_own_block_dates_nothing_and_other_labels_still_do() -> None:
    """Webflow's page with no class marking its date fields: the label beside each says."""
    page = (FIXTURES / "P10_webflow_pubs_updated_only.html").read_text()
    got = _read("P10_webflow_pubs_updated_only", page.replace("pub-updated", "pub-date").encode())
    assert [(p.title, p.posted_on) for p in got.publications] == [
        ("The Global Exploration Roadmap 2024", None),
        ("ISECG Annual Report 2023", None),
        ("Global Exploration Roadmap Supplement October 2022", "2022-10-27"),
    ]
    assert "no posting's day: 'May 14, 2024'" in got.problems


def test_a_title_ending_in_a_change_word_labels_no_change() -> None:
    """ "Roadmap Supplement Updated", a linked heading over its entry's day: a title, no
    "Updated" label beside the day (helper-217: its entry lost its day)."""
    page = b"""<html><head><title>Publications | ISECG</title></head><body><main>
<h1>Publications</h1>
<div class="pub"><h3><a href="/wp-content/uploads/2024/03/a.pdf">Global Exploration Roadmap</a>
</h3><p>12 March 2024</p></div>
<div class="pub"><h3><a href="/wp-content/uploads/2024/03/b.pdf">Roadmap Supplement Updated</a>
</h3><p>5 February 2024</p></div>
<div class="pub"><h3><a href="/wp-content/uploads/2024/03/c.pdf">Technology Roadmap</a></h3>
<p>1 January 2024</p></div></main></body></html>"""
    got = extract(SITE + "publications/", "text/html", page, SITE, datetime(2025, 3, 1, tzinfo=UTC))
    assert [(p.title, p.posted_on) for p in got.publications] == [
        ("Global Exploration Roadmap", "2024-03-12"),
        ("Roadmap Supplement Updated", "2024-02-05"),
        ("Technology Roadmap", "2024-01-01"),
    ]


def test_an_uploaded_column_is_no_posting_one_beside_a_published_one() -> None:
    """P18 with its "Version date" headed "Published" (and no "Last reviewed"): that column's
    days are the rows', the "Uploaded" ones beside it are not read (review 68's tables keep
    their own columns)."""
    page = (FIXTURES / "P18_table_version_uploaded_reviewed.html").read_text()
    page = page.replace("Version date", "Published").replace("<th>Last reviewed</th>", "")
    got = _read(
        "P18_table_version_uploaded_reviewed", page.replace("<td>10 January 2025</td>", "").encode()
    )
    assert [p.posted_on for p in got.publications] == ["2024-08-01", "2024-02-29", "2022-10-01"]


def test_a_reviewed_column_alone_beside_an_unheaded_day_reads_no_day() -> None:
    """P18 with its "Uploaded" column headed "Date": no column is the posting's, no day read."""
    page = (FIXTURES / "P18_table_version_uploaded_reviewed.html").read_text()
    got = _read(
        "P18_table_version_uploaded_reviewed", page.replace(">Uploaded<", ">Date<").encode()
    )
    assert all(p.posted_on is None for p in got.publications)


def test_a_description_not_spelling_out_the_files_name_titles_nothing() -> None:
    """P17 with its first description's opening words naming no part of its file's name
    ("GER"): the file's name stays the title; a description may open with anything."""
    page = (FIXTURES / "P17_document_gallery_uploaded.html").read_text()
    page = page.replace("The Global Exploration Roadmap 2024 &mdash;", "Full report &mdash;")
    got = _read("P17_document_gallery_uploaded", page.encode())
    assert [p.title for p in got.publications] == ["GER_2024", "ISECG Annual Report 2023"]
