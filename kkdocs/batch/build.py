"""`build`: validate → calculate → render → convert → bundle, for every case and package.

Read top to bottom, `Build.run` is the whole pipeline:
1. cases whose inputs hash as before are left alone (no parsing, no LibreOffice);
2. the others are validated and calculated; a case with fejl is reported and keeps its last good
   outputs, marked as outdated (`_keep_last_good`), or, with none to keep, says it has no documents;
3. the valid ones are rendered in worker processes into a staging folder;
4. their Word files go through one LibreOffice pool;
5. each case's PDFs become its bundle, and the staging folder replaces build/<id>/ in one rename;
6. packages whose cases or file changed are assembled;
7. manifest.json and index.html are written.
Steps 3-6 overlap (`_make_documents`): a case's files go to the pool as soon as it is rendered, its
bundle is made and published as soon as its last PDF is in, and a package is assembled as soon as
its cases are done, all while LibreOffice converts the others. The worker processes that render
the cases also write the bundles and packages (`_in_worker`), so the build's own process, which
joins and cuts the Word files and PDFs of the pool (pdf.docx_join, pdf.pdf_cut), is never the
one thing that the others wait for.
A failing case never stops the others, and nothing half-written ever stands under a final name.
"""

from __future__ import annotations

import ctypes
import datetime
import errno
import functools
import gc
import hashlib
import importlib
import json
import multiprocessing
import os
import queue
import shutil
import signal
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kkdocs import __version__
from kkdocs.atomic_write import flush_to_disk, write_text_atomically
from kkdocs.batch.build_lock import build_lock
from kkdocs.batch.build_report import (BUILT, FAILED, UNCHANGED, BuildReport, CaseOutcome, OutputFile, failing_since,
                                       no_documents_text, outdated_text)
from kkdocs.batch.build_state import MANIFEST, BuildState
from kkdocs.batch.fingerprint import Fingerprints
from kkdocs.documents.rendered_part import RenderedPart
from kkdocs.findings import has_errors
from kkdocs.pdf.conversion import ConversionJob, ConversionResult
from kkdocs.pdf.converter import open_converter
from kkdocs.workspace import Workspace, yaml_files

if TYPE_CHECKING:  # validation and the model are imported when a case is checked: a no-op needs neither
    from kkdocs.assembly.bundle import BundleMeta, BundlePart
    from kkdocs.assembly.package_pdf import PackageCase
    from kkdocs.batch.validate import CaseResult, Reference
    from kkdocs.case.model import Package
    from kkdocs.figures.package_overview import PackageInfo, PackageOverview

STAGING = ".staging"
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


@dataclass(frozen=True)
class BuildOptions:
    outdir: Path | None = None
    jobs: int | None = None
    pdf: bool = True
    force: bool = False
    pdfa: bool = False
    converter: str | None = None  # None: the local LibreOffice pool; "unoserver://h:p,…"
    timeout: float = 120.0  # seconds a document may convert without progress

    def fingerprint_options(self) -> dict:
        return {"pdf": self.pdf, "pdfa": self.pdfa}


@dataclass(frozen=True)
class Progress:
    stage: str  # "kontrol", "dokumenter", "pdf", "samling", "pakker"
    done: int
    total: int
    label: str = ""


ProgressCallback = Callable[[Progress], None]


def build(paths: list[Path], workspace: Workspace, options: BuildOptions = BuildOptions(),
          progress: ProgressCallback | None = None, on_wait: Callable[[str], None] | None = None,
          today: datetime.date | None = None) -> BuildReport:
    build_dir = (options.outdir or workspace.build).resolve()
    with build_lock(build_dir, on_wait=on_wait):
        try:
            return Build(workspace, build_dir, options, StagesInOrder(progress or (lambda _: None)), today).run(paths)
        finally:
            shutil.rmtree(build_dir / STAGING, ignore_errors=True)


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


@dataclass
class _Work:
    """A case on its way through the pipeline."""

    result: CaseResult
    outcome: CaseOutcome
    staging: Path
    rendered: list[RenderedPart] = field(default_factory=list)  # from the render worker, in bundle order
    pdfs_due: int = 0  # PDFs still being converted
    bundle: tuple[BundlePart, ...] = ()  # the bundle's bookmarks and PDFs, once they are all in

    def fail(self, error: str) -> None:
        """A technical failure (template, LibreOffice, disk): the case's earlier outputs are kept."""
        self.outcome.status = FAILED
        self.outcome.error = error


@dataclass(frozen=True)
class _Answer:
    """A worker process has finished a job: `take` gets its answer on the build's thread."""

    future: Future
    take: Callable[[object], None]

    def answer(self) -> object:
        """The job's answer; a Danish message if its worker process died (every job answers a message on failure)."""
        try:
            return self.future.result()
        except BrokenProcessPool:
            return "En af byggets arbejdsprocesser stoppede uventet under arbejdet."


class Build:
    def __init__(self, workspace: Workspace, build_dir: Path, options: BuildOptions, progress: ProgressCallback,
                 today: datetime.date | None):
        self.workspace = workspace
        self.build_dir = build_dir
        self.options = options
        self.progress = progress
        self.today = today or datetime.date.today()
        self.started = datetime.datetime.now()
        self.previous = BuildState(build_dir)
        self.fingerprints = Fingerprints(workspace, options.fingerprint_options())
        self._reference: Reference | None = None
        self.outcomes: dict[str, CaseOutcome | None] = {}  # every case's, in file order; None until checked
        self.results: dict[str, CaseResult] = {}  # the cases checked in this build that a package holds
        self.unfinished: set[str] = set()  # cases whose outcome is not final yet
        self.to_bundle = 0  # cases sent to be converted and bundled
        self.bundled = 0  # of those, the ones bundled or failed
        self.converted_by: Counter[str] = Counter()  # documents per converter, where a backend has several
        self.package_files: list[Path] = []
        self.package_outcomes: dict[Path, CaseOutcome] = {}  # packages assembled so far
        self._package_checks: dict[Path, tuple[Package | None, list]] = {}
        self.workers: ProcessPoolExecutor | None = None  # while cases are made, with more than one job
        self.events: queue.SimpleQueue = queue.SimpleQueue()  # what the converter and the workers finish
        self.in_workers = 0  # jobs sent to the workers whose answers are not yet taken in
        self.packages_to_write: deque[tuple[CaseOutcome, tuple]] = deque()  # the first is being written

    @property
    def reference(self) -> Reference:
        if self._reference is None:
            from kkdocs.batch.validate import load_reference

            self._reference = load_reference(self.workspace)
        return self._reference

    def run(self, paths: list[Path]) -> BuildReport:
        started = self.started
        clock = time.monotonic()
        files = yaml_files(paths, self.workspace)
        case_files = [f for f in files if self.workspace.kind_of(f) == "sag"]
        self.package_files = [f for f in files if self.workspace.kind_of(f) == "pakke"]

        pending: list[Path] = []
        for index, path in enumerate(case_files):
            unchanged = self._unchanged(path)
            if unchanged is not None:
                self.outcomes[path.stem] = unchanged
            else:
                self.outcomes[path.stem] = None  # keeps the order of the files
                pending.append(path)
            self.progress(Progress("kontrol", index + 1, len(case_files), path.stem))
        self.unfinished = {path.stem for path in pending}

        self._make_documents(pending)
        self._assemble_packages()  # those no pending case held, when nothing was pending

        package_outcomes = [self.package_outcomes[path] for path in self.package_files]
        report_outcomes = [o for o in self.outcomes.values() if o is not None] + package_outcomes
        if pending and self.reference.findings:
            report_outcomes.insert(0, CaseOutcome("reference", "data/reference", "reference", "Referencedata",
                                                  FAILED if has_errors(self.reference.findings) else BUILT,
                                                  findings=list(self.reference.findings)))
        report = BuildReport(report_outcomes, time.monotonic() - clock, started, self.options.pdf,
                             dict(sorted(self.converted_by.items())))
        nothing_changed = all(o.status == UNCHANGED for o in report_outcomes)
        if not nothing_changed:
            flush_to_disk(self.build_dir)  # the outputs were written without fsync: on disk before the manifest lists them
        self._write_manifest(report)
        if not nothing_changed or not (self.build_dir / "index.html").is_file():
            self._write_report(report)  # the page of the last build that changed something still holds
        return report

    # --- 1. unchanged cases ----------------------------------------------------------------------

    def _unchanged(self, path: Path) -> CaseOutcome | None:
        previous = None if self.options.force else self.previous.built_case(path.stem)
        if previous is None:
            return None
        fingerprint = self.fingerprints.case(path, previous.kind, [self.workspace.root / p for p in previous.inputs])
        return replace(previous, status=UNCHANGED) if self.previous.current(previous, fingerprint) else None

    # --- 2. validated cases --------------------------------------------------------------------------

    def _new_outcome(self, result: CaseResult) -> CaseOutcome:
        case = result.case
        outcome = CaseOutcome(
            id=result.id, file=result.file, kind=getattr(case, "type", "ukendt"),
            titel=getattr(case, "titel", result.id), status=BUILT,
            case_status=getattr(case, "status", None), frist=getattr(case, "frist", None),
            findings=list(result.findings))
        if result.ok:
            attachments = attachment_paths(result, self.workspace)
            outcome.inputs = [self.workspace.display(p) for p in attachments]
            outcome.input_hash = self.fingerprints.case(result.path, case.type, attachments)
        return outcome

    def _keep_last_good(self, outcome: CaseOutcome) -> bool:
        """A failing case keeps the outputs of its last good build, marked as outdated; False when it has none.

        "Last good" is what manifest.json lists for the case, built or already kept, with every file
        still as written. The outdated mark keeps the time of the first failing build.
        """
        kept = self.previous.last_good(outcome.id)
        if kept is None:
            return False
        outcome.outputs, outcome.parts = kept.outputs, kept.parts
        outcome.input_hash, outcome.inputs = kept.input_hash, kept.inputs
        if outcome.kind == "ukendt":  # the file no longer says what it is: show it as it was
            outcome.kind, outcome.titel, outcome.case_status, outcome.frist = \
                kept.kind, kept.titel, kept.case_status, kept.frist
        outcome.outdated_since = kept.outdated_since or self.started.isoformat(timespec="seconds")
        note = f"{outdated_text(outcome.outdated_since)}; de sidste gode filer i {outcome.id}/ er bevaret."
        outcome.error = f"{outcome.error or ''} {note[0].upper()}{note[1:]}".lstrip()
        return True

    def _remove_outputs(self, case_id: str) -> None:
        """A failing case without a complete last good build must not leave outputs that look current."""
        shutil.rmtree(self.build_dir / case_id, ignore_errors=True)

    # --- 3.-5. check, render, convert and bundle -------------------------------------------------------

    def _make_documents(self, pending: list[Path]) -> None:
        """Steps 2-6 for the changed cases, overlapped.

        Each valid case's files go to LibreOffice as soon as it is rendered; between two rendered cases,
        and then until the last bundle, the build takes in what the converter and the workers have
        finished (`_take_events`): a case whose PDFs are all in is bundled, a bundled case is
        published, and a package is assembled as soon as all its cases are final (`_case_final`). The
        cases that packages hold go first, so that the packages are assembled while LibreOffice
        converts the others, not after it (the report keeps the files' order).
        """
        if pending:
            self.progress(Progress("dokumenter", 0, len(pending)))  # begun: later stages wait for it
        in_packages = self._cases_in_packages() if pending else set()
        pending = sorted(pending, key=lambda path: path.stem not in in_packages)
        with ExitStack() as stack:
            self.workers = self._worker_pool(stack, len(pending))
            conversions = stack.enter_context(
                _Conversions(self.options, self.progress, self.converted_by, self.events, len(pending)))
            answers = stack.enter_context(closing(self._check_and_render(pending)))
            for count, (result, answer) in enumerate(answers, start=1):
                if result.id in in_packages:  # kept for the package overview; the others are let go
                    self.results[result.id] = result
                outcome = self.outcomes[result.id] = self._new_outcome(result)
                if not result.ok or has_errors(self.reference.findings):
                    outcome.status = FAILED
                    if has_errors(self.reference.findings):
                        outcome.error = "Referencedata i data/reference/ har fejl; se dem under 'reference'."
                    if not self._keep_last_good(outcome):
                        self._remove_outputs(result.id)
                        outcome.error = f"{outcome.error or ''} {no_documents_text(result.id)}".lstrip()
                    self._case_final(result.id)
                else:
                    item = _Work(result, outcome, self._staging(result.id))
                    self._take_rendered(item, answer)
                    if self.options.pdf and item.outcome.status != FAILED:
                        self.to_bundle += 1
                        self._report_bundling(result.id)
                        conversions.add(item)
                        if not item.pdfs_due:
                            self._converted(item)
                    else:
                        self._finish(item)
                self.progress(Progress("dokumenter", count, len(pending), result.id))
                self._take_events(conversions, wait=False)
            conversions.close()
            while conversions.waiting or self.in_workers:
                self._take_events(conversions, wait=True)
        self.workers = None

    def _worker_pool(self, stack: ExitStack, cases: int) -> ProcessPoolExecutor | None:
        """The worker processes that render the cases and then bundle them; None for one job.

        Forked (also where Python's default is another start method) with the modules they work with imported
        and the build's objects frozen (`frozen_for_fork`); each dies with the build (`die_with_the_build`).
        This process imports the bundle and package modules too when it needs them (for their classes):
        imported here, a worker does not import them again for its first bundle (0,1-0,2 s of CPU each).
        """
        jobs = self._jobs(cases)
        if jobs < 2:
            return None
        for module in self._worker_modules():
            importlib.import_module(module)  # once, here: the forked workers start with them
        stack.enter_context(frozen_for_fork())
        return stack.enter_context(ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                                       initializer=die_with_the_build, initargs=(os.getpid(),)))

    def _worker_modules(self) -> list[str]:
        modules = ["kkdocs.documents.render_docx", "kkdocs.documents.render_xlsx"]
        if self.options.pdf:
            modules.append("kkdocs.assembly.bundle")
        if self.package_files:
            modules += ["kkdocs.assembly.overview_xlsx"] + (["kkdocs.assembly.package_pdf"] if self.options.pdf else [])
        return modules

    def _jobs(self, cases: int) -> int:
        return min(self.options.jobs or os.cpu_count() or 1, cases)

    def _in_worker(self, take: Callable[[object], None], function: Callable, *arguments) -> None:
        """`function(*arguments)` in a worker process if there are any, else here; `take` gets its answer on this
        thread (from `_take_events`). The function must answer a message, not raise, when it fails."""
        if self.workers is None:
            take(function(*arguments))
            return
        self.in_workers += 1
        job = self.workers.submit(function, *arguments)
        job.add_done_callback(lambda done: self.events.put(_Answer(done, take)))

    def _take_events(self, conversions: _Conversions, wait: bool) -> None:
        """Take in every PDF and every worker's answer that is done; with `wait`, wait for at least one first."""
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
                self.in_workers -= 1
                event.take(event.answer())
            else:
                item = conversions.take(event)
                if item is not None:
                    self._converted(item)

    def _cases_in_packages(self) -> set[str]:
        return {case_id for path in self.package_files
                for case_id in getattr(self._checked_package(path)[0], "sager", [])}

    def _converted(self, item: _Work) -> None:
        """Every PDF of a case is in (or failed): bundle it; a case that failed is published as it is.

        The joined PDF its parts were cut from is let go by now: its memory goes back to the system.
        """
        release_freed_memory()
        if item.outcome.status == FAILED:
            self._bundled(item)
        else:
            self._bundle(item)

    def _bundled(self, item: _Work, problem: str | None = None) -> None:
        """The case's bundle is written, or could not be (`problem`): publish the case."""
        if problem is not None:
            item.fail(_with_original_names(problem, item.bundle, self.workspace))
        elif item.outcome.status != FAILED:
            item.outcome.parts = parts_record(item.bundle, item.staging.parent)
        self.bundled += 1
        self._report_bundling(item.result.id)
        self._finish(item)

    def _report_bundling(self, case_id: str) -> None:
        self.progress(Progress("samling", self.bundled, self.to_bundle, case_id))

    def _finish(self, item: _Work) -> None:
        self._publish(item)
        self._case_final(item.result.id)

    def _case_final(self, case_id: str) -> None:
        """A case's outcome will not change any more: assemble the packages that waited only for it."""
        self.unfinished.discard(case_id)
        self._assemble_packages()

    def _assemble_packages(self) -> None:
        """Assemble every package whose cases are all final: the one place that decides it.

        While cases are pending, a package's file is checked to know which cases it holds. When
        none is, every package left is ready, and an unchanged one is decided without parsing its file.
        """
        for path in self.package_files:
            if path in self.package_outcomes:
                continue
            if self.unfinished:
                package, _ = self._checked_package(path)
                if package is not None and set(package.sager) & self.unfinished:
                    continue
            self.package_outcomes[path] = self._package(path)

    def _staging(self, case_id: str) -> Path:
        return self.build_dir / STAGING / case_id

    def _check_and_render(self, paths: list[Path]) -> Iterator[tuple[CaseResult, list[RenderedPart] | str]]:
        """Validate, calculate and render each case in the worker processes; answers in the order of `paths`."""
        if not paths:
            return
        for path in paths:
            shutil.rmtree(self._staging(path.stem), ignore_errors=True)
        arguments = [(path, self.workspace, self.reference, self._staging(path.stem)) for path in paths]
        if self.workers is not None:
            yield from _in_order(self.workers, check_and_render_case, arguments, ahead=4 * self._jobs(len(paths)))
        else:
            for args in arguments:
                yield check_and_render_case(*args)

    @staticmethod
    def _take_rendered(item: _Work, answer: list[RenderedPart] | str) -> None:
        if isinstance(answer, str):
            item.fail(answer)
        else:
            item.rendered = answer

    # --- 4. and 5. convert and bundle (see _Conversions) ---------------------------------------------

    def _bundle(self, item: _Work) -> None:
        """Merge a case's PDFs into build/<id>/<id>.pdf (in its staging folder), in a worker process; then `_bundled`."""
        from kkdocs.assembly.bundle import BundleMeta
        from kkdocs.case.model import author_name

        case = item.result.case
        try:
            item.bundle = bundle_parts(item.rendered, item.staging, draft=case.status == "udkast")
        except OSError as exc:
            item.fail(disk_problem(exc))
            self._bundled(item)
            return
        meta = BundleMeta(title=case.titel, author=author_name(case, self.reference.organisation), subject=case.sag,
                          created=case.frist)
        target = item.staging / f"{item.result.id}.pdf"
        self._in_worker(functools.partial(self._bundled, item), bundle_case, item.bundle, target, meta)

    def _publish(self, item: _Work) -> None:
        """Swap the staging folder in for build/<id>/.

        A case that failed for a technical reason keeps its earlier outputs, marked as outdated, as a
        case whose data now has fejl does (that is decided before rendering).
        """
        target = self.build_dir / item.result.id
        if item.outcome.status == FAILED:
            shutil.rmtree(item.staging, ignore_errors=True)
            if not self._keep_last_good(item.outcome) and target.exists():
                item.outcome.error += f" De tidligere dannede filer i {target.name}/ er bevaret, men ikke opdateret."
                item.outcome.outputs = outputs_of(target, self.build_dir)
            return
        old = self.build_dir / STAGING / f"{item.result.id}.old"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            os.rename(target, old)
        os.rename(item.staging, target)
        shutil.rmtree(old, ignore_errors=True)
        item.outcome.outputs = outputs_of(target, self.build_dir)

    # --- 6. packages ---------------------------------------------------------------------------------

    def _checked_package(self, path: Path) -> tuple[Package | None, list]:
        from kkdocs.batch.validate import check_package_file

        if path not in self._package_checks:
            self._package_checks[path] = check_package_file(path, self.workspace, self.reference)
        return self._package_checks[path]

    def _package(self, path: Path) -> CaseOutcome:
        unchanged = self._unchanged_package(path)
        if unchanged is not None:
            return unchanged
        package, findings = self._checked_package(path)
        outcome = CaseOutcome(path.stem, self.workspace.display(path), "pakke",
                              package.titel if package else path.stem, BUILT,
                              frist=package.mødedato if package else None, findings=findings)
        if package is None or has_errors(findings):
            outcome.status = FAILED
            return outcome
        cases = [self.outcomes.get(case_id) or self.previous.case(case_id) for case_id in package.sager]
        broken = [case_id for case_id, case in zip(package.sager, cases)
                  if case is None or (case.status == FAILED and not case.outdated_since)]
        if broken:
            outcome.status = FAILED
            outcome.error = "Pakken kan ikke samles, fordi disse sager ikke er bygget: " + ", ".join(broken) + "."
            self._remove_package_outputs(path.stem)
            return outcome
        outcome.input_hash = self.fingerprints.package(path, [c.input_hash for c in cases])
        outcome.inputs = list(package.sager)
        outdated = [c for c in cases if c.outdated_since]
        if outdated:
            outcome.outdated_since = min(c.outdated_since for c in outdated)
            outcome.error = "Pakken viser de sidste gode dokumenter for " + ", ".join(
                f"{c.id} ({outdated_text(c.outdated_since)})" for c in outdated) + "; de indgår ikke i oversigtens tal."
        from kkdocs.batch.validate import check_case

        case_results = [self.results.get(case_id) or check_case(self.workspace.cases / f"{case_id}.yaml", self.workspace,
                                                           self.reference) for case_id in package.sager]
        # an outdated case's figures now are those of a file with fejl: the overview leaves them out
        case_results = [replace(r, figures=None) if c.outdated_since else r for r, c in zip(case_results, cases)]
        self.progress(Progress("pakker", 0, 1, path.stem))
        try:
            job = self._package_job(path.stem, package, cases, case_results)
        except Exception as exc:  # one package's failure is reported; the others go on
            self._packaged(outcome, str(exc))
        else:
            self._write_package(outcome, job)
        return outcome

    def _write_package(self, outcome: CaseOutcome, job: tuple) -> None:
        """Write the package's files in a worker, one package at a time: a package holds every part of
        its cases in memory while it merges them (500 cases: two at once took 99 and 112 MB)."""
        self.packages_to_write.append((outcome, job))
        if len(self.packages_to_write) == 1:
            self._in_worker(functools.partial(self._package_written, outcome), write_package_files, *job)

    def _package_written(self, outcome: CaseOutcome, answer: list[Path] | str) -> None:
        self.packages_to_write.popleft()
        self._packaged(outcome, answer)
        if self.packages_to_write:
            following, job = self.packages_to_write[0]
            self._in_worker(functools.partial(self._package_written, following), write_package_files, *job)

    def _packaged(self, outcome: CaseOutcome, answer: list[Path] | str) -> None:
        """The package's files are written (`answer`), or could not be (a message)."""
        if isinstance(answer, str):
            outcome.status = FAILED
            outcome.error = f"Pakken kunne ikke samles: {answer}"
        else:
            outcome.outputs = [output_file(path, self.build_dir) for path in answer]

    def _unchanged_package(self, path: Path) -> CaseOutcome | None:
        """Unchanged when its file and its cases hash as before; decided without parsing the file."""
        kept = None if self.options.force else self.previous.built_package(path.stem)
        if kept is None:
            return None
        cases = [self.outcomes.get(case_id) for case_id in kept.inputs]
        if not cases or any(c is None or c.status == FAILED for c in cases):
            return None
        fingerprint = self.fingerprints.package(path, [c.input_hash for c in cases])
        return replace(kept, status=UNCHANGED) if self.previous.current(kept, fingerprint) else None

    def _package_job(self, package_id: str, package: Package, cases: list[CaseOutcome],
                     results: list[CaseResult]) -> tuple:
        """The arguments of `write_package_files` for the package: its overview, and its cases' parts for the PDF."""
        from kkdocs.assembly.overview_xlsx import TEMPLATE as OVERVIEW_TEMPLATE
        from kkdocs.assembly.package_pdf import PackageCase
        from kkdocs.case_types import label
        from kkdocs.figures.package_overview import PackageInfo, package_overview

        folder = self.build_dir / "pakker"
        folder.mkdir(parents=True, exist_ok=True)
        outdated = tuple(f"Forældet: «{c.titel}» har fejl siden {failing_since(c.outdated_since)}. "
                         "Pakken viser sagens sidste gode dokumenter; sagen indgår ikke i oversigtens tal."
                         for c in cases if c.outdated_since)
        info = PackageInfo(package_id, package.titel, package.udvalg, package.mødedato, outdated)
        overview = package_overview(results, self.reference.organisation, self.reference.price_index, package.pl)
        package_cases = [PackageCase(c.id, c.titel, label(c.kind), parts_from_record(c.parts, self.build_dir))
                         for c in cases] if self.options.pdf else None
        return info, overview, package_cases, folder, self.workspace.template_file("pakke", OVERVIEW_TEMPLATE)

    def _remove_package_outputs(self, package_id: str) -> None:
        for name in (f"{package_id}.pdf", f"{package_id}-oversigt.xlsx"):
            (self.build_dir / "pakker" / name).unlink(missing_ok=True)

    # --- 7. manifest and report --------------------------------------------------------------------

    def _write_manifest(self, report: BuildReport) -> None:
        cases, packages = dict(self.previous.cases), dict(self.previous.packages)
        for outcome in report.outcomes:
            if outcome.kind == "reference":
                continue
            (packages if outcome.kind == "pakke" else cases)[outcome.id] = outcome.as_dict()
        manifest = {"kkdocs": __version__, "built": report.started.isoformat(timespec="seconds"),
                    "options": self.options.fingerprint_options(), "cases": cases, "packages": packages}
        # Without indent, json uses its C encoder: a thousand cases take 20 ms instead of 200.
        write_text_atomically(self.build_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False))

    def _write_report(self, report: BuildReport) -> None:
        from kkdocs.batch.report import write_report

        write_report(report, self.build_dir, self.today)


@dataclass(frozen=True)
class _Converted:
    """The converter has finished (or failed) one document: job `index` of the stream."""

    index: int
    result: ConversionResult


class _Conversions:
    """Step 4 for a whole build, fed case by case: one LibreOffice stream.

    `add` sends a rendered case's office files to the converter at once, as dated jobs, so the
    converter delivers each PDF finished (part_pdf). Each PDF that is done comes to the build's
    `events` as `_Converted`, and `take` returns its case when that was its last, so the build
    bundles the case while LibreOffice still converts the others. (It used to wait for every PDF
    first: in the 48-case benchmark the bundles then ran alone for the last 1,5 s, README
    "Benchmarks".) `close` says that no more cases come. The converter is opened with the first
    file, so a build that makes no PDF never needs LibreOffice. Results arrive on the converter's
    threads and are only queued there; everything else happens on the build's thread.
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
        self.jobs: dict[int, _Work] = {}  # the stream's job index -> its case, until its PDF is taken in
        self.documents = 0  # sent to the converter so far
        self.done = 0

    def __enter__(self) -> _Conversions:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stack.__exit__(*exc_info)

    @property
    def waiting(self) -> bool:
        """Whether PDFs are still to come."""
        return self.done < self.documents

    def add(self, item: _Work) -> None:
        """Send the case's office files to the converter; `item.pdfs_due` says how many."""
        sources = [part.path for part in item.rendered if part.converted and part.in_bundle]
        item.pdfs_due = len(sources)
        self.cases_added += 1
        if sources:  # documents per case so far, times the cases: the estimate the pool sizes its batches by
            per_case = (self.documents + len(sources)) / self.cases_added
            self._stream().expect(round(per_case * max(self.cases, self.cases_added)))
        for source in sources:  # dated: the converter delivers each part finished (part_pdf)
            job = ConversionJob(source, source.with_suffix(".pdf"), dated=item.result.case.frist)
            self.jobs[self._stream().add(job)] = item
        self.documents += len(sources)
        self.progress(Progress("pdf", self.done, self.documents, item.result.id))

    def take(self, converted: _Converted) -> _Work | None:
        """Take in a finished PDF; its case, when that was the case's last."""
        item, result = self.jobs.pop(converted.index), converted.result
        self.done += 1
        item.pdfs_due -= 1
        if result.ok and result.by:
            self.converted_by[result.by] += 1
        if not result.ok:
            item.fail(f"{result.job.source.name} kunne ikke konverteres til PDF: {result.error}")
        self.progress(Progress("pdf", self.done, self.documents, result.job.source.name))
        return item if item.pdfs_due == 0 else None

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
                converter.stream(lambda index, result: self.events.put(_Converted(index, result))))
        return self.stream


def _in_order(pool: ProcessPoolExecutor, function: Callable, arguments: list[tuple], ahead: int) -> Iterator:
    """`pool.map`, but with at most `ahead` calls submitted and not yet taken.

    `map` submits every call at once and holds each answer until it is taken, so a build of a
    thousand cases would keep every rendered case in memory while LibreOffice is behind.
    """
    running: deque = deque()
    for args in arguments:
        running.append(pool.submit(function, *args))
        if len(running) >= ahead:
            yield running.popleft().result()
    while running:
        yield running.popleft().result()


@contextmanager
def frozen_for_fork() -> Iterator[None]:
    """While the render workers are forked and at work, every object made before is left out of garbage collection.

    Those are the imported modules, the reference data and the workspace, hundreds of thousands
    of objects that live as long as the build, and that each collection of the oldest
    generation would walk again, in this process and in every forked worker (whose walk also
    copies the pages it touches). Python's documentation recommends `gc.freeze` before a fork
    for that; in builds of the 48 reference cases, the three processes spent 0,42-0,47 s of CPU
    on garbage collection, 0,31-0,32 s with it (README, "Benchmarks"). Unfrozen when the
    workers are done, so a process that builds many times does not keep their garbage.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def die_with_the_build(build: int) -> None:
    """Worker process: be killed by the kernel when the build's process (`build`) ends, also by kill -9 (Linux).

    Otherwise a worker outlives a killed build, waiting for work that never comes, and holds the
    build lock that it inherited (build_lock), so the next build waits for ever.
    """
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


# --- pieces the stages share -----------------------------------------------------------------------

def check_and_render_case(path: Path, workspace: Workspace, reference: Reference, staging: Path
                          ) -> tuple[CaseResult, list[RenderedPart] | str]:
    """Worker process: validate and calculate one case, and write its Word and Excel files if it is valid.

    Returns the result and its parts in bundle order, or a Danish message when they could not be
    written (nothing, when the case has fejl). Both pickle back to the build's process.
    """
    from kkdocs.batch.validate import check_case
    from kkdocs.documents.render_docx import render_documents
    from kkdocs.documents.render_xlsx import write_workbooks
    from kkdocs.documents.template_problem import TemplateProblem

    result = check_case(path, workspace, reference)
    if not result.ok or has_errors(reference.findings):
        return result, []
    try:
        staging.mkdir(parents=True, exist_ok=True)
        parts = render_documents(result, reference, workspace, staging)
        parts += write_workbooks(result, reference, workspace, staging, first=len(parts))
    except TemplateProblem as exc:
        return result, str(exc)
    except OSError as exc:
        return result, disk_problem(exc)
    except Exception as exc:  # a broken template or file must fail this case only
        return result, f"Dokumenterne kunne ikke dannes ({type(exc).__name__}: {exc})."
    finally:
        release_freed_memory()  # a worker lives on to bundle: it keeps no more than it uses
    return result, sorted(parts, key=lambda p: p.order)


def bundle_case(parts: tuple[BundlePart, ...], target: Path, meta: BundleMeta) -> str | None:
    """Worker process (or the build's, with one job): write a case's bundle; a Danish message when it cannot be."""
    from kkdocs.assembly.bundle import BundleError, write_case_bundle

    try:
        write_case_bundle(parts, target, meta)
    except BundleError as exc:
        return str(exc)
    except OSError as exc:
        return disk_problem(exc)
    finally:
        release_freed_memory()
    return None


def write_package_files(info: PackageInfo, overview: PackageOverview, cases: list[PackageCase] | None, folder: Path,
                        template: Path) -> list[Path] | str:
    """Worker process (or the build's, with one job): a package's overview workbook and, given its `cases`, its PDF.

    The files written; a message when they cannot be.
    """
    from kkdocs.assembly.overview_xlsx import write_overview_xlsx
    from kkdocs.assembly.package_pdf import write_committee_package

    written = [folder / f"{info.id}-oversigt.xlsx"]
    try:
        write_overview_xlsx(info, overview, written[0], template)
        if cases is not None:
            written.append(folder / f"{info.id}.pdf")
            write_committee_package(info, cases, overview, written[1])
    except Exception as exc:  # one package's failure is reported; the others go on
        return str(exc)
    finally:
        release_freed_memory()
    return written


def bundle_parts(rendered: list[RenderedPart], staging: Path, draft: bool) -> tuple[BundlePart, ...]:
    """The bundle's bookmarks and PDFs, from the parts that go into it.

    Parts with a `group` (the bilag) are nested under one bookmark of that name. An attached
    PDF is copied into the case folder, so build/<id>/ holds everything its bundle was made of;
    its part remembers where the user keeps it, for messages.
    """
    from kkdocs.assembly.bundle import BundlePart

    top: list[BundlePart | str] = []  # a group's place is held by its name until its children are known
    groups: dict[str, list[BundlePart]] = {}
    attached = 0
    for part in rendered:
        if not part.in_bundle:
            continue
        if part.converted:
            node = BundlePart(part.bookmark, part.pdf)
        else:
            attached += 1
            copy = staging / f"vedlagt-{attached}.pdf"
            shutil.copyfile(part.path, copy)
            node = BundlePart(part.bookmark, copy, draft=draft, source=part.path)
        if part.group:
            if part.group not in groups:
                groups[part.group] = []
                top.append(part.group)
            groups[part.group].append(node)
        else:
            top.append(node)
    return tuple(BundlePart(node, None, tuple(groups[node])) if isinstance(node, str) else node for node in top)


def _with_original_names(message: str, parts: tuple[BundlePart, ...], workspace: Workspace) -> str:
    """Name an attached PDF by where the user keeps it, not by its copy in the staging folder."""
    for node in parts + tuple(child for node in parts for child in node.children):
        if node.source is not None:
            message = message.replace(str(node.pdf), workspace.display(node.source))
    return message


def parts_record(parts: tuple[BundlePart, ...], root: Path) -> list[dict]:
    """A bundle's parts as manifest.json keeps them: {title, pdf (relative to the build folder), children, draft}."""
    return [{"title": p.title, "pdf": p.pdf.relative_to(root).as_posix() if p.pdf else None,
             "children": parts_record(p.children, root), "draft": p.draft} for p in parts]


def parts_from_record(record: list[dict], root: Path) -> tuple[BundlePart, ...]:
    """The parts manifest.json keeps for a case, as a package bundles them from the build folder `root`."""
    from kkdocs.assembly.bundle import BundlePart

    return tuple(BundlePart(node["title"], root / node["pdf"] if node["pdf"] else None,
                            parts_from_record(node["children"], root), node.get("draft", False)) for node in record)


def disk_problem(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"Der er ikke plads på disken til byggemappen ({exc.filename or 'ukendt fil'})."
    return f"En fil kunne ikke skrives: {exc.strerror or exc} ({exc.filename or 'ukendt fil'})."


def attachment_paths(result: CaseResult, workspace: Workspace) -> list[Path]:
    from kkdocs.checks.attachments import resolve_attachment

    case = result.case
    names = []
    for bilag in getattr(case, "bilag", []) or []:
        if bilag.fil:
            names.append(bilag.fil)
        if bilag.tabel is not None and bilag.tabel.fra_excel:
            names.append(bilag.tabel.fra_excel)
    return [resolve_attachment(name, result.path.parent, workspace.data) for name in names]


def outputs_of(folder: Path, build_dir: Path) -> list[OutputFile]:
    return [output_file(path, build_dir) for path in sorted(folder.rglob("*")) if path.is_file()]


def output_file(path: Path, build_dir: Path) -> OutputFile:
    from kkdocs.pdf.pdf_archive import declares_archive

    data = path.read_bytes()
    archival = declares_archive(data) if path.suffix.lower() == ".pdf" else None
    return OutputFile(path.relative_to(build_dir).as_posix(), hashlib.sha256(data).hexdigest(), len(data), archival)

