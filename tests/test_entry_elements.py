"""A publications entry's own element before a loose date line, and which way loose date
lines read: reviews 83 to 89 and 92 to 97 (helpers 144 to 150 and 153 to 158, 382
publications pages nobody here wrote: page stamps above tables, lists and cards; dates
above titles and below them, under headings of any wording; featured boxes and entries;
sidebars, footers, "Sign up" boxes, undated entries, other languages).

A date line in an element with one title (a table's row, a card, an <li>) is that entry's
before any loose date line is read; loose date lines open their entries (dates first) only
under a publications heading, and where a title below the last one sits in the element
holding them all (not the footer's "Privacy policy"). Before, a page's own stamp above
such a list opened the first entry, and each entry took the day of the one above it
(review 83: 17 wrong days, now 3).

Which way a flat list reads under a heading of no publications word ("Our research"),
nothing on the page tells: a page's stamp above titles first and dates above titles look
alike line for line, whatever their classes (a featured entry's date is printed unlike the
list's as often as a stamp is). Rules reading such lists dates first were tried and not
kept: review 87 found one gave 65 wrong days on 14 pages read right before. Nor do the
files' upload folders tell: review 88 found a bulletin's reference day, or a post scheduled
after its file's upload, fit a neighbour's day better than its own (4 pages read wrongly
that were right). Since extractor version 29 such a list is read both ways (an unlinked
heading above its first date line, which shares its parent with the second; linked titles
below it; no heading like it among the date lines; the line the last date would open a
title like the first, to a file where that one links one) and each title keeps only a day
both readings give it; the others are undated, their two possible days named in the page's
problems. Version 30 passes over entries held by their own elements (a featured card above
the list, a page stamp above such a box) in telling which way, and beside them asks the
title below the last date line to be printed as the first is; with fewer than three loose
date lines left it reads as before. Over reviews 83 to 97 (reviews 92 to 97, helpers 153
to 158, were written against the rule): 276 wrong days became 91, 1,053 right ones 1,008
(honest lists under a stamp lose theirs). The pages still wrong are listed in KNOWN_WRONG
(a stamp printed unlike the list, a title in a wrapper of its own, tabs, no heading, a last
title linking a page where the others link files).

Version 31: a year's heading ("2023") among the date lines no longer counts as an entry's
unlinked title, which had made such lists read titles first with certainty (review 92's
page 13: each title took the next entry's day); one between the first date line and the
first title makes that date the page's (titles first). Review 101 (helper-163, 25 pages of
year sections, written against it): 70 right and 50 wrong days before, 64 and 12 after (the
six lost on one page where titles come first under a plain date line and a first section
with no year heading); nowhere else did a reading change. Version 32: the title the last
date line would open counts as an entry like the first (a whole link, to a file where that
one links one) in an element of its own too, where each of the two shares its element with
its date line (a section of the list: each year's accordion or tab panel), so such a list
reads both ways rather than titles first. A broader form (in whatever element) was reviewed
by helper-164 (review 102): it turned 27 wrong days into undated ones but 38 right ones too,
on titles-first lists under a page's stamp whose titles sit in wrappers of their own, which
look like dates-first lists so wrapped. The form kept: 17 wrong days undated over reviews
83 to 101 and 18 in review 102, 4 right ones lost there (a stamp inside a tab's first panel).
Version 33 reads such a list both ways beside entries held by their own elements too (a
featured card above year sections), where before a last title in another element than the
first meant titles first: review 97's page 1 (3 wrong days undated), and review 103
(helper-165, 26 pages written against it) 49 wrong days to 7, 63 right ones to 55.
Version 34 takes a box's linked heading as its entry's title where a box's label stands
above it ("Latest report", "Uitgelicht", "新着") and a "Published" line dates it, where the
label had been the title and the entry lost. Reviews 104 and 105 (helpers 167 and 168) were
written against a broader proposal, with a table's bare days read beside labelled ones and
a box's labelled day above bare ones: those two added wrong days on both and were not kept.
Review 106 (helper-169) was written against a first form that took any short unlinked
heading for a label: where that heading was the work's own title, over a button or a
version ("Bericht lesen", "Accessible version"), 29 right titles became wrong; the label
must now be one of a box's words, or stand in the title. Review 107 (helper-170, against
version 34): 15 right days to 30, none wrong; a press release, tender or job advert in such
a box is read as one, as without the box.
Version 37 reads a line of a work's own facts with one spelled date ("Report \u00b7 12 March
2024 \u00b7 8 min read", where a page has two such lines) as a bare date line, and a date-led
line ("2024-03-12 \u2014 <a>Title</a>") under a heading wholly naming publications as an
entry; beside a table column headed "Publication Date" no other column's day is read. Review
110 (helper-173) was written against a first form that read any facts beside a date and any
date-led line: 48 wrong days; narrowed, none, 14 right days to 45. Review 111 (helper-175),
against the narrowed form, found kinds that name meetings, adoptions and covers ("Review",
"Plan", "Newsletter"), headings that merely hold the word ("Workshop reports"), and a
footer's list: those are left out; 12 right days to 55, 3 wrong where a quarterly bulletin's
day is its quarter's end, as a bare date line gives. Probe 25 (helper-174, 37 report
libraries, no rule in view): 8 wrong days (a "Date Acquired" or "Period ending" column
before "Publication Date") to none, 17 right to 31. Review 113 (helper-176, against the
final form) found a table whose "Published" column held years, nested layout tables, a
page's own "Published" line above a date-led box, and press releases in a footer: a posting
column must hold days, a nested table's header is not its layout table's, and a date-led
line is read in the page's own content only; 19 right days to 46, and 21 wrong where the
pages print another day beside a kind or under a publications heading (a financial year's
end, a symposium's day, a scanned report's cover), as a bare date line there gives.
Version 39 reads a description list whose terms are days, each over one <dd> line, dates
first (JAXA's lists, undated before); review 115 (helper-178) found programmes' <dl>s (a
venue or a second paper in the <dd>), which read as before. Review 114 (helper-177) was
written against English labels ("Publication date", "Released", "Issued") not kept.
"""

from __future__ import annotations

import json
from functools import cache

import pytest

from tests.test_probe23 import PAGES, as_listed, review_page

REVIEWS = (
    "review83",
    "review84",
    "review85",
    "review86",
    "review87",
    "review88",
    "review89",
    "review92",
    "review93",
    "review94",
    "review95",
    "review96",
    "review97",
    "review98",
    "review99",
    "review100",
    "review101",
    "review102",
    "review103",
    "review104",
    "review105",
    "review106",
    "review107",
    "review108",
    "review109",
    "review110",
    "review111",
    "review112",
    "review113",
    "review114",
    "review115",
    "review116",
    "review118",
    "review119",
)
TRUTHS = {review: json.loads((PAGES / review / "truth.json").read_text()) for review in REVIEWS}
CASES = [(review, name) for review, truth in TRUTHS.items() for name in truth]
# Pages with wrong days still, by cause
KNOWN_WRONG = {
    "review83": {
        "17_offset_wrappers_trap",  # each wrapper holds a title and the NEXT entry's date
        "19_two_tables_stamp_between",  # a "Posted on" line between two tables of bare days
    },
    # (19_tf_stamp_cta_in_main, each title a row off, is right since probe 29: its stamp's
    # class says "updated", a change's day, no date line of the list)
    "review84": set(),
    "review85": set(),
    "review86": {
        "02_df_feat_badge_new",
        "08_df_stamp_same_shape",
        "22_df_stamp_and_feat",
    },
    "review87": {
        "18_tf_no_heading_stamp_undated",  # no heading in <main> at all
        "26_df_reports_briefings_last_html",  # the last title links a page, the others files
    },
    "review88": set(),
    "review89": set(),
    # review 92 (helper-153): a bold paragraph for a heading, a featured box above, a second
    # list under a "Briefings" heading (its year subheadings among the date lines: since
    # version 31 read both ways, undated)
    "review92": {
        "14_df_heading_strong_para",
        "25_two_lists_df_then_tf",
    },
    # review 93 (helper-154): the last title unlinked or in a wrapper of its own, a featured
    # wrapper first, each title in its own <div>, two lists under <h2>s (a year's accordion:
    # since version 32 read both ways, undated)
    "review93": {
        "01_df_last_title_unlinked",
        "04_df_first_featured_wrapper",
        "11_df_titles_in_own_divs",
        "15_two_df_lists_h2",
    },
    # review 94 (helper-155): Elementor's widget per line, the last title linking a page or
    # in a block group, the first entry in a box or linking a page, a linked block heading
    "review94": {
        "01_df_elementor_widgets",
        "07_df_last_entry_links_page",
        "12_df_first_links_page",
        "25_df_last_title_in_group_block",
        "28_df_linked_block_title",
    },
    # review 95 (helper-156): a featured tab first, a wrapped last entry after a featured card
    "review95": {"21_es_tabs_featured_then_df", "29_df_latest_featured_tf_card_last_wrapped"},
    "review96": set(),  # helper-157
    # review 98 (helper-159): (09_ctrl_tf_order_printed_copies_box, its "Order printed
    # copies" box below a titles-first list, is right since probe 29: its page stamp's
    # class says "updated", a change's day, no date line of the list)
    "review98": set(),
    "review99": set(),  # helper-160
    # review 100 (helper-161): two section headings in a dates-first list
    "review100": {"10_ctrl_dates_first_section_h2_mid"},
    # review 101 (helper-163; each year's entries in an accordion's or a tab's panel of its
    # own, wrong before version 32)
    "review101": set(),
    # review 102 (helper-164): dates above titles each in a wrapper of its own (a block group,
    # an <li> in a <ul> of its own, a <div>), beside which a titles-first list under a page's
    # stamp looks the same
    "review102": {
        "15_df_posted_then_group_blocks",
        "16_df_bold_dates_li_in_own_uls_older_link",
        "20_fr_df_publie_le_titles_in_divs",
        "21_df_featured_card_then_titles_in_divs_cta",
    },
    # review 103 (helper-165): a table's rows of linked titles and plain dates above the year
    # sections (not held), a stamp in a tab's first panel under a table
    "review103": {
        "03_df_key_documents_table_then_year_sections",
        "15_tf_table_above_tabs_stamp_first_panel_undated_last",
    },
    # reviews 104 and 105 (helpers 167 and 168, written against rules not kept: a table's bare
    # days beside labelled ones, a box's day above bare ones; version 34's box label kept):
    # annual reports dated by the AGM days beside them, the labelled lines in a <div> sidebar
    "review104": set(),
    "review105": {"09_sidebar_div_posted_annual_reports_agm"},
    "review106": set(),  # helper-169, written against version 34's first form
    "review107": set(),  # helper-170, written against version 34
    # probe 24 (helper-171, 34 pages of agencies' and ministries' report libraries, no rule in
    # view): dates above their titles, the last undated, then an "Upcoming" event's day
    "review108": {"32_en_wp_dates_above_last_undated_then_event"},
    # review 109 (helper-172, against version 35's labels): a Brazilian page's month-first
    # days after "Data de publicação" read day first (as after "Publicado em" before; its
    # table's "Data di scadenza" column, read as the posting day, is passed over since 42)
    "review109": {"07_ptbr_month_first"},
    # review 110 (helper-173, against version 37's first form, which gave 48 wrong days here:
    # fact lines naming events, meetings, bodies, periods; date-led lines of agendas and
    # press releases); probe 25 (helper-174, report libraries, no rule in view: a "Date
    # Acquired" or "Period ending" column before "Publication Date", 8 wrong before 37)
    "review110": set(),
    # review 111 (helper-175, against version 37's narrowed form): "Report \u00b7 31 March 2024"
    # under "Launch Market Monitor Q1 2024" is the quarter's end, as a bare date line would be
    "review111": {"04_tailwind_quarter_end"},
    "review112": set(),
    # review 114 (helper-177, against English labels not kept: "Publication date", "Released",
    # "Issued"; read as before them)
    "review114": set(),
    # review 115 (helper-178, against version 39's <dl> rule): a day per <dt> with two titles in
    # its <dd> or a last <dd> "in preparation" (wrong before), an events page's <dl>s, and
    # "as of" reference days in <dt>s, read as a bare date line above a title is
    "review115": {
        "03_ministry_ja_dl_several_per_day",
        "07_en_events_upcoming_past_dls",
        "09_jaxa_ja_dl_pending_then_ul",
        "16_en_dl_reference_dates",
    },
    # review 116 (helper-179, against version 41's abbreviated months): a conference's days,
    # a printed event's day over a <time>, as the same pages with whole month names (07b,
    # 15b) read before
    "review116": {
        "07_it_atti_event_days",
        "07b_it_atti_event_days_full_names",
        "15_pt_time_datetime_vs_abbr_event",
        "15b_pt_control_full_names",
    },
    # probe 27 (helper-183, member agencies' publications pages, no rule in view): WordPress
    # cards whose Download button sits in the excerpt below the card's header, not found (each
    # entry with no file)
    "review119": {"15_philsa_philippines"},
    # review 118 (helper-181, against version 43's date-first rows): a talk's, a workshop's
    # day under a bare "Date" column, a row's summary linked before its report, as the same
    # tables with their titles first read before
    "review118": {
        "08_seminar_slides",
        "18_summary_and_full",
        "20_workshop_reports",
    },
    # review 113 (helper-176, against version 37's final form): days beside a kind or under a
    # publications heading that are another day's, as a bare date line there gives them: a
    # financial year's end, a symposium's or a meeting's day, a scanned report's cover, a
    # conference's, an open day's
    "review113": {
        "07_govuk_annual_reports_year_end_led",
        "08_uni_symposium_research_papers_led",
        "09_agency_egm_background_papers_led",
        "12_uni_scanned_technical_reports_facts",
        "13_drupal_fr_actes_colloques_facts",
        "14_bootstrap_brochures_open_day_print_edition",
    },
    # review 97 (helper-158), all beside a featured card or a table: the last title unlinked
    # or linking a page (02 read right before version 30: its last title, a page's link, is
    # taken for a "View all" link), the first loose title linking a page (each year's entries
    # in a <section> of their own: since version 33 read both ways, undated)
    "review97": {
        "02_df_pub_featured_card_last_links_page",
        "03_df_pub_featured_card_last_unlinked_print_only",
        "15_df_pub_featured_first_loose_links_page",
        "25_df_table_above_research_last_links_page",
    },
}
EXTRA = {
    # probe 27: GOV.UK's "Updates to this page" box over a "Published" line, a press release
    # and an event's flyer among a WordPress category's posts (their category links titled
    # the entries before version 43)
    ("review119", "04_ukspace_publication"): {"Updates to this page"},
    ("review119", "15_philsa_philippines"): {
        "PRESS RELEASE: PhilSA and JAXA sign agreement on satellite data sharing",
        "Philippine Space Week 2023: Event Flyer and Programme",
    },
    # review 118: a council's meetings and an events table in a sidebar dated by their days,
    # and block headings, as the same tables with their titles first (and before, headings)
    ("review118", "09_council_meetings"): {
        "Council meeting 112",
        "Council meeting 111 (extraordinary session)",
        "Council meeting 110",
        "Earlier meetings",
    },
    ("review118", "10_tenders_deadline"): {"Open tenders"},
    ("review118", "11_consultation_responses"): {"Responses received"},
    ("review118", "13_version_history"): {"Version history"},
    ("review118", "15_fr_nom_objet"): {"D\u00e9cisions d\u2019autorisation"},
    ("review118", "21_sidebar_events_table"): {
        "Space Resources Week 2024",
        "International Lunar Conference",
    },
    ("review118", "24_fr_appels_date_limite"): {"Appels \u00e0 projets"},
    # review 115: an events page's programme and flyer, a committee's meeting papers (both
    # before), a summary's own link in a <dd>
    ("review115", "07_en_events_upcoming_past_dls"): {
        "Space Law Conference: programme",
        "Open Day 2024: flyer",
    },
    ("review115", "12_ja_kentoukai_meeting_days_dl"): {
        "\u7b2c1\u56de\u691c\u8a0e\u4f1a \u914d\u5e03\u8cc7\u6599",
        "\u7b2c2\u56de\u691c\u8a0e\u4f1a \u914d\u5e03\u8cc7\u6599",
        "\u7b2c3\u56de\u691c\u8a0e\u4f1a \u914d\u5e03\u8cc7\u6599",
    },
    ("review115", "14_de_dt_title_date_dd_desc"): {"Kurzfassung"},
    # review 113: press releases under a mega-menu's "Publications" column heading, tenders,
    # an advisory board's agendas and minutes, oral evidence, a newsroom story (old too)
    ("review113", "06_megamenu_publications_heading_press_page"): {
        "Weather satellite launched successfully",
        "Astronaut selection enters final round",
        "Agency awards ground segment contract",
        "Council approves 2025 budget framework",
    },
    ("review113", "10_es_licitaciones_estudio_facts"): {
        "Estudio de capacidad de estaciones terrenas en Espa\u00f1a",
        "Estudio sobre el mercado de servicios en \u00f3rbita",
    },
    ("review113", "11_drupal_de_beirat_sitzungsunterlagen_facts"): {
        "Tagesordnung der 45. Sitzung",
        "Tagesordnung der 44. Sitzung",
        "Protokoll der 44. Sitzung",
        "Protokoll der 43. Sitzung",
    },
    ("review113", "15_govuk_committee_publications_oral_evidence_times"): {
        "Oral evidence: Satellite spectrum, 12 March 2024",
        "Oral evidence: Space skills, 30 April 2024",
        "Oral evidence: Space skills, 14 May 2024",
    },
    ("review113", "16_legacy_two_column_layout_title_published"): {
        "Authority licenses second spaceport"
    },
    # review 111: slides, agendas and minutes in a publications list, read as a bare date
    # line above or below them is (a bold "Past events" paragraph is no heading)
    ("review111", "12_bootstrap_bold_past_events"): {
        "Schools Satellite Challenge: briefing pack",
        "Supplier workshop agenda",
        "Industry Day 2024: slides",
    },
    ("review111", "14_ja_houkokusho_gijiroku"): {
        "\u7b2c17\u56de \u5b87\u5b99\u653f\u7b56\u59d4\u54e1\u4f1a \u914d\u5e03\u8cc7\u6599",
        "\u7b2c18\u56de \u5b87\u5b99\u653f\u7b56\u59d4\u54e1\u4f1a \u8b70\u4e8b\u9332",
    },
    ("review111", "16_fr_comptes_rendus"): {
        "Compte rendu du conseil d'administration de mars",
        "Compte rendu du conseil d'administration de d\u00e9cembre",
    },
    ("review111", "33_thinktank_fact_pubs_bare_events"): {
        "Roundtable on Orbital Commons: agenda",
        "Launch Pricing Webinar: slides",
    },
    # probe 25: gov.uk's "Updates to this page" box, and a SharePoint library's file names for
    # titles (its rows' days right)
    ("review112", "14_govuk_published_updated_added_welsh"): {"Updates to this page"},
    ("review112", "26_sharepoint_us_published_column"): {
        "Exploration_Strategy_2024",
        "Partner_Agreement_Guide",
        "Lunar_Comms_Interop_Standard",
        "Annual_Performance_Report_FY23",
        "Small_Business_Brochure",
    },
    # a sidebar's "Latest reports", which the helper's truth leaves out
    ("review92", "26_tf_stamp_with_sidebar_reports"): {
        "Working paper 12: labour mobility and remittances",
        "Policy brief: cross-border health data",
    },
    # review 94: a subsection's heading under "Publications", each entry's second file
    ("review94", "03_df_h2_subsection_under_publications"): {"Policy briefs"},
    ("review94", "09_df_per_entry_summary_link"): {"Summary (2 pages)"},
    ("review94", "10_tf_stamp_per_entry_easy_read"): {"Easy read version"},
    ("review94", "13_df_landing_pages_download_under_publications"): {"Briefing papers"},
    ("review94", "14_tf_landing_pages_download_stamp_under_publications"): {"Evaluation reports"},
    # review 95: a subheading, a box's link, a "By email" sign-up, an "À la une" box
    ("review95", "09_table_then_df_briefings"): {"Briefings"},
    ("review95", "13_df_stamp_box_with_catalogue_link"): {"Publications catalogue"},
    ("review95", "14_tf_pub_stamp_box_with_link"): {"Get new publications by email"},
    ("review95", "19_fr_df_publications_une_box_below"): {"À la une"},
    # review 98: a box's call, a subheading, each entry's second file
    ("review98", "11_ctrl_df_subheading_research_reports"): {"Research reports"},
    ("review98", "14_df_welsh_version_per_entry"): {"Welsh version"},
    ("review98", "18_undated_data_tables_per_release"): {"Data tables"},
    ("review98", "19_tf_easy_read_per_entry"): {"Easy read version"},
    # reviews 99 and 100 (helpers 160, 161): a section's heading, a sign-up box, a "Related"
    # link, read as entries (a rule that left such headings out lost more publications than
    # it removed headings: see the end of this file)
    ("review99", "09_df_h2_collection_over_h3_documents"): {
        "Evaluation of the Community Pilot Programme"
    },
    ("review99", "11_ctrl_newsletter_h2_stamp"): {"Sign up to our newsletter"},
    ("review99", "13_ctrl_df_related_h2"): {"Our housing work"},
    ("review99", "14_ctrl_es_suscribete_h2"): {"Suscríbete a nuestro boletín"},
    ("review99", "22_ctrl_newsletter_h3_under_h2_list"): {"Sign up to our newsletter"},
    ("review100", "10_ctrl_dates_first_section_h2_mid"): {"Research reports", "Policy briefs"},
    ("review100", "11_ctrl_de_joomla_section_h2_stamp"): {"Studien und Stellungnahmen"},
    ("review100", "12_ctrl_wp_email_box_last"): {"Get our research by email"},
    ("review100", "13_ctrl_ngo_h3_section_over_h4_cards"): {"Working papers"},
    ("review100", "23_ctrl_section_h2_two_filed_entries"): {"Briefings"},
    ("review100", "24_ctrl_elementor_h2_stamp_dates_first"): {"Consultation responses"},
    ("review103", "21_ctrl_df_featured_card_flat_list"): {"All publications"},
    # a home page's "Spotlight" box over a news item's page link; a consultation's box; a
    # featured box over an annex, its one file (version 34 takes the annex's title)
    ("review104", "24_elementor_news_home"): {"Spotlight"},
    ("review106", "09_en_drupal_latest_consultation_box"): {"Latest consultation"},
    ("review106", "21_nl_uitgelicht_bijlage"): {"Bijlage 3: Methodologische verantwoording"},
    # review 107 (helper-170, written against version 34): a press release, a tender, a job,
    # a call, an event's programme or a form under a box's label, read as before without
    # one (what a document is, is not told); a series' or an organisation's name as title
    ("review107", "01_en_wp_newsroom_new_press_release"): {
        "Council approves 2025 budget and freezes parking charges",
    },
    ("review107", "02_en_drupal_spotlight_conference_programme"): {
        "Annual Conference 2024: Resilient Places \u2013 programme",
    },
    ("review107", "03_es_wp_novedad_convocatoria"): {
        "Bases de la convocatoria de ayudas a la rehabilitación 2025",
    },
    ("review107", "04_de_boot_neu_stellenausschreibung"): {
        "Sachbearbeitung Fördermittelmanagement (m/w/d)",
    },
    ("review107", "05_it_elementor_in_evidenza_avviso"): {
        "Avviso pubblico per manifestazione di interesse \u2013 servizio di trasporto scolastico",
    },
    ("review107", "06_fr_drupal_a_la_une_communique"): {
        "Communiqué de presse : inauguration du pôle santé de Saint-Martin",
    },
    ("review107", "07_ja_shinchaku_kisha_happyou"): {
        "台風第10号による被害状況について\uff08第5報\uff09"
    },
    ("review107", "08_pt_boot_destaque_edital"): {
        "Edital de seleção de bolsistas de iniciação científica 2025",
    },
    ("review107", "09_en_wp_event_name_over_programme"): {"Annual Conference 2024 programme"},
    ("review107", "10_en_drupal_recruitment_pack"): {"Recruitment pack \u2013 Chief Executive"},
    ("review107", "11_en_wp_latest_publication_series_name"): {"Quarterly Labour Market Review"},
    ("review107", "12_en_boot_featured_partner_org_name"): {
        "Our research",
        "World Health Organization",
    },
    ("review107", "13_en_drupal_publication_label_chapter"): {
        "Chapter 3: High streets and the return to work",
    },
    ("review107", "15_en_wp_briefing_meeting_notes"): {"Board meeting papers, 15 October 2024"},
    ("review107", "17_nl_uitgelicht_aanbesteding"): {
        "Aanbestedingsleidraad onderhoud openbaar groen 2025\u20132028",
    },
    ("review107", "21_de_wp_neu_erschienen_veranstaltungskalender"): {
        "Veranstaltungskalender Herbst/Winter 2024",
    },
    ("review107", "23_en_drupal_spotlight_response_form"): {"Bus network review: have your say"},
}
# (right days, wrong days) over each review's pages: neither may get worse. Version 29 traded
# right days for fewer wrong ones where a list reads both ways, version 30 mended featured
# entries above such lists (84: 7 -> 4 wrong; 85: 105 -> 101 right, 28 -> 0 wrong; 86:
# 33 -> 12 wrong; 87: 93 -> 58 right, 20 -> 9 wrong; 88: 8 -> 0 wrong; 92: 120 -> 116
# right, 28 -> 9 wrong; 93: 85 -> 66 right, 46 -> 21 wrong; 94: 63 -> 37 right, 37 -> 16
# wrong; 95: 104 -> 120 right, 20 -> 3 wrong; 96: 93 -> 103 right, 15 -> 0 wrong; 97: 75 ->
# 92 right, 31 -> 14 wrong)
SCORES = {
    "review83": (79, 3),
    "review84": (92, 4),
    "review85": (101, 0),
    "review86": (92, 12),
    "review87": (58, 9),
    "review88": (51, 0),
    # a page's "Posted on" above bare days, under a heading of no publications word: the
    # list is not read (taking the stamp for the page's there read meetings', events' and
    # deadlines' days as postings: review 89, helper-150, a rule not kept)
    "review89": (1, 0),
    "review92": (116, 5),  # 9 wrong before version 31 (a year's heading among the dates)
    "review93": (66, 16),  # 21 wrong before version 32 (a year's accordion)
    "review94": (37, 16),
    "review95": (120, 3),
    "review96": (103, 0),
    "review97": (92, 11),  # 14 wrong before version 33 (year sections beside a featured card)
    "review98": (57, 2),
    "review99": (108, 0),
    "review100": (108, 2),
    # written against version 31's year headings (helper-163): 70 right and 50 wrong before
    "review101": (64, 0),  # 12 wrong at version 31, 0 since 32 (each year's panel)
    # written against a broader form of version 32 (helper-164): 52 right and 30 wrong before
    "review102": (48, 12),
    # written against version 33 (helper-165): 63 right and 49 wrong before
    "review103": (57, 7),  # 55 before version 34 (a box's label over its linked title)
    # written against rules not kept (helpers 167, 168): 32 and 26 right before version 34
    "review104": (41, 0),
    "review105": (40, 3),
    # written against version 34's first form (helper-169): 33 before; 46 before 43's headings
    "review106": (49, 0),
    "review107": (30, 0),  # written against version 34 (helper-170): 15 before
    # probe 24 (helper-171): 31 before 35, 37 before 36, 40 before 37, 46 before 39, 49 before 43
    "review108": (53, 1),
    "review109": (
        27,
        2,
    ),  # written against version 35 (helper-172): 11 and 2 before; 25, 4 before 42
    "review110": (45, 0),  # helper-173: 14 right before version 37
    "review111": (55, 3),  # helper-175, against version 37's narrowed form: 12 and 0 before
    # probe 25 (helper-174): 17 and 8 before 37; 31 before 39, 36 before 40, 44 before 43
    "review112": (60, 0),
    "review113": (46, 21),  # helper-176, against version 37's final form: 19 and 5 before
    "review114": (28, 0),  # helper-177, against English labels not kept
    "review115": (25, 7),  # helper-178, against version 39's <dl> rule: 7 and 8 before; 23, 9 at 39
    "review116": (
        49,
        10,
    ),  # helper-179, against version 41's months: 16, 8 before; 45, 14 before 42
    "review118": (38, 6),  # helper-181, against version 43's date-first rows: 0 and 0 before
    # probe 27 (helper-183): 20 and 0 before version 43's headings and labels in more languages
    "review119": (32, 0),
}
# Each entry took the day of the one above it (a page stamp, a heading's date) before
SHIFTED_BEFORE = [
    ("review83", "01_wp_stamp_table"),
    ("review83", "11_li_list_with_stamp"),
    ("review83", "13_nested_cards_section_stamp"),
    ("review83", "24_heading_dates_loose"),
    ("review83", "25_stamp_table_plus_loose_entry"),
    ("review84", "16_tf_stamp_loose"),
]


@cache  # each page is read once for the tests below
def readings(review: str, name: str) -> tuple[dict[str, tuple], dict[str, tuple]]:
    got, truth = review_page(PAGES / review, name)
    return {pub.title: (pub.posted_on, pub.document_url) for pub in got.publications}, truth


@pytest.mark.parametrize(("review", "name"), CASES)
def test_no_entry_takes_another_entrys_day(review: str, name: str) -> None:
    """Every page not listed as known wrong reads each entry with its own day or none, and
    its own file; no footer link, sidebar item or "Sign up" box is read as an entry."""
    got, truth = review_page(PAGES / review, name)
    extra = EXTRA.get((review, name), set())
    assert {pub.title for pub in got.publications} - set(truth) == extra
    if name not in KNOWN_WRONG[review]:
        as_listed(got, truth, leave=extra)


@pytest.mark.parametrize("review", REVIEWS)
def test_each_reviews_right_and_wrong_days_do_not_get_worse(review: str) -> None:
    right = wrong = 0
    for name in TRUTHS[review]:
        read, truth = readings(review, name)
        for title, (day, document) in read.items():
            if title in truth and day:
                right += (day, document) == truth[title]
                wrong += day != truth[title][0]
    least_right, most_wrong = SCORES[review]
    assert right >= least_right and wrong <= most_wrong


@pytest.mark.parametrize(("review", "name"), SHIFTED_BEFORE)
def test_a_page_stamp_above_the_list_dates_no_entry(review: str, name: str) -> None:
    """The pages whose every entry was a row off: each day is its own now, and none is the
    stamp's."""
    read, truth = readings(review, name)
    assert read == truth


@pytest.mark.parametrize(
    "review",
    [
        "review84",
        "review85",
        "review86",
        "review87",
        "review88",
        "review92",
        "review93",
        "review94",
        "review101",
    ],
)
def test_a_title_left_undated_names_both_days_it_may_have(review: str) -> None:
    """Where a list reads both ways, a title either keeps the day both readings give it or
    none, and then the page's problems name its two possible days: its true day among them.
    Each of these reviews has such lists."""
    named = 0
    for name in TRUTHS[review]:
        got, truth = review_page(PAGES / review, name)
        for pub in got.publications:
            said = [p for p in got.problems if p.startswith(f"undated: {pub.title!r}: ")]
            if said and pub.title in truth:
                named += 1
                assert pub.posted_on is None and "the page does not say which" in said[0]
                assert (truth[pub.title][0] or "no day") in said[0], (pub.title, said[0])
    assert named > 0


# Review 98 (helper-159), written against rules that left out an entry with no file among
# filed ones and titles entries share (reverted: they lost 15 publications for 5 headings
# and labels): real publications with no file (forthcoming, on request, a landing page) are
# in review98 above; these pages' entries share titles ("Financial statements" each year,
# "Executive summary" under each report), which the tests above, keyed by title, cannot hold.
# Reviews 99 and 100 (helpers 160, 161), above, were written against a rule leaving out an
# unlinked heading above the others' titles, the one entry with no file: featured, flagship,
# forthcoming and on-request publications printed so, before the list or after it, with a
# date and nothing more or with text of their own, are just as common. Its first form lost 9
# of review 99's publications for 3 headings removed; its second (nothing but dates under the
# heading, or the list's last entry) lost 1 there and 11 of review 100's for 3 and 4 removed.
# Neither was kept.
SHARED = PAGES / "review98shared"
SHARED_TRUTH = json.loads((SHARED / "truth.json").read_text())


@pytest.mark.parametrize("name", SHARED_TRUTH)
def test_entries_sharing_a_title_are_each_read_with_their_own_file(name: str) -> None:
    got, _ = review_page(SHARED, name)
    listed = SHARED_TRUTH[name]["pubs"]
    read = sorted((pub.title, (pub.document_url or "").rstrip("/")) for pub in got.publications)
    assert read == sorted((pub["title"], pub["document"].rstrip("/")) for pub in listed)
