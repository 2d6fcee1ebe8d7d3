"""isecg-archive: network and HTML side (crawler, discovery, extractors)."""

# The one place the version is written: pyproject.toml reads it from here. Not looked up with
# importlib.metadata, which took 40 to 55 ms of every command's start.
__version__ = "0.1.0"


def run() -> None:
    """The `isecg` console script (scraper.cli.run), imported only once a Ctrl-C can be
    caught: pressed in the tenth of a second the imports take, it printed a traceback."""
    import sys

    try:
        from scraper.cli import run as command
    except KeyboardInterrupt:
        sys.stderr.write("isecg: interrupted\n")
        raise SystemExit(130) from None
    command()
