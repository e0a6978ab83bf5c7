"""PDF conversion as a backend: the local LibreOffice pool or remote unoserver endpoints.

Every backend takes a list of `ConversionJob`s and returns one `ConversionResult` per job, in
the order of the input. A bad document never raises; it gets a result with a Danish message.
A PDF only appears under its final name when it is complete (`publish_pdf`).

    with open_converter(workers=2, pdfa=True) as converter:
        results = converter.convert(jobs, on_result=progress.update)
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
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
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


OnResult = Callable[[ConversionResult], None]


class Converter(Protocol):
    def convert(
        self, jobs: Sequence[ConversionJob], on_result: OnResult | None = None
    ) -> list[ConversionResult]: ...

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
    the number of cores); unoserver converts one document at a time per endpoint and ignores it.
    """
    if spec is None or spec.strip() == "local":
        from kkdocs.libreoffice import LibreOfficePool

        return LibreOfficePool(workers=workers, timeout=timeout, pdfa=pdfa)
    if spec.strip().startswith("unoserver://"):
        return UnoserverConverter(parse_unoserver_spec(spec), timeout=timeout, pdfa=pdfa)
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
    """Work items for a fixed set of worker threads; an item being worked on may put items back.

    `take` blocks while other workers are busy (they may requeue), and returns None when
    everything is done or the run is cancelled.
    """

    def __init__(self, items: Iterable[T], cancel: threading.Event) -> None:
        self._items: deque[T] = deque(items)
        self._busy = 0
        self._cancel = cancel
        self._changed = threading.Condition()

    def take(self) -> T | None:
        with self._changed:
            while not self._items and self._busy and not self._cancel.is_set():
                self._changed.wait(0.2)
            if not self._items or self._cancel.is_set():
                return None
            self._busy += 1
            return self._items.popleft()

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


def gather_results(
    jobs: Sequence[ConversionJob],
    start: Callable[[list[int], Report, threading.Event], list[threading.Thread]],
    on_result: OnResult | None,
) -> list[ConversionResult]:
    """Run one convert() call: check sources, start the backend's threads, collect results.

    `start(indexes, report, cancel)` starts threads that convert `jobs[i]` for each index and
    call `report(i, result)` exactly once per index. Results reach `on_result` on the calling
    thread, as they finish. On an exception here (Ctrl-C, a failing callback) the threads are
    cancelled before it propagates.
    """
    finished: queue.SimpleQueue[tuple[int, ConversionResult]] = queue.SimpleQueue()
    results: list[ConversionResult | None] = [None] * len(jobs)
    runnable = []
    for index, job in enumerate(jobs):
        problem = source_problem(job)
        if problem:
            finished.put((index, ConversionResult(job, ok=False, error=problem)))
        else:
            runnable.append(index)

    cancel = threading.Event()
    threads = start(runnable, lambda i, r: finished.put((i, r)), cancel) if runnable else []
    missing = len(jobs)
    try:
        while missing:
            try:
                index, result = finished.get(timeout=0.2)
            except queue.Empty:
                if any(t.is_alive() for t in threads) or not finished.empty():
                    continue
                break  # every thread ended, so nothing more will come
            if results[index] is None:
                results[index] = result
                missing -= 1
                if on_result:
                    on_result(result)
    except BaseException:
        cancel.set()
        for thread in threads:
            thread.join(timeout=10)
        raise
    for thread in threads:
        thread.join()

    lost = "Intern fejl: konverteringen gav intet resultat for dokumentet."
    return [r or ConversionResult(jobs[i], ok=False, error=lost) for i, r in enumerate(results)]


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


@dataclass(frozen=True)
class _UnoTask:
    index: int
    attempt: int = 1


class UnoserverConverter:
    """Spreads a batch over unoserver endpoints, one document at a time per endpoint.

    Files travel as bytes over XML-RPC, so the servers may be on other machines. An endpoint
    that refuses connections or hangs is dropped for the rest of the call; a hung document
    is tried once more on another endpoint.
    """

    def __init__(self, endpoints: Sequence[Endpoint], *, timeout: float = 60.0, pdfa: bool = False):
        try:
            from unoserver.client import UnoClient
        except ImportError:
            raise UnoserverMissing() from None
        self._client_class = UnoClient
        self.endpoints = list(endpoints)
        self.timeout = timeout
        self.filter_options = ["SelectPdfVersion=2"] if pdfa else []

    def __enter__(self) -> UnoserverConverter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: the servers are not ours."""

    def convert(
        self, jobs: Sequence[ConversionJob], on_result: OnResult | None = None
    ) -> list[ConversionResult]:
        def start(indexes: list[int], report: Report, cancel: threading.Event):
            work = WorkQueue((_UnoTask(i) for i in indexes), cancel)
            alive = [len(self.endpoints)]
            lock = threading.Lock()

            def serve(endpoint: Endpoint) -> None:
                try:
                    self._serve(endpoint, jobs, work, report)
                finally:
                    with lock:
                        alive[0] -= 1
                        last = alive[0] == 0
                    if last:  # nobody is left to take what remains
                        names = ", ".join(str(e) for e in self.endpoints)
                        message = f"Ingen af unoserver-serverne svarer ({names})."
                        for task in work.drain():
                            report(task.index, ConversionResult(jobs[task.index], False, message))

            threads = [threading.Thread(target=serve, args=(e,), daemon=True) for e in self.endpoints]
            for thread in threads:
                thread.start()
            return threads

        return gather_results(jobs, start, on_result)

    def _serve(
        self, endpoint: Endpoint, jobs: Sequence[ConversionJob], work: WorkQueue[_UnoTask], report: Report
    ) -> None:
        """Convert tasks on one endpoint until the queue is empty or the endpoint fails."""
        while (task := work.take()) is not None:
            job = jobs[task.index]
            if not _reachable(endpoint):
                work.done([task])
                return
            started = time.monotonic()
            outcome = self._convert_one(endpoint, job)
            seconds = time.monotonic() - started
            if outcome is _HUNG:
                message = (
                    f"unoserver på {endpoint} svarede ikke inden for {self.timeout:g} sekunder "
                    f"ved {job.source.name}, heller ikke ved et nyt forsøg."
                )
                if task.attempt >= 2:
                    report(task.index, ConversionResult(job, False, message, seconds))
                    work.done()
                else:
                    work.done([_UnoTask(task.index, task.attempt + 1)])
                return  # the server is busy with the hung document; leave it alone
            report(task.index, ConversionResult(job, outcome is None, outcome, seconds))
            work.done()

    def _convert_one(self, endpoint: Endpoint, job: ConversionJob) -> str | object | None:
        """None when the PDF is in place, a Danish message on failure, or _HUNG on timeout."""
        outcome: list[str | None] = []
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
                    return  # too late: the document was reported or retried elsewhere
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
                outcome.append(
                    f"unoserver på {endpoint} kunne ikke konvertere {job.source.name}: "
                    f"{detail[0][:300] if detail else type(exc).__name__}"
                )

        # UnoClient has no timeout of its own, so the call runs in a thread we can give up on.
        caller = threading.Thread(target=call, daemon=True)
        caller.start()
        caller.join(self.timeout)
        if caller.is_alive():
            given_up.set()
            return _HUNG
        return outcome[0] if outcome else _HUNG


_HUNG = object()


def _reachable(endpoint: Endpoint) -> bool:
    """A quick connect check; UnoClient itself retries a refused connection for 40 seconds."""
    try:
        with socket.create_connection((endpoint.host, endpoint.port), timeout=5):
            return True
    except OSError:
        return False
