"""A build's packages: when each is ready, whether it is unchanged, and its overview and PDF assembled and written.

A package is assembled as soon as every case it holds is final, while LibreOffice still
converts the others (`assemble_ready` is asked each time a case is done). Its cases are those
this build checked, or, for a case left unchanged or failing now, what the last good build left
in the build state, so a package file is parsed once and no case twice. The package's files are
written by a worker, one package at a time.

The steps read what the build has found out so far about its cases (`BuildSoFar`); the build
keeps the cases, this class the packages.
"""

from __future__ import annotations

import functools
from collections import deque
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kkdocs.batch import worker_jobs
from kkdocs.batch.build_options import BuildOptions
from kkdocs.batch.build_report import BUILT, FAILED, UNCHANGED, CaseOutcome, failing_since, output_file, outdated_text
from kkdocs.batch.build_state import BuildState, last_good_case, package_input
from kkdocs.batch.case_ids import PACKAGES_FOLDER
from kkdocs.batch.fingerprint import Fingerprints
from kkdocs.batch.scheduling import JobFailed, Progress, ProgressCallback, Workers
from kkdocs.batch.worker_jobs import parts_from_record
from kkdocs.findings import has_errors
from kkdocs.workspace import Workspace

if TYPE_CHECKING:  # validation and the model are imported when a package is checked: a no-op needs neither
    from kkdocs.batch.validate import CaseResult, Reference
    from kkdocs.case.model import Package


class BuildSoFar(Protocol):
    """What the package steps read of the build they are part of."""

    workspace: Workspace
    build_dir: Path
    options: BuildOptions
    progress: ProgressCallback
    previous: BuildState
    fingerprints: Fingerprints
    outcomes: dict[str, CaseOutcome | None]  # every case's, in file order; None until checked
    refused: dict[Path, list]  # files whose id another file has or the build reserves: their fejl
    results: dict[str, CaseResult]  # the cases checked in this build that a package holds
    unfinished: set[str]  # cases whose outcome is not final yet
    workers: Workers  # where a package's files are written

    @property
    def reference(self) -> Reference: ...


class PackageSteps:
    """The packages of one build, from their files to their written overview and PDF."""

    def __init__(self, build: BuildSoFar, files: list[Path]) -> None:
        self.build = build
        self.files = files  # the package files to build, in order
        self.outcomes: dict[Path, CaseOutcome] = {}  # packages assembled so far
        self._checks: dict[Path, tuple[Package | None, list]] = {}
        self._to_write: deque[tuple[CaseOutcome, tuple]] = deque()  # the first is being written

    def cases_held(self) -> set[str]:
        """The ids of the cases that some package holds."""
        return {case_id for path in self.files for case_id in getattr(self.checked(path)[0], "sager", [])}

    def assemble_ready(self) -> None:
        """Assemble every package whose cases are all final: the one place that decides it.

        The build calls this whenever a case becomes final, and once after the cases.

        While cases are pending, a package's file is checked to know which cases it holds. When
        none is, every package left is ready, and an unchanged one is decided without parsing its file.
        """
        for path in self.files:
            if path in self.outcomes:
                continue
            if self.build.unfinished:
                package, _ = self.checked(path)
                if package is not None and set(package.sager) & self.build.unfinished:
                    continue
            self.outcomes[path] = self._assemble(path)

    def checked(self, path: Path) -> tuple[Package | None, list]:
        """The package file's model (None when it cannot be read) and findings, checked once per build."""
        from kkdocs.batch.validate import check_package_file

        if path not in self._checks:
            self._checks[path] = check_package_file(path, self.build.workspace, self.build.reference,
                                                    self.build.options.texts.get(path))
        return self._checks[path]

    def _assemble(self, path: Path) -> CaseOutcome:
        """The package's outcome: unchanged, failed, or its files on their way to be written (`_write_files`)."""
        if path in self.build.refused:
            return CaseOutcome(path.stem, self.build.workspace.display(path), "pakke", path.stem, FAILED,
                               findings=list(self.build.refused[path]))
        unchanged = self._unchanged(path)
        if unchanged is not None:
            return unchanged
        package, findings = self.checked(path)
        outcome = CaseOutcome(path.stem, self.build.workspace.display(path), "pakke",
                              package.titel if package else path.stem, BUILT,
                              frist=package.mødedato if package else None, findings=findings)
        if package is None or has_errors(findings):
            outcome.status = FAILED
            return outcome
        cases = [self.build.outcomes.get(case_id) or self.build.previous.case(case_id) for case_id in package.sager]
        broken = [case_id for case_id, case in zip(package.sager, cases)
                  if case is None or (case.status == FAILED and not case.outdated_since)]
        if broken:
            outcome.status = FAILED
            outcome.error = "Pakken kan ikke samles, fordi disse sager ikke er bygget: " + ", ".join(broken) + "."
            self._remove_outputs(path.stem)
            return outcome
        outcome.input_hash = self.build.fingerprints.package(path, [package_input(c) for c in cases])
        outcome.inputs = list(package.sager)
        outdated = [c for c in cases if c.outdated_since]
        if outdated:
            outcome.outdated_since = min(c.outdated_since for c in outdated)
            outcome.error = "Pakken viser de sidste gode dokumenter og tal for " + ", ".join(
                f"{c.id} ({outdated_text(c.outdated_since)})" for c in outdated) + "."
        self.build.progress(Progress("pakker", 0, 1, path.stem))
        try:
            contents = self._contents(path.stem, package, cases)
        except Exception as exc:  # one package's failure is reported; the others go on
            self._files_written(outcome, failure=JobFailed(str(exc)))
        else:
            self._write_files(outcome, contents)
        return outcome

    def _unchanged(self, path: Path) -> CaseOutcome | None:
        """Unchanged when its file and its cases hash as before; decided without parsing the file."""
        kept = None if self.build.options.force else self.build.previous.built_package(path.stem)
        if kept is None:
            return None
        cases = [self.build.outcomes.get(case_id) for case_id in kept.inputs]
        if not cases or any(c is None or c.status == FAILED for c in cases):
            return None
        fingerprint = self.build.fingerprints.package(path, [package_input(c) for c in cases])
        return replace(kept, status=UNCHANGED) if self.build.previous.current(kept, fingerprint) else None

    def _contents(self, package_id: str, package: Package, cases: list[CaseOutcome]) -> tuple:
        """The arguments of `worker_jobs.write_package_files`: the package's overview, and its cases' parts for the PDF."""
        from kkdocs.assembly.overview_xlsx import TEMPLATE as OVERVIEW_TEMPLATE
        from kkdocs.assembly.package_pdf import PackageCase
        from kkdocs.case_types import label
        from kkdocs.figures.package_overview import PackageInfo, package_overview

        folder = self.build.build_dir / PACKAGES_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        outdated = tuple(f"Forældet: «{c.titel}» har fejl siden {failing_since(c.outdated_since)}. "
                         "Pakken viser sagens sidste gode dokumenter og tal."
                         for c in cases if c.outdated_since)
        notes = {c.id: f"Forældet: fejl siden {failing_since(c.outdated_since)}; sidste gode tal"
                 for c in cases if c.outdated_since}
        info = PackageInfo(package_id, package.titel, package.udvalg, package.mødedato, outdated, notes)
        overview = package_overview([self._for_overview(c) for c in cases], self.build.reference.organisation,
                                    self.build.reference.price_index, package.pl)
        package_cases = [PackageCase(c.id, c.titel, label(c.kind), parts_from_record(c.parts, self.build.build_dir))
                         for c in cases] if self.build.options.pdf else None
        return info, overview, package_cases, folder, self.build.workspace.template_file("pakke", OVERVIEW_TEMPLATE)

    def _for_overview(self, case: CaseOutcome) -> CaseResult:
        """A package case's data and figures: as checked in this build, or, for a case this build did not
        check or one that is outdated, as its last good build left them in the build state."""
        checked = self.build.results.get(case.id)
        if checked is not None and not case.outdated_since:
            return checked
        return last_good_case(case, self.build.reference)

    def _write_files(self, outcome: CaseOutcome, contents: tuple) -> None:
        """Write the package's files in a worker, one package at a time: a package holds every part of
        its cases in memory while it merges them (500 cases: two at once took 99 and 112 MB)."""
        self._to_write.append((outcome, contents))
        if len(self._to_write) == 1:
            self._write_next()

    def _write_next(self) -> None:
        outcome, contents = self._to_write[0]
        self.build.workers.run(worker_jobs.write_package_files, *contents,
                               done=functools.partial(self._files_written, outcome),
                               failed=lambda failure: self._files_written(outcome, failure=failure))

    def _files_written(self, outcome: CaseOutcome, written: list[Path] | None = None,
                            failure: JobFailed | None = None) -> None:
        """The package's files are written, or could not be (`failure`); the next package's are begun."""
        if failure is not None:
            outcome.status = FAILED
            outcome.error = f"Pakken kunne ikke samles: {failure}"
        else:
            outcome.outputs = [output_file(path, self.build.build_dir) for path in written]
        if self._to_write and self._to_write[0][0] is outcome:
            self._to_write.popleft()
            if self._to_write:
                self._write_next()

    def _remove_outputs(self, package_id: str) -> None:
        for name in (f"{package_id}.pdf", f"{package_id}-oversigt.xlsx"):
            (self.build.build_dir / PACKAGES_FOLDER / name).unlink(missing_ok=True)
