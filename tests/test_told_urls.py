"""Which listing pages a crawl's answers say something about (archive/captures.told_urls): a
publication listed nowhere is removed at its listing page's answer only when that answer says
what the page holds now."""

from __future__ import annotations

from pathlib import Path

from archive import captures
from archive.db import open_db

SITE = "http://127.0.0.1:8000/"


def told(tmp_path: Path, answers: list[tuple[str, int, str | None]]) -> set[str]:
    db = open_db(tmp_path / "isecg.db")
    db.execute(
        "INSERT INTO crawls (id, started_at, status, site, source)"
        " VALUES (1, '2026-01-01T00:00:00Z', 'done', ?, 'crawl')",
        [SITE],
    )
    for n, (path, status, location) in enumerate(answers):
        db.execute(
            "INSERT INTO captures (crawl_id, url, fetched_at, status, location, outcome, kind)"
            " VALUES (1, ?, ?, ?, ?, 'ok', 'page')",
            [SITE + path, f"2026-01-01T00:00:0{n}Z", status, location],
        )
    found = {url.removeprefix(SITE) for url in captures.told_urls(db, 1, SITE)}
    db.close()
    return found


def test_a_chain_of_redirects_to_a_page_read_tells(tmp_path: Path) -> None:
    """helper-54: 301 then 302 to the listing's first page told nothing; one hop did."""
    found = told(
        tmp_path,
        [
            ("publications/page/3", 301, SITE + "moved"),
            ("moved", 302, "/publications"),
            ("publications", 200, None),
            ("publications/page/4", 301, SITE + "publications"),
        ],
    )
    assert found == {"publications", "publications/page/3", "publications/page/4", "moved"}


def test_a_redirect_to_no_address_tells_nothing_and_breaks_nothing(tmp_path: Path) -> None:
    """helper-54: Location on port 99999 raised ValueError out of the build: the crawl failed
    (exit 1) and every reparse after it."""
    found = told(tmp_path, [("publications/page/2", 301, "http://127.0.0.1:99999/moved/")])
    assert found == set()


def test_a_redirect_to_itself_in_another_form_tells_nothing(tmp_path: Path) -> None:
    found = told(tmp_path, [("?page_id=407&paged=2", 301, "?page_id=407&paged=2&utm_source=x")])
    assert found == set()


def test_an_unchanged_answer_tells_what_the_page_holds(tmp_path: Path) -> None:
    """helper-196: a listing page answering 304 (its archived copy still standing) was taken
    for a redirect with no Location, so it told nothing: a publication it stopped listing on
    a night it was read whole was never marked removed, night after night."""
    found = told(tmp_path, [("?page_id=407", 304, None), ("?page_id=405", 200, None)])
    assert found == {"?page_id=407", "?page_id=405"}
