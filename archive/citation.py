"""A citation of one archived record (archive/cite.py finds it) and its forms: plain text,
BibTeX and CSL-JSON, with the same key in both of the latter.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

FORMATS = ("text", "bibtex", "csl-json")
PUBLISHER = "International Space Exploration Coordination Group (ISECG)"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def holds_page(status: int) -> bool:
    """Whether an answer of this status holds the page (a 2xx, or a 304 confirming it)."""
    return 200 <= status < 300 or status == 304


@dataclass(frozen=True)
class Citation:
    table: str
    key: str
    title: str
    url: str  # the original URL captured
    captured_at: str  # UTC, as the archive writes it
    sha256: str | None  # of the content, decoded (a revisit: the content it confirmed)
    capture_id: int
    status: int | None
    replay: str  # the archived copy of exactly this capture
    # Set for a copy backfilled from the Wayback Machine: where and when we fetched it. The
    # capture (its time above) was the Internet Archive's, not ours.
    source_url: str | None = None
    retrieved_at: str | None = None
    # Set when a publication's document was never archived: the capture cited is of this page,
    # the one listing the publication, and not of the document at `url`.
    listed_on: str | None = None
    # The work's own date (YYYY-MM-DD, YYYY-MM or YYYY), not the capture's; None: undated.
    issued: str | None = None

    @property
    def record(self) -> str:
        return f"{self.table}:{self.key}"

    @property
    def captured_by(self) -> str:
        if self.source_url is None:
            return "isecg-archive"
        return (
            "the Internet Archive's Wayback Machine, copied into isecg-archive from"
            f" {self.source_url} on {self.retrieved_at}"
        )

    @property
    def key_name(self) -> str:
        """The citation's key, the same in BibTeX and CSL-JSON: letters, digits, dashes."""
        return re.sub(r"[^A-Za-z0-9]+", "-", f"isecg-{self.table}-{self.key}").strip("-")

    @property
    def answer(self) -> str:
        """The site's answer where it was no page ("HTTP 404"): a removal, a redirect."""
        return "" if self.status is None or holds_page(self.status) else f"HTTP {self.status}"

    @property
    def stand_in(self) -> str | None:
        """What a reader must know when the capture is not of `url` itself."""
        if self.listed_on is None:
            return None
        return (
            "The document itself was not archived: the capture cited is of the page listing"
            f" it, {self.listed_on}"
        )


def as_text(c: Citation) -> str:
    answer = f"{c.answer}, " if c.answer else ""
    digest = f"{answer}sha256:{c.sha256}" if c.sha256 else f"{answer}no content"
    stand_in = f" {c.stand_in}." if c.stand_in else ""
    issued = f" {c.issued}." if c.issued else ""
    return (
        f'{PUBLISHER}. "{c.title}".{issued} {c.url}. Captured {c.captured_at} by {c.captured_by}'
        f" (capture {c.capture_id}, {digest}).{stand_in} Archived copy: {c.replay}\n"
    )


def _bib(value: str) -> str:
    return re.sub(r"([{}%&$#_])", r"\\\1", value)


def _bib_date(issued: str | None) -> dict[str, str]:
    """year, and month as BibTeX's own macro (`may`), which every style prints in its way."""
    if issued is None:
        return {}
    fields = {"year": issued[:4]}
    if len(issued) >= 7:
        fields["month"] = _MONTHS[int(issued[5:7]) - 1]
    return fields


def as_bibtex(c: Citation) -> str:
    fields = {
        "title": "{" + _bib(c.title) + "}",
        "author": "{" + _bib(PUBLISHER) + "}",
        **_bib_date(c.issued),
        "url": c.url,
        "urldate": c.captured_at[:10],
        "howpublished": "\\url{" + c.replay + "}",
        "note": _bib(
            f"Captured {c.captured_at} by {c.captured_by}, capture {c.capture_id}"
            + (f", {c.answer}" if c.answer else "")
            + (f", sha256 {c.sha256}" if c.sha256 else "")
            + (f". {c.stand_in}" if c.stand_in else "")
        ),
    }
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"  # a macro: bare
        for name, value in fields.items()
    )
    return f"@misc{{{c.key_name},\n{body}\n}}\n"


def _date_parts(day: str) -> dict[str, list[list[int]]]:
    return {"date-parts": [[int(part) for part in day.split("-")]]}


def as_csl_json(c: Citation) -> str:
    item = {
        "id": c.key_name,
        "type": "webpage",
        "title": c.title,
        "author": [{"literal": PUBLISHER}],
        "URL": c.url,
        **({"issued": _date_parts(c.issued)} if c.issued else {}),
        "accessed": _date_parts(c.captured_at[:10]),
        "archive": "isecg-archive",
        "archive_location": c.replay,
        "note": f"Captured {c.captured_at} by {c.captured_by}; capture {c.capture_id}"
        + (f"; {c.answer}" if c.answer else "")
        + (f"; sha256 {c.sha256}" if c.sha256 else "")
        + (f". {c.stand_in}" if c.stand_in else ""),
        "custom": asdict(c),
    }
    return json.dumps([item], indent=2, ensure_ascii=False) + "\n"


def render(c: Citation, fmt: str) -> str:
    return {"text": as_text, "bibtex": as_bibtex, "csl-json": as_csl_json}[fmt](c)
