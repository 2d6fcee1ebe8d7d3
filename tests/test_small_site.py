"""The small replica keeps what the crawl scenarios moved onto it rely on (no crawl here)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.crawl_helpers import NEWS_PER_PAGE, PUBLICATIONS_PER_PAGE, expected_urls
from tests.fixtures.site import app
from tests.fixtures.site.model import STATES, Site, load_site
from tests.fixtures.site.server import ReplicaConfig, ReplicaServer
from tests.fixtures.site.small import small_site

BASE = "http://127.0.0.1:9"


@pytest.mark.parametrize("state", STATES)
def test_every_list_has_two_pages_even_one_publication_short(state: str):
    site = small_site(state)
    assert math.ceil(len(site.news) / NEWS_PER_PAGE) == 2
    assert math.ceil(len(site.publications) / PUBLICATIONS_PER_PAGE) == 2
    assert math.ceil((len(site.publications) - 1) / PUBLICATIONS_PER_PAGE) == 2


@pytest.mark.parametrize("state", STATES)
def test_members_pages_and_portal_are_the_whole_sites(state: str):
    small, whole = small_site(state), load_site(state)
    assert (small.members, small.pages, small.portal) == (whole.members, whole.pages, whole.portal)
    assert {m.announced_by for m in small.members} - {None} <= {p.id for p in small.posts}


@pytest.mark.parametrize("state", STATES)
def test_it_is_a_part_of_the_whole_site_with_every_linked_document(state: str):
    small, whole = small_site(state), load_site(state)
    assert set(small.posts) < set(whole.posts) and set(small.publications) < set(whole.publications)
    assert small.documents.items() < whole.documents.items()
    linked = {pub.document for pub in small.publications}
    linked |= {path for item in small.portal for path in item.documents}
    for text in [p.body for p in small.posts] + [p.body for p in small.pages]:
        linked |= set(re.findall(r'href="(/[^"]+\.pdf)"', text))
    assert linked == set(small.documents)


def test_the_later_state_changes_what_the_whole_sites_does():
    def change(site_of: Callable[[str], Site]) -> tuple[set[Any], ...]:
        base, later = site_of("base"), site_of("later")
        return (
            {p.id for p in base.posts} - {p.id for p in later.posts},
            {p.id for p in later.posts} - {p.id for p in base.posts},
            {p.id for p in later.posts if base.post(p.id) not in (None, p)},
            set(later.publications) - set(base.publications),
            set(later.members) - set(base.members),
            set(base.members) - set(later.members),
        )

    found = change(small_site)
    assert found == change(load_site) and all(found)


def test_the_server_serves_it_in_either_state():
    with ReplicaServer(ReplicaConfig(small=True)) as server:
        assert server.site == small_site("base")
        server.set_state("later")
        assert server.site == small_site("later")
    site = small_site("base")
    (news,) = [page.id for page in site.pages if page.title == "News"]
    assert app.handle(site, f"/?page_id={news}&paged=2", BASE, "on").status == 200
    assert expected_urls(small_site("base"), BASE) < expected_urls(load_site("base"), BASE)
