"""Extraction fidelity over generated site designs: the replica rendered through
`theme="random:SEED"`, read in process (no crawl) by the same harvest/learn/records steps a
crawl's build runs, and scored against the replica's own content.

Three ways of reading each design:
- `rest`: the REST API answers (the post pages too; templates are learned from the pairs);
- `templates`: REST off, with the templates the `rest` reading learned on that design;
- `generic`: REST off and nothing learned: structured data, selectors, the generic reader.

`python -m tests.fidelity [--seeds 0-49]` (`make fidelity`) prints the table the README
quotes; the property tests (tests/test_fidelity.py) assert on the same scores.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache

from archive.store import Seen
from scraper.chosen import merged_news
from scraper.extract.templates import Templates
from scraper.extract.types import Member, News, Publication
from scraper.harvest import Page, harvest, learn
from tests.fixtures.site import random_spec
from tests.fixtures.site.app import handle
from tests.fixtures.site.model import Post, Site, load_site

BASE = "http://127.0.0.1:8080"
SITE_URL = BASE + "/"
AT = "2026-12-01T12:00:00.000Z"
MODES = ("rest", "templates", "generic")
NEWS_PER_PAGE, PUBS_PER_PAGE = 10, 8  # the replica's list page sizes (app.py)


@dataclass
class Reading:
    """What one reading of one design gave."""

    news: dict[int, News]
    publications: list[Publication]
    members: list[Member] | None
    templates: Templates
    problems: list[str] = field(default_factory=list)


def targets(site: Site, rest: bool) -> list[str]:
    """Every page a crawl of the root site would read: home, lists, posts, REST."""
    pages = {p.title: p.id for p in site.pages}
    news_list, pubs = pages.get("News"), pages.get("Publications")
    out = []
    if rest:  # REST answers first, as the builder reads them
        out += [
            "/index.php?rest_route=/wp/v2/categories&per_page=100",
            "/index.php?rest_route=/wp/v2/posts&per_page=100&page=1",
        ]
    out += ["/"]
    news_pages = -(-len(site.news) // NEWS_PER_PAGE)
    out += [f"/?page_id={news_list}&paged={k}" for k in range(1, news_pages + 1)]
    pub_pages = -(-len(site.publications) // PUBS_PER_PAGE)
    out += [f"/?page_id={pubs}&paged={k}" for k in range(1, pub_pages + 1)]
    out += [f"/?p={post.id}" for post in site.posts]
    return out


def pages(site: Site, theme: str, rest: bool) -> list[Page]:
    out = []
    for i, target in enumerate(targets(site, rest)):
        answer = handle(site, target, BASE, "on" if rest else "off-404", theme=theme)
        kind = "rest" if "rest_route" in target else "page"
        seen = Seen(1, i, AT)
        out.append(Page(BASE + target, kind, answer.status, answer.content_type, answer.body, seen))
    return out


def read(
    site: Site,
    theme: str,
    mode: str,
    templates: Templates | None = None,
    got: list[Page] | None = None,
) -> Reading:
    """One design read one way; `templates` are what the `rest` reading learned; `got`, the
    pages when they are rendered already (the two readings with REST off share them)."""
    rest = mode == "rest"
    got = pages(site, theme, rest) if got is None else got
    known = templates if mode == "templates" and templates else {}
    found = harvest(got, SITE_URL, known)
    learned: Templates = {}
    if rest:
        by_id = {page.seen.capture_id: page for page in got}
        voted = learn(found, lambda capture_id: by_id.get(capture_id), {})
        learned = {mark: {f: v[0] for f, v in t.items()} for mark, t in voted.items()}
    news, _ = merged_news(found)
    return Reading(
        news={n.wp_id: n for n, _ in news.values() if n.wp_id is not None},
        publications=[p for p, _ in found.publications.values()],
        members=found.members,
        templates=learned,
        problems=[p for _, _, p in found.problems],
    )


@cache
def readings(seed: int) -> dict[str, Reading]:
    site, theme = load_site("base"), f"random:{seed}"
    on = read(site, theme, "rest")
    off = pages(site, theme, rest=False)
    return {
        "rest": on,
        "templates": read(site, theme, "templates", on.templates, off),
        "generic": read(site, theme, "generic", got=off),
    }


def date_verdict(value: str | None, post: Post) -> str:
    """exact, empty or wrong: a date-time must equal the post's, a day alone its day."""
    if not value:
        return "empty"
    if "T" in value:
        return "exact" if value == post.published else "wrong"
    return "exact" if value == post.published[:10] else "wrong"


def score(seed: int, mode: str) -> Counter[str]:
    """Counts for one design read one way: posts, titles, dates exact/empty/wrong, and the
    empty dates the post page did show (which must be none)."""
    site = load_site("base")
    spec = random_spec.spec(seed)
    reading = readings(seed)[mode]
    out: Counter[str] = Counter()
    for post in site.posts:
        out["posts expected"] += 1
        news = reading.news.get(post.id)
        if news is None:
            continue
        out["posts"] += 1
        out["titles"] += news.title == html.unescape(post.title)
        verdict = date_verdict(news.published, post)
        out[f"dates {verdict}"] += 1
        if verdict == "empty" and random_spec.date_shown(spec, post) != "none":
            out["dates missed"] += 1
        out[f"bodies {body_verdict(news, readings(seed)['rest'].news.get(post.id))}"] += 1
        out["categories"] += tuple(news.categories) == post.categories
    truth = {(p.title, p.posted_on) for p in site.publications}
    got = {(html.unescape(p.title), p.posted_on) for p in reading.publications}
    out["publications expected"] += len(truth)
    out["publications"] += len(truth & got)
    out["publications extra"] += len(got - truth)  # read, but not one of the site's as it is
    members = {_member(m.name, m.acronym) for m in site.members}
    read_members = {_member(m.name, m.acronym) for m in reading.members or []}
    out["members exact"] += int(read_members == members)
    return out


def body_verdict(news: News, by_rest: News | None) -> str:
    """same, short, long or other: a post's body text, word for word, against the one the
    REST reading of the same design read from content.rendered (the post's own text, read
    the same way). Long holds it and more (a menu, a footer); short is within it."""
    if by_rest is None:
        return "other"
    got, want = _words(news.body_text), _words(by_rest.body_text)
    if got == want:
        return "same"
    if want and want in got:
        return "long"
    if got and got in want:
        return "short"
    return "other"


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _member(name: str, acronym: str | None) -> str:
    """An agency as a set member: its name without a trailing "(ACRONYM)" that repeats its
    acronym (a design may print "Canadian Space Agency (CSA)" for "Canadian Space Agency"),
    so both forms of one name are one agency, and different agencies stay apart."""
    suffix = f" ({acronym})" if acronym else ""
    return name[: -len(suffix)] if suffix and name.endswith(suffix) else name


def table(seeds: range) -> list[dict[str, object]]:
    rows = []
    for mode in MODES:
        total: Counter[str] = Counter()
        for seed in seeds:
            total += score(seed, mode)
        rows.append({"seeds": f"{seeds.start}-{seeds.stop - 1}", "mode": mode, **total})
    return rows


def _range(text: str) -> range:
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", action="append", type=_range, help="e.g. 0-49 (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = [row for seeds in args.seeds or [range(0, 50), range(50, 100)] for row in table(seeds)]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    columns = (
        *("seeds", "mode", "posts", "titles", "dates exact", "dates empty", "dates wrong"),
        *("dates missed", "publications", "publications extra", "members exact"),
        *("bodies same", "bodies long", "bodies short", "bodies other", "categories"),
    )
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        cells = [str(row.get(c, 0)) for c in columns]
        cells[2] += f"/{row['posts expected']}"
        cells[8] += f"/{row['publications expected']}"
        print("| " + " | ".join(cells) + " |")
    print(f"({time.perf_counter() - started:.1f} s, {datetime.now(UTC):%Y-%m-%d})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
