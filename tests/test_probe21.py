"""Probe 21 (helper-108): four old weaknesses that could give a wrong value, each tried on
pages in theme shells nobody on the extractor wrote (WordPress, Drupal, Hugo, Bootstrap, an
HTML 4 table layout): a copied "Published" line, a report's facts or cover near the title,
text hidden from readers, and a members list followed by another group under a label the
code did not know. Each page's truth is in tests/fixtures/probe21/expected.json; pages the
helper found ambiguous are left out."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract
from scraper.extract.types import Extracted

SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PAGES = Path(__file__).parent / "fixtures" / "probe21"
CASES = json.loads((PAGES / "expected.json").read_text())
# Left as they were (no wrong value is new): a month-first "10/01/2013" after "Submitted by"
# (either order makes a day) is lost; the table layout at /2019/05/23/ whose copied "Published
# on 3 May 2019" stands under the title is still dated by it (a rule setting a printed day
# before the address's aside lost right days more often, review 55: a migration's addresses).
# The members pages at /fr/membres/, /de/mitglieder/ and /es/miembros/ are still no members
# pages by their address (review 57: board, delegates' and login pages stand there too).
LOST = {
    "w2_drupal_facts_field_submitted",
    "w4_bootstrap_es_colaboradores",
    "w4_drupal_fr_en_cooperation",
    "w4_hugo_de_weitere_teilnehmer",
}
STILL_WRONG = {"w1_plain_url_italic"}


def read(name: str) -> Extracted:
    return extract(
        CASES[name]["url"], "text/html", (PAGES / f"{name}.html").read_bytes(), SITE, CAPTURED
    )


def clear(kind: str) -> list[str]:
    return sorted(n for n, c in CASES.items() if c["kind"] == kind and not c["ambiguous"])


@pytest.mark.parametrize("name", [n for n in clear("post") if n not in STILL_WRONG])
def test_a_post_gets_its_own_day_never_a_copied_one(name: str) -> None:
    case, got = CASES[name], read(name)
    published = got.news[0].published if got.news else None
    published = published[:10] if published else None
    assert published != case.get("copied") or published is None
    assert published == (None if name in LOST else case["published"])


@pytest.mark.parametrize("name", clear("members"))
def test_another_group_after_the_members_is_no_member(name: str) -> None:
    case, got = CASES[name], read(name)
    keys = [m.key for m in got.members or []]
    assert keys == ([] if name in LOST else case["members"])


# The reviews of this probe's rules, each page's truth as its helper read the page
CASES_OF = {
    n: json.loads((PAGES / f"review{n}" / "expected.json").read_text()) for n in range(53, 59)
}


def read_in(review: int, name: str, url: str | None = None) -> Extracted:
    """A review's page, at its own address or at `url`."""
    body = (PAGES / f"review{review}" / f"{name}.html").read_bytes()
    return extract(url or CASES_OF[review][name]["url"], "text/html", body, SITE, CAPTURED)


def review_day(review: int, name: str) -> str | None:
    published = read_in(review, name).news[0].published
    return published[:10] if published else None


@pytest.mark.parametrize(
    "name",
    [
        # an event's or a meeting's day in the address (/events/2019/10/21/...), the post's in
        # JSON-LD, meta and the byline: no date permalink, and dates written for machines
        "r1_drupal_event_url_day",
        "r1_wp_meeting_minutes_url_day",
        # minified Hugo: a table's cells touch, so the body as written held under half the
        # library's words; read with its cells spaced, it is the body still
        "r2_hugo_minified_mission_table",
        "r2_hugo_minified_table_p_date",
        "r2_hugo_minified_table_sidebar_event",  # no post date; a sidebar's event day
    ],
)
def test_what_review_53_read_of_the_posts(name: str) -> None:
    assert review_day(53, name) == CASES_OF[53][name]["published"]


@pytest.mark.parametrize(
    "name",
    [
        "r3_bootstrap_cards_partner_since",  # each card's <small>Partner since 2007</small>
        "r3_drupal_table_collaboration_column",  # a column titled "Areas of collaboration"
        "r3_list_member_note_invited",  # a member's note "(invited 2014, joined 2015)"
    ],
)
def test_a_members_own_note_or_column_cuts_no_member_off(name: str) -> None:
    """Review 53: only an item or a one-cell row saying nothing but another group's name ends
    the members inside a list; a card's badge, a note or a column's title does not."""
    assert [m.key for m in read_in(53, name).members or []] == CASES_OF[53][name]["members"]


def test_a_printed_day_other_than_the_addresss_stands() -> None:
    """Review 54: Drupal's address made from the draft's day (/2019/05/23/), the day it was
    published printed under the title ("Published: 10 June 2019"): the post's."""
    assert review_day(54, "r1a_drupal_publication_date_module") == "2019-06-10"


def test_a_members_notes_in_a_list_of_its_own_are_no_members() -> None:
    """Review 54: each member's item holds a list of its fields ("<li><a>NASA</a><ul><li>
    Exploration humaine</li></ul>"): the item is the member, by its own words. (The page
    stood at /fr/membres/, no members page by its address: read at /members/.)"""
    got = read_in(54, "r3d_fr_membres_nested_note", SITE + "members/").members or []
    assert [m.key for m in got] == CASES_OF[54]["r3d_fr_membres_nested_note"]["members"]
    assert [m.name for m in got] == ["NASA", "ESA", "JAXA", "CSA", "CNES"]


def test_a_member_noted_as_an_affiliate_ends_no_list() -> None:
    """Review 54: "Australian Space Agency (affiliate)", a plain item among linked ones."""
    got = read_in(54, "r3e_plain_member_affiliate_name").members or []
    assert [m.key for m in got] == CASES_OF[54]["r3e_plain_member_affiliate_name"]["members"]


def test_a_note_row_is_read_as_before() -> None:
    """Review 54, an old weakness kept: a one-cell row "Affiliated in 2019:" in a members
    table is read as a member (as before probe 21); the rows after it are still read."""
    keys = [m.key for m in read_in(54, "r3c_table_note_row_affiliated").members or []]
    assert set(CASES_OF[54]["r3c_table_note_row_affiliated"]["members"]) <= set(keys)


# Old weaknesses review 55 met (the same before this session, or fewer entries wrong now): a
# tab's, a breadcrumb's, a legend's item, or a list's title in its first item or row, read as
# a member beside the members
EXTRA_ENTRIES = {
    "a2_bs5_tabs_buttons",
    "a2_bs_breadcrumb_ol_after_h1",
    "a2_map_legend_before_list",
    "a2_table_partners_top_row",
    "a2_ul_supporting_agencies_title_li",
}


@pytest.mark.parametrize(
    "name", sorted(n for n, c in CASES_OF[55].items() if c["kind"] == "members")
)
def test_members_lists_of_review_55(name: str) -> None:
    """Groups under a linked region, a country's toggle or a mega-menu (their members unlinked
    items: not one member's notes), delegates or fields under a member's own link (its notes),
    a breadcrumb's or a filter's unlinked item naming a group (no label of the members' list)."""
    want = CASES_OF[55][name]["members"]
    keys = [m.key for m in read_in(55, name).members or []]
    if name in EXTRA_ENTRIES:
        assert [k for k in keys if k in want] == want
    else:
        assert keys == want


def test_a_members_name_leaves_its_notes_out() -> None:
    """Review 55: "<li><div><a>NASA</a><ul><li>Human exploration</li>...</ul></div></li>"."""
    names = [m.name for m in read_in(55, "a1_member_card_div_then_ul").members or []]
    assert names == ["NASA", "ESA", "CNES"]


@pytest.mark.parametrize(
    "name",
    [
        "a3_drupal_migrated_release_date_plain",  # a migration's address, its release day
        "a3_drupal_fr_migrated_release_date",
        "a3_wp_press_dateline_first_line",
        "a3_wp_us_slashed_date_plain",
    ],
)
def test_a_printed_day_before_the_addresss_stands(name: str) -> None:
    assert review_day(55, name) == CASES_OF[55][name]["published"]


# Old weaknesses review 56 met, read the same or with fewer wrong entries than before this
# session: a lead agency's nested linked centres, on-site profile pages' notes, a menu's or a
# filter's items beside the members, and pages whose members no heading the code knows
# introduces (a French, a Spanish introduction; an Italian page at /membri/)
NOT_YET = {
    # ESA's item over national agencies: members or not is the page's to say (reviews 56 and 58
    # read it two ways), read as before this session; a one-cell "Partners" row read as before
    # (a category of the members as often, review 58)
    "m02_esa_consortium_acronyms",
    "m03_esa_consortium_names",
    "m30_esa_member_states",
    "m16_table_partners_row",
    "m01_nasa_linked_centres",
    "m05_onsite_profile_notes",
    "m06_other_list_partners_item",
    "m09_fr_intro_cooperation",
    "m10_es_intro_cooperacion",
    "m14_it_membri_addr",
    "m23_es_colaboradores_desde",
    "m26_filter_list_before",
    "m28_inner_onsite_profile",
}


@pytest.mark.parametrize(
    "name",
    sorted(n for n, c in CASES_OF[56].items() if c["kind"] == "members" and n not in NOT_YET),
)
def test_members_lists_of_review_56(name: str) -> None:
    """An introduction or a caption saying "affiliated", "collaborating", "en coopération"
    ("Agencies affiliated with ISECG:", a card's "Affiliation: Canada") ends no members list:
    only a label that is a group's name, whole ("Affiliates", "Collaborators"), does."""
    keys = [m.key for m in read_in(56, name).members or []]
    assert keys == CASES_OF[56][name]["members"]


@pytest.mark.parametrize("name", sorted(n for n, c in CASES_OF[56].items() if c["kind"] == "post"))
def test_a_short_post_beside_a_long_block_keeps_its_day(name: str) -> None:
    assert review_day(56, name) == CASES_OF[56][name]["published"]


# Read as before this session, or with fewer wrong entries (tabs' "Todos", a table's one-cell
# "Founding agencies", a country's gov.uk page's key, a card's fields beside its stretched link)
NOT_YET_57 = {
    "p2_es_colaboradores_tab",
    "p2_es_colaboradores_wrapper_tabs",
    "p2_li_members_then_affiliates_group_li",
    "p2_table_affiliates_onecell_subhead",
    "p3_card_stretched_link_fields",
    "p3_country_li_gov",
}


@pytest.mark.parametrize(
    "name",
    sorted(n for n, c in CASES_OF[57].items() if c["kind"] == "members" and n not in NOT_YET_57),
)
def test_members_lists_of_review_57(name: str) -> None:
    """A country's or a region's item linking Wikipedia, a government or a map over its
    agencies (no agency's website: the agencies are the members); "Collaborators" or "Weitere
    Teilnehmer" over the members before any was read (the site's word for them); board,
    delegates', login and application pages at /mitglieder/, /membres/, /miembros/ (no
    members page by their address)."""
    keys = [m.key for m in read_in(57, name).members or []]
    assert keys == CASES_OF[57][name]["members"]


@pytest.mark.parametrize(
    "name",
    [
        "q1_esa_nested_national_acronyms",  # ESA's item over CNES, DLR, ASI: members too
        "q10_esa_nested_home",
        "q3_list_founding_then_partners_category",  # "Partners": a category of the members
        "q4_table_category_rows_partners_members",
        "q5_quill_flat_guests_subnote",  # "Guests": JAXA's note, not indented but by class
    ],
)
def test_no_member_of_review_58_is_lost(name: str) -> None:
    """Review 58: an inner item naming an agency is no note, and "Partners", "Guests" in a
    list are as often the members' own category or note: no member after them is cut off
    (the category's or the note's own entry is read as before this session)."""
    keys = [m.key for m in read_in(58, name).members or []]
    assert {k for k in CASES_OF[58][name]["members"] if k != "esa.int"} <= set(keys)
