"""Jobs, calls and tenders listed beside a page's publications: reviews 90 and 91 (helpers
151 and 152, 52 pages nobody here wrote: vacancies in tables, lists and cards, in English,
French and German; calls for papers, tenders; reports about jobs and careers; "Careers" in
menus, notice bars, tabs, accordions and sidebars; consultation papers with closing days).

Jobs read as publications are wrong records, but two rules to leave them out lost more than
they mended, and were not kept: a closing day or any heading naming jobs above an entry
(review 90: 20 real publications lost, consultation papers close too and "Careers &
Education" heads reports); the nearest heading or bold line above being, whole, "Vacancies",
"Careers", "Tenders" and the like (review 91: 38 lost on 15 pages, where the page's own
heading is linked or missing and a menu's, a notice bar's or a tab's "Careers" stands
nearest). What each page reads today is pinned: no page may lose a publication or read a
day other than its own, and the jobs it reads are listed.
"""

from __future__ import annotations

import json

import pytest

from tests.test_probe23 import PAGES, as_listed, review_page

TRUTHS = {
    review: json.loads((PAGES / review / "truth.json").read_text())
    for review in ("review90", "review91")
}
CASES = [(review, name) for review, truth in TRUTHS.items() for name in truth]
# Read as publications, and none (title of each). Since version 43 an "Annual reports" heading
# heads a list: review 90's pages 10 and 28 read their reports, and 28 no job
JOBS_READ = {
    ("review90", "11_jobs_below_reports"): {"Data Officer", "Policy Analyst"},
    ("review90", "12_calls_for_papers"): {
        "Call for Abstracts: Mars Conference",
        "Call for Papers: Lunar Science Workshop 2024",
    },
    ("review90", "14_vacancy_cards_apply_by"): {"Executive Assistant", "Systems Engineer"},
    ("review90", "15_fr_offres_emploi"): {"Chargé de communication (H/F)"},
    ("review90", "16_de_stellenangebote"): {"Referent/in Raumfahrtpolitik (m/w/d)"},
    ("review90", "17_mixed_current_vacancies"): {"Senior Policy Adviser"},
    ("review90", "21_opportunities_closing_no_date"): {
        "Fellowship in Space Law",
        "Young Professionals Programme 2025",
    },
    ("review90", "24_tenders_review_title"): {"Tender: Study on lunar logistics"},
    # plain-text titles with bold group words between them: the words read as titles
    ("review91", "08_plain_titles_bold_jobs"): {"Economy", "Jobs"},
    ("review91", "10_real_vacancies"): {
        "Communications Officer",
        "Project Scientist (closes 30 May 2024)",
    },
    ("review91", "11_real_tenders"): {"Tender 2024/03: Website maintenance services"},
    ("review91", "12_de_stellenangebote"): {"Referentin/Referent Raumfahrtpolitik (m/w/d)"},
    ("review91", "13_fr_offres_emploi"): {"Ingénieur systèmes spatiaux (H/F)"},
    ("review91", "20_jobs_between_sections"): {"Project Scientist (closes 30 May 2024)"},
    ("review91", "21_tables_tenders"): {"Tender 2024/03: Website maintenance services"},
}
# Publications not read, with or without the rules (titles as unlinked headings under a page
# heading of no publications word; plain-text titles)
UNREAD = {
    ("review90", "06_aside_careers_control"),
    ("review90", "07_left_div_sidebar_workwithus"),
    ("review90", "08_megamenu_careers_h4"),
    ("review90", "19_callout_workwithus_above"),
    ("review91", "08_plain_titles_bold_jobs"),
}


@pytest.mark.parametrize(("review", "name"), CASES)
def test_no_publication_is_lost_to_a_job_beside_it(review: str, name: str) -> None:
    got, truth = review_page(PAGES / review, name)
    jobs = JOBS_READ.get((review, name), set())
    read = {pub.title for pub in got.publications}
    assert read - set(truth) == jobs
    if (review, name) not in UNREAD:
        assert set(truth) <= read
    as_listed(got, truth, leave=jobs)  # each publication its own day or none, and its file
