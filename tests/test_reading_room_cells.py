"""Cells as the reading room renders them after at_scale.py made datasette-render-markdown ask
for its settings once per column: a `*_markdown` column is still Markdown, any other text
stays text."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest
from markupsafe import Markup

from tests.serve_helpers import Client, client_for


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    data = tmp_path_factory.mktemp("notes")
    with sqlite3.connect(data / "isecg.db") as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body_markdown TEXT, body TEXT)")
        conn.execute("INSERT INTO notes VALUES (1, '**bold** <script>x</script>', '**bold**')")
    with client_for(data) as client:
        yield client


@pytest.mark.parametrize(
    "address", ["/isecg/notes", "/isecg?sql=select+body_markdown,+body+from+notes"]
)
def test_only_a_markdown_column_is_rendered_as_markdown(notes: Client, address: str):
    for _ in range(2):  # the second time from what the first decided
        page = notes.get(address).text
        assert "<strong>bold</strong>" in page
        assert page.count("<strong>bold</strong>") == 1  # body stays text: **bold**
        assert "**bold**" in page
        assert "<script>x</script>" not in page  # Markdown's HTML is still cleaned


def test_table_rows_are_the_cells_datasettes_template_writes(notes: Client):
    env = notes.ds.jinja_env
    rows = [
        [
            {"column": "id", "value": Markup('<a href="/x">1</a>'), "value_type": "pk"},
            {"column": "two words", "value": 'a <b> & "c"', "value_type": "str"},
            {"column": "_x", "value": None, "value_type": "none"},
            {"column": "n", "value": 3, "value_type": "int"},
        ]
    ] * 3

    def rendered(name: str) -> str:
        html = env.get_template(name).render(display_rows=rows, display_columns=[])
        return re.sub(r">\s+<", "><", html).strip()

    ours, theirs = rendered("_table.html"), rendered("default:_table.html")
    assert ours == theirs
    assert "&lt;b&gt; &amp; &#34;c&#34;" in ours and '<a href="/x">1</a>' in ours


def test_query_rows_are_the_cells_datasettes_query_template_writes(notes: Client):
    env = notes.ds.jinja_env
    columns = ["snippet", "two words", "n"]
    rows = [[Markup("<mark>x</mark>"), 'a <b> & "c"', 3], [None, "", 0.5]]
    theirs = env.from_string(  # the loop of Datasette 0.65's query.html
        "{% for row in display_rows %}<tr>{% for column, td in zip(columns, row) %}"
        '<td class="col-{{ column|to_css_class }}">{{ td }}</td>{% endfor %}</tr>{% endfor %}'
    ).render(display_rows=rows, columns=columns, zip=zip)
    ours = env.from_string("{{ display_rows|query_rows(columns) }}").render(
        display_rows=rows, columns=columns
    )
    assert ours.replace("\n", "") == theirs
    assert "<mark>x</mark>" in ours and "&lt;b&gt;" in ours
    page = notes.get("/isecg?sql=select+body_markdown,+body+from+notes").text
    assert '<td class="col-body">**bold**</td>' in page  # the page uses it
