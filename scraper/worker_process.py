"""One worker process that runs a function on each task sent, in order: the early reader's
(scraper/early.py).

Tasks go down the worker's stdin and answers come back up its stdout, each a pickle after its
length. The worker runs `python -c` with the crawl's interpreter flags, importing only the
module of the function it runs: not the crawl's command line, as multiprocessing's spawn
would (its main module), nor multiprocessing's resource tracker, a third interpreter it
starts for the semaphores of a pool's queues (13 MB beside a crawl of 20,000 posts, for
nothing this worker needs).

The worker ends when its stdin closes: when the crawl stops it, and when the crawl dies, even
killed (the kernel closes the pipe), once it has read the batch in hand. (A fork of the crawl
that did not exec would hold the pipe open too; none runs beside an early reader.) From its
first line it ignores Ctrl-C, which is the crawl's to act on, and sends whatever it prints to
stderr: only answers go up its stdout.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import struct
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from queue import SimpleQueue
from typing import IO, Any

_LENGTH = struct.Struct("!Q")
MAX_MESSAGE = 256 << 20  # longer is not a message but noise in the pipe: the worker is dropped
# The worker's first lines, before any import that might print: stdout kept for the answers.
_BOOT = """\
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)
answers = os.dup(1)
os.dup2(2, 1)
import json
sys.path[:] = json.loads(sys.argv[1])
from scraper import worker_process
worker_process.answers_fd = answers
{start}
"""
answers_fd: int | None = None  # in the worker: where its answers go (set by _BOOT)


class WorkerDied(Exception):
    """The worker process is gone: what was sent and not answered will not be."""


class WorkerProcess:
    """`submit(task)` a Future of `function(task)`, run in the worker, answered in order.

    `start` is Python code the worker runs, with `argument` as sys.argv[2]: it imports the
    module that calls `serve()`."""

    def __init__(self, start: str, argument: str) -> None:
        self.process = subprocess.Popen(
            # The crawl's own interpreter flags (-X utf8, -W, -O...), taken as multiprocessing's
            # spawn takes them. -P: no current directory first on sys.path, whose json.py would
            # shadow the standard library's while _BOOT runs (the crawl's path is set next).
            [
                sys.executable,
                *subprocess._args_from_interpreter_flags(),  # type: ignore[attr-defined]
                "-P",
                "-c",
                _BOOT.format(start=start),
                json.dumps(sys.path),
                argument,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self._waiting: deque[Future[Any]] = deque()  # sent, not answered yet, in order
        self._lock = threading.Lock()
        self._dead = False
        # Tasks are written by a thread of their own: a worker behind by more than the pipe
        # holds (64 KB) would otherwise block the crawl's event loop on the write.
        self._tasks: SimpleQueue[bytes | None] = SimpleQueue()
        threading.Thread(target=self._write, daemon=True).start()
        threading.Thread(target=self._read, daemon=True).start()

    def submit(self, task: Any) -> Future[Any]:
        future: Future[Any] = Future()
        data = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            if self._dead:
                future.set_exception(WorkerDied())
                return future
            self._waiting.append(future)
        self._tasks.put(data)
        return future

    def stop(self, kill: bool = False) -> None:
        """The worker ends once it has answered every task (`kill`: at once), and is waited
        for: gone, not a zombie."""
        if kill:
            self.process.kill()
        self._tasks.put(None)
        with contextlib.suppress(subprocess.TimeoutExpired):  # killed, and lingering
            self.process.wait(5 if kill else None)

    def _write(self) -> None:
        pipe = self.process.stdin
        assert pipe is not None
        try:
            while (data := self._tasks.get()) is not None:
                pipe.write(_LENGTH.pack(len(data)) + data)
                pipe.flush()
        except OSError:  # the worker died: _read tells whoever waits
            pass
        finally:
            with contextlib.suppress(OSError):
                pipe.close()  # the end of the worker's work: it stops

    def _read(self) -> None:
        """Answers matched to their tasks in order. Whatever ends this (the worker gone, noise
        in the pipe, an answer nobody asked for), everything still waiting fails, and later
        submits at once: no one waits for an answer that will not come."""
        pipe = self.process.stdout
        assert pipe is not None
        try:
            while (data := _receive(pipe)) is not None:
                with self._lock:
                    future = self._waiting.popleft()
                future.set_result(pickle.loads(data))
        except Exception:  # the pipe no longer makes sense: the worker is dropped
            self.process.kill()
        finally:
            with self._lock:
                self._dead = True
                waiting, self._waiting = list(self._waiting), deque()
            for future in waiting:
                future.set_exception(WorkerDied())
            pipe.close()


def serve(function: Callable[[Any], Any]) -> None:
    """In the worker: `function` run on each task sent, until the crawl closes the pipe. A task
    it fails on is answered None."""
    assert answers_fd is not None, "serve() runs in a worker WorkerProcess started"
    answers = os.fdopen(answers_fd, "wb")
    tasks = sys.stdin.buffer
    while (data := _receive(tasks)) is not None:
        try:
            answer = function(pickle.loads(data))
        except Exception:  # left to the caller, which reads it itself
            answer = None
        out = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            answers.write(_LENGTH.pack(len(out)) + out)
            answers.flush()
        except OSError:  # the crawl is gone
            return


def _receive(pipe: IO[bytes]) -> bytes | None:
    """The next message, or None once the pipe is closed (or cut short)."""
    head = pipe.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    if size > MAX_MESSAGE:
        raise ValueError(f"a message of {size} bytes: not one this worker sends")
    data = pipe.read(size)
    return data if len(data) == size else None
