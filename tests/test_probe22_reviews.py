"""Reviews 59 and 60 (helpers 117 and 118) of probe 22's rules: pages written to make them
read wrong. What they found was narrowed or dropped; each page here reads right, or lost, or
(where listed) as wrongly as before the session. Truths in tests/fixtures/probe22/review59 and
review60/expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.extract import extract
from scraper.extract.types import DateCandidate
from scraper.reconcile import merge
from tests.test_probe21 import CAPTURED, SITE

PAGES = Path(__file__).parent / "fixtures" / "probe22"
DATES = json.loads((PAGES / "review59" / "expected.json").read_text())
MEMBERS = json.loads((PAGES / "review60" / "expected.json").read_text())
# As wrong as at adcd850: a JSON-LD instant in UTC beside a byline of New York's day, and a
# <time> in UTC whose text ("Donnerstag, 15. April 2021") is read only after a posting label
WRONG_BEFORE = {"r1_04_wp_newyork_yoast_utc_late", "r2_07_de_time_weekday_text_utc"}
# Pages whose members the helper wrote to be wrong or garbled in both (an item's first line
# naming one agency, the rest another; a Kürzel column of country codes), or lost in both
MEMBERS_BEFORE = {
    "a05_bs3_accordion_role_tablist",
    "a24_first_line_other_agency",
    "a28_de_table_kuerzel_country_code",
}


def _read(page: str, name: str) -> object:
    case = {**DATES, **MEMBERS}[name]
    return extract(
        case["url"], "text/html", (PAGES / page / f"{name}.html").read_bytes(), SITE, CAPTURED
    )


POSTS = [
    n
    for n, c in DATES.items()
    if c["kind"] == "post" and not c.get("ambiguous") and n not in WRONG_BEFORE
]


@pytest.mark.parametrize("name", POSTS)
def test_a_post_of_review_59_is_dated_right_or_not_at_all(name: str) -> None:
    case, got = DATES[name], _read("review59", name)
    post = got.news[0] if got.news else None  # type: ignore[attr-defined]
    if post is not None and case.get("listed"):  # the day a news list printed beside it
        listed = DateCandidate(case["listed"], "list", case["listed"])
        post, _ = merge(case["url"], post, None, {}, listed=listed, captured_at=CAPTURED)
    published = post.published[:10] if post is not None and post.published else None
    assert published in (case["published"], None)
    if name in ("r1_08_hexo_utc_sydney", "r3_01_concrete_conversation_board_topic"):
        assert published == case["published"]  # read wrong or not at all before


@pytest.mark.parametrize("name", [n for n, c in DATES.items() if c["kind"] == "list"])
def test_a_list_of_review_59_dates_no_entry_wrong(name: str) -> None:
    dated = {str(u): d.value[:10] for u, d in _read("review59", name).list_dates.items()}  # type: ignore[attr-defined]
    truth = DATES[name]["entries"]
    assert all(truth.get(url) == day for url, day in dated.items())


@pytest.mark.parametrize("name", [n for n in MEMBERS if n not in MEMBERS_BEFORE])
def test_a_members_page_of_review_60_reads_its_members_only(name: str) -> None:
    truth = MEMBERS[name]["members"] or []
    got = _read("review60", name).members or []  # type: ignore[attr-defined]
    if all("acronym" in m for m in truth):
        assert sorted(m.acronym or "" for m in got) == sorted(m["acronym"] for m in truth)
    else:  # agencies the table does not know: no known agency read in their place
        known = {m["acronym"] for m in truth if "acronym" in m}
        assert {m.acronym for m in got if m.acronym} <= known
        assert len(got) == len(truth)


def test_an_acronym_first_line_names_no_other_agency() -> None:
    """ "CSA<br>Czech Space Agency" is not Canada's CSA, "ASA<br>Austrian Space Agency" not
    Australia's; "NASA<br>National Aeronautics and Space Administration" is NASA, its line
    break a space."""
    got = _read("review60", "a29_first_line_shared_acronym_unlinked").members or []  # type: ignore[attr-defined]
    assert {m.key for m in got} & {"asc-csa.gc.ca", "space.gov.au"} == set()
    read = _read("review60", "a01_strong_acronym_br_fullname").members or []  # type: ignore[attr-defined]
    assert ("nasa.gov", "NASA National Aeronautics and Space Administration") in {
        (m.key, m.name) for m in read
    }
