"""PDF conversion as a backend: the local LibreOffice pool or remote unoserver endpoints.

Every backend takes a list of `ConversionJob`s and returns one `ConversionResult` per job, in
the order of the input. A bad document never raises; it gets a result with a Danish message.
A PDF only appears under its final name when it is complete (`publish_pdf`).

    with open_converter(workers=2, pdfa=True) as converter:
        results = converter.convert(jobs, on_result=progress.update)

A caller that has its documents one at a time (a build renders them while LibreOffice works)
streams them instead; `report(index, result)` is called from a worker thread:

    with open_converter() as converter, converter.stream(report) as stream:
        index = stream.add(job)   # as each document is written
        ...
        stream.close()            # no more documents; leaving the block waits for the rest
"""

from __future__ import annotations

import errno
import os
import queue
import shutil
import socket
import threading
import time
import uuid
import xmlrpc.client
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, Protocol, TypeVar

SUPPORTED_SUFFIXES = (".docx", ".xlsx")
UNOSERVER_DEFAULT_PORT = 2003
UNOSERVER_INSTALL_HINT = "pip install 'kkdocs[unoserver]'"


@dataclass(frozen=True)
class ConversionJob:
    source: Path  # .docx or .xlsx
    target: Path  # the final .pdf path


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


class ConverterUnavailable(Exception):
    """The conversion backend cannot run at all (not one document's fault)."""


class UnoserverMissing(ConverterUnavailable):
    def __init__(self) -> None:
        super().__init__(
            "Pakken unoserver er ikke installeret, så der kan ikke konverteres via unoserver.\n"
            f"Installér den med:\n  {UNOSERVER_INSTALL_HINT}"
        )


def open_converter(
    spec: str | None = None,
    *,
    workers: int | None = None,
    timeout: float = 60.0,
    pdfa: bool = False,
) -> Converter:
    """Open a converter: None or "local" is the LibreOffice pool, "unoserver://h:p,h:p" remote servers.

    `timeout` is seconds per document without progress. `workers` is the pool size (default:
    the number of cores); unoserver converts one document at a time per endpoint, and its
    workbooks go to a local pool of that size.
    """
    if spec is None or spec.strip() == "local":
        from kkdocs.libreoffice import LibreOfficePool

        return LibreOfficePool(workers=workers, timeout=timeout, pdfa=pdfa)
    if spec.strip().startswith("unoserver://"):
        return UnoserverConverter(parse_unoserver_spec(spec), timeout=timeout, pdfa=pdfa, workers=workers)
    raise ValueError(
        f"Ukendt konverter: {spec!r}. Brug 'local' eller 'unoserver://vært:port,vært:port'."
    )


# --- shared by the backends -------------------------------------------------------------


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


# --- unoserver ------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def parse_unoserver_spec(spec: str) -> list[Endpoint]:
    """'unoserver://a:2003,b:2004' -> endpoints. A missing port means 2003; IPv6 as [::1]:2003."""
    rest = spec.strip().removeprefix("unoserver://")
    endpoints = []
    for part in rest.split(","):
        part = part.strip()
        if not part:
            continue
        if part.startswith("["):
            host, _, port_text = part[1:].partition("]")
            port_text = port_text.removeprefix(":")
        elif part.count(":") == 1:
            host, _, port_text = part.partition(":")
        else:
            host, port_text = part, ""
        if not host or not (port_text == "" or port_text.isdigit()):
            raise ValueError(f"Ugyldig unoserver-adresse {part!r}; skriv den som vært:port.")
        port = int(port_text) if port_text else UNOSERVER_DEFAULT_PORT
        if not 0 < port < 65536:
            raise ValueError(f"Ugyldigt portnummer i unoserver-adressen {part!r}.")
        endpoints.append(Endpoint(host, port))
    if not endpoints:
        raise ValueError(f"Ingen unoserver-adresser i {spec!r}; skriv fx unoserver://vært:2003.")
    return endpoints


# LibreOffice 7.4 loads a spreadsheet over UNO only with the load property Hidden=true; without
# it `loadComponentFromURL` returns nothing and soffice then aborts (signal 6), which ends the
# unoserver too. unoserver 3.7 loads with ReadOnly alone, and its client cannot add Hidden
# (checked here: a one-cell openpyxl workbook fails the same way, by path or as bytes, with or
# without an input filter; with Hidden=true the same soffice loads and exports it). So on
# unoserver, workbooks are converted by the local LibreOffice pool, and the summary says so.
LOCAL_SUFFIXES = (".xlsx",)
LOCAL = "lokal LibreOffice"  # `ConversionResult.by` for a document converted here


@dataclass(frozen=True)
class _UnoTask:
    index: int
    job: ConversionJob
    tried: frozenset[Endpoint] = frozenset()  # the servers where it failed
    failures: tuple[str, ...] = ()  # their messages


@dataclass(frozen=True)
class _Failure:
    message: str
    server_gone: bool  # the connection failed or the server hung: give the server up


class UnoserverConverter:
    """Spreads a batch over unoserver endpoints, one document at a time per endpoint.

    Files travel as bytes over XML-RPC, so the servers may be on other machines. A server that
    is down, drops the connection or hangs is given up for the rest of the run; a server that
    refuses a document keeps serving. Either way the document is tried once more on another
    server, and fails only when that fails too, or when no other server is left. unoserver's
    XML-RPC server converts one request at a time, so more in flight would only queue there.
    Workbooks go to the local LibreOffice pool (see LOCAL_SUFFIXES).
    """

    def __init__(self, endpoints: Sequence[Endpoint], *, timeout: float = 60.0, pdfa: bool = False,
                 workers: int | None = None):
        try:
            from unoserver.client import UnoClient
        except ImportError:
            raise UnoserverMissing() from None
        self._client_class = UnoClient
        self.endpoints = list(endpoints)
        self.timeout = timeout
        self.workers = workers  # for the local pool that converts the workbooks
        self.filter_options = ["SelectPdfVersion=2", "PDFUACompliance=true", "UseTaggedPDF=true"]  # always (issue 14)
        if not any(_reachable(endpoint) for endpoint in self.endpoints):
            raise ConverterUnavailable(
                f"Ingen af unoserver-serverne svarer ({', '.join(str(e) for e in self.endpoints)}). "
                "Start dem (se docs/unoserver.md), ret adresserne i --converter eller KKDOCS_CONVERTER, "
                "eller byg med LibreOffice på denne maskine: --converter local.")

    def __enter__(self) -> UnoserverConverter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: the servers are not ours, and each stream closes its local pool."""

    def stream(self, report: Report) -> _RoutedStream:
        """Jobs added while the endpoints convert; see ConversionStream."""
        return _RoutedStream(self._remote_stream, self._local_stream, report)

    def convert(
        self, jobs: Sequence[ConversionJob], on_result: OnResult | None = None
    ) -> list[ConversionResult]:
        return convert_all(self.stream, jobs, on_result)

    def _remote_stream(self, report: Report) -> ConversionStream:
        names = ", ".join(str(e) for e in self.endpoints)
        alive = set(self.endpoints)
        return ConversionStream(
            len(self.endpoints),
            lambda slot, work, report_, cancel: self._serve(self.endpoints[slot], work, report_, alive),
            _UnoTask,
            f"Ingen af unoserver-serverne svarer ({names}).",
            report,
        )

    def _local_stream(self, report: Report) -> tuple[Converter, ConversionStream]:
        from kkdocs.libreoffice import LibreOfficePool

        pool = LibreOfficePool(workers=self.workers, timeout=self.timeout)
        return pool, pool.stream(report)

    def _serve(self, endpoint: Endpoint, work: WorkQueue[_UnoTask], report: Report, alive: set[Endpoint]) -> None:
        """Convert tasks on one endpoint until the queue is empty or the endpoint is given up."""
        try:
            while (taken := work.take(lambda waiting, closed: _choose(endpoint, waiting, alive))) is not None:
                [task] = taken
                if endpoint in task.tried:  # no other server is left to try it
                    message = " ".join((*task.failures, "Ingen anden unoserver-server kunne prøve igen."))
                    report(task.index, ConversionResult(task.job, False, message))
                    work.done()
                    continue
                if not _reachable(endpoint):
                    work.done([task])
                    return
                started = time.monotonic()
                outcome = self._convert_one(endpoint, task.job)
                seconds = time.monotonic() - started
                if outcome is None:
                    report(task.index, ConversionResult(task.job, True, seconds=seconds, by=str(endpoint)))
                    work.done()
                    continue
                failures = (*task.failures, outcome.message)
                if task.tried:  # this was its second server
                    report(task.index, ConversionResult(task.job, False, " ".join(failures), seconds))
                    work.done()
                else:
                    work.done([_UnoTask(task.index, task.job, frozenset({endpoint}), failures)])
                if outcome.server_gone:
                    return
        finally:
            alive.discard(endpoint)

    def _convert_one(self, endpoint: Endpoint, job: ConversionJob) -> _Failure | None:
        """None when the PDF is in place, else what went wrong."""
        outcome: list[_Failure | None] = []
        given_up = threading.Event()

        def call() -> None:
            try:
                client = self._client_class(endpoint.host, str(endpoint.port), host_location="remote")
                data = client.convert(
                    indata=job.source.read_bytes(),
                    convert_to="pdf",
                    filter_options=self.filter_options,
                )
                if given_up.is_set():
                    return  # too late: the document was retried elsewhere
                staged = job.target.with_name(f".{job.target.name}.{uuid.uuid4().hex}.part")
                job.target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    staged.write_bytes(data)
                    publish_pdf(staged, job.target)
                finally:
                    staged.unlink(missing_ok=True)
                outcome.append(None)
            except Exception as exc:  # a remote fault, a lost connection, a disk error
                detail = str(getattr(exc, "faultString", exc)).strip().splitlines()
                outcome.append(_Failure(
                    f"unoserver på {endpoint} kunne ikke konvertere {job.source.name}: "
                    f"{detail[0][:300] if detail else type(exc).__name__}.",
                    server_gone=isinstance(exc, (ConnectionError, xmlrpc.client.ProtocolError)),
                ))

        # UnoClient has no timeout of its own, so the call runs in a thread we can give up on.
        caller = threading.Thread(target=call, daemon=True)
        caller.start()
        caller.join(self.timeout)
        if caller.is_alive() or not outcome:
            given_up.set()
            return _Failure(f"unoserver på {endpoint} svarede ikke inden for {self.timeout:g} sekunder "
                            f"ved {job.source.name}.", server_gone=True)
        return outcome[0]


def _choose(endpoint: Endpoint, waiting: Sequence[_UnoTask], alive: set[Endpoint]) -> list[int]:
    """The first task this endpoint may take: one it has not failed, or one no other live server can take."""
    for position, task in enumerate(waiting):
        if endpoint not in task.tried or not (alive - task.tried):
            return [position]
    return []


class _RoutedStream:
    """The stream of a unoserver build: documents to the servers, workbooks to a local pool.

    It numbers the jobs itself and passes each result on under that number, with `by` saying
    who converted it. The local pool is started with the first workbook, so a build without
    workbooks never needs LibreOffice here.
    """

    def __init__(self, open_remote: Callable[[Report], ConversionStream],
                 open_local: Callable[[Report], tuple[Converter, ConversionStream]], report: Report) -> None:
        self._report = report
        self._lock = threading.RLock()  # a sub-stream may report from inside `add`
        self._indices: dict[str, list[int]] = {"remote": [], "local": []}  # sub-stream index -> ours
        self._count = 0
        self._open_local = open_local
        self._stack = ExitStack()
        self._remote = self._stack.enter_context(open_remote(lambda index, result: self._answer("remote", index, result)))
        self._local: ConversionStream | None = None

    def __enter__(self) -> _RoutedStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.__exit__(*exc_info)

    def expect(self, total: int) -> None:
        self._remote.expect(total)

    def add(self, job: ConversionJob) -> int:
        with self._lock:
            index, self._count = self._count, self._count + 1
            local = job.source.suffix.lower() in LOCAL_SUFFIXES
            self._indices["local" if local else "remote"].append(index)
            (self._local_stream() if local else self._remote).add(job)
            return index

    def close(self) -> None:
        self._remote.close()
        if self._local is not None:
            self._local.close()

    def join(self, timeout: float | None = None) -> None:
        self._remote.join(timeout)
        if self._local is not None:
            self._local.join(timeout)

    def _local_stream(self) -> ConversionStream:
        if self._local is None:
            pool, stream = self._open_local(lambda index, result: self._answer("local", index, result))
            self._stack.enter_context(pool)  # left after the stream: its block waits for the workbooks first
            self._local = self._stack.enter_context(stream)
        return self._local

    def _answer(self, which: str, index: int, result: ConversionResult) -> None:
        with self._lock:
            ours = self._indices[which][index]
        self._report(ours, replace(result, by=LOCAL) if which == "local" and result.ok else result)


def _reachable(endpoint: Endpoint) -> bool:
    """A quick connect check; UnoClient itself retries a refused connection for 40 seconds."""
    try:
        with socket.create_connection((endpoint.host, endpoint.port), timeout=5):
            return True
    except OSError:
        return False
