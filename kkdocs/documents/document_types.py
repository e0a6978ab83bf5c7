"""Document types as data: `templates/<type>/manifest.yaml` lists a case type's documents.

A manifest, with every key it may have:

    parts:                       # the Word documents, in bundle order
      - template: forslag.docx   # the .docx template in the same folder
        output: forslag.docx     # the file written to build/<id>/
        bookmark: "Forslag: {titel}"   # the PDF bookmark; {titel} is the case's (or the bilag's) title
        bundle: true             # whether the part goes into the PDF bundle (default true)
      - template: bilag.docx
        each: bilag              # optional: render once per item of this list in the context
        output: bilag-{n}.docx   # {n} is the item's number, 1, 2, … in order
        bookmark: "Bilag {n}: {titel}"
        bundle: true
        group: Bilag             # optional: nest these parts under one bookmark of this name
    workbooks:                   # the Excel files of the type (filled by render_xlsx), in order
      - template: kvantum.xlsx   # the .xlsx template in the same folder (tags: kkdocs/documents/xlsx_template.py)
        output: kvantum.xlsx
        bookmark: "Tekniske tabeller til Kvantum"   # optional; used if a workbook is put in a bundle
        bundle: false            # default false: workbooks are delivered beside the PDF

An item of an `each` list that names an attached file (a bilag with `fil`) is not rendered;
the renderer lists the file itself in that place so the bundle step appends it.

A workspace's own folder `templates/<type>/` need not be whole: each file it lacks, the
manifest included, comes from the folder kkdocs ships (`kkdocs/../templates/<type>/`), as
mkdocs' `custom_dir` overrides a theme file by file. A workspace that only wants its own
`forslag.docx` holds just that file; one that wants another bundle order holds just the
manifest. `DocumentType.template_path` says where each template is read from.

What fills the templates is the case type's business: its record in `kkdocs/case_types/` names
the Word and Excel context builders. Render code reads these manifests and the record, and
never branches on the case type. A manifest written before the records may still carry
`context: proposal | loan | distribution`; the key is accepted and not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from kkdocs.errors import KkdocsError
from kkdocs.workspace import SHIPPED_TEMPLATES

MANIFEST = "manifest.yaml"
PART_KEYS = {"template", "output", "bookmark", "bundle", "each", "group"}
WORKBOOK_KEYS = {"template", "output", "bookmark", "bundle"}
TOP_KEYS = {"context", "parts", "workbooks"}  # context: from older manifests, not read


class ManifestProblem(KkdocsError):
    """A manifest that cannot be used; the message is Danish and names the file."""


@dataclass(frozen=True)
class Part:
    template: str
    output: str
    bookmark: str
    bundle: bool = True
    each: str | None = None
    group: str | None = None  # the bookmark these parts are nested under in the bundle


@dataclass(frozen=True)
class Workbook:
    template: str
    output: str
    bookmark: str = ""
    bundle: bool = False


@dataclass(frozen=True)
class DocumentType:
    name: str
    folder: Path  # the workspace's own folder, or the shipped one
    parts: tuple[Part, ...]
    workbooks: tuple[Workbook, ...]
    fallback: Path | None = None  # the shipped folder, for the files `folder` lacks
    manifest: Path | None = None  # the manifest read

    def template_path(self, item: Part | Workbook) -> Path:
        """Where a part's or workbook's template is read: the own folder, else the shipped one."""
        return _found(item.template, self.folder, self.fallback) or self.folder / item.template


def shipped_folder(folder: Path) -> Path | None:
    """The shipped folder of the same type, when `folder` is another (a workspace's own)."""
    shipped = SHIPPED_TEMPLATES / folder.name
    if not shipped.is_dir() or shipped.resolve() == folder.resolve():
        return None
    return shipped


def _found(name: str, folder: Path, fallback: Path | None) -> Path | None:
    for where in (folder, fallback):
        if where is not None and (where / name).is_file():
            return where / name
    return None


def load_document_type(folder: Path) -> DocumentType:
    """Read a type's manifest; the folder is named after its case type (`templates/<type>/`).

    Each file the folder lacks, the manifest first, is taken from the shipped folder of the type.
    """
    fallback = shipped_folder(folder)
    path = _found(MANIFEST, folder, fallback)
    if path is None:
        raise ManifestProblem(f"Skabelonmappen {folder} har ingen {MANIFEST}.")
    stat = path.stat()
    data = _read_manifest(path, stat.st_mtime_ns, stat.st_size)
    if not isinstance(data, dict):
        raise ManifestProblem(f"{path} skal være en tabel med nøglerne parts og workbooks.")
    _known(data, TOP_KEYS, path, "")
    parts = tuple(_part(item, path) for item in _list(data, "parts", path))
    if not parts:
        raise ManifestProblem(f"{path}: 'parts' skal nævne mindst én skabelon.")
    workbooks = tuple(_workbook(item, path) for item in _list(data, "workbooks", path))
    for template in [part.template for part in parts] + [workbook.template for workbook in workbooks]:
        if _found(template, folder, fallback) is None:
            also = f" eller i {fallback}" if fallback is not None else ""
            raise ManifestProblem(f"{path}: skabelonen {template} findes ikke i {folder}{also}.")
    return DocumentType(folder.name, folder, parts, workbooks, fallback, path)


@lru_cache(maxsize=64)
def _read_manifest(path: Path, mtime_ns: int, size: int) -> object:
    """The parsed manifest, read once per process while the file is unchanged (every case asks)."""
    try:
        return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    except (YAMLError, UnicodeDecodeError) as exc:
        raise ManifestProblem(f"{path} kan ikke læses: {exc}") from None


def document_types(templates_dir: Path) -> list[DocumentType]:
    """Every document type that has a manifest under templates_dir, by name."""
    return [load_document_type(folder)
            for folder in sorted(templates_dir.iterdir()) if (folder / MANIFEST).is_file()]


def _list(data: dict, key: str, path: Path) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ManifestProblem(f"{path}: '{key}' skal være en liste.")
    return value


def _known(item: dict, keys: set[str], path: Path, where: str) -> None:
    unknown = set(item) - keys
    if unknown:
        raise ManifestProblem(f"{path}{where}: ukendt nøgle {', '.join(sorted(map(str, unknown)))}; "
                              f"kendte nøgler er {', '.join(sorted(keys))}.")


def _part(item, path: Path) -> Part:
    if not isinstance(item, dict):
        raise ManifestProblem(f"{path}: hver del under 'parts' skal være en tabel.")
    _known(item, PART_KEYS, path, f" (del {item.get('template', '?')})")
    for key in ("template", "output", "bookmark"):
        if not isinstance(item.get(key), str):
            raise ManifestProblem(f"{path}: en del under 'parts' mangler '{key}'.")
    for key in ("template", "output"):
        _plain_file_name(item[key], key, path)
    each = item.get("each")
    if each is not None and not isinstance(each, str):
        raise ManifestProblem(f"{path}: 'each' skal være navnet på en liste i konteksten.")
    group = item.get("group")
    if group is not None and not isinstance(group, str):
        raise ManifestProblem(f"{path}: 'group' skal være en tekst (bogmærket, delene samles under).")
    return Part(item["template"], item["output"], item["bookmark"], bool(item.get("bundle", True)), each, group)


def _workbook(item, path: Path) -> Workbook:
    if not isinstance(item, dict) or not all(isinstance(item.get(key), str) for key in ("template", "output")):
        raise ManifestProblem(f"{path}: hver projektmappe under 'workbooks' skal have 'template' og 'output'.")
    _known(item, WORKBOOK_KEYS, path, f" (projektmappe {item['output']})")
    for key in ("template", "output"):
        _plain_file_name(item[key], key, path)
    return Workbook(item["template"], item["output"], str(item.get("bookmark", "")), bool(item.get("bundle", False)))


def _plain_file_name(value: str, key: str, path: Path) -> None:
    """Templates are read from, and outputs written to, the type's own folders only."""
    name = value.replace("{n}", "1").replace("{titel}", "x")
    if Path(name).name != name or name in ("", ".", "..") or "\\" in name:
        raise ManifestProblem(f"{path}: '{key}' skal være et filnavn uden mappe, ikke {value!r}.")
