"""A build's memory stays flat in the site's size (issue 15): the posts it reads wait in a file.

`Spilled` (scraper/spill.py) is a dict to its users, its values pickled to a temporary file;
the harvest keeps the posts it read there, the merge writes the posts it chose there, and the
builder makes their rows one at a time as it saves them. These tests check that it is the same
dict, that no post's record is left in memory, and that the records chosen are the same as
from plain dicts. The peak itself is `make bench`'s figure (bench/growth_bench.py).
"""

from __future__ import annotations

import gc
import warnings
from functools import cache
from types import BuiltinFunctionType, FunctionType, ModuleType
from typing import Any

import pytest

from scraper.chosen import merged_news, records
from scraper.extract.types import News
from scraper.harvest import Harvest, captured_at, harvest
from scraper.reconcile import reconcile_news
from scraper.spill import Spilled
from tests.fidelity import SITE_URL, pages
from tests.fixtures.site.model import load_site


def news(n: int, body: str = "") -> News:
    return News(f"{SITE_URL}?p={n}", n, f"Post {n}", "rest", "2020-01-02", "rest", body_text=body)


def test_a_spilled_mapping_answers_as_a_dict_does():
    spilled: Spilled[tuple[News, int]] = Spilled()
    plain: dict[str, tuple[News, int]] = {}
    for target in (spilled, plain):
        for n in (3, 1, 2):
            target[f"wp:{n}"] = (news(n, "text " * n), n)
        target["wp:1"] = (news(1, "read again"), 10)  # set again: the newer value
        del target["wp:3"]
    assert list(spilled) == list(plain) == ["wp:1", "wp:2"]
    assert len(spilled) == 2
    assert dict(spilled.items()) == plain
    assert spilled["wp:1"] == (news(1, "read again"), 10)
    assert "wp:2" in spilled and "wp:3" not in spilled
    assert spilled.get("wp:3") is None
    with pytest.raises(KeyError):
        spilled["wp:3"]


def test_a_spilled_mapping_keeps_its_values_in_its_file_not_in_memory():
    spilled: Spilled[News] = Spilled()
    for n in range(50):
        spilled[f"wp:{n}"] = news(n, "x" * 20_000)
    assert not reachable_news(spilled)
    assert spilled["wp:7"].body_text == "x" * 20_000  # read back whole
    spilled.close()
    assert len(spilled) == 0


def test_a_dropped_mapping_closes_its_file():
    spilled: Spilled[int] = Spilled()
    spilled["a"] = 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del spilled
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


@cache
def harvested() -> Harvest:
    """The replica's pages with REST on, read as the builder reads them."""
    return harvest(pages(load_site("base"), "normal", True), SITE_URL, {})


def test_the_harvest_keeps_no_post_in_memory():
    found = harvested()
    assert len(found.html_news) > 20 and len(found.rest_news) > 20
    assert not reachable_news(found)


def test_the_posts_merged_wait_in_a_file_too():
    news_chosen, publications, _ = records(harvested())
    assert len(news_chosen) > 20 and publications
    assert not reachable_news(news_chosen)


def test_the_posts_chosen_are_those_plain_dicts_give():
    found = harvested()
    merged, disagreements = merged_news(found)
    plain, plain_disagreements = reconcile_news(
        dict(found.html_news.items()),
        dict(found.rest_news.items()),
        found.categories,
        found.list_dates,
        captured_at,
    )
    kept = {k: v for k, v in plain.items() if k in found.rest_news or k not in found.unread}
    assert list(merged) == list(kept)
    assert dict(merged.items()) == kept
    assert disagreements == plain_disagreements


CODE = (type, ModuleType, FunctionType, BuiltinFunctionType)  # not data: the whole program


def reachable_news(root: Any, limit: int = 200_000) -> list[News]:
    """The News records reachable from `root` through references to data (not via a file)."""
    seen: set[int] = set()
    found: list[News] = []
    todo: list[Any] = [root]
    while todo and len(seen) < limit:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, (str, bytes, int, float, *CODE)):
            continue
        seen.add(id(obj))
        if isinstance(obj, News):
            found.append(obj)
            continue
        todo += gc.get_referents(obj)
    return found


def test_a_value_too_large_to_place_is_refused_not_corrupted(monkeypatch: Any) -> None:
    monkeypatch.setattr("scraper.spill._SIZE_BITS", 7)  # room for sizes up to 127 bytes
    monkeypatch.setattr("scraper.spill._SIZE_MASK", 127)
    spilled: Spilled[bytes] = Spilled()
    spilled["small"] = b"x" * 10
    with pytest.raises(ValueError, match="too large to spill"):
        spilled["large"] = b"x" * 200
    assert spilled["small"] == b"x" * 10 and "large" not in spilled
    spilled.close()
