"""Where WordPress posts moved (archive/captures.moved_posts): each `?p=N`'s latest redirect up
to the crawl being built, so a redirect map put right moves a post again, and a reparse builds
each crawl with what was known then (helper-60)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from archive import captures, urls
from archive.db import open_db

SITE = "http://127.0.0.1:8000/"


def moves(
    tmp_path: Path, crawls: Sequence[Sequence[tuple[str, int, str | None]]]
) -> list[dict[str, tuple[int, ...]]]:
    """The moves known when each crawl is built, the answers of each crawl given in turn."""
    db = open_db(tmp_path / "isecg.db")
    for crawl_id, answers in enumerate(crawls, 1):
        db.execute(
            "INSERT INTO crawls (id, started_at, status, site, source)"
            " VALUES (?, ?, 'done', ?, 'crawl')",
            [crawl_id, f"2026-01-0{crawl_id}T00:00:00Z", SITE],
        )
        for path, status, location in answers:
            db.execute(
                "INSERT INTO captures (crawl_id, url, fetched_at, status, location, outcome,"
                " kind) VALUES (?, ?, ?, ?, ?, 'ok', 'page')",
                [crawl_id, SITE + path, f"2026-01-0{crawl_id}T00:00:01Z", status, location],
            )
    known = [captures.moved_posts(db, SITE, crawl_id) for crawl_id in range(1, len(crawls) + 1)]
    db.close()
    return known


def test_a_redirect_map_put_right_moves_the_post_again(tmp_path: Path) -> None:
    wrong = [("?p=1700", 301, "/news/lunar"), ("?p=1820", 301, "/news/lunar")]
    right = [("?p=1700", 301, "/news/songdo"), ("?p=1820", 301, "/news/lunar")]
    then, now = moves(tmp_path, [wrong, right])
    assert then == {SITE + "news/lunar": (1700, 1820)}
    assert now == {SITE + "news/lunar": (1820,), SITE + "news/songdo": (1700,)}


def test_a_move_stands_once_the_redirect_is_switched_off(tmp_path: Path) -> None:
    first, later = moves(tmp_path, [[("?p=805", 301, "/news/iac")], [("?p=805", 404, None)]])
    assert first == later == {SITE + "news/iac": (805,)}


def test_a_move_is_not_known_before_the_crawl_that_saw_it(tmp_path: Path) -> None:
    before, after = moves(tmp_path, [[("?p=805", 200, None)], [("?p=805", 301, "/news/iac")]])
    assert before == {} and after == {SITE + "news/iac": (805,)}


def test_a_later_redirect_to_the_home_page_or_the_post_itself_forgets_no_move(
    tmp_path: Path,
) -> None:
    """helper-61: `?p=805` sent to the home page, or to `/wordpress/?p=805`, later says nothing
    of where the post went: it stays at /news/iac."""
    first = [("?p=805", 301, "/news/iac"), ("?p=806", 301, "/news/iac-2")]
    later = [("?p=805", 301, "/"), ("?p=806", 301, "/news")]
    again = [("?p=805", 301, "/wordpress/?p=805")]
    known = moves(tmp_path, [first, later, again])
    assert known[-1] == {SITE + "news/iac": (805,), SITE + "news/iac-2": (806,)}


@pytest.mark.parametrize(
    ("location", "lands"),
    [
        ("\\news\\new-slug\\", "news/new-slug/"),  # backslashes: a path, as a browser reads it
        ("https:///news/new-slug/", None),  # no path on the site: the host "news"
    ],
)
def test_a_move_is_read_from_its_location_as_the_crawl_followed_it(
    location: str, lands: str | None
) -> None:
    """helper-209: the archive read Locations with urljoin, the crawl as a browser does; a
    post was credited with a move the crawl never followed (`https:///news/...`), or a move
    followed was missed (`\\news\\...`)."""
    site = "https://www.globalspaceexploration.org/"
    target = captures._target(site + "?p=5", location, site)
    assert target == (site + lands if lands else "https://news/new-slug/")
    assert target is not None and urls.is_on_site(target, site) == (lands is not None)
