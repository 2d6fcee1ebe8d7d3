"""A crawl into a data directory whose crawls were of another site says so before it starts
(helper-191: the replica on another port the second night doubled the publications, and
`isecg status` said ok)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.db import open_db, read_only_connection
from archive.lookup import other_sites
from tests.conftest import ReplicaFactory
from tests.crawl_helpers import crawl_command, isecg


def archive_of(tmp_path: Path, *sites: str) -> Path:
    db = open_db(tmp_path / "isecg.db")
    for n, site in enumerate(sites, start=1):
        db.table("crawls").insert({"id": n, "site": site, "started_at": "", "status": "done"})
    db.close()
    return tmp_path / "isecg.db"


def test_only_other_hosts_and_ports_are_other_sites(tmp_path: Path) -> None:
    path = archive_of(tmp_path, "http://127.0.0.1:38115/", "https://www.example.org/")
    conn = read_only_connection(path)
    try:
        assert other_sites(conn, "http://127.0.0.1:38115/") == ["https://www.example.org/"]
        assert other_sites(conn, "http://example.org/") == ["http://127.0.0.1:38115/"]
        assert other_sites(conn, "http://127.0.0.1:33435/") == [
            "http://127.0.0.1:38115/",
            "https://www.example.org/",
        ]
    finally:
        conn.close()


@pytest.mark.slow  # a crawl command, against a loopback port nothing listens on
def test_the_crawl_command_notes_another_site_before_it_starts(tmp_path: Path) -> None:
    """The note comes before the crawl starts; the crawl itself then fails as any crawl of an
    address that does not answer does."""
    archive_of(tmp_path, "http://127.0.0.1:38115/")
    result = isecg(
        "crawl",
        "--site",
        "http://127.0.0.1:9/",
        "--data",
        str(tmp_path),
        "--delay",
        "0",
        "--no-progress",
        "--max-time",
        "0.001",
    )
    assert "note: this data directory holds crawls of http://127.0.0.1:38115/" in result.stderr


@pytest.mark.slow  # the import command, against a loopback CDX API answering no captures
def test_a_wayback_import_notes_another_site_before_it_starts(tmp_path: Path) -> None:
    """helper-192: `import-wayback` without `--site` into the replica's archive asked for the
    real site's captures, listed none and said nothing of it. A CDX API with no captures of
    that site answers here (on loopback), as the real one would for a site it never saw."""
    from tests.wayback_helpers import Answering

    class NoCaptures(Answering):
        def answer(self, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
            return 200, [("Content-Type", "application/json")], b"[]"

    archive_of(tmp_path, "http://127.0.0.1:38115/")
    cdx = NoCaptures()
    cdx.start()
    try:
        result = isecg(
            "import-wayback",
            "--data",
            str(tmp_path),
            "--wayback",
            cdx.address + "/web/",
            "--delay",
            "0",
            "--no-progress",
        )
    finally:
        cdx.stop()
    assert cdx.log and "globalspaceexploration.org" in cdx.log[0]  # the default, real site
    note = "note: this data directory holds crawls of http://127.0.0.1:38115/; https://www"
    assert note in result.stderr and "whose captures will stand beside theirs" in result.stderr


@pytest.mark.slow  # a crawl command of the replica
def test_a_crawl_of_another_name_for_the_site_says_where_its_links_go(
    replica_factory: ReplicaFactory, tmp_path: Path
) -> None:
    """helper-192: `--site http://localhost:PORT/` for the replica at 127.0.0.1:PORT, whose
    pages link 127.0.0.1:PORT, filed every link as off-site: 18 requests, "done", a partial
    archive, and nothing said. A crawl of the site's own name says nothing of the kind."""
    server = replica_factory()
    port = server.url.rsplit(":", 1)[1]
    named = crawl_command(server, tmp_path / "own")
    assert named.returncode == 0 and "which this crawl does not follow" not in named.stderr
    aliased = isecg(
        "crawl",
        "--site",
        f"http://localhost:{port}/",
        "--data",
        str(tmp_path / "alias"),
        "--delay",
        "0",
        "--no-progress",
    )
    note = f"go to http://127.0.0.1:{port}/, which this crawl does not follow: if it is the"
    assert note in aliased.stderr, aliased.stderr
    assert f"crawl it with --site http://127.0.0.1:{port}/" in aliased.stderr
