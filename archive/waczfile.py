"""Write a WACZ 1.1.1 file: the WARC files, the replay index (archive/replay.py), a page list
with each page's own title and text, and a datapackage.json that names the archive.

    archive/*.warc.gz        the crawl's WARC files, and the derived isecg-replay.warc.gz
    indexes/index.cdx        the replay index (CDXJ, sorted), which pywb's `wb-manager add
                             --unpack-wacz` and ReplayWeb.page both read
    pages/pages.jsonl        one entry per page or document and content: url, ts, title, text
    datapackage.json         every file's sha256 and size, title, description, crawl dates,
                             the main page, software
    datapackage-digest.json  the sha256 of datapackage.json

WARC files and the index are stored uncompressed in the zip (ZIP_STORED), so a replay tool can
read one record by its offset with an HTTP range request; the page list is deflated.
`wacz validate -f FILE` (py-wacz) passes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive.replay import ReplayIndex

WACZ_VERSION = "1.1.1"
PAGES = "pages/pages.jsonl"
INDEX = "indexes/index.cdx"


@dataclass(frozen=True)
class Page:
    """One line of pages.jsonl: a page (or document) as captured at `ts`."""

    url: str
    ts: str  # ISO 8601, the capture's WARC-Date
    title: str
    text: str = ""

    def line(self) -> dict[str, Any]:
        page_id = hashlib.sha256(f"{self.ts} {self.url}".encode()).hexdigest()[:24]
        out = {"id": page_id, "url": self.url, "ts": self.ts, "title": self.title}
        return out | ({"text": self.text} if self.text else {})


def pages_of(index: ReplayIndex, documents: dict[str, tuple[str | None, str | None]]) -> list[Page]:
    """Each HTML page and each document in the index, once per distinct content (its first
    capture in time, not in file order: `isecg-2026...` sorts before `wayback-...`, and a
    2009 Wayback copy of a file was listed at our crawl's date, helper-207; an unchanged
    night adds no line). `documents`: url -> (title, text) as the archive read them; a
    document with no title is named by its file name."""
    seen: set[tuple[str, str]] = set()
    pages = []
    for record in sorted(index.originals, key=lambda r: r.timestamp):
        if record.status != 200 or (record.url, record.digest) in seen:
            continue
        if record.mime == "text/html":
            title, text = record.title or record.url, record.text or ""
        elif record.url in documents:
            title_found, text_found = documents[record.url]
            name = record.url.rsplit("/", 1)[-1].split("?")[0] or record.url
            title, text = title_found or name, text_found or ""
        else:
            continue
        seen.add((record.url, record.digest))
        pages.append(Page(record.url, record.date, title, text))
    return pages


def _sha256(path: Path | None = None, data: bytes | None = None) -> tuple[int, str]:
    digest = hashlib.sha256()
    if data is not None:
        digest.update(data)
        return len(data), "sha256:" + digest.hexdigest()
    assert path is not None
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, "sha256:" + digest.hexdigest()


def write_wacz(
    out: Path,
    warcs: Iterable[Path],
    index: ReplayIndex,
    pages: list[Page],
    metadata: dict[str, Any],
) -> Path:
    """Write the WACZ to `out`. `metadata`: title, description, mainPageURL, mainPageDate,
    software and any further fields for datapackage.json."""
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    resources = []
    with zipfile.ZipFile(out, "w", allowZip64=True) as wacz:
        for path in sorted(warcs, key=lambda p: p.name):
            name = f"archive/{path.name}"
            info = zipfile.ZipInfo.from_file(path, name)
            info.compress_type = zipfile.ZIP_STORED
            with path.open("rb") as src, wacz.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            size, digest = _sha256(path)
            resources.append(
                {"name": path.name.lower(), "path": name, "hash": digest, "bytes": size}
            )
        header: dict[str, Any] = {"format": "json-pages-1.0", "id": "pages", "title": "Pages"}
        header["hasText"] = any(page.text for page in pages)
        lines = [header, *(page.line() for page in pages)]
        members = {
            INDEX: (index.cdxj().encode("utf-8"), zipfile.ZIP_STORED),
            PAGES: (
                "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode(),
                zipfile.ZIP_DEFLATED,
            ),
        }
        for name, (data, compression) in members.items():
            wacz.writestr(zipfile.ZipInfo(name, _zip_time()), data, compress_type=compression)
            size, digest = _sha256(data=data)
            resources.append({"name": Path(name).name, "path": name, "hash": digest, "bytes": size})
        package = {
            "profile": "data-package",
            "wacz_version": WACZ_VERSION,
            "created": created,
            "modified": created,
            **metadata,
            "resources": resources,
        }
        package_bytes = json.dumps(package, indent=2, ensure_ascii=False).encode("utf-8")
        wacz.writestr(
            zipfile.ZipInfo("datapackage.json", _zip_time()),
            package_bytes,
            compress_type=zipfile.ZIP_DEFLATED,
        )
        digest_doc = {"path": "datapackage.json", "hash": _sha256(data=package_bytes)[1]}
        wacz.writestr(
            zipfile.ZipInfo("datapackage-digest.json", _zip_time()),
            json.dumps(digest_doc, indent=2).encode("utf-8"),
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return out


def _zip_time() -> tuple[int, int, int, int, int, int]:
    now = datetime.now(UTC)
    return (now.year, now.month, now.day, now.hour, now.minute, now.second)
