"""A link flood: one page of many thousand links to the site (under the page's size cap). Only
the first MAX_PAGE_LINKS are read; the cut is counted as `page_links`, which `isecg crawl` and
`isecg status` print, and logged once. (The reviewer's page had 300,000 links in 9.4 MB: 490 MB
resident and 300,000 `links` rows; memory is measured by hand, never asserted here.)"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest

from scraper.discover import discover
from scraper.traps import MAX_PAGE_LINKS
from tests.hostile import Answer, crawl_of, serve, status_of

LINKS = MAX_PAGE_LINKS + 2_000


def flood(count: int, tag: str = "a") -> bytes:
    anchors = "".join(f'<{tag} href="/flood/{i}/">{i}</{tag}>\n' for i in range(count))
    return f"<html><body><p>many links</p>\n{anchors}</body></html>".encode()


def test_discovery_reads_at_most_the_cap_of_links_from_one_page() -> None:
    site = "http://127.0.0.1:8080/"
    found = discover(site, "text/html", flood(LINKS), {}, site)
    assert len(found.links) == MAX_PAGE_LINKS
    assert len(found.found) <= MAX_PAGE_LINKS
    assert found.links[-1][0] == f"{site}flood/{MAX_PAGE_LINKS - 1}/", "the first ones, in order"
    (cut,) = found.cuts
    assert (cut.rule, cut.count) == ("page_links", LINKS - MAX_PAGE_LINKS)
    assert f"first {MAX_PAGE_LINKS} were read" in cut.message and "MAX_PAGE_LINKS" in cut.message


def test_a_page_loads_at_most_the_cap_of_files() -> None:
    """helper-206: one 9 MB page of <img srcset> lists named 450,000 images; each was queued
    as an asset (the cap held for links only), filling the whole frontier. Now the first
    MAX_PAGE_LINKS are, and the cut is counted; a file's address over the URL cap is none."""
    site = "http://127.0.0.1:8080/"
    images = "".join(
        f'<img srcset="/i/{i}a.png 1x, /i/{i}b.png 2x" src="/i/{i}.png">' for i in range(3_000)
    )
    long = "/i/" + "x" * 5_000 + ".png"
    body = f'<html><body><img src="{long}">{images}</body></html>'.encode()
    found = discover(site, "text/html", body, {}, site)
    assets = [f.url for f in found.found if f.source == "requisite"]
    assert len(assets) == MAX_PAGE_LINKS - 1 and site + long[1:] not in assets
    (cut,) = found.cuts
    assert (cut.rule, cut.count) == ("page_requisites", 3 * 3_000 + 1 - MAX_PAGE_LINKS)


@pytest.mark.parametrize("tag", ["a", "A"])
def test_a_flooded_page_is_parsed_only_up_to_the_anchor_past_the_cap(tag: str) -> None:
    """helper-53: the page was cut before parsing only where its anchors were lower case:
    with <A HREF> the whole page was parsed (248 MB against 63 MB for 300,000 links)."""
    from scraper.discover import Discovery, _within_caps

    text = flood(LINKS, tag).decode()
    found = Discovery()
    kept = _within_caps("https://example.org/", text, found)
    assert kept.count(f"<{tag} ") == MAX_PAGE_LINKS
    assert found.links_left == LINKS - MAX_PAGE_LINKS


@pytest.mark.parametrize(("links", "read"), [(LINKS, False), (MAX_PAGE_LINKS, True)])
def test_the_build_reads_no_page_of_more_links_than_the_cap(links: int, read: bool) -> None:
    """Its parse alone held some 190 MB of the crawl's 431 MB peak (helper-52): the page is
    archived, its links up to the cap followed, and nothing else read from it."""
    from datetime import UTC, datetime

    from scraper.extract import extract

    site = "http://127.0.0.1:8080/"
    found = extract(site + "?page_id=5", "text/html", flood(links), site, datetime.now(UTC))
    refused = f"a page of more than {MAX_PAGE_LINKS} links: not read"
    assert (refused not in found.problems) is read


def test_anchors_in_a_script_or_a_comment_are_no_links_and_a_slash_is_no_way_round() -> None:
    """helper-54: a script holding 5,001 '<a href=...>' strings made the home page go unread
    (the crawl flagged: "members fell from 27 to 0"); <a/href=...>, which parsers read as a
    link, was not counted at all (a 300,000-link page parsed whole, 265 MB)."""
    from scraper.traps import past_link_cap

    strings = ",".join("'<a href=/x>'" for _ in range(MAX_PAGE_LINKS + 1))
    real = "".join(f'<a href="/p/{i}/">{i}</a>' for i in range(10))
    in_script = f"<html><body><script>var x = [{strings}];</script>{real}</body></html>"
    in_comment = f"<html><body><!-- {strings} -->{real}</body></html>"
    assert past_link_cap(in_script) is None and past_link_cap(in_comment) is None
    site = "http://127.0.0.1:8080/"
    assert len(discover(site, "text/html", in_script.encode(), {}, site).links) == 10
    slashed = "".join(f"<a/href=/p/{i}/>{i}</a>" for i in range(MAX_PAGE_LINKS + 2))
    cut = past_link_cap(f"<html><body>{slashed}</body></html>")
    assert cut is not None and slashed.count("<a/") > MAX_PAGE_LINKS


def test_a_page_of_too_many_links_is_cut_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with serve({"/": Answer(body=flood(LINKS))}) as server, caplog.at_level(logging.WARNING):
        result = crawl_of(server, tmp_path, max_pages=5)
    with sqlite3.connect(tmp_path / "isecg.db") as conn:
        (rows,) = conn.execute("SELECT COUNT(*) FROM links").fetchone()
        (queued,) = conn.execute("SELECT COUNT(*) FROM frontier").fetchone()
    assert rows <= MAX_PAGE_LINKS
    assert queued <= MAX_PAGE_LINKS + 10  # the seeds (robots.txt, feeds, sitemaps, REST)
    assert json.loads(result.counts["cuts"]) == {"page_links": LINKS - MAX_PAGE_LINKS}
    warned = [r.getMessage() for r in caplog.records if "MAX_PAGE_LINKS" in r.getMessage()]
    assert len(warned) == 1 and server.url + "/" in warned[0]
    shown = status_of(tmp_path)
    assert f"cut by trap defences: page_links {LINKS - MAX_PAGE_LINKS}" in shown
