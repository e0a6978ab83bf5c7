"""`build`: validate → calculate → render → convert → bundle, for every case and package.

`build()` and `Build.run` are the whole pipeline, read top to bottom:
1. the list of files, and the ids no file may have (case_ids);
2. cases whose inputs hash as before are left alone (no parsing, no LibreOffice);
3. the others are validated, calculated and rendered (`_make_documents`): a case with fejl is
   reported and keeps its last good outputs, marked as outdated, or, with none to keep, says it
   has no documents; a valid one's Word files go through one LibreOffice stream, its PDFs become
   its bundle, and its staging folder replaces build/<id>/ in one rename;
4. packages whose cases or file changed are assembled (package_steps.py);
5. the report, and manifest.json (the build state) with index.html.
Step 3 overlaps with itself and with step 4: a case's files go to the converter as soon as it is
rendered, its bundle is written as soon as its last PDF is in, and a package is assembled as soon
as its cases are done, all while LibreOffice converts the others. Where and when each step runs
(worker processes, the converter stream, their events) is scheduling.py's; what the workers do is
worker_jobs.py's. A failing case never stops the others, and nothing half-written ever stands
under a final name.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import shutil
import tempfile
import time
from collections import Counter
from contextlib import ExitStack, closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kkdocs import __version__
from kkdocs.atomic_write import flush_to_disk, write_text_atomically
from kkdocs.batch import worker_jobs
from kkdocs.batch.build_lock import build_lock
from kkdocs.batch.build_options import BuildOptions
from kkdocs.batch.build_report import (BUILT, FAILED, UNCHANGED, BuildReport, CaseOutcome, no_documents_text,
                                       outdated_text, outputs_of)
from kkdocs.batch.build_state import MANIFEST, BuildState, case_data
from kkdocs.batch.case_ids import RESERVED_CASE_IDS, id_findings
from kkdocs.batch.fingerprint import Fingerprints
from kkdocs.batch.scheduling import (Conversions, Converted, JobFailed, Progress, ProgressCallback, StagesInOrder,
                                     Workers, release_freed_memory)
from kkdocs.batch.package_steps import PackageSteps
from kkdocs.batch.worker_jobs import CheckedCase, bundle_tree, disk_failure, parts_record, write_problem_text
from kkdocs.documents.rendered_part import RenderedPart
from kkdocs.errors import KkdocsError
from kkdocs.findings import has_errors
from kkdocs.workspace import Workspace, yaml_files

if TYPE_CHECKING:  # validation and the model are imported when a case is checked: a no-op needs neither
    from kkdocs.assembly.bundle import BundlePart
    from kkdocs.batch.validate import CaseResult, Reference

__all__ = ["BuildOptions", "Progress", "ProgressCallback", "StagesInOrder", "build"]

STAGING = ".staging"


class BuildFolderProblem(KkdocsError):
    """The build folder cannot be written (read-only, full, locked): the Danish message names the file and the fix."""


def build(paths: list[Path], workspace: Workspace, options: BuildOptions = BuildOptions(),
          progress: ProgressCallback | None = None, on_wait: Callable[[str], None] | None = None,
          today: datetime.date | None = None) -> BuildReport:
    """Build the cases and packages named by `paths` (default: all of data/). A case's failure is in the report;
    a build folder that cannot be written raises BuildFolderProblem."""
    build_dir = (options.outdir or workspace.build).resolve()
    try:
        with build_lock(build_dir, on_wait=on_wait):
            try:
                with tempfile.NamedTemporaryFile(dir=build_dir, prefix=".skrivbar-"):
                    pass  # a folder that cannot be written fails here, once, not in every case
                return Build(workspace, build_dir, options, StagesInOrder(progress or (lambda _: None)),
                             today).run(paths)
            finally:
                shutil.rmtree(build_dir / STAGING, ignore_errors=True)
    except OSError as exc:  # what the steps do not answer for one case: the folder itself, manifest.json, index.html
        raise BuildFolderProblem(write_problem_text(exc)) from None


@dataclass
class _Work:
    """A valid case on its way from its rendered files to its published folder."""

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


class Build:
    """One build of a workspace: the steps of `run`, and what they have found out so far about each case.

    The packages' steps are `self.packages` (package_steps.py); they read the cases' state kept here."""

    def __init__(self, workspace: Workspace, build_dir: Path, options: BuildOptions, progress: ProgressCallback,
                 today: datetime.date | None):
        self.workspace = workspace
        self.build_dir = build_dir
        self.options = options
        self.progress = progress
        self.today = today or datetime.date.today()
        self.started = datetime.datetime.now()
        self.previous = BuildState(build_dir)
        self.fingerprints = Fingerprints(workspace, options.fingerprint_options(), options.texts)
        self._reference: Reference | None = None
        self.outcomes: dict[str, CaseOutcome | None] = {}  # every case's, in file order; None until checked
        self.refused: dict[Path, list] = {}  # files whose id another file has or the build reserves: their fejl
        self.refused_outcomes: list[CaseOutcome] = []  # those not in `outcomes`: a second file of an id, a reserved id
        self.results: dict[str, CaseResult] = {}  # the cases checked in this build that a package holds
        self.unfinished: set[str] = set()  # cases whose outcome is not final yet
        self.to_bundle = 0  # cases sent to be converted and bundled
        self.bundled = 0  # of those, the ones bundled or failed
        self.converted_by: Counter[str] = Counter()  # documents per converter, where a backend has several
        self.workers = Workers(None)  # the worker processes, while cases are made with more than one job
        self.conversions: Conversions | None = None  # the converter stream, while cases are made
        self.packages = PackageSteps(self, [])  # step 4, with the package files once they are listed

    @property
    def reference(self) -> Reference:
        if self._reference is None:
            from kkdocs.batch.validate import load_reference

            self._reference = load_reference(self.workspace)
        return self._reference

    def run(self, paths: list[Path]) -> BuildReport:
        clock = time.monotonic()
        case_files = self._list_files(paths)
        pending = self._skip_unchanged(case_files)
        self._make_documents(pending)
        self.packages.assemble_ready()  # those no pending case held, when nothing was pending
        report = self._report(checked_any=bool(pending), seconds=time.monotonic() - clock)
        self._write_build_state(report)
        return report

    # --- 1. files and ids --------------------------------------------------------------------------

    def _list_files(self, paths: list[Path]) -> list[Path]:
        """The case files to build; the package files are kept on the build, and the ids refused with their fejl."""
        files = yaml_files(paths, self.workspace)
        self.packages.files = [f for f in files if self.workspace.kind_of(f) == "pakke"]
        self.refused = id_findings(files, self.workspace)
        return [f for f in files if self.workspace.kind_of(f) == "sag"]

    def _refuse(self, path: Path) -> None:
        """A case whose id another file has, or one the build reserves: not built, and no other file's outputs touched.

        The first file of a shared id stands for the id, as a failing case does: the folder keeps
        the id's last good outputs, marked outdated. A reserved id has no folder of its own.
        """
        outcome = CaseOutcome(path.stem, self.workspace.display(path), "ukendt", path.stem, FAILED,
                              findings=list(self.refused[path]))
        if path.stem in RESERVED_CASE_IDS or path.stem in self.outcomes:
            self.refused_outcomes.append(outcome)
            return
        self.outcomes[path.stem] = outcome
        self._keep_or_remove_outputs(outcome)

    # --- 2. unchanged cases ----------------------------------------------------------------------

    def _skip_unchanged(self, case_files: list[Path]) -> list[Path]:
        """The cases to check: those whose inputs do not hash as at their last build; the others are left alone."""
        pending: list[Path] = []
        for index, path in enumerate(case_files):
            if path in self.refused:
                self._refuse(path)
            elif (unchanged := self._unchanged(path)) is not None:
                self.outcomes[path.stem] = unchanged
            else:
                self.outcomes[path.stem] = None  # keeps the order of the files
                pending.append(path)
            self.progress(Progress("kontrol", index + 1, len(case_files), path.stem))
        self.unfinished = {path.stem for path in pending}
        return pending

    def _unchanged(self, path: Path) -> CaseOutcome | None:
        previous = None if self.options.force else self.previous.built_case(path.stem)
        if previous is None:
            return None
        fingerprint = self.fingerprints.case(path, previous.kind, [self.workspace.root / p for p in previous.inputs])
        return replace(previous, status=UNCHANGED) if self.previous.current(previous, fingerprint) else None

    # --- 3. check, render, convert, bundle and publish the others, overlapped --------------------------

    def _make_documents(self, pending: list[Path]) -> None:
        """Check and render each pending case in the workers, and take in what finishes meanwhile.

        Between two rendered cases, and then until the last bundle, the build takes in what the
        converter and the workers have finished: a case whose PDFs are all in is bundled, a bundled
        case is published, and a package is assembled as soon as all its cases are final
        (`_case_done`). The cases that packages hold go first, so that the packages are assembled
        while LibreOffice converts the others, not after it (the report keeps the files' order).
        """
        if not pending:
            return
        self.progress(Progress("dokumenter", 0, len(pending)))  # begun: later stages wait for it
        in_packages = self.packages.cases_held()
        pending = sorted(pending, key=lambda path: path.stem not in in_packages)
        with ExitStack() as stack:
            self.workers = Workers.start(stack, self._jobs(len(pending)), self._worker_modules())
            self.conversions = stack.enter_context(
                Conversions(self.options, self.progress, self.converted_by, self.workers.events, len(pending)))
            checked_cases = stack.enter_context(closing(self._check_and_render(pending)))
            for count, checked in enumerate(checked_cases, start=1):
                if checked.result.id in in_packages:  # kept for the package overview; the others are let go
                    self.results[checked.result.id] = checked.result
                self._take_checked(checked)
                self.progress(Progress("dokumenter", count, len(pending), checked.result.id))
                self.workers.take_events(self._pdf_done, wait=False)
            self.conversions.close()
            while self.conversions.waiting or self.workers.busy:
                self.workers.take_events(self._pdf_done, wait=True)
        self.workers, self.conversions = Workers(None), None

    def _check_and_render(self, paths: list[Path]):
        """Each case checked and, when valid, rendered into its staging folder, in the order of `paths`."""
        for path in paths:
            shutil.rmtree(self._staging(path.stem), ignore_errors=True)
        arguments = [(path, self.workspace, self.reference, self._staging(path.stem), self.options.texts.get(path))
                     for path in paths]
        return self.workers.in_order(worker_jobs.check_and_render_case, arguments, ahead=4 * self._jobs(len(paths)))

    def _take_checked(self, checked: CheckedCase) -> None:
        """A case is checked: one with fejl is final now; a valid one's files go to the converter (or, without PDFs,
        it is published at once)."""
        result = checked.result
        outcome = self.outcomes[result.id] = self._new_outcome(result)
        if not result.ok or has_errors(self.reference.findings):
            outcome.status = FAILED
            if has_errors(self.reference.findings):
                outcome.error = "Referencedata i data/reference/ har fejl; se dem under 'reference'."
            self._keep_or_remove_outputs(outcome)
            self._case_done(result.id)
            return
        item = _Work(result, outcome, self._staging(result.id), checked.parts)
        if checked.failure is not None:
            item.fail(str(checked.failure))
        if not self.options.pdf or outcome.status == FAILED:
            self._publish(item)
            return
        self.to_bundle += 1
        self._report_bundling(result.id)
        sources = [part.path for part in item.rendered if part.converted and part.in_bundle]
        item.pdfs_due = self.conversions.add(item, sources, dated=result.case.frist)
        self.progress(Progress("pdf", self.conversions.done, self.conversions.documents, result.id))
        if not item.pdfs_due:
            self._all_pdfs_in(item)

    def _new_outcome(self, result: CaseResult) -> CaseOutcome:
        case, record = result.case, result.case_type
        outcome = CaseOutcome(
            id=result.id, file=result.file, kind=record.name if case is not None and record is not None else "ukendt",
            titel=getattr(case, "titel", result.id), status=BUILT,
            case_status=getattr(case, "status", None), frist=getattr(case, "frist", None),
            findings=list(result.findings))
        if result.ok:
            attachments = attachment_paths(result, self.workspace)
            outcome.inputs = [self.workspace.display(p) for p in attachments]
            outcome.input_hash = self.fingerprints.case(result.path, case.type, attachments)
            outcome.case_data = case_data(case)
        return outcome

    def _keep_or_remove_outputs(self, outcome: CaseOutcome) -> None:
        """A case that fails before rendering: it keeps its last good outputs, or, with none, has no documents."""
        if not self._keep_last_good(outcome):
            shutil.rmtree(self.build_dir / outcome.id, ignore_errors=True)  # nothing that looks current is left
            outcome.error = f"{outcome.error or ''} {no_documents_text(outcome.id)}".lstrip()

    def _keep_last_good(self, outcome: CaseOutcome) -> bool:
        """A failing case keeps the outputs of its last good build, marked as outdated; False when it has none.

        "Last good" is what manifest.json lists for the case, built or already kept, with every file
        still as written. The outdated mark keeps the time of the first failing build.
        """
        kept = self.previous.last_good(outcome.id)
        if kept is None:
            return False
        outcome.outputs, outcome.parts = kept.outputs, kept.parts
        outcome.input_hash, outcome.inputs, outcome.case_data = kept.input_hash, kept.inputs, kept.case_data
        if outcome.kind == "ukendt":  # the file no longer says what it is: show it as it was
            outcome.kind, outcome.titel, outcome.case_status, outcome.frist = \
                kept.kind, kept.titel, kept.case_status, kept.frist
        outcome.outdated_since = kept.outdated_since or self.started.isoformat(timespec="seconds")
        note = f"{outdated_text(outcome.outdated_since)}; de sidste gode filer i {outcome.id}/ er bevaret."
        outcome.error = f"{outcome.error or ''} {note[0].upper()}{note[1:]}".lstrip()
        return True

    def _pdf_done(self, converted: Converted) -> None:
        """The converter has finished one PDF; when it was its case's last, the case goes on to its bundle."""
        item, result = self.conversions.take(converted)
        item.pdfs_due -= 1
        if not result.ok:
            item.fail(f"{result.job.source.name} kunne ikke konverteres til PDF: {result.error}")
        self.progress(Progress("pdf", self.conversions.done, self.conversions.documents, result.job.source.name))
        if item.pdfs_due == 0:
            self._all_pdfs_in(item)

    def _all_pdfs_in(self, item: _Work) -> None:
        """Every PDF of a case is in (or failed): write its bundle; a case that failed is published as it is.

        The joined PDF its parts were cut from is let go by now: its memory goes back to the system.
        """
        release_freed_memory()
        if item.outcome.status == FAILED:
            self._bundle_done(item)
            return
        from kkdocs.assembly.bundle import BundleMeta
        from kkdocs.case.model import author_name

        case = item.result.case
        try:
            item.bundle = bundle_tree(item.rendered, item.staging, draft=case.status == "udkast")
        except OSError as exc:
            self._bundle_done(item, disk_failure(exc))
            return
        meta = BundleMeta(title=case.titel, author=author_name(case, self.reference.organisation), subject=case.sag,
                          created=case.frist)
        self.workers.run(worker_jobs.write_bundle, item.bundle, item.staging / f"{item.result.id}.pdf", meta,
                         done=lambda _: self._bundle_done(item),
                         failed=functools.partial(self._bundle_done, item))

    def _bundle_done(self, item: _Work, failure: JobFailed | None = None) -> None:
        """The case's bundle is written, or could not be (`failure`): publish the case."""
        if failure is not None:
            item.fail(_with_original_names(str(failure), item.bundle, self.workspace))
        elif item.outcome.status != FAILED:
            item.outcome.parts = parts_record(item.bundle, item.staging.parent)
        self.bundled += 1
        self._report_bundling(item.result.id)
        self._publish(item)

    def _report_bundling(self, case_id: str) -> None:
        self.progress(Progress("samling", self.bundled, self.to_bundle, case_id))

    def _publish(self, item: _Work) -> None:
        """Swap the staging folder in for build/<id>/; the case is final then.

        A case that failed for a technical reason keeps its earlier outputs, marked as outdated, as a
        case whose data now has fejl does (that is decided before rendering).
        """
        target = self.build_dir / item.result.id
        if item.outcome.status != FAILED:
            try:
                _replace_folder(target, item.staging, self.build_dir / STAGING / f"{item.result.id}.old")
            except OSError as exc:  # this case's folder only: the others are published as usual
                item.fail(f"Mappen {target} kunne ikke erstattes med de nye filer ({exc.strerror or exc}). "
                          "Luk det, der bruger den, eller giv skriveadgang, og byg igen.")
            else:
                item.outcome.outputs = outputs_of(target, self.build_dir)
        if item.outcome.status == FAILED:
            shutil.rmtree(item.staging, ignore_errors=True)
            if not self._keep_last_good(item.outcome) and target.exists():
                item.outcome.error += f" De tidligere dannede filer i {target.name}/ er bevaret, men ikke opdateret."
                item.outcome.outputs = outputs_of(target, self.build_dir)
        self._case_done(item.result.id)

    def _case_done(self, case_id: str) -> None:
        """A case's outcome will not change any more: assemble the packages that waited only for it."""
        self.unfinished.discard(case_id)
        self.packages.assemble_ready()

    def _staging(self, case_id: str) -> Path:
        return self.build_dir / STAGING / case_id

    def _jobs(self, cases: int) -> int:
        return min(self.options.jobs or os.cpu_count() or 1, cases)

    def _worker_modules(self) -> list[str]:
        """What the workers work with, imported before they are forked."""
        modules = ["kkdocs.documents.render_docx", "kkdocs.documents.render_xlsx"]
        if self.options.pdf:
            modules.append("kkdocs.assembly.bundle")
        if self.packages.files:
            modules += ["kkdocs.assembly.overview_xlsx"] + (["kkdocs.assembly.package_pdf"] if self.options.pdf else [])
        return modules

    # --- 5. report and build state -----------------------------------------------------------------

    def _report(self, checked_any: bool, seconds: float) -> BuildReport:
        """Every case's outcome in file order, then the packages'; the reference data's first when it has findings."""
        outcomes = [o for o in self.outcomes.values() if o is not None] + self.refused_outcomes
        outcomes += [self.packages.outcomes[path] for path in self.packages.files]
        if checked_any and self.reference.findings:
            outcomes.insert(0, CaseOutcome("reference", "data/reference", "reference", "Referencedata",
                                           FAILED if has_errors(self.reference.findings) else BUILT,
                                           findings=list(self.reference.findings)))
        return BuildReport(outcomes, seconds, self.started, self.options.pdf, dict(sorted(self.converted_by.items())))

    def _write_build_state(self, report: BuildReport) -> None:
        """manifest.json, after the outputs it lists are on disk, and index.html, when something changed."""
        nothing_changed = all(o.status == UNCHANGED for o in report.outcomes)
        if not nothing_changed:
            flush_to_disk(self.build_dir)  # the outputs were written without fsync: on disk before the manifest lists them
        self._write_manifest(report)
        if not nothing_changed or not (self.build_dir / "index.html").is_file():
            self._write_report(report)  # the page of the last build that changed something still holds

    def _write_manifest(self, report: BuildReport) -> None:
        """The build state: one entry per id, a second file of an id (which was not built) left out."""
        cases, packages = dict(self.previous.cases), dict(self.previous.packages)
        for outcome in report.outcomes:
            if outcome.kind == "reference" or any(outcome is refused for refused in self.refused_outcomes):
                continue
            (packages if outcome.kind == "pakke" else cases)[outcome.id] = outcome.as_dict()
        manifest = {"kkdocs": __version__, "built": report.started.isoformat(timespec="seconds"),
                    "options": self.options.fingerprint_options(), "cases": cases, "packages": packages}
        # Without indent, json uses its C encoder: a thousand cases take 20 ms instead of 200.
        write_text_atomically(self.build_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False))

    def _write_report(self, report: BuildReport) -> None:
        from kkdocs.batch.report import write_report

        write_report(report, self.build_dir, self.today)


def _replace_folder(target: Path, staging: Path, old: Path) -> None:
    """Put `staging` where `target` is, in two renames; if the second fails, `target` is put back as it was."""
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.rename(target, old)
    try:
        os.rename(staging, target)
    except OSError:
        if old.exists() and not target.exists():
            os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _with_original_names(message: str, parts: tuple[BundlePart, ...], workspace: Workspace) -> str:
    """Name an attached PDF by where the user keeps it, not by its copy in the staging folder."""
    for node in parts + tuple(child for node in parts for child in node.children):
        if node.source is not None:
            message = message.replace(str(node.pdf), workspace.display(node.source))
    return message


def attachment_paths(result: CaseResult, workspace: Workspace) -> list[Path]:
    from kkdocs.checks.attachments import resolve_attachment

    record, case = result.case_type, result.case
    names = record.attachments(case) if record is not None and case is not None else []
    return [resolve_attachment(name, result.path.parent, workspace.data) for name in names]

