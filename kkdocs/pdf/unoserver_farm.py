"""PDF conversion on unoserver servers, possibly on other machines (docs/unoserver.md, docs/design.md).

    with UnoserverConverter(parse_unoserver_spec("unoserver://h1:2003,h2:2003")) as converter:
        results = converter.convert(jobs)
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
import xmlrpc.client
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace

from kkdocs.pdf.conversion import (ConversionJob, ConversionResult, ConversionStream, Converter, ConverterUnavailable,
                                   OnResult, Report, WorkQueue, convert_all, publish_pdf)
from kkdocs.pdf.libreoffice import LibreOfficePool
from kkdocs.pdf.part_pdf import finish_part_pdf

UNOSERVER_DEFAULT_PORT = 2003
UNOSERVER_INSTALL_HINT = "pip install 'kkdocs[unoserver]'"


class UnoserverMissing(ConverterUnavailable):
    def __init__(self) -> None:
        super().__init__(
            "Pakken unoserver er ikke installeret, så der kan ikke konverteres via unoserver.\n"
            f"Installér den med:\n  {UNOSERVER_INSTALL_HINT}"
        )


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
        # every PDF kkdocs writes is tagged PDF/UA-1 and PDF/A-2b, whichever backend converts it
        self.filter_options = ["SelectPdfVersion=2", "PDFUACompliance=true", "UseTaggedPDF=true"]
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
                    if job.dated:
                        finish_part_pdf(staged, job.dated, job.target.stem)
                    publish_pdf(staged, job.target)
                finally:
                    staged.unlink(missing_ok=True)
                outcome.append(None)
            except Exception as exc:  # a remote fault, a lost connection, a disk error
                detail = str(getattr(exc, "faultString", exc)).strip().splitlines()
                outcome.append(_Failure(
                    f"unoserver på {endpoint} kunne ikke konvertere {job.source.name}: "
                    f"{detail[0][:300].rstrip('.') if detail else type(exc).__name__}.",
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
