"""Canonical URLs, by the name DESIGN.md gives them (`scraper/urls.py`): the rules live in
archive/urls.py, which the archive's own lookups (`isecg cite URL`, `/-/archived`) share,
and the archive never imports the crawler. Code written against `scraper.urls` keeps working."""

from archive.urls import *  # noqa: F403
