"""Names other code imports keep working when a module is split: `records` and
`merged_news` moved from scraper/harvest.py to scraper/chosen.py."""

from __future__ import annotations

import pytest

from scraper import chosen


def test_records_and_merged_news_still_import_from_harvest() -> None:
    from scraper.harvest import merged_news, one_per_file, records

    assert (records, merged_news, one_per_file) == (
        chosen.records,
        chosen.merged_news,
        chosen.one_per_file,
    )


def test_a_name_harvest_never_had_is_an_attribute_error() -> None:
    import scraper.harvest

    with pytest.raises(AttributeError):
        _ = scraper.harvest.no_such_name
