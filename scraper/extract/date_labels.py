"""The words printed beside a day that say what it is (printed.py reads them): the posting's
("Posted on", "Date:"), a change's ("Last updated", "Mis à jour le", "2025.02.25 更新"), or
another day's ("Event date:", "Held on"). Each pattern joins its English words to the
members' other languages' (languages.py).
"""

from __future__ import annotations

import re

from scraper.extract import languages
from scraper.extract.dates import WITHDRAWN

# The words printed just before a date say what it is. "Last updated:", "Modified", "Revised
# on": not the publication. "Meeting:", "Deadline:": some other day. A label of its own
# (ending in a colon) is the post's only when it speaks of posting, publishing or a date.
CHANGE_WORD = r"\b(?:updated|modified|revised|edited|reviewed)"
# "Last updated:", "Modified on", "Last reviewed", "Last modified by admin on"
MODIFIED = re.compile(
    rf"{CHANGE_WORD}(?:\s+on)?\s*[:：]?$|{CHANGE_WORD}\s+by\b.{{0,30}}\bon\s*:?$"
    # "Mis à jour le", "更新日："
    rf"|{languages.CHANGE_WORD}(?:\s+(?:le|il|am|el|em|op|du|del|vom|la|pe|în|\u0641\u064a))?"
    r"\s*[:：]?$"
    rf"|{WITHDRAWN}(?:\s+on)?\s*:?$",
    re.I,
)
PUBLISHED = re.compile(
    rf"post|publi|date|^(?:released|issued)(?:\s+on)?\s*:$|^on\s*:$|{languages.POSTING_LABEL}$"
    r"|(?:日付|日期|时间|発行日)\s*[:：]$",  # "Date:" in Japanese and Chinese
    re.I,
)
# "2025.02.25 更新", "<time>2025年2月25日</time>更新": the change word after the day
CHANGED_AFTER = re.compile(rf"^[\s(（]*(?:{languages.EAST_ASIAN_CHANGE})")
# "Date:" may be the post's; "Event date:" or "Meeting date:" is not.
OTHER_DATE = re.compile(
    r"\b(?:event|meeting|conference|workshop|deadline|start|end|due|closing|opening)"
    r"\s+date\s*:?$",
    re.I,
)
# "Held on", "takes place on": the day an event happens
EVENT = re.compile(r"\b(?:held|takes?\s+place|took\s+place)(?:\s+on)?\s*:?$", re.I)
FACT = re.compile(r"^(?:[\w\s]*\s)?date\s*:$", re.I)  # "Date:", "Event date:"
# "Date", "Date :", "Datum:", "Fecha:": an event's where its place is given too (facts.py)
BARE_DATE = re.compile(r"^(?:date|datum|fecha|data)\s*[:：]?$", re.I)
# An added field's label naming the posting: "Posted", "Publication date", "Released on"
POSTING_FIELD = re.compile(r"(?:date\s+)?(?:post|publi|releas|issu)", re.I)
# The words right before a post's own date in a byline, whole words ending the label:
# "published", "Posted on", "Date posted:", Drupal's "Submitted by <name> on" (review 14:
# "Public lecture", "Posted in Meetings" and "Keynote, by ESA on" label events' days).
POSTED_BEFORE = re.compile(
    r"(?:^|\s)(?:posted|published)(?:\s+on)?\s*:?$|\bsubmitted\s+by\s+(?:\S+\s+){1,3}on$", re.I
)
POSTED_COLUMN = re.compile(
    r"^(?:post(?:ed)?|published|publication)(?:\s+(?:on|date))?$|^date\s+(?:posted|published)$",
    re.I,
)
