"""The order of a page's slashed days, where the page itself tells it.

"05/03/2024" is 5 March or 3 May: read alone, it is no date (dates.parse_text). A page whose
own days include "22/05/2024" writes day first, one with "05/22/2024" month first; where only
one of the two is seen, a day either order could read is read in that one. The evidence is the
caller's to choose, and to narrow: a publications page's date lines, one of them only where
the days read in its order stand in date order (pubtext.page_order);
two days at least beside the posts of the same news list, in bylines (lists.list_dates); never
a footer's, a sidebar's or a sentence's (review 80: taken from a whole page, 25 wrong days on
11 of 28 pages; reviews 81 and 82: a "Most read" box, an event's day, one day typed the
other way).
"""

from __future__ import annotations

import re

# A slashed day, either order, or one with hyphens ("22-05-2024"); not a file number's
# "1/13/2023-Estt", a path's, nor a reference's "24-04-2024-001"
SLASHED_DAY = re.compile(r"(?<![\d/-])(\d{1,2})([/-])(\d{1,2})\2(\d{4})(?![\d/]|-\w)")


def slashed_order(texts: list[str], witnesses: int = 1) -> str | None:
    """How texts write their slashed days: "dmy/" when at least `witnesses` of them are day
    first (22/05/2024) and none month first (05/22/2024), "mdy/" the other way round; None when
    fewer tell, or both orders are seen. Hyphenated days tell their own order ("dmy-"), never
    a slashed one's: a box's "17-10-2023" beside a US list's "04/05/2024" flipped the list
    (review 117). A page writing both may hold both: "dmy/dmy-"."""
    orders = []
    for separator in "/-":
        told = [
            {
                "dmy" if int(a) > 12 else "mdy"
                for a, sep, b, _ in SLASHED_DAY.findall(text)
                if sep == separator and (int(a) > 12) != (int(b) > 12)
            }
            for text in texts
        ]
        seen = set().union(*told)
        if len(seen) == 1 and sum(bool(t) for t in told) >= witnesses:
            orders.append(seen.pop() + separator)
    return "".join(orders) or None


def in_page_order(text: str, order: str) -> str:
    """The text with its slashed days written year first in `order` ("05/03/2024" in "dmy/"
    is 5 March: 2024-03-05); days of a separator the order does not name are left."""

    def iso(found: re.Match[str]) -> str:
        a, separator, b, year = found.groups()
        if "dmy" + separator in order:
            day, month = a, b
        elif "mdy" + separator in order:
            day, month = b, a
        else:
            return found.group(0)
        return f"{year}-{int(month):02d}-{int(day):02d}"

    return SLASHED_DAY.sub(iso, text)
