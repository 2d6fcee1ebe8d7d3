"""The README and docs/ stay true: the CLI reference is regenerated and compared."""

from __future__ import annotations

from tests import cli_docs


def test_cli_reference_is_current():
    assert cli_docs.CLI_MD.read_text(encoding="utf-8") == cli_docs.render(), (
        "docs/cli.md is out of date: run make docs"
    )


def test_cli_reference_has_every_command():
    text = cli_docs.render()
    for name in cli_docs.isecg.commands:
        assert f"## isecg {name}\n" in text
        assert f"Usage: isecg {name} [OPTIONS]" in text
