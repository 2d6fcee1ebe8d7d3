"""Answers that arrive but cannot be read: a body whose Content-Encoding cannot be undone, a
robots.txt trickled past the total timeout. The server answered: the crawl says so, keeps what
it received (DESIGN: every response is in a WARC before anything is read from it), reads nothing
from it, and never calls it "the site did not answer at all"."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from scraper.cli import main
from tests.hostile import ROBOTS_OK, Answer, crawl_of, page, serve, site

PLAIN_ROBOTS = b"User-agent: *\nDisallow: /private-area/\n"
GZIP = [("Content-Encoding", "gzip")]  # on a body that is no gzip at all


def capture(data: Path, url: str) -> dict[str, object]:
    db = sqlite_utils.Database(data / "isecg.db")
    rows = list(db.query("SELECT * FROM captures WHERE url = ?", [url]))
    assert len(rows) == 1, rows
    return rows[0]


def test_robots_txt_in_an_encoding_that_cannot_be_undone_is_unusable_rules(
    tmp_path: Path,
) -> None:
    robots = Answer(body=PLAIN_ROBOTS, content_type="text/plain", headers=GZIP)
    with serve({"/robots.txt": robots, "/": page("/a")}) as server:
        args = ["crawl", "--site", server.url + "/", "--data", str(tmp_path), "--no-progress"]
        done = CliRunner().invoke(main, [*args, "--delay", "0"])
        assert server.log == ["/robots.txt"], "nothing else is fetched on rules nobody can read"
        robots_url = server.url + "/robots.txt"
    last = done.stderr.strip().splitlines()[-1]
    assert done.exit_code == 4, done.stderr
    assert "did not answer" not in last
    assert "robots.txt answered 200 but could not be read" in last and "gzip" in last, last
    row = capture(tmp_path, robots_url)
    assert (row["status"], row["error_class"]) == (200, "BadEncoding")


def test_robots_txt_trickled_past_the_total_timeout_is_unusable_rules(tmp_path: Path) -> None:
    robots = Answer(body=PLAIN_ROBOTS * 10, content_type="text/plain", trickle=0.02)
    with serve({"/robots.txt": robots, "/": page("/a")}) as server:
        result = crawl_of(server, tmp_path, total_timeout=0.3, max_attempts=1)
        assert server.log == ["/robots.txt"]
    assert result.status == "unhealthy", result.message
    assert result.message and "did not answer" not in result.message
    # the status is known now: the answer as far as it came is archived (WARC-Truncated: time)
    assert result.message.startswith("robots.txt answered 200 but could not be read"), result
    said = "timed out after 0.3 s with the body of a 200 still arriving"
    assert said in result.message, result.message


def test_a_home_page_that_cannot_be_decoded_is_archived_as_received(tmp_path: Path) -> None:
    body = page("/a", text="plain HTML, said to be gzip").body
    home = Answer(body=body, headers=GZIP)
    with serve(site({"/": home, "/a": page()}, robots=ROBOTS_OK)) as server:
        result = crawl_of(server, tmp_path)
        assert "/a" not in server.log, "nothing is read from a body that cannot be decoded"
        row = capture(tmp_path, server.url + "/")
    assert (row["status"], row["outcome"], row["error_class"]) == (200, "error", "BadEncoding")
    assert "undecodable body" in str(row["error"]) and row["warc_file"]
    with open(tmp_path / "warc" / str(row["warc_file"]), "rb") as stream:
        stream.seek(int(str(row["warc_offset"])))
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_type == "response"
        assert record.http_headers.get_header("Content-Encoding") == "gzip"
        assert record.raw_stream.read() == body, "the bytes as the server sent them"
    assert result.status == "unhealthy"
    assert result.message == "the home page could not be fetched"
    assert result.counts["errors"] == 1
