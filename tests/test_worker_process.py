"""The early reader's worker process (scraper/worker_process.py): real interpreters, real
pipes. The functions the worker runs are this module's own (it imports it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import wait
from pathlib import Path

import pytest

from scraper import worker_process
from scraper.worker_process import WorkerDied, WorkerProcess, serve

ROOT = Path(__file__).resolve().parent.parent
START = "import tests.test_worker_process as t; t.{}()"


def doubling(task: object) -> object:
    print("a library printing to stdout", flush=True)  # must not reach the answers
    if task == "noise":  # what no print can do now: bytes straight into the answers' pipe
        assert worker_process.answers_fd is not None
        os.write(worker_process.answers_fd, b"not an answer at all")
        return 0
    if task == 3:
        raise ValueError("a task the function fails on")
    if task == "slow":
        time.sleep(60)
    assert isinstance(task, int)
    return task * 2


def serve_doubling() -> None:
    serve(doubling)


def flags(_: object) -> object:
    return sys.flags.utf8_mode, sys.flags.optimize, sys.warnoptions


def serve_flags() -> None:
    serve(flags)


def test_answers_come_in_order_and_a_failed_task_is_none() -> None:
    worker = WorkerProcess(START.format("serve_doubling"), "")
    try:
        futures = [worker.submit(n) for n in range(8)]
        assert [f.result(timeout=30) for f in futures] == [0, 2, 4, None, 8, 10, 12, 14]
    finally:
        worker.stop()
    assert worker.process.returncode == 0  # its stdin closed, it ended by itself


def test_stop_waits_for_every_answer() -> None:
    worker = WorkerProcess(START.format("serve_doubling"), "")
    futures = [worker.submit(n) for n in range(20)]
    worker.stop()
    assert all(f.done() for f in futures)
    assert [f.result() for f in futures][-1] == 38


def test_a_killed_worker_fails_what_waits_and_what_comes() -> None:
    worker = WorkerProcess(START.format("serve_doubling"), "")
    try:
        waiting = [worker.submit("slow"), worker.submit(1)]
        worker.process.kill()
        done, _ = wait(waiting, timeout=30)
        assert len(done) == 2
        for future in waiting:
            with pytest.raises(WorkerDied):
                future.result()
        later = worker.submit(2)
        assert later.done()
        with pytest.raises(WorkerDied):
            later.result()
    finally:
        worker.stop(kill=True)
    assert worker.process.returncode == -signal.SIGKILL


def test_noise_in_the_pipe_drops_the_worker_and_fails_what_waits() -> None:
    """Bytes that are no answer (read as a length of exabytes) end the worker at once; no
    one waits for an answer that will not come."""
    worker = WorkerProcess(START.format("serve_doubling"), "")
    try:
        waiting = [worker.submit("noise"), worker.submit(1)]
        done, _ = wait(waiting, timeout=30)
        assert len(done) == 2
        for future in waiting:
            with pytest.raises(WorkerDied):
                future.result()
        assert worker.process.wait(30) == -signal.SIGKILL
    finally:
        worker.stop(kill=True)


def test_ctrl_c_is_left_to_the_crawl() -> None:
    worker = WorkerProcess(START.format("serve_doubling"), "")
    try:
        assert worker.submit(1).result(timeout=30) == 2  # started, its handler set
        worker.process.send_signal(signal.SIGINT)
        assert worker.submit(5).result(timeout=30) == 10
    finally:
        worker.stop()
    assert worker.process.returncode == 0


def test_the_worker_runs_with_the_crawls_interpreter_flags() -> None:
    """A crawl run as `python -X utf8 -O -W ...` reads its pages under the same flags."""
    parent = textwrap.dedent(
        """
        from scraper.worker_process import WorkerProcess

        worker = WorkerProcess("import tests.test_worker_process as t; t.serve_flags()", "")
        print(worker.submit(0).result(timeout=30))
        worker.stop()
        """
    )
    command = [sys.executable, "-X", "utf8", "-O", "-W", "error::ResourceWarning", "-c", parent]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONUTF8", None)
    env.pop("PYTHONOPTIMIZE", None)
    env.pop("PYTHONWARNINGS", None)  # its options would come before -W's, twice
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.strip() == "(1, 1, ['error::ResourceWarning'])", done.stderr


PARENT = textwrap.dedent(
    """
    import pathlib, sys, time
    from scraper.worker_process import WorkerProcess

    worker = WorkerProcess("import tests.test_worker_process as t; t.serve_doubling()", "")
    assert worker.submit(4).result(timeout=30) == 8
    children = [c for f in pathlib.Path("/proc/self/task").glob("*/children")
                for c in f.read_text().split()]
    print(worker.process.pid, " ".join(children), flush=True)
    time.sleep(600)
    """
)


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"  # ended, waiting for whoever inherited it to reap it


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_the_worker_ends_with_its_crawl_killed_and_is_its_only_child() -> None:
    """No resource tracker or other helper beside it. Killed with kill -9, the crawl cannot
    tell its idle worker to stop; the worker finds its stdin closed, and ends."""
    with subprocess.Popen(
        [sys.executable, "-c", PARENT],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as parent:
        try:
            assert parent.stdout is not None
            worker_pid, *children = parent.stdout.readline().split()
            assert children == [worker_pid]
        finally:
            parent.kill()
    deadline = time.monotonic() + 10
    while not _gone(int(worker_pid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _gone(int(worker_pid))
