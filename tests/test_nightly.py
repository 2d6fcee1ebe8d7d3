"""Three simulated nights through the command line: unchanged, unchanged, the later state."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.crawl_helpers import isecg
from tests.fixtures.site.server import ReplicaConfig, ReplicaServer
from tests.test_notify import Receiver

pytestmark = pytest.mark.slow  # three whole crawls through the command line


def warc_bytes(data: Path) -> int:
    return sum(path.stat().st_size for path in (data / "warc").glob("*.warc.gz"))


class Nights:
    def __init__(self, server: ReplicaServer, receiver: Receiver, data: Path) -> None:
        self.server, self.receiver, self.data = server, receiver, data
        self.sizes: list[int] = []
        self.exits: list[int] = []
        self.statuses: list[dict[str, Any]] = []
        self.posts_after: list[int] = []

    def night(self) -> None:
        crawl = isecg(
            "crawl",
            "--site",
            self.server.url + "/",
            "--data",
            str(self.data),
            "--delay",
            "0",
            "--notify-url",
            self.receiver.url,
            "--log-format",
            "json",
        )
        self.exits.append(crawl.returncode)
        self.sizes.append(warc_bytes(self.data))
        self.posts_after.append(len(self.receiver.posts))
        status = isecg("status", "--data", str(self.data), "--json")
        self.statuses.append(json.loads(status.stdout))


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nights]:
    data = tmp_path_factory.mktemp("nightly")
    with ReplicaServer(ReplicaConfig()) as server, Receiver() as receiver:
        run = Nights(server, receiver, data)
        run.night()
        run.night()
        server.set_state("later")
        run.night()
        yield run


def test_every_night_ends_well(nights: Nights):
    assert nights.exits == [0, 0, 0]


def test_status_reports_each_night(nights: Nights):
    for night, report in enumerate(nights.statuses, start=1):
        assert report["ok"] is True
        assert [crawl["id"] for crawl in report["crawls"]][:1] == [night]
        assert len(report["crawls"]) == night


def test_an_unchanged_night_adds_under_5_percent(nights: Nights):
    first, second, _ = nights.sizes
    assert second - first < 0.05 * first, (first, second)


def test_notifications_come_on_changes_only(nights: Nights):
    assert nights.posts_after == [1, 1, 2]  # the first crawl (all new), then the later state
    last = nights.receiver.payloads()[-1]
    assert last["event"] == "changes" and last["crawl"]["id"] == 3
    assert last["changes"]["news"] == {"new": 1, "edited": 1, "removed": 1}
    assert last["changes"]["members"]["new"] == 1


def test_changes_lists_exactly_the_later_state(nights: Nights):
    since = nights.statuses[2]["crawls"][0]["started_at"]
    found = json.loads(
        isecg("changes", "--since", since, "--data", str(nights.data), "--json").stdout
    )
    news = found["news"]
    assert [len(news[k]) for k in ("new", "edited", "removed")] == [1, 1, 1]
    assert len(found["publications"]["new"]) == 1
    assert len(found["members"]["new"]) == 1


def test_each_crawl_has_its_json_log(nights: Nights):
    for crawl_id in (1, 2, 3):
        lines = (nights.data / "logs" / f"crawl-{crawl_id}.log").read_text().splitlines()
        records = [json.loads(line) for line in lines]
        assert any(r.get("crawl_id") == crawl_id and r.get("status") == "done" for r in records)
