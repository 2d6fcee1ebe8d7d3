"""Pages read while the crawl fetches (scraper/early.py) give the very rows the build reading
them itself gives, and the build reads again whatever was not read as it would read it: a
page sent before REST gave its post whole, readings made with other templates, a worker that
died. A real worker process reads a real crawl's WARC records throughout."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from archive import builds, captures, urls
from archive import templates as templates_table
from archive.captures import Readable
from archive.db import open_db
from scraper import build
from scraper.early import MAX_BODY, START_AFTER, EarlyReader, _worth_reading
from scraper.extract.templates import LEARN_SAMPLE
from tests.crawl_helpers import Crawled, run_crawl
from tests.test_reparse_workers import tables

pytestmark = pytest.mark.slow  # a worker process each, and whole crawls


def rebuilt(
    crawled: Crawled,
    where: Path,
    order: Callable[[list[Readable]], Iterable[Readable]] | None = None,
    templates: dict[str, Any] | None = None,
    before_finish: Callable[[EarlyReader], None] = lambda early: None,
    stored: str | None = None,
    after_finish: Callable[[EarlyReader], None] = lambda early: None,
) -> tuple[dict[str, list[Any]], EarlyReader | None]:
    """The crawl's rows built again on a copy: by the build alone (no `order`), or with an
    early reader fed every capture in `order` first, as a crawl feeds it. `stored`: the
    documents' text as an earlier read of their bytes left it; the rows are then built again
    over the archive as it stands, not from nothing."""
    data = crawled.copy(where)
    db = open_db(data / "isecg.db")
    if stored is not None:
        db.execute("UPDATE documents SET text = ?", [stored])
        db.conn.commit()
    ((crawl_id, site),) = captures.finished_crawls(db)
    early = None
    try:
        known = templates_table.load(db, site, crawl_id)
        if order is not None:
            early = EarlyReader(
                data / "warc",
                site,
                known if templates is None else templates,
                lambda capture_id: captures.readable_capture(db, capture_id),
                data / "early-readings.tmp",
            )
            for capture in order(list(captures.readable(db, crawl_id))):
                early.add(capture.id)
            before_finish(early)
            early.finish()
            after_finish(early)
        with db.atomic():
            if stored is None:
                builds.clear_derived(db)
            build.build(db, data / "warc", crawl_id, site, early=early)
    finally:
        if early is not None:
            early.close()
        db.close()
    return tables(data / "isecg.db"), early


def in_capture_order(readable: list[Readable]) -> list[Readable]:
    return sorted(readable, key=lambda capture: capture.id)  # as the crawl recorded them


def worth(crawled: Crawled) -> int:
    db = open_db(crawled.data / "isecg.db")
    try:
        return sum(1 for capture in captures.readable(db, 1) if _worth_reading(capture))
    finally:
        db.close()


@pytest.mark.parametrize("archive", ["base_crawl", "norest_crawl"])
def test_early_readings_give_the_same_rows(
    archive: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    crawled: Crawled = request.getfixturevalue(archive)
    alone, _ = rebuilt(crawled, tmp_path / "alone")
    assert alone["news"] and alone["publications"] and alone["documents"]
    early_rows, early = rebuilt(crawled, tmp_path / "early", in_capture_order)
    assert early is not None and not early.broken
    assert early_rows == alone
    assert early.taken == worth(crawled) > START_AFTER  # every one, none read twice


def test_a_page_sent_before_rest_gave_its_post_is_read_again(
    base_crawl: Crawled, tmp_path: Path
) -> None:
    """Pages first, REST last: every post page goes out before REST gives its post whole,
    so the build reads each of those itself, and the rows are the same."""

    def pages_first(readable: list[Readable]) -> list[Readable]:
        return sorted(readable, key=lambda capture: (capture.kind == "rest", capture.id))

    alone, _ = rebuilt(base_crawl, tmp_path / "alone")
    early_rows, early = rebuilt(base_crawl, tmp_path / "early", pages_first)
    assert early is not None
    assert early_rows == alone
    post_pages = [
        capture
        for capture in captures_of(base_crawl)
        if _worth_reading(capture) and urls.post_id(capture.url) is not None
    ]
    assert len(post_pages) > 20
    # Some posts' pages were read again (REST gave them whole), never more than all of them.
    assert worth(base_crawl) - len(post_pages) <= early.taken < worth(base_crawl)
    assert early.lessons_taken == 0  # no REST record was read before its page


def learned_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs of the pages the build itself learns templates from, from now on."""
    pages: list[str] = []
    real = build.learn_page

    def counted(page: Any, record: Any) -> Any:
        pages.append(page.url)
        return real(page, record)

    monkeypatch.setattr(build, "learn_page", counted)
    return pages


def test_the_templates_are_learned_while_the_crawl_fetches(
    base_crawl: Crawled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first crawl of a theme learns its template from post pages and their REST records:
    the worker learns each page's lesson as it reads it, and the build learns none itself."""
    alone, _ = rebuilt(base_crawl, tmp_path / "alone")
    assert alone["templates"]  # the crawl met a theme no template covered
    learned = learned_here(monkeypatch)
    early_rows, early = rebuilt(base_crawl, tmp_path / "early", in_capture_order)
    assert early is not None and early_rows == alone
    assert learned == [] and early.lessons_taken == LEARN_SAMPLE


def test_a_lesson_learned_with_another_record_is_learned_again(
    base_crawl: Crawled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lesson is taken only where the worker's REST record of the post is the build's: one
    learned with another (a post REST gave twice, changed between the two) is learned again."""

    def other_records(early: EarlyReader) -> None:
        """Each lesson said to be learned with the next post's record, teaching nonsense."""
        lessons = early._lessons
        assert lessons
        for capture_id, (placed, index, _) in lessons.items():
            lessons[capture_id] = (placed, index + 1, {"title": "h1.no"})

    alone, _ = rebuilt(base_crawl, tmp_path / "alone")
    learned = learned_here(monkeypatch)
    early_rows, early = rebuilt(
        base_crawl, tmp_path / "early", in_capture_order, after_finish=other_records
    )
    assert early is not None and early_rows == alone
    assert early.lessons_taken == 0 and len(learned) == LEARN_SAMPLE


def captures_of(crawled: Crawled) -> list[Readable]:
    db = open_db(crawled.data / "isecg.db")
    try:
        return [c for c in captures.readable(db, 1) if c.kind == "page"]
    finally:
        db.close()


def test_readings_made_with_other_templates_are_not_taken(
    base_crawl: Crawled, tmp_path: Path
) -> None:
    alone, _ = rebuilt(base_crawl, tmp_path / "alone")
    other = {"0123456789ab": {"title": "h1.nowhere"}}
    early_rows, early = rebuilt(base_crawl, tmp_path / "early", in_capture_order, other)
    assert early is not None and early.taken == 0
    assert early_rows == alone


def test_a_dead_worker_leaves_the_reading_to_the_build(base_crawl: Crawled, tmp_path: Path) -> None:
    def kill(early: EarlyReader) -> None:
        assert early._worker is not None
        early._worker.process.kill()
        early._worker.process.wait()

    def half_then_kill(readable: list[Readable]) -> Iterable[Readable]:
        ordered = in_capture_order(readable)
        half = len(ordered) // 2
        yield from ordered[:half]
        kill(early_holder[0])
        yield from ordered[half:]

    early_holder: list[EarlyReader] = []
    original_add = EarlyReader.add

    def remember(self: EarlyReader, capture_id: int) -> None:
        if not early_holder:
            early_holder.append(self)
        original_add(self, capture_id)

    alone, _ = rebuilt(base_crawl, tmp_path / "alone")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(EarlyReader, "add", remember)
        early_rows, early = rebuilt(base_crawl, tmp_path / "early", half_then_kill)
    assert early is not None and early.broken
    assert early.taken < worth(base_crawl)
    assert early_rows == alone


def test_an_unchanged_document_is_left_to_the_build() -> None:
    """The build takes what the archive holds for its bytes: no worker reads it again."""
    common: dict[str, Any] = dict(url="u", fetched_at="t", crawl_id=1, warc_file="f")
    unchanged = Readable(
        id=1, kind="document", status=304, outcome="unchanged", **common, warc_offset=0
    )
    assert not _worth_reading(unchanged)
    assert _worth_reading(
        Readable(id=2, kind="document", status=200, outcome="ok", **common, warc_offset=0)
    )
    assert _worth_reading(
        Readable(id=3, kind="page", status=304, outcome="unchanged", **common, warc_offset=0)
    )
    assert not _worth_reading(
        Readable(id=4, kind="page", status=404, outcome="ok", **common, warc_offset=0)
    )
    assert not _worth_reading(
        Readable(
            id=5,
            kind="page",
            status=200,
            outcome="ok",
            **{**common, "warc_file": None},
            warc_offset=None,
        )
    )


def test_a_revisit_reads_as_large_as_its_original(unchanged_recrawl: Crawled) -> None:
    """A 304 carries no body; its content, and so its size, is its original's."""
    db = open_db(unchanged_recrawl.db)
    try:
        pairs = db.execute(
            "SELECT c.id, c.size, o.size FROM captures c JOIN captures o ON o.id = c.revisit_of"
            " WHERE c.crawl_id = 2 AND c.status = 304 AND c.kind = 'page'"
        ).fetchall()
        assert pairs and all(own != original for _, own, original in pairs)
        for capture_id, _, original in pairs:
            read = captures.readable_capture(db, capture_id)
            assert read is not None and read.size == original > 0
    finally:
        db.close()


def test_a_page_too_large_is_left_to_the_build_before_it_is_read() -> None:
    """Its size on the wire says so (the worker would read it only to leave it); a document
    is spooled, never held whole, and read early whatever its size."""
    common: dict[str, Any] = dict(url="u", fetched_at="t", crawl_id=1, warc_file="f")
    common |= dict(status=200, outcome="ok", warc_offset=0)
    assert _worth_reading(Readable(id=1, kind="page", **common, size=MAX_BODY))
    assert not _worth_reading(Readable(id=2, kind="page", **common, size=MAX_BODY + 1))
    assert _worth_reading(Readable(id=3, kind="document", **common, size=50 * MAX_BODY))


def test_a_crawl_reads_while_it_fetches(
    replica_factory: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The crawl as people run it: the same rows with early reading on and off, and the log
    says how many captures were read while the crawl fetched."""
    server = replica_factory()
    caplog.set_level(logging.INFO, logger="isecg.crawl")
    on = run_crawl(server, tmp_path / "on")
    read_early = [r.getMessage() for r in caplog.records if "read while" in r.getMessage()]
    off = run_crawl(server, tmp_path / "off", read_early=False)
    assert on.status == off.status == "done"
    assert len(read_early) == 1 and int(read_early[0].split(": ")[1].split()[0]) > 0
    assert same_content(tmp_path / "on" / "isecg.db") == same_content(tmp_path / "off" / "isecg.db")


def same_content(db_path: Path) -> dict[str, list[Any]]:
    """Each record table without what differs from crawl to crawl: times, crawl and capture
    ids, row ids; and not the templates, whose agreement counts depend on which posts were
    sampled, in the order two crawls happened to fetch them."""
    out = {}
    for table, rows in tables(db_path).items():
        if table == "templates":
            continue
        db = sqlite3.connect(db_path)
        try:
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        finally:
            db.close()
        keep = [
            i + 1  # after the rowid
            for i, name in enumerate(columns)
            if not (name.endswith(("_at", "_id")) or any(w in name for w in ("seen", "crawl")))
        ]
        out[table] = sorted(repr([row[i] for i in keep]) for row in rows)
    return out


def test_a_document_read_before_keeps_what_the_archive_holds(
    base_crawl: Crawled, tmp_path: Path
) -> None:
    """The build alone takes an earlier read of the same bytes (another pypdf may have read
    them differently) and reads nothing again; the worker read the file anyway, and the build
    takes the earlier read over it, as it would have itself."""
    alone, _ = rebuilt(base_crawl, tmp_path / "alone", stored="an earlier read")
    early_rows, early = rebuilt(
        base_crawl, tmp_path / "early", in_capture_order, stored="an earlier read"
    )
    assert early is not None and early.taken == worth(base_crawl)
    assert early_rows == alone
    texts = {
        row[-1]
        for row in sqlite3.connect(tmp_path / "early" / "isecg.db").execute(
            "SELECT url, text FROM documents"
        )
    }
    assert texts == {"an earlier read"}


def test_no_worker_leaves_the_reading_to_the_build(
    replica_factory: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No worker process can start (no process left to fork, say): the crawl reads every
    page itself, loses no URL, and says so once."""
    server = replica_factory()

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise OSError(38, "Function not implemented")

    off = run_crawl(server, tmp_path / "off", read_early=False)
    monkeypatch.setattr("scraper.early.WorkerProcess", refused)
    caplog.set_level(logging.INFO, logger="isecg.crawl")
    on = run_crawl(server, tmp_path / "on")
    assert on.status == off.status == "done"
    assert on.counts["requests"] == off.counts["requests"]
    assert on.counts["errors"] == 0
    messages = [r.getMessage() for r in caplog.records]
    assert messages.count("pages are no longer read while the crawl fetches") == 1
    assert not any("unexpected error" in m or "captures read while" in m for m in messages)
    assert same_content(tmp_path / "on" / "isecg.db") == same_content(tmp_path / "off" / "isecg.db")


def test_the_readings_file_goes(replica_factory: Any, tmp_path: Path) -> None:
    """Removed when the crawl ends; one a killed crawl left, by the next crawl's reader."""
    server = replica_factory()
    data = tmp_path / "data"
    data.mkdir()
    left = data / "early-readings.tmp"
    left.write_bytes(b"a killed crawl's readings")
    seen: list[bool] = []
    original = EarlyReader.finish

    def finishing(self: EarlyReader) -> None:
        # The worker's file, in use, and none of the killed crawl's bytes in it.
        seen.append(self._worker is not None and not left.read_bytes().startswith(b"a killed"))
        original(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(EarlyReader, "finish", finishing)
        assert run_crawl(server, data).status == "done"
    assert seen == [True]
    assert not left.exists()
    assert sorted(p.name for p in data.iterdir()) == ["crawl.lock", "isecg.db", "logs", "warc"]


@pytest.mark.parametrize(("flags", "read_early"), [([], True), (["--no-read-early"], False)])
def test_the_command_line_turns_it_off(
    replica_factory: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    flags: list[str],
    read_early: bool,
) -> None:
    from click.testing import CliRunner

    import scraper.crawl
    from scraper.cli import main

    server = replica_factory()
    real = scraper.crawl.crawl
    given: list[bool] = []
    taken: list[int] = []

    def crawl(settings: Any, **kwargs: Any) -> Any:
        given.append(settings.read_early)
        original = EarlyReader.close

        def closing(self: EarlyReader, failed: bool = False) -> None:
            taken.append(self.taken)
            original(self, failed)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(EarlyReader, "close", closing)
            return real(settings.but(backoff_base=0.01), **kwargs)

    monkeypatch.setattr(scraper.crawl, "crawl", crawl)
    args = ["crawl", "--site", server.url + "/", "--data", str(tmp_path / "data")]
    result = CliRunner().invoke(main, [*args, "--delay", "0", "--no-progress", *flags])
    assert result.exit_code == 0, result.output
    assert given == [read_early]
    assert (len(taken) == 1 and taken[0] > 0) if read_early else taken == []


def test_a_failed_crawl_stops_the_worker_at_once(
    replica_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The crawl fails at the end of its fetch: its worker is killed, not waited for, and the
    file goes; the failure is the crawl's own error."""
    import scraper.crawl
    from scraper.errors import CrawlFailed

    server = replica_factory()
    workers: list[Any] = []
    original = EarlyReader.close
    fetch = scraper.crawl.Crawler._crawl

    def closing(self: EarlyReader, failed: bool = False) -> None:
        assert failed and self._worker is not None
        workers.append(self._worker.process)
        original(self, failed)

    async def fetch_then_break(self: Any, resumed: bool) -> None:
        await fetch(self, resumed)
        raise RuntimeError("the fetch broke")

    monkeypatch.setattr(EarlyReader, "close", closing)
    monkeypatch.setattr(scraper.crawl.Crawler, "_crawl", fetch_then_break)
    with pytest.raises(CrawlFailed, match="the fetch broke"):
        run_crawl(server, tmp_path / "data")
    assert [process.poll() for process in workers] == [-9]  # killed, and waited for
    assert not (tmp_path / "data" / "early-readings.tmp").exists()


def test_the_worker_is_gone_before_the_build(
    replica_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every batch is read, then the worker stops: the build, when the crawl's process holds
    the most, has all the readings and no second process beside it."""
    import scraper.build

    server = replica_factory()
    real = scraper.build.build
    seen: list[tuple[bool, int]] = []

    def build(*args: Any, **kwargs: Any) -> Any:
        early: EarlyReader = kwargs["early"]
        assert early._worker is not None
        seen.append((early._worker.process.poll() is not None, len(early._out)))
        report = real(*args, **kwargs)
        seen.append((early.taken == early_captures(tmp_path / "data"), 0))
        return report

    monkeypatch.setattr(scraper.build, "build", build)  # the crawl imports it after its fetch
    assert run_crawl(server, tmp_path / "data").status == "done"
    assert seen == [(True, 0), (True, 0)]


def early_captures(data: Path) -> int:
    """How many of the crawl's captures were worth reading early (all sent at its end)."""
    db = open_db(data / "isecg.db")
    try:
        return sum(1 for capture in captures.readable(db, 1) if _worth_reading(capture))
    finally:
        db.close()


def test_a_crawl_reading_after_its_fetch_removes_a_killed_crawls_readings(
    replica_factory: Any, tmp_path: Path
) -> None:
    server = replica_factory(small=True)
    data = tmp_path / "data"
    data.mkdir()
    (data / "early-readings.tmp").write_bytes(b"a killed crawl's readings")
    assert run_crawl(server, data, read_early=False).status == "done"
    assert not (data / "early-readings.tmp").exists()
