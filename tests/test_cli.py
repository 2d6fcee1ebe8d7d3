"""The command line as people meet it: --help, --version, and docs/cli.md that shows them."""

from __future__ import annotations

import os
import subprocess
import sys
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


# Libraries only some work needs: loaded where it starts, never by a command's start-up.
LATE = ("pypdf", "publicsuffixlist", "tldextract", "requests", "trafilatura")


def test_start_up_leaves_the_heavy_readers_for_later():
    """A crawl's modules and the archive's are imported without the PDF reader, the Public
    Suffix List or the generic reader: a tenth of a second each, paid only when used."""
    import subprocess
    import sys

    probe = (
        "import sys, scraper.cli, scraper.cli_archive, scraper.crawl, archive.db, scraper.build;"
        f"print(','.join(m for m in {LATE!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""


def test_the_console_script_exits_with_the_commands_code(monkeypatch: pytest.MonkeyPatch):
    """`isecg` (scraper.cli.run) passes the command's exit code on and freezes what the
    command made, so the interpreter's exit does not collect it object by object."""
    import gc

    from scraper.cli import run as console_script

    monkeypatch.setattr("sys.argv", ["isecg", "no-such-command"])
    gc.unfreeze()  # nothing frozen before: what is frozen after is the script's doing
    assert gc.get_freeze_count() == 0
    try:
        with pytest.raises(SystemExit) as stopped:
            console_script()
        assert stopped.value.code == 2
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["crawl", "--delay", "inf"], "inf is not in the range 0<=x<=3600"),
        (["crawl", "--delay", "nan"], "'nan' is not a finite number"),  # it meant no delay
        (["crawl", "--max-time", "nan"], "'nan' is not a finite number"),
        (["crawl", "--max-time", "1e300"], "is not in the range 0<x<=8760"),
        (["status", "--max-age", "inf"], "'inf' is not a finite number"),
        (["import-wayback", "--delay", "nan"], "'nan' is not a finite number"),
    ],
)
@pytest.mark.timeout(60)  # accepted, `--delay inf` would wait for ever before its first request
def test_a_time_that_is_not_a_finite_number_is_refused(
    tmp_path: Path, args: list[str], said: str
) -> None:
    """`--delay inf` made a crawl that never ended; nan passes every comparison."""
    site = ["--site", "http://127.0.0.1:9/"] if args[0] == "crawl" else []
    result = CliRunner().invoke(main, [*args, *site, "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert said in result.output


def test_python_m_scraper_cli_runs_the_command() -> None:
    """helper-50: `python -m scraper.cli crawl ...` did nothing and exited 0."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "scraper.cli", "status", "--max-age", "-1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "--max-age" in done.stderr


LATE_CTRL_C = """
import gc, os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C live, as at a terminal
from scraper import cli
freeze = gc.freeze
def ctrl_c_then_freeze():  # the last thing the command does on its way out
    os.kill(os.getpid(), signal.SIGINT)
    freeze()
gc.freeze = ctrl_c_then_freeze
sys.argv = ["isecg", "--version"]
cli.run()
"""


def test_a_ctrl_c_after_the_command_ended_changes_nothing() -> None:
    """helper-192: a Ctrl-C just as a crawl finished (its summary printed, its status done)
    exited 130 with nothing on stderr, which a script takes for an interrupted crawl."""
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", LATE_CTRL_C],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("isecg")
