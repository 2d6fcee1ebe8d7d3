"""scraper.extract.dates: every date form of the site, the offset table, plausibility, choice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from scraper.extract import dates, instants
from scraper.extract.choose import PRIORITY, choose
from scraper.extract.types import Candidate, DateCandidate

CAPTURED = datetime(2025, 12, 1, 12, 0, tzinfo=UTC)


# --- visible text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18 September 2020", "2020-09-18"),  # root theme
        ("September 18, 2020", "2020-09-18"),  # classic theme (WordPress default)
        ("Posted on 2 February, 2018", "2018-02-02"),  # publication lines
        ("Posted on 20 December, 2013", "2013-12-20"),
        ("08.11.2007", "2007-11-08"),  # portal: day first, never 11 August
        ("14.03.2008", "2008-03-14"),
        ("Published: 1st March 2018", "2018-03-01"),
        ("Friday, 18 September 2020", "2020-09-18"),
        ("Sept. 18, 2020", "2020-09-18"),
        ("18\u00a0Sep\u00a02020", "2020-09-18"),
        ("  September 18 2020. ", "2020-09-18"),
        ("2020-09-18", "2020-09-18"),
        ("On 5 October 2015", "2015-10-05"),
        # a byline's time, or the word before its author's or category's link (helper-36)
        ("Posted on September 18, 2020 at 8:55 am", "2020-09-18"),
        ("18 September 2020, 08:55", "2020-09-18"),
        ("Posted on 18 September 2020 in", "2020-09-18"),
        ("September 18, 2020 by", "2020-09-18"),
        ("18/09/2020", "2020-09-18"),  # slashes, where one order alone makes a date
        ("09/18/2020", "2020-09-18"),
        ("12/12/2024", "2024-12-12"),  # both orders, one day
        ("24-04-2024", "2024-04-24"),  # hyphens, as ISRO and Dutch sites print them
        ("04-24-2024", "2024-04-24"),
        ("Posted on 24-04-2024", "2024-04-24"),
        # probe 14: a zone, the author's name, a byline's other facts after a bar or a dot
        ("June 10, 2021 (JST)", "2021-06-10"),
        ("Jun 15, 2024, 00:30 AM By Communications Team", "2024-06-15"),
        ("Posted by Communications Team on 15 June 2024", "2024-06-15"),
        ("Posted 18 Sep 2009 by admin", "2009-09-18"),
        ("Posted by isecg on 14 Dec 2023 \u00b7 Meetings", "2023-12-14"),
        ("Posted on Dec 12, 2024 | by admin | Comments (0)", "2024-12-12"),
        # "by" in the members' languages, after a posting label (review 123)
        ("Veröffentlicht am 29. April 2024 von admin", "2024-04-29"),
        ("Publié le 15 mars 2024 par Émilie Durand", "2024-03-15"),
        ("Opublikowano 29 kwietnia 2024 przez admin", "2024-04-29"),
        # a byline's day, then its change's after a bar or a dot (helper-216's P51)
        ("12 November 2020 | Updated 24 November 2020", "2020-11-12"),
        ("12 November 2020 \u00b7 Last modified 24 Nov 2020", "2020-11-12"),
        # a slashed posting's day, then its change's, day first (helper-216's P22)
        ("Pubblicato il 07/05/2024 - Aggiornato il 10/05/2024", "2024-05-07"),
        ("Publié le 07/05/2024 | Mis à jour le 10/05/2024", "2024-05-07"),
        ("first published 20 January 2024", "2024-01-20"),  # beside a change's (P63)
    ],
)
def test_visible_forms(text: str, expected: str) -> None:
    found = dates.from_text(text, "visible")
    assert found == DateCandidate(expected, "visible", " ".join(text.split()))


@pytest.mark.parametrize(
    "text",
    [
        "10-12 March, 2009",  # a range: an event
        "March 18 \u2013 19, 2019",
        "Yokohama, Japan, 10-12 March, 2009.",  # a dateline
        "On 30th November and 2nd December 2021",
        "31 February 2020",  # no such day
        "32.01.2020",
        "Updated on 18 September 2020",  # a modification, not a publication
        "08/11/2007",  # ambiguous order: refused rather than guessed
        "31/02/2020",
        "18 September 2020 by the agencies",  # a sentence, not a byline
        "Posted by Team 15 June 2024",  # no "on": never "Team 1" and the 5th of June
        "Posted by 1 on 5 June 2024",  # a name is words
        "12 March 2021 | Meeting with ESA",  # facts after a bar follow a posting label only
        "12 March 2021 | Updates from the meeting",  # no change's word: "Updates" is a topic
        "15 June 2021 (Rome)",  # review 15: a place, not a zone
        "12 March 2021 (Fri)",
        "12 March 2021 By Order Of The Board",  # a name follows a time only
        # a change before the posting, or no day read day first: no order to trust
        "Pubblicato il 07/05/2024 - Aggiornato il 03/05/2024",
        "Pubblicato il 07/05/2024 - Aggiornato il 10/15/2024",
        "Pubblicato il 07/05/2024 - Evento il 10/05/2024",  # an event's, no change's
        "first published 20 January 2024 by NASA",  # a source
        "10 June 2021 By Invitation Only",
        "Posted on 18 September 2020 in the morning",
        "Copyright \u00a92018 ESA. All rights reserved.",
        "cover20161201",
        "September 2020",  # no day
        "",
        "The agencies met on 18 September 2020 in Paris and agreed on a plan.",
    ],
)
def test_visible_refusals(text: str) -> None:
    assert dates.from_text(text, "visible") is None


# --- ISO 8601 and the offset table -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-09-18T08:55:27+01:00", "2020-09-18T08:55:27+01:00"),  # already site time
        ("2020-09-18T07:55:27+00:00", "2020-09-18T08:55:27+01:00"),  # printed in UTC
        ("2020-09-18T07:55:27Z", "2020-09-18T08:55:27+01:00"),
        ("2020-09-18T08:55:27+0100", "2020-09-18T08:55:27+01:00"),
        ("2018-12-31T23:30:00+00:00", "2019-01-01T00:30:00+01:00"),  # UTC day is not the site's
        ("2020-09-18T08:55:27", "2020-09-18T08:55:27+01:00"),  # naive: site wall time
        ("2015-10-05T11:40:00", "2015-10-05T11:40:00+00:00"),  # before 2018 the site was UTC
        ("2015-10-05T11:40:00+00:00", "2015-10-05T11:40:00+00:00"),
        ("2020-09-18 08:55:27.250+01:00", "2020-09-18T08:55:27+01:00"),
        ("2020-09-18", "2020-09-18"),  # a day alone stays a day
    ],
)
def test_iso_forms(raw: str, expected: str) -> None:
    assert instants.from_iso(raw, "time") == DateCandidate(expected, "time", raw)


@pytest.mark.parametrize("raw", ["", "September 18, 2020", "2020-13-01T00:00:00", "garbage"])
def test_iso_refusals(raw: str) -> None:
    assert instants.from_iso(raw, "meta") is None


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(2017, 12, 31, 22, 59, 59, tzinfo=UTC), "2017-12-31T22:59:59+00:00"),
        (datetime(2017, 12, 31, 23, 0, 0, tzinfo=UTC), "2018-01-01T00:00:00+01:00"),
        (datetime(2009, 3, 20, 9, 12, tzinfo=UTC), "2009-03-20T09:12:00+00:00"),
        (datetime(2024, 8, 28, 9, 0, tzinfo=UTC), "2024-08-28T10:00:00+01:00"),  # no DST
        (datetime(2024, 1, 15, 9, 0, tzinfo=UTC), "2024-01-15T10:00:00+01:00"),
    ],
)
def test_offset_of_an_instant(instant: datetime, expected: str) -> None:
    assert instants.to_site_time(instant).isoformat() == expected


@pytest.mark.parametrize(
    ("wall", "offset"),
    [
        (datetime(2017, 12, 31, 23, 59), timedelta(0)),
        (datetime(2018, 1, 1, 0, 0), timedelta(hours=1)),
        (datetime(2007, 11, 8), timedelta(0)),
        (datetime(1999, 1, 1), timedelta(0)),  # before the table: its first offset
    ],
)
def test_offset_of_a_wall_time(wall: datetime, offset: timedelta) -> None:
    assert instants.site_offset(wall) == offset


# --- RSS and REST ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Fri, 18 Sep 2020 08:55:27 +0100", "2020-09-18T08:55:27+01:00"),
        ("Fri, 18 Sep 2020 07:55:27 GMT", "2020-09-18T08:55:27+01:00"),
        ("Fri, 18 Sep 2020 07:55:27 -0000", "2020-09-18T08:55:27+01:00"),
        ("Mon, 31 Dec 2018 23:30:00 +0000", "2019-01-01T00:30:00+01:00"),
        ("Fri, 20 Mar 2009 09:12:00 +0000", "2009-03-20T09:12:00+00:00"),
    ],
)
def test_feed_dates(raw: str, expected: str) -> None:
    assert instants.from_rfc822(raw) == DateCandidate(expected, "feed", raw)


@pytest.mark.parametrize("raw", ["", "garbage", "Fri, 99 Sep 2020 07:55:27 GMT"])
def test_feed_refusals(raw: str) -> None:
    assert instants.from_rfc822(raw) is None


@pytest.mark.parametrize(
    ("local", "gmt", "expected"),
    [
        ("2020-09-18T08:55:27", "2020-09-18T07:55:27", "2020-09-18T08:55:27+01:00"),  # SITE.md
        ("2019-01-01T00:30:00", "2018-12-31T23:30:00", "2019-01-01T00:30:00+01:00"),
        ("2013-08-20T10:30:00", "2013-08-20T10:30:00", "2013-08-20T10:30:00+00:00"),
        # the offset is the item's own, exactly, even when it is not the table's
        ("2020-09-18T08:55:27", "2020-09-18T03:25:27", "2020-09-18T08:55:27+05:30"),
        ("2020-09-18T08:55:27", "2020-09-18T09:55:27", "2020-09-18T08:55:27-01:00"),
        # no usable date_gmt: the table's offset for that wall time
        ("2020-09-18T08:55:27", None, "2020-09-18T08:55:27+01:00"),
        ("2020-09-18T08:55:27", "0000-00-00T00:00:00", "2020-09-18T08:55:27+01:00"),
        ("2020-09-18T08:55:27", "2020-09-18T08:48:27", "2020-09-18T08:55:27+01:00"),  # 7 min
        ("2020-09-18T08:55:27", "2020-09-10T08:55:27", "2020-09-18T08:55:27+01:00"),  # 8 days
    ],
)
def test_rest_dates(local: str, gmt: str | None, expected: str) -> None:
    found = instants.from_rest(local, gmt)
    assert found is not None
    assert (found.value, found.source) == (expected, "rest")


@pytest.mark.parametrize("local", [None, 5, "", "garbage", "2020-09-18"])
def test_rest_refusals(local: object) -> None:
    assert instants.from_rest(local, "2020-09-18T07:55:27") is None


# --- URLs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8080/news/2008-03-14", "2008-03-14"),
        ("http://127.0.0.1:8080/news/2008-03-14/", "2008-03-14"),
        ("https://example.org/2020/09/18/a-slug/", "2020-09-18"),
        ("http://127.0.0.1:8080/?p=1109", None),
        ("http://127.0.0.1:8080/news/2008-02-30", None),
        ("http://127.0.0.1:8080/wp-content/uploads/2020/08/GER_2020_supplement.pdf", None),
    ],
)
def test_url_dates(url: str, expected: str | None) -> None:
    found = dates.from_url(url)
    assert (found.value if found else None) == expected
    assert found is None or found.source == "url"


# --- plausibility ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2006-12-31", False),  # before ISECG
        ("2006-12-31T23:59:00+00:00", False),
        ("2007-01-01", True),
        ("2025-12-01T12:00:00+00:00", True),  # the capture itself
        ("2025-12-01T13:59:00+01:00", True),  # 12:59 UTC: within the clock skew
        ("2025-12-01T14:01:00+01:00", False),  # 13:01 UTC: after capture + skew
        ("2025-12-01", True),  # the capture's own day, in site time
        ("2025-12-02", False),
        ("2031-01-01", False),
        ("not a date", False),
    ],
)
def test_plausible(value: str, ok: bool) -> None:
    assert instants.plausible(DateCandidate(value, "meta", value), CAPTURED) is ok


def test_plausible_takes_a_naive_capture_as_utc() -> None:
    candidate = DateCandidate("2025-12-01T13:30:00+01:00", "meta", "")
    assert instants.plausible(candidate, datetime(2025, 12, 1, 12, 0))


def test_capture_day_is_the_sites_day() -> None:
    # 23:30 UTC on 31 Dec 2024 is already 1 Jan 2025 on the site.
    captured = datetime(2024, 12, 31, 23, 30, tzinfo=UTC)
    assert instants.plausible(DateCandidate("2025-01-01", "visible", ""), captured)


# --- choose ------------------------------------------------------------------------------------


def c(value: str, source: str) -> Candidate:
    return Candidate("published", value, source, value)


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        ([], None),
        ([c("2020-09-18", "url"), c("2020-09-17", "visible")], c("2020-09-17", "visible")),
        (
            [c("2020-09-18", "list"), c("2020-09-18T08:55:27+01:00", "rest")],
            c("2020-09-18T08:55:27+01:00", "rest"),
        ),
        (
            [c("2020-09-19T00:10:00+01:00", "time"), c("2020-09-18T08:55:27+01:00", "meta")],
            c("2020-09-18T08:55:27+01:00", "meta"),
        ),
        # implausible: skipped, the next source decides
        (
            [c("2031-01-01T00:00:00+01:00", "meta"), c("2020-09-18", "visible")],
            c("2020-09-18", "visible"),
        ),
        ([c("1999-01-01", "rest"), c("2020-09-18", "feed")], c("2020-09-18", "feed")),
        # a source naming two days contradicts itself: skipped
        (
            [c("2020-09-18", "visible"), c("2020-09-01", "visible"), c("2020-09-18", "list")],
            c("2020-09-18", "list"),
        ),
        # within a source a date-time beats a day alone
        (
            [c("2020-09-18", "time"), c("2020-09-18T08:55:27+01:00", "time")],
            c("2020-09-18T08:55:27+01:00", "time"),
        ),
        # a sitemap's lastmod is a modification: never a publication date
        ([c("2020-09-18T08:55:27+01:00", "sitemap")], None),
        ([c("2020-09-18", "visible"), c("2020-09-17", "visible")], None),
    ],
)
def test_choose(candidates: list[Candidate], expected: Candidate | None) -> None:
    assert choose("published", candidates, CAPTURED) == expected


def test_priority_is_documented_order() -> None:
    assert PRIORITY["published"] == (
        *("rest", "jsonld", "microdata", "meta", "time", "template", "visible", "generic"),
        *("meta-date", "list", "list-page-order", "feed", "url"),
    )
    best_first = [c("2020-09-18", s) for s in PRIORITY["published"]]
    for i in range(len(best_first)):
        assert choose("published", best_first[i:][::-1], CAPTURED) == best_first[i]


# --- datelines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Yokohama, Japan, 10-12 March, 2009. The International Space Exploration ...",
            "Yokohama, Japan, 10-12 March, 2009.",
        ),
        (
            "Noordwijk, The Netherlands, December 2-3, 2009. ESA hosted the fourth meeting",
            "Noordwijk, The Netherlands, December 2-3, 2009.",
        ),
        (
            "Noordwijk, The Netherlands: 20 July 2010. The ISECG agencies have released",
            "Noordwijk, The Netherlands: 20 July 2010.",
        ),
        ("September 20, 2013. A new ISECG paper looks", "September 20, 2013."),
        ("March 18 \u2013 19, 2019", "March 18 \u2013 19, 2019"),
        (
            "On 30th November and 2nd December 2021 the ISECG agencies met online",
            "On 30th November and 2nd December 2021",
        ),
        ("Songdo, Korea, December 7-8, 2023", "Songdo, Korea, December 7-8, 2023"),
        (
            "Washington, D.C., September 30, 2011. The agencies participating",
            "Washington, D.C., September 30, 2011.",
        ),
        ("Montreal, 4-5 March 2008. The ISECG agencies met", "Montreal, 4-5 March 2008."),
    ],
)
def test_datelines(text: str, expected: str) -> None:
    assert dates.dateline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Since the beginning of 2019 six space agencies have become members of ISECG.",
        "From 1 January the chair of ISECG rotates to a new agency for a two-year term.",
        "The ISECG Annual Report 2015 is now available.",
        "The first annual report of the International Space Exploration Coordination Group is"
        " now available. It covers the period from the founding of the group in November 2007",
        "ISECG has welcomed Portugal Space (PT Space) and the Mexican Space Agency (AEM).",
        "",
    ],
)
def test_not_datelines(text: str) -> None:
    assert dates.dateline(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "05-04-2024",  # the 5th of April or the 4th of May, alone
        "24-04/2024",  # two separators: no date
        "24-04-2024-001",  # a document's reference
        "Doc 2023-24-04-2024",
        "2023-24",  # a financial year
    ],
)
def test_hyphenated_numbers_that_are_no_day_alone_are_not_read(text: str) -> None:
    assert dates.parse_text(text) is None


def test_a_hyphenated_day_after_a_day_first_label_is_day_first() -> None:
    assert dates.parse_text("Publi\u00e9 le 05-04-2024") == date(2024, 4, 5)


def test_parse_text_returns_a_date() -> None:
    assert dates.parse_text("2 February, 2018") == date(2018, 2, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thu, 12/12/2024 - 10:15", date(2024, 12, 12)),  # Drupal's medium format
        ("Sat, 06/15/2024 - 00:30", date(2024, 6, 15)),
        ("15 June 2024 - 00:30", date(2024, 6, 15)),
        ("Sat, 05/06/2020 - 10:00", None),  # the 5th of June or the 6th of May
    ],
)
def test_a_byline_with_a_weekday_and_a_dashed_time(text: str, expected: date | None) -> None:
    assert dates.parse_text(text) == expected


def test_a_posting_day_keeps_words_after_a_dash_that_abbreviate_no_month_there() -> None:
    """Portuguese "out" and Italian "set" abbreviate months after a day ("4 out 2023"), not
    after a posting's dash: "— 3 out of 5 stars" ends no date range (review 116)."""
    assert dates.parse_text("Posted on 12 March 2024 \u2014 3 out of 5 stars") == date(2024, 3, 12)
    assert dates.parse_text("4 out 2023") == date(2023, 10, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the 2019-2020 members' languages: Norwegian, Polish, Romanian, Arabic (probe 26)
        ("8. mars 2024", date(2024, 3, 8)),
        ("12 desember 2023", date(2023, 12, 12)),
        ("29 kwietnia 2024", date(2024, 4, 29)),
        ("15 aprilie 2024", date(2024, 4, 15)),
        ("15 \u0623\u0628\u0631\u064a\u0644 2024", date(2024, 4, 15)),
        ("28 \u0623\u0628\u0631\u064a\u0644 2024 \u0645", date(2024, 4, 28)),  # "AD" after it
        ("Publisert 08.03.2024", date(2024, 3, 8)),
        ("Publisert 05/04/2024", date(2024, 4, 5)),  # a day-first language's label
        ("Opublikowano: 12 maja 2021", date(2021, 5, 12)),
        ("Publicat pe 15 aprilie 2024", date(2024, 4, 15)),
        (
            "\u062a\u0627\u0631\u064a\u062e \u0627\u0644\u0646\u0634\u0631: "
            "15 \u0623\u0628\u0631\u064a\u0644 2024",
            date(2024, 4, 15),
        ),
        # a weekday before the day only after a posting label, as in the other languages
        ("\u0627\u0644\u0625\u062b\u0646\u064a\u0646 15 \u0623\u0628\u0631\u064a\u0644 2024", None),
        ("Oppdatert 10.03.2024", None),  # a change's day
        # French's other ways to say it (probe 27: the CSA's and CNES's)
        ("Date de publication : le 4 mars 2024", date(2024, 3, 4)),
        ("Mise en ligne : 3 avril 2024", date(2024, 4, 3)),
        ("19 \u0634\u0648\u0627\u0644 1445 \u0647\u0640", None),  # the Hijri calendar's
    ],
)
def test_the_newer_members_languages(text: str, expected: date | None) -> None:
    assert dates.parse_text(text) == expected
