"""Publications and members read on any design: the replica's root site in `random:SEED`.

Each seed draws a layout of the publications (siblings, list, table, grouped by year), a form
of their date line ("Posted on 2 February, 2018", "Posted on February 2, 2018",
"Posted on 02.02.2018", "Published: 2018-02-02"), and a members block of logos, a list of
names or a table (random_spec.py). The pages are rendered in process and read by the
extractors, which know nothing of the design: every publication must come out with its exact
title, document and posted_on, and the member set with its exact names.
"""

from __future__ import annotations

from functools import cache

import pytest

from archive.urls import canonical
from scraper.extract.members import members_from_html
from scraper.extract.publications import publications_from_html
from tests.fixtures.site.app import handle
from tests.fixtures.site.model import Publication, load_site
from tests.fixtures.site.random_spec import spec

BASE = "http://127.0.0.1:8080"
SITE_URL = BASE + "/"
SEEDS = range(60)
PER_PAGE = 8  # the replica's publications per list page (app.py)


@cache
def page(seed: int, target: str) -> str:
    response = handle(load_site("base"), target, BASE, theme=f"random:{seed}")
    assert response.status == 200, target
    return response.body.decode("utf-8")


def expected(publications: tuple[Publication, ...]) -> list[tuple[str, str | None, str]]:
    return [
        (p.title, canonical(p.document, SITE_URL, base=SITE_URL), p.posted_on) for p in publications
    ]


def pub_targets() -> list[str]:
    site = load_site("base")
    page_id = next(p.id for p in site.pages if p.title == "Publications")
    pages = -(-len(site.publications) // PER_PAGE)
    return [f"/?page_id={page_id}&paged={k}" for k in range(1, pages + 1)]


@pytest.mark.parametrize("seed", SEEDS)
def test_publications_pages(seed: int) -> None:
    got = []
    for target in pub_targets():
        found, problems = publications_from_html(BASE + target, page(seed, target), SITE_URL)
        assert problems == [], (spec(seed).pubs_layout, spec(seed).pub_date_style)
        got += [(p.title, p.document_url, p.posted_on) for p in found]
    assert got == expected(load_site("base").publications)


@pytest.mark.parametrize("seed", SEEDS)
def test_home_publications(seed: int) -> None:
    found, problems = publications_from_html(SITE_URL, page(seed, "/"), SITE_URL)
    assert problems == []
    newest = load_site("base").publications[:PER_PAGE]
    assert [(p.title, p.document_url, p.posted_on) for p in found] == expected(newest)


@pytest.mark.parametrize("seed", SEEDS)
def test_members(seed: int) -> None:
    members, block, problems = members_from_html(SITE_URL, page(seed, "/"), SITE_URL)
    assert (block, problems) == (True, [])
    truth = load_site("base").members
    s = spec(seed)
    if s.members_layout == "list" and s.members_acronyms:
        # The list adds "(ACR)" to names that lack it: "Canadian Space Agency (CSA)" and the
        # site's own "Italian Space Agency (ASI)" print alike, so the page cannot say which
        # parentheses belong to the name. The name is kept as printed; the member set (one
        # per agency, by website) is still exact.
        shown = {
            m.name
            if m.acronym == m.name or f"({m.acronym})" in m.name
            else f"{m.name} ({m.acronym})"
            for m in truth
        }
        assert {m.name for m in members} == shown
        assert len(members) == len(truth)
    else:
        assert sorted(m.name for m in members) == sorted(m.name for m in truth)
    assert {m.website for m in members} == {canonical(m.website, SITE_URL) for m in truth}
