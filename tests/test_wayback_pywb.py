"""`isecg import-wayback` against a real pywb holding the replica at four past dates.

The shared scenario: a copy of the session's crawl of the replica (our own history, from
today) is backfilled from a pywb collection of the replica as it stood in 2009 (the portal),
2014 (the classic theme), 2019 and 2022 (the root theme), through a proxy that logs every
request. The timelines must then match the replica's ground truth at each date, and our crawl
must stay the present.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pytest
from datasette.utils import tilde_encode
from warcio.archiveiterator import ArchiveIterator

from archive.db import open_db
from archive.serve import load_metadata
from archive.snapshot import MANIFEST, snapshot
from archive.status import status
from archive.verify import verify
from scraper.build import reparse
from scraper.settings import Settings
from scraper.wayback import ImportResult, import_wayback
from tests.crawl_helpers import ISECG, Clock, Crawled, rows, run_crawl
from tests.fixtures.site import app
from tests.fixtures.site.model import load_site
from tests.fixtures.site.server import ReplicaConfig, ReplicaServer
from tests.fixtures.wayback import (
    EARLIER_PDF,
    ERAS,
    RENAMED,
    REPLACED_PDF,
    UNCHANGED_AGAIN,
    Captured,
    Era,
    pywb_serving,
    site_on,
)
from tests.serve_helpers import client_for
from tests.wayback_helpers import Proxy

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Wayback:
    url: str  # pywb's collection, through the proxy
    proxy: Proxy
    captured: list[Captured]
    base: str  # the replica's address, as in every archived URL


@pytest.fixture(scope="module")
def wayback(base_crawl: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wayback]:
    root = tmp_path_factory.mktemp("wayback")
    with pywb_serving(root / "pywb", base_crawl.url) as (collection, captured):
        host, name = collection.rsplit("/", 1)
        with Proxy(host) as proxy:
            yield Wayback(f"{proxy.url}/{name}/", proxy, captured, base_crawl.url)


def settings(wayback: Wayback, data: Path) -> Settings:
    return Settings(
        site=wayback.base + "/",
        data_dir=data,
        wayback_url=wayback.url,
        wayback_delay=0.0,
        progress=False,
    )


@dataclass(frozen=True)
class Backfilled:
    data: Path
    result: ImportResult
    replays: list[str]  # the id_ paths the import asked for
    news_before: int  # current news records of our crawl alone

    def query(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        return rows(self.data / "isecg.db", sql, params)


@pytest.fixture(scope="module")
def backfilled(
    wayback: Wayback, base_crawl: Crawled, tmp_path_factory: pytest.TempPathFactory
) -> Backfilled:
    data = base_crawl.copy(tmp_path_factory.mktemp("backfilled") / "data")
    before = rows(data / "isecg.db", "SELECT COUNT(*) FROM news WHERE removed_at IS NULL")[0][0]
    start = len(wayback.proxy.log)
    clock = Clock()
    result = import_wayback(settings(wayback, data), clock=clock, sleep=clock.sleep)
    replays = [p for p in wayback.proxy.log[start:] if "id_/" in p]
    return Backfilled(data, result, replays, int(str(before)))


def iso(timestamp: str) -> str:
    return datetime.strptime(timestamp, "%Y%m%d%H%M%S").strftime("%Y-%m-%dT%H:%M:%S.000Z")


def first_capture(wayback: Wayback, suffixes: tuple[str, ...]) -> Captured | None:
    found = [c for c in wayback.captured if c.url.removeprefix(wayback.base) in suffixes]
    return min(found, key=lambda c: c.timestamp, default=None)


def test_every_listed_capture_is_fetched_once(backfilled: Backfilled, wayback: Wayback) -> None:
    result = backfilled.result
    assert result.status == "done", result.message
    listed = backfilled.query("SELECT timestamp, url, state FROM wayback_captures")
    assert {state for *_, state in listed} == {"done"}
    assert result.fetched == len(listed) == result.listed
    asked = Counter(unquote(path.split("/", 2)[2]) for path in backfilled.replays)
    assert set(asked.values()) == {1}
    assert set(asked) == {unquote(f"{ts}id_/{url}") for ts, url, _ in listed}
    # An unchanged page captured again is listed once (collapsed on its digest).
    again = [c for c in wayback.captured if c.url == wayback.base + UNCHANGED_AGAIN]
    assert len(again) == 2
    assert [ts for ts, url, _ in listed if url == again[0].url] == [again[0].timestamp]
    assert len(listed) < len(wayback.captured)


@pytest.mark.parametrize(
    "era", [e for e in ERAS if e.generation != "portal"], ids=lambda era: era.day
)
def test_members_on_each_date(backfilled: Backfilled, era: Era) -> None:
    seen = backfilled.query(
        "SELECT o.name, o.source FROM member_observations o JOIN crawls c ON c.id = o.crawl_id"
        " WHERE c.source = 'wayback' AND substr(c.started_at, 1, 10) = ?",
        era.day,
    )
    assert sorted(str(name) for name, _ in seen) == sorted(m.name for m in site_on(era).members)
    assert {source for _, source in seen} == {"wayback"}


def test_memberships_start_at_the_first_capture_listing_them(backfilled: Backfilled) -> None:
    expected: dict[str, str] = {}
    for era in ERAS[1:]:  # the portal shows no members block
        for member in site_on(era).members:
            expected.setdefault(member.website.rstrip("/"), iso(era.time.strftime("%Y%m%d%H%M%S")))
    found = backfilled.query(
        "SELECT rtrim(a.website, '/'), m.first_seen, m.first_seen_source FROM memberships m"
        " JOIN agencies a ON a.id = m.agency_id"
    )
    assert {website: first for website, first, _ in found} == expected
    assert {source for *_, source in found} == {"wayback"}
    assert min(expected.values()).startswith("2014")


def test_posts_first_seen_at_their_first_capture(backfilled: Backfilled, wayback: Wayback) -> None:
    crawl_start = backfilled.query("SELECT started_at FROM crawls WHERE source = 'crawl'")[0][0]
    checked = 0
    for post in load_site("base").posts:
        if post.is_publication:
            continue
        first = first_capture(wayback, (f"/?p={post.id}", f"/wordpress/?p={post.id}"))
        (seen, source, record), *_ = backfilled.query(
            "SELECT n.first_seen, v.source, v.record FROM news n JOIN news_versions v"
            " ON v.record_id = n.id AND v.version = 1 WHERE n.id = ?",
            f"wp:{post.id}",
        )
        if first is None:  # never captured by the Wayback: our crawl saw it first
            assert (source, str(seen) >= str(crawl_start)) == ("crawl", True), post.id
            continue
        assert (seen, source) == (iso(first.timestamp), "wayback"), post.id
        # The Wayback version's date is the post's own, read from the page of that time.
        assert json.loads(str(record))["published"][:10] == post.published[:10], post.id
        checked += 1
    assert checked >= 10


def test_portal_items_first_seen_in_2009(backfilled: Backfilled, wayback: Wayback) -> None:
    for item in load_site("base").portal:
        first = first_capture(wayback, (f"/news/{item.date}",))
        assert first is not None
        found = backfilled.query(
            "SELECT first_seen, title FROM news WHERE id = ?", f"portal:{item.date}"
        )
        assert found == [(iso(first.timestamp), item.title)]


def test_news_as_of_a_date_counts_the_posts_its_lists_showed(backfilled: Backfilled) -> None:
    """helper-198: a post the Wayback's news lists showed, whose own page it never captured,
    was first seen by our crawl: `news_as_of` gave 7, 13 and 20 WordPress posts on days whose
    lists showed many more. A dated list entry is a sighting now (`news_listings`), and the
    News page's first page is a list (helper-199: its newest posts were still missing)."""
    sql = load_metadata()["databases"]["isecg"]["queries"]["news_as_of"]["sql"]
    published = {
        f"news:wp:{p.id}": p.published[:10] for p in load_site("base").posts if not p.is_publication
    }
    with client_for(backfilled.data) as client:
        listed_total = 0
        for era in ERAS:
            found = client.rows("/isecg.json", sql=sql, date=era.day)
            listed = [r for r in found if r["seen"] == "listed"]
            listed_total += len(listed)
            # every post the era's captured lists showed, none else: the News page's first
            # page (a page of its own, `?page_id=405`) showed the newest (extractor 48)
            posts = {str(r["record"]) for r in found if str(r["record"]).startswith("news:wp:")}
            shown = {f"news:wp:{p.id}" for p in site_on(era).news if era.generation != "portal"}
            assert posts == shown, era.day
            for row in found:  # nothing the site had not published by then
                assert published.get(str(row["record"]), era.day) <= era.day, (era.day, row)
            for row in listed:  # each from a Wayback list of then, its page captured later
                (source, at), *_ = backfilled.query(
                    "SELECT source, fetched_at FROM captures WHERE id = ?", row["capture_id"]
                )
                assert source == "wayback" and str(at) <= era.day + "T23:59:59.999Z", row
        # a post seen listed first: its record page says so, linking the list's capture
        (first,) = [r for r in found if r["seen"] == "listed"][:1]
        record = str(first["record"]).removeprefix("news:")
        page = client.get("/isecg/news/" + tilde_encode(record)).text
        assert "Seen listed first on" in page
        assert f'href="/-/capture/{first["capture_id"]}"' in page
    assert listed_total >= 10  # the demo's eras: 8, 19 and 25 posts seen listed first


def test_a_2014_copy_links_into_the_archive_and_its_record_lists_it(
    backfilled: Backfilled,
) -> None:
    """helper-200: a 2014 copy's menu linked `/wordpress/?page_id=259` (held as `?page_id=259`)
    to the reading room's own host, and other pages to the live site; the post's record page
    listed none of its captures under `/wordpress/?p=N`."""
    ((capture_id, url, at),) = backfilled.query(
        "SELECT id, url, fetched_at FROM captures WHERE source = 'wayback' AND status = 200"
        " AND url LIKE '%/wordpress/?p=%' ORDER BY id LIMIT 1"
    )
    site = str(url).split("/wordpress/", 1)[0]
    record = "wp:" + str(url).rsplit("=", 1)[1]
    with client_for(backfilled.data) as client:
        page = client.get(f"/isecg/news/{tilde_encode(record)}").text
        assert f"replay capture {capture_id}</a>" in page
        assert "in a Wayback Machine capture, read from" in page  # its first version's
        copy = client.get(f"/-/capture/{capture_id}").text
        body = copy.split("</div>", 1)[1]  # after the banner, which links the live page
        hrefs = re.findall(r'href="([^"#][^"]*)"', body)
        assert not [h for h in hrefs if h.startswith((site, "/wordpress", "?", "/?"))]
        looked_up = [html.unescape(h) for h in hrefs if h.startswith("/-/archived?")]
        assert looked_up and all(f"at={quote(str(at))}" in h for h in looked_up)
        answers = [client.get(h) for h in dict.fromkeys(looked_up)]
        assert {a.status_code for a in answers} <= {302, 404}
        opened = [a.headers["location"] for a in answers if a.status_code == 302]
        assert opened and all(o.startswith("/-/capture/") for o in opened)


def test_publications_first_seen_on_the_list_of_their_time(backfilled: Backfilled) -> None:
    for pub in load_site("base").publications:
        era = next((e for e in ERAS[1:] if pub.posted_on <= e.day), None)
        first = backfilled.query(
            "SELECT MIN(seen_at) FROM publications_versions v JOIN publications p"
            " ON p.id = v.record_id WHERE p.title = ?",
            pub.title,
        )[0][0]
        if era is None:
            assert str(first) > "2026", pub.title
        else:
            assert str(first)[:10] == era.day, pub.title


def test_a_replaced_pdf_keeps_its_earlier_version(backfilled: Backfilled) -> None:
    versions = backfilled.query(
        "SELECT version, substr(seen_at, 1, 10), source, json_extract(record, '$.text')"
        " FROM documents_versions WHERE record_id LIKE ? ORDER BY version",
        f"%{REPLACED_PDF}",
    )
    assert [v[:3] for v in versions] == [(1, "2019-11-05", "wayback"), (2, "2022-06-20", "wayback")]
    assert EARLIER_PDF[0] in str(versions[0][3])
    assert EARLIER_PDF[0] not in str(versions[1][3])  # our crawl read the 2022 bytes: no v3


def test_a_renamed_agency_is_one_agency_with_two_versions(backfilled: Backfilled) -> None:
    key, old_name = RENAMED
    member = next(m for m in load_site("base").members if m.key == key)
    versions = backfilled.query(
        "SELECT json_extract(v.record, '$.name'), substr(v.seen_at, 1, 10), v.source"
        " FROM agencies_versions v JOIN agencies a ON a.id = v.record_id"
        " WHERE rtrim(a.website, '/') = ? ORDER BY v.version",
        member.website.rstrip("/"),
    )
    assert versions == [(old_name, "2014-06-10", "wayback"), (member.name, "2019-11-05", "wayback")]


@pytest.fixture(scope="module")
def imported_alone(wayback: Wayback, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Wayback's captures imported into an empty archive: no crawl of ours to read the
    portal's items and the members block together (the live site has had no portal since
    2013, SITE.md)."""
    data = tmp_path_factory.mktemp("alone") / "data"
    clock = Clock()
    result = import_wayback(settings(wayback, data), clock=clock, sleep=clock.sleep)
    assert result.status == "done", result.message
    return data


def test_joins_are_read_whichever_slice_holds_the_post_and_the_members(
    imported_alone: Path, wayback: Wayback
) -> None:
    """helper-49: the 2009 slice holds the 2007 item naming the 14 founders and no members
    block; the 2014 slice the block and not the item. The joins were read only within one
    slice, so the founders had no joined_on and "members on 2010-01-01" listed nobody."""
    captured = {c.url.removeprefix(wayback.base) for c in wayback.captured}
    expected = {}
    for member in load_site("base").members:
        post = f"/news/{member.joined_on}" if member.announced_by is None else None
        forms = (
            [post]
            if post
            else [f"/?p={member.announced_by}", f"/wordpress/?p={member.announced_by}"]
        )
        if any(form in captured for form in forms):
            expected[member.website.rstrip("/")] = member.joined_on
    found = dict(
        rows(
            imported_alone / "isecg.db",
            "SELECT rtrim(a.website, '/'), m.joined_on FROM memberships m"
            " JOIN agencies a ON a.id = m.agency_id WHERE m.joined_on IS NOT NULL",
        )
    )
    assert list(expected.values()).count("2007-11-08") == 14
    assert found == expected
    with client_for(imported_alone) as client:
        members = client.rows("/isecg/members_on_date.json", date="2010-01-01")
    assert len(members) == 14


def test_a_crawl_finds_gone_what_only_the_wayback_held(
    imported_alone: Path, wayback: Wayback, tmp_path: Path
) -> None:
    """helper-49: the site as it is now (no portal since 2013, SITE.md; here one post gone
    too), crawled after an import alone. The backfill writes no `urls` rows, so our crawl
    never asked for those pages: the portal's items and the post stayed current for ever."""
    data = tmp_path / "data"
    shutil.copytree(imported_alone, data)
    captured = {c.url.removeprefix(wayback.base) for c in wayback.captured}
    site = load_site("base")
    gone = next(p.id for p in site.posts if f"/wordpress/?p={p.id}" in captured)
    now = replace(site, posts=tuple(p for p in site.posts if p.id != gone))

    def handler(site: Any, target: str, *args: Any, **more: Any) -> Any:
        if urlsplit(target).path.startswith("/news/"):
            return app.Response(404, b"not found", "text/html")
        return app.handle(site, target, *args, **more)

    port = urlsplit(wayback.base).port or 80  # the address every capture was made at
    with ReplicaServer(ReplicaConfig(site=now), port=port, handler=handler) as server:
        assert run_crawl(server, data).status == "done"
    answered_404 = dict(
        rows(data / "isecg.db", "SELECT url, fetched_at FROM captures WHERE status = 404")
    )
    removed = dict(rows(data / "isecg.db", "SELECT id, removed_at FROM news"))
    portal = [f"portal:{item.date}" for item in site.portal]
    assert portal and all(removed[key] for key in portal), removed
    for key in portal:
        assert removed[key] == answered_404[f"{wayback.base}/news/{key.split(':')[1]}"]
    assert removed[f"wp:{gone}"] == answered_404[f"{wayback.base}/?p={gone}"]
    assert sum(1 for at in removed.values() if at) == len(portal) + 1


def test_our_crawl_stays_the_present(backfilled: Backfilled) -> None:
    news = backfilled.query("SELECT COUNT(*) FROM news WHERE removed_at IS NULL")[0][0]
    portal = len(load_site("base").portal)
    assert news == backfilled.news_before  # the portal items were in our crawl already
    assert backfilled.query("SELECT COUNT(*) FROM news WHERE removed_at IS NOT NULL") == [(0,)]
    # Every record our crawl read was last seen by it, whatever the Wayback saw before.
    crawl_at = backfilled.query("SELECT MIN(fetched_at) FROM captures WHERE source = 'crawl'")
    last_seen = backfilled.query("SELECT MIN(last_seen) FROM news")
    assert str(last_seen[0][0]) >= str(crawl_at[0][0]) > "2026"
    portal_seen = backfilled.query("SELECT COUNT(*) FROM news WHERE id LIKE 'portal:%'")
    assert portal_seen == [(portal,)]
    db = open_db(backfilled.data / "isecg.db")
    try:
        report = status(db, 1e9)
    finally:
        db.close()
    assert [c["id"] for c in report["crawls"]] == [1]  # backfill slices are no crawls of ours
    listed = backfilled.result.listed
    assert report["backfill"] | {"first_capture": None, "last_capture": None} == {
        "listed": listed,
        "fetched": listed,
        "failed": 0,
        "left": 0,
        "later": 0,
        "first_capture": None,
        "last_capture": None,
        "slices": 4,
        "unbuilt": False,
    }


def test_the_dashboard_draws_members_from_the_backfill_on(backfilled: Backfilled) -> None:
    """The members chart, run by Datasette on the backfilled archive: the Wayback's series and
    ours, apart, the Wayback's from years before our first crawl; the crawl-health chart and
    query count our crawls only."""
    charts = load_metadata()["plugins"]["datasette-dashboards"]["archive"]["charts"]
    with client_for(backfilled.data) as client:

        def chart(name: str) -> list[dict[str, object]]:
            return client.rows("/isecg.json", sql=charts[name]["query"])

        members = chart("members-over-time")
        health = chart("crawl-health")
        crawl_health = client.rows("/isecg/crawl_health.json")
    series: dict[str, list[tuple[str, int]]] = {}
    for row in members:
        series.setdefault(str(row["series"]), []).append(
            (str(row["date"]), int(str(row["members"])))
        )
    wayback = series.pop("on the members page (Wayback captures)")
    ours = series.pop("on the members page (our crawls)")
    assert list(series) == ["joins announced on the site (cumulative)"]
    first_crawl = str(
        backfilled.query("SELECT min(started_at) FROM crawls WHERE source = 'crawl'")[0][0]
    )
    expected = [(era.day, len(site_on(era).members)) for era in ERAS if era.generation != "portal"]
    assert wayback == expected  # one point a slice that saw the members block, each distinct
    assert wayback[0][0] < ours[0][0] == first_crawl[:10]
    assert wayback[0][0].startswith("2014")
    ours_ids = {row[0] for row in backfilled.query("SELECT id FROM crawls WHERE source = 'crawl'")}
    assert {row["crawl"] for row in health} == ours_ids
    assert {row["crawl"] for row in crawl_health} == ours_ids
    assert len(ours_ids) < int(str(backfilled.query("SELECT count(*) FROM crawls")[0][0]))


def test_what_changed_defaults_to_since_our_last_crawl(backfilled: Backfilled) -> None:
    """The slices are newer rows of `crawls` than our crawl; "since the last crawl" is ours."""
    with client_for(backfilled.data) as client:
        changes = client.rows("/isecg/changes_since.json")
        everything = client.rows("/isecg/changes_since.json", since="2000-01-01")
    ours = str(backfilled.query("SELECT max(started_at) FROM crawls WHERE source = 'crawl'")[0][0])
    assert changes and all(str(row["at"]) >= ours for row in changes)
    assert min(str(row["at"]) for row in everything) < "2015"  # the backfill's, when asked


def test_an_agency_page_says_the_wayback_saw_it_first(backfilled: Backfilled) -> None:
    key, old_name = RENAMED
    member = next(m for m in load_site("base").members if m.key == key)
    ((agency_id,),) = backfilled.query(
        "SELECT id FROM agencies WHERE rtrim(website, '/') = ?", member.website.rstrip("/")
    )
    with client_for(backfilled.data) as client:
        page = client.get("/isecg/agencies/" + tilde_encode(str(agency_id))).text
    assert "first seen 2014-06-10T09:30:00.000Z (in a Wayback Machine capture)" in page
    # Seen under its old name by the 2014 slice only; under today's by two slices and our crawl.
    assert f"“{old_name}”: 2014-06-10T09:30:00.000Z to 2014-06-10T09:30:00.000Z" in page
    assert "(1 Wayback capture)" in page and "(1 crawl, 2 Wayback captures)" in page


def test_a_wayback_copy_is_cited_and_shown_as_the_wayback_s(backfilled: Backfilled) -> None:
    """Its citation and its archived copy's banner name the Wayback Machine as the capturer,
    and where and when we copied it; a capture of our own is cited as ours."""
    from archive.citation import as_text
    from archive.cite import find

    ((copy, source, retrieved),) = backfilled.query(
        "SELECT id, source_url, retrieved_at FROM captures WHERE source = 'wayback'"
        " AND content_type LIKE 'text/html%' AND status = 200 ORDER BY fetched_at LIMIT 1"
    )
    ((ours,),) = backfilled.query("SELECT min(id) FROM captures WHERE source = 'crawl'")
    db = open_db(backfilled.data / "isecg.db")
    try:
        theirs_text = as_text(find(db, f"capture:{copy}"))
        ours_text = as_text(find(db, f"capture:{ours}"))
    finally:
        db.close()
    assert "by the Internet Archive's Wayback Machine, copied into isecg-archive" in theirs_text
    assert f"from {source} on {retrieved}" in theirs_text
    assert "Wayback" not in ours_text and "by isecg-archive (capture" in ours_text
    with client_for(backfilled.data) as client:
        page = client.get(f"/-/capture/{copy}").text
    assert "by the Internet Archive's Wayback Machine (copied from" in page
    assert f"on {retrieved})" in page


def test_copies_are_kept_as_wayback_records(backfilled: Backfilled, wayback: Wayback) -> None:
    files = sorted((backfilled.data / "warc").glob("wayback-*.warc.gz"))
    assert files
    seen = 0
    for path in files:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                headers = record.rec_headers
                url = headers.get_header("WARC-Target-URI")
                assert url.startswith(wayback.base + "/"), url
                source = headers.get_header("WARC-Source-URI")
                assert source.startswith(wayback.url)
                assert unquote(f"id_/{url}") in unquote(source)
                assert headers.get_header("ISECG-Source") == "wayback"
                date = headers.get_header("WARC-Date")
                assert date[:19].replace("-", "").replace("T", "").replace(":", "") in source
                assert headers.get_header("ISECG-Retrieved-Date") > "2026"
                seen += 1
    assert seen == backfilled.result.fetched
    assert verify(backfilled.data).ok


def test_a_reparse_gives_the_same_history(backfilled: Backfilled, tmp_path: Path) -> None:
    data = tmp_path / "data"
    import shutil

    shutil.copytree(backfilled.data, data)
    query = "SELECT record_id, version, seen_at, source, record FROM {}_versions ORDER BY 1, 2"
    tables = ("news", "publications", "agencies", "documents")
    before = {t: rows(data / "isecg.db", query.format(t)) for t in tables}
    db = open_db(data / "isecg.db")
    try:
        reparse(db, data / "warc")
    finally:
        db.close()
    assert {t: rows(data / "isecg.db", query.format(t)) for t in tables} == before


def test_a_snapshot_carries_the_backfill(backfilled: Backfilled, tmp_path: Path) -> None:
    bundle = snapshot(backfilled.data, tmp_path / "snap")
    copies = sorted(p.name for p in (backfilled.data / "warc").glob("wayback-*.warc.gz"))
    assert copies and copies == sorted(p.name for p in (bundle / "warc").glob("wayback-*"))
    facts = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))
    assert [c["id"] for c in facts["crawls"]] == [1]  # our crawl; the slices are no crawls
    assert facts["backfill"]["captures"] == backfilled.result.fetched
    assert facts["backfill"]["first_capture"].startswith("2009-04-15")
    assert facts["title"].startswith("ISECG website archive, 2009-04-15 to ")


def test_a_killed_import_resumes_without_fetching_again(wayback: Wayback, tmp_path: Path) -> None:
    data = tmp_path / "data"
    args = [
        str(ISECG),
        "import-wayback",
        "--data",
        str(data),
        "--site",
        wayback.base + "/",
        "--wayback",
        wayback.url,
        "--delay",
        "0",
        "--to",
        "2014",
        "--no-progress",
    ]
    start = len(wayback.proxy.log)
    wayback.proxy.pause = 0.2  # each replay slowed, so the kill lands mid-import
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        done: list[tuple[object, ...]] = []
        deadline = time.monotonic() + 240  # a deadline, not a count: the machine may be busy
        while time.monotonic() < deadline:
            if (data / "isecg.db").exists():
                try:
                    done = rows(
                        data / "isecg.db",
                        "SELECT timestamp, url FROM wayback_captures WHERE state = 'done'",
                    )
                except sqlite3.OperationalError:
                    done = []  # the schema is still being made
            if len(done) >= 5:
                break
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        wayback.proxy.pause = 0.0
        if proc.poll() is None:
            proc.kill()
    assert len(done) >= 5
    done_before = set(
        rows(data / "isecg.db", "SELECT timestamp, url FROM wayback_captures WHERE state = 'done'")
    )
    listed = rows(data / "isecg.db", "SELECT COUNT(*) FROM wayback_captures")[0][0]
    assert len(done_before) < listed  # killed mid-way
    again = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    asked = Counter(unquote(p.split("/", 2)[2]) for p in wayback.proxy.log[start:] if "id_/" in p)
    for timestamp, url in done_before:
        assert asked[unquote(f"{timestamp}id_/{url}")] == 1, url
    assert rows(data / "isecg.db", "SELECT DISTINCT state FROM wayback_captures") == [("done",)]
    assert verify(data).ok
    assert rows(data / "isecg.db", "SELECT COUNT(*) FROM news WHERE first_seen < '2015'")[0][0] > 5


def test_a_429_with_retry_after_is_honoured(wayback: Wayback, tmp_path: Path) -> None:
    clock = Clock()
    wayback.proxy.faults["id_/"] = "120"
    start = len(wayback.proxy.log)
    result = import_wayback(
        settings(wayback, tmp_path / "data"),
        end="20091231235959",
        max_captures=2,
        clock=clock,
        sleep=clock.sleep,
    )
    replays = [p for p in wayback.proxy.log[start:] if "id_/" in p]
    assert (result.status, result.fetched, result.retries) == ("done", 2, 1)
    assert 120.0 in clock.sleeps  # waited as asked, and not slept for real
    assert replays[0] == replays[1] and len(replays) == 3  # the first asked twice
    attempts = rows(tmp_path / "data" / "isecg.db", "SELECT MAX(attempts) FROM wayback_captures")
    assert attempts == [(2,)]


def test_a_wayback_that_keeps_saying_slow_down_stops_the_import(
    wayback: Wayback, tmp_path: Path
) -> None:
    wayback.proxy.always_429 = True
    try:
        done = subprocess.run(
            [
                str(ISECG),
                "import-wayback",
                *("--data", str(tmp_path / "data"), "--site", wayback.base + "/"),
                *("--wayback", wayback.url, "--delay", "0", "--to", "2009", "--no-progress"),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        wayback.proxy.always_429 = False
    assert done.returncode == 4, done.stderr
    assert "429" in done.stderr and "run `isecg import-wayback` again" in done.stderr
    left = rows(
        tmp_path / "data" / "isecg.db",
        "SELECT state, COUNT(*) FROM wayback_captures GROUP BY state",
    )
    assert [state for state, _ in left] == ["queued"]  # nothing given up: all to do again
