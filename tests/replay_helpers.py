"""What the replay tests share: the session's two-night archive of the replica and its
snapshot, and a replay tool run as a separate process on a free loopback port."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from archive.snapshot import snapshot
from tests.crawl_helpers import Crawled, rows
from tests.fixtures.site.app import handle
from tests.fixtures.site.model import load_site

BIN = Path(sys.executable).parent
POST_ID = 1109


@dataclass(frozen=True)
class Capture:
    url: str
    crawl_id: int
    fetched_at: str  # as the archive writes it: 2026-01-01T02:03:04.567Z
    status: int
    sha256: str  # of the decoded body

    @property
    def timestamp(self) -> str:
        """The 14-digit timestamp replay tools address it by."""
        return "".join(c for c in self.fetched_at if c.isdigit())[:14]


@dataclass(frozen=True)
class TwoNights:
    site: str
    data: Path
    snap: Path
    live: dict[str, bytes]  # the replica's own bodies of the sample URLs, decoded
    samples: dict[str, str]  # post, pdf, home -> URL

    def captures(self, url: str) -> list[Capture]:
        return [
            Capture(*row)
            for row in rows(
                self.data / "isecg.db",
                "SELECT url, crawl_id, fetched_at, status, content_sha256 FROM captures"
                " WHERE url = ? ORDER BY crawl_id",
                (url,),
            )
        ]


def two_nights(crawled: Crawled, root: Path) -> TwoNights:
    """The session's two-night archive (the replica crawled twice, nothing changed in between),
    read only, and a snapshot of it made under `root`."""
    (pdf,) = rows(
        crawled.db,
        "SELECT url FROM captures WHERE crawl_id = 1 AND status = 200"
        " AND url LIKE '%.pdf' ORDER BY url LIMIT 1",
    )[0]
    site = crawled.url + "/"
    samples = {"post": f"{crawled.url}/?p={POST_ID}", "pdf": pdf, "home": site}
    # What the replica serves at each sample, rendered for the address it was crawled at (the
    # server that answered the crawl is gone; it ran the same code with the same content).
    replica = load_site("base")
    live = {
        url: handle(replica, url.removeprefix(crawled.url), crawled.url).body
        for url in samples.values()
    }
    snap = snapshot(crawled.data, root / "snap")
    return TwoNights(site, crawled.data, snap, live, samples)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(
    args: list[str], url: str, cwd: Path | None = None, wait: float = 240.0
) -> Iterator[str]:
    """Run a server process until `url` answers; stop it afterwards.

    `wait` is generous on purpose: on a loaded two-core machine pywb's imports alone have
    taken over a minute, and a test that fails because the machine is busy proves nothing.
    """
    log = (cwd or Path.cwd()) / f".server-{abs(hash(url))}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + wait
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{args[0]} exited: {log.read_text(errors='replace')[-2000:]}")
            try:
                httpx.get(url, timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    message = f"{args[0]} not answering at {url} after {wait:.0f} s"
                    raise RuntimeError(message) from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
