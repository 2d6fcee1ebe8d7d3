"""The command line as people meet it: --help, --version, and docs/cli.md that shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper import __version__
from scraper.cli import main

CLI_MD = Path(__file__).parents[1] / "docs" / "cli.md"


def run(*args: str) -> str:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(main, list(args), prog_name="isecg")
    assert result.exit_code == 0, result.output
    return result.output


def test_version_is_the_package_version():
    assert run("--version").strip() == f"isecg, version {__version__}"


@pytest.mark.parametrize(
    "command", ["crawl", "reparse", "serve", "export", "status", "changes", "verify", "snapshot"]
)
def test_the_cli_reference_shows_the_real_help(command: str):
    assert run(command, "--help").strip() in CLI_MD.read_text(encoding="utf-8")


def test_every_command_has_help():
    listed = run("--help")
    for name in main.commands:
        assert name in listed
        assert run(name, "--help").startswith(f"Usage: isecg {name}")
