"""What every PDF backend shares: the job and its result, the stream that takes jobs while it converts.

Every backend takes `ConversionJob`s and reports one `ConversionResult` per job. A bad document
never raises; it gets a result with a Danish message. A PDF only appears under its final name
when it is complete (`publish_pdf`), and finished (part_pdf) when its job is `dated`. The
backends are `libreoffice.LibreOfficePool` (local) and `unoserver_farm.UnoserverConverter`
(remote); `converter.open_converter` chooses one.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import queue
import shutil
import threading
import uuid
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from kkdocs.errors import KkdocsError

SUPPORTED_SUFFIXES = (".docx", ".xlsx")


@dataclass(frozen=True)
class ConversionJob:
    source: Path  # .docx or .xlsx
    target: Path  # the final .pdf path
    dated: dt.date | None = None  # set: the PDF is delivered finished as a case's part, of this date (part_pdf)


@dataclass(frozen=True)
class ConversionResult:
    job: ConversionJob
    ok: bool
    error: str | None = None  # Danish message when not ok
    seconds: float = 0.0
    by: str = ""  # who converted it, on a backend with more than one kind of converter


OnResult = Callable[[ConversionResult], None]


class Converter(Protocol):
    def convert(
        self, jobs: Sequence[ConversionJob], on_result: OnResult | None = None
    ) -> list[ConversionResult]: ...

    def stream(self, report: Report) -> ConversionStream: ...

    def close(self) -> None: ...

    def __enter__(self) -> Converter: ...

    def __exit__(self, *exc_info: object) -> None: ...


class ConverterUnavailable(KkdocsError):
    """The conversion backend cannot run at all (not one document's fault)."""


def source_problem(job: ConversionJob) -> str | None:
    """A Danish message if the source can never convert, else None. Cheap; no LibreOffice."""
    source = job.source
    if source.suffix.lower() not in SUPPORTED_SUFFIXES:
        allowed = " og ".join(SUPPORTED_SUFFIXES)
        return f"{source.name} kan ikke konverteres: kun {allowed}-filer understøttes."
    if not source.is_file():
        return f"Kildefilen findes ikke: {source}"
    if not zipfile.is_zipfile(source):
        # LibreOffice would import a broken .docx as plain text and "succeed".
        return f"{source.name} er ikke en gyldig Word- eller Excel-fil (ikke en zip-pakke)."
    return None


def publish_pdf(staged: Path, target: Path) -> None:
    """Move a finished PDF to its final name atomically, so no half file ever has that name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(staged, target)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    # Different file systems: copy next to the target, then rename within that directory.
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
    try:
        shutil.copyfile(staged, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    staged.unlink(missing_ok=True)


T = TypeVar("T")


class WorkQueue(Generic[T]):
    """Work for a fixed set of worker threads, fed while they work.

    `put` adds items until `close`. `take` blocks until `choose(waiting, closed)` picks the
    positions of the waiting items to take (none: wait for more), and returns those items. It
    returns None once the queue is closed and empty and no busy worker can give items back,
    or when the run is cancelled. A worker ends its turn with `done(requeue)`.
    """

    def __init__(self, cancel: threading.Event) -> None:
        self._items: deque[T] = deque()
        self._busy = 0
        self._closed = False
        self._cancel = cancel
        self._changed = threading.Condition()

    def put(self, item: T) -> None:
        with self._changed:
            if self._closed:
                raise RuntimeError("Køen er lukket for nyt arbejde.")
            self._items.append(item)
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def take(self, choose: Callable[[Sequence[T], bool], Sequence[int]] = lambda waiting, closed: [0]
             ) -> list[T] | None:
        with self._changed:
            while not self._cancel.is_set():
                if self._items:
                    positions = set(choose(self._items, self._closed))
                    if positions:
                        self._busy += 1
                        taken = [item for n, item in enumerate(self._items) if n in positions]
                        self._items = deque(item for n, item in enumerate(self._items) if n not in positions)
                        return taken
                elif self._closed and not self._busy:
                    return None
                self._changed.wait(0.2)
            return None

    def done(self, requeue: Iterable[T] = ()) -> None:
        with self._changed:
            self._items.extend(requeue)
            self._busy -= 1
            self._changed.notify_all()

    def drain(self) -> list[T]:
        """Remove and return the items nobody will take (after the workers stopped)."""
        with self._changed:
            items = list(self._items)
            self._items.clear()
            return items


Report = Callable[[int, ConversionResult], None]


class ConversionStream:
    """One run of a backend that takes jobs while it converts: the shared part of every backend.

    `add(job)` numbers the job and hands it to the backend's worker threads (a source that can
    never convert is answered at once). `report(index, result)` is called exactly once per job,
    from a worker thread, as soon as the job is finished. `close()` says that no more jobs come.
    Used as a context manager: leaving the block closes the stream and waits for the workers;
    leaving it by an exception (Ctrl-C) cancels them first, so no converter keeps running.

    The backend gives `worker(slot, work, report, cancel)`, run on `workers` threads, which
    takes items from `work` until `take` returns None; `item(index, job)`, the queue item for a
    job (it must have `.index`); `unserved`, the message for jobs left in the queue when
    every worker has stopped (a cancel, or every remote server gone); and `on_exit`, run when
    the block is left.
    """

    def __init__(
        self,
        workers: int,
        worker: Callable[[int, WorkQueue, Report, threading.Event], None],
        item: Callable[[int, ConversionJob], object],
        unserved: str,
        report: Report,
        on_exit: Callable[[], None] = lambda: None,
    ) -> None:
        self.cancel = threading.Event()
        self._on_exit = on_exit
        self._work: WorkQueue = WorkQueue(self.cancel)
        self._item = item
        self._unserved = unserved
        self._report = report
        self._jobs: list[ConversionJob] = []
        self._reported: list[bool] = []
        self.expected = 0  # about how many jobs will come in all (see `expect`); 0: not known
        self._lock = threading.Lock()
        self._alive = workers
        self._threads = [
            threading.Thread(target=self._run, args=(worker, slot), daemon=True) for slot in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def __enter__(self) -> ConversionStream:
        return self

    def __exit__(self, exc_type, *exc_info: object) -> None:
        try:
            if exc_type is not None:
                self.cancel.set()
                self.join(timeout=10)
            else:
                self.close()
                self.join()
        finally:
            self._on_exit()

    def expect(self, total: int) -> None:
        """A hint from the caller: about `total` jobs will come in all. A backend may size its batches by it."""
        self.expected = max(0, total)

    def add(self, job: ConversionJob) -> int:
        """Queue one job; returns its index, the number its result is reported with."""
        problem = source_problem(job)
        with self._lock:
            index = len(self._jobs)
            self._jobs.append(job)
            self._reported.append(False)
            if self._alive and not problem:
                self._work.put(self._item(index, job))
                return index
        self.report(index, ConversionResult(job, ok=False, error=problem or self._unserved))
        return index

    def close(self) -> None:
        self._work.close()

    def join(self, timeout: float | None = None) -> None:
        for thread in self._threads:
            thread.join(timeout)

    def report(self, index: int, result: ConversionResult) -> None:
        """Pass a result on, once per job; a second report for the same job is dropped."""
        with self._lock:
            if self._reported[index]:
                return
            self._reported[index] = True
        self._report(index, result)

    def _run(self, worker, slot: int) -> None:
        try:
            worker(slot, self._work, self.report, self.cancel)
        finally:
            with self._lock:
                self._alive -= 1
                last = self._alive == 0
            if last:
                self._answer_leftovers()

    def _answer_leftovers(self) -> None:
        """Every worker has stopped: answer the jobs still queued, and any a worker lost."""
        for item in self._work.drain():
            job = self._jobs[item.index]
            self.report(item.index, ConversionResult(job, ok=False, error=self._unserved))
        with self._lock:
            lost = [i for i, done in enumerate(self._reported) if not done]
        for index in lost:
            message = "Intern fejl: konverteringen gav intet resultat for dokumentet."
            self.report(index, ConversionResult(self._jobs[index], ok=False, error=message))


def convert_all(
    open_stream: Callable[[Report], ConversionStream], jobs: Sequence[ConversionJob], on_result: OnResult | None
) -> list[ConversionResult]:
    """`convert()` of every backend: all jobs into one stream, results in input order.

    Results reach `on_result` on the calling thread, as they finish. On an exception here
    (Ctrl-C, a failing callback) the stream is cancelled before it propagates.
    """
    finished: queue.SimpleQueue[tuple[int, ConversionResult]] = queue.SimpleQueue()
    results: list[ConversionResult | None] = [None] * len(jobs)
    with open_stream(lambda index, result: finished.put((index, result))) as stream:
        for job in jobs:
            stream.add(job)
        stream.close()
        for _ in jobs:  # the stream reports every job exactly once
            index, result = _next(finished)
            results[index] = result
            if on_result:
                on_result(result)
    return results


def _next(finished: queue.SimpleQueue):
    while True:  # a timeout, so Ctrl-C is noticed at once
        try:
            return finished.get(timeout=0.2)
        except queue.Empty:
            continue
