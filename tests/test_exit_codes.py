"""The usage errors each command's --help names (docs/cli.md): exit 2, one line, no traceback,
on a small archive written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.db import open_db
from tests.crawl_helpers import isecg


@pytest.fixture
def data(tmp_path: Path) -> Path:
    db = open_db(tmp_path / "data" / "isecg.db")
    db.table("crawls").insert(
        {"id": 1, "site": "http://127.0.0.1:8080/", "started_at": "", "status": "done"}
    )
    db.close()
    return tmp_path / "data"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["snapshot", "{full}"], "already exists and is not empty"),
        (["view", "{full}"], "holds no"),
        (["changes", "--since", "last week"], "not a date"),
        (["cite", "news:1950"], "news:wp:1950"),
        (["export", "nope"], "no table 'nope'"),
    ],
)
def test_a_usage_error_exits_2_with_one_line(
    data: Path, tmp_path: Path, args: list[str], said: str
) -> None:
    full = tmp_path / "full"
    full.mkdir()
    (full / "a-file").write_text("x")
    command = [arg.format(full=full) for arg in args]
    if command[0] != "view":
        command += ["--data", str(data)]
    result = isecg(*command)
    assert result.returncode == 2, result.stderr
    assert said in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["crawl", "--delay", "-1"], "isecg crawl: Invalid value for '--delay'"),
        (["nope"], "isecg: No such command 'nope'."),
        (["--bogus"], "isecg: No such option '--bogus'."),
        (["export"], "isecg export: Missing argument 'TABLE'."),
        # click gives a missing value no context: the command is still named (helper-203)
        (["serve", "--port"], "isecg serve: Option '--port' requires an argument."),
        (["crawl", "--site", "ftp://a\nb"], "isecg crawl: Invalid value for '--site': ftp://a\\nb"),
    ],
)
def test_a_wrong_option_is_one_line_too(tmp_path: Path, args: list[str], said: str) -> None:
    """click printed the usage, a hint and a blank line above its error (helper-201)."""
    bare = args in (["nope"], ["--bogus"]) or args[-1] == "--port"  # nothing may follow
    result = isecg(*args) if bare else isecg(*args, "--data", str(tmp_path))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(said), result.stderr
    assert lines[0].endswith("--help)") and result.stdout == ""


def test_isecg_alone_prints_its_help_and_exits_0() -> None:
    """click printed it on stderr with exit 2, a failure for any wrapper script (helper-203)."""
    result = isecg()
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("Usage: isecg [OPTIONS] [COMMAND] [ARGS]...")
