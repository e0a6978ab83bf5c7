"""The case's PDF as `kkdocs build` makes it: the real build of that one case (or package), into build/forhåndsvisning/.

The build reads the case file as saved, so the preview shows the saved case; the page marks it
as older than the form as soon as the form gives another text than the one it was built from.
One preview is built at a time; an unchanged case is not built again (the build's own check).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from kkdocs.batch.build import build
from kkdocs.batch.build_options import BuildOptions
from kkdocs.batch.build_report import FAILED
from kkdocs.batch.validate import check_package_file
from kkdocs.checks.reference_data import load_reference
from kkdocs.findings import Finding
from kkdocs.serve.case_page import digest
from kkdocs.workspace import Workspace

FOLDER = "forhåndsvisning"  # under build/; no case id can be this name (ids are a-z, 0-9 and -)
_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class Preview:
    pdf: str | None  # the bundle, relative to build/, or None when the case could not be built
    built_from: str  # the hash of the case file the build read
    problem: str | None = None
    findings: tuple[Finding, ...] = ()


def preview(workspace: Workspace, path: Path) -> Preview:
    """The case's bundle, or the package's PDF (its cases built with it), as the build makes them."""
    package = workspace.kind_of(path) == "pakke"
    with _ONE_AT_A_TIME:
        built_from = digest(path.read_bytes())
        paths = [*_cases_of(path, workspace), path] if package else [path]
        report = build(paths, workspace, BuildOptions(outdir=workspace.build / FOLDER, jobs=1))
    outcome = next((o for o in report.outcomes if o.id == path.stem and (o.kind == "pakke") == package), None)
    if outcome is None:
        return Preview(None, built_from, "Den blev ikke bygget; kør kkdocs build for at se hvorfor.")
    bundle = f"pakker/{path.stem}.pdf" if package else f"{path.stem}/{path.stem}.pdf"
    if outcome.status == FAILED or not any(o.path == bundle for o in outcome.outputs):
        problem = outcome.error or "Der er fejl, så der kan ikke laves en PDF; ret dem under Kontrol og gem."
        return Preview(None, built_from, problem, tuple(outcome.findings))
    return Preview(f"{FOLDER}/{bundle}", built_from)


def _cases_of(path: Path, workspace: Workspace) -> list[Path]:
    """The case files a saved package lists, those that exist (a missing one is the package's finding)."""
    package, _ = check_package_file(path, workspace, load_reference(workspace))
    ids = list(package.sager) if package is not None else []
    return [workspace.cases / f"{case_id}.yaml" for case_id in ids if (workspace.cases / f"{case_id}.yaml").is_file()]
