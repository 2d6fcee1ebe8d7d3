"""Members on a page of their own (a redesign's `/members/`, probe 13): read there where the
home page shows no block, and never in place of the home page's block."""

from __future__ import annotations

from pathlib import Path

from archive.store import Seen
from scraper.extract import extract
from scraper.harvest import Page, harvest
from tests.test_extract_cms import CAPTURED_AT

SITE = "https://www.globalspaceexploration.org/"
MEMBERS_PAGE = (Path(__file__).parent / "fixtures" / "other_cms" / "hugo-members.html").read_bytes()
SEEN = Seen(1, 7, "2025-01-15T12:00:00Z")
HOME_BLOCK = b"""<html><head><title>ISECG</title></head><body><main><h2>ISECG members</h2>
<ul><li><a href="https://www.nasa.gov/"><img src="/nasa.png" alt="NASA"></a></li>
<li><a href="https://www.esa.int/"><img src="/esa.png" alt="European Space Agency"></a></li>
</ul></main></body></html>"""


def test_a_members_page_of_its_own_is_read() -> None:
    found = extract(SITE + "members/", "text/html", MEMBERS_PAGE, SITE, CAPTURED_AT)
    assert found.members_block and len(found.members) == 10 and not found.problems


def test_a_page_by_another_name_is_not_read_for_members() -> None:
    about = MEMBERS_PAGE.replace(b"<title>Members", b"<title>About").replace(
        b'"post-title">Members', b'"post-title">About'
    )
    found = extract(SITE + "about/", "text/html", about, SITE, CAPTURED_AT)
    assert not found.members_block and found.members == []


MEETING = b"""<html><head><title>ISECG Members Meeting 2024, Cologne | ISECG</title></head>
<body><main><h1>ISECG members meeting 2024, Cologne</h1><p>21 agencies and observers met.</p>
<h3>Participating agencies</h3><ul>
<li><a href="https://www.nasa.gov/"><img src="/n.png" alt="NASA"></a></li>
<li><a href="https://www.spacefoundation.org/"><img src="/sf.png" alt="Space Foundation"></a></li>
</ul></main></body></html>"""
PRESS = b"""<html><head><title>Members of the press | ISECG</title></head><body><main>
<h1>Members of the press</h1><h2>Our members</h2><ul>
<li><a href="https://spacenews.com/"><img src="/sn.png" alt="SpaceNews"></a></li></ul>
</main></body></html>"""


def test_a_page_whose_name_only_begins_with_members_is_not_theirs() -> None:
    """A meeting of the members, the members of the press: named "Members ..." but not the
    members' own page; their logos are guests and media (helper-60)."""
    for path, body in (("?page_id=1890", MEETING), ("press/members-of-the-press/", PRESS)):
        found = extract(SITE + path, "text/html", body, SITE, CAPTURED_AT)
        assert not found.members_block and found.members == []


def page(path: str, body: bytes) -> Page:
    return Page(SITE + path, "page", 200, "text/html", body, SEEN)


def test_the_home_pages_block_wins_over_a_members_page_in_either_order() -> None:
    home = page("", HOME_BLOCK)
    own = page("members/", MEMBERS_PAGE)
    for pages in ([home, own], [own, home]):
        found = harvest(pages, SITE, {})
        assert found.members is not None and len(found.members) == 2


def test_without_a_home_block_the_members_page_gives_the_members() -> None:
    empty_home = page("", b"<html><body><main><h1>Welcome</h1></main></body></html>")
    found = harvest([empty_home, page("members/", MEMBERS_PAGE)], SITE, {})
    assert found.members is not None and len(found.members) == 10
