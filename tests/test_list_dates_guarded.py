"""What the list reader still refuses after it learnt to read bylines, table columns and
creation marks (tests/test_extract_cms.py): a date with its time or in slashes that nothing
names the posting's may be an event's; a modification or a bare Dublin Core date is no
creation; a bare "date" class in a post's text may be any day. Each case is a news list whose
entry would otherwise be dated, beside a control that is."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.extract.lists import list_dates

SITE = "https://www.globalspaceexploration.org/"
URL = SITE + "?cat=3"


def dated(entry: str) -> dict[str, str]:
    """The days a list of one entry (linking ?p=1885) gives."""
    html = (
        "<html><body><main><h1>News</h1>"
        f'<div class="views-row">{entry}</div>'
        '<div class="views-row"><h2><a href="/?p=1700">Another post</a></h2></div>'
        "</main></body></html>"
    )
    return {str(k): v.value[:10] for k, v in list_dates(URL, html, SITE).items()}


LINK = '<h2><a href="/?p=1885">Cologne meeting</a></h2>'


@pytest.mark.parametrize(
    ("control", "refused"),
    [
        (
            f'{LINK}<p>Submitted by <span class="username">admin</span> on Thu, 12/12/2024 -'
            " 10:15</p>",
            f'{LINK}<p>Meeting with <span class="username">ESA</span> on Thu, 12/12/2024 -'
            " 10:15</p>",
        ),
        (
            f"{LINK}<p><span>published</span> Dec 12, 2024 10:15 AM</p>",
            f"{LINK}<p><span>last modified</span> Dec 12, 2024 10:15 AM</p>",
        ),
        (
            f'{LINK}<span property="dc:date dc:created" content="2024-12-12T10:15:00+01:00">'
            "Thursday</span>",
            f'{LINK}<span property="dc:modified" content="2024-12-12T10:15:00+01:00">'
            "Thursday</span>",
        ),
        (
            f'{LINK}<span property="dc:created" content="2024-12-12T10:15:00+01:00"></span>',
            f'{LINK}<span property="dc:date" content="2024-12-12T10:15:00+01:00"></span>',
        ),
        (
            '<a href="/?p=1885"><div class="card-content"><h3>Cologne meeting</h3>'
            '<div class="news-date">12 December 2024</div></div></a>',
            '<a href="/?p=1885"><div class="card-content"><h3>Cologne meeting</h3>'
            '<div class="date">12 December 2024</div></div></a>',
        ),
        (
            f'{LINK}<span class="post-meta__date" title="Dec 12, 2024">2 days ago</span>',
            f'{LINK}<span class="post-meta__event-date" title="Dec 12, 2024">in 2 days</span>',
        ),
        (
            f'{LINK}<div class="grid-item__date">12/12/2024</div>',
            f'{LINK}<div class="grid-item__closing-date">12/12/2024</div>',
        ),
    ],
    ids=[
        *("byline", "modified", "rdfa-modified", "dc-date", "date-class", "title-attribute"),
        "slashed-in-date-class",
    ],
)
def test_only_what_names_the_posting_dates_an_entry(control: str, refused: str) -> None:
    assert dated(control) == {"1885": "2024-12-12"}
    assert dated(refused) == {}


def test_a_column_headed_otherwise_dates_nothing_with_its_time() -> None:
    def table(header: str) -> str:
        return (
            f"<table><thead><tr><th>Title</th><th>{header}</th></tr></thead><tbody>"
            f'<tr><td><a href="/?p=1885">Cologne</a></td><td>December 12, 2024 - 10:15</td></tr>'
            "</tbody></table>"
        )

    assert dated(table("Post date")) == {"1885": "2024-12-12"}
    assert dated(table("Meeting")) == {}
    assert dated(table("Date")) == {}


def test_slashes_in_a_date_class_are_read_only_where_one_order_is_possible() -> None:
    assert dated(f'{LINK}<div class="grid-item__date">26/03/2020</div>') == {"1885": "2020-03-26"}
    assert dated(f'{LINK}<div class="grid-item__date">10/06/2021</div>') == {}  # June? October?


REVIEW = Path(__file__).parent / "fixtures" / "lists_review14"
# Review 14 (helper-63) wrote these against the first version of this reader: each gave an
# event's, a meeting's or an update's day as the entry's (the days in the file's comments).
WRONG_BEFORE = sorted(p.stem for p in REVIEW.glob("*.html") if not p.stem.startswith("held"))
HELD = {  # and these it read right, and still must
    "held_d3_two_header_rows": {"1885": "2021-01-20"},
    "held_f1_item_date_in_content_with_theme_date": {"1885": "2021-05-20", "1700": "2021-04-02"},
}


@pytest.mark.parametrize("name", WRONG_BEFORE)
def test_review_14s_lists_date_no_entry_by_anothers_day(name: str) -> None:
    """'Public lecture', 'Postponed to', 'Poster session', 'Posted in Meetings' before a
    meeting's day; 'Last updated by John Smith on'; 'Keynote, by ESA on'; a 'Post date'
    column shifted by a rowspan or a colspan; an 'item-date' in a post's own text."""
    assert len(WRONG_BEFORE) == 15
    html = (REVIEW / f"{name}.html").read_text()
    assert {str(k): v.value[:10] for k, v in list_dates(URL, html, SITE).items()} == {}


@pytest.mark.parametrize(("name", "days"), HELD.items())
def test_review_14s_lists_that_held_still_do(name: str, days: dict[str, str]) -> None:
    html = (REVIEW / f"{name}.html").read_text()
    assert {str(k): v.value[:10] for k, v in list_dates(URL, html, SITE).items()} == days


@pytest.mark.parametrize(
    ("entry", "day"),
    [
        # a card's content block holding its title: its <time> is the entry's (CNES's cards,
        # probe 26: every entry undated)
        (
            '<a href="/?p=1885"><div class="card__content"><h2>Cologne meeting</h2>'
            '<div class="card__meta"><time datetime="2024-04-25">25 avril 2024</time></div>'
            "</div></a>",
            "2024-04-25",
        ),
        # nor one in a sentence of the card's content: an event's (review 120)
        (
            '<a href="/?p=1885"><div class="card__content"><h2>Cologne meeting</h2>'
            '<p>Join us on <time datetime="2024-05-22">22 May</time></p></div></a>',
            None,
        ),
        # an excerpt's <time> (no heading in it) is any day the post speaks of
        (
            f'{LINK}<div class="post-content"><p>The workshop on '
            '<time datetime="2024-06-03">3 June 2024</time> will follow.</p></div>',
            None,
        ),
    ],
)
def test_a_time_in_a_cards_content_block_dates_it_and_not_one_in_an_excerpt(
    entry: str, day: str | None
) -> None:
    assert dated(entry).get("1885") == day
