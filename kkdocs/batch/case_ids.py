"""The ids a workspace's files give its cases and packages, and the ones a build cannot take.

A case's id is its file name before .yaml, and its outputs go to build/<id>/; a package's go to
build/pakker/<id>.pdf and <id>-oversigt.xlsx. Two case files with one id (data/sager/x.yaml and
data/sager/2024/x.yaml) would write one folder, and a case named like a folder the build keeps
for itself would write among the packages. Either is a fejl at each file it concerns, found
by validate as by build, and such a file is not built.
"""

from __future__ import annotations

from pathlib import Path

from kkdocs.findings import Finding, Level
from kkdocs.workspace import Workspace, yaml_files

PACKAGES_FOLDER = "pakker"  # build/pakker/: the packages' files
RESERVED_CASE_IDS = (PACKAGES_FOLDER,)  # the names in build/ that a case id could take


def id_findings(files: list[Path], workspace: Workspace) -> dict[Path, list[Finding]]:
    """The fejl of each file in `files` whose id is reserved or shared with another file.

    A case is compared with every case file of the workspace, also those `files` leaves out: a
    build of one file still writes the folder the other one's outputs are in.
    """
    named = {file.resolve() for file in files}
    everything: dict[Path, Path] = {}
    for file in [*files, *yaml_files([], workspace)]:
        everything.setdefault(file.resolve(), file)  # as `files` names it, for the caller to look up
    found: dict[Path, list[Finding]] = {}
    for kind in ("sag", "pakke"):
        by_id: dict[str, list[Path]] = {}
        for file in everything.values():
            if workspace.kind_of(file) == kind:
                by_id.setdefault(file.stem, []).append(file)
        for same_id, paths in by_id.items():
            for path in paths:
                if path.resolve() not in named:
                    continue
                if kind == "sag" and same_id in RESERVED_CASE_IDS:
                    found.setdefault(path, []).append(_reserved(path, workspace))
                if len(paths) > 1:
                    others = [other for other in paths if other is not path]
                    found.setdefault(path, []).append(_shared(path, others, kind, workspace))
    return found


def _reserved(path: Path, workspace: Workspace) -> Finding:
    return Finding(workspace.display(path), 1, 1, Level.FEJL, "ID-RESERVERET",
                   f"Sags-id'et '{path.stem}' kan ikke bruges: byggemappen har sin egen mappe {path.stem}/ "
                   f"til pakkerne, og sagens filer ville blive blandet med dem. Omdøb filen, fx til "
                   f"'{path.stem}-sag{path.suffix}'.")


def _shared(path: Path, others: list[Path], kind: str, workspace: Workspace) -> Finding:
    what, where = ("Sags-id'et", f"mappen build/{path.stem}/") if kind == "sag" else \
        ("Pakke-id'et", f"filerne build/pakker/{path.stem}.pdf og {path.stem}-oversigt.xlsx")
    rename = f"{path.stem}-{path.parent.name}{path.suffix}" if kind == "sag" else f"{path.stem}-2{path.suffix}"
    return Finding(workspace.display(path), 1, 1, Level.FEJL, "ID-DUBLET",
                   f"{what} '{path.stem}' bruges også af {', '.join(workspace.display(o) for o in others)}: "
                   f"filnavnet før .yaml er id'et, og begge ville skrive {where}. Ingen af dem bygges, før den "
                   f"ene er omdøbt, fx til '{rename}'.")
