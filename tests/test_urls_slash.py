"""A trailing slash is part of the address (helper-58, probe 13 L3): Hugo, Ghost and nginx
answer `/news/slug` with a 301 to `/news/slug/`; a canonical form that cut the slash made the
redirect lead back to the URL just fetched, and the post was never fetched. Only the aliases
archives already hold without it keep losing it: the portal's item (`/news/2008-05-31/` has
always been `/news/2008-05-31`) and Download Monitor's `/download/<slug>/`."""

from __future__ import annotations

import pytest

from archive.urls import canonical

SITE = "https://www.globalspaceexploration.org/"


@pytest.mark.parametrize(
    "path", ["news/collaboration-beyond-borders/", "news/page/2/", "2024/12/12/t/", "tags/moon/"]
)
def test_a_trailing_slash_is_kept(path: str) -> None:
    assert canonical(SITE + path, SITE) == SITE + path
    assert canonical(SITE + path.rstrip("/"), SITE) == SITE + path.rstrip("/")


def test_the_portal_item_still_loses_it() -> None:
    assert canonical("http://globalspaceexploration.org/news/2009-12-03/", SITE) == (
        SITE + "news/2009-12-03"
    )


def test_a_download_monitor_link_still_loses_it() -> None:
    """Its URL keys a publication in archives already on disk: a new form, a new record."""
    assert canonical(SITE + "download/benefits/", SITE) == SITE + "download/benefits"
