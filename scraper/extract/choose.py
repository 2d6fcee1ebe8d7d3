"""One rule for every field of a post: the candidates every source gave, ranked by source.

Pure functions, no I/O. Each source (the REST item, structured data, the learned template,
the theme selectors, the generic reader, a list page, the URL) gives `Candidate`s; `choose`
picks one per field by PRIORITY, the same way whether the record was read from one page or
from several. Nothing a source said is dropped: the record keeps every candidate, and
`disagreements` lists where the chosen value and another trusted source differ.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from scraper.extract import instants
from scraper.extract.clean import fold
from scraper.extract.types import Candidate

# Best first, per field. REST is the site's database. Structured data (JSON-LD, microdata,
# meta tags) is written for machines; time[datetime] is machine-readable but printed by the
# theme; a template is learned from REST on this very theme; the theme selectors ("heading",
# "selector", "visible") and the generic reader guess; the <title> element and og:title carry
# the site's name; a list page prints the date beside a link (a slashed day either order
# could read, in the order the list's other days show: "list-page-order"); a URL tells only
# the day. A plain `date` or Dublin Core meta tag ("meta-date") is a render time on some sites.
PRIORITY: dict[str, tuple[str, ...]] = {
    "title": ("rest", "jsonld", "microdata", "template", "heading", "generic", "og", "title"),
    "published": (
        *("rest", "jsonld", "microdata", "meta", "time", "template", "visible", "generic"),
        *("meta-date", "list", "list-page-order", "feed", "url"),
    ),
    "modified": ("rest", "jsonld", "microdata", "meta", "time"),
    "body": ("rest", "template", "selector", "generic"),
    # REST gives names once the categories endpoint (or _embed) named its ids.
    "categories": ("rest", "selector"),
    # A byline names the post's author; a REST author is a login's display name.
    "author": ("selector", "jsonld", "microdata", "meta", "rest"),
}
DATE_FIELDS = frozenset({"published", "modified"})
# Sources trusted enough that a differing value elsewhere is worth a person's look.
COMPARED = frozenset(
    {"rest", "jsonld", "microdata", "meta", "meta-date", "time", "template", "heading", "visible"}
)
# record id, field, the differing source and its value, the chosen source and its value
Disagreement = tuple[str, str, str, str, str, str]


def _plausible(candidate: Candidate, captured_at: datetime | None) -> bool:
    return captured_at is None or instants.plausible(candidate.as_date(), captured_at)


def choose(
    field: str, candidates: Iterable[Candidate], captured_at: datetime | None = None
) -> Candidate | None:
    """The value to keep for `field`, or None.

    Sources are tried in PRIORITY order; the first with a usable value wins. For dates,
    implausible values (before 2007, after the capture) are dropped first, and a source whose
    candidates name different days contradicts itself and is skipped; within a source a
    date-time beats a date alone. Otherwise the first candidate a source gave wins.
    """
    order = PRIORITY[field]
    kept = [c for c in candidates if c.field == field and c.value and c.source in order]
    if field in DATE_FIELDS:
        kept = [c for c in kept if _plausible(c, captured_at)]
    for source in order:
        group = [c for c in kept if c.source == source]
        if not group:
            continue
        if field not in DATE_FIELDS:
            return group[0]
        if len({c.value[:10] for c in group}) > 1:
            continue
        best = max(group, key=lambda c: "T" in c.value)  # max keeps the first of equals
        return best if source == "rest" else _as_printed(best, kept)
    return None


def _as_printed(best: Candidate, kept: list[Candidate]) -> Candidate:
    """The site's offset table is an assumption. An instant put in it can fall on another day
    than the one its page prints (a theme writing +02:00, or UTC, beside "1 July 2020"): where
    the days printed name the instant's day in its own offset, and never the day the table
    gives, the instant keeps its own offset. Where an instant written in another offset
    than the table's lands a day from the one day printed, which it reaches in an offset up to
    two hours from the table's (a CMS on summer time writing UTC: 22:30Z beside "15 June
    2024"), that printed day is the post's."""
    if "T" not in best.value:
        return best
    printed = [c for c in kept if "T" not in c.value]
    days = {c.value[:10] for c in printed}
    if best.value[:10] in days:
        return best
    own = instants.in_own_offset(best.raw)
    if own is not None and own[:10] != best.value[:10] and own[:10] in days:
        return Candidate(best.field, own, best.source, best.raw)
    # Only an instant written in another offset was moved by the table: one in the table's
    # own offset ("00:20+01:00") says its day itself, whatever else the page prints. One
    # written in none may be in any ("2024-06-25 22:00:00" beside "June 26, 2024": HubSpot's
    # UTC): the one day printed, where an offset two hours off the table's reaches it.
    converted = own is not None and own[19:] != best.value[19:]
    naive = own is None and isinstance(instants.parse_iso(best.raw), datetime)
    if (converted or naive) and len(days) == 1 and days <= instants.days_near(best.value):
        return printed[0]
    return best


def same(field: str, a: str, b: str) -> bool:
    """Whether two values of a field say the same (a date's day; text up to case and space)."""
    if field in DATE_FIELDS:
        return a[:10] == b[:10]
    return fold(a) == fold(b)


def disagreements(
    record_id: str, field: str, candidates: Iterable[Candidate], chosen: Candidate | None
) -> list[Disagreement]:
    """Each trusted source whose value for `field` differs from the chosen one, once."""
    if chosen is None or field not in ("title", "published"):
        return []
    out: list[Disagreement] = []
    for c in candidates:
        if c.field != field or c.source not in COMPARED or c.source == chosen.source:
            continue
        if not same(field, c.value, chosen.value):
            found = (record_id, field, c.source, c.value, chosen.source, chosen.value)
            if found not in out:
                out.append(found)
    return out
