"""The workspace: the folder that holds data/reference/, and where its files are."""

from __future__ import annotations

import functools
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from kkdocs.errors import KkdocsError

PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # the repository (or install) root
CASE_ID_PATTERN = r"[a-z0-9-]+"
SHIPPED_REFERENCE = PACKAGE_ROOT / "data" / "reference"
SHIPPED_TEMPLATES = PACKAGE_ROOT / "templates"
SHIPPED_DEFAULTS = ("processer.yaml", "laanepuljer.yaml", "kommuner.yaml")  # a workspace may leave these out


class WorkspaceNotFound(KkdocsError):
    pass


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def cases(self) -> Path:
        return self.data / "sager"

    @property
    def packages(self) -> Path:
        return self.data / "pakker"

    @property
    def reference(self) -> Path:
        return self.data / "reference"

    @property
    def build(self) -> Path:
        return self.root / "build"

    def templates(self, case_type: str) -> Path:
        """The folder of a type's templates: the workspace's own `templates/<type>/`, else the shipped one.

        A workspace may keep its own templates for some types only; the others come with kkdocs. Its
        own folder may also hold some of a type's files only (`template_sources`).
        """
        own = self.root / "templates" / case_type
        return own if own.is_dir() else SHIPPED_TEMPLATES / case_type

    def template_sources(self, case_type: str) -> list[Path]:
        """Every folder a type's templates may be read from: its own folder first, and the shipped one,
        which gives each file the own folder lacks (documents.document_types)."""
        folder = self.templates(case_type)
        shipped = SHIPPED_TEMPLATES / case_type
        return [folder, shipped] if folder != shipped and shipped.is_dir() else [folder]

    def template_file(self, case_type: str, name: str) -> Path:
        """One template file: from the type's own folder when it has it, else the shipped one."""
        for folder in self.template_sources(case_type):
            if (folder / name).is_file():
                return folder / name
        return self.templates(case_type) / name

    def template_folders(self) -> list[Path]:
        """The template folder a build uses for each type: the shipped types, plus any of the workspace's own."""
        own = self.root / "templates"
        types = {folder.name for root in (SHIPPED_TEMPLATES, own) if root.is_dir()
                 for folder in root.iterdir() if (folder / "manifest.yaml").is_file()}
        return [self.templates(case_type) for case_type in sorted(types)]

    def display(self, path: Path) -> str:
        """A path as the user should see it: relative to the workspace where possible."""
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def folder_of(self, kind: str) -> Path:
        """Where validate and build, given no paths, find the files of a kind ('sag' or 'pakke')."""
        return self.packages if kind == "pakke" else self.cases

    def reads_as(self, path: Path, kind: str) -> bool:
        """Whether validate and build, given no paths, read `path` as a file of `kind` ('sag' or 'pakke'):
        a package directly in data/pakker/, a case in data/sager/ or a folder under it."""
        resolved, folder = path.resolve(), _resolved(self.folder_of(kind))
        if kind == "pakke":
            return resolved.parent == folder
        return folder in resolved.parents and "reference" not in resolved.relative_to(folder).parts \
            and self.kind_of(path) == "sag"

    def kind_of(self, path: Path) -> str:
        """'sag', 'pakke' or 'reference', by the folder a YAML file is in."""
        parent = path.resolve().parent if path.is_symlink() else _resolved(path.parent)
        if parent == _resolved(self.packages) or parent.name == "pakker":
            return "pakke"
        if parent == _resolved(self.reference) or parent.name == "reference":
            return "reference"
        return "sag"


@functools.lru_cache(maxsize=64)
def _resolved(folder: Path) -> Path:
    """A folder's real path; a build asks this for the same few folders once per file."""
    return folder.resolve()


def find_workspace(start: Path | None = None, explicit: Path | None = None) -> Workspace:
    """--workspace, then KKDOCS_WORKSPACE, then the nearest folder upward that holds data/reference/."""
    named = explicit or (Path(os.environ["KKDOCS_WORKSPACE"]) if os.environ.get("KKDOCS_WORKSPACE") else None)
    if named is not None:
        if not (named / "data" / "reference").is_dir():
            raise WorkspaceNotFound(f"{named} er ikke et arbejdsområde: mappen data/reference/ mangler.")
        return Workspace(named.resolve())
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "reference").is_dir():
            return Workspace(folder)
    raise WorkspaceNotFound(
        f"Fandt intet arbejdsområde i {here} eller mapperne over den (der skal være en mappe data/reference/). "
        "Lav et nyt arbejdsområde her med: kkdocs init  (eller brug --workspace MAPPE).")


SUGGESTED_ID_LENGTH = 60  # a handle to type and read in build/<id>/, not the whole title


def suggested_id(name: str) -> str:
    """A case id made from any name: "Mobil håndtering 2024" -> "mobil-haandtering-2024"; a long name is
    cut after its last whole word within SUGGESTED_ID_LENGTH characters."""
    text = name.lower()
    for letter, spelled in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e"), ("ü", "u"), ("ö", "oe"), ("ä", "ae")):
        text = text.replace(letter, spelled)
    made = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(made) > SUGGESTED_ID_LENGTH:
        cut = made[:SUGGESTED_ID_LENGTH + 1]
        made = cut.rsplit("-", 1)[0] if "-" in cut else cut[:SUGGESTED_ID_LENGTH]
    return made or "sag"


def quoted(path: Path | str) -> str:
    """A path as it must be typed in a shell: quoted when it holds spaces or other special characters."""
    return shlex.quote(str(path))


def yaml_files(paths: list[Path], workspace: Workspace) -> list[Path]:
    """The case and package files named by `paths` (files or folders); default: all of data/."""
    if not paths:
        paths = [folder for folder in (workspace.cases, workspace.packages) if folder.is_dir()]
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(path.rglob("*.yaml")) + sorted(path.rglob("*.yml")):
                if "reference" not in file.relative_to(path).parts and file.parent.name != "reference":
                    found.append(file)
        else:
            found.append(path)
    unique: dict[Path, Path] = {}
    for file in found:
        unique.setdefault(file.resolve(), file)
    return list(unique.values())
