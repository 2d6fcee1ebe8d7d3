"""The extractors' shortcuts give what the long way gives: selector walks merged into one
(clean.matches, clean.matching) and join sentences skipped by keyword (joins._whos)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract import selectors as sel
from scraper.extract.clean import matches, matching
from scraper.extract.joins import _whos

PAGE = """<html><head><title>A post | ISECG</title>
<meta property="og:title" content="A post"><meta name="twitter:title" content="A post">
</head><body class="single postid-7">
<nav class="site-nav"><a href="/">Home</a></nav>
<div class="widget sidebar-widget"><aside><h2>Recent Posts</h2></aside></div>
<article id="post-7" class="post-7 hentry"><h1 class="entry-title">A post</h1>
<div class="entry-content"><p>Text</p><div class="sharedaddy share-buttons">x</div></div>
<div class="nav-links related-posts"><a href="/?p=8">Next</a></div></article>
<footer class="site-footer"><span class="screen-reader-text">bye</span></footer>
</body></html>"""


def one_walk_each(root: LexborNode, selectors: Iterable[str]) -> list[int]:
    """What matches gave before: each selector walked in turn, each node once."""
    seen: list[int] = []
    for selector in selectors:
        seen += [n.mem_id for n in root.css(selector) if n.mem_id not in seen]
    return seen


@pytest.mark.parametrize(
    "selectors",
    [
        sel.NOT_POST,  # many nodes, nested, some matched by two selectors
        sel.BODY_JUNK,
        sel.OG_TITLE,  # two, in selector order (og before twitter)
        ("article", "h1"),
        ("h1", "article"),  # selector order, not document order
        sel.DOC_TITLE,  # one node matched by both
        ("table", "time[datetime]"),  # none
        ("[class*='share']",),  # a single selector
    ],
)
def test_matches_gives_the_nodes_of_each_selector_in_turn(selectors: tuple[str, ...]) -> None:
    root = LexborHTMLParser(PAGE).root
    assert root is not None
    assert [n.mem_id for n in matches(root, selectors)] == one_walk_each(root, selectors)


@pytest.mark.parametrize("selectors", [sel.NOT_POST, sel.BODY_JUNK, sel.LIST_NOT_DATE, ("p",)])
def test_matching_is_the_same_set_in_one_walk(selectors: tuple[str, ...]) -> None:
    body = LexborHTMLParser(PAGE).body
    assert body is not None
    found = [n.mem_id for n in matching(body, selectors)]
    assert len(found) == len(set(found))
    assert set(found) == set(one_walk_each(body, selectors))


def test_matches_stops_early_only_after_every_node() -> None:
    """Taking the first match walks no further, and a partial read is still in order."""
    root = LexborHTMLParser(PAGE).root
    assert root is not None
    first = next(matches(root, ("h1", "article", "nav")))
    assert first.tag == "h1"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Kazakh agency has joined ISECG.", ["The Kazakh agency"]),
        # a dotless i: IGNORECASE reads it as "i", lower() does not make it one
        ("The Kazakh agency has jo\u0131ned ISECG.", ["The Kazakh agency"]),
        ("ISECG Welcomes UAE Space Agency as New Member", ["UAE Space Agency"]),
        ("The agencies met in Rome. Nothing was decided.", []),
    ],
)
def test_join_sentences_are_read_whatever_the_keyword_filter(
    text: str, expected: list[str]
) -> None:
    assert [who for who, _ in _whos(text)] == expected
