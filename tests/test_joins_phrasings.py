"""Join announcements in phrasings helper-218's probe found unread (tests/test_joins218.py), and
the sentences beside them that must stay no join: an ordinal ("as its 28th member"), an
addition or admission to the membership, "is now a member", a look back or an observer's seat
in a clause of its own. A join read where there is none dates the membership by that post."""

from __future__ import annotations

import pytest

from scraper.extract.joindays import stated_day
from scraper.extract.joins import announced_joins, announced_members
from scraper.extract.types import Member, News
from tests.test_extract_members import home_members


@pytest.fixture(scope="module")
def members() -> list[Member]:
    return home_members("later")


def _acronyms(members: list[Member], text: str, day: str = "2021-04-12") -> list[str]:
    news = News("http://x/?p=1", 1, "", "rest", day + "T10:00:00+00:00", "rest", body_text=text)
    acronyms = {m.key: m.acronym or m.key for m in members}
    return [acronyms[key] for key in announced_members(news, members)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an ordinal, not "new"
        ("ISECG welcomes the New Zealand Space Agency (NZSA) as its 27th member.", ["NZSA"]),
        ("The group welcomed NZSA as the 27th member of ISECG.", ["NZSA"]),
        ("ISECG welcomed ROSA and SSO as new members to the group.", ["ROSA", "SSO"]),
        ("ISECG welcomed NASA as the 1st member to publish its exploration plan.", []),
        # the membership grown by an agency
        (
            "ISECG membership grows to 27 with the addition of the New Zealand Space Agency.",
            ["NZSA"],
        ),
        ("With the admission of NZSA, ISECG now counts 27 member agencies.", ["NZSA"]),
        ("The IAF membership grew to 400 with the addition of NZSA.", []),
        ("In 2021, membership grew to 27 with the addition of NZSA.", ["NZSA"]),
        ("The group's membership grew with the addition of NZSA.", ["NZSA"]),
        ("With the addition of NZSA, the group has twenty-seven agencies.", ["NZSA"]),
        ("With the addition of ESA experts, ISECG revised the roadmap.", []),
        ("With the addition of ESA experts, ISECG has 3 working groups.", []),
        # "is now a member", but not told in passing
        ("The New Zealand Space Agency is now a member of ISECG.", ["NZSA"]),
        ("NZSA, which is now a member of ISECG, hosted the workshop.", []),
        ("NZSA became a member of ISECG at the April plenary.", ["NZSA"]),
        ("NZSA, which became a member of ISECG, hosted the workshop.", []),
        ("NZSA became a member of the IAF.", []),
        # a look back in a clause of its own, the join beside it
        ("ESA and NASA, members since 2007, welcomed NZSA as a new member.", ["NZSA"]),
        ("ROSA has joined ISECG; Roscosmos has been a member since the beginning.", ["ROSA"]),
        ("ISECG welcomed NZSA as its 27th member, the tenth agency to join since 2019.", ["NZSA"]),
        # a look back and nothing more
        ("Since 2019, ROSA, SSO and POLSA have joined ISECG.", []),
        ("Six agencies, ROSA among them, have joined ISECG since 2019.", []),
        ("ISECG has welcomed ROSA, SSO and POLSA as new members since 2019.", []),
        # an observer's seat in a clause after the join; an observer joining is no member
        (
            "ISECG welcomed ROSA, SSO and POLSA as new members, and ESA as an observer.",
            ["ROSA", "SSO", "POLSA"],
        ),
        ("NZSA has joined ISECG, while UKSA attends as an observer.", ["NZSA"]),
        # the joiner's own seat an observer's, in a clause after the join
        ("NZSA has joined ISECG, but only as an observer.", []),
        ("NZSA and SSO have joined ISECG, but SSO only as an observer.", []),
        ("NZSA has joined ISECG as an observer.", []),
        # agencies named by their countries, each with one member (Australia has two)
        (
            "The Portuguese and Mexican space agencies were welcomed as new members.",
            ["PT Space", "AEM"],
        ),
        (
            "ISECG welcomed the Thai, Brazilian and Portuguese space agencies as new members.",
            ["GISTDA", "AEB", "PT Space"],
        ),
        ("ISECG welcomed the Australian and Swiss space agencies as new members.", ["SSO"]),
        ("The Portuguese and Mexican space agencies' delegates have been welcomed.", []),
        # the ones joining with the subject, the ones a welcome names as admitted
        (
            "The Norwegian Space Agency has joined ISECG together with LSA and VNSC.",
            ["NOSA", "LSA", "VNSC"],
        ),
        ("KARI joined ISECG along with NASA's support.", ["KARI"]),
        (
            "PhilSA has joined ISECG alongside 27 other space agencies, including NASA and ESA.",
            ["PhilSA"],
        ),
        ("NZSA has joined ISECG together with ESA experts to study lunar science.", ["NZSA"]),
        (
            "ISECG welcomes LSA, NOSA and VNSC, which were admitted at the April meeting.",
            ["LSA", "NOSA", "VNSC"],
        ),
        ("ISECG welcomes NASA, which was admitted to the meeting as a guest.", []),
        ("The heads welcomed the ESA and JAXA proposals, which were accepted unanimously.", []),
        ("The chair welcomed the NASA administrator, who was admitted into the IAF Hall.", []),
        ("ISECG welcomed LSA and VNSC, which were accepted as new members.", ["LSA", "VNSC"]),
        # a join told in passing, in a clause of the sentence's subject
        ("The Swiss Space Office, which recently joined ISECG, will host the plenary.", []),
        ("ISECG's 2017 plenary, where AEB joined ISECG, was hosted by ASI.", []),
        ("At the 2020 plenary, where the roadmap was presented, AEB joined ISECG.", ["AEB"]),
        ("NASA opened the meeting, which then welcomed AEB as a new member.", ["AEB"]),
        ("ISECG welcomed NZSA as an observer, and as a new member next year.", []),
    ],
)
def test_join_phrasings(members: list[Member], text: str, expected: list[str]) -> None:
    assert _acronyms(members, text) == expected


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("PhilSA joined ISECG on 20 January 2025, becoming its newest member.", "2025-01-20"),
        ("KASA joined ISECG on Wednesday, 20 January 2025 in Paris.", "2025-01-20"),
        ("ISECG welcomed KASA as a new member on December 5, 2024.", "2024-12-05"),
        ("KASA became a member of ISECG on 20 January 2025.", "2025-01-20"),
        ("AEM joined ISECG at its December meeting, effective 1 January 2021.", "2021-01-01"),
        # the announcement's day, an event's, two days, no day
        ("PhilSA has joined ISECG, JAXA announced on 22 January 2025.", None),
        ("At the plenary on 5 December 2024, KASA joined ISECG.", None),
        ("KASA joined ISECG on 20 January 2025 and was welcomed on 21 January 2025.", None),
        ("KASA joined ISECG on the first day of the meeting.", None),
        ("KASA joined ISECG on 5/6/2024.", None),  # the 5th of June or the 6th of May
        # a day "on" names further on is another event's, one to come, or another's join
        ("PhilSA has joined ISECG and will host a workshop on 5 March 2025.", None),
        ("PhilSA joined ISECG after the meeting on 20 January 2025.", None),
        ("PhilSA joined ISECG, which met on 20 January 2025.", None),
        ("PhilSA joined ISECG; the Artemis Accords were signed on 20 January 2025.", None),
        ("PhilSA joined ISECG in 2024 and hosted the members on 5 March 2025.", None),
        ("ISECG welcomed PhilSA as a new member; KASA will join on 1 March 2025.", None),
        ("PhilSA has joined ISECG, nine years after AEB joined on 5 May 2016.", None),
        ("PhilSA joined ISECG today, following ROSA, which joined on 5 May 2019.", None),
        ("PhilSA joined ISECG, and the new rules are effective 1 March 2025.", None),
        ("PhilSA and KASA joined ISECG on 20 January and 3 February 2025 respectively.", None),
        ("PhilSA became a member of the group on 20 January 2025.", "2025-01-20"),
    ],
)
def test_the_day_a_join_sentence_gives(text: str, day: str | None) -> None:
    assert stated_day(text) == day


def test_a_day_told_before_an_agency_is_named_is_not_its_join_day(members: list[Member]) -> None:
    text = "PhilSA joined ISECG on 20 January 2025, while NZSA has joined ISECG today."
    news = News("http://x/?p=1", 1, "", "rest", "2025-01-27T10:00:00+00:00", "rest", body_text=text)
    acronyms = {m.key: m.acronym for m in members}
    read = [(acronyms[key], day) for key, day in announced_joins(news, members)]
    assert read == [("PhilSA", "2025-01-20"), ("NZSA", None)]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2019-06-10", ["ROSA", "SSO", "POLSA"]),
        ("2020-12-01", ["ROSA", "SSO", "POLSA"]),
        ("2021-03-01", []),
        ("2024-05-01", []),
    ],
)
def test_a_join_in_a_year_two_or_more_before_the_post_is_told_again(
    members: list[Member], day: str, expected: list[str]
) -> None:
    assert _acronyms(members, "ROSA, SSO and POLSA joined ISECG in 2019.", day) == expected
    became = "ROSA, SSO and POLSA became members of ISECG in 2019."
    assert _acronyms(members, became, day) == expected
