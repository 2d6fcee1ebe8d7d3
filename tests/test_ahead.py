"""What the crawl's process does ahead, in threads, while it waits (scraper/ahead.py): the fetch
path loads no extractor (the thread does, from the first request), the TLS roots are loaded
once whoever asks first, and no thread outlives a crawl, failed or not."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from scraper import clients
from scraper.ahead import Ahead
from tests.crawl_helpers import run_crawl

ROOT = Path(__file__).resolve().parent.parent
BUILD_SIDE = ("scraper.extract", "scraper.harvest", "scraper.build", "scraper.workers")


def loaded_by(code: str) -> list[str]:
    """The modules a fresh interpreter holds after `code` (an entry of None is none)."""
    script = (
        f"{code}\nimport json, sys\n"
        "print(json.dumps(sorted(n for n, m in sys.modules.items() if m is not None)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return list(json.loads(out.stdout))


def test_the_crawl_command_starts_without_the_extractors_or_a_progress_bar() -> None:
    modules = loaded_by("import scraper.cli, scraper.crawl")
    assert "scraper.crawl" in modules and "scraper.ahead" in modules
    assert [m for m in modules if m.startswith(BUILD_SIDE)] == []
    # rich comes with the bar alone; httpx's own command line client not at all
    assert [m for m in modules if m.split(".")[0] in ("rich", "pygments")] == []
    # the document reader's name asks importlib.metadata for pypdf's version when it is needed
    assert "importlib.metadata" not in modules


def test_httpx_works_without_its_command_line_client_in_the_command() -> None:
    modules = loaded_by(
        "import scraper.cli, httpx\n"
        "assert httpx.Client and httpx.AsyncClient and httpx.create_ssl_context()\n"
    )
    assert "httpx" in modules and "httpx._main" not in modules


def test_a_program_importing_the_package_keeps_httpx_whole() -> None:
    assert "httpx._main" in loaded_by("import scraper.crawl, httpx")


def test_the_build_modules_thread_loads_them_and_is_joined_on_exit() -> None:
    modules = loaded_by(
        "from scraper.ahead import Ahead\n"
        "import sys, threading\n"
        "with Ahead() as ahead:\n"
        "    ahead.load_build_modules()\n"
        "assert threading.active_count() == 1, threading.enumerate()\n"
    )
    assert "scraper.build" in modules and "scraper.extract.dates" in modules


@pytest.mark.parametrize("byline_patterns", [True, False])
def test_the_byline_patterns_are_compiled_ahead_only_when_asked(byline_patterns: bool) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from scraper.ahead import Ahead\n"
            "with Ahead() as ahead:\n"
            f"    ahead.load_build_modules(byline_patterns={byline_patterns})\n"
            "from scraper.extract import dates\n"
            "print(dates._text_dates.cache_info().currsize)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert (int(out.stdout) > 0) is byline_patterns


def test_threads_are_joined_when_the_crawl_fails_inside() -> None:
    with pytest.raises(RuntimeError, match="inside"), Ahead() as ahead:
        ahead.load_build_modules()
        raise RuntimeError("inside")
    assert [t.name for t in threading.enumerate() if t.name.startswith("isecg-")] == []


def test_ready_loads_the_modules_when_no_request_started_them() -> None:
    # in a fresh interpreter: this one has imported scraper.build long since
    modules = loaded_by(
        "import threading\n"
        "from scraper.ahead import Ahead\n"
        "with Ahead() as ahead:\n"
        "    ahead.build_modules_ready()\n"
        "    assert not [t for t in threading.enumerate() if t.name == 'isecg-build-modules']\n"
    )
    assert "scraper.build" in modules and "scraper.extract.dates" in modules


def test_the_roots_load_once_whoever_asks_first(monkeypatch: pytest.MonkeyPatch) -> None:
    clients._roots.cache_clear()
    made: list[object] = []
    real = clients.httpx.create_ssl_context

    def counted(**options: object) -> object:
        made.append(options)
        return real(**options)  # type: ignore[arg-type]

    monkeypatch.setattr(clients.httpx, "create_ssl_context", counted)
    contexts: list[object] = []
    askers = [threading.Thread(target=lambda: contexts.append(clients.tls())) for _ in range(4)]
    for asker in askers:
        asker.start()
    contexts.append(clients.tls())
    for asker in askers:
        asker.join()
    assert len(made) == 1 and len({id(context) for context in contexts}) == 1
    clients._roots.cache_clear()


@pytest.mark.slow  # a whole crawl
def test_a_crawl_builds_its_records_and_leaves_no_thread_behind(
    replica_factory: object, tmp_path: Path
) -> None:
    from scraper.extract import dates

    dates._text_dates.cache_clear()
    server = replica_factory()  # type: ignore[operator]
    result = run_crawl(server, tmp_path / "data")
    assert result.status == "done", result.message
    assert result.records.counts.get("news", 0) > 0, result.records.counts
    assert [t.name for t in threading.enumerate() if t.name.startswith("isecg-")] == []
    # the early reader's worker learned the theme: the build read no byline, so the thread
    # was right to leave their patterns out
    assert dates._text_dates.cache_info().currsize == 0


SPY = """
import json, sys, threading
BUILD_SIDE = {build_side!r}
imported = []

class Spy:  # notes who imports each module of the build's, and finds none itself
    def find_spec(self, name, path=None, target=None):
        if name.startswith(BUILD_SIDE):
            imported.append([name, threading.current_thread().name])
        return None

sys.meta_path.insert(0, Spy())
import scraper.cli
sys.argv = ["isecg", "crawl", "--site", {site!r}, "--data", {data!r}, "--delay", "0",
            "--concurrency", "4", "--no-progress"]
try:
    scraper.cli.run()
except SystemExit as stop:
    code = stop.code
print(json.dumps({{"code": code, "imported": imported}}))
"""


@pytest.mark.slow  # a whole crawl, as the command runs it
def test_only_the_thread_imports_the_build_modules_in_a_crawl(
    replica_factory: object, tmp_path: Path
) -> None:
    server = replica_factory()  # type: ignore[operator]
    script = SPY.format(build_side=BUILD_SIDE, site=server.url + "/", data=str(tmp_path / "data"))
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout.splitlines()[-1])
    assert result["code"] in (0, None), out.stderr[-2000:]
    names = {name for name, _ in result["imported"]}
    assert {"scraper.build", "scraper.extract.dates", "scraper.harvest"} <= names
    assert {thread for _, thread in result["imported"]} == {"isecg-build-modules"}
