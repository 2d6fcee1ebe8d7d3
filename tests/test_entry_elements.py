"""An entry's own element before a loose date line, and which way loose date lines read:
reviews 83 to 86 (helpers 144 to 147, 120 publications pages nobody here wrote: page stamps
above tables, lists and cards; dates before titles and after them, under headings of any
wording; featured boxes and entries; sidebars, footers, "Sign up" boxes, undated entries).

A date line in an element with one title (a table's row, a card, an <li>) is that entry's
before any loose date line is read. The loose ones open their entries (dates first) where
the first has no title above it but a heading, and a title below the last sits in the
element holding them all (not the footer's "Privacy policy"); where every title between them
links a file, one linking none is no entry's: the page's heading above (when the date lines
are printed alike) and a "Sign up" box below. Wrong days with the code each review was
written against, and now: review 83, 17 and 3; 84, 11 and 0; 85, 28 and 0; 86, 33 and 22
(those left are pinned below).
"""

from __future__ import annotations

import json

import pytest

from tests.test_probe23 import PAGES, review_page

PAGES_OF = {
    review: json.loads((PAGES / review / "truth.json").read_text())
    for review in ("review83", "review84", "review85", "review86")
}
CASES = [(review, name) for review, truth in PAGES_OF.items() for name in truth]
# Wrong still (title -> day read), review 83's. 17: each wrapper holds a title and the NEXT
# entry's date line, under a loose first date line: read element by element, each title
# takes the day below it (the old reader paired them right; a table row looks the same, and
# a stamp above a table is the commoner page). 19: a "Posted on" line between two tables of
# bare days is taken for the one dated entry, the tables' days left (as before).
WRONG = {
    "17_offset_wrappers_trap": {
        "Orbital Debris Report": "2024-01-02",
        "Optical Communications Study": "2023-08-15",
    },
    "19_two_tables_stamp_between": {"Roadmap Edition 3": "2024-06-03"},
}
# Review 86 (helper-147), as before the change: dates before titles under a heading of no
# publications word, the first date line printed unlike the others (a featured entry's "New"
# badge or <div>, 02, 04, 14, 24; with a stamp, 22) or a stamp printed like them (08): each
# title takes the day below it. A first date line unlike the others is as often the page's
# stamp over titles first (review 85's 26 and 36): only a "Publications" heading tells.
SHIFT = {
    "Annual Report and Accounts 2023": "2024-03-04",
    "Housing Need in Rural Communities": "2024-01-22",
    "Response to the Consultation on Planning Reform": "2023-11-09",
    "Young Carers: A Briefing for Schools": "2023-09-18",
}
FIRST_THREE = dict(list(SHIFT.items())[:3])
WRONG |= {name: SHIFT for name in ("02_df_feat_badge_new", "04_df_feat_div_tag")}
WRONG |= {name: SHIFT for name in ("08_df_stamp_same_shape", "22_df_stamp_and_feat")}
WRONG |= {
    name: FIRST_THREE
    for name in ("14_df_ourthinking_trailing_cta", "24_df_posted_on_strong_trailing")
}
# Entries not read (nothing read wrongly): table rows with an empty date cell (83's 09); the
# rest of two pages pinned above; an undated last entry below dated ones (review 85, ten
# pages); a list of bare days under a page's "Posted on 3 June 2024" stamp, under a heading
# of no publications word (review 85's 25, 27, 28, 32: the stamp is taken for the one
# labelled day, and a labelled day wins over bare ones)
OLDER = "Community Transport Survey 2019"
LIST = {
    "Annual Report and Accounts 2023",
    "Housing Need in Rural Communities",
    "Response to the Consultation on Planning Reform",
    "Young Carers: A Briefing for Schools",
}
UNREAD = {
    "09_table_rows_without_dates": {"ISECG Brochure", "Fact Sheet"},
    "17_offset_wrappers_trap": {"Outpost Logistics Report"},
    "19_two_tables_stamp_between": {
        "Roadmap Edition 4",
        "White Paper on Lunar Science",
        "White Paper on Mars Science",
    },
    **{
        name: {OLDER}
        for name in (
            "01_tf_ourresearch_stamp_undated_last",
            "06_tf_wholeline_links_stamp_undated",
            "07_tf_nostamp_undated_last",
            "10_tf_stamp_sidebar_after_undated",
            "12_tf_stamp_inside_list_div",
            "13_tf_wrapped_divs_stamp_undated",
            "17_df_ourresearch_undated_last",
            "22_df_wholeline_archive_zip_undated",
            "26_tf_bare_date_stamp_library_undated",
            "30_tf_wp_meta_wholeline_undated",
        )
    },
    "25_tf_wp_postedon_meta_catalogue": LIST,
    "27_tf_postedon_stamp_undated": LIST | {OLDER},
    "28_tf_wp_meta_strong_related": LIST,
    "32_tf_wp_meta_nothing_below": LIST,
    # review 86's: the last entry of each shifted list, and entries of no file (21)
    **{
        name: {"Food Insecurity Among Older People"}
        for name in ("02_df_feat_badge_new", "04_df_feat_div_tag", "08_df_stamp_same_shape")
    },
    "22_df_stamp_and_feat": {"Food Insecurity Among Older People"},
    "14_df_ourthinking_trailing_cta": {
        "Food Insecurity Among Older People",
        "The Cost of Caring: Survey Findings",
        "Young Carers: A Briefing for Schools",
    },
    "21_df_feat_html_links": LIST | {"Food Insecurity Among Older People"},
    "24_df_posted_on_strong_trailing": {
        "Digital Exclusion in Coastal Towns",
        "Young Carers: A Briefing for Schools",
    },
    "29_df_insight_trailing_undated": {"The Cost of Caring: Survey Findings"},
}
# Each entry took the day of the one above (a page stamp, a heading's date) or below (dates
# before titles under a heading of no publications word) before the change
SHIFTED_BEFORE = {
    "01_wp_stamp_table",
    "11_li_list_with_stamp",
    "13_nested_cards_section_stamp",
    "24_heading_dates_loose",
    "25_stamp_table_plus_loose_entry",
    "08_df_time_elements_loose",  # review 84's
    "16_tf_stamp_loose",
    "19_tf_stamp_cta_in_main",
    "16_df_reports_and_briefings",  # review 85's
    "18_df_library_newsletter_cta",
    "19_df_orgname_stamp",
    "23_df_stamp_sidebar_first_newsletter",
    "16_df_featured_card_above",  # review 86's
    "28_df_insight_cta_plain",
}


@pytest.mark.parametrize(("review", "name"), CASES)
def test_each_entry_takes_the_day_in_its_own_element(review: str, name: str) -> None:
    got, truth = review_page(PAGES / review, name)
    read = {pub.title: (pub.posted_on, pub.document_url) for pub in got.publications}
    assert set(read) <= set(truth)  # no footer link, no sidebar item, no "Sign up" box
    assert set(truth) - set(read) == UNREAD.get(name, set())
    wrong = WRONG.get(name, {})
    assert read == {
        title: (wrong.get(title, day), document)
        for title, (day, document) in truth.items()
        if title in read
    }


@pytest.mark.parametrize("name", sorted(SHIFTED_BEFORE))
def test_a_page_stamp_above_the_list_dates_no_entry(name: str) -> None:
    """The pages whose every entry was a row off: each day is its own now, and none is the
    stamp's."""
    review = next(review for review, truth in PAGES_OF.items() if name in truth)
    got, truth = review_page(PAGES / review, name)
    days = [pub.posted_on for pub in got.publications]
    assert days == [truth[pub.title][0] for pub in got.publications]
    assert len(days) == len(truth)
