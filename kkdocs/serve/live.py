"""A case or package text as it stands in the form, checked by the library, its findings placed at fields.

The text is judged by `check_case` (a package's by `check_package_file`) exactly as `kkdocs
validate` judges the saved file; serve adds no rule and no arithmetic. A finding's line and
column give the path of the value it is about (the positions the YAML reader recorded); the
finding is placed at that path's field, or at the nearest field that encloses it, and a finding
no field encloses (the whole file, a YAML syntax error, a key the form does not show) stays in
the list at the top. Every finding is in that list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kkdocs.batch.validate import check_case, check_package_file
from kkdocs.case.form_layout import COMMON
from kkdocs.checks.reference_data import Reference
from kkdocs.findings import Finding, Level, count
from kkdocs.serve.figures_view import FiguresView, figures_view
from kkdocs.source.yaml_source import Source, YamlProblem, load_yaml_text
from kkdocs.workspace import Workspace


@dataclass(frozen=True)
class Placed:
    finding: Finding
    element: str | None  # the id of its field's element, or None: shown at the top only


@dataclass
class Checked:
    text: str
    found: list[Finding]  # as kkdocs validate reports them
    source: Source | None  # the text as read, with the position of every value; None when it is no YAML
    figures: Any  # what the type's calculation gives, or None
    view: FiguresView | None
    findings: list[Placed] = field(default_factory=list)

    @property
    def fejl(self) -> int:
        return count(self.found, Level.FEJL)

    @property
    def advarsler(self) -> int:
        return count(self.found, Level.ADVARSEL)


def checked(text: str, path: Path, workspace: Workspace, reference: Reference) -> Checked:
    """`text` checked as the content of the case or package file at `path`."""
    if workspace.kind_of(path) == "pakke":
        _, found = check_package_file(path, workspace, reference, text)
        try:
            source = load_yaml_text(text, workspace.display(path))
        except YamlProblem:
            source = None
        return Checked(text, found, source, None, None)
    result = check_case(path, workspace, reference, text)
    layout = result.case_type.form_layout if result.case_type is not None else COMMON
    return Checked(text, result.findings, result.source, result.figures, figures_view(result.figures, layout))


def place(found: Checked, elements: dict[tuple, str]) -> None:
    """Place each finding at the form's element (`elements`, by path) of its value, or of what encloses it."""
    located = _paths_by_position(found.source)
    found.findings = [Placed(f, _element(located.get((f.line, f.column)), elements)) for f in found.found]


def _paths_by_position(source: Source | None) -> dict[tuple[int, int], tuple]:
    """The deepest path at each position of the file (a value and its key share none)."""
    located: dict[tuple[int, int], tuple] = {}
    if source is None:
        return located
    for table in (source.positions.keys, source.positions.values):
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
