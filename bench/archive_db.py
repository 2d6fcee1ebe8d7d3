"""A generated archive database of N news posts, for the reading room's benchmark.

The archive's own schema (archive.db.open_db runs every migration) and its own writer
(store.upsert_versioned: rows, versions and full-text index as a crawl stores them, the index
merged as a build's end merges it), filled with seeded text: the same database for the same
N, cached next to the benchmark (bench/.cache, ignored by git) under a name that changes with
the migrations, so a new migration builds it afresh. Publications, documents and agencies
come in the proportions of the real site.

    python -m bench.archive_db N   (prints the path)
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
import sys
from pathlib import Path

import sqlite_utils

from archive.builds import optimize_search
from archive.db import MIGRATIONS, open_db
from archive.store import Seen, upsert_versioned
from bench.common import ROOT

CACHE = ROOT / "bench" / ".cache"
SEED = 15
EXTRACTOR = "bench"
CATEGORIES = ("News", "Events", "Publications", "Members", "Roadmap", "Workshops", "Moon", "Mars")
KINDS = ("annual report", "roadmap", "supplement", "white paper", "gap assessment", "report")
# Words by frequency, most frequent first, then rarer made-up terms: text drawn with Zipf's
# law (a word's frequency falls as 1/rank), as in real prose, so a search for two common words
# ("lunar gateway") matches a realistic share of the posts, not all of them nor none.
_VOCABULARY = """the of and to in a for on is with by as at from that this space exploration
international agency mission missions lunar moon mars human robotic global coordination
roadmap surface orbit science technology partners strategy report workshop meeting annual
benefits society sustainable habitat rover lander launch cooperation framework assessment
analysis architecture capability demonstration gateway crew agencies members group"""
WORDS = (*_VOCABULARY.split(), *(f"term{n}" for n in range(5000)))
_ZIPF = tuple(itertools.accumulate(1 / rank for rank in range(1, len(WORDS) + 1)))
SITE = "https://www.globalspaceexploration.org"


def path_for(posts: int) -> Path:
    schema = len(MIGRATIONS), MIGRATIONS[-1][0]
    return CACHE / f"posts-{posts}-m{schema[0]}-{schema[1]}" / "isecg.db"


def build(posts: int) -> Path:
    """The cached database of `posts` posts, made once."""
    target = path_for(posts)
    if target.exists():
        return target
    work = target.parent.with_name(target.parent.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    db = open_db(work / "isecg.db")
    rng = random.Random(SEED)
    with db.atomic():
        db.execute(
            "INSERT INTO crawls (id, started_at, finished_at, status, site, full, settings)"
            " VALUES (1, '2026-01-01T00:00:00.000Z', '2026-01-01T06:00:00.000Z', 'done', ?,"
            " 0, '{}')",
            [SITE + "/"],
        )
        for number in range(1, posts + 1):
            _post(db, rng, number)
        for number in range(1, posts // 50 + 1):
            _publication(db, rng, number)
        for number in range(1, 31):
            _agency(db, number)
    optimize_search(db, ("news", "publications"))  # as a crawl's build ends
    db.execute("ANALYZE")
    db.close()
    shutil.rmtree(target.parent, ignore_errors=True)
    work.rename(target.parent)
    return target


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, cum_weights=_ZIPF, k=words)).capitalize() + "."


def _capture(db: sqlite_utils.Database, number: int, url: str, at: str) -> int:
    cursor = db.execute(
        "INSERT INTO captures (crawl_id, url, kind, fetched_at, outcome, status, content_type,"
        " size) VALUES (1, ?, 'page', ?, 'ok', 200, 'text/html', ?)",
        [url, at, 20_000 + number % 5000],
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _post(db: sqlite_utils.Database, rng: random.Random, number: int) -> None:
    year = 2007 + rng.randrange(19)
    published = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T10:00:00+00:00"
    url = f"{SITE}/?p={number}"
    at = "2026-01-01T01:00:00.000Z"
    paragraphs = [_sentence(rng, rng.randrange(12, 40)) for _ in range(rng.randrange(3, 9))]
    body_text = "\n\n".join(paragraphs)
    content = {
        "wp_id": number,
        "url": url,
        "title": _sentence(rng, rng.randrange(4, 11))[:-1],
        "published": published,
        "modified": published,
        "author": rng.choice(("ISECG", "ESA", "NASA", "JAXA", "CSA")),
        "event_date": None,
        "categories": json.dumps(rng.sample(CATEGORIES, rng.randrange(1, 3))),
        "summary": paragraphs[0][:300],
        "body_text": body_text,
        "body_html": "".join(f"<p>{p}</p>" for p in paragraphs),
        "links": json.dumps([f"{SITE}/?p={rng.randrange(1, number + 1)}"]),
        "documents": "[]",
        "images": "[]",
    }
    provenance = {
        "sources": json.dumps({"title": "rest", "published": "rest", "body": "rest"}),
        "date_candidates": json.dumps([["rest", published, published]]),
        "candidates": json.dumps([["title", content["title"], "rest", None]]),
    }
    seen = Seen(1, _capture(db, number, url, at), at)
    upsert_versioned(db, "news", f"wp:{number}", content, seen, EXTRACTOR, provenance)


def _publication(db: sqlite_utils.Database, rng: random.Random, number: int) -> None:
    year = 2007 + rng.randrange(19)
    document = f"{SITE}/wp-content/uploads/{year}/01/report-{number}.pdf"
    at = "2026-01-01T02:00:00.000Z"
    content = {
        "title": _sentence(rng, rng.randrange(3, 9))[:-1],
        "posted_on": f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
        "description": _sentence(rng, rng.randrange(10, 40)),
        "kind": rng.choice(KINDS),
        "year": year,
        "document_url": document,
        "url": f"{SITE}/?page_id=1371&paged={number // 10 + 1}",
        "wp_id": None,
    }
    seen = Seen(1, _capture(db, 10**7 + number, document, at), at)
    upsert_versioned(db, "publications", document, content, seen, EXTRACTOR, {"sources": "{}"})


def _agency(db: sqlite_utils.Database, number: int) -> None:
    at = "2026-01-01T03:00:00.000Z"
    content = {
        "name": f"Space Agency {number}",
        "acronym": f"SA{number}",
        "country": f"Country {number}",
        "website": f"https://agency{number}.example/",
        "logo": f"{SITE}/wp-content/uploads/logo{number}.png",
        "enriched": 0,
    }
    seen = Seen(1, _capture(db, 2 * 10**7 + number, f"{SITE}/#agency{number}", at), at)
    upsert_versioned(db, "agencies", f"agency{number}.example", content, seen, EXTRACTOR)


if __name__ == "__main__":
    print(build(int(sys.argv[1])))
