"""`isecg cite` and `isecg view`: citing one capture, and ReplayWeb.page on a snapshot.

Registered on the `isecg` group by scraper/cli.py; the options and error handling they share are
scraper/cli_common.py.
"""

from __future__ import annotations

from pathlib import Path

import click

from scraper.cli_common import clear_errors, data_option, open_archive
from scraper.errors import IsecgError, UsageError


@click.command()
@click.argument("record")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "bibtex", "csl-json"]),
    default="text",
    show_default=True,
    help="Plain text, BibTeX (@misc) or CSL-JSON (Zotero, pandoc).",
)
@click.option(
    "--base-url",
    default="http://127.0.0.1:8001",
    show_default=True,
    help="Where the reading room (isecg serve) is published: the archived copy's link.",
)
@data_option
@clear_errors
def cite(record: str, fmt: str, base_url: str, data_dir: Path) -> None:
    """Print a stable citation of RECORD: the original URL, its own date, the capture
    time, the sha256 of the content, and a link that replays exactly that capture.

    RECORD is TABLE:KEY (news:wp:1109, publications:ID, documents:URL, agencies:ID or
    members:ID, capture:N) or a URL (a post's, a document's, or any captured URL: its last
    capture).

    Exit codes: 0 printed; 1 the archive's database cannot be read; 2 bad usage (no such
    record, no archive).
    """
    from archive.cite import CiteError, find, render

    with open_archive(data_dir) as db:
        try:
            citation = find(db, record, base_url)
        except CiteError as error:
            raise UsageError(str(error)) from None
    click.echo(render(citation, fmt), nl=False)


@click.command()
@click.argument("snapshot", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8090, show_default=True, help="Port."
)
@clear_errors
def view(snapshot: Path, host: str, port: int) -> None:
    """Open a snapshot (isecg snapshot OUTDIR) in ReplayWeb.page: serves OUTDIR, the viewer
    and its WACZ, and prints the address to open. No internet needed; Ctrl-C stops it.

    Exit codes: 0 stopped (Ctrl-C); 1 the address cannot be listened on; 2 SNAPSHOT is no
    snapshot.
    """
    from archive.snapshot import WACZ
    from archive.viewer import VIEWER, make_server, viewer_url

    if not (snapshot / WACZ).is_file() or not (snapshot / VIEWER / "sw.js").is_file():
        raise UsageError(f"{snapshot} holds no {WACZ} and {VIEWER}/: make it with isecg snapshot")
    try:
        server = make_server(snapshot, host, port)
    except OSError as error:
        raise IsecgError(f"cannot listen on {host}:{port}: {error}") from None
    click.echo(f"ReplayWeb.page: {viewer_url(server)}  (Ctrl-C stops it)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
