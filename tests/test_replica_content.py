"""The replica's content (tests/fixtures/site/content.json) and its exported ground truth.

Each case checks one fact, so a broken fact names itself. Facts come from shared/SITE.md
(what is known about the real site) and from the traps the replica must carry.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest

from tests.fixtures.site.model import STATES, Member, Post, Site, load_site
from tests.fixtures.site.truth import dumps, truth, truth_path

BASE = load_site("base")
LATER = load_site("later")
SITES = {"base": BASE, "later": LATER}
RAW_LATER = json.loads(
    (truth_path("base").parent.parent / "content.json").read_text(encoding="utf-8")
)["later"]

# The publications block of the 2021 home page, exactly as SITE.md records it.
HOME_PAGE_PUBLICATIONS = [
    ("ISECG Annual Report 2020", "2021-05-21"),
    ("Global Exploration Map Supplement \u2013 August 2020", "2020-08-28"),
    ("Broad public engagement in future lunar exploration", "2020-08-26"),
    ("ISECG Global Exploration Roadmap (3rd edition)", "2018-02-02"),
    (
        "Scientific opportunities enabled by human exploration beyond Low-Earth-Orbit (full)"
        " \u2013 An ISECG Science White Paper \u2013",
        "2018-01-08",
    ),
    (
        "Scientific opportunities enabled by human exploration beyond Low-Earth-Orbit (summary)",
        "2016-12-01",
    ),
    ("ISECG Terms of Reference", "2015-03-12"),
    ("Benefits Stemming from Space Exploration", "2013-09-20"),
]

# Posts SITE.md names, with their titles as seen.
KNOWN_POSTS = {
    296: "3rd Meeting of ISECG",
    358: "ISECG Reference Architecture for Human Lunar Exploration Summary Report published",
    370: "ISECG Posts Update to the Global Exploration Roadmap",
    375: "ISECG releases a document discussing the benefits stemming from Space Exploration",
    661: "ISECG Space Agencies Welcome UAE Space Agency as New Member",
    695: "ISECG Annual Report 2015 published",
    779: "ISECG Publishes Update to the Global Exploration Roadmap (3rd edition)",
    792: "2nd International Space Exploration Forum (ISEF2)",
    1006: "ISECG Membership is Further Enlarging \u2013 Six New Members",
    1109: "International Space Agencies Meet to Advance Coordination in Moon and Mars Exploration",
    1885: (
        "Collaboration Beyond Borders: Highlights from the ISECG December 2024 Meeting in Cologne"
    ),
}

FOUNDERS = {
    "ASI",
    "UKSA",
    "CNES",
    "CNSA",
    "CSA",
    "CSIRO",
    "DLR",
    "ESA",
    "ISRO",
    "JAXA",
    "KARI",
    "NASA",
    "SSAU",
    "Roscosmos",
}
# The 27 of post 1180 (ASA and CSIRO are two logos).
MEMBERS_2021 = FOUNDERS | {
    "UAESA",
    "ASA",
    "ROSA",
    "SSO",
    "POLSA",
    "LSA",
    "NOSA",
    "VNSC",
    "AEB",
    "GISTDA",
    "PT Space",
    "AEM",
    "NZSA",
}

OFFSET_CHANGE = "2018-01-01"  # the site runs at a fixed UTC+1 from here on, UTC before


def _all_posts() -> list[tuple[str, Post]]:
    return [(state, p) for state, site in SITES.items() for p in site.posts]


def _ids(cases: list[tuple[str, Post]]) -> list[str]:
    return [f"{state}-{p.id}" for state, p in cases]


def _all_members() -> list[tuple[str, Member]]:
    return [(state, m) for state, site in SITES.items() for m in site.members]


def _on_site_pdfs(html: str) -> set[str]:
    out = set()
    for href in re.findall(r'href="([^"]+\.pdf)"', html):
        parts = urlsplit(href)
        if not parts.netloc:
            out.add(parts.path)
    return out


def _utc(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).astimezone(UTC)


# --------------------------------------------------------------------------- truth files


@pytest.mark.parametrize("state", STATES)
def test_truth_file_is_current(state: str) -> None:
    """Run `python -m tests.fixtures.site.truth` after changing content.json."""
    path = truth_path(state)
    assert path.read_text(encoding="utf-8") == dumps(truth(SITES[state]))


@pytest.mark.parametrize("state", STATES)
def test_truth_states_its_state(state: str) -> None:
    assert json.loads(truth_path(state).read_text(encoding="utf-8"))["state"] == state


@pytest.mark.parametrize(
    ("key", "page_id"), [("news_list", 405), ("publications", 407), ("about", 257)]
)
def test_truth_page_ids(key: str, page_id: int) -> None:
    assert truth(BASE)["pages"][key] == page_id


@pytest.mark.parametrize("state", STATES)
def test_truth_lists_publication_posts_apart_from_news(state: str) -> None:
    data = truth(SITES[state])
    news_ids = {n["wp_id"] for n in data["news"]}
    pub_ids = {n["wp_id"] for n in data["publication_posts"]}
    assert pub_ids and not news_ids & pub_ids


# --------------------------------------------------------------------------- sizes


@pytest.mark.parametrize("state", STATES)
def test_at_least_40_news(state: str) -> None:
    assert len(SITES[state].news) >= 40


@pytest.mark.parametrize("state", STATES)
def test_at_least_20_publications(state: str) -> None:
    assert len(SITES[state].publications) >= 20


@pytest.mark.parametrize(("state", "count"), [("base", 27), ("later", 28)])
def test_member_count(state: str, count: int) -> None:
    assert len(SITES[state].members) == count


def test_base_members_are_the_27_of_2021() -> None:
    assert {m.acronym for m in BASE.members} == MEMBERS_2021


@pytest.mark.parametrize("state", STATES)
def test_member_keys_and_names_unique(state: str) -> None:
    members = SITES[state].members
    assert len({m.key for m in members}) == len({m.name for m in members}) == len(members)


@pytest.mark.parametrize("state", STATES)
def test_portal_has_pre_2013_items(state: str) -> None:
    dates = [item.date for item in SITES[state].portal]
    assert 4 <= len(dates) == len(set(dates)) and max(dates) < "2013"


# --------------------------------------------------------------------------- known facts


@pytest.mark.parametrize(("title", "posted_on"), HOME_PAGE_PUBLICATIONS)
def test_home_page_publication(title: str, posted_on: str) -> None:
    matches = [p for p in BASE.publications if p.title == title]
    assert [p.posted_on for p in matches] == [posted_on]


@pytest.mark.parametrize(("wp_id", "title"), sorted(KNOWN_POSTS.items()))
def test_known_post_title(wp_id: int, title: str) -> None:
    post = BASE.post(wp_id)
    assert post is not None and post.title == title


def test_post_1109_published() -> None:
    post = BASE.post(1109)
    assert post is not None and post.published == "2020-09-18T08:55:27+01:00"


@pytest.mark.parametrize(
    ("wp_id", "date"), [(661, "2015-10-05"), (358, "2010-07-23"), (1885, "2024-12-16")]
)
def test_post_published_date(wp_id: int, date: str) -> None:
    post = BASE.post(wp_id)
    assert post is not None and post.published[:10] == date


@pytest.mark.parametrize("year", [2011, 2013, 2018, 2024])
def test_roadmap_edition(year: int) -> None:
    assert any(p.kind == "roadmap" and p.year == year for p in BASE.publications)


@pytest.mark.parametrize(
    "kind",
    [
        "annual report",
        "roadmap",
        "supplement",
        "white paper",
        "gap assessment",
        "terms of reference",
        "strategy",
        "report",
    ],
)
def test_publication_kind_present(kind: str) -> None:
    assert any(p.kind == kind for p in BASE.publications)


@pytest.mark.parametrize(
    "prefix",
    [
        "/wordpress/wp-content/uploads/",
        "/wordpress/wp-content/isecg/",
        "/wp-content/uploads/",
        "/wordpress/docs/",
    ],
)
def test_upload_location_used(prefix: str) -> None:
    assert any(p.document.startswith(prefix) for p in BASE.publications)


# --------------------------------------------------------------------------- ids and dates


@pytest.mark.parametrize("state", STATES)
def test_post_ids_unique(state: str) -> None:
    ids = [p.id for p in SITES[state].posts]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("state", STATES)
def test_post_ids_rise_with_date(state: str) -> None:
    by_date = sorted(SITES[state].posts, key=lambda p: _utc(p.published))
    ids = [p.id for p in by_date]
    assert ids == sorted(ids)


@pytest.mark.parametrize("state", STATES)
def test_page_ids_do_not_collide_with_posts(state: str) -> None:
    site = SITES[state]
    assert not {p.id for p in site.pages} & {p.id for p in site.posts}


@pytest.mark.parametrize(("state", "post"), _all_posts(), ids=_ids(_all_posts()))
def test_post_offset(state: str, post: Post) -> None:
    want = "+01:00" if post.published[:10] >= OFFSET_CHANGE else "+00:00"
    assert post.published.endswith(want)
    assert post.modified.endswith("+01:00" if post.modified[:10] >= OFFSET_CHANGE else "+00:00")


@pytest.mark.parametrize(("state", "post"), _all_posts(), ids=_ids(_all_posts()))
def test_post_modified_not_before_published(state: str, post: Post) -> None:
    assert _utc(post.modified) >= _utc(post.published)


@pytest.mark.parametrize(("state", "post"), _all_posts(), ids=_ids(_all_posts()))
def test_dateline_printed_in_body(state: str, post: Post) -> None:
    assert post.dateline is None or post.dateline in post.body


@pytest.mark.parametrize(("state", "post"), _all_posts(), ids=_ids(_all_posts()))
def test_gutenberg_markup_from_2018(state: str, post: Post) -> None:
    gutenberg = "<!-- wp:" in post.body
    assert gutenberg == (post.published[:10] >= OFFSET_CHANGE)


def test_post_after_local_midnight_is_previous_utc_day() -> None:
    traps = [
        p.id
        for p in BASE.posts
        if _utc(p.published).date() < datetime.fromisoformat(p.published).date()
    ]
    assert traps == [874]


# --------------------------------------------------------------------------- members


@pytest.mark.parametrize(
    ("state", "member"), _all_members(), ids=[f"{s}-{m.key}" for s, m in _all_members()]
)
def test_member_joining_announced(state: str, member: Member) -> None:
    if member.announced_by is None:
        assert member.acronym in FOUNDERS and member.joined_on == "2007-11-08"
        return
    post = SITES[state].post(member.announced_by)
    assert post is not None and post.published[:10] == member.joined_on
    assert member.acronym in post.body or member.name in post.body


@pytest.mark.parametrize(
    ("wp_id", "phrase"),
    [(661, "15th member"), (1165, "27th member"), (1006, "22 member agencies")],
)
def test_membership_counts_in_text(wp_id: int, phrase: str) -> None:
    post = BASE.post(wp_id)
    assert post is not None and phrase in post.body


def test_post_1180_lists_all_27() -> None:
    post = BASE.post(1180)
    assert post is not None
    assert all(acronym in post.body for acronym in MEMBERS_2021 - {"UKSA", "UAESA"})


# --------------------------------------------------------------------------- traps


def test_banner_names_14_agencies() -> None:
    assert "set up by 14 space agencies" in BASE.banner


def test_about_page_names_14_founders() -> None:
    about = BASE.page(257)
    assert about is not None and "14 space agencies" in about.body


@pytest.mark.parametrize("flag", ["show_title", "show_date"])
def test_post_hiding_title_or_date(flag: str) -> None:
    assert any(not getattr(p, flag) for p in BASE.news)


@pytest.mark.parametrize(
    "needle",
    ["isecg-Annual-Report-2015The", "cover20161201", "24 agencies attended", "wp-image-1744"],
)
def test_trap_text_present(needle: str) -> None:
    assert any(needle in p.body for p in BASE.posts)


# --------------------------------------------------------------------------- documents


def _publication_cases() -> list[tuple[str, str]]:
    return [(s, p.document) for s, site in SITES.items() for p in site.publications]


@pytest.mark.parametrize(
    ("state", "path"), _publication_cases(), ids=[f"{s}-{p}" for s, p in _publication_cases()]
)
def test_publication_document_present(state: str, path: str) -> None:
    assert path in SITES[state].documents


def _linked_pdf_cases() -> list[tuple[str, str]]:
    cases = set()
    for state, site in SITES.items():
        for html in [p.body for p in site.posts] + [p.body for p in site.pages]:
            cases |= {(state, path) for path in _on_site_pdfs(html)}
        cases |= {(state, path) for item in site.portal for path in item.documents}
    return sorted(cases)


@pytest.mark.parametrize(
    ("state", "path"), _linked_pdf_cases(), ids=[f"{s}-{p}" for s, p in _linked_pdf_cases()]
)
def test_linked_pdf_present(state: str, path: str) -> None:
    assert path in SITES[state].documents


@pytest.mark.parametrize("path", sorted(LATER.documents))
def test_document_pages_are_short_ascii(path: str) -> None:
    pages = LATER.documents[path].pages
    assert 1 <= len(pages) <= 4
    assert all(page.isascii() and 0 < len(page) < 300 for page in pages)


# --------------------------------------------------------------------------- later state


def _diff(base: Site, later: Site) -> dict[str, set]:
    b_posts = {p.id: p for p in base.posts}
    l_posts = {p.id: p for p in later.posts}
    b_members = {m.key: m for m in base.members}
    l_members = {m.key: m for m in later.members}
    return {
        "removed": set(b_posts) - set(l_posts),
        "added": set(l_posts) - set(b_posts),
        "edited": {i for i in set(b_posts) & set(l_posts) if b_posts[i] != l_posts[i]},
        "joined": set(l_members) - set(b_members),
        "left": set(b_members) - set(l_members),
        "renamed": {k for k in set(b_members) & set(l_members) if b_members[k] != l_members[k]},
        "publications": {p.title for p in later.publications}
        - {p.title for p in base.publications},
        "documents": set(later.documents) - set(base.documents),
    }


DIFF = _diff(BASE, LATER)


@pytest.mark.parametrize(
    ("what", "expected"),
    [
        ("removed", set(RAW_LATER["remove_posts"])),
        ("added", {p["id"] for p in RAW_LATER["add_posts"]}),
        ("edited", {e["id"] for e in RAW_LATER["edit_posts"]}),
        ("joined", {m["key"] for m in RAW_LATER["add_members"]}),
        ("left", set()),
        ("renamed", {r["key"] for r in RAW_LATER["rename_members"]}),
        ("publications", {p["title"] for p in RAW_LATER["add_publications"]}),
        ("documents", {d["path"] for d in RAW_LATER["add_documents"]}),
    ],
)
def test_later_differs_exactly_as_declared(what: str, expected: set) -> None:
    assert DIFF[what] == expected


@pytest.mark.parametrize(
    "what", ["removed", "added", "edited", "joined", "renamed", "publications"]
)
def test_later_changes_one_of_each(what: str) -> None:
    assert len(DIFF[what]) == 1


def test_later_edit_is_newer_and_keeps_its_date() -> None:
    (wp_id,) = DIFF["edited"]
    before, after = BASE.post(wp_id), LATER.post(wp_id)
    assert before is not None and after is not None
    assert after.published == before.published
    assert after.title != before.title and after.body != before.body
    assert _utc(after.modified) > _utc(before.modified)


def test_later_new_post_is_newest() -> None:
    (wp_id,) = DIFF["added"]
    assert LATER.posts[0].id == wp_id == max(p.id for p in LATER.posts)


def test_later_new_member_announced_as_28th() -> None:
    (key,) = DIFF["joined"]
    member = next(m for m in LATER.members if m.key == key)
    post = LATER.post(member.announced_by or 0)
    assert post is not None and "28th member" in post.body
