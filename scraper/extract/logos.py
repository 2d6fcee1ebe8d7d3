"""What a member's logo says of its agency: the name its alt (or title) gives, its image's
address, and the website linked around it. A logo naming nothing, or linking nothing, is read
with its card: Wagtail's and Bootstrap's member cards put an empty-alt logo beside the
agency's name in a heading and a "Visit website" link (probe 14); a flag (a picture named by a
country) in a country's card is read so too, named by the card's line naming its agency, a
logo with no heading by its card's one such line (probe 29)."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice
from urllib.parse import unquote

from selectolax.lexbor import LexborNode

from archive.text import collapse
from archive.urls import is_document
from scraper.extract import agencies
from scraper.extract import member_selectors as msel
from scraper.extract.clean import ancestors

# "Logo of NASA", "nasa-logo", "logo_cnes", "Logotipo de la NASA", "Logo du CNES": the word,
# the hyphens around it and what joins it to the name (probes 15 and 22)
_LOGO_WORD = re.compile(
    r"[\s_-]*\b(?:logo(?:tipo|type|typ)?|wordmark)\b"
    r"(?:\s+(?:de\s+l|dell)['\u2019]|\s+(?:of(?:\s+the)?|de(?:\s+la)?|del|du|des|der|della|do|da)\b)?"
    r"[\s_-]*",
    re.I,
)
# An image's file name given as its alt text ("logo-asi.png", "NASA_logo.svg.png"): its words
# are the name, less what a file name adds after it ("JAXA_logo_EN", "ASI-logo-2020", "esa-300x200")
_FILE_NAME = re.compile(r"^([\w.-]+?)(?:\.(?:png|jpe?g|gif|svg|webp))+$", re.I)
_FILE_WORDS = re.compile(
    r"(?:[\s_.-]+(?:\d{4}|\d+x\d+|en|fr|de|es|it|ja|v\d+|rgb|cmyk|colou?r|white|black|web|hd"
    r"|small|large|final|transparent|horizontal|vertical))+$",
    re.I,
)
MAX_LINE = 120  # characters: a longer line of a card is prose, no agency's name
CARD_UP = 3  # parents of a logo that may be its card, holding no other logo (Elementor: 3)
_WEB = re.compile(r"^\s*https?://", re.I)
_WORD = re.compile(r"\w")
# A card's links that are no agency's website: its social accounts, an encyclopedia's page
_ELSEWHERE = re.compile(
    r"^\s*https?://(?:[\w-]+\.)*(?:twitter|x|facebook|linkedin|youtube|instagram|flickr"
    r"|wikipedia|wikimedia|mastodon\.social|threads)\.(?:com|org|net)(?:[/:?#]|$)",
    re.I,
)
_SAYS_WEBSITE = re.compile(r"web\s*site|homepage|official\s+site|visit", re.I)
_CARD_NAME = "h2, h3, h4, h5, h6"  # the headings naming a card's agency


def logo_name(img: LexborNode) -> str:
    """The agency a logo names (its alt, title or label, the word "logo" dropped), else the
    name its card's heading gives; "" when neither names one."""
    raw = next((v for a in msel.LOGO_NAME_ATTRS if _says((v := img.attributes.get(a)))), "")
    if file_name := _FILE_NAME.match(collapse(raw or "")):
        words = re.sub(r"[-_.]+", " ", file_name.group(1))
        raw = _FILE_WORDS.sub("", collapse(_LOGO_WORD.sub(" ", words))) or words
    name = collapse(_LOGO_WORD.sub(" ", raw or "")) or collapse(raw or "")
    if _a_country(name) and _card_name(img) is not None:
        # a country's flag in its card: the one line of the card naming an agency (probe 29)
        lines = [line for line in card_lines(_card(img) or img) if _an_agency(line)]
        if len(lines) == 1:
            return lines[0]
    if name and not _a_flag(img, name):
        return name
    heading = _card_name(img)
    named = collapse(heading.text(deep=True)) if heading is not None else ""
    if heading is None and not name:
        return _named_around(img)
    return "" if _a_flag(img, named) else named  # a country's card


def _named_around(img: LexborNode) -> str:
    """A logo naming nothing in a card with no heading: the title of the link around it, the
    one line of its card that names an agency (Webflow's "member-name" over "Joined 2007",
    a figure's caption; probe 29), else its file's name where that says it is a known
    agency's logo ("nasa-logo.png", review 67)."""
    link = next((a for a in islice(ancestors(img), 3) if a.tag == "a"), None)
    for attr in ("title", "aria-label"):
        value = collapse(link.attributes.get(attr) or "") if link is not None else ""
        if _says(value) and _an_agency(value):
            return value
    card = _card(img)
    named = [line for line in card_lines(card) if _an_agency(line)] if card is not None else []
    if len(named) == 1:
        return named[0]
    src = unquote(logo_src(img) or "").rsplit("/", 1)[-1]
    file_name = _FILE_NAME.match(src)
    words = re.sub(r"[-_.]+", " ", file_name.group(1)) if file_name else ""
    if _LOGO_WORD.search(words):  # "asi.png" beside a head's name is a portrait (review 65)
        words = _FILE_WORDS.sub("", collapse(_LOGO_WORD.sub(" ", words)))
        agency = agencies.find_agency(words, words, None) if words else None
        if agency is not None:
            return agency.name
    return ""


def _an_agency(line: str) -> bool:
    """Whether a card's line names an agency: the table's, or one named as a body is (a
    country, "Joined 2007", "Visit website" are none)."""
    if len(line) > MAX_LINE or line.casefold() in agencies.country_names():
        return False
    acronym = agencies.parse_acronym(line)
    if agencies.find_agency(line, acronym, None) is not None:
        return True
    return bool(agencies.PAREN_ACR.match(line) or msel.AGENCY_WORD_LAST.search(line))


def not_yet(img: LexborNode) -> bool:
    """Whether a logo's card says its agency is not a member yet ("Joining in 2025", a
    ribbon on a wall of members' logos; probe 29)."""
    card = _card(img)
    return card is not None and any(msel.MEMBER_PENDING.match(x) for x in card_lines(card))


def card_lines(card: LexborNode) -> list[str]:
    """The lines of text a card prints: each element holding text of its own, read whole."""
    lines: list[str] = []
    taken: set[int] = set()
    for node in card.traverse():
        if node.mem_id in taken or node.tag in ("script", "style", "template"):
            continue
        own = any(
            child.is_text_node and (child.text_content or "").strip() for child in node.iter(True)
        )
        if own:
            taken.update(n.mem_id for n in node.traverse())
            if line := collapse(node.text(deep=True)):
                lines.append(line)
    return lines


def logo_links(img: LexborNode) -> list[str]:
    """The addresses a logo may link its agency's website by, nearest first: the link around
    it, then, for a logo naming nothing in a card its heading names, the card's web links
    (the caller keeps the first off the site)."""
    found = []
    node = img.parent
    for _ in range(3):
        if node is None:
            break
        if node.tag == "a":
            found.append(node.attributes.get("href") or "")
            break
        node = node.parent
    if _nameless(img) and (card := _card(img)) is not None and _card_name(img) is not None:
        links = [a for a in card.css("a[href]") if _website(a.attributes.get("href") or "")]
        # the link saying it is the website first ("Visit website"), then the others
        links.sort(key=lambda a: not _SAYS_WEBSITE.search(a.text() or ""))
        found += [a.attributes.get("href") or "" for a in links]
    return [href for href in found if href]


def _website(href: str) -> bool:
    """A web link that may be an agency's website: no social account, encyclopedia or file."""
    return bool(_WEB.match(href)) and not _ELSEWHERE.search(href) and not is_document(href)


def _nameless(img: LexborNode) -> bool:
    """Whether a picture names no agency itself: it names nothing, or a country (a flag)."""
    value = next((v for a in msel.LOGO_NAME_ATTRS if _says(v := img.attributes.get(a))), None)
    return value is None or _a_country(value)


def _a_country(name: str) -> bool:
    return collapse(name).casefold() in agencies.country_names()


def names_anything(img: LexborNode) -> bool:
    """Whether a picture's alt, title or label names anything (not "logo", "image", "...")."""
    return any(_says(img.attributes.get(a)) for a in msel.LOGO_NAME_ATTRS)


def _says(value: str | None) -> bool:
    """Whether an attribute names anything: Bootstrap's examples fill alt with "...", its
    cards with "logo" (probe 29). A number is left to say something: numbered logos beside a
    list are told apart from its items by it (review 65)."""
    if value is None or _WORD.search(value) is None:
        return False
    words = re.findall(r"[^\W_]+", value.casefold())
    return not all(w in msel.NAMELESS_ALT_WORDS for w in words)


def _a_flag(img: LexborNode, name: str) -> bool:
    """A picture named by a country is a flag, naming no member, in a table's cell (a Flag
    column beside the agency's own) or where it links an agency of the table (named so
    instead). Elsewhere the country's name stays: the member would be lost, and a logo wall
    of new members ("Republic of Korea" linking KASA's site) is where members join (review 72)."""
    if collapse(name).casefold() not in agencies.country_names():
        return False
    if any(node.tag in ("td", "th") for node in islice(ancestors(img), 3)):
        return True
    keys = (agencies.site_key(href) for href in logo_links(img))
    return any(key and agencies.find_agency("", None, key) for key in keys)


def _card_name(img: LexborNode) -> LexborNode | None:
    """The one heading of the logo's card, naming its agency."""
    card = _card(img)
    if card is None:
        return None
    headings = card.css(_CARD_NAME)
    if len(headings) != 1 or msel.MEMBERS_HEADING.match(collapse(headings[0].text() or "")):
        return None  # a carousel of one slide under its "Our members" names no agency
    near = (img, *islice(ancestors(img), CARD_UP))
    if any(msel.MEMBER_OTHER_GROUP_CLASS.search(n.attributes.get("class") or "") for n in near):
        return None  # a sponsor's card among the members' names no member
    return headings[0]


def logo_src(img: LexborNode) -> str | None:
    for attr in msel.LOGO_SRC_ATTRS:
        value = (img.attributes.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return value
    for attr in msel.LOGO_SRCSET_ATTRS:
        srcset = (img.attributes.get(attr) or "").strip()
        if srcset:
            return srcset.split(",")[0].split()[0]
    return None


def _card(img: LexborNode) -> LexborNode | None:
    """The largest element up to CARD_UP above the logo that holds no other image: its card."""
    card, node = None, img.parent
    for _ in range(CARD_UP):
        if node is None or node.tag in ("body", "html") or len(node.css("img")) > 1:
            break
        card, node = node, node.parent
    return card


def names_a_card(heading: LexborNode, off_site: Callable[[str], bool]) -> bool:
    """Whether a heading names the agency of a card holding one logo that names nothing
    itself, no other heading, and a link off the site (its website): a section's banner and
    title ("Latest news"), a sponsor's or a social link's card with a named logo are none."""
    node = heading.parent
    for _ in range(CARD_UP):
        if node is None or node.tag in ("body", "html"):
            return False
        logos = node.css("img")
        if logos:
            links = (a.attributes.get("href") or "" for a in node.css("a[href]"))
            one_name = len(node.css(_CARD_NAME)) == 1
            nameless = len(logos) == 1 and _nameless(logos[0])
            card = nameless and one_name and any(off_site(href) for href in links)
            return card and _among_cards(node)
        node = node.parent
    return False


def _among_cards(card: LexborNode) -> bool:
    """Whether a card stands in a grid of such cards: the first element above it holding two
    cards' logos or more holds another card of its shape (its tag and its heading's level),
    as a last row of one does; an event's card after the grid, its heading of
    another level, does not; a card's social icons are no cards."""
    logo = card.css_first("img")
    own = _shape(logo) if logo is not None else None
    for above in ancestors(card):
        if above.tag in ("body", "html"):
            return False
        logos = [img for img in above.css("img") if card_logo(img)]
        if len(logos) >= 2:
            return [_shape(img) for img in logos].count(own) >= 2
    return False


def _shape(img: LexborNode) -> tuple[str, str] | None:
    """The tag and heading level of the nearest element around a logo holding a heading:
    what the cards of one grid share (not their classes: "card--featured", WordPress's
    "post-12", Drupal's "views-row-1" differ card to card)."""
    for above in islice(ancestors(img), CARD_UP):
        if (heading := above.css_first(_CARD_NAME)) is not None:
            return above.tag or "", heading.tag or ""
    return None


def card_logo(img: LexborNode) -> bool:
    """A logo naming nothing in a card whose one heading names it."""
    return _nameless(img) and _card_name(img) is not None


# Links that lead to no website; and the wrappers that send a click through a redirect, an
# e-mail's (Outlook's Safe Links) or a pasted document's (Google's /url?q=), each naming the
# address it leads to in a parameter (probe 22: every member's website read as outlook.com).
_NO_PLACE = ("javascript:", "mailto:", "tel:")
_REDIRECT_PARAMETER = re.compile(
    r"^https?://(?:[\w-]+\.safelinks\.protection\.outlook\.com/.*?[?&]url=(?P<outlook>[^&#]+)"
    r"|(?:www\.)?google\.[a-z.]+/url\?(?:.*?&)?q=(?P<google>[^&#]+))",
    re.I,
)


def through_redirect(href: str) -> str | None:
    """The address a link leads to: its own, the one a redirect wrapper names, or None for a
    link to no website (an e-mail address, a phone number, a script)."""
    href = href.strip()
    if href.lower().startswith(_NO_PLACE):
        return None
    if wrapped := _REDIRECT_PARAMETER.match(href):
        target = unquote(wrapped.group("outlook") or wrapped.group("google"))
        return target if _WEB.match(target) else None
    return href
