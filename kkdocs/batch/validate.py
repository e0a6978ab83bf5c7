"""`validate`: load, type, check and calculate every case and package, collecting all findings.

Nothing here stops at the first problem: each file gets every finding it has, and a broken
file never stops the others. A finding that only follows from a value already in fejl is left
out (consequences.py): one mistake, one finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import BaseModel

from kkdocs.batch.case_ids import id_findings
from kkdocs.batch.consequences import number_changed, removed, without_consequences
from kkdocs.case.model import Package
from kkdocs.case.typing_check import typed, typed_case
from kkdocs.case_types import CASE_TYPES, case_type
from kkdocs.case_types.record import CaseInputs, CaseType
from kkdocs.checks.placeholders import check_placeholders
from kkdocs.checks.plausibility import thousands_separators, with_separators
from kkdocs.checks.reference_data import Reference, load_reference
from kkdocs.checks.references import check_case_references, check_package_references
from kkdocs.figures.calculation import CalculationError
from kkdocs.findings import Finding, Level, has_errors
from kkdocs.source.yaml_source import Source, YamlProblem, load_yaml
from kkdocs.workspace import CASE_ID_PATTERN, Workspace, suggested_id, yaml_files


MODELS = {t.name: t.model for t in CASE_TYPES}  # the model of each `type:` a case file may give


@dataclass
class CaseResult:
    path: Path
    id: str
    file: str  # as shown to the user
    source: Source | None = None
    case: BaseModel | None = None
    figures: object | None = None  # what the type's record computes (calculation.py)
    findings: list[Finding] = field(default_factory=list)
    case_type: CaseType | None = None  # the record of the type the file names, when it names a known one
    left_out: int = 0  # findings that only followed from a value in fejl (consequences.py)

    @property
    def ok(self) -> bool:
        return self.case is not None and self.figures is not None and not has_errors(self.findings)


@dataclass
class PackageResult:
    path: Path
    id: str
    file: str
    package: Package | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.package is not None and not has_errors(self.findings)


@dataclass
class Validation:
    reference: Reference
    cases: list[CaseResult]
    packages: list[PackageResult]

    @property
    def findings(self) -> list[Finding]:
        found = list(self.reference.findings)
        for result in (*self.cases, *self.packages):
            found += result.findings
        return found

    @property
    def left_out(self) -> int:
        """How many findings were left out because they only followed from a value in fejl."""
        return sum(result.left_out for result in self.cases)


def validate(paths: list[Path], workspace: Workspace) -> Validation:
    """Validate the cases and packages named by `paths` (files or folders; default: all of data/)."""
    reference = load_reference(workspace)
    cases: list[CaseResult] = []
    packages: list[PackageResult] = []
    files = yaml_files(paths, workspace)
    refused = id_findings(files, workspace)
    for path in files:
        if workspace.kind_of(path) == "pakke":
            packages.append(PackageResult(path, path.stem, workspace.display(path)))
        else:
            cases.append(check_case(path, workspace, reference))
            cases[-1].findings[:0] = refused.get(path, [])
    for package in packages:
        package.package, package.findings = check_package_file(package.path, workspace, reference)
        package.findings[:0] = refused.get(package.path, [])
    return Validation(reference, cases, packages)


def check_case(path: Path, workspace: Workspace, reference: Reference) -> CaseResult:
    """Load, type, check and calculate one case; every finding it has, in file order."""
    result = CaseResult(path, path.stem, workspace.display(path))
    _check_case(result, workspace, reference)
    result.findings.sort(key=lambda f: (f.line, f.column, f.code))
    return result


def _check_case(result: CaseResult, workspace: Workspace, reference: Reference) -> None:
    if not re.fullmatch(CASE_ID_PATTERN, result.path.stem):
        result.findings.append(Finding(result.file, 1, 1, Level.FEJL, "FELT-TYPE",
                                       f"Filnavnet '{result.path.name}' er ikke et gyldigt sags-id: navnet før .yaml må "
                                       "kun indeholde små bogstaver a-z, cifre og bindestreg, fx "
                                       f"'{suggested_id(result.path.stem)}.yaml'."))
    try:
        result.source = load_yaml(result.path, result.file)
    except YamlProblem as problem:
        result.findings.append(problem.finding)
        return
    source = result.source
    result.findings += source.findings + check_placeholders(source)
    separators = thousands_separators(source)
    result.case, problems = typed_case(source, MODELS)
    typing = with_separators(separators, problems)
    result.findings += typing
    record = case_type(source.data.get("type")) if isinstance(source.data, dict) else None
    result.case_type = record
    if not reference.usable or record is None:
        return

    def raw_checks(data: object) -> list[Finding]:
        return check_case_references(source, record.raw_checks(data, reference))

    problems = raw_checks(source.data)
    kept = without_consequences(problems, typing, source, raw_checks, removed)
    result.findings += kept
    result.left_out += len(problems) - len(kept)
    if result.case is None or problems:
        return
    try:
        result.figures = record.calculate(result.case, reference)
    except CalculationError as exc:
        result.findings.append(source.finding((), Level.FEJL, "FELT-TYPE", f"Tallene kan ikke beregnes: {exc}."))
        return
    inputs = CaseInputs(source, result.path.parent, workspace.data, reference)

    def rules(data: object) -> list[Finding] | None:
        changed = replace(source, data=data, findings=[])
        case, _ = typed(changed, record.model)
        try:
            figures = record.calculate(case, reference) if case is not None else None
        except CalculationError:
            return None
        return record.rules(case, figures, replace(inputs, source=changed)) if figures is not None else None

    found = record.rules(result.case, result.figures, inputs)
    kept = without_consequences(found, typing + found, source, rules, number_changed)
    result.findings += kept
    result.left_out += len(found) - len(kept)


def check_package_file(path: Path, workspace: Workspace, reference: Reference) -> tuple[Package | None, list[Finding]]:
    try:
        source = load_yaml(path, workspace.display(path))
    except YamlProblem as problem:
        return None, [problem.finding]
    separators = thousands_separators(source)
    package, findings = typed(source, Package)
    findings = source.findings + check_placeholders(source) + with_separators(separators, findings)
    if package is not None and reference.organisation is not None:
        known_ids = {p.stem for p in workspace.cases.glob("*.yaml")} if workspace.cases.is_dir() else set()
        findings += check_package_references(package, source, reference.organisation, reference.price_index, known_ids)
        for record in CASE_TYPES:
            findings += record.package_rules(package, source, workspace.cases, reference.organisation)
    return package, findings
