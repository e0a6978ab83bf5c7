"""`kkdocs import`: read filled-in forms into a new case, into an existing case, or only check them.

Each function reads the documents (docx_reader), finds which form they are, reads it into case
data (the form reader of each type's record, kkdocs/case_types/), and lets kkdocs' own validation check the result: the totals the form
states are under `oplyst`, so the form's arithmetic errors come out as SUM-AFVIGER with its own
numbers. A stated total without a field of its own (Tabel A's Total) is compared with kkdocs'
figure here, after the calculation (`_stated_figure`): it compares, it never computes. A form
kkdocs wrote also carries its case's own values (`carried_values`): a new case is then those
values with the printed form merged into them as `--into` merges it. Nothing here prints; the
CLI shows the report.
"""

from __future__ import annotations

import copy
import datetime
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kkdocs.atomic_write import write_text_atomically
from kkdocs.batch.validate import check_case
from kkdocs.case_types import CASE_TYPES, case_type
from kkdocs.checks.attachments import read_sheet, resolve_attachment
from kkdocs.checks.reference_data import load_reference
from kkdocs.danish_format import format_amount
from kkdocs.errors import KkdocsError
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import YamlProblem, load_yaml_text
from kkdocs.word_import.case_merge import FieldChange, MergeProblem, merged_text
from kkdocs.word_import.carried_values import CarriedValues, carried_values
from kkdocs.word_import.case_yaml import case_text
from kkdocs.word_import.docx_reader import UnreadableDocument, read_document
from kkdocs.word_import.imported_case import ImportedCase, Missing, StatedFigure, value_at
from kkdocs.workspace import CASE_ID_PATTERN, Workspace, suggested_id


class ImportProblem(KkdocsError):
    """The documents cannot be imported; the message is Danish and names the file."""


class CaseExists(ImportProblem):
    """The new case's file is there already; the message says what to do on the command line."""

    def __init__(self, message: str, path: Path):
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class FormFinding:
    """A finding about the form itself, placed in the document: "forslag.docx, Tabel 2, række 5"."""

    where: str
    level: Level
    code: str
    message: str
    path: tuple = ()  # the field of the case it is about, when known

    def as_text(self) -> str:
        return f"{self.where}: {self.level.value} {self.code}: {self.message}"


@dataclass
class ImportReport:
    imported: ImportedCase
    written: Path | None = None  # the case file written or updated
    findings: list[Finding] = field(default_factory=list)  # the written case's, with file, line and column
    form_findings: list[FormFinding] = field(default_factory=list)  # the same, placed in the documents
    changes: list[FieldChange] = field(default_factory=list)  # --into: what changed, field by field
    updated: bool = False  # an existing case was updated (--into)
    notices: list[str] = field(default_factory=list)  # --into: what Word shows that was not taken over
    carried: tuple[str, ...] = ()  # the documents whose own case values (case_values_part) were used


def read_forms(paths: list[Path], workspace: Workspace | None, case_type: str | None = None) -> ImportedCase:
    """The documents at `paths` read as one form; `case_type` is the case they update, if any (so that
    bilag-N.docx alone updates a proposal)."""
    documents = []
    names = [p.name for p in paths]
    for path, name in zip(paths, names if len(set(names)) == len(names) else [str(p) for p in paths]):
        if path.suffix.lower() in (".docm", ".dotm"):
            raise ImportProblem(f"{name}: et makroaktiveret Word-dokument (.docm) åbnes ikke; gem formularen som "
                                "almindeligt Word-dokument (.docx) uden makroer, og prøv igen.")
        if path.suffix.lower() == ".doc":
            raise ImportProblem(f"{name}: det gamle Word-format (.doc) kan ikke læses; gem formularen som Word-dokument "
                                "(.docx), og prøv igen.")
        try:
            documents.append(read_document(path, name))
        except UnreadableDocument as exc:
            raise ImportProblem(str(exc)) from None
    organisation = load_reference(workspace).organisation if workspace is not None else None
    forms = [record.form for record in CASE_TYPES if record.form is not None]
    for form in dict.fromkeys(forms):  # the two proposals share one reader
        if form.recognises(documents, case_type):
            return form.read(documents, organisation, case_type)
    shown = ", ".join(d.name for d in documents)
    for form in forms:
        if (reason := form.near_miss(documents)) is not None:
            raise ImportProblem(f"{shown}: {reason}")
    headings = [f"'{heading}'" for form in dict.fromkeys(forms) for heading in form.headings]
    listed = " eller ".join([", ".join(headings[:-1]), headings[-1]] if len(headings) > 1 else headings)
    raise ImportProblem(f"{shown}: dokumentet er ikke en af de formularer, kkdocs kender: der er ingen overskrift "
                        f"{listed}, som formularerne begynder med.")


def import_forms(paths: list[Path], workspace: Workspace, outdir: Path | None = None,
                 frist: datetime.date | None = None, status: str | None = None) -> ImportReport:
    """Write the forms at `paths` as a new case file in `outdir` (default: data/sager/), and check it.

    `frist` and `status`, which no form holds, may be given; otherwise they are placeholders. The
    report's findings are the file's own, and, while frist or status is a placeholder, those
    the file will have once they are filled in (the form's arithmetic), at the same lines.
    """
    imported = read_forms(paths, workspace)
    carried, notice = carried_values(paths, imported.case_type)
    if frist is not None:
        imported.data["frist"] = frist
    if status is not None:
        imported.data["status"] = status
    given = {("frist",)} if frist is not None else set()
    given |= {("status",)} if status is not None else set()
    imported.gaps = [g for g in imported.gaps if tuple(g.path) not in given]
    folder = outdir or workspace.cases
    case_id = carried.case_id if carried is not None and re.fullmatch(CASE_ID_PATTERN, carried.case_id) else \
        _case_id(paths, imported)
    target = folder / f"{case_id}.yaml"
    if target.exists():
        shown = workspace.display(target)
        raise CaseExists(f"{shown} findes allerede; opdatér den med --into {shown}, eller vælg en anden mappe med -o.",
                         target)
    report = ImportReport(imported, written=target, notices=[notice] if notice else [])
    if carried is not None:
        text = _with_carried_values(imported, carried, target, workspace, given, report)
    else:
        text = case_text(imported)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_text_atomically(target, text)
    except OSError as exc:
        raise ImportProblem(f"Kunne ikke skrive {workspace.display(target)}: {exc.strerror or exc}.") from None
    report.findings, report.form_findings = _checked(target, text, imported, workspace)
    placeholder_lines = {i for i, line in enumerate(text.splitlines(), start=1)
                         if re.match(r"(frist|status): «", line)}
    if placeholder_lines:
        neutral = "\n".join(_neutral_line(line) if i in placeholder_lines else line
                            for i, line in enumerate(text.splitlines(), start=1)) + "\n"
        with tempfile.TemporaryDirectory(prefix="kkdocs-import-") as folder:
            findings, form = _checked(Path(folder) / target.name, neutral, imported, workspace)
        shown = workspace.display(target)
        report.findings = [f for f in report.findings if f.line in placeholder_lines] + [
            replace(f, file=shown) for f in findings if f.line not in placeholder_lines]
        report.form_findings = form
    return report


def _with_carried_values(imported: ImportedCase, carried: CarriedValues, target: Path, workspace: Workspace,
                         given: set, report: ImportReport) -> str:
    """The case text from the values kkdocs put in the documents, updated with what the printed form says.

    The printed form is read first and wins: the carried values are the case file as it was, and
    the form is merged into it as `--into` merges it, so that what the form prints differently is
    taken over and listed in `report.changes`, and what it does not print (frist, status, a nøgle,
    årsværk × sats that still give the printed figures) comes from the values. `given` are the
    fields the user gave on the command line, which win over both.
    """
    data = {k: (imported.data[k] if (k,) in given else v) for k, v in carried.data.items()}
    base = case_text(ImportedCase(imported.case_type, data, imported.documents))
    lines = base.split("\n")
    lines.insert(2, f"# Det, formularen ikke viser, er sagens egne værdier, som kkdocs gemte i "
                    f"{', '.join(carried.documents)}.")
    base = "\n".join(lines)
    masked = ImportedCase(imported.case_type, _masked(imported.data, imported.gaps), imported.documents,
                          places=imported.places)
    stated: list[StatedFigure] = []
    with tempfile.TemporaryDirectory(prefix="kkdocs-import-") as folder:
        path = Path(folder) / target.name
        path.write_text(base, encoding="utf-8")
        old = check_case(path, workspace, load_reference(workspace))
    try:
        text, report.changes = merged_text(base, masked, old, workspace.display(target),
                                           lambda candidate: _figures(candidate, target.name, workspace),
                                           lambda name, sheet: _sheet_rows(name, sheet, target, workspace),
                                           report.notices, stated)
    except MergeProblem as exc:
        raise ImportProblem(str(exc)) from None
    report.carried = carried.documents
    imported.stated = [*imported.stated, *stated]
    imported.gaps = [g for g in imported.gaps if value_at(data, g.path) is None]
    return text


def _neutral_line(line: str) -> str:
    """A frist or status placeholder line with a valid value, for checking the rest of the file."""
    key = line.split(":", 1)[0]
    return f"{key}: {datetime.date.today().isoformat() if key == 'frist' else 'hørt'}"


def _case_id(paths: list[Path], imported: ImportedCase) -> str:
    """The id of a case built by kkdocs (build/<id>/forslag.docx, next to build/manifest.json), else one
    made from the title."""
    folders = {p.resolve().parent for p in paths}
    if len(folders) == 1:
        folder = folders.pop()
        if re.fullmatch(CASE_ID_PATTERN, folder.name) and (folder.parent / "manifest.json").is_file():
            return folder.name
    titel = imported.data.get("titel")
    return suggested_id(titel if isinstance(titel, str) else paths[0].stem)


def check_forms(paths: list[Path], workspace: Workspace) -> ImportReport:
    """Only the findings about the forms at `paths`: their gaps and the checks of their figures.

    The fields no form holds (frist, and status without an UDKAST mark) are given neutral
    values for the check only, so that the findings are the form's own; nothing is written.
    """
    imported = read_forms(paths, workspace)
    filled: list[tuple] = []
    # A part the form lacks may be read as empty (no contact rows): for the check it is missing too.
    empty = [g for g in imported.gaps if value_at(imported.data, g.path) in ([], {}, "")]
    data = _masked(imported.data, empty)
    checked = ImportedCase(imported.case_type, _for_checking(data, workspace, filled), imported.documents,
                           [], imported.stated, places=imported.places, not_in_form=imported.not_in_form)
    text = case_text(checked)
    report = ImportReport(imported)
    with tempfile.TemporaryDirectory(prefix="kkdocs-import-") as folder:
        target = Path(folder) / "import.yaml"
        target.write_text(text, encoding="utf-8")
        _, report.form_findings = _checked(target, text, imported, workspace)
    # A placeholder left by a gap is that gap, reported once, as IMPORT-HUL; what the check's own
    # neutral values give rise to is not the form's.
    report.form_findings = [FormFinding(g.where, _gap_level(g, imported), "IMPORT-HUL", g.message, g.path)
                            for g in imported.gaps if not imported.is_not_in_form(g.path)] + [
        f for f in report.form_findings if f.code != "PLADSHOLDER" and not any(f.path[:len(p)] == p for p in filled)]
    return report


# Neutral values, for --check only, of the fields that are not text: status, a row's styringsområde,
# and a loan project's fields that the form does not hold.
CHECK_VALUES = {"status": "hørt", "styringsområde": "Service", "paragraf": 108, "art": "nybyggeri",
                "bruttoanlægsudgift": 10**9, "koordineret_i": "ingen"}


def _for_checking(data: dict, workspace: Workspace, filled: list[tuple]) -> dict:
    """The data with a neutral value for each missing field, so that every stated figure can be checked
    whatever else the form leaves out.

    frist is today, status hørt, a missing styringsområde Service, a missing forvaltning the
    form's own (or the organisation's first), and a missing fordeling one share to each berørt
    forvaltning's udvalg; a loan project's paragraf, art, bruttoanlægsudgift and koordineret_i
    neutral values; any other field what its type's schema allows (`_schema_values`). `filled`
    gets the path of each, so that what those values cause is not reported. Only `--check` uses
    these, and it writes nothing.
    """
    def neutral(value, key, path=()):
        if isinstance(value, dict):
            return {k: neutral(v, k, path + (k,)) for k, v in value.items()}
        if isinstance(value, list):
            return [neutral(v, key, path + (i,)) for i, v in enumerate(value)]
        if isinstance(value, Missing):
            filled.append(path)
            if key == "frist":
                return datetime.date.today()
            if key == "nøgle":
                codes = data.get("berørte_forvaltninger")
                codes = codes if isinstance(codes, list) and codes else [data.get("fremstillende_forvaltning")]
                return {_udvalg_of(code, workspace): 1 for code in codes}
            if key in CHECK_VALUES:
                return CHECK_VALUES[key]
            if key in ("fremstillende_forvaltning", "berørte_forvaltninger"):
                code = data.get("fremstillende_forvaltning")
                code = code if isinstance(code, str) and not isinstance(code, Missing) else _first_forvaltning(workspace)
                return code if key == "fremstillende_forvaltning" else [code]
            return schema_value(path, value)
        return value

    schema_value = _schema_values(data.get("type"))
    return neutral(data, None)


def _first_forvaltning(workspace: Workspace) -> str:
    organisation = load_reference(workspace).organisation
    return next(iter(organisation.forvaltninger)) if organisation is not None and organisation.forvaltninger \
        else "ØKF"


def _schema_values(type_name) -> Callable[[tuple, object], object]:
    """A neutral value for the field at a path, by the case type's JSON schema: null where the field may
    be null (as if the case left it out), else today for a date, the first of a choice, the field's
    first example, an empty list; otherwise `default` (a «…» placeholder is a valid text)."""
    record = case_type(type_name)
    if record is None:
        return lambda path, default: default
    schema = record.model.model_json_schema(mode="validation")
    definitions = schema.get("$defs", {})

    def resolved(node: dict) -> dict:
        while "$ref" in node:
            node = definitions.get(node["$ref"].rsplit("/", 1)[-1], {})
        return node

    def branches(node: dict) -> list[dict]:
        node = resolved(node)
        options = node.get("anyOf") or node.get("oneOf")
        return [resolved(o) for o in options] if options else [node]

    def neutral_value(path: tuple, default):
        nodes = [schema]
        for key in path:
            children = []
            for node in nodes:
                for branch in branches(node):
                    if isinstance(key, int) and "items" in branch:
                        children.append(branch["items"])
                    elif isinstance(key, str) and key in branch.get("properties", {}):
                        children.append(branch["properties"][key])
                    elif isinstance(key, str) and isinstance(branch.get("additionalProperties"), dict):
                        children.append(branch["additionalProperties"])
            nodes = children
        if not nodes:
            return default
        options = branches(nodes[0])
        if any(b.get("type") == "null" for b in options):
            return None
        first = options[0]
        if first.get("format") == "date":
            return datetime.date.today()
        if first.get("enum"):
            return first["enum"][0]
        examples = resolved(nodes[0]).get("examples") or first.get("examples")
        if examples:
            return examples[0]  # a value the model accepts, as its own documentation shows it
        if first.get("type") == "array":
            return []
        return default

    return neutral_value



def _udvalg_of(code, workspace: Workspace) -> str:
    organisation = load_reference(workspace).organisation
    if organisation is not None:
        forvaltning = organisation.forvaltninger.get(code) if isinstance(code, str) else None
        if forvaltning is not None:
            return forvaltning.udvalg
        return organisation.udvalg[0].navn
    return "Økonomiudvalget"


def update_case(paths: list[Path], case_path: Path, workspace: Workspace) -> ImportReport:
    """Update the case file at `case_path` with what the forms at `paths` say, keeping the rest of it."""
    try:
        old_text = case_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportProblem(f"{workspace.display(case_path)} kan ikke læses: "
                            f"{getattr(exc, 'strerror', None) or exc}.") from None
    kind = re.search(r"^type:\s*(\S+)", old_text, re.M)
    imported = read_forms(paths, workspace, kind.group(1) if kind else None)
    reference = load_reference(workspace)
    old = check_case(case_path, workspace, reference)
    masked = ImportedCase(imported.case_type, _masked(imported.data, imported.gaps), imported.documents)
    masked.places = imported.places
    notices: list[str] = []
    stated: list[StatedFigure] = []
    try:
        text, changes = merged_text(old_text, masked, old, workspace.display(case_path),
                                    lambda candidate: _figures(candidate, case_path.name, workspace),
                                    lambda name, sheet: _sheet_rows(name, sheet, case_path, workspace), notices,
                                    stated)
    except MergeProblem as exc:
        raise ImportProblem(str(exc)) from None
    imported.stated = [*imported.stated, *stated]
    report = ImportReport(imported, written=case_path, changes=changes, updated=True, notices=notices)
    if changes:
        try:
            write_text_atomically(case_path, text)
        except OSError as exc:
            raise ImportProblem(f"Kunne ikke skrive {workspace.display(case_path)}: {exc.strerror or exc}.") from None
    report.findings, report.form_findings = _checked(case_path, text, imported, workspace)
    if any(f.where == s.where for f in report.form_findings for s in stated):
        report.notices.append("fordeling: Tabel A eller C i Word følger ikke sagens nøgle, og nøglen er ikke ændret "
                              "(SUM-AFVIGER nedenfor viser hvor). Er formularens tal de rigtige, så ret nøglen, "
                              "eller skriv fordelingen som beløb.")
    return report


def _masked(data: dict, gaps) -> dict:
    """The data with every field a gap is about made Missing, so that `--into` leaves it as the case has it.

    A cell that cannot be read leaves its year out of the row; without this, the update would
    delete that year from the case.
    """
    result = copy.deepcopy(data)
    for gap in gaps:
        path = tuple(gap.path)
        if not path:
            continue
        node = result
        for key in path[:-1]:
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                node = None
                break
        if isinstance(node, (dict, list)):
            try:
                if not isinstance(node[path[-1]], Missing):  # a placeholder of the reader's own stays
                    node[path[-1]] = Missing("«kunne ikke læses»")
            except (KeyError, IndexError, TypeError):
                continue
    return result


def _sheet_rows(name: str, sheet: str | None, case_path: Path, workspace: Workspace) -> list | None:
    """The rows of a bilag's spreadsheet (`tabel: {fra_excel: …}`), or None when it cannot be read."""
    try:
        return read_sheet(resolve_attachment(name, case_path.parent, workspace.data), sheet)
    except Exception:  # openpyxl raises many kinds; validate reports the attachment (BILAG-FIL), this only compares
        return None


def _figures(text: str, file_name: str, workspace: Workspace):
    """kkdocs' figures for a case text (None when it does not validate that far)."""
    with tempfile.TemporaryDirectory(prefix="kkdocs-import-") as folder:
        path = Path(folder) / file_name
        path.write_text(text, encoding="utf-8")
        return check_case(path, workspace, load_reference(workspace)).figures


def _checked(path: Path, text: str, imported: ImportedCase, workspace: Workspace) -> tuple[list[Finding],
                                                                                        list[FormFinding]]:
    """The validation of the case `text` at `path` (written there when it is not yet), as file findings
    and as findings placed in the forms."""
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    result = check_case(path, workspace, load_reference(workspace))
    findings = list(result.findings)
    located = _paths_by_position(text, result.file)
    form = [FormFinding(imported.place_of(located.get((f.line, f.column), ())), f.level, f.code, f.message,
                        tuple(located.get((f.line, f.column), ()))) for f in findings]
    if result.figures is not None:
        wrong_totals: dict[str, set] = {}  # a table's place -> the years its stated Total is wrong
        for stated in sorted(imported.stated, key=lambda s: s.row is not None):
            table = stated.where.rsplit(", ", 1)[0]
            # A row of a table whose Total is wrong for a year follows from it: one mistake, one finding.
            skip = wrong_totals.get(table, set()) if stated.row is not None else set()
            for key, finding in _stated_figure(stated, result.figures, skip):
                if stated.row is None:
                    wrong_totals.setdefault(table, set()).add(key)
                form.append(finding)
                path = _path_of(stated, imported)
                if stated.row is not None and path:  # a row given by a nøgle: the nøgle's line for it
                    path = (*path[:-1], "nøgle", stated.row)
                line, column = _position_of(text, result.file, path)
                findings.append(Finding(result.file, line, column, finding.level, finding.code,
                                        f"{stated.where}: {finding.message}"))
    return findings, form


def _path_of(stated: StatedFigure, imported: ImportedCase) -> tuple:
    """The field of the case a stated figure is about: the one whose place in the forms it is in."""
    found = [(len(place), path) for path, place in imported.places.items()
             if isinstance(place, str) and stated.where.startswith(place)]
    return max(found)[1] if found else ()


def _position_of(text: str, name: str, path: tuple) -> tuple[int, int]:
    """Line and column of `path` in the case text, or of its nearest ancestor there; the first line if none."""
    try:
        positions = load_yaml_text(text, name).positions
    except YamlProblem:
        return 1, 1
    path = tuple(path)
    while path:
        for table in (positions.keys, positions.values):
            if path in table:
                return table[path]
        path = path[:-1]
    return 1, 1


def _stated_figure(stated, figures, skip: set = frozenset()) -> list[tuple[object, FormFinding]]:
    """The form's figures that differ from kkdocs', by year (a total, a table's row) or by name (a
    fordelingsbilag's rows), each with its year or name; the keys in `skip` are left out."""
    if stated.figure == "rækker.beløb":
        computed = {row.navn: row.beløb for row in getattr(figures, "rows", ())}
        keys = list(stated.years)
    elif stated.row is not None:
        table = getattr(figures, stated.figure, None)
        row = next((r for r in getattr(table, "rows", ()) if r.key == stated.row), None)
        computed = dict(row.amounts) if row is not None else {}
        keys = sorted(set(stated.years) | set(computed))
    else:
        computed = getattr(figures, stated.figure, None)
        if computed is None:
            return []
        keys = sorted(set(stated.years) | set(computed))
    found = []
    for key in keys:
        given, right = stated.years.get(key), computed.get(key)
        if (given or 0) != (right or 0) and key not in skip:
            found.append((key, FormFinding(stated.where, Level.FEJL, "SUM-AFVIGER",
                                     f"{stated.label.format(key=key)} står som {format_amount(given or 0)}, men kkdocs "
                                     f"beregner {format_amount(right or 0)} (forskel "
                                     f"{format_amount((given or 0) - (right or 0))}).")))
    return found


def _paths_by_position(text: str, name: str) -> dict[tuple[int, int], tuple]:
    try:
        source = load_yaml_text(text, name)
    except YamlProblem:  # a file that does not load has no positions to place findings by
        return {}
    located = {}
    for table in (source.positions.keys, source.positions.values):
        for path, position in table.items():
            if position not in located or len(path) > len(located[position]):
                located[position] = path
    return located


def _gap_level(gap, imported: ImportedCase) -> Level:
    """fejl for a required field the form leaves empty; advarsel for a part not given (Tabel A without the
    administrativt bilag) and for what was read with a remark."""
    if gap.serious:
        return Level.FEJL
    if gap.path == ("fordeling", "nøgle") or not isinstance(value_at(imported.data, gap.path), Missing):
        return Level.ADVARSEL
    return Level.FEJL

