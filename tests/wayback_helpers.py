"""What the backfill tests share: the replica as the Wayback Machine saw it at four past dates,
kept in WARC files, served by a real pywb (its CDX API and id_ replay), and a small proxy in
front of it that logs every request and can answer 429 with Retry-After.

The four eras render the replica in process (app.handle) from the content model cut to a date:
only the posts, publications, portal items and members of that date exist. The 2009 era is the
pre-2013 portal (/news/), 2014 the classic theme under /wordpress/, 2019 and 2022 the root
theme. Two changes between eras are made on purpose: an agency renamed between 2014 and 2019
(same website, so one agency), and a roadmap PDF whose 2019 bytes were replaced by 2022.
"""

from __future__ import annotations

import io
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.fixtures.site.app import handle
from tests.fixtures.site.model import Document, Site, load_site
from tests.fixtures.site.render import NEWS_PER_PAGE, PUBLICATIONS_PER_PAGE, page_count
from tests.replay_helpers import BIN, free_port, serving

COLLECTION = "isecg-past"
RENAMED = ("ssau", "National Space Agency of Ukraine (NSAU)")  # its name before 2019 here
REPLACED_PDF = "/wordpress/wp-content/isecg/GER_2018_small_mobile.pdf"
EARLIER_PDF = ("The Global Exploration Roadmap. January 2018. First printing.",)
# A page captured again, unchanged: listed once (collapse on digest), never fetched twice.
UNCHANGED_AGAIN = "/news/2007-11-08"


@dataclass(frozen=True)
class Era:
    day: str  # YYYY-MM-DD: the content is the site's as of that day
    generation: str  # portal, classic, root
    time: datetime  # the first capture of the era; the others follow a few seconds apart

    @property
    def prefix(self) -> str:
        return {"portal": "/", "classic": "/wordpress/", "root": "/"}[self.generation]


ERAS = (
    Era("2009-04-15", "portal", datetime(2009, 4, 15, 10, 0, tzinfo=UTC)),
    Era("2014-06-10", "classic", datetime(2014, 6, 10, 9, 30, tzinfo=UTC)),
    Era("2019-11-05", "root", datetime(2019, 11, 5, 14, 0, tzinfo=UTC)),
    Era("2022-06-20", "root", datetime(2022, 6, 20, 8, 15, tzinfo=UTC)),
)


def site_on(era: Era) -> Site:
    """The replica as it stood on the era's day."""
    site = load_site("base")
    day = era.day
    members = tuple(m for m in site.members if m.joined_on <= day)
    if day < "2019":
        key, name = RENAMED
        members = tuple(replace(m, name=name) if m.key == key else m for m in members)
    documents = dict(site.documents)
    if day < "2022":
        documents[REPLACED_PDF] = Document(REPLACED_PDF, EARLIER_PDF)
    return replace(
        site,
        posts=tuple(p for p in site.posts if p.published[:10] <= day),
        publications=tuple(p for p in site.publications if p.posted_on <= day),
        members=members,
        portal=tuple(i for i in site.portal if i.date <= day),
        documents=documents,
    )


def targets(era: Era, site: Site) -> list[str]:
    """What the Wayback captured of the site in that era: its lists, posts and documents."""
    if era.generation == "portal":
        found = ["/news/", *(f"/news/{item.date}" for item in site.portal)]
        found += [d for item in site.portal for d in item.documents if d in site.documents]
        return found
    prefix = era.prefix
    pages = {page.title: page.id for page in site.pages}
    found = [prefix]
    for title, per_page, total in (
        ("News", NEWS_PER_PAGE, len(site.news)),
        ("Publications", PUBLICATIONS_PER_PAGE, len(site.publications)),
    ):
        found.append(f"{prefix}?page_id={pages[title]}")
        found += [
            f"{prefix}?page_id={pages[title]}&paged={n}"
            for n in range(2, page_count(total, per_page) + 1)
        ]
    # pywb answers in ~60 ms: a sample of the posts and documents keeps the tests short. The
    # Wayback never had every page either. Posts announcing a member joining are all kept.
    announcing = {m.announced_by for m in site.members}
    found += [f"{prefix}?p={p.id}" for p in site.posts if p.id % 4 == 0 or p.id in announcing]
    found += [
        p.document
        for p in site.publications
        if p.document in site.documents and (p.year % 3 == 0 or p.document == REPLACED_PDF)
    ]
    return found


@dataclass(frozen=True)
class Captured:
    era: Era
    url: str  # the original URL
    timestamp: str  # 14 digits


def write_eras(path: Path, base: str) -> list[Captured]:
    """A WARC file of every era's captures of the replica served at `base`."""
    captured = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for era in ERAS:
            site = site_on(era)
            extra = [UNCHANGED_AGAIN] if era.generation == "classic" else []
            for n, target in enumerate([*targets(era, site), *extra]):
                answer = handle(site, target, base)
                assert answer.status == 200, (era, target, answer.status)
                when = era.time + timedelta(seconds=7 * n)
                length = str(len(answer.body))
                http = StatusAndHeaders(
                    f"{answer.status} OK",
                    [("Content-Type", answer.content_type), ("Content-Length", length)],
                    protocol="HTTP/1.1",
                )
                record = writer.create_warc_record(
                    base + target,
                    "response",
                    payload=io.BytesIO(answer.body),
                    length=len(answer.body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": when.strftime("%Y-%m-%dT%H:%M:%SZ")},
                )
                writer.write_record(record)
                captured.append(Captured(era, base + target, when.strftime("%Y%m%d%H%M%S")))
    return captured


@contextmanager
def pywb_serving(root: Path, base: str) -> Iterator[tuple[str, list[Captured]]]:
    """A pywb on a free loopback port with the eras' WARC in one collection: yields the
    collection's URL (http://127.0.0.1:PORT/isecg-past) and what was captured."""
    collection = root / "collections" / COLLECTION
    for folder in ("archive", "indexes"):  # what `wb-manager init` makes and pywb reads
        (collection / folder).mkdir(parents=True, exist_ok=True)
    warc = collection / "archive" / "eras.warc.gz"
    captured = write_eras(warc, base)
    with warnings.catch_warnings():  # pywb imports cgi, deprecated since Python 3.11
        warnings.simplefilter("ignore", DeprecationWarning)
        from pywb.indexer.cdxindexer import write_cdx_index
    # What `wb-manager add` does, in process (a second Python starting costs seconds).
    with (collection / "indexes" / "index.cdxj").open("wb") as out, warc.open("rb") as warcs:
        write_cdx_index(out, warcs, warc.name, cdxj=True, sort=True)
    port = free_port()
    args = [str(BIN / "wayback"), "-b", "127.0.0.1", "-p", str(port)]
    with serving(args, f"http://127.0.0.1:{port}/", cwd=root) as url:
        yield url + COLLECTION, captured


class Proxy:
    """A loopback HTTP proxy to one upstream (pywb): logs each request's path and answers
    the first request whose path holds a key of `faults` with 429 and its Retry-After."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.log: list[str] = []
        self.faults: dict[str, str | None] = {}  # path fragment -> Retry-After ("" = none)
        self.always_429 = False  # every replay answered 429 (Retry-After: 0, so no test waits)
        self.pause = 0.0  # seconds each replay is held before it is answered
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy.log.append(self.path)
                status, body, headers = proxy.answer(self.path)
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._client = httpx.Client(timeout=30)  # kept alive: pywb is slow to connect to
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, path: str) -> tuple[int, bytes, list[tuple[str, str]]]:
        fault = next((key for key in self.faults if key in path), None)
        if self.always_429 and "id_/" in path:
            return 429, b"slow down", [("Content-Type", "text/plain"), ("Retry-After", "0")]
        if self.pause and "id_/" in path:
            time.sleep(self.pause)
        if fault is not None:
            retry_after = self.faults.pop(fault)
            headers = [("Retry-After", retry_after)] if retry_after else []
            return 429, b"Too Many Requests", headers
        upstream = self._client.get(self.upstream + path)
        kept = ("content-type", "memento-datetime", "link", "location")
        headers = [(k, v) for k, v in upstream.headers.items() if k.lower() in kept]
        return upstream.status_code, upstream.content, headers

    def replays(self) -> list[str]:
        """The id_ requests made, in order."""
        return [path for path in self.log if "id_/" in path]

    def __enter__(self) -> Proxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._client.close()
