"""One case (or package) in the editor: opened from its file, checked as the form changes, saved.

The page carries the file's text as it was loaded (`grundlag`) and the hash of the file's bytes
then (`disk_hash`); every request applies the whole form to that text, so what is checked,
shown and saved is always the text that the form gives, and an edit made on disk meanwhile
(an editor, a colleague, `import --into`) is seen at save and never overwritten.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap

from kkdocs.atomic_write import write_text_atomically
from kkdocs.case.form_layout import PACKAGE_LAYOUT, FormLayout
from kkdocs.case.model import Package
from kkdocs.case_types import case_type
from kkdocs.case_types.record import CaseType
from kkdocs.checks.reference_data import Reference
from kkdocs.errors import KkdocsError
from kkdocs.serve.choices import choices
from kkdocs.serve.form_fields import Field, fields_of
from kkdocs.serve.form_to_case import Form, NotACase, apply_form, change_structure, dumped, input_name, loaded
from kkdocs.serve.form_view import Widget, element_id, element_ids, widgets
from kkdocs.serve.live import Checked, checked, place
from kkdocs.word_import.case_merge import wrapping_kept
from kkdocs.workspace import Workspace

PARSED_KEPT = 32  # the texts of that many open pages (each a few hundred kB parsed)
_PARSED: dict[str, CommentedMap] = {}

BASE_FIELD, HASH_FIELD, ACTION_FIELD, PREVIEW_FIELD = "grundlag", "disk_hash", "handling", "forhaandsvisning_af"


class CasePageProblem(KkdocsError):
    """The case cannot be shown as a form; the message is Danish and says what to do."""


@dataclass(frozen=True)
class Kind:
    """What a form is of: a case of one type, or a package."""

    label: str  # Danish: "Investeringsforslag", "Pakke"
    model: type[BaseModel]
    route: str  # the page's address is /<route>/<id>
    layout: FormLayout  # what the form needs beyond the model (the type's record)


PACKAGE = Kind("Pakke", Package, "pakke", PACKAGE_LAYOUT)


def case_kind(record: CaseType) -> Kind:
    return Kind(record.label, record.model, "sag", record.form_layout)


@dataclass
class CaseForm:
    case_id: str
    path: Path
    display: str
    kind: Kind
    base: str  # the text the form is applied to
    disk_hash: str  # of the file's bytes when the page was loaded
    widgets: list[Widget]
    checked: Checked
    focus: str | None = None  # the element to focus after a row was added or removed
    preview_stale: bool = False  # the preview shown was built from another text than the form gives

    @property
    def titel(self) -> str:
        data = self.checked.source.data if self.checked.source is not None else None
        titel = data.get("titel") if isinstance(data, dict) else None
        return titel if isinstance(titel, str) and titel.strip() else self.case_id

    @property
    def address(self) -> str:
        return f"/{self.kind.route}/{self.case_id}"


@dataclass
class Saved:
    form: CaseForm
    written: bool
    conflict: str | None = None  # the difference between the file on disk and the form, when it changed meanwhile


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def opened(workspace: Workspace, reference: Reference, path: Path) -> CaseForm:
    """The form of the case file as it is on disk."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CasePageProblem(f"Sagen {workspace.display(path)} findes ikke (længere).") from None
    except OSError as exc:
        raise CasePageProblem(f"{workspace.display(path)} kan ikke læses: {exc.strerror or exc}.") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CasePageProblem(f"{workspace.display(path)} er ikke gemt som UTF-8; kkdocs validate siger hvordan "
                              "den rettes.") from None
    return _form(workspace, reference, path, text, digest(raw))


def updated(workspace: Workspace, reference: Reference, path: Path, form: Form) -> CaseForm:
    """The form's values applied to the text the page was loaded with, and checked."""
    base, disk_hash = _base(form)
    root = _document(base, workspace, path)
    kind = _kind(root, workspace, path)
    apply_form(root, fields_for(kind), form)
    text = wrapping_kept(base, dumped(root))
    page = _form(workspace, reference, path, base, disk_hash, text=text, kind=kind, root=root)
    preview_of = (form.get(PREVIEW_FIELD) or [""])[-1]
    page.preview_stale = bool(preview_of) and digest(page.checked.text.encode("utf-8")) != preview_of
    return page


def restructured(workspace: Workspace, reference: Reference, path: Path, form: Form) -> CaseForm:
    """A row added or removed: the form's values and the change become the page's new text."""
    base, disk_hash = _base(form)
    root = _document(base, workspace, path)
    kind = _kind(root, workspace, path)
    action = (form.get(ACTION_FIELD) or [""])[-1]
    change_structure(root, fields_for(kind), form, action)
    text = wrapping_kept(base, dumped(root))
    page = _form(workspace, reference, path, text, disk_hash, kind=kind, root=root)
    page.focus = _focus(page.widgets, action)
    return page


def saved(workspace: Workspace, reference: Reference, path: Path, form: Form) -> Saved:
    """Write exactly the text that was checked, unless the file changed on disk since the page was loaded."""
    page = updated(workspace, reference, path, form)
    try:
        now = path.read_bytes()
    except FileNotFoundError:
        now = None
    if now is None or digest(now) != page.disk_hash:
        on_disk = now.decode("utf-8", "replace") if now is not None else ""
        return Saved(page, False, _difference(on_disk, page.checked.text, page.display))
    write_text_atomically(path, page.checked.text)
    written = _form(workspace, reference, path, page.checked.text, digest(path.read_bytes()))
    return Saved(written, True)


def _form(workspace: Workspace, reference: Reference, path: Path, base: str, disk_hash: str,
          text: str | None = None, kind: Kind | None = None, root: CommentedMap | None = None) -> CaseForm:
    """The page of the text `text` (default: `base`), whose document `root` is, when already loaded."""
    text = base if text is None else text
    data = root if root is not None else _document(text, workspace, path)
    kind = kind or _kind(data, workspace, path)
    found = checked(text, path, workspace, reference)
    items = widgets(fields_for(kind), data, _years(found, data), choices(reference, workspace))
    place(found, element_ids(items))
    return CaseForm(path.stem, path, workspace.display(path), kind, base, disk_hash, items, found)


def _document(text: str, workspace: Workspace, path: Path) -> CommentedMap:
    """The round-trip document of `text`, a copy of its own: a page's text is parsed once, as parsing takes
    most of a keystroke's time and every keystroke applies the form to the same text."""
    key = digest(text.encode("utf-8"))
    if key not in _PARSED:
        try:
            _PARSED[key] = loaded(text)
        except NotACase as exc:
            raise CasePageProblem(f"{workspace.display(path)}: {exc}") from None
        while len(_PARSED) > PARSED_KEPT:
            _PARSED.pop(next(iter(_PARSED)))
    return copy.deepcopy(_PARSED[key])


def _kind(root: CommentedMap, workspace: Workspace, path: Path) -> Kind:
    if workspace.kind_of(path) == "pakke":
        return PACKAGE
    record = case_type(root.get("type"))
    if record is None:
        raise CasePageProblem(f"{workspace.display(path)} har ingen kendt type (type: {root.get('type')!r}); ret "
                              "type: i en teksteditor først (kkdocs validate viser typerne).")
    return case_kind(record)


def fields_for(kind: Kind) -> list[Field]:
    return fields_of(kind.model, kind.layout)


def _base(form: Form) -> tuple[str, str]:
    base = (form.get(BASE_FIELD) or [""])[-1].replace("\r\n", "\n")
    return base, (form.get(HASH_FIELD) or [""])[-1]


def _years(found: Checked, data: Any) -> list[int]:
    """The columns of the year grids: the case's years as computed, else every year the file names."""
    years = getattr(found.figures, "years", None)
    if years:
        return list(years)
    found: set[int] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, int) and not isinstance(key, bool) and 1900 < key < 2200:
                    found.add(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(data)
    return sorted(found)


def _focus(items: list[Widget], action: str) -> str | None:
    """After `tilføj:<list>` the first input of the new row; after `fjern:<row>` the list's add button; after
    `op:<item>` or `ned:<item>` the item moved; after `vis:<field>` (the form drawn again) that field."""
    verb, _, where = action.partition(":")
    try:
        path = tuple(json.loads(where))
    except (json.JSONDecodeError, TypeError):
        return None
    if verb == "vis":
        return element_id(path)
    wanted = input_name(path if verb == "tilføj" else path[:-1])
    for item in _all(items):
        if item.name == wanted and verb in ("op", "ned"):
            return item.option_id(str(path[-1]))
        if item.name == wanted:
            if verb == "tilføj" and item.children:
                return next((w.id for w in _all(item.children[-1:]) if not w.children and not w.cells
                             and w.kind not in ("group", "rows", "multi")), None)
            if verb == "tilføj" and item.cells:
                return item.cells[-1][0].id
            return item.id + "-tilfoej"
    return None


def _all(items: list[Widget]):
    for item in items:
        yield item
        yield from _all(item.children)


def _difference(on_disk: str, ours: str, name: str) -> str:
    lines = difflib.unified_diff(on_disk.splitlines(keepends=True), ours.splitlines(keepends=True),
                                 fromfile=f"{name} (på disken nu)", tofile=f"{name} (formularen)")
    return "".join(lines) or "(filen på disken er nu den samme som formularen, men blev ændret undervejs)"
