"""What the last build left, and whether it still holds: build/manifest.json, read in one place.

`build` skips a case or package that is current and keeps a failing case's last good outputs
from here, and `status` gives the same answers. An entry is *current* when it was built, its
input hash is what the inputs hash to now, and each output it lists is still there with the size
it was written with. A manifest from any kkdocs version is read: the fingerprint covers kkdocs'
own code, so an older version's hashes simply no longer match and everything is rebuilt, while a
case that fails after an upgrade still finds, and keeps, its last good outputs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from kkdocs.batch.build_report import BUILT, FAILED, UNCHANGED, CaseOutcome

if TYPE_CHECKING:  # validation is imported when a package needs a case's figures: a no-op build needs neither
    from kkdocs.batch.validate import CaseResult, Reference

MANIFEST = "manifest.json"


def read_manifest(build_dir: Path) -> dict:
    try:
        data = json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class BuildState:
    """The cases and packages of the last build's manifest, each as a CaseOutcome."""

    def __init__(self, build_dir: Path):
        self.build_dir = build_dir
        manifest = read_manifest(build_dir)
        self.cases: dict = _entries(manifest, "cases")  # as written, for the next manifest
        self.packages: dict = _entries(manifest, "packages")
        self.options: dict | None = manifest.get("options") if isinstance(manifest.get("options"), dict) else None

    def case(self, case_id: str) -> CaseOutcome | None:
        return _outcome(self.cases.get(case_id))

    def package(self, package_id: str) -> CaseOutcome | None:
        return _outcome(self.packages.get(package_id))

    def built_case(self, case_id: str) -> CaseOutcome | None:
        """The case as its last build made it, when that build did not fail."""
        outcome = self.case(case_id)
        return outcome if outcome is not None and outcome.status in (BUILT, UNCHANGED) else None

    def built_package(self, package_id: str) -> CaseOutcome | None:
        outcome = self.package(package_id)
        return outcome if outcome is not None and outcome.status in (BUILT, UNCHANGED) else None

    def kept_case(self, case_id: str) -> CaseOutcome | None:
        """A failed case that kept the outputs of its last good build (`outdated_since`)."""
        outcome = self.case(case_id)
        return outcome if outcome is not None and outcome.status == FAILED and outcome.outdated_since else None

    def last_good(self, case_id: str) -> CaseOutcome | None:
        """The outputs a failing case may keep: built or already kept, every file still as written."""
        outcome = self.built_case(case_id) or self.kept_case(case_id)
        return outcome if outcome is not None and self.outputs_intact(outcome) else None

    def current(self, outcome: CaseOutcome | None, input_hash: str | None) -> bool:
        """Built from inputs that hash to `input_hash` now, with its outputs intact."""
        return (outcome is not None and outcome.status in (BUILT, UNCHANGED) and input_hash is not None
                and outcome.input_hash == input_hash and self.outputs_intact(outcome))

    def outputs_intact(self, outcome: CaseOutcome) -> bool:
        for output in outcome.outputs:
            path = self.build_dir / output.path
            if not path.is_file() or path.stat().st_size != output.size:
                return False
        return bool(outcome.outputs)


def package_input(case: CaseOutcome) -> str:
    """What a package's fingerprint takes from one of its cases: the case's input hash, and whether the
    package shows it outdated, so that a package made with an outdated case is made again once the case is fixed."""
    return f"{case.input_hash} forældet" if case.outdated_since else case.input_hash


def case_data(case) -> dict:
    """A valid case's model as `CaseOutcome.case_data` keeps it: the fields its file set, as JSON."""
    return json.loads(case.model_dump_json(by_alias=True, exclude_unset=True))


def last_good_case(outcome: CaseOutcome, reference: Reference) -> CaseResult:
    """The case and its figures as its last good build had them, from the build state, for a package's overview.

    The data was valid when it was kept, so it is read back without the checks and without the file;
    its figures are computed again (pure, a few milliseconds) rather than stored. The findings are the
    outcome's own: an outdated case shows its fejl now beside its last good figures. Without kept data
    (a manifest of an older kkdocs) or when the figures cannot be computed, the case has no figures.
    """
    from kkdocs.batch.validate import CaseResult
    from kkdocs.case_types import case_type
    from kkdocs.figures.calculation import CalculationError

    result = CaseResult(Path(outcome.file), outcome.id, outcome.file, findings=list(outcome.findings))
    record = case_type(outcome.kind)
    if outcome.case_data is None or record is None:
        return result
    try:
        result.case = record.model.model_validate(outcome.case_data, strict=False)
        result.figures = record.calculate(result.case, reference)
    except (ValueError, CalculationError):  # pydantic's ValidationError is a ValueError
        result.case = result.figures = None
    result.case_type = record
    return result


def _entries(manifest: dict, key: str) -> dict:
    entries = manifest.get(key)
    return dict(entries) if isinstance(entries, dict) else {}


def _outcome(entry) -> CaseOutcome | None:
    """An entry as a CaseOutcome; None when it is missing or not one this version can read."""
    if not isinstance(entry, dict):
        return None
    try:
        return CaseOutcome.from_dict(entry)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
