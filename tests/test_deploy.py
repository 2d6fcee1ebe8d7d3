"""deploy/: the systemd units, the cron line and the CI workflow are well-formed and consistent.

The units are parsed here with configparser and their keys checked, always; and, where
`systemd-analyze` is installed, also checked by `systemd-analyze verify` (a skip with its reason
when it is not). The workflow is parsed with PyYAML, which datasette brings: no fallback, so a
missing parser fails rather than skipping.
"""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
INSTALL = "/opt/isecg-archive"  # where the units and the cron line expect the checkout


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text())
    return parser


def hours(span: str) -> float:
    match = re.fullmatch(r"(\d+)(h|min|s)", span)
    assert match, span
    return int(match[1]) / {"h": 1, "min": 60, "s": 3600}[match[2]]


def max_time(command: str) -> float:
    """The crawl's --max-time in hours (the default, 6, when not given)."""
    given = re.search(r"--max-time[ =](\d+(?:\.\d+)?)", command)
    return float(given[1]) if given else 6.0


def test_the_service_runs_one_bounded_crawl():
    service = unit("isecg-crawl.service")["Service"]
    assert service["Type"] == "oneshot"  # the timer never starts a second one alongside
    assert service["ExecStart"].startswith(f"{INSTALL}/.venv/bin/isecg crawl ")
    assert "--no-progress" in service["ExecStart"]
    assert "--log-format json" in service["ExecStart"]
    assert 1 <= hours(service["TimeoutStartSec"]) < 24  # killed before the next night
    # it stops by itself, builds and says so, well before it is killed (helper-196: both 6 h)
    assert max_time(service["ExecStart"]) <= hours(service["TimeoutStartSec"]) - 0.5
    assert "ISECG_DATA=/var/lib/isecg" in service["Environment"]
    # an upgraded extractor reads the records again first (else `status` fails each night)
    assert service["ExecStartPre"] == f"-{INSTALL}/.venv/bin/isecg reparse --if-stale"
    assert service["StateDirectory"] == "isecg"
    assert unit("isecg-crawl.service")["Unit"]["After"] == "network-online.target"


def test_the_timer_is_nightly_randomised_and_persistent():
    timer = unit("isecg-crawl.timer")
    assert re.fullmatch(r"\*-\*-\* \d\d:\d\d:\d\d", timer["Timer"]["OnCalendar"])
    assert 0 < hours(timer["Timer"]["RandomizedDelaySec"]) <= 2
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Timer"]["Unit"] == "isecg-crawl.service"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed: the units were checked by configparser only")
    # The units name the install path; point them at this checkout, whose isecg exists.
    isecg = Path(sys.executable).parent / "isecg"
    assert isecg.is_file(), f"{isecg} missing: run make install"
    for name in ("isecg-crawl.service", "isecg-crawl.timer"):
        text = (DEPLOY / name).read_text()
        text = text.replace(f"{INSTALL}/.venv/bin/isecg", str(isecg)).replace(
            INSTALL, str(DEPLOY.parent)
        )
        (tmp_path / name).write_text(text)
    result = subprocess.run(
        [analyze, "verify", "isecg-crawl.service", "isecg-crawl.timer"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # Any line at all is a complaint (an unknown key is only a warning, exit code 0).
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$")
CRON_RANGES = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]


def cron_jobs() -> list[str]:
    lines = (DEPLOY / "crontab").read_text().splitlines()
    return [
        line
        for line in lines
        if line.strip()
        and not line.lstrip().startswith("#")
        and not re.match(r"^[A-Z_]+=", line)  # SHELL=, ISECG_DATA=
    ]


def test_the_cron_line_has_five_fields_and_runs_isecg_crawl():
    (job,) = cron_jobs()
    fields = job.split()
    for field, (low, high) in zip(fields[:5], CRON_RANGES, strict=True):
        assert CRON_FIELD.match(field), field
        assert all(low <= int(n) <= high for n in re.findall(r"\d+", field.split("/")[0]))
    command = " ".join(fields[5:])
    assert "isecg crawl" in command and "--no-progress" in command
    assert command.index("isecg reparse --if-stale ") < command.index("isecg crawl")
    assert re.search(r"timeout .*6h", command)  # a stuck crawl is killed, resumed next night
    assert max_time(command) <= 6 - 0.5
    # cron turns a bare % into a newline: every one must be escaped.
    assert not re.search(r"(?<!\\)%", command)


def test_the_crontab_sets_bash_for_random_and_the_data_directory():
    text = (DEPLOY / "crontab").read_text()
    assert "SHELL=/bin/bash" in text.splitlines() and "ISECG_DATA=/var/lib/isecg" in text


def workflow() -> dict:
    loaded = yaml.safe_load((DEPLOY / "github-actions-nightly.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_the_workflow_parses_and_is_scheduled_nightly():
    flow = workflow()
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert isinstance(triggers, dict)
    (schedule,) = triggers["schedule"]
    fields = schedule["cron"].split()
    assert len(fields) == 5 and fields[2:] == ["*", "*", "*"]
    assert "workflow_dispatch" in triggers


def test_the_workflow_crawls_checks_and_keeps_a_snapshot():
    (job,) = workflow()["jobs"].values()
    assert 0 < job["timeout-minutes"] <= 24 * 60
    runs = [step.get("run", "") for step in job["steps"]]
    (crawl,) = [run for run in runs if "isecg crawl" in run]
    (reparse,) = [i for i, run in enumerate(runs) if run == ".venv/bin/isecg reparse --if-stale"]
    assert reparse < runs.index(crawl) and job["steps"][reparse]["continue-on-error"] is True
    assert max_time(crawl) <= job["timeout-minutes"] / 60 - 0.5
    for command in ("isecg crawl", "isecg status", "isecg verify", "isecg snapshot"):
        assert any(command in run for run in runs), command
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(u.startswith("actions/cache/save") for u in uses)
    assert any(u.startswith("actions/upload-artifact") for u in uses)
