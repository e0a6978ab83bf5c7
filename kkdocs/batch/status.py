"""`kkdocs status`: every case and package by deadline, with its findings and whether it is built.

A case is *bygget* when build/manifest.json holds it as built, its input hash is what the
inputs hash to now, and its outputs are still there, which is the same test `build` uses to skip an
unchanged case (both ask kkdocs.batch.build_state). It is *forældet* when it was built but an input or
an output has changed since, or when its last build failed and kept the outputs of the build before ("forældet (fejl siden …)"),
and *mangler* when it has never been built, or its last build failed and left no outputs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from kkdocs.batch.build import BuildOptions
from kkdocs.batch.build_report import CaseOutcome, failing_since
from kkdocs.batch.build_state import BuildState
from kkdocs.batch.fingerprint import Fingerprints
from kkdocs.batch.report import KIND_LABELS
from kkdocs.batch.validate import CaseResult, PackageResult, validate
from kkdocs.danish_format import format_amount, format_date_long
from kkdocs.findings import Finding, Level, count
from kkdocs.workspace import Workspace

UP_TO_DATE = "bygget"
OUTDATED = "forældet"
MISSING = "mangler"

COLUMNS = ("Frist", "Dage", "Sag", "Type", "Status", "Fejl", "Advarsler", "Byggestatus")
RIGHT_ALIGNED = {"Dage", "Fejl", "Advarsler"}


@dataclass(frozen=True)
class StatusRow:
    id: str
    file: str
    kind: str  # case type, "pakke" or "reference"
    titel: str
    frist: datetime.date | None  # a package's mødedato
    days_left: int | None  # negative when the deadline has passed
    case_status: str | None  # udkast | hørt | godkendt
    fejl: int
    advarsler: int
    build_state: str  # UP_TO_DATE, OUTDATED, MISSING, or "" for the reference data


def case_status(paths: list[Path], workspace: Workspace, today: datetime.date,
                build_dir: Path | None = None) -> list[StatusRow]:
    """The cases and packages named by `paths` (default: all of data/), soonest deadline first."""
    validation = validate(paths, workspace)
    state = _Freshness(workspace, build_dir or workspace.build)
    rows = [_case_row(result, state, today) for result in validation.cases]
    rows += [_package_row(result, state, today) for result in validation.packages]
    if validation.reference.findings:
        rows.append(_reference_row(validation.reference.findings))
    return sorted(rows, key=lambda r: (r.frist is None, r.frist or datetime.date.max, r.kind == "pakke", r.id))


class _Freshness:
    """Each case and package of data/ against the last build (build_state), with that build's options."""

    def __init__(self, workspace: Workspace, build_dir: Path):
        self.workspace = workspace
        self.state = BuildState(build_dir)
        # The options the manifest was built with; a build with other options rebuilds everything.
        self.fingerprints = Fingerprints(workspace, self.state.options or BuildOptions().fingerprint_options())
        self._case_hashes: dict[str, str | None] = {}

    def kept_case(self, case_id: str) -> CaseOutcome | None:
        return self.state.kept_case(case_id)

    def of_case(self, case_id: str, path: Path) -> str:
        kept = self.state.kept_case(case_id)
        if kept is not None:
            return f"{OUTDATED} (fejl siden {failing_since(kept.outdated_since)})" \
                if self.state.outputs_intact(kept) else MISSING
        built = self.state.built_case(case_id)
        if built is None:
            return MISSING
        return UP_TO_DATE if self.state.current(built, self.case_hash(case_id, path)) else OUTDATED

    def of_package(self, package_id: str, path: Path, case_ids: list[str] | None) -> str:
        built = self.state.built_package(package_id)
        if built is None:
            return MISSING
        case_hashes = [self.case_hash(case_id, self.workspace.cases / f"{case_id}.yaml")
                       for case_id in case_ids or []]
        if case_ids is None or None in case_hashes:
            return f"{OUTDATED} (indeholder forældede sager)" if built.outdated_since else OUTDATED
        current = self.state.current(built, self.fingerprints.package(path, case_hashes))
        return UP_TO_DATE if current else OUTDATED

    def case_hash(self, case_id: str, path: Path) -> str | None:
        """The case's input hash now, from the case file and the attachments its last build read."""
        if case_id not in self._case_hashes:
            built = self.state.built_case(case_id)
            self._case_hashes[case_id] = None if built is None else self.fingerprints.case(
                path, built.kind, [self.workspace.root / p for p in built.inputs])
        return self._case_hashes[case_id]


def _case_row(result: CaseResult, state: _Freshness, today: datetime.date) -> StatusRow:
    case = result.case
    kind, titel = getattr(case, "type", "ukendt"), getattr(case, "titel", result.id)
    frist, case_status = getattr(case, "frist", None), getattr(case, "status", None)
    kept = state.kept_case(result.id) if case is None else None
    if kept is not None:  # a file that no longer reads as a case: shown as its last good build knew it
        kind, titel, frist, case_status = kept.kind, kept.titel, kept.frist, kept.case_status
    return StatusRow(result.id, result.file, kind, titel, frist, _days_left(frist, today), case_status,
                     count(result.findings, Level.FEJL), count(result.findings, Level.ADVARSEL),
                     state.of_case(result.id, result.path))


def _package_row(result: PackageResult, state: _Freshness, today: datetime.date) -> StatusRow:
    package = result.package
    frist = package.mødedato if package else None
    case_ids = list(package.sager) if package else None
    return StatusRow(result.id, result.file, "pakke", package.titel if package else result.id, frist,
                     _days_left(frist, today), None, count(result.findings, Level.FEJL),
                     count(result.findings, Level.ADVARSEL), state.of_package(result.id, result.path, case_ids))


def _reference_row(findings: list[Finding]) -> StatusRow:
    return StatusRow("reference", "data/reference", "reference", "Referencedata", None, None, None,
                     count(findings, Level.FEJL), count(findings, Level.ADVARSEL), "")


def _days_left(frist: datetime.date | None, today: datetime.date) -> int | None:
    return (frist - today).days if frist else None


def format_status_table(rows: list[StatusRow]) -> str:
    """A plain-text table with aligned columns, for the terminal."""
    if not rows:
        return "Ingen sager eller pakker fundet."
    cells = [COLUMNS] + [_cells(row) for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = [_line(line, widths) for line in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _cells(row: StatusRow) -> tuple[str, ...]:
    return (format_date_long(row.frist) if row.frist else "",
            format_amount(row.days_left) if row.days_left is not None else "",
            row.id, KIND_LABELS.get(row.kind, row.kind), row.case_status or "",
            str(row.fejl), str(row.advarsler), row.build_state)


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    padded = [cell.rjust(width) if column in RIGHT_ALIGNED else cell.ljust(width)
              for column, cell, width in zip(COLUMNS, cells, widths)]
    return "  ".join(padded).rstrip()
