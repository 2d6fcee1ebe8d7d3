"""Where a members block begins: a heading naming the members ("ISECG members", "Member
agencies", in the members' languages: member_selectors.MEMBERS_HEADING), in a real heading
or in a short element themes use as a block's title (members.py reads what follows it)."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from archive.text import collapse
from scraper.extract import member_selectors as msel
from scraper.extract.clean import ancestors, subtree_ids
from scraper.extract.logos import names_anything


def inside(node: LexborNode, tags: tuple[str, ...]) -> bool:
    return any(above.tag in tags for above in ancestors(node))


def _holds_entries(node: LexborNode) -> bool:
    """Whether a heading-like element holds members itself: a named logo, a list item or a
    row. An image naming nothing (the portal's 16-pixel icon before a portlet's title, a
    spacer) is no logo: it names no member."""
    if any(node.css_first(tag) for tag in (*msel.MEMBER_LIST_ITEM, *msel.MEMBER_ROW)):
        return True
    return any(names_anything(img) for tag in msel.MEMBER_LOGO for img in node.css(tag))


# A permalink's sign: "#", "¶", "§", "🔗", "⚓" (as text or emoji), or Docusaurus's zero-width space
_PERMALINK_SIGN = re.compile(r"[#\u00b6\u00a7\U0001f517\u2693\u200b][\ufe0e\ufe0f]?")


def _without_permalink(node: LexborNode, text: str) -> str:
    """A heading's words without its permalink (Hugo's "Member agencies<a href="#member-
    agencies">#</a>", Sphinx's "¶"): its last link, to an anchor of the page, whose text is
    a sign alone and ends the heading; "" where it has none ("Member #" is a number's)."""
    links = node.css('a[href^="#"]')
    sign = (links[-1].text() or "").strip() if links else ""
    if not sign or not _PERMALINK_SIGN.fullmatch(sign) or not text.endswith(sign):
        return ""
    return collapse(text[: -len(sign)])


def headings(root: LexborNode) -> list[LexborNode]:
    """The elements heading a members block, real headings first."""
    found: dict[int, LexborNode] = {}
    for group, loose in ((msel.MEMBER_HEADINGS, False), (msel.MEMBER_LOOSE_HEADINGS, True)):
        for selector in group:
            for node in root.css(selector):
                # A loose heading holds its words itself; reading only its own text keeps
                # this linear on deeply nested pages.
                texts = [collapse(node.text(deep=not loose))]
                if not loose:  # its words whole ("Our <small>member agencies</small>") or not
                    texts.append(without_subtitle(node) or "")
                    texts.append(_without_permalink(node, texts[0]))
                named = any(_names_members(text) for text in texts if text)
                if not named or inside(node, msel.MEMBER_NEVER_INSIDE):
                    continue
                if loose and _holds_entries(node):  # an element holding members is a block
                    continue
                found.setdefault(node.mem_id, node)
    return list(found.values())


def _names_members(text: str) -> bool:
    """A heading's words naming the members, in one language or two ("Membres / Members",
    probe 29: each part the members' word, one of them a heading on its own)."""
    if msel.MEMBERS_HEADING.match(text):
        return True
    parts = msel.MEMBERS_HEADING_PARTS.split(text)
    return (
        len(parts) > 1
        and any(msel.MEMBERS_HEADING.match(p) for p in parts)
        and all(msel.MEMBERS_HEADING.match(p) or msel.MEMBERS_WORD_BESIDE.match(p) for p in parts)
    )


def without_subtitle(node: LexborNode) -> str | None:
    """A heading's words without a subtitle that only says what the members are ("Members
    <small>participating space agencies</small>", Bootstrap's page header); None where it has
    none, or any other ("Members <small>Login</small>", "… <small>since 2007</small>", "…
    <small>former</small>", in any language: review 46): it is then read whole."""
    small = node.css("small")
    if not small or not all(msel.MEMBER_SUBTITLE.match(collapse(s.text() or "")) for s in small):
        return None
    subtitles = subtree_ids(small)
    own = [
        n.text_content or ""
        for n in node.traverse(include_text=True)
        if n.is_text_node and n.mem_id not in subtitles
    ]
    return collapse("".join(own))
