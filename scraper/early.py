"""Pages read while the crawl still fetches: the build's reading, started early in a worker
process, so that little of it is left once the last answer is in.

The crawl waits on the network most of the time, and the build after it read every page from
its WARC record, one after another (on the replica, 0.6 to 1 s after a 2.6 s fetch). Here each
capture, once its WARC record and its row are committed, goes to one worker process, which
reads it exactly as the build would (workers.read: the same WARC record; the same
read_alone) and writes the reading to a file of its own. The build (scraper/build.py) then
takes a capture's reading from that file where it was read as the build would read it, and
reads any other capture itself: an early reading is a shortcut, never a second source.

The one thing a page's reading depends on beyond itself is whether REST gave its post whole
(`covered`, scraper/workers.py). REST answers go out first and alone; pages wait until every
REST answer sent is read, then go with the covered ids known then. A page whose REST item
came later reads differently in the build, which reads it again itself.

A crawl meeting a theme no template covers learns one in the build, from the pages of
posts REST gave whole (harvest.learn): the worker learns what each such page teaches as it
reads it, from the REST record it read before, and the build takes that lesson where its own
record of the post is the one the worker used (else it learns from the page itself). Only
where each REST record is in the file goes back and forth, never the records: the worker
holds a few MB at 20,000 posts, the crawl's process a few selectors a page taught.

A document found unchanged is left to the build, which takes what the archive holds for the
same bytes (store.read_before) rather than read it again; one read here takes that too, in the
build, where the archive holds it. A page over MAX_BODY is left to the build. The worker
starts only once START_AFTER captures wait: a small crawl is read sooner than a process
starts (0.3 to 0.5 s). Whatever fails here (no process can start, the worker dies) leaves the
reading to the build.

The worker is a new interpreter (scraper/worker_process.py), not a fork: the crawl runs
threads (its WARC writes; a test's replica), and a fork copies none of them, nor the locks they
hold. `isecg crawl --no-read-early` (Settings.read_early) turns this off.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import IO, TYPE_CHECKING

from archive.captures import Readable
from scraper.spill import place, unplace
from scraper.worker_process import WorkerDied, WorkerProcess, serve

if TYPE_CHECKING:  # the crawl's process loads them while it fetches (scraper/ahead.py)
    from scraper.extract.templates import Templates
    from scraper.extract.types import News
    from scraper.harvest import Page, Reading
    from scraper.workers import Task

log = logging.getLogger("isecg.crawl")
START_AFTER = 32  # captures waiting before the worker starts
# A page whose body is larger is left to the build, which reads it after the fetch: parsing
# it here, while the crawl's own buffers are full, would add its peak to the crawl's (a
# hostile crawl of 10 MB pages: 137 MB for the crawl, 111 MB for the worker reading them).
MAX_BODY = 2 << 20

Place = tuple[int, int]  # (offset, size) of a pickled reading in the worker's file
# What a post page taught of its theme's template, and the REST record it was learned with:
# where its REST answer's reading is in the file (as spill.place gives it), the record's index
# among its posts
Lesson = tuple[int, int, "dict[str, str] | None"]
# A batch's readings: where each is, the post ids it gave whole (REST) and what the page taught
# (or None); None if not read.
Done = list[tuple[Place, frozenset[int], Lesson | None] | None]


class EarlyReader:
    """One crawl's early reading; `add` each capture as it is recorded, `take` its reading and
    ask its `lesson` in the build."""

    def __init__(
        self,
        warc_dir: Path,
        site: str,
        templates: Templates,
        readable: Callable[[int], Readable | None],
        readings: Path,
        ready: Callable[[], None] = lambda: None,
    ) -> None:
        """`readings`: the file the worker writes to, in the data directory (one crawl at a
        time there). A crawl killed leaves it behind; the next crawl's reader removes it.
        `ready()` returns once the build's modules are loaded (scraper/ahead.py): called before
        the first batch goes, which needs them."""
        self.warc_dir, self.site, self.templates = warc_dir, site, templates
        self._ready = ready
        self._readable = readable
        self._worker: WorkerProcess | None = None
        self.peak_mb: float | None = None  # the worker's own peak, read as it stops
        self._file = readings
        self._file.unlink(missing_ok=True)
        self._reader: IO[bytes] | None = None
        self._held: list[Readable] = []  # waiting to be sent
        self._out: deque[tuple[Task, Future[Done]]] = deque()
        # capture id -> (the covered ids it was sent with, sorted; where its reading is, as
        # spill.place gives it): a tuple and an int, not a frozenset and a pair, for every
        # capture of a 20,000-post crawl, held as its fetch ends (5 MB saved there)
        self._read: dict[int, tuple[tuple[int, ...], int]] = {}
        self._lessons: dict[int, Lesson] = {}  # capture id -> what its page taught
        self._rest_read: tuple[int, Reading] | None = None  # the REST reading read back last
        self._rest_out = 0  # REST answers sent and not yet gathered
        self._covered: set[int] = set()  # post ids REST gave whole, from the REST readings in
        self.broken = False  # the worker failed: the build reads everything itself
        self.taken = 0  # readings the build took
        self.lessons_taken = 0  # lessons the build took

    def add(self, capture_id: int) -> None:
        """A capture just recorded: read it early if it is worth it. Never raises: whatever
        goes wrong here (no process can start...) leaves the reading to the build."""
        if self.broken:
            return
        try:
            capture = self._readable(capture_id)
            if capture is None or not _worth_reading(capture):
                return
            self._held.append(capture)
            if self._worker is None and len(self._held) < START_AFTER:
                return
            self._gather()
            self._send_held()
        except Exception:
            log.warning("pages are no longer read while the crawl fetches", exc_info=True)
            self.broken = True

    def take(
        self, capture: Readable, covered: frozenset[int], templates: Templates
    ) -> Reading | None:
        """The capture's early reading, if it was read as the build reads it now (with these
        covered ids and templates); else None, and the build reads it itself."""
        if templates != self.templates or self.broken:
            return None
        entry = self._read.pop(capture.id, None)  # finish() gathered every batch
        if entry is None or entry[0] != tuple(sorted(covered)):
            return None
        reading = self._read_back(entry[1])
        self.taken += 1
        return reading

    def lesson(self, capture_id: int, record: News) -> tuple[dict[str, str] | None] | None:
        """What the capture's page taught the worker of its theme's template, as a 1-tuple,
        when it learned it with this very REST record (harvest.learn_page is pure: the same
        page and record teach the same); else None, and the build learns it itself."""
        learned = self._lessons.pop(capture_id, None)
        if learned is None:
            return None
        placed, index, taught = learned
        if self._rest_read is None or self._rest_read[0] != placed:
            self._rest_read = (placed, self._read_back(placed))
        rest = self._rest_read[1].got
        if rest is None or index >= len(rest.news) or rest.news[index] != record:
            return None
        self.lessons_taken += 1
        return (taught,)

    def _read_back(self, placed: int) -> Reading:
        if self._reader is None:
            self._reader = open(self._file, "rb")  # noqa: SIM115 (closed with the reader)
        return _reading_at(self._reader, placed)

    def finish(self) -> None:
        """The fetch is over: what waits goes now, once every REST answer out is read; then,
        every batch read, the worker stops. The build after it is when the crawl's process
        holds the most (measured: at 20,000 posts), and the worker's memory is gone by then."""
        if self._worker is None:
            return
        if not self.broken:
            while self._rest_out and not self.broken:
                rest = next(future for task, future in self._out if _is_rest(task))
                self._gather(wait_for=rest)
            self._send_batches(everything=True)
            if self._out:
                self._gather(wait_for=self._out[-1][1])
        self._stop(kill=self.broken)  # broken: nothing it still reads would be taken

    def close(self, failed: bool = False) -> None:
        """The worker stops and the file goes. After a failure (or Ctrl-C) the worker is
        stopped at once rather than let finish what it reads."""
        if self._worker is not None:
            self._stop(kill=failed or self.broken)
        if self._reader is not None:
            self._reader.close()
        self._file.unlink(missing_ok=True)

    def __enter__(self) -> EarlyReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(failed=kind is not None)

    def _stop(self, kill: bool = False) -> None:
        assert self._worker is not None
        if self.peak_mb is None and self._worker.process.poll() is None:  # its pid, still
            self.peak_mb = _peak_mb(self._worker.process.pid)
        self._worker.stop(kill=kill)

    def _send_held(self) -> None:
        """REST answers at once, one each; pages in batches, once no REST answer is out."""
        self._ready()  # before this process imports anything of the build's
        pages = []
        for capture in self._held:
            if capture.kind == "rest":
                self._send([capture])
                self._rest_out += 1
            else:
                pages.append(capture)
        self._held = pages
        if not self._rest_out:
            self._send_batches()

    def _send_batches(self, everything: bool = False) -> None:
        """The pages held, in whole batches (`everything`: the last one too)."""
        from scraper.workers import BATCH

        while len(self._held) >= (1 if everything else BATCH) and not self.broken:
            self._send(self._held[:BATCH])
            del self._held[:BATCH]

    def _send(self, captures: list[Readable]) -> None:
        from scraper.workers import Task, covered_ids

        if self._worker is None:
            self._file.touch()  # here, not by the worker: see work()
            # Should no process start, add() says so and the build reads it all.
            start = "import scraper.early as e; e.work(sys.argv[2])"
            self._worker = WorkerProcess(start, str(self._file))
        work = [(capture, covered_ids(capture, self.site, self._covered)) for capture in captures]
        task = Task(self.warc_dir, self.site, self.templates, list(work))
        self._out.append((task, self._worker.submit(task)))

    def _gather(self, wait_for: Future[Done] | None = None) -> None:
        """Note the readings done, in the order sent (one worker reads them in that order);
        up to `wait_for`'s, however long it takes."""
        while self._out and (self._out[0][1].done() or wait_for is not None):
            task, future = self._out.popleft()
            try:
                places = future.result()
            except WorkerDied:  # the worker died: the build reads whatever is left
                self.broken = True
                places = None
            for index, item in enumerate(task.captures):
                assert item is not None
                capture, ids = item
                if places is not None and (done := places[index]) is not None:
                    (offset, size), gave_whole, lesson = done
                    self._read[capture.id] = (tuple(sorted(ids)), place(offset, size))
                    self._covered |= gave_whole
                    if lesson is not None:
                        self._lessons[capture.id] = lesson
                if capture.kind == "rest":
                    self._rest_out -= 1
            if future is wait_for:
                return


def _is_rest(task: Task) -> bool:
    return any(item is not None and item[0].kind == "rest" for item in task.captures)


def _worth_reading(capture: Readable) -> bool:
    """An answer with a WARC record to read; not an unchanged document (the build takes what
    the archive holds for its bytes), nor an error (nothing to read), nor a page whose bytes
    on the wire are over MAX_BODY already (it would be read only to be left)."""
    if capture.status not in (200, 304) or not capture.warc_file or capture.warc_offset is None:
        return False
    if capture.kind == "document":  # spooled, never held whole: read here, whatever its size
        return capture.outcome != "unchanged"
    return capture.size is None or capture.size <= MAX_BODY


def work(path: str) -> None:
    """The worker's own start (scraper.worker_process runs it): each batch sent read, its
    readings appended to the file at `path`. Nothing warmed up ahead: the generic reader
    (trafilatura, 29 MB) loads only if a page needs it, and pypdf only for a document."""
    # Opened, never created: a worker whose crawl was killed while it started must not make
    # the file again after the next crawl removed it (it fails here, and stops).
    out = os.fdopen(os.open(path, os.O_WRONLY | os.O_APPEND), "ab")
    back = open(path, "rb")  # noqa: SIM115 (the worker's life long): REST readings read back
    serve(lambda task: _read_early(task, out, back))
    out.close()
    # Every reading is written and answered: nothing is left that a normal exit would save.
    # It would free each object the extraction made one by one (about 30 ms on the replica),
    # while the crawl waits for this process to be gone before its build (early.finish).
    os._exit(0)


def _read_early(task: Task, out: IO[bytes], back: IO[bytes]) -> Done:
    """In the worker: each capture read, its reading appended to `out`; (where it is, the post
    ids a REST answer gave whole, what a post page taught) for each, or None for a body too
    large, left to the build (MAX_BODY). `back` reads `out` back."""
    from scraper.harvest import covered_by, read_alone
    from scraper.workers import read

    done: Done = []
    for item in task.captures:
        assert item is not None  # the early reader sends only captures to read
        capture, covered = item
        page = read(task.warc_dir, capture, task.site)
        if len(page.body) > MAX_BODY:
            done.append(None)
            continue
        reading = read_alone(page, task.site, task.templates, covered, task.read_before)
        try:
            lesson = _teach(page, reading, task.templates, out, back)
        except Exception:  # a lesson is a shortcut: the build learns it itself, the batch stays
            lesson = None
        data = pickle.dumps(reading, protocol=pickle.HIGHEST_PROTOCOL)
        offset = out.tell()
        out.write(data)
        _note_rest(reading, (offset, len(data)))
        done.append(((offset, len(data)), frozenset(covered_by(reading)), lesson))
    out.flush()  # the parent may read it back as soon as this batch's answer reaches it
    return done


# The worker's own: where each post's REST record is, by its post id (its answer's reading in
# the file, as spill.place gives it, and the record's index there, as one int: 1.9 MB at 20,000
# posts, against 4.7 MB as tuples keyed by "wp:" strings), the first one read in the
# worker's order (the build's may differ: a lesson whose record is not the build's is not
# taken); and how many pages each theme has taught.
_rest_at: dict[int, int] = {}
_INDEX_BITS = 12  # records in one REST answer: WordPress gives at most 100
_taught: Counter[str] = Counter()
_last_rest: tuple[int, Reading] | None = None  # the REST reading read back last


def _note_rest(reading: Reading, where: Place) -> None:
    if reading.got is None or reading.got.page_kind != "rest":
        return
    placed = place(*where) << _INDEX_BITS
    for index, record in enumerate(reading.got.news[: 1 << _INDEX_BITS]):
        if record.wp_id is not None:
            _rest_at.setdefault(record.wp_id, placed | index)


def _teach(
    page: Page, reading: Reading, templates: Templates, out: IO[bytes], back: IO[bytes]
) -> Lesson | None:
    """What a post page of a theme no template covers teaches, learned with its post's REST
    record (harvest.learn_page), for the first pages of its theme whose record was read:
    twice the build's sample (harvest.learn takes the first LEARN_SAMPLE in its own order,
    near the worker's); else None."""
    global _last_rest
    from archive.urls import post_id
    from scraper.extract.templates import LEARN_SAMPLE
    from scraper.harvest import learn_page

    got = reading.got
    if got is None or got.page_kind not in ("post", "article") or not got.fingerprint:
        return None
    mark = got.fingerprint
    if mark in templates or _taught[mark] >= 2 * LEARN_SAMPLE:
        return None
    wp_id = post_id(page.url)  # the post as harvest.note names it ("wp:<id>")
    if got.page_kind == "article" and got.news:
        wp_id = got.news[0].wp_id if got.news[0].wp_id is not None else post_id(got.news[0].url)
    if wp_id not in _rest_at:
        return None
    packed = _rest_at[wp_id]
    placed, index = packed >> _INDEX_BITS, packed & ((1 << _INDEX_BITS) - 1)
    if _last_rest is None or _last_rest[0] != placed:
        out.flush()
        _last_rest = (placed, _reading_at(back, placed))
    rest = _last_rest[1].got
    assert rest is not None
    _taught[mark] += 1
    return placed, index, learn_page(page, rest.news[index])


def _reading_at(handle: IO[bytes], placed: int) -> Reading:
    """The reading pickled at `placed` (spill.place) in the readings file `handle` reads."""
    offset, size = unplace(placed)
    handle.seek(offset)
    reading: Reading = pickle.loads(handle.read(size))
    return reading


def _peak_mb(pid: int) -> float | None:
    """A process's peak resident size (VmHWM), or None where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return None
    return int(line.split()[1]) / 1024
