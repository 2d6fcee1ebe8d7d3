"""isecg-archive: network and HTML side (crawler, discovery, extractors)."""

# The one place the version is written: pyproject.toml reads it from here. Not looked up with
# importlib.metadata, which took 40 to 55 ms of every command's start.
__version__ = "0.1.0"
