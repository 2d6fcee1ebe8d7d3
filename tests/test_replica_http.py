"""Every page kind and the REST API of the replica, over real HTTP (the page layer's own
tests call it directly; these go through the server as a crawler does)."""

from __future__ import annotations

import math
from collections.abc import Iterator

import httpx
import pytest

from tests.fixtures.site.model import load_site
from tests.fixtures.site.server import ReplicaConfig, ReplicaServer

SITE = load_site("base")
DOCUMENT = next(iter(SITE.documents))
POSTS = {"rest_route": "/wp/v2/posts"}


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with ReplicaServer(ReplicaConfig()) as server, httpx.Client(base_url=server.url) as http:
        yield http


@pytest.mark.parametrize(
    ("target", "status", "kind"),
    [
        ("/", 200, "text/html"),
        ("/wordpress/", 200, "text/html"),
        ("/?p=1109", 200, "text/html"),
        ("/wordpress/?p=1109", 200, "text/html"),
        ("/?page_id=405&paged=2", 200, "text/html"),
        ("/?page_id=407", 200, "text/html"),
        ("/wordpress/?page_id=407&paged=2", 200, "text/html"),
        ("/?page_id=257", 200, "text/html"),
        ("/?cat=1", 200, "text/html"),
        ("/news/", 200, "text/html"),
        ("/news/2007-05-31", 200, "text/html"),
        ("/private-area/", 401, "text/html"),
        ("/robots.txt", 200, "text/plain"),
        ("/wp-sitemap.xml", 200, "application/xml"),
        ("/?feed=rss2", 200, "application/rss+xml"),
        (DOCUMENT, 200, "application/pdf"),
        ("/?p=999999", 404, "text/html"),
    ],
)
def test_every_page_kind_answers(client: httpx.Client, target: str, status: int, kind: str):
    response = client.get(target)
    assert response.status_code == status
    assert response.headers["content-type"].startswith(kind)


def test_rest_collection_pages_cover_every_post(client: httpx.Client):
    first = client.get("/index.php", params={**POSTS, "per_page": 10, "page": 1})
    total, pages = int(first.headers["x-wp-total"]), int(first.headers["x-wp-totalpages"])
    assert total == len(SITE.posts) and pages == math.ceil(total / 10)
    ids = {item["id"] for item in first.json()}
    for page in range(2, pages + 1):
        ids |= {
            item["id"]
            for item in client.get(
                "/index.php", params={**POSTS, "per_page": 10, "page": page}
            ).json()
        }
    assert ids == {post.id for post in SITE.posts}


def test_rest_past_the_last_page_is_a_json_error(client: httpx.Client):
    response = client.get("/index.php", params={**POSTS, "per_page": 100, "page": 2})
    assert response.status_code == 400
    assert response.json()["code"] == "rest_post_invalid_page_number"


def test_rest_single_item_dates(client: httpx.Client):
    item = client.get("/index.php", params={"rest_route": "/wp/v2/posts/1109"}).json()
    assert (item["date"], item["date_gmt"]) == ("2020-09-18T08:55:27", "2020-09-18T07:55:27")


def test_rest_modified_after_filters(client: httpx.Client):
    after = "2025-01-01T00:00:00"
    items = client.get(
        "/index.php", params={**POSTS, "per_page": 100, "modified_after": after}
    ).json()
    expected = {p.id for p in SITE.posts if p.modified[:19] > after}
    assert {item["id"] for item in items} == expected and expected


def test_pages_announce_the_rest_api(client: httpx.Client):
    link = client.get("/").headers["link"]
    assert 'rel="https://api.w.org/"' in link and "rest_route=/" in link
