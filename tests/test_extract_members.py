"""Members from the replica's home pages, the curated table, and joins announced in news.

Golden files (tests/golden/members/*.json) were written from content.json, field by field: each
renders `target` of the replica in `state` and expects exactly `members`, `block` and
`problems`. Keys are the curated table's (the site key of each agency's website).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from scraper.extract.agencies import agency_table, parse_acronym, site_key
from scraper.extract.joins import _matchers, _mentions, announced_members
from scraper.extract.members import members_from_html
from scraper.extract.types import Member, News
from tests.fixtures.site.app import handle
from tests.fixtures.site.model import STATES, Post, load_site
from tests.fixtures.site.render import plain_text

BASE = "http://127.0.0.1:8080"
TRUTH = Path(__file__).parent / "fixtures" / "site" / "truth"
GOLDEN = Path(__file__).parent / "golden" / "members"
PREFIXES = ("/", "/wordpress/")


def truth(state: str) -> dict[str, Any]:
    """The replica's ground truth (truth/<state>.json)."""
    data: dict[str, Any] = json.loads((TRUTH / f"{state}.json").read_text(encoding="utf-8"))
    return data


def page(target: str, state: str = "base", theme: str = "normal") -> str:
    response = handle(load_site(state), target, BASE, theme=theme)
    assert response.status == 200, target
    return response.body.decode("utf-8")


def read(target: str, html: str) -> tuple[list[Member], bool, list[str]]:
    return members_from_html(BASE + target, html, BASE)


def home_members(state: str, prefix: str = "/") -> list[Member]:
    members, block, problems = read(prefix, page(prefix, state))
    assert block and problems == []
    return members


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_golden_home(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    members, block, problems = read(case["target"], page(case["target"], case["state"]))
    assert [asdict(m) for m in members] == case["members"]
    assert (block, problems) == (case["block"], case["problems"])


@pytest.mark.parametrize(("state", "count"), [("base", 27), ("later", 28)])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_member_count(state: str, count: int, prefix: str) -> None:
    members = home_members(state, prefix)
    assert len(members) == len({m.key for m in members}) == count


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_members_match_truth(state: str, prefix: str) -> None:
    """Names as the page shows them; acronyms and countries where the table knows the agency."""
    found = {m.name: m for m in home_members(state, prefix)}
    expected = {t["name"]: t for t in truth(state)["members"]}
    assert set(found) == set(expected)
    for name, member in found.items():
        assert member.acronym == expected[name]["acronym"], name
        assert member.country == (expected[name]["country"] if member.enriched else None), name


def test_renamed_agency_keeps_its_key() -> None:
    base = {m.name: m.key for m in home_members("base")}
    later = {m.name: m.key for m in home_members("later")}
    assert base["UK Space Agency"] == later["UK Space Agency (DSIT)"]
    assert "UK Space Agency" not in later


def test_agency_unknown_to_the_table_still_appears() -> None:
    member = next(m for m in home_members("later") if "Philippine" in m.name)
    assert (member.key, member.acronym, member.country, member.enriched) == (
        "philsa.gov.ph",
        "PhilSA",
        None,
        False,
    )


def test_both_markups_give_the_same_members() -> None:
    assert home_members("base", "/") == home_members("base", "/wordpress/")


@pytest.mark.parametrize(
    ("case", "html"),
    [
        ("banner only", "<header><p>ISECG is a forum set up by 14 space agencies.</p></header>"),
        ("nav link", "<nav><a href='/m'>Members</a></nav><img src='/a.png' alt='NASA'>"),
        ("prose", "<h3>Members</h3><p>ISECG has 27 member agencies.</p><h3>News</h3><ul><li>X"),
        ("menu list", "<h3>Members</h3><nav><ul><li><a href='/'>Home</a></li></ul></nav>"),
        ("header row only", "<h3>Members</h3><table><tr><th>Agency</th><th>Country</th></tr>"),
    ],
)
def test_no_members_block_is_no_block(case: str, html: str) -> None:
    assert read("/", html) == ([], False, [])


def test_unreadable_entries_are_no_block() -> None:
    members, block, problems = read("/", "<h3>Members</h3><ul><li>" + "word " * 40 + "</li></ul>")
    assert (members, block) == ([], False) and problems


def test_text_list() -> None:
    html = (
        "<h2>ISECG member agencies</h2><ul><li>AEB (Brazil)</li><li>NASA</li>"
        "<li><a href='https://www.asc-csa.gc.ca'>Canadian Space Agency (CSA)</a></li>"
        "<li>Zed Space Agency (ZSA)</li></ul>"
    )
    members, block, problems = read("/", html)
    assert (block, problems) == (True, [])
    assert [(m.key, m.name, m.acronym, m.country, m.website) for m in members] == [
        ("gov.br/aeb", "AEB (Brazil)", "AEB", "Brazil", None),
        ("nasa.gov", "NASA", "NASA", "United States", None),
        (
            "asc-csa.gc.ca",
            "Canadian Space Agency (CSA)",
            "CSA",
            "Canada",
            "https://www.asc-csa.gc.ca/",
        ),
        ("zsa", "Zed Space Agency (ZSA)", "ZSA", None, None),
    ]


def test_table_by_its_header() -> None:
    html = (
        "<div><span>Members:</span></div><table><thead><tr><th>Country</th><th>Acronym</th>"
        "<th>Member agency</th></tr></thead><tbody>"
        "<tr><td>Italy</td><td>ASI</td><td><a href='https://www.asi.it'>ASI</a></td></tr>"
        "<tr><td>Atlantis</td><td>ATSA</td><td>Atlantean Space Agency</td></tr>"
        "</tbody></table>"
    )
    members, block, problems = read("/", html)
    assert (block, problems) == (True, [])
    assert [(m.key, m.name, m.acronym, m.enriched) for m in members] == [
        ("asi.it", "ASI", "ASI", True),
        ("atsa", "Atlantean Space Agency", "ATSA", False),
    ]


def test_swapped_theme_has_no_members_block() -> None:
    assert read("/", page("/", theme="swapped")) == ([], False, [])


def test_other_layouts() -> None:
    html = (
        "<div class='x'><div class='hd'><span>Member agencies</span></div></div>"
        "<ul><li><a href='https://www.nasa.gov/'><img data-src='/n.png' src='data:,' "
        "alt='NASA logo'></a></li><li><img src='/k.png' alt='Korea Aerospace Research "
        "Institute (KARI)'></li><li><img src='/z.png' alt='Zed Space Agency (ZSA)'></li></ul>"
        "<h3>Partners</h3><img src='/p.png' alt='Some Partner'>"
    )
    members, block, problems = read("/", html)
    assert (block, problems) == (True, [])
    assert [(m.key, m.name, m.acronym, m.website, m.logo, m.enriched) for m in members] == [
        ("nasa.gov", "NASA", "NASA", "https://www.nasa.gov/", BASE + "/n.png", True),
        (
            "kari.re.kr",
            "Korea Aerospace Research Institute (KARI)",
            "KARI",
            None,
            BASE + "/k.png",
            True,
        ),
        ("zsa", "Zed Space Agency (ZSA)", "ZSA", None, BASE + "/z.png", False),
    ]


HOSTILE = {
    "empty": "",
    "blank": "\n \t",
    "script only": "<script>var h = '<h3>ISECG members</h3><img alt=NASA>';</script>",
    "nameless logo": "<h3>ISECG members</h3><img src='/x.png' alt=''>",
    "broken logo": "<h3>Members</h3><a href='http://x:99999/'><img alt='X' src='http://[bad'></a>",
}


@pytest.mark.parametrize("html", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_gives_problems_not_exceptions(html: str) -> None:
    members, _, problems = read("/", html)
    assert members == [] and problems


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://global.jaxa.jp/", "jaxa.jp"),
        ("https://www.kari.re.kr/eng.do", "kari.re.kr"),
        ("https://www.gov.br/aeb/", "gov.br/aeb"),
        (
            "https://www.gov.uk/government/organisations/uk-space-agency",
            "gov.uk/government/organisations/uk-space-agency",
        ),
        ("https://www.sbfi.admin.ch/sbfi/en/home/space.html", "sbfi.admin.ch"),
        ("https://space-agency.public.lu/en.html", "space-agency.public.lu"),
        ("HTTPS://WWW.NASA.GOV", "nasa.gov"),
        # The Public Suffix List (publicsuffixlist's bundled copy), not a guess from the labels:
        # before, every .nic.in and .ne.jp site had the one key "nic.in" or "ne.jp".
        ("https://www.isro.nic.in/", "isro.nic.in"),
        ("https://www.jaxa.ne.jp/", "jaxa.ne.jp"),
        ("https://www.agency.example.internal/", "example.internal"),  # a TLD the list lacks
        ("http://127.0.0.1:8080/members", "127.0.0.1"),
        ("not a url", None),
    ],
)
def test_site_key(url: str, key: str | None) -> None:
    assert site_key(url) == key


def test_table_keys_are_the_site_keys_of_their_websites() -> None:
    table = agency_table()
    assert len(table) == 27 and len({a.key for a in table}) == 27
    assert all(a.key == a.hosts[0] and a.acronym and a.country for a in table)


# ---- announced joins -------------------------------------------------------------------------


def news_of(post: Post) -> News:
    return News(
        url=f"{BASE}/?p={post.id}",
        wp_id=post.id,
        title=post.title,
        title_source="rest",
        published=post.published,
        published_source="rest",
        body_text=plain_text(post.body),
        categories=post.categories,
    )


def join_cases() -> list[Any]:
    cases = []
    for state in STATES:
        site = load_site(state)
        for post in site.posts:
            cases.append(pytest.param(state, post, id=f"{state}-{post.id}"))
    return cases


@pytest.fixture(scope="module")
def members_by_state() -> dict[str, list[Member]]:
    return {state: home_members(state) for state in STATES}


@pytest.mark.parametrize(("state", "post"), join_cases())
def test_announced_members_are_the_truth(
    members_by_state: dict[str, list[Member]], state: str, post: Post
) -> None:
    members = members_by_state[state]
    names = {m.key: m.name for m in members}
    expected = {t["name"] for t in truth(state)["members"] if t["announced_by"] == post.id}
    assert {names[k] for k in announced_members(news_of(post), members)} == expected


def test_every_name_of_every_member_is_found_however_written(
    members_by_state: dict[str, list[Member]],
) -> None:
    """A name is looked for only in texts holding its first word (joins._mentions): in any
    case, across a line break, and with a letter IGNORECASE folds to ASCII (the long s for
    "s"), every name and acronym is still found."""
    members = members_by_state["base"]
    matchers = _matchers(tuple(members))
    assert len(matchers) > 2 * len(members)  # names, short names, aliases and acronyms
    for term, is_acronym, key in matchers:
        written = [term, "\n".join(term.split())]
        if not is_acronym:
            written += [term.upper(), term.lower(), term.title()]
            if "s" in term.lower():  # the long s, whose lower case is itself
                written.append(term.lower().replace("s", "\u017f"))
        for form in written:
            assert key in _mentions(f"Today {form} is here", matchers), (term, form)


@pytest.mark.parametrize("wp_id", [590, 930, 1109, 1601, 1885, 905])
def test_attendance_and_recaps_announce_no_other_join(
    members_by_state: dict[str, list[Member]], wp_id: int
) -> None:
    post = load_site("base").post(wp_id)
    assert post is not None
    keys = announced_members(news_of(post), members_by_state["base"])
    assert "csiro.au" not in keys  # 905: "represented jointly by ASA and CSIRO" is no join
    assert keys == (
        ["space.gov.au", "rosa.ro", "sbfi.admin.ch", "polsa.gov.pl"] if wp_id == 905 else []
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "At the plenary hosted by ESA, the Polish Space Agency has joined ISECG.",
            ["polsa.gov.pl"],
        ),
        ("ISECG welcomes the Swiss Space Office (SSO) as a new member.", ["sbfi.admin.ch"]),
        ("New members: ROSA, SSO.", ["rosa.ro", "sbfi.admin.ch"]),
        ("NASA hosted the meeting; 24 agencies attended.", []),
        ("Since 2019 the Polish Space Agency has joined ISECG.", []),
        ("Australia is represented jointly by ASA and CSIRO.", []),
        ("The Polish Space Agency Joins ISECG", ["polsa.gov.pl"]),
        ("ISECG approved the request of ROSA to join.", ["rosa.ro"]),
        # Not yet, not at all, or not now: each gave a join dated by the post.
        ("The Polish Space Agency will join ISECG early next year.", []),
        ("The Polish Space Agency has not joined ISECG yet.", []),
        ("The Polish Space Agency hasn't joined ISECG.", []),
        ("The Polish Space Agency is expected to become the 24th member of ISECG.", []),
        ("The Polish Space Agency could become the 24th member.", []),
        ("NASA hopes that the Polish Space Agency joins ISECG soon.", []),
        ("The Polish Space Agency, which joined ISECG in 2019, hosted the meeting.", []),
        ("The Swiss Space Office has joined ISECG as an observer for this meeting.", []),
        ("ISECG received the request of ROSA to join and will decide in May.", []),
        # Guests named beside the one joining: only the one joining.
        (
            "ISECG welcomed representatives from NASA and ESA as well as the Polish Space"
            " Agency as a new member.",
            ["polsa.gov.pl"],
        ),
        ("The chair welcomed delegates of NASA and ESA as new members of the working group.", []),
        # The one announcing a join is not the one joining; a join told in passing is no news.
        (
            "At the meeting, the Polish Space Agency announced that ROSA has joined ISECG.",
            ["rosa.ro"],
        ),
        ("ESA and NASA congratulated the Polish Space Agency, which has joined ISECG.", []),
    ],
)
def test_join_sentences(
    members_by_state: dict[str, list[Member]], text: str, expected: list[str]
) -> None:
    news = News(f"{BASE}/?p=1", 1, "", "rest", "2020-01-01", "rest", body_text=text)
    assert announced_members(news, members_by_state["base"]) == expected


def test_portal_news_of_the_founding_announces_the_founders(
    members_by_state: dict[str, list[Member]],
) -> None:
    """The 2007 portal item names the 14 founders (BNSC and NSAU by their old names): that is
    when they joined. No other portal item announces a join."""
    names = {m.key: m.name for m in members_by_state["base"]}
    founders = {t["name"] for t in truth("base")["members"] if t["joined_on"] == "2007-11-08"}
    assert len(founders) == 14
    for item in load_site("base").portal:
        news = News(f"{BASE}/news/{item.date}", None, item.title, "heading", item.date, "visible")
        news = News(**{**asdict(news), "body_text": plain_text(item.body)})
        found = {names[k] for k in announced_members(news, members_by_state["base"])}
        assert found == (founders if item.date == "2007-11-08" else set()), item.date


@pytest.mark.parametrize(
    "extra",
    [
        # A carousel's arrows and spinner beside the logos.
        "<img src='/img/arrow-left.png' alt='Previous'><img src='/img/arrow-right.png' alt='Next'>"
        "<img src='/img/spin.gif' alt='Loading'>",
        # A members' login box under its own "Members" heading.
        "<aside><h3>Members</h3><ul><li><a href='/wp-login.php'>Log in</a></li>"
        "<li><a href='/?page_id=99'>Private Area</a></li></ul></aside>",
    ],
)
def test_a_carousels_arrows_or_a_login_box_are_no_members(extra: str) -> None:
    home = (
        "<html><body><h2>ISECG members</h2><div>"
        '<a href="https://www.asi.it"><img src="/m0.png" alt="Italian Space Agency"></a>'
        '<a href="https://cnes.fr"><img src="/m1.png" alt="logo-cnes.png"></a>'
        f"</div>{extra}</body></html>"
    )
    members, block, problems = members_from_html(f"{BASE}/", home, f"{BASE}/")
    assert block and problems == []
    assert sorted(m.key for m in members) == ["asi.it", "cnes.fr"]
    assert all(not m.name.endswith(".png") for m in members)


@pytest.mark.parametrize(
    "header",
    [
        "<tr><td><strong>Agency</strong></td><td><strong>Country</strong></td></tr>",
        "<thead><tr><td>Agency</td><td>Country</td></tr></thead>",
    ],
)
def test_a_header_row_of_td_cells_is_no_member(header: str) -> None:
    """A header row typed with <td>, not <th>, became a member named "Agency"."""
    home = (
        f"<html><body><h2>ISECG members</h2><table>{header}"
        "<tr><td>Italian Space Agency</td><td>Italy</td></tr>"
        "<tr><td>CNES</td><td>France</td></tr></table></body></html>"
    )
    members, block, problems = members_from_html(f"{BASE}/", home, f"{BASE}/")
    assert block and problems == []
    assert [(m.key, m.country) for m in members] == [("asi.it", "Italy"), ("cnes.fr", "France")]


def test_a_space_agency_column_holds_the_names() -> None:
    """Headed "Country | Space agency", the country column was read as the agency's name."""
    home = (
        "<html><body><h2>ISECG members</h2><table><tr><th>Country</th><th>Space agency</th></tr>"
        "<tr><td>Italy</td><td>Italian Space Agency</td></tr>"
        "<tr><td>France</td><td>CNES</td></tr></table></body></html>"
    )
    members, _block, _problems = members_from_html(f"{BASE}/", home, f"{BASE}/")
    assert [(m.key, m.name) for m in members] == [
        ("asi.it", "Italian Space Agency"),
        ("cnes.fr", "CNES"),
    ]


def test_a_name_in_another_script_keeps_a_key_of_its_own() -> None:
    """slug() keeps only ASCII letters: two names in other scripts both got the key "", and
    the whole block was rejected as holding one agency twice."""
    home = (
        "<html><body><h2>ISECG members</h2><ul><li>宇宙航空研究開発機構</li>"
        "<li>한국항공우주연구원</li><li>Italian Space Agency</li></ul></body></html>"
    )
    members, block, problems = members_from_html(f"{BASE}/", home, f"{BASE}/")
    assert block and problems == []
    assert [m.key for m in members] == ["宇宙航空研究開発機構", "한국항공우주연구원", "asi.it"]


@pytest.mark.parametrize(
    ("name", "acronym"),
    [
        ("Agencia Espacial de Costa Rica (Costa Rica)", None),  # a country, not an acronym
        ("Philippine Space Agency (PhilSA)", "PhilSA"),
        ("Canadian Space Agency (CSA/ASC)", "CSA/ASC"),
        ("UK Space Agency (UK SA)", "UK SA"),
    ],
)
def test_words_in_parentheses_are_an_acronym_only_in_capitals(name: str, acronym: str | None):
    assert parse_acronym(name) == acronym


CZECH = (
    '<a href="https://www.czechspace.cz/"><img src="/m1.png" alt="Czech Space Agency (CSA)"></a>'
)
CANADA = '<a href="https://www.asc-csa.gc.ca/"><img src="/m2.png" alt="Canadian Space Agency"></a>'


@pytest.mark.parametrize("logos", [CZECH + CANADA, CANADA + CZECH])
def test_another_agency_with_a_members_acronym_is_its_own_member(logos: str) -> None:
    """The Czech Space Agency (CSA) matched Canada's row by its acronym: it took Canada's key
    and country, and the Canadian Space Agency beside it was dropped as a second entry."""
    members, block, problems = read("/", f"<h2>ISECG members</h2><div>{logos}</div>")
    assert block and problems == []
    assert sorted((m.key, m.name, m.country) for m in members) == [
        ("asc-csa.gc.ca", "Canadian Space Agency", "Canada"),
        ("czechspace.cz", "Czech Space Agency (CSA)", None),
    ]


def test_another_agency_with_a_members_acronym_alone_on_the_page_is_not_that_member() -> None:
    """Alone on the page, the Czech Space Agency (CSA) at czechspace.cz took Canada's key and
    country: its name and its website both say it is another agency."""
    members, _, problems = read("/", f"<h2>ISECG members</h2><div>{CZECH}</div>")
    assert problems == []
    assert [(m.key, m.name, m.country) for m in members] == [
        ("czechspace.cz", "Czech Space Agency (CSA)", None)
    ]


@pytest.mark.parametrize(
    "logo",
    [
        '<img src="/m.png" alt="CSA">',  # the acronym alone is the table's agency
        '<a href="https://www.csa-new.ca/"><img src="/m.png" alt="Canadian Space Agency (CSA)">'
        "</a>",  # so is its name at a new website
    ],
)
def test_a_members_acronym_or_name_alone_still_finds_it(logo: str) -> None:
    members, _, problems = read("/", f"<h2>ISECG members</h2><div>{logo}{CZECH}</div>")
    assert problems == []
    assert sorted((m.key, m.country) for m in members) == [
        ("asc-csa.gc.ca", "Canada"),
        ("czechspace.cz", None),
    ]


ITALY = '<a href="https://www.asi.it"><img src="/m0.png" alt="Italian Space Agency"></a>'
TURKEY = '<a href="https://tua.gov.tr"><img src="/m3.png" alt="Turkish Space Agency"></a>'


@pytest.mark.parametrize(
    "label",
    [
        "<p><strong>Observers</strong></p>",
        "<div class='block-title'>Former members</div>",
        "<span>Partners:</span>",
    ],
)
def test_a_label_naming_another_group_ends_the_members(label: str) -> None:
    """Without a heading to end it, the block ran on: observers, partners and former members
    listed below a label were stored as members."""
    html = f"<h2>ISECG members</h2><div>{ITALY}</div>{label}<div>{TURKEY}</div>"
    members, block, problems = read("/", html)
    assert block and problems == []
    assert [m.key for m in members] == ["asi.it"]


def test_a_carousels_copies_of_its_slides_are_no_members() -> None:
    """A carousel's cloned slide (no link) gave the agency a second member, keyed by its
    acronym: the day the copy went, that member would have left."""
    logo = '<img src="/m1.png" alt="Philippine Space Agency (PhilSA)">'
    clone = f'<div class="slick-slide slick-cloned">{logo}</div>'
    slide = f'<div class="slick-slide"><a href="https://philsa.gov.ph">{logo}</a></div>'
    members, _, problems = read("/", f"<h2>ISECG members</h2><div>{clone}{slide}{ITALY}</div>")
    assert problems == []
    assert sorted(m.key for m in members) == ["asi.it", "philsa.gov.ph"]
