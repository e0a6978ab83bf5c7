"""`validate`: load, type, check and calculate every case and package, collecting all findings.

Nothing here stops at the first problem: each file gets every finding it has, and a broken
file never stops the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from kkdocs.case.case_type import CaseInputs, CaseType
from kkdocs.case.model import Package
from kkdocs.case.typing_check import typed, typed_case
from kkdocs.case_types import CASE_TYPES, case_type
from kkdocs.checks.bilag4_rules import cross_cutting_in_committee
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


def validate(paths: list[Path], workspace: Workspace) -> Validation:
    """Validate the cases and packages named by `paths` (files or folders; default: all of data/)."""
    reference = load_reference(workspace)
    cases: list[CaseResult] = []
    packages: list[PackageResult] = []
    for path in yaml_files(paths, workspace):
        if workspace.kind_of(path) == "pakke":
            packages.append(PackageResult(path, path.stem, workspace.display(path)))
        else:
            cases.append(check_case(path, workspace, reference))
    for package in packages:
        package.package, package.findings = check_package_file(package.path, workspace, reference)
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
    result.findings += check_placeholders(result.source)
    separators = thousands_separators(result.source)
    result.case, problems = typed_case(result.source, MODELS)
    result.findings += with_separators(separators, problems)
    record = case_type(result.source.data.get("type")) if isinstance(result.source.data, dict) else None
    result.case_type = record
    if not reference.usable or record is None:
        return
    problems = check_case_references(result.source, record.raw_checks(result.source.data, reference))
    result.findings += problems
    if result.case is None or problems:
        return
    try:
        result.figures = record.calculate(result.case, reference)
    except CalculationError as exc:
        result.findings.append(result.source.finding((), Level.FEJL, "FELT-TYPE", f"Tallene kan ikke beregnes: {exc}."))
        return
    result.findings += record.rules(result.case, result.figures,
                                    CaseInputs(result.source, result.path.parent, workspace.data, reference))


def check_package_file(path: Path, workspace: Workspace, reference: Reference) -> tuple[Package | None, list[Finding]]:
    try:
        source = load_yaml(path, workspace.display(path))
    except YamlProblem as problem:
        return None, [problem.finding]
    separators = thousands_separators(source)
    package, findings = typed(source, Package)
    findings = check_placeholders(source) + with_separators(separators, findings)
    if package is not None and reference.organisation is not None:
        known_ids = {p.stem for p in workspace.cases.glob("*.yaml")} if workspace.cases.is_dir() else set()
        findings += check_package_references(package, source, reference.organisation, reference.price_index, known_ids)
        findings += cross_cutting_in_committee(package, source, workspace.cases, reference.organisation)
    return package, findings
