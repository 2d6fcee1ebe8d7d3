"""The `isecg` command line: thin commands that build Settings and call one function."""

from __future__ import annotations

import click

from scraper import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="isecg")
def main() -> None:
    """A research archive of the ISECG website (www.globalspaceexploration.org)."""
