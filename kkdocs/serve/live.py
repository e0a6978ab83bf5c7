"""A case text as it stands in the form, checked and calculated by the library, its findings placed at fields.

The text is judged by `check_case` exactly as `kkdocs validate` judges the saved file; serve adds
no rule and no arithmetic. A finding's line and column give the path of the value it is about
(the positions the YAML reader recorded); the finding is placed at that path's field, or at the
nearest field that encloses it, and a finding no field encloses (the whole file, a YAML syntax
error, a key the form does not show) stays in the list at the top. Every finding is in that list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kkdocs.batch.validate import CaseResult, check_case
from kkdocs.checks.reference_data import Reference
from kkdocs.findings import Finding, Level, count
from kkdocs.serve.figures_view import FiguresView, figures_view
from kkdocs.workspace import Workspace

@dataclass(frozen=True)
class Placed:
    finding: Finding
    element: str | None  # the id of its field's element, or None: shown at the top only

@dataclass
class Checked:
    text: str
    result: CaseResult
    figures: FiguresView | None
    findings: list[Placed] = field(default_factory=list)

    @property
    def fejl(self) -> int:
        return count(self.result.findings, Level.FEJL)

    @property
    def advarsler(self) -> int:
        return count(self.result.findings, Level.ADVARSEL)

def checked(text: str, path: Path, workspace: Workspace, reference: Reference) -> Checked:
    """`text` checked as the content of the case file at `path`."""
    result = check_case(path, workspace, reference, text)
    return Checked(text, result, figures_view(result.figures))


def place(found: Checked, elements: dict[tuple, str]) -> None:
    """Place each finding at the form's element (`elements`, by path) of its value, or of what encloses it."""
    located = _paths_by_position(found.result)
    found.findings = [Placed(f, _element(located.get((f.line, f.column)), elements)) for f in found.result.findings]

def _paths_by_position(result: CaseResult) -> dict[tuple[int, int], tuple]:
    """The deepest path at each position of the file (a value and its key share none)."""
    located: dict[tuple[int, int], tuple] = {}
    if result.source is None:
        return located
    for table in (result.source.positions.keys, result.source.positions.values):
        for path, position in table.items():
            if position not in located or len(path) > len(located[position]):
                located[position] = path
    return located

def _element(path: tuple | None, elements: dict[tuple, str]) -> str | None:
    while path:
        if path in elements:
            return elements[path]
        path = path[:-1]
    return None

