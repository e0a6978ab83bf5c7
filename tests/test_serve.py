"""kkdocs serve without a browser: the form applied to a case file, Danish numbers, where findings land, access.

The browser tests (tests/browser/) drive the same code through Chromium; these pin the rules
the form relies on, on every example case of the repository and of ../shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, SHARED_EXAMPLES
from kkdocs.checks.reference_data import load_reference
from kkdocs.serve import case_page
from kkdocs.serve.form_fields import CELL, INTEGER, NUMBER
from kkdocs.serve.form_to_case import applied, input_name
from kkdocs.word_import.case_merge import wrapping_kept
from kkdocs.serve.form_values import BLANK, parsed
from kkdocs.serve.form_view import element_id
from kkdocs.serve.security import ServeRefused, access_for, case_file, inside
from kkdocs.workspace import Workspace

EXAMPLES = sorted((REPO / "data" / "sager").glob("*.yaml")) + sorted((SHARED_EXAMPLES / "data" / "sager").glob("*.yaml"))


def submitted(items) -> dict[str, list[str]]:
    """What the browser sends for a form: every input with the value the page shows."""
    form: dict[str, list[str]] = {}
    for item in items:
        if item.kind == "multi":
            form[item.named("#valgt")] = [""] + [v for v, _ in item.options if v in item.checked]
        elif not item.children and not item.cells and item.kind not in ("group", "rows", "unsupported"):
            form[item.name] = [item.value]
        for nested in (item.children, item.row_labels, *item.cells):
            form.update(submitted(nested))
    return form


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.parent.parent.name}/{p.name}")
def test_a_form_submitted_unchanged_gives_the_file_byte_for_byte(path: Path):
    workspace = Workspace(path.parents[2])
    page = case_page.opened(workspace, load_reference(workspace), path)
    text = path.read_text(encoding="utf-8")
    assert applied(text, case_page.fields_for(page.kind), submitted(page.widgets)) == text


@pytest.mark.parametrize("typed, kind, written", [
    ("118.400", INTEGER, 118400), ("−449", INTEGER, -449), ("– 1.250", INTEGER, -1250), ("1,5", NUMBER, 1.5),
    ("0,5", NUMBER, 0.5), ("2", NUMBER, 2), ("1.5", INTEGER, "1.5"), ("12,5", INTEGER, "12,5"), ("abc", NUMBER, "abc"),
    ("  ", INTEGER, BLANK), ("0.5", NUMBER, 0.5), ("−0.25", NUMBER, -0.25), ("1.000", NUMBER, 1000),
    ("1.23456", NUMBER, 1.23456), ("0.5", INTEGER, "0.5"), ("2.10", CELL, "2.10")])
def test_numbers_are_typed_the_danish_way_and_written_plain(typed, kind, written):
    # what is no number of the field's kind is written as text, so validate says why at the field
    assert parsed(typed, kind) == written


def test_each_finding_lands_at_its_field_or_the_list_at_the_top(workspace):
    path = workspace.write("mobil.yaml", (REPO / "data" / "sager" / "mobilhaandtering.yaml").read_text(encoding="utf-8"))
    ws = Workspace(workspace.path)
    reference = load_reference(ws)
    page = case_page.opened(ws, reference, path)
    form = submitted(page.widgets)
    form[case_page.BASE_FIELD], form[case_page.HASH_FIELD] = [page.base], [page.disk_hash]
    phase_in = ("økonomi", "varige_ændringer", 0, "indfasning", 2027)
    form[input_name(phase_in)] = ["50"]
    placed = [(p.finding.code, p.element) for p in case_page.updated(ws, reference, path, form).checked.findings]
    assert ("TAL-INDFASNING", element_id(phase_in)) in placed

    sats = ("økonomi", "varige_ændringer", 1, "sats")
    form[input_name(sats)] = ["seks hundrede"]
    form[input_name(("fordeling", "nøgle", "#navn", 0))] = ["Økonomiudvalgett"]
    placed = [(p.finding.code, p.element) for p in case_page.updated(ws, reference, path, form).checked.findings]
    assert ("FELT-TYPE", element_id(sats)) in placed
    # the misspelt udvalg is found at its key in the file: the row's weight, which the key names
    assert ("FELT-TYPE", element_id(("fordeling", "nøgle", "#værdi", 0))) in placed

    # a key the form has no field for, and a file that is no YAML, stay at the top
    text = path.read_text(encoding="utf-8") + "ukendt_felt: 1\n"
    path.write_text(text, encoding="utf-8")
    unknown = case_page.opened(ws, reference, path)
    extra = [p for p in unknown.checked.findings if "ukendt_felt" in p.finding.message]
    assert extra and extra[0].element is None


def test_serving_another_interface_needs_a_token():
    with pytest.raises(ServeRefused, match="uden adgangsnøgle"):
        access_for("0.0.0.0", 8765, want_token=False)
    access = access_for("0.0.0.0", 8765, want_token=True)
    assert access.token and f"adgang={access.token}" in access.address()
    assert access_for("127.0.0.1", 8765, want_token=False).token is None


def test_paths_never_leave_the_workspace(tmp_path: Path):
    (tmp_path / "build").mkdir()
    (tmp_path / "hemmelig.txt").write_text("x")
    (tmp_path / "build" / "ud").symlink_to(tmp_path / "hemmelig.txt")
    assert inside(tmp_path / "build", "../hemmelig.txt") is None
    assert inside(tmp_path / "build", "ud") is None
    assert inside(tmp_path / "build", "/etc/passwd") is None
    assert case_file(tmp_path, "../../etc/passwd") is None
    assert case_file(tmp_path, "mobil-2025") == tmp_path / "mobil-2025.yaml"


def test_a_plain_text_wrapped_by_hand_keeps_its_lines_unless_it_is_the_field_changed():
    old = ("titel: Gammel titel  # en kommentar\n"
           "beskrivelse: Første linje af et afsnit, som forfatteren\n"
           "  selv har brudt, og anden linje.\n"
           "økonomi:\n  pl: 2025\n")
    new = ("titel: Ny titel  # en kommentar\n"
           "beskrivelse: Første linje af et afsnit, som forfatteren selv har brudt, og anden linje.\n"
           "økonomi:\n  pl: 2025\n")
    kept = wrapping_kept(old, new)
    assert kept == old.replace("Gammel titel", "Ny titel")
    changed = new.replace("og anden linje.", "og en ny linje.")
    assert wrapping_kept(old, changed) == changed
    assert wrapping_kept(old, "titel: [ikke lukket\n") == "titel: [ikke lukket\n"


def test_a_sixth_type_gets_its_form_from_its_model_and_its_records_layout():
    from pydantic import BaseModel, Field as ModelField

    from kkdocs.case.form_layout import FORVALTNINGER, FormLayout
    from kkdocs.serve.form_fields import CHOICE, fields_of

    class Row(BaseModel):
        forvaltning: str
        afsnit: str

    class SixthCase(BaseModel):
        type: str
        titel: str
        rækker: list[Row]
        begrundelse: str = ModelField(description="Hvorfor.")
        startår: int

    layout = FormLayout(sections=("begrundelse", "titel"), choices={"forvaltning": FORVALTNINGER},
                        labels={"startår": "Første år"}, long_texts=frozenset({"begrundelse"}),
                        years=frozenset({"startår"}), reshaping=frozenset({"startår"})).with_common()
    fields = fields_of(SixthCase, layout)
    assert [f.name for f in fields] == ["begrundelse", "titel", "rækker", "startår"]  # sections first, then the model's
    by_name = {f.name: f for f in fields}
    assert by_name["begrundelse"].long and not by_name["titel"].long
    assert by_name["startår"].label == "Første år" and by_name["startår"].plain and by_name["startår"].reshapes
    row = {f.name: f for f in by_name["rækker"].children}
    assert row["forvaltning"].kind == CHOICE and row["forvaltning"].choices == FORVALTNINGER
    assert by_name["titel"].label == "Titel" and not by_name["titel"].plain


def _strings_in_code(folder: Path) -> set[str]:
    """Every string constant of the modules in `folder`, but their docstrings."""
    import ast

    found: set[str] = set()
    for module in folder.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)}
        found |= {node.value for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings}
    return found


def test_serve_names_no_field_of_any_case_type():
    # what a type's form needs is its record's layout; the editor's code reads only that (what every form
    # shares, such as `sag`, is COMMON's, and `sag` is also the address of a case's page)
    from kkdocs.case.form_layout import COMMON
    from kkdocs.case_types import CASE_TYPES

    serve = _strings_in_code(REPO / "kkdocs" / "serve")
    for record in CASE_TYPES:
        layout = record.form_layout
        own = {*layout.choices, *layout.labels, *layout.long_texts, *layout.years, *layout.reshaping} - {
            *COMMON.choices, *COMMON.labels, *COMMON.years}
        assert not own & serve, f"{record.name}: {sorted(own & serve)} står i kkdocs/serve/"
