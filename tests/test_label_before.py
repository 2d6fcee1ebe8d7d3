"""The words before a printed day (printed.label_before): a change's word before its author's
name ("Zuletzt bearbeitet von Anna Müller am <time>") labels a modification, however many
words the name takes; a posting's ("Submitted by admin on") stays the posting's. Review 125
found the first read as postings: only the last four words were looked at."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.extract.printed import MODIFIED, date_role, posted_label


def time_after(words: str) -> tuple[object, object]:
    html = f'<div id="meta">{words} <time datetime="2024-04-18">18.04.2024</time></div>'
    tree = LexborHTMLParser(f"<body>{html}</body>")
    return tree.css_first("time"), tree.css_first("#meta")


@pytest.mark.parametrize(
    "words",
    [
        'Zuletzt bearbeitet von <a href="/a">Anna Müller</a> am',
        "Mis à jour par Julie Martin le",
        "Updated by Dr. Jane Roe, MD on",
    ],
)
def test_a_changes_word_before_its_authors_name_labels_a_modification(words: str) -> None:
    node, scope = time_after(words)
    assert date_role(node, scope) == MODIFIED  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "words",
    ['Submitted by <a href="/u">admin</a> on', "Veröffentlicht von Anna Müller am"],
)
def test_a_postings_author_leaves_it_the_posting(words: str) -> None:
    node, scope = time_after(words)
    assert date_role(node, scope) is None  # type: ignore[arg-type]


def test_a_submitted_by_line_is_still_a_posting_label() -> None:
    node, scope = time_after('Submitted by <a href="/u">admin</a> on')
    assert posted_label(node, scope)  # type: ignore[arg-type]
