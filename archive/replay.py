"""What replay tools (pywb, ReplayWeb.page) need to show every capture date: a CDXJ index, and
one small derived WARC file. Read from the WARC files alone; the crawl's files are never changed.

The crawl keeps an unchanged answer as a revisit record. A 200 with the same bytes is an
`identical-payload-digest` revisit carrying the 200's headers, which both tools resolve: they
serve its headers with its original's payload. A 304 Not Modified is a `server-not-modified`
revisit carrying the server's 304 headers, as it should: the WARC is a record of what was
exchanged. But pywb 2.10 and ReplayWeb.page 2.5 both serve a revisit's own HTTP headers when it
has any, so that night replays as an empty 304.

So the replay index resolves each such night through a second, derived revisit record, written
here into `isecg-replay.warc.gz`: the same target URI and date, the same WARC-Refers-To,
-Refers-To-Target-URI, -Refers-To-Date and payload digest, WARC-Concurrent-To the crawl's
revisit record (the one exchange both describe), and no HTTP headers at all. With no headers of
its own, a revisit is replayed with its original's (both tools do this by design, for revisits
that abbreviate the headers away), so the night shows the content the server confirmed, with
status 200, and the derived record claims nothing the server did not send. The crawl's 304
record stays in its WARC file, out of the replay index (two entries for one URL and second
would let a tool pick either).

Index entries: every response (any status: a 404 or a 503 replays as what was served) and
every identical-payload revisit as recorded; every 304 through its derived record. Requests,
warcinfo and metadata records are not indexed. Sorted by SURT and timestamp, as pywb's
binary search needs.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from surt import surt
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import iso_date_to_timestamp
from warcio.warcwriter import WARCWriter

from archive.decode import decoded_payload
from archive.pages import title_and_text
from archive.warc import PROFILES
from archive.warc_check import good_spans

REPLAY_WARC = "isecg-replay.warc.gz"
NOT_MODIFIED = PROFILES["server-not-modified"]
IDENTICAL = PROFILES["identical-payload-digest"]
MAX_HTML = 8 << 20  # a page body larger than this is indexed, not read for its title and text


@dataclass(frozen=True)
class Record:
    """One WARC record a replay tool may be sent to, and what the index says of it."""

    url: str
    date: str  # WARC-Date, as written
    kind: str  # response, revisit
    filename: str
    offset: int
    length: int
    status: int | None  # HTTP status (None: a revisit without headers)
    mime: str
    digest: str  # WARC-Payload-Digest
    record_id: str
    profile: str = ""
    refers_to: str = ""  # WARC-Refers-To of a revisit
    refers_to_uri: str = ""
    refers_to_date: str = ""
    title: str | None = None  # an HTML 200's <title>
    text: str | None = field(default=None, repr=False)  # and its visible text

    @property
    def timestamp(self) -> str:
        return str(iso_date_to_timestamp(self.date))

    def cdxj(self) -> str:
        """The record's CDXJ line (urlkey, 14-digit timestamp, JSON), without its newline."""
        fields: dict[str, Any] = {"url": self.url}
        if self.kind == "revisit":
            fields["mime"] = "warc/revisit"
        elif self.mime:
            fields["mime"] = self.mime
        if self.status is not None:
            fields["status"] = str(self.status)
        if self.digest:
            fields["digest"] = self.digest
        fields |= {"length": str(self.length), "offset": str(self.offset)}
        fields["filename"] = self.filename
        return f"{surt(self.url)} {self.timestamp} {json.dumps(fields, sort_keys=False)}"


def _mime(http: StatusAndHeaders | None) -> str:
    value = http.get_header("Content-Type") if http else None
    return (value or "").split(";")[0].strip().lower()


def scan(
    path: Path,
    keep_html: Callable[[str, int | None, str], bool] | None = None,
    spans: list[tuple[int, int]] | None = None,
) -> Iterator[Record]:
    """The response and revisit records of one WARC file, with their offsets and lengths.

    keep_html(url, status, mime) says which HTML bodies to decode and keep (for titles and
    text); by default, those of 200 answers. `spans`: the byte ranges of whole, intact
    records to read (warc_check.good_spans, for a file damaged inside), else the whole file.
    """
    keep = keep_html or (lambda _u, status, mime: status == 200 and mime == "text/html")
    with Path(path).open("rb") as fh:
        for start, end in spans if spans is not None else [(0, None)]:
            fh.seek(start)
            records = ArchiveIterator(fh if end is None else _Upto(fh, end), block_size=4096)
            for record in records:
                found = _record(record, keep)
                records.read_to_end()
                if found is not None:
                    offset, length = records.get_record_offset(), records.get_record_length()
                    yield replace(found, filename=Path(path).name, offset=offset, length=length)


class _Upto:
    """A file read up to `end`, where a reader meets its end: what follows is damaged."""

    def __init__(self, fh: BinaryIO, end: int) -> None:
        self.fh, self.end = fh, end

    def read(self, size: int = -1) -> bytes:
        left = self.end - self.fh.tell()
        return self.fh.read(left if size < 0 else min(size, left)) if left > 0 else b""

    def tell(self) -> int:
        return self.fh.tell()


def _record(record: Any, keep: Callable[[str, int | None, str], bool]) -> Record | None:
    """A response or revisit record read (its place in the file left to the caller); None
    for another kind."""
    kind = record.rec_type
    if kind not in ("response", "revisit"):
        record.raw_stream.read()  # let the iterator find the next record
        return None
    headers = record.rec_headers
    http = record.http_headers if record.http_headers else None
    status = int(http.get_statuscode()) if http and http.get_statuscode() else None
    url = headers.get_header("WARC-Target-URI")
    mime = _mime(http)
    title = text = None
    if kind == "response" and keep(url, status, mime):
        body = record.raw_stream.read(MAX_HTML + 1)
        if len(body) <= MAX_HTML:
            try:
                html = decoded_payload(list(http.headers) if http else [], body, MAX_HTML)
            except ValueError:  # a body damaged on disk: the record is indexed, untitled
                html = b""
            content_type = http.get_header("Content-Type") if http else None
            title, text = title_and_text(html, content_type)
    record.raw_stream.read()
    return Record(
        url=url,
        date=headers.get_header("WARC-Date"),
        kind=kind,
        filename="",
        offset=0,
        length=0,
        status=status,
        mime=mime,
        digest=headers.get_header("WARC-Payload-Digest") or "",
        record_id=headers.get_header("WARC-Record-ID") or "",
        profile=headers.get_header("WARC-Profile") or "",
        refers_to=headers.get_header("WARC-Refers-To") or "",
        refers_to_uri=headers.get_header("WARC-Refers-To-Target-URI") or "",
        refers_to_date=headers.get_header("WARC-Refers-To-Date") or "",
        title=title,
        text=text,
    )


def _derived_revisit(writer: Any, record: Record, info_id: str) -> Any:
    warc_headers = {
        "WARC-Type": "revisit",
        "WARC-Record-ID": f"<urn:uuid:{uuid.uuid4()}>",
        "WARC-Target-URI": record.url,
        "WARC-Date": record.date,
        "WARC-Profile": NOT_MODIFIED,
        "WARC-Refers-To": record.refers_to,
        "WARC-Refers-To-Target-URI": record.refers_to_uri,
        "WARC-Refers-To-Date": record.refers_to_date,
        "WARC-Concurrent-To": record.record_id,
        "WARC-Warcinfo-ID": info_id,
    }
    if record.digest:
        warc_headers["WARC-Payload-Digest"] = record.digest
    made = writer.create_warc_record(
        record.url,
        "revisit",
        payload=BytesIO(b""),
        length=0,
        warc_headers_dict={k: v for k, v in warc_headers.items() if v},
    )
    made.rec_headers.remove_header("Content-Type")  # an empty block holds no HTTP message
    return made


INFO = {
    "software": "isecg-archive",
    "format": "WARC File Format 1.1",
    "description": (
        "Derived for replay tools, not captured: one revisit record without HTTP headers for"
        " each 304 Not Modified answer in the crawl's WARC files (WARC-Concurrent-To names"
        " it), so pywb and ReplayWeb.page replay that night with the content the server"
        " confirmed. The exchange itself, the server's 304 headers included, is in the crawl's"
        " record."
    ),
}


def write_derived(records: Iterable[Record], out: Path) -> list[Record]:
    """Write the derived revisit of each 304 in `records` to `out`; return them as indexed."""
    derived = []
    with Path(out).open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        info = writer.create_warcinfo_record(Path(out).name, INFO)
        writer.write_record(info)
        info_id = info.rec_headers.get_header("WARC-Record-ID")
        for record in records:
            offset = fh.tell()
            made = _derived_revisit(writer, record, info_id)
            writer.write_record(made)
            derived.append(
                Record(
                    url=record.url,
                    date=record.date,
                    kind="revisit",
                    filename=Path(out).name,
                    offset=offset,
                    length=fh.tell() - offset,
                    status=None,
                    mime="",
                    digest=record.digest,
                    record_id=made.rec_headers.get_header("WARC-Record-ID"),
                    profile=NOT_MODIFIED,
                    refers_to=record.refers_to,
                    refers_to_uri=record.refers_to_uri,
                    refers_to_date=record.refers_to_date,
                )
            )
    return derived


@dataclass
class ReplayIndex:
    """The replay index of a set of WARC files, and the records it is built from."""

    entries: list[Record]  # what the CDXJ lists, sorted
    originals: list[Record]  # every response record, in file order (HTML titles and text)

    def cdxj(self) -> str:
        return "".join(record.cdxj() + "\n" for record in self.entries)

    def without(self, files: set[str]) -> ReplayIndex:
        """The index less the records of `files` (a WACZ leaves a damaged file out)."""
        return ReplayIndex(
            [r for r in self.entries if r.filename not in files],
            [r for r in self.originals if r.filename not in files],
        )


def build(warcs: Iterable[Path], derived_out: Path, damaged: Iterable[str] = ()) -> ReplayIndex:
    """Scan `warcs`, write the derived revisits to `derived_out`, and index the lot; of the
    files named `damaged` (damaged inside), their whole, intact records only."""
    hurt = set(damaged)
    entries: list[Record] = []
    originals: list[Record] = []
    not_modified: list[Record] = []
    for path in sorted(warcs, key=lambda p: p.name):
        spans = good_spans(path) if path.name in hurt else None
        for record in scan(path, spans=spans):
            if record.kind == "response":
                originals.append(record)
                entries.append(record)
            elif record.profile == NOT_MODIFIED or record.status == 304:
                not_modified.append(record)
            else:
                entries.append(record)
    entries += write_derived(not_modified, derived_out)
    entries.sort(key=lambda r: (surt(r.url), r.timestamp, r.kind != "response", r.filename))
    return ReplayIndex(entries, originals)
