"""The case's PDF as `kkdocs build` makes it: the real build of that one case (or package), into build/forhåndsvisning/.

The build is given the text the form gives (BuildOptions.texts), so the preview shows the case as
it stands in the form, saved or not; the page marks it as older than the form as soon as the form
gives another text than the one it was built from. One preview is built at a time; an unchanged
text is not built again (the build's own check). A package's cases are built as saved.
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


def preview(workspace: Workspace, path: Path, text: str | None = None) -> Preview:
    """The case's bundle, or the package's PDF (its cases built with it), as the build makes them from `text`
    (default: the file as saved)."""
    package = workspace.kind_of(path) == "pakke"
    with _ONE_AT_A_TIME:
        if text is None:
            text = path.read_bytes().decode("utf-8", "replace")
        built_from = digest(text.encode("utf-8"))
        paths = [*_cases_of(path, workspace, text), path] if package else [path]
        report = build(paths, workspace, BuildOptions(outdir=workspace.build / FOLDER, jobs=1, texts={path: text}))
    outcome = next((o for o in report.outcomes if o.id == path.stem and (o.kind == "pakke") == package), None)
    if outcome is None:
        return Preview(None, built_from, "Den blev ikke bygget; kør kkdocs build for at se hvorfor.")
    bundle = f"pakker/{path.stem}.pdf" if package else f"{path.stem}/{path.stem}.pdf"
    if outcome.status == FAILED or not any(o.path == bundle for o in outcome.outputs):
        problem = outcome.error or "Der er fejl, så der kan ikke laves en PDF; ret dem under Kontrol."
        return Preview(None, built_from, problem, tuple(outcome.findings))
    return Preview(f"{FOLDER}/{bundle}", built_from)


def _cases_of(path: Path, workspace: Workspace, text: str) -> list[Path]:
    """The case files the package's text lists, those that exist (a missing one is the package's finding)."""
    package, _ = check_package_file(path, workspace, load_reference(workspace), text)
    ids = list(package.sager) if package is not None else []
    return [workspace.cases / f"{case_id}.yaml" for case_id in ids if (workspace.cases / f"{case_id}.yaml").is_file()]
