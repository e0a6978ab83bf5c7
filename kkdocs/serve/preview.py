"""The case's PDF as `kkdocs build` makes it: the real build of that one case, into build/forhåndsvisning/.

The build reads the case file as saved, so the preview shows the saved case; the page marks it
as older than the form as soon as the form gives another text than the one it was built from.
One preview is built at a time; an unchanged case is not built again (the build's own check).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from kkdocs.batch.build import BuildOptions, build
from kkdocs.batch.build_report import FAILED
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
    with _ONE_AT_A_TIME:
        built_from = digest(path.read_bytes())
        report = build([path], workspace, BuildOptions(outdir=workspace.build / FOLDER, jobs=1))
    outcome = next((o for o in report.outcomes if o.id == path.stem), None)
    if outcome is None:
        return Preview(None, built_from, "Sagen blev ikke bygget; kør kkdocs build for at se hvorfor.")
    bundle = f"{path.stem}/{path.stem}.pdf"
    if outcome.status == FAILED or not any(o.path == bundle for o in outcome.outputs):
        problem = outcome.error or "Sagen har fejl, så der kan ikke laves en PDF; ret dem under Kontrol og gem."
        return Preview(None, built_from, problem, tuple(outcome.findings))
    return Preview(f"{FOLDER}/{bundle}", built_from)
