"""Review 122 (helper-186, 22 publications pages against a rule not kept): a "Download" line
just below an entry's own element (a WordPress card's header: title and day), in the element
around it holding no other entry, taken as its file. It found 25 files right and 27 wrong:
the 2019 baseline an excerpt updates, a press kit, a flyer, a summary before the report, a
questionnaire, a French version first, a brochure in a sidebar. A wrong file is worse than
none: no such line is taken. These pages pin it: each file read is the work's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.review_days import files_read, truth

PAGES = Path(__file__).parent / "fixtures" / "probe23" / "review122"


@pytest.mark.parametrize("name", truth(PAGES))
def test_each_file_read_is_the_works_own(name: str) -> None:
    assert all(read == own for read, own in files_read(PAGES, name))


def test_the_files_read_stay_read() -> None:
    assert sum(len(files_read(PAGES, name)) for name in truth(PAGES)) >= 12
