"""Ny sag: a case started from its type's skeleton (as `kkdocs new`), or from filled-in Word forms (as `kkdocs import`).

The skeleton is the one `kkdocs new` writes, with the title the user typed; its «…» placeholders
are findings (PLADSHOLDER) in the form until they are filled in. Uploaded forms are written to a
temporary folder under names kkdocs chooses and read by the importer, whose checks (a zip, its
size, no macros, no DTDs) are the same as for `kkdocs import`.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kkdocs.atomic_write import write_text_atomically
from kkdocs.case.skeletons import path_problem, skeleton
from kkdocs.case_types import case_type
from kkdocs.errors import KkdocsError
from kkdocs.form_import import CaseExists, ImportProblem, import_forms
from kkdocs.serve.form_to_case import dumped, loaded
from kkdocs.word_import.docx_reader import MAX_FILE_BYTES
from kkdocs.workspace import Workspace, suggested_id

MAX_FORMS = 10  # a proposal is at most forslag.docx, its administrativt bilag and a few bilag
MAX_UPLOAD_BYTES = MAX_FILE_BYTES  # per file, as the importer's own limit


class NewCaseProblem(KkdocsError):
    """The case cannot be made; the message is Danish and says what to do."""


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def from_skeleton(workspace: Workspace, kind: str, titel: str) -> str:
    """Write the skeleton of `kind` titled `titel` to data/sager/; the new case's id."""
    record = case_type(kind)
    if record is None:
        raise NewCaseProblem("Vælg en sagstype.")
    titel = " ".join(titel.split())
    if not titel:
        raise NewCaseProblem("Skriv sagens titel; sagens id (filnavnet) laves af den.")
    path = workspace.cases / f"{suggested_id(titel)}.yaml"
    problem = path_problem(kind, path)
    if problem:
        raise NewCaseProblem(problem)
    root = loaded(skeleton(record, path))
    root["titel"] = titel
    write_text_atomically(path, dumped(root))
    return path.stem


def new_package(workspace: Workspace, titel: str) -> str:
    """Write a package titled `titel` to data/pakker/, listing every case (as `kkdocs new pakke`); its id."""
    titel = " ".join(titel.split())
    if not titel:
        raise NewCaseProblem("Skriv pakkens titel; pakkens id (filnavnet) laves af den.")
    path = workspace.packages / f"{suggested_id(titel)}.yaml"
    problem = path_problem("pakke", path)
    if problem:
        raise NewCaseProblem(problem)
    ids = sorted(p.stem for p in workspace.cases.glob("*.yaml")) if workspace.cases.is_dir() else []
    root = loaded(skeleton(None, path, case_ids=ids))
    root["titel"] = titel
    write_text_atomically(path, dumped(root))
    return path.stem


def from_word(workspace: Workspace, uploads: list[Upload]) -> str:
    """Import the uploaded forms as a new case in data/sager/; the new case's id."""
    forms = [u for u in uploads if u.filename]
    if not forms:
        raise NewCaseProblem("Vælg en eller flere udfyldte Word-formularer (.docx).")
    if len(forms) > MAX_FORMS:
        raise NewCaseProblem(f"Højst {MAX_FORMS} formularer ad gangen: forslaget, det administrative bilag og bilagene.")
    for upload in forms:
        if not upload.filename.lower().endswith(".docx"):
            raise NewCaseProblem(f"{upload.filename} er ikke en Word-formular (.docx). Gem den som .docx i Word først.")
        if len(upload.data) > MAX_UPLOAD_BYTES:
            raise NewCaseProblem(f"{upload.filename} fylder over {MAX_UPLOAD_BYTES // 1_000_000} MB, så den læses ikke.")
    with tempfile.TemporaryDirectory(prefix="kkdocs-serve-upload-") as folder:
        paths = []
        for index, upload in enumerate(forms):
            # the importer knows the parts by their names (forslag, administrativt-bilag, bilag-N); nothing else of
            # the uploaded name is used, so it can name no other folder
            stem = re.sub(r"[^a-z0-9-]+", "-", suggested_id(Path(upload.filename).stem))[:60] or f"formular-{index + 1}"
            path = Path(folder) / f"{stem}.docx"
            if path.exists():
                path = Path(folder) / f"{stem}-{index + 1}.docx"
            path.write_bytes(upload.data)
            paths.append(path)
        try:
            report = import_forms(paths, workspace)
        except CaseExists as exc:
            raise NewCaseProblem(f"Sagen {exc.path.stem} findes allerede ({workspace.display(exc.path)}), så intet er "
                                 "skrevet. Åbn den fra oversigten og ret den dér, eller flyt eller omdøb filen først, "
                                 "hvis formularen skal blive en ny sag.") from None
        except ImportProblem as exc:
            raise NewCaseProblem(str(exc)) from None
    return report.written.stem
