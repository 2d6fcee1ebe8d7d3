"""`isecg import-wayback` against a Wayback that misbehaves: a tiny Internet-Archive-style
Wayback on 127.0.0.1 (its CDX API's JSON array and id_ replay), each answer set by the test.
Every wait goes through a Clock: nothing is slept for real. (tests/test_wayback_pywb.py runs
the import against a real pywb that behaves.)"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import socket
from collections.abc import Iterator
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner, Result

from archive.backfill import timestamp_time
from archive.db import open_db
from archive.status import format_status, status
from archive.verify import verify
from scraper import cdx, wayback
from scraper.cli import main
from scraper.settings import Settings
from scraper.wayback import ImportResult, import_wayback
from tests.crawl_helpers import Clock, rows
from tests.wayback_helpers import Answer, Answering

SITE = "https://www.globalspaceexploration.org/"
HOST = "http://www.globalspaceexploration.org"
IA_HEADER = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]


def page(title: str) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>The text of {title}.</p></article></body></html>"
    ).encode()


def sha1_b32(body: bytes) -> str:
    return base64.b32encode(hashlib.sha1(body).digest()).decode()


class FakeWayback(Answering):
    """The Internet Archive's two services as the import uses them, on a free loopback port:
    `<url>/cdx` lists `listed` (IA's JSON array) unless `cdx` says otherwise, and
    `<url>/<timestamp>id_/<original>` answers what `replays` holds for it (else 404)."""

    def __init__(self) -> None:
        super().__init__()
        self.listed: list[list[str]] = []
        self.replays: dict[str, Answer] = {}
        self.cdx: Answer | None = None  # None: the listing of `listed`
        # rows an answer of the listing holds at most, then a resume key (the Internet
        # Archive's 150,000): None, all at once
        self.page_rows: int | None = None
        self.url = f"{self.address}/web/"

    def capture(
        self, path: str, timestamp: str, body: bytes, *, url: str | None = None, listed: bool = True
    ) -> str:
        """A capture served 200 with its Memento-Datetime; listed by the CDX API, with its
        digest, unless `listed` is False. Its original URL."""
        original = url or HOST + path
        when = format_datetime(timestamp_time(timestamp), usegmt=True)
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Memento-Datetime", when)]
        self.replays[f"{timestamp}id_/{original}"] = (200, headers, body)
        if listed:
            row = ["x", timestamp, original, "text/html", "200", sha1_b32(body), str(len(body))]
            self.listed.append(row)
        return original

    def redirect(self, original: str, timestamp: str, to: str) -> None:
        """A capture listed (with a digest of nothing it will give) that redirects to `to`,
        another capture's `<timestamp>id_/<original>`."""
        self.listed.append(["x", timestamp, original, "text/html", "200", "AAAA", "10"])
        self.replays[f"{timestamp}id_/{original}"] = redirect(to)

    def answer(self, path: str) -> Answer:
        rest = path.removeprefix("/web/")
        if rest.startswith("cdx"):
            if self.cdx is not None:
                return self.cdx
            return 200, [("Content-Type", "application/json")], self.listing(rest)
        return self.replays.get(rest, (404, [("Content-Type", "text/html")], b"not archived"))

    def listing(self, query: str) -> bytes:
        """The CDX API's answer: every row, or with `page_rows` those from the resume key on,
        ended by the next key when more follow (`[]`, then `["<key>"]`, as the Internet
        Archive's JSON ends)."""
        if self.page_rows is None:
            return json.dumps([IA_HEADER, *self.listed]).encode()
        resume = parse_qs(urlsplit(query).query).get("resumeKey", ["row 0"])[0]
        first = int(resume.removeprefix("row "))
        rows = self.listed[first : first + self.page_rows]
        more = first + self.page_rows < len(self.listed)
        key = [[], [f"row {first + self.page_rows}"]] if more else []
        return json.dumps([IA_HEADER, *rows, *key]).encode()

    def asked(self) -> list[str]:
        """The id_ requests made, in order, without the endpoint's prefix."""
        return [path.removeprefix("/web/") for path in self.log if "id_/" in path]

    def __enter__(self) -> FakeWayback:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@pytest.fixture
def fake() -> Iterator[FakeWayback]:
    with FakeWayback() as wb:
        yield wb


def settings(wb: FakeWayback, data: Path) -> Settings:
    return Settings(site=SITE, data_dir=data, wayback_url=wb.url, wayback_delay=0.0, progress=False)


def run(wb: FakeWayback, data: Path, clock: Clock | None = None, **options: Any) -> ImportResult:
    clock = clock or Clock()
    return import_wayback(settings(wb, data), clock=clock, sleep=clock.sleep, **options)


def work_list(data: Path) -> dict[str, tuple[str, str | None]]:
    """Each entry of the work list: its URL and timestamp -> its state and error."""
    found = rows(data / "isecg.db", "SELECT url, timestamp, state, error FROM wayback_captures")
    return {f"{url}@{ts}": (state, error) for url, ts, state, error in found}


def redirect(target: str) -> Answer:
    return 302, [("Location", f"/web/{target}")], b""


# -- a redirect to another URL's capture ------------------------------------------------------
def test_a_redirect_to_another_urls_capture_is_not_kept_as_this_urls(
    fake: FakeWayback, tmp_path: Path
) -> None:
    # helper-49's S1: the Wayback answers ?p=772 with a redirect to a capture of ?p=760.
    fake.capture("/wordpress/?p=661", "20151006120000", page("Post 661"))
    other = fake.capture("/wordpress/?p=760", "20170301000005", page("Post 760"), listed=False)
    asked = HOST + "/wordpress/?p=772"
    fake.redirect(asked, "20170301000000", f"20170301000005id_/{other}")
    data = tmp_path / "data"
    result = run(fake, data)
    assert (result.status, result.fetched, result.failed) == ("done", 1, 1), result.message
    state, error = work_list(data)[f"{asked}@20170301000000"]
    assert state == "failed" and error is not None
    assert "?p=760" in error and "another URL" in error
    kept = rows(data / "isecg.db", "SELECT url FROM captures WHERE source = 'wayback'")
    assert kept == [(HOST + "/wordpress/?p=661",)]  # nothing under ?p=772, nothing of 760's


def test_a_redirect_to_another_time_or_form_of_the_same_page_is_followed(
    fake: FakeWayback, tmp_path: Path
) -> None:
    # The Wayback redirects to the nearest capture when the time asked is not exact, and may
    # name the page in another form (https, no www.): still this page's bytes.
    later = fake.capture(
        "/wordpress/?p=420",
        "20170105000000",
        page("Post 420"),
        url="https://globalspaceexploration.org/wordpress/?p=420",
        listed=False,
    )
    asked = HOST + "/wordpress/?p=420"
    fake.redirect(asked, "20170101000000", f"20170105000000id_/{later}")
    data = tmp_path / "data"
    result = run(fake, data)
    assert (result.status, result.fetched, result.failed) == ("done", 1, 0), result.message
    kept = rows(data / "isecg.db", "SELECT url, fetched_at FROM captures")
    assert kept == [(asked, "2017-01-05T00:00:00.000Z")]  # its Memento-Datetime
    # and `isecg status` spans the copies' own times, not the times listed (helper-49)
    db = open_db(data / "isecg.db")
    try:
        span = status(db, 1e9)["backfill"]
    finally:
        db.close()
    assert (span["first_capture"], span["last_capture"]) == (kept[0][1], kept[0][1])


def test_a_redirect_to_a_time_also_listed_keeps_one_copy(fake: FakeWayback, tmp_path: Path) -> None:
    """helper-195: a listed capture redirected to another listed time of the same page was
    stored twice at the same instant, and opened a second slice for that day."""
    later = fake.capture("/wordpress/?p=420", "20170105000000", page("Post 420"))
    fake.redirect(later, "20170101000000", f"20170105000000id_/{later}")
    data = tmp_path / "data"
    result = run(fake, data)
    assert (result.status, result.failed, result.left) == ("done", 0, 0), result.message
    db = data / "isecg.db"
    ((capture_id,),) = rows(db, "SELECT id FROM captures")  # one copy
    assert rows(db, "SELECT state, capture_id FROM wayback_captures") == [
        ("done", capture_id),
        ("done", capture_id),
    ]
    assert rows(db, "SELECT COUNT(*) FROM crawls WHERE source = 'wayback'") == [(1,)]


def test_a_redirect_without_a_readable_memento_time_is_dated_by_its_target(
    fake: FakeWayback, tmp_path: Path
) -> None:
    """helper-195: redirected to 2022, with a Memento-Datetime no parser reads, a copy was
    dated by the time listed (2019): a member of 2020 was observed in 2019."""
    later = fake.capture("/wordpress/?p=420", "20220620081500", page("Post 420"), listed=False)
    status_code, headers, body = fake.replays[f"20220620081500id_/{later}"]
    junk = [(k, "junk") if k == "Memento-Datetime" else (k, v) for k, v in headers]
    fake.replays[f"20220620081500id_/{later}"] = (status_code, junk, body)
    fake.redirect(later, "20191105000000", f"20220620081500id_/{later}")
    data = tmp_path / "data"
    assert run(fake, data).fetched == 1
    kept = rows(data / "isecg.db", "SELECT fetched_at FROM captures")
    assert kept == [("2022-06-20T08:15:00.000Z",)]


@pytest.mark.parametrize(
    ("serve", "why"),
    [
        ("memento", "is not the time its address names (20140610093000)"),
        ("no time", "of a time no one can read"),
        ("rewritten", "a rewritten copy (no id_)"),
    ],
)
def test_a_copy_the_wayback_dates_two_ways_is_not_kept(
    fake: FakeWayback, tmp_path: Path, serve: str, why: str
) -> None:
    """helper-210: a copy asked at 20140610093000 answered "Memento-Datetime: 1970" with no
    word of where it came from, and was dated 1970 (its post's own date, 2014, then "after
    the capture", was thrown away); one redirected to `/web/2016id_/...` with no Memento was
    dated by the time listed; one redirected to `.../20160101000000/...` (no id_) kept the
    Wayback's toolbar as the original's bytes. None is kept; each says why."""
    original = fake.capture("/?p=311", "20140610093000", page("Post 311"))
    status_code, headers, body = fake.replays[f"20140610093000id_/{original}"]
    if serve == "memento":
        wrong = [
            (k, "Thu, 01 Jan 1970 00:00:00 GMT" if k == "Memento-Datetime" else v)
            for k, v in headers
        ]
        fake.replays[f"20140610093000id_/{original}"] = (status_code, wrong, body)
    else:
        to = "2016id_" if serve == "no time" else "20160101000000"
        bare = [(k, v) for k, v in headers if k != "Memento-Datetime"]
        fake.replays[f"{to}/{original}"] = (status_code, bare, body)
        fake.replays[f"20140610093000id_/{original}"] = redirect(f"{to}/{original}")
    data = tmp_path / "data"
    result = run(fake, data)
    assert (result.fetched, result.failed) == (0, 1), result.message
    ((state, error),) = rows(data / "isecg.db", "SELECT state, error FROM wayback_captures")
    assert state == "failed" and why in error
    assert rows(data / "isecg.db", "SELECT COUNT(*) FROM captures") == [(0,)]


@pytest.mark.parametrize(
    ("memento", "options", "why"),
    [
        ("Fri, 31 Dec 2027 00:00:00 GMT", {}, "a time still to come"),
        ("Tue, 20 Jun 2017 08:15:00 GMT", {"end": "20161231235959"}, "outside the window"),
        ("Tue, 20 Jun 2017 08:15:00 GMT", {"start": "20180101000000"}, "outside the window"),
    ],
    ids=["future", "after --to", "before --from"],
)
def test_a_copy_of_a_time_outside_the_window_is_not_kept(
    fake: FakeWayback, tmp_path: Path, memento: str, options: dict[str, str], why: str
) -> None:
    """helper-195: a copy whose Memento-Datetime said 2027 opened a slice of 2027; one a
    redirect brought from between our crawls stood as the Wayback's version there. (Served,
    as pywb serves its nearest capture, with a Content-Location naming the copy's own time:
    a Memento-Datetime its address does not name is no date at all, helper-210.)"""
    original = fake.capture("/wordpress/?p=420", "20161105000000", page("Post 420"))
    status_code, headers, body = fake.replays[f"20161105000000id_/{original}"]
    stamp = parsedate_to_datetime(memento).strftime("%Y%m%d%H%M%S")
    moved = [(k, memento) if k == "Memento-Datetime" else (k, v) for k, v in headers]
    moved.append(("Content-Location", f"/web/{stamp}id_/{original}"))
    fake.replays[f"20161105000000id_/{original}"] = (status_code, moved, body)
    data = tmp_path / "data"
    start = options.get("start")
    if start:  # its listing is in the window; its copy is not
        fake.listed[-1][1] = "20180105000000"
        fake.replays[f"20180105000000id_/{original}"] = (status_code, moved, body)
    result = run(fake, data, None, **options)
    assert (result.fetched, result.failed) == (0, 1), result.message
    ((state, error),) = rows(data / "isecg.db", "SELECT state, error FROM wayback_captures")
    assert state == "failed" and why in error
    assert rows(data / "isecg.db", "SELECT COUNT(*) FROM captures") == [(0,)]


def test_status_and_verify_name_captures_whose_bytes_are_not_the_cdx_digest(
    fake: FakeWayback, tmp_path: Path
) -> None:
    fake.capture("/", "20190101000000", page("Home"))
    fake.capture("/?p=905", "20190101000010", page("Post 905"))
    fake.listed[1][5] = "NOTTHEDIGESTOFITSBYTES"
    data = tmp_path / "data"
    assert run(fake, data).fetched == 2
    assert rows(data / "isecg.db", "SELECT digest_ok FROM wayback_captures ORDER BY 1") == [
        (0,),
        (1,),
    ]
    db = open_db(data / "isecg.db")
    try:
        said = format_status(status(db, 24.0))
    finally:
        db.close()
    assert "1 whose bytes are not the CDX API's digest" in said, said
    report = verify(data)
    assert report.ok  # the copy is what the Wayback sent, and verifies as such
    assert any("not the CDX API's digest" in note for note in report.notes), report.notes
    found = CliRunner().invoke(main, ["verify", "--data", str(data)])
    assert found.exit_code == 0 and "not the CDX API's digest" in found.output


# -- a capture that keeps answering 5xx -------------------------------------------------------
def five_captures(wb: FakeWayback) -> list[tuple[str, str]]:
    """Five captures of 2014, oldest first: (timestamp, original URL) each."""
    found = []
    for n, post in enumerate((296, 312, 330, 368, 380)):
        timestamp = f"201406100930{n:02d}"
        found.append((timestamp, wb.capture(f"/wordpress/?p={post}", timestamp, page(str(post)))))
    return found


def replay(capture: tuple[str, str]) -> str:
    return f"{capture[0]}id_/{capture[1]}"


def entry(data: Path, capture: tuple[str, str]) -> tuple[str, str | None]:
    return work_list(data)[f"{capture[1]}@{capture[0]}"]


def error_page(status: int) -> Answer:
    return status, [("Content-Type", "text/html")], b"<html>error</html>"


def test_a_capture_that_keeps_answering_5xx_is_failed_and_the_import_goes_on(
    fake: FakeWayback, tmp_path: Path
) -> None:
    # helper-49's S2: the Wayback answers 502 for one capture (a WARC it cannot read), every
    # time; every other capture comes. It must not hold the rest of the backfill back.
    captures = five_captures(fake)
    fake.replays[replay(captures[1])] = error_page(502)
    data = tmp_path / "data"
    clock = Clock()
    result = run(fake, data, clock)
    done = (result.status, result.fetched, result.failed, result.left)
    assert done == ("done", 4, 1, 0), result.message
    state, error = entry(data, captures[1])
    assert state == "failed" and error is not None and "HTTP 502" in error
    asked = fake.asked()
    assert asked.count(replay(captures[1])) == Settings().max_attempts
    assert set(asked) == {replay(c) for c in captures}
    assert len(clock.sleeps) >= 3  # it backed off between attempts, on the fake clock only
    again = run(fake, data)  # failed with why: not asked for again
    assert (again.status, again.fetched, again.failed) == ("done", 0, 0)
    assert fake.asked().count(replay(captures[1])) == Settings().max_attempts


def test_retry_failed_asks_again_for_the_captures_marked_failed(
    fake: FakeWayback, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # helper-192: a capture failed by a passing 5xx was never asked for again
    captures = five_captures(fake)
    good = {n: fake.replays[replay(captures[n])] for n in (1, 3)}
    for n in (1, 3):
        fake.replays[replay(captures[n])] = error_page(502)
    data = tmp_path / "data"
    assert run(fake, data).failed == 2
    outside = run(fake, data, start="20150101000000", retry_failed=True)  # not their window
    assert (outside.retried, outside.fetched) == (0, 0)
    assert entry(data, captures[1])[0] == "failed"
    fake.replays[replay(captures[3])] = good[3]
    again = run(fake, data, retry_failed=True)  # the first still 502: failed again, with why
    assert (again.status, again.retried, again.fetched, again.failed) == ("done", 2, 1, 1)
    assert entry(data, captures[1])[0] == "failed"
    assert fake.asked().count(replay(captures[1])) == 2 * Settings().max_attempts
    fake.replays[replay(captures[1])] = good[1]  # the Wayback reads its record again
    found, _ = cli(monkeypatch, fake, data, "--retry-failed")
    assert found.exit_code == 0, found.output
    assert "1 failed before asked again, 1 fetched, 0 not available, 0 left" in found.output
    assert entry(data, captures[1]) == ("done", None)
    attempts = rows(
        data / "isecg.db",
        "SELECT attempts FROM wayback_captures WHERE timestamp = ?",
        (captures[1][0],),
    )
    assert attempts == [(2 * Settings().max_attempts + 1,)]
    indexed = "SELECT COUNT(*) FROM captures WHERE source = 'wayback' AND status = 200"
    assert rows(data / "isecg.db", indexed)[0][0] == 5


def test_one_capture_left_unanswered_is_failed_and_the_rest_come(
    fake: FakeWayback, tmp_path: Path
) -> None:
    """helper-210: a capture whose connection closed unanswered (or trickled past the total
    timeout) stopped the import at it, every run, the captures after it never asked. Counted
    as a 502 is: failed once the others answered."""
    captures = five_captures(fake)
    fake.replays[replay(captures[2])] = (0, [], b"")
    data = tmp_path / "data"
    result = run(fake, data)
    assert (result.status, result.fetched, result.failed) == ("done", 4, 1), result.message
    assert entry(data, captures[2])[0] == "failed"


def test_a_copy_saying_it_is_another_urls_is_not_kept(fake: FakeWayback, tmp_path: Path) -> None:
    """helper-210: a 200 for ?p=772 with `Content-Location: .../id_/...?p=760` was kept,
    and cited, as ?p=772's capture."""
    other = fake.capture("/?p=760", "20170301000005", page("Post 760"), listed=False)
    original = fake.capture("/?p=772", "20170301000005", page("Post 760"))
    status_code, headers, body = fake.replays[f"20170301000005id_/{original}"]
    moved = [*headers, ("Content-Location", f"/web/20170301000005id_/{other}")]
    fake.replays[f"20170301000005id_/{original}"] = (status_code, moved, body)
    data = tmp_path / "data"
    result = run(fake, data)
    assert (result.fetched, result.failed) == (0, 1), result.message
    ((state, error),) = rows(data / "isecg.db", "SELECT state, error FROM wayback_captures")
    assert state == "failed" and "the capture of another URL" in error


def test_three_captures_in_a_row_answering_5xx_stop_the_import_and_stay_queued(
    fake: FakeWayback, tmp_path: Path
) -> None:
    # A Wayback down as a whole answers 5xx to everything: that is no capture's fault.
    captures = five_captures(fake)
    own = {replay(c): fake.replays[replay(c)] for c in captures[1:4]}  # each its own time
    for capture, code in zip(captures[1:4], (502, 500, 504), strict=True):
        fake.replays[replay(capture)] = error_page(code)
    data = tmp_path / "data"
    result = run(fake, data)
    assert (result.status, result.fetched, result.failed) == ("stopped", 1, 0)
    assert result.message is not None and "3 captures in a row" in result.message
    assert [entry(data, c) for c in captures[1:]] == [("queued", None)] * 4
    assert replay(captures[4]) not in fake.asked()
    # the requests made are counted, queued or not (helper-195: they stayed 0)
    asked = rows(data / "isecg.db", "SELECT attempts FROM wayback_captures ORDER BY timestamp")
    assert asked == [(1,), *[(Settings().max_attempts,)] * 3, (0,)]
    fake.replays.update(own)
    later = run(fake, data)  # the Wayback is back: the rest comes
    assert (later.status, later.fetched, later.left) == ("done", 4, 0)


def test_a_wayback_answering_5xx_to_every_capture_asked_stops_the_import(
    fake: FakeWayback, tmp_path: Path
) -> None:
    captures = five_captures(fake)[:2]
    fake.listed = fake.listed[:2]
    for capture in captures:
        fake.replays[replay(capture)] = error_page(502)
    data = tmp_path / "data"
    result = run(fake, data)
    assert (result.status, result.fetched, result.failed) == ("stopped", 0, 0), result.message
    assert [entry(data, c) for c in captures] == [("queued", None)] * 2


@pytest.mark.parametrize("code", [503, 429])
def test_a_wayback_saying_wait_stops_the_import_at_once(
    fake: FakeWayback, tmp_path: Path, code: int
) -> None:
    captures = five_captures(fake)
    fake.replays[replay(captures[1])] = error_page(code)
    data = tmp_path / "data"
    result = run(fake, data)
    assert (result.status, result.fetched, result.failed) == ("stopped", 1, 0)
    assert entry(data, captures[1]) == ("queued", None)
    assert replay(captures[2]) not in fake.asked()


# -- a CDX API that cannot be read ------------------------------------------------------------
def test_a_cut_cdx_answer_names_the_line_where_it_breaks() -> None:
    cut = b'[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],\n["org'
    with pytest.raises(ValueError, match="line 2") as raised:
        cdx.parse(cut)
    assert "line 1" not in str(raised.value)


def cli(
    monkeypatch: pytest.MonkeyPatch, wb: FakeWayback, data: Path, *options: str
) -> tuple[Result, Clock]:
    """`isecg import-wayback` as people run it, its waits on a Clock (none slept for real)."""
    clock = Clock()
    patched = functools.partial(wayback.import_wayback, clock=clock, sleep=clock.sleep)
    monkeypatch.setattr(wayback, "import_wayback", patched)
    args = ["import-wayback", "--data", str(data), "--wayback", wb.url, "--delay", "0"]
    return CliRunner().invoke(main, [*args, "--no-progress", *options]), clock


def three_left_queued(wb: FakeWayback, data: Path) -> list[tuple[str, str]]:
    """A first run that listed five captures and fetched two (--max-captures 2)."""
    captures = five_captures(wb)
    first = run(wb, data, max_captures=2)
    assert (first.status, first.fetched, first.left) == ("done", 2, 3)
    return captures


@pytest.mark.parametrize(
    "cdx_answer",
    [
        (429, [("Retry-After", "20")], b"Too Many Requests"),
        (500, [("Content-Type", "text/html")], b"<html>Internal error</html>"),
    ],
    ids=["429", "500"],
)
def test_a_cdx_api_down_stops_with_exit_4_after_taking_up_the_work_list(
    fake: FakeWayback, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cdx_answer: Answer
) -> None:
    data = tmp_path / "data"
    captures = three_left_queued(fake, data)
    fake.cdx = cdx_answer
    found, clock = cli(monkeypatch, fake, data)
    assert found.exit_code == 4, found.output
    assert f"HTTP {cdx_answer[0]}" in found.output
    assert "the 3 captures already on the work list" in found.output
    assert "run `isecg import-wayback` again later" in found.output
    assert [entry(data, c)[0] for c in captures] == ["done"] * 5
    asked_cdx = [path for path in fake.log if "/cdx?" in path]
    assert len(asked_cdx) == 1 + Settings().max_attempts  # the first run's, and these
    if cdx_answer[0] == 429:
        assert 20.0 in clock.sleeps  # its Retry-After, waited on the Clock


def test_a_cdx_api_not_answering_stops_the_import_and_the_work_list_is_taken_up(
    fake: FakeWayback, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    captures = three_left_queued(fake, data)
    with socket.socket() as free:  # a port nothing listens on: the connection is refused
        free.bind(("127.0.0.1", 0))
        closed = free.getsockname()[1]
    gone = settings(fake, data).but(wayback_cdx_url=f"http://127.0.0.1:{closed}/cdx")
    clock = Clock()
    result = import_wayback(gone, clock=clock, sleep=clock.sleep)
    assert (result.status, result.fetched, result.left) == ("stopped", 3, 0), result.message
    assert result.message is not None and "ConnectError" in result.message
    assert [entry(data, c)[0] for c in captures] == ["done"] * 5


def test_the_whole_wayback_down_says_to_run_it_again_once(
    fake: FakeWayback, tmp_path: Path
) -> None:
    """Offline, the listing failed and then the first capture stopped the import: its message
    said "run `isecg import-wayback` again later" twice (helper-201)."""
    data = tmp_path / "data"
    three_left_queued(fake, data)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{free.getsockname()[1]}"
    gone = settings(fake, data).but(wayback_url=closed + "/web/", wayback_cdx_url=closed + "/cdx")
    clock = Clock()
    result = import_wayback(gone, clock=clock, sleep=clock.sleep)
    assert result.status == "stopped" and result.message is not None
    assert "then it stopped at " in result.message, result.message
    assert result.message.count("again later") == 1, result.message
    assert result.message.endswith("list the site's captures and take up the rest")


def test_a_cdx_answer_that_is_no_capture_list_fails_with_exit_1_after_the_work_list(
    fake: FakeWayback, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Not the Wayback being busy: an answer that is no CDX listing (a maintenance page, or
    # an endpoint that is not one). Waiting may not help; the work list is taken up anyway.
    data = tmp_path / "data"
    captures = three_left_queued(fake, data)
    fake.cdx = (200, [("Content-Type", "text/html")], b"<html>Down for maintenance</html>")
    found, _ = cli(monkeypatch, fake, data)
    assert found.exit_code == 1, found.output
    assert "not a capture list" in found.output and "3 captures already" in found.output
    assert [entry(data, c)[0] for c in captures] == ["done"] * 5


def test_a_cdx_api_down_with_nothing_on_the_work_list_stops_with_exit_4(
    fake: FakeWayback, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.cdx = (503, [("Retry-After", "5")], b"Service Unavailable")
    found, _ = cli(monkeypatch, fake, tmp_path / "data")
    assert found.exit_code == 4, found.output
    assert "HTTP 503" in found.output and "nothing was on the work list" in found.output
    assert "Traceback" not in found.output


@pytest.mark.parametrize("during", ["fetch", "rebuild"])
def test_ctrl_c_says_what_it_left(
    fake: FakeWayback, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, during: str
) -> None:
    # helper-192: a Ctrl-C in the rebuild said only "interrupted"
    five_captures(fake)
    data = tmp_path / "data"
    keep = wayback.keep_copy
    kept: list[tuple[Any, ...]] = []

    def keep_two(*args: Any) -> None:
        if len(kept) == 2:
            raise KeyboardInterrupt
        keep(*args)
        kept.append(args)

    def ctrl_c(*args: Any) -> None:
        raise KeyboardInterrupt

    if during == "fetch":
        monkeypatch.setattr(wayback, "keep_copy", keep_two)
    else:
        monkeypatch.setattr(wayback, "reparse", ctrl_c)
    found, _ = cli(monkeypatch, fake, data)
    assert found.exit_code == 130
    said = found.output.strip().splitlines()[-1]
    if during == "fetch":
        assert said == (
            "isecg: interrupted (the 2 captures fetched this run are kept):"
            " `isecg import-wayback` takes up the work list"
        )
    else:
        assert said == (
            "isecg: interrupted while rebuilding the records (the 5 captures fetched this run"
            " are kept, the records as they were): `isecg import-wayback` rebuilds them"
        )
    monkeypatch.undo()
    again = run(fake, data)  # as it says: the rest fetched, the records built
    assert (again.status, again.fetched, again.left) == ("done", 3 if during == "fetch" else 0, 0)
    assert again.builds


def test_copies_fetched_into_a_built_slice_are_built_after_a_ctrl_c(
    fake: FakeWayback, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """helper-195: a run stopped before its rebuild, whose copies went into a day's slice an
    earlier run had built, left them unread for good: the next run saw every slice built."""
    five_captures(fake)  # of one day: one slice
    data = tmp_path / "data"
    assert len(run(fake, data, max_captures=3).builds) == 1

    def ctrl_c(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(wayback, "reparse", ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        run(fake, data)  # the last two fetched into the slice built, then stopped
    monkeypatch.undo()
    assert "the backfill's last copies are not in the records yet" in status_of(data)
    again = run(fake, data)
    assert (again.fetched, len(again.builds)) == (0, 1)  # nothing to fetch, built all the same
    said = status_of(data)
    assert "not in the records yet" not in said
    assert "(captures of 2014-06-10 to 2014-06-10, 1 slice)" in said


def status_of(data: Path) -> str:
    db = open_db(data / "isecg.db")
    try:
        return format_status(status(db, 24.0))
    finally:
        db.close()


def test_from_after_our_first_crawl_without_to_is_bad_usage(
    fake: FakeWayback, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """helper-195: `--from 2030` with --to left to its default (our first crawl's start)
    asked for no capture, and said "done: 0 captures listed", exit 0."""
    five_captures(fake)
    data = tmp_path / "data"
    db = open_db(data / "isecg.db")
    db.execute(
        "INSERT INTO crawls (started_at, finished_at, status, site, source)"
        " VALUES ('2026-12-01T00:00:00.000Z', '2026-12-01T01:00:00.000Z', 'done', ?, 'crawl')",
        [SITE],
    )
    db.conn.commit()
    db.close()
    found, _ = cli(monkeypatch, fake, data, "--from", "2027")
    assert found.exit_code == 2, found.output
    assert found.output.strip().splitlines()[-1] == (
        "isecg: --from is after our first crawl (2026-12-01), where --to stops by default:"
        " give --to as well"
    )
    assert fake.asked() == []
    found, _ = cli(monkeypatch, fake, data, "--from", "2014", "--to", "2014")
    assert found.exit_code == 0, found.output
