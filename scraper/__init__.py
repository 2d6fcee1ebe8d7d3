"""isecg-archive: network and HTML side (crawler, discovery, extractors)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("isecg-archive")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
