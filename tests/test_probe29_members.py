"""Probe 29 (helper-211's pages, and one of helper-217's): members pages in designs nobody on
the team wrote, each read with exactly its members (tests/fixtures/probe29, file names kept)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.extract import extract

PAGES = Path(__file__).parent / "fixtures" / "probe29"
SITE = "https://www.globalspaceexploration.org/"
CAPTURED = datetime(2025, 3, 1, 12, tzinfo=UTC)
FIRST = {"ASI", "UKSA", "CNES", "CNSA", "CSA", "CSIRO", "DLR", "ESA"}
LATEST = {"NOSA", "VNSC", "AEB", "GISTDA", "PT Space", "AEM", "NZSA"}  # the last seven to join
TRUTH = {
    # Bootstrap's cards: alt="logo" on every logo, the name in the card's heading
    "M08_bootstrap_cards_logo_alt_visit": {"UAESA", "ASA", "ROSA", "SSO", "POLSA", "LSA"} | LATEST,
    # Webflow's cards: an empty alt, the name a line of the card over "Joined 2007"
    "M10_webflow_onsite_profiles_joined": LATEST,
    # a description list: a country's <dt> over its agency's <dd>
    "M12_dl_country_agency": FIRST,
    # a Status column: "Observer", "Former member (withdrew 2022)" beside "Member"
    "M03_table_joined_status_observer_former": FIRST | {"ISRO", "JAXA", "SSAU"},
    # the group's office among the members, "ISECG Secretariat (hosted by ESA)": no member
    "M07_secretariat_former_section": FIRST - {"DLR", "ESA"},
    # ... where ESA's own entry, "... hosts the ISECG Secretariat", is a member
    "M15_secretariat_as_note_and_footer_partners": {"CSIRO", "DLR", "ESA", "ISRO", "JAXA"}
    | {"KARI", "NASA"},
    # a wall of logos, one with a ribbon "Joining in 2025": not a member yet
    "M16_logo_wall_pending_member": LATEST - {"NZSA"},
    # Bootstrap's tabs: the pane of the tab "Observers" holds no members
    "M09_tabs_members_observers": {"CNSA", "CSA", "CSIRO", "DLR", "ESA", "ISRO"},
    # a grid of countries' cards: a flag, the country's heading, its agency's link
    "M04_flag_country_grid": FIRST | {"ISRO"},
    # a heading in two languages, "Membres / Members"
    "M14_bilingual_names": FIRST | {"ISRO", "JAXA"},
    # each agency's item holds a <dl> of its facts: its <dd> is no member (helper-217)
    "h217_agency_items_with_facts_dl": {"ASI", "CSA", "ESA"},
}


def _acronyms(name: str) -> list[str]:
    page = (PAGES / f"{name}.html").read_bytes()
    got = extract(SITE + "members/", "text/html", page, SITE, CAPTURED)
    return [m.acronym or m.name for m in got.members or []]


@pytest.mark.parametrize("name", TRUTH)
def test_a_members_page_of_probe_29_reads_its_members_exactly(name: str) -> None:
    read = _acronyms(name)
    assert sorted(read) == sorted(TRUTH[name])


REVIEW67 = PAGES.parent / "probe22" / "review67"


@pytest.mark.parametrize(
    "name",
    [
        "t01_generic_alt_logo_src_named_then_founding",  # "nasa-logo.png", alt="logo"
        "t03_logo_alt_figcaption_names_then_chairs",  # alt="Logo", the figure's caption
        "t04_link_title_names_img_alt_image_then_founding",  # alt="image", the link's title
    ],
)
def test_a_logo_of_generic_words_is_named_by_its_card_link_or_file(name: str) -> None:
    """Named as review 67 wrote them, where they read the list below (or nothing) before."""
    page = (REVIEW67 / f"{name}.html").read_bytes()
    got = extract(SITE + "members/", "text/html", page, SITE, CAPTURED)
    assert sorted(m.key for m in got.members or []) == sorted(
        ["nasa.gov", "esa.int", "jaxa.jp", "cnes.fr", "dlr.de"]
    )


def test_a_description_lists_term_naming_observers_ends_its_members() -> None:
    page = (
        "<html><body><main><h2>Members</h2><dl><dt>Italy</dt><dd><a href='https://www.asi.it/'>"
        "Italian Space Agency</a></dd><dt>Observers</dt><dd><a href='https://www.unoosa.org/'>"
        "UNOOSA</a></dd></dl></main></body></html>"
    )
    got = extract(SITE + "members/", "text/html", page.encode(), SITE, CAPTURED)
    assert [m.acronym for m in got.members or []] == ["ASI"]


@pytest.mark.parametrize(
    ("heading", "read"),
    [("Membres / Members", True), ("Members | Mitglieder", True), ("Membres / Observers", False)],
)
def test_a_heading_in_two_languages_heads_the_members_where_both_say_so(
    heading: str, read: bool
) -> None:
    page = f"<html><body><h2>{heading}</h2><ul><li>Italian Space Agency</li></ul></body></html>"
    got = extract(SITE + "members/", "text/html", page.encode(), SITE, CAPTURED)
    assert bool(got.members) is read


def test_an_unlinked_name_in_two_languages_is_its_agencys() -> None:
    """M14 with no website linked: each name is found by either language's."""
    page = (PAGES / "M14_bilingual_names.html").read_text()
    page = re.sub(r'<a href="https?://[^"]*">(.*?)</a>', r"\1", page)
    got = extract(SITE + "members/", "text/html", page.encode(), SITE, CAPTURED)
    assert sorted(m.acronym or m.name for m in got.members or []) == sorted(
        FIRST | {"ISRO", "JAXA"}
    )


@pytest.mark.parametrize(
    ("status", "member"),
    [
        ("Former member (withdrew 2022)", False),
        ("Observer \u2013 until 2021", False),
        ("Observer (2019-2021), now member", True),  # review 63
        ("Observer (until 2020) \u2013 member since 2021", True),
    ],
)
def test_a_status_with_a_note_is_read_with_its_note(status: str, member: bool) -> None:
    page = (
        "<html><body><h2>Members</h2><table><tr><th>Agency</th><th>Status</th></tr>"
        "<tr><td>Italian Space Agency</td><td>Member</td></tr>"
        f"<tr><td>Korea AeroSpace Administration (KASA)</td><td>{status}</td></tr>"
        "</table></body></html>"
    )
    got = extract(SITE + "members/", "text/html", page.encode(), SITE, CAPTURED)
    assert ("KASA" in {m.acronym for m in got.members or []}) is member


def test_a_pane_labelled_by_a_tab_naming_observers_holds_no_members() -> None:
    page = (
        "<html><body><h2>Members</h2><div role='tablist'><a id='t1' role='tab'>Members</a>"
        "<a id='t2' role='tab'>Observers</a></div><div role='tabpanel' aria-labelledby='t1'>"
        "<ul><li>Italian Space Agency</li><li>German Aerospace Center</li></ul></div>"
        "<div role='tabpanel' aria-labelledby='t2'><ul><li>Korea AeroSpace Administration (KASA)"
        "</li></ul></div></body></html>"
    )
    got = extract(SITE + "members/", "text/html", page.encode(), SITE, CAPTURED)
    assert sorted(m.acronym or m.name for m in got.members or []) == ["ASI", "DLR"]


def test_a_flags_card_is_its_agencys_the_table_lacks_too() -> None:
    card = (
        "<div class='c'><img src='/f/{0}.svg' alt='{1}'><h4>{1}</h4>"
        "<p><a href='https://{2}/'>{3}</a></p></div>"
    )
    cards = [
        ("it", "Italy", "www.asi.it", "Italian Space Agency"),
        ("kr", "Republic of Korea", "www.kasa.go.kr", "Korea AeroSpace Administration"),
    ]
    page = f"<html><body><h1>Members</h1><div>{''.join(card.format(*c) for c in cards)}</div>"
    got = extract(SITE + "members/", "text/html", page.encode(), SITE, CAPTURED)
    assert [(m.name, m.website) for m in got.members or []] == [
        ("Italian Space Agency", "https://www.asi.it/"),
        ("Korea AeroSpace Administration", "https://www.kasa.go.kr/"),
    ]


@pytest.mark.parametrize(
    ("page", "acronyms"),
    [
        # probe 22's <dl> of linked acronyms over full names: lost before the <dd> was read
        (
            "members/cr12_craft_definition_list",
            {"NASA", "ESA", "JAXA", "CSA", "ASI", "SSAU", "ROSA"},
        ),
        # review 71's flag cards, a country's heading over the agency's line and link
        ("review71/p22_flag_card_country_heading_single", {"JAXA", "ROSA"}),
    ],
)
def test_probe_22s_dl_and_flag_cards_read_whole(page: str, acronyms: set[str]) -> None:
    html = (PAGES.parent / "probe22" / f"{page}.html").read_bytes()
    got = extract(SITE + "members/", "text/html", html, SITE, CAPTURED)
    assert sorted(m.acronym or m.name for m in got.members or []) == sorted(acronyms)


def test_an_items_list_of_facts_is_no_part_of_its_name() -> None:
    """The <dl> of facts after the agency's link: its notes, as a nested list is (helper-217:
    "Italian Space AgencyFocusLunar exploration")."""
    page = (PAGES / "h217_agency_items_with_facts_dl.html").read_bytes()
    got = extract(SITE + "members/", "text/html", page, SITE, CAPTURED)
    assert [m.name for m in got.members] == [
        "Italian Space Agency",
        "Canadian Space Agency",
        "European Space Agency",
    ]
