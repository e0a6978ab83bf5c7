"""Byg: the workspace's build (`kkdocs build`) in a process of its own, its progress read as it goes.

The build runs in a spawned process, so that its own worker processes and LibreOffice are
started from a process without the server's threads, and a build that fails cannot take the
server with it. Its progress and its summary come back through a queue; one build runs at a time.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kkdocs.workspace import Workspace

STAGES = {"kontrol": "Kontrol", "dokumenter": "Word og Excel", "pdf": "PDF", "samling": "Samling", "pakker": "Pakker"}


@dataclass(frozen=True)
class Step:
    stage: str  # Danish, as the terminal's progress bar names it
    done: int
    total: int
    label: str


@dataclass(frozen=True)
class Outcome:
    file: str
    status: str
    error: str | None
    findings: tuple[str, ...]
    outputs: tuple[str, ...]  # relative to build/


@dataclass(frozen=True)
class Summary:
    counts: tuple[tuple[str, int], ...]  # (label, number), as kkdocs build ends
    seconds: float
    outcomes: tuple[Outcome, ...]
    problem: str | None = None  # the build could not run at all


@dataclass
class BuildRun:
    process: multiprocessing.process.BaseProcess
    events: multiprocessing.Queue
    steps: list[Step] = field(default_factory=list)
    summary: Summary | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def finished(self) -> bool:
        self.take()
        return self.summary is not None

    def take(self) -> None:
        """Read what the build has reported since last asked."""
        while True:
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                break
            if isinstance(event, Step):
                self.steps.append(event)
            elif isinstance(event, Summary):
                self.summary = event
        if self.summary is None and not self.process.is_alive() and self.events.empty():
            self.summary = Summary((), time.monotonic() - self.started, (),
                                   "Bygningen stoppede uventet; kør kkdocs build i en terminal for at se hvorfor.")


class Builds:
    """The one build of the workspace that may run, started on request."""

    def __init__(self, workspace: Workspace):
        self.workspace = workspace
        self.current: BuildRun | None = None
        self._lock = threading.Lock()

    def start(self) -> BuildRun:
        with self._lock:
            if self.current is not None and not self.current.finished:
                return self.current
            context = multiprocessing.get_context("spawn")
            events = context.Queue()
            process = context.Process(target=_build, args=(str(self.workspace.root), events))  # it starts workers of its own
            process.start()
            self.current = BuildRun(process, events)
            return self.current


def _build(root: str, events: multiprocessing.Queue) -> None:
    from kkdocs.batch.build import build
    from kkdocs.batch.build_options import BuildOptions
    from kkdocs.batch.build_report import BUILT, FAILED, UNCHANGED
    from kkdocs.pdf.conversion import ConverterUnavailable

    started = time.monotonic()

    def progress(step) -> None:
        events.put(Step(STAGES.get(step.stage, step.stage), step.done, step.total, step.label))

    try:
        report = build([], Workspace(Path(root)), BuildOptions(), progress=progress,
                       on_wait=lambda message: events.put(Step(message, 0, 0, "")))
    except ConverterUnavailable as exc:
        events.put(Summary((), time.monotonic() - started, (), str(exc)))
        return
    except Exception as exc:  # noqa: BLE001 - the page says it, the server goes on
        events.put(Summary((), time.monotonic() - started, (), f"Bygningen fejlede: {exc}"))
        return
    outcomes = tuple(Outcome(o.file, o.status, o.error, tuple(f.as_text() for f in o.findings),
                             tuple(out.path for out in o.outputs)) for o in report.outcomes)
    counts = (("Bygget", report.count(BUILT)), ("Uændret", report.count(UNCHANGED)), ("Fejlet", report.count(FAILED)),
              ("Forældet", sum(1 for o in report.outcomes if o.outdated_since)), ("Advarsler", report.advarsler))
    events.put(Summary(counts, report.seconds, outcomes))
