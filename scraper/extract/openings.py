"""The lines a post's text opens with where no selector knows its design (the generic
reader, news.py): a byline its class names ("entry-meta"), or a paragraph saying when the
post was posted and nothing else ("Posted on 04/21/2015 at 9:00 AM"), past a credit ("by
ISECG Secretariat") or a category's link. Their dates are the post's; they are no text.
Reviews 45, 47 and 48 found the ways such a line is another day's: a repost's, a paper's, a
report's facts, an update box's, a digest's first item's, a comment's."""

from __future__ import annotations

import re
from itertools import takewhile

from selectolax.lexbor import LexborNode

from archive.text import collapse
from scraper.extract import dates, instants, languages, printed
from scraper.extract.clean import ancestors, subtree_ids
from scraper.extract.pubtext import POSTING_LINE
from scraper.extract.types import DateCandidate

MAX_BYLINE = 200  # characters: a longer element classed as meta holds more than a byline
_BYLINE_WORDS = re.compile(r"\b(?:by|posted|published)\b", re.IGNORECASE)
_CREDIT = re.compile(r"\s*by\s+\S", re.IGNORECASE)
_BY_SOMEONE = re.compile(rf"\b{languages.BY_WORD}\b", re.I)
MAX_CREDIT = 60  # characters: "by ISECG Secretariat", not a sentence ("By 2030, agencies ...")
MAX_POSTING_LINE = 100  # characters: "Published on <day> · Updated <day>"
_QUOTED = ("figure", "blockquote", "q", "aside")  # what a post shows, not what it says
_BOXED = re.compile(r"alert|notice|callout|update|admonition|warning|note\b", re.I)
_POSTING_LABEL = re.compile(
    rf"\s*(?:(?:posted|published)(?:\s+on)?\s*:?|{languages.POSTING_LABEL})", re.I
)
# Words saying more than a day after the label: a source, an author, a place, other facts
_ONE_DAY_ONLY = re.compile(r"[|\u00b7\u2022]|\b(?:by|in|from|via|on)\b", re.I)
# A posting label, its <time> (\x00), and perhaps a change's label and <time>
_POSTING_SHAPE = re.compile(
    rf"{_POSTING_LABEL.pattern}\s*\x00"
    rf"(?:\s*[|\u00b7\u2022]?\s*(?:last\s+)?(?:updated|modified|revised|{languages.CHANGE_WORD})"
    r"(?:\s+on)?\s*:?\s*\x00)?",
    re.I,
)

# A change's day first, then the posting's: "Updated 2 February 2024 — first published 20
# January 2024" (helper-216's P63); a posting line too where the change is not before it
_CHANGED_THEN_POSTED = re.compile(
    r"^(?:last\s+)?(?:updated|modified|revised)\s*:?\s*(?P<changed>[^|\u00b7\u2022\u2014]{6,30}?)"
    r"\s+[|\u00b7\u2022\u2014]\s+(?P<posted>(?:first\s+)?(?:posted|published)\b.{6,40})$",
    re.I,
)


def opening_bylines(
    prose: list[LexborNode],
    body: LexborNode,
    title: LexborNode | None,
    from_url: DateCandidate | None,
) -> list[LexborNode]:
    """The byline a generic body begins with ("September 18, 2020 by admin", "By the ISECG
    Secretariat"), classed as the post's meta, or a paragraph saying when the post was posted
    and nothing else (_posting_line) where it is the body's first text after the title: its
    date is read above, and it is no text. Only before the first paragraph of text, and only
    saying "by" or "posted", or a date alone: an editor's dateline ("Cologne, 4-6 December
    2024") classed "date", or a credit further down, stays text."""
    out: list[LexborNode] = []
    passed: list[LexborNode] = []  # credits above the day
    above = _above(prose, title)
    for node in prose:
        if above is not None and node.mem_id in above:
            continue  # a kicker or a category's link over the headline: not the text's
        text = node.text() or ""
        line = collapse(text)
        posting = (
            above is not None
            and _posting_line(node, line, from_url)
            and _first_words(body, node, title, [*passed, *out])
        )
        if not printed.byline(node) and not posting:
            if _credit(line):
                passed.append(node)
                continue  # "by ISECG Secretariat" above the day
            if line:
                break
            continue
        said = posting or _BYLINE_WORDS.search(text) or dates.parse_text(line) is not None
        if len(text) <= MAX_BYLINE and said:
            out.append(node)
    return out


def _first_words(
    body: LexborNode, node: LexborNode, title: LexborNode | None, passed: list[LexborNode]
) -> bool:
    """Whether no text comes between the title and node but credits' and bylines' (`passed`): a
    heading, a <div>'s or a <br>'s text ends the opening as a paragraph does, above the
    body or in it (review 48: a digest's first item, a comment, the post's own day under
    its title before an update box); and whether node stands in no box of its own (an
    "alert" or "update" box's day is the update's)."""
    own = collapse(node.text() or "")
    for above in takewhile(lambda above: above.mem_id != body.mem_id, ancestors(node)):
        if above.tag in _QUOTED or _BOXED.search(above.attributes.get("class") or ""):
            return False
        if collapse(above.text() or "") != own:
            return False  # a block of its own with more in it: a quoted release (review 51)
    allowed = subtree_ids([*passed, *([title] if title is not None else [])])
    root, started = body, True
    if title is not None:  # from the title on, in the nearest element holding both
        holding = {n.mem_id for n in (title, *ancestors(title))}
        root = next(n for n in (body, *ancestors(body)) if n.mem_id in holding)
        started = False
    for part in root.traverse(include_text=True):
        if part.mem_id == node.mem_id:
            return started
        started = started or (title is not None and part.mem_id == title.mem_id)
        words = part.is_text_node and bool((part.text_content or "").strip())
        if started and words and part.mem_id not in allowed:
            return False
    return False


def posting_line_dates(
    body: LexborNode, title: LexborNode | None, from_url: DateCandidate | None
) -> list[tuple[LexborNode, DateCandidate]]:
    """A body a selector found opening with a line saying when the post was posted and nothing
    else, right under the title ("Posted on 14 May 2015": a migrated post's own day, kept in
    its text where the new system's meta tags give the day of the move; helper-216's P64):
    that line and its day. It is then no text, nor an event's dateline. Not a line naming an
    author or a source after the day ("... da Corriere della Sera": review 123), nor the
    first of a list's many posting lines."""
    if title is None:
        return []  # no headline over the text: perhaps a list's first entry
    node = next((p for p in body.css("p") if (p.text() or "").strip()), None)
    if node is None or not POSTING_LINE.match(node.text() or ""):
        return []  # (most posts: the body's text is not read again below)
    said = (body.text(separator="\n") or "").split("\n")
    if sum(1 for line in said if POSTING_LINE.match(line)) != 1:
        return []  # a list's posting lines, each its entry's
    line = collapse(node.text() or "")
    if _BY_SOMEONE.search(line) or not _posting_line(node, line, from_url):
        return []
    if not _first_words(body, node, title, []):
        return []
    stamp = node.css_first("time[datetime]")
    day = (
        instants.from_iso(stamp.attributes.get("datetime") or "", "time")
        if stamp is not None
        else dates.from_text(line, "visible")
    )
    return [(node, day)] if day is not None else []


def _credit(text: str) -> bool:
    """A short line naming who wrote the post ("by ISECG Secretariat"), not a sentence."""
    return bool(text) and len(text) <= MAX_CREDIT and _CREDIT.match(text) is not None


def _above(prose: list[LexborNode], title: LexborNode | None) -> set[int] | None:
    """The lines standing before the title in the page (Statamic's category link over its
    <h1>): a listing's items come after it, their linked titles no kickers (review 49).
    None where a line of text stands there: the title is then no headline over the text
    (a document's card lower down, named as the page is: review 51)."""
    if title is None:
        return set()
    root = title
    while root.parent is not None:
        root = root.parent
    wanted = {n.mem_id for n in prose}
    found: set[int] = set()
    for part in root.traverse():
        if part.mem_id == title.mem_id:
            return found
        if part.mem_id in wanted:
            if len(collapse(part.text() or "")) > MAX_CREDIT:
                return None
            found.add(part.mem_id)
    return found


def _posting_line(node: LexborNode, text: str, from_url: DateCandidate | None) -> bool:
    """A short paragraph saying when the post was posted, whatever its class, and nothing
    else: "Posted on 04/21/2015 at 9:00 AM", or "Published on <time>4 Nov 2019</time>" and
    perhaps "· Updated <time>11 Dec 2019</time>". Not a list's item or a cell (a report's
    facts), nor a line saying more: a sentence with a day ("Posted ahead of the <time>14
    June</time> deadline"), a repost's source or author ("Published: 3 May 2019 | NASA Blog",
    "Published by NASA on 3 May 2019", "Published on <time>…</time> on NASA Blogs"), a
    paper's journal (reviews 45 and 47)."""
    if node.tag != "p" or len(text) > MAX_POSTING_LINE:
        return False
    times = node.css("time[datetime]")
    if POSTING_LINE.match(text) is None:
        return not times and _changed_then_posted(text, from_url)
    time = times[0] if times else None
    if time is None:
        label = _POSTING_LABEL.match(text)
        rest = text[label.end() :] if label else text
        day = dates.parse_text(text) if _ONE_DAY_ONLY.search(rest) is None else None
        said = day.isoformat() if day else None
    else:
        stamps = [instants.from_iso(t.attributes.get("datetime") or "", "time") for t in times]
        days = [t.value[:10] if t else "" for t in stamps]
        said = days[0] or None
        printed_day = dates.parse_text(time.text() or "")
        # the day it prints, read, is the day its datetime gives in the site's time: not a
        # build's time, a template's swapped fields, a zone's other day (reviews 48, 49)
        if printed_day is None or printed_day.isoformat() != said:
            return False
        if _POSTING_SHAPE.fullmatch(collapse(_shape(node))) is None:
            return False
        if days != sorted(days) or said < instants.EARLIEST.isoformat():
            return False  # a change before the posting, a posting before ISECG (review 51)
    # where the address names a day, the line says the same (an update's, a copy's: review 48)
    return said is not None and (from_url is None or from_url.value[:10] == said)


def _changed_then_posted(text: str, from_url: DateCandidate | None) -> bool:
    """A line giving a change's day, then the posting's, and nothing else; the change not
    before the posting, and the address, where it names a day, naming the posting's."""
    found = _CHANGED_THEN_POSTED.match(text)
    if found is None:
        return False
    changed, posted = dates.parse_text(found["changed"]), dates.parse_text(found["posted"])
    if changed is None or posted is None or changed < posted:
        return False
    return from_url is None or from_url.value[:10] == posted.isoformat()


def _shape(node: LexborNode) -> str:
    """The text of a line with each <time datetime> in it as one \\x00."""
    out = []
    for child in node.iter(include_text=True):
        if child.tag == "time" and child.attributes.get("datetime"):
            out.append(" \x00 ")
        elif child.is_text_node:
            out.append(child.text_content or "")
        else:
            out.append(_shape(child))
    return "".join(out)
