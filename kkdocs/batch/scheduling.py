"""How a build runs its steps at once: the worker processes, the LibreOffice stream and their events.

The build (build.py) says what happens to a case; this module says where and when. Rendering,
bundling and package files run in forked worker processes (`Workers`), the Word files go
through one converter stream (`Conversions`), and what either finishes comes back as an event
on one queue, which the build's thread takes in (`Workers.take_events`). So the build's own
process, which joins and cuts the Word files and PDFs of the pool (pdf.docx_join, pdf.pdf_cut),
is never the one thing the others wait for, and all of the build's state is changed on one thread.
"""

from __future__ import annotations

import ctypes
import gc
import importlib
import multiprocessing
import os
import queue
import signal
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kkdocs.pdf.conversion import ConversionJob, ConversionResult
from kkdocs.errors import KkdocsError
from kkdocs.pdf.converter import open_converter

if TYPE_CHECKING:
    from kkdocs.batch.build_options import BuildOptions

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends
WORKER_DIED = "En af byggets arbejdsprocesser stoppede uventet under arbejdet."


class JobFailed(KkdocsError):
    """A job could not do its work: the message says why in Danish and names the file.

    A job in a worker process raises it and the build's thread gets it (`Workers.run`); any
    other exception in a job is a defect and ends the build.
    """


@dataclass(frozen=True)
class Progress:
    stage: str  # "kontrol", "dokumenter", "pdf", "samling", "pakker"
    done: int
    total: int
    label: str = ""


ProgressCallback = Callable[[Progress], None]


class StagesInOrder:
    """Passes progress on one stage at a time, in pipeline order, though stages 3-5 overlap.

    An update of a stage is held while an earlier stage that has begun is not yet done; when
    that one is done, the latest held update of each following stage is passed on. So a
    progress bar moves through "Word og Excel", "PDF" and "Samling" one after the other, and
    a log gets each "<stage>: n/n" line once.
    """

    ORDER = ("kontrol", "dokumenter", "pdf", "samling", "pakker")

    def __init__(self, progress: ProgressCallback) -> None:
        self.progress = progress
        self.latest: dict[str, Progress] = {}
        self.sent: dict[str, Progress] = {}

    def __call__(self, update: Progress) -> None:
        self.latest[update.stage] = update
        for stage in self.ORDER:
            latest = self.latest.get(stage)
            if latest is None:
                continue
            if self.sent.get(stage) is not latest:
                self.sent[stage] = latest
                self.progress(latest)
            if latest.done < latest.total:
                return


@dataclass(frozen=True)
class _Answer:
    """A worker process has finished a job: its answer goes to `done`, or its failure to `failed`."""

    future: Future
    done: Callable[[object], None]
    failed: Callable[[JobFailed], None]

    def deliver(self) -> None:
        try:
            answer = self.future.result()
        except JobFailed as failure:
            self.failed(failure)
        except BrokenProcessPool:
            self.failed(JobFailed(WORKER_DIED))
        else:
            self.done(answer)


@dataclass(frozen=True)
class Converted:
    """The converter has finished (or failed) one document: job `index` of the stream."""

    index: int
    result: ConversionResult


class Workers:
    """The worker processes of one build (none with one job: then every job runs here) and its event queue."""

    def __init__(self, pool: ProcessPoolExecutor | None):
        self.pool = pool
        self.events: queue.SimpleQueue = queue.SimpleQueue()  # what the converter and the workers finish
        self.busy = 0  # jobs sent to the workers whose answers are not yet taken in

    @classmethod
    def start(cls, stack: ExitStack, jobs: int, modules: list[str]) -> Workers:
        """`jobs` worker processes, forked (also where Python's default is another start method) with
        `modules` imported and the build's objects frozen (`frozen_for_fork`); each dies with the build
        (`die_with_the_build`). This process imports the modules too: imported here, a worker does not
        import them again for its first job (0,1-0,2 s of CPU each)."""
        if jobs < 2:
            return cls(None)
        for module in modules:
            importlib.import_module(module)  # once, here: the forked workers start with them
        stack.enter_context(frozen_for_fork())
        workers = cls(stack.enter_context(ProcessPoolExecutor(
            max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
            initializer=die_with_the_build, initargs=(os.getpid(),))))
        stack.push(workers._end_when_stopped)  # before the pool's own exit, which would wait for its jobs
        return workers

    def _end_when_stopped(self, stopped_by: type[BaseException] | None, *_) -> bool:
        """The build stops early (Ctrl-C, an error): end the workers now rather than let them finish their jobs.

        A long render would otherwise hold the build until it is done, and a job finished after the
        build has stopped is of no use: its staging folder is removed with the rest.
        """
        if stopped_by is not None and self.pool is not None:
            processes = list((self.pool._processes or {}).values())  # the pool offers no public way to end them
            self.pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.kill()
        return False

    def run(self, function: Callable, *arguments, done: Callable[[object], None],
            failed: Callable[[JobFailed], None]) -> None:
        """`function(*arguments)` in a worker process if there are any, else here. Its answer goes to `done`,
        a JobFailed it raises to `failed`, both on this thread (from `take_events` when it ran in a worker)."""
        if self.pool is None:
            try:
                answer = function(*arguments)
            except JobFailed as failure:
                failed(failure)
            else:
                done(answer)
            return
        self.busy += 1
        job = self.pool.submit(function, *arguments)
        job.add_done_callback(lambda finished: self.events.put(_Answer(finished, done, failed)))

    def in_order(self, function: Callable, arguments: list[tuple], ahead: int) -> Iterator:
        """`function(*a)` for each of `arguments`, answers in their order, at most `ahead` running and not yet taken.

        `pool.map` submits every call at once and holds each answer until it is taken, so a build of a
        thousand cases would keep every rendered case in memory while LibreOffice is behind.
        """
        if self.pool is None:
            for args in arguments:
                yield function(*args)
            return
        running: deque = deque()
        for args in arguments:
            running.append(self.pool.submit(function, *args))
            if len(running) >= ahead:
                yield running.popleft().result()
        while running:
            yield running.popleft().result()

    def take_events(self, converted: Callable[[Converted], None], wait: bool) -> None:
        """Take in every PDF (to `converted`) and every worker's answer that is done; with `wait`, wait for one first."""
        block = wait
        while True:
            try:
                event = self.events.get(timeout=0.2) if block else self.events.get_nowait()
            except queue.Empty:
                if block:
                    continue  # a timeout, so Ctrl-C is noticed at once
                return
            block = False
            if isinstance(event, _Answer):
                self.busy -= 1
                event.deliver()
            else:
                converted(event)


class Conversions:
    """The conversion step for a whole build, fed case by case: one LibreOffice stream.

    `add` sends a rendered case's office files to the converter at once, as dated jobs, so the
    converter delivers each PDF finished (part_pdf). Each PDF that is done comes to the build's
    events as `Converted`, and `take` returns its case when that was its last, so the build
    bundles the case while LibreOffice still converts the others; waiting for every PDF first
    would leave the bundles to run alone at the end. `close` says that no more cases come. The
    converter is opened with the first file, so a build that makes no PDF never needs LibreOffice.
    Results arrive on the converter's threads and are only queued there.
    """

    def __init__(self, options: BuildOptions, progress: ProgressCallback, converted_by: Counter[str],
                 events: queue.SimpleQueue, cases: int = 0):
        self.options = options
        self.converted_by = converted_by
        self.events = events
        self.cases = cases  # cases that may still come, for the stream's estimate of its documents
        self.cases_added = 0
        self.progress = progress
        self.stack = ExitStack()
        self.stream = None
        self.jobs: dict[int, object] = {}  # the stream's job index -> its case, until its PDF is taken in
        self.documents = 0  # sent to the converter so far
        self.done = 0

    def __enter__(self) -> Conversions:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stack.__exit__(*exc_info)

    @property
    def waiting(self) -> bool:
        """Whether PDFs are still to come."""
        return self.done < self.documents

    def add(self, case, sources: list[Path], dated) -> int:
        """Send a case's office files to the converter, dated `dated`; the number of PDFs to come."""
        self.cases_added += 1
        if sources:  # documents per case so far, times the cases: the estimate the pool sizes its batches by
            per_case = (self.documents + len(sources)) / self.cases_added
            self._stream().expect(round(per_case * max(self.cases, self.cases_added)))
        for source in sources:  # dated: the converter delivers each part finished (part_pdf)
            self.jobs[self._stream().add(ConversionJob(source, source.with_suffix(".pdf"), dated=dated))] = case
        self.documents += len(sources)
        return len(sources)

    def take(self, converted: Converted) -> tuple[object, ConversionResult]:
        """Take in a finished PDF: the case it belongs to, and the converter's result."""
        case, result = self.jobs.pop(converted.index), converted.result
        self.done += 1
        if result.ok and result.by:
            self.converted_by[result.by] += 1
        return case, result

    def close(self) -> None:
        """No more cases come."""
        if self.stream is not None:
            self.stream.close()

    def _stream(self):
        if self.stream is None:
            converter = self.stack.enter_context(open_converter(
                self.options.converter, workers=self.options.jobs, timeout=self.options.timeout,
                pdfa=self.options.pdfa))
            self.stream = self.stack.enter_context(
                converter.stream(lambda index, result: self.events.put(Converted(index, result))))
        return self.stream


@contextmanager
def frozen_for_fork() -> Iterator[None]:
    """While the render workers are forked and at work, every object made before is left out of garbage collection.

    Those are the imported modules, the reference data and the workspace, hundreds of thousands
    of objects that live as long as the build, and that each collection of the oldest
    generation would walk again, in this process and in every forked worker (whose walk also
    copies the pages it touches). Python's documentation recommends `gc.freeze` before a fork
    for that; in builds of the 48 reference cases, the three processes spent 0,42-0,47 s of CPU
    on garbage collection, 0,31-0,32 s with it. Unfrozen when the workers are done, so a
    process that builds many times does not keep their garbage.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def die_with_the_build(build: int) -> None:
    """Worker process: leave Ctrl-C to the build, and be killed by the kernel when the build's process (`build`)
    ends, also by kill -9 (Linux).

    A terminal sends Ctrl-C to every process of the build; the build's process ends the workers
    itself (`Workers._end_when_stopped`), so a worker neither prints a traceback of its own nor
    keeps a long job running. Without the kill on the build's end, a worker outlives a killed
    build, waiting for work that never comes, and holds the build lock that it inherited
    (build_lock), so the next build waits for ever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _GLIBC is not None:
        _GLIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != build:  # the build ended before the line above
        os._exit(1)


def release_freed_memory() -> None:
    """Give the memory that qpdf freed back to the system, where the C library is glibc.

    Merging a bundle makes and frees many small C++ objects, and glibc keeps the freed heap: a
    thousand bundles left the build's own process at 425 MB, most of it free but not returned.
    `malloc_trim` returns it (measured: 600 bundles in one process stay at 80-140 MB).
    """
    if _GLIBC is not None:
        _GLIBC.malloc_trim(0)


def _glibc():
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (macOS, musl): nothing to trim, nothing kept
        return None


_GLIBC = _glibc()
