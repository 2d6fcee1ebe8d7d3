"""Removals apply only in a crawl that read the site: its home page and its list pages answered
and gave records. A crawl that met a broken site removes nothing and says why (issue 10).

One replica serves every case: the small replica (tests/fixtures/site/small.py: two pages of
each list, every member), crawled once in its base state; each test copies that archive and
crawls the same server again, with the site changed (a post, a publication and a member gone)
and, in the failing cases, broken in one way.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from archive.status import format_status, status
from tests.crawl_helpers import rows, run_crawl
from tests.fixtures.site import app
from tests.fixtures.site.model import Site
from tests.fixtures.site.server import ReplicaConfig, ReplicaServer
from tests.fixtures.site.small import small_site

BASE, LATER = small_site("base"), small_site("later")
PAGE_IDS = {page.title: page.id for page in BASE.pages}
NEWS_LIST, PUBLICATIONS = f"/?page_id={PAGE_IDS['News']}", f"/?page_id={PAGE_IDS['Publications']}"


# How the site breaks in the second crawl: (request target, the app's answer) -> the status to
# answer instead, or None to answer as the app did. REST, feeds, sitemaps and files keep
# answering in every case, so the crawl still finds every post and the breakage is all there
# is to notice.
BREAKAGES: dict[str, Callable[[str, app.Response], int | None]] = {
    "home answers 500": lambda target, _: 500 if target == "/" else None,
    "every page answers 404": lambda _, answer: 404 if "html" in answer.content_type else None,
    "news lists answer 503": lambda target, _: (
        503 if target.startswith((NEWS_LIST, "/?cat=")) else None
    ),
    "publications pages answer 503": lambda target, _: (
        503 if target.startswith(PUBLICATIONS) else None
    ),
    # Alone, with the other list pages read, no kind of record falls far enough to be flagged.
    "the first publications page answers 503": lambda target, _: (
        503 if target == PUBLICATIONS else None
    ),
}


# The reason the build gives for each (one of them, where there are several).
REASONS = {
    "home answers 500": "the home page answered 500",
    "every page answers 404": "the home page answered 404",
    "news lists answer 503": "no news list page was read",
    "publications pages answer 503": "no publications page was read",
    "the first publications page answers 503": f"1 page did not answer, e.g. {{url}}{PUBLICATIONS}",
}


def broken(breakage: str | None, target: str, answer: app.Response) -> app.Response:
    status = BREAKAGES[breakage](target, answer) if breakage else None
    if status is None:
        return answer
    return app.Response(status, f"<h1>{status}</h1>".encode(), "text/html; charset=UTF-8")


@dataclass
class Replica:
    server: ReplicaServer
    base_archive: Path  # the base state crawled once; tests crawl copies of it
    breakage: str | None = None


@pytest.fixture(scope="module")
def replica(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replica]:
    holder: list[Replica] = []

    def handler(site: Site, target: str, base_url: str, rest: str, **more: Any) -> Any:
        return broken(holder[0].breakage, target, app.handle(site, target, base_url, rest, **more))

    with ReplicaServer(ReplicaConfig(small=True), handler=handler) as server:
        holder.append(Replica(server, tmp_path_factory.mktemp("base")))
        first = run_crawl(server, holder[0].base_archive)
        assert first.status == "done", first.message
        yield holder[0]


@dataclass(frozen=True)
class Gone:
    post: int  # wp_id of the post whose page now answers 404
    document: str  # document path of the publication no longer listed
    acronym: str  # the member no longer in the members block


def changed_site() -> tuple[Site, Gone]:
    """The later state with, besides its own removed post, a publication and a member gone."""
    (post,) = {p.id for p in BASE.posts} - {p.id for p in LATER.posts}
    names = {m.acronym: m.name for m in BASE.members}
    member = next(m for m in LATER.members if names.get(m.acronym) == m.name)
    site = replace(
        LATER,
        publications=LATER.publications[:-1],
        members=tuple(m for m in LATER.members if m is not member),
    )
    return site, Gone(post, LATER.publications[-1].document, member.acronym)


@pytest.fixture(scope="module")
def second_crawl(replica: Replica, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """crawl(breakage) -> the data dir of a copy of the base archive crawled again, the site
    changed and broken as asked. Each case is crawled once, whichever test asks first."""
    done: dict[str | None, Path] = {}

    def crawl(breakage: str | None) -> Path:
        if breakage not in done:
            data = tmp_path_factory.mktemp("second") / "data"
            shutil.copytree(replica.base_archive, data)
            replica.server.configure(site=changed_site()[0])
            replica.breakage = breakage
            try:
                run_crawl(replica.server, data)
            finally:
                replica.server.configure(site=None)
                replica.breakage = None
            done[breakage] = data
        return done[breakage]

    yield crawl


def removals(db: Path) -> dict[str, list[Any]]:
    return {
        "news": rows(db, "SELECT wp_id FROM news WHERE removed_at IS NOT NULL"),
        "publications": rows(
            db, "SELECT document_url FROM publications WHERE removed_at IS NOT NULL"
        ),
        "members left": rows(
            db,
            "SELECT a.acronym FROM memberships m JOIN agencies a ON a.id = m.agency_id"
            " WHERE m.left_on IS NOT NULL",
        ),
        "agencies removed": rows(db, "SELECT acronym FROM agencies WHERE removed_at IS NOT NULL"),
    }


def test_a_crawl_that_read_the_site_applies_its_removals(replica: Replica, second_crawl: Any):
    data = second_crawl(None)
    _, gone = changed_site()
    assert removals(data / "isecg.db") == {
        "news": [(gone.post,)],
        "publications": [(replica.server.url + gone.document,)],
        "members left": [(gone.acronym,)],
        "agencies removed": [(gone.acronym,)],
    }


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_crawl_of_a_broken_site_removes_nothing(second_crawl: Any, breakage: str):
    data = second_crawl(breakage)
    assert removals(data / "isecg.db") == {
        "news": [],
        "publications": [],
        "members left": [],
        "agencies removed": [],
    }


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_status_says_why_removals_were_skipped(replica: Replica, second_crawl: Any, breakage: str):
    data = second_crawl(breakage)
    db = sqlite_utils.Database(sqlite3.connect(data / "isecg.db"))
    report = status(db, max_age_hours=24, now=datetime(2030, 1, 1, tzinfo=UTC))
    (line,) = [line for line in format_status(report).splitlines() if line.startswith("crawl 2 ")]
    assert "removals skipped: " in line
    assert REASONS[breakage].format(url=replica.server.url) in line


def test_a_healthy_crawl_notes_no_skipped_removals(second_crawl: Any):
    data = second_crawl(None)
    (notes,) = rows(data / "isecg.db", "SELECT notes FROM build_stats WHERE crawl_id = 2")[0]
    assert "removals skipped" not in (notes or "")


def test_a_broken_site_removes_nothing_even_without_a_trusted_baseline(
    replica: Replica, tmp_path: Path
):
    """The issue's case: a site answering 404 everywhere after a good crawl whose build carried
    a flag (as a live crawl's often does), so the guard that compares counts with the last
    trusted build has nothing to compare with. The old code marked 59 of 64 posts removed."""
    data = tmp_path / "data"
    shutil.copytree(replica.base_archive, data)
    with sqlite3.connect(data / "isecg.db") as conn:
        conn.execute("UPDATE build_stats SET flags = '[\"an earlier flag\"]' WHERE crawl_id = 1")
    replica.breakage = "every page answers 404"
    try:
        run_crawl(replica.server, data)
    finally:
        replica.breakage = None
    count = "SELECT COUNT(*) FROM news"
    assert rows(data / "isecg.db", count) == rows(replica.base_archive / "isecg.db", count)
    assert rows(data / "isecg.db", count)[0][0] >= len(BASE.news)
    assert removals(data / "isecg.db") == {
        "news": [],
        "publications": [],
        "members left": [],
        "agencies removed": [],
    }


@pytest.mark.parametrize("missing", [2, 5])
def test_a_members_block_missing_many_members_at_once_is_held_back(
    replica: Replica, tmp_path: Path, missing: int
):
    """A sub-heading ending the block early, or a neighbouring list taken for it, marked 13
    or all 27 members left while the count stayed above half. ISECG has only grown: more than
    two members missing at once holds the block back and flags the crawl; two are recorded."""
    data = tmp_path / "data"
    shutil.copytree(replica.base_archive, data)
    kept = BASE.members[:-missing]
    replica.server.configure(site=replace(BASE, members=kept))
    try:
        result = run_crawl(replica.server, data)
    finally:
        replica.server.configure(site=None)
    left = sorted(acronym for (acronym,) in removals(data / "isecg.db")["members left"])
    if missing == 2:
        assert result.status == "done"
        assert left == sorted(m.acronym for m in BASE.members[-2:])
    else:
        assert result.status == "unhealthy" and left == []
        assert any(
            f"5 of the {len(BASE.members)} members were missing" in flag
            for flag in result.records.flags
        )
