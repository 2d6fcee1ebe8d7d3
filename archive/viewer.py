"""ReplayWeb.page for a snapshot, with no internet: `isecg view OUTDIR` serves the snapshot
directory on 127.0.0.1, ReplayWeb.page (vendored in archive/replayweb/, copied into each
snapshot's viewer/) at /viewer/, and its WACZ, which ReplayWeb.page reads by byte ranges.

Python's own static server answers no Range requests, so this one adds them (RFC 9110: one
range, `bytes=a-b`, `a-` or `-n`); everything else is http.server's.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any

VIEWER = "viewer"
VIEWER_FILES = ("index.html", "sw.js", "ui.js", "LICENSE", "README.md")
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def copy_viewer(target: Path) -> None:
    """Copy ReplayWeb.page's files (archive/replayweb/) into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    source = files("archive") / "replayweb"
    for name in VIEWER_FILES:
        with (source / name).open("rb") as src, (target / name).open("wb") as dst:
            shutil.copyfileobj(src, dst)


class RangeHandler(SimpleHTTPRequestHandler):
    """Static files with single byte ranges; quiet logs."""

    extensions_map = {  # noqa: RUF012 - http.server's own class attribute, extended
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".wacz": "application/wacz",
        ".json": "application/json",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        match = _RANGE.match(self.headers.get("Range", "").strip())
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file():
            super().do_GET()
            return
        size = path.stat().st_size
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        else:
            start, end = max(0, size - int(last or 0)), size - 1
        if start > end or start >= size:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        with path.open("rb") as fh:
            fh.seek(start)
            left = end - start + 1
            while left > 0 and (chunk := fh.read(min(left, 1 << 16))):
                self.wfile.write(chunk)
                left -= len(chunk)


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 8090) -> ThreadingHTTPServer:
    """A server of `directory` (a snapshot), not yet serving."""
    handler = functools.partial(RangeHandler, directory=os.fspath(directory))
    return ThreadingHTTPServer((host, port), handler)


def viewer_url(server: ThreadingHTTPServer, wacz: str = "isecg.wacz") -> str:
    host, port = server.server_address[:2]
    base = f"http://{host!s}:{port}"
    return f"{base}/{VIEWER}/?source={base}/{wacz}"
