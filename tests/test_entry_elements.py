"""An entry's own element before a loose date line: reviews 83 (helper-144, 27 publications
pages nobody here wrote: page stamps above tables, lists and cards, mixed layouts, dates
before titles, featured boxes, sidebars) and 84 (helper-145, 25 pages: dates-first layouts
with wrappers, title-first ones under a stamp, each with a site's header and footer).

A date line in an element with one title (a table's row, a card, an <li>) is that entry's
before any loose date line is read; and a page's dates come before their titles only where
a title below the last one sits in the element holding every date line (not the footer's
"Privacy policy"). Before, a page's own stamp ("Posted: 5 March 2024") above such a list
opened the first entry, and each entry took the day of the one above it. Review 83: 17 wrong
days on 6 pages, now 3 on 2; review 84: 11 on 3 pages, now 7 on 2 (a first form, a title
beside the last date line, read four honest dates-first pages wrongly: 19 wrong).
"""

from __future__ import annotations

import json

import pytest

from tests.test_probe23 import PAGES, review_page

PAGES_OF = {
    review: json.loads((PAGES / review / "truth.json").read_text())
    for review in ("review83", "review84")
}
CASES = [(review, name) for review, truth in PAGES_OF.items() for name in truth]
# Wrong still (title -> day read). 17: each wrapper holds a title and the NEXT entry's date
# line, under a loose first date line: read element by element, each title takes the day
# below it (the old reader paired them right; a table row looks the same, and a stamp above
# a table is the commoner page). 19: a "Posted on" line between two tables of bare days is
# taken for the one dated entry, the tables' days left (as before).
WRONG = {
    "17_offset_wrappers_trap": {
        "Orbital Debris Report": "2024-01-02",
        "Optical Communications Study": "2023-08-15",
    },
    "19_two_tables_stamp_between": {"Roadmap Edition 3": "2024-06-03"},
    # Review 84, as before the change. 08: "Reports and briefings" heads no publications
    # block, so dates before titles are not seen, each title taking the day below it; 19: a
    # "Sign up to our newsletter" heading in the page's <main> below the last entry passes
    # for its title, and the list is read dates-first under the page's stamp.
    "08_df_time_elements_loose": {
        "Annual Report and Accounts 2023": "2024-03-04",
        "Housing Need in Rural Communities": "2024-01-22",
        "Response to the Consultation on Planning Reform": "2023-11-09",
    },
    "19_tf_stamp_cta_in_main": {
        "Annual Report and Accounts 2023": "2024-06-02",
        "Housing Need in Rural Communities": "2024-05-14",
        "Response to the Consultation on Planning Reform": "2024-03-04",
        "Young Carers: A Briefing for Schools": "2024-01-22",
    },
}
EXTRA = {"19_tf_stamp_cta_in_main": {"Sign up to our newsletter"}}
# Entries not read at all (nothing read wrongly): table rows with an empty date cell
UNREAD = {"09_table_rows_without_dates": {"ISECG Brochure", "Fact Sheet"}}
# Each row took the day of the row above (a page stamp, a heading's date) before the change
SHIFTED_BEFORE = {
    "01_wp_stamp_table",
    "11_li_list_with_stamp",
    "13_nested_cards_section_stamp",
    "24_heading_dates_loose",
    "25_stamp_table_plus_loose_entry",
    "16_tf_stamp_loose",  # review 84's
}


@pytest.mark.parametrize(("review", "name"), CASES)
def test_each_entry_takes_the_day_in_its_own_element(review: str, name: str) -> None:
    got, truth = review_page(PAGES / review, name)
    read = {pub.title: (pub.posted_on, pub.document_url) for pub in got.publications}
    # no footer link, no sidebar item read as an entry
    assert set(read) - set(truth) == EXTRA.get(name, set())
    wrong = WRONG.get(name, {})
    for title, (day, document) in truth.items():
        if title in UNREAD.get(name, set()) or (name in WRONG and title not in wrong):
            continue  # the trap's third entry is lost; its other titles are pinned below
        assert read[title] == (wrong.get(title, day), document), title
    assert {t: read[t][0] for t in wrong if t in read} == wrong


@pytest.mark.parametrize("name", sorted(SHIFTED_BEFORE))
def test_a_page_stamp_above_the_list_dates_no_entry(name: str) -> None:
    """The pages whose every entry was a row off: each day is its own now, and none is the
    stamp's."""
    review = "review83" if name in PAGES_OF["review83"] else "review84"
    got, truth = review_page(PAGES / review, name)
    days = [pub.posted_on for pub in got.publications]
    assert days == [truth[pub.title][0] for pub in got.publications]
    assert len(days) == len(truth)
