"""`kkdocs import --check` on a form typed by hand: every stated figure that can be read is compared with
kkdocs' figures, whatever else the form leaves out.

The form is seed 000's investeringsforslag with its own arithmetic errors, made in Word's layout by
tests/word_forms.py; parts of it are then removed as a hurried author would leave them out.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from kkdocs.batch.validate import check_case
from kkdocs.checks.reference_data import load_reference
from kkdocs.cli import main
from kkdocs.documents.render_docx import render_documents
from kkdocs.form_import import check_forms
from kkdocs.workspace import find_workspace
from word_forms import hand_made_investment_form, paragraph_with, printed_only, set_cell, set_text, table_with_row

REPO = Path(__file__).resolve().parent.parent
YEARS = (2024, 2025, 2026, 2027, 2028, 2029)
# The seed's four errors: Samlet varig ændring -1.895, påvirkning 1.705, and 6 years' payback twice.
SEED_ERRORS = ("Samlet varig ændring for 2025 er oplyst til -1.895, men kkdocs beregner -1.896",
               "Samlet økonomisk påvirkning for 2025 er oplyst til 1.705, men kkdocs beregner 1.704",
               "Tilbagebetalingstid (service) er oplyst til 6 år", "Tilbagebetalingstid (totaløkonomi) er oplyst til 6 år")


@pytest.fixture
def ws(tmp_path: Path):
    root = tmp_path / "ws"
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    (root / "data" / "sager").mkdir(parents=True)
    return find_workspace(explicit=root)


@pytest.fixture
def seed_form(tmp_path: Path) -> Path:
    path = tmp_path / "investering.docx"
    varige = [("Bortfaldne opgaver i forvaltningerne (19 ÅV)", "Service", {2025: -6356, **{y: -12711 for y in YEARS[2:]}}),
              ("Drift af ny ordning (12 ÅV)", "Service", {2025: 3960, **{y: 7920 for y in YEARS[2:]}}),
              ("Faste udgifter i den nye ordning", "Service", {2025: 500, **{y: 1000 for y in YEARS[2:]}})]
    implementering = [("Spor 1: Forvaltningsinddragelse", "Service", {2024: 3800, 2025: 3600, 2026: 700})]
    stated = {"samlet_varig_ændring": {2025: -1895, **{y: -3791 for y in YEARS[2:]}},
              "samlede_implementeringsomkostninger": {2024: 3800, 2025: 3600, 2026: 700},
              "samlet_økonomisk_påvirkning": {2024: 3800, 2025: 1705, 2026: -3091, 2027: -3791, 2028: -3791,
                                              2029: -3791}}
    hand_made_investment_form(path, varige=varige, implementering=implementering, stated=stated,
                              payback=("6 år", "6 år"))
    return path


def _seed_errors_found(messages: list[str]) -> list[str]:
    return [error for error in SEED_ERRORS if any(error in m for m in messages)]


def test_no_budget_process_and_no_box_ticked_still_checks_every_stated_figure(ws, seed_form):
    document = docx.Document(str(seed_form))
    process = paragraph_with(document, "OFS 2023-2024")
    process._p.getparent().remove(process._p)
    set_text(paragraph_with(document, "☒ Nej"), "☐ Nej")  # neither Ja nor Nej ticked
    document.save(str(seed_form))

    result = CliRunner().invoke(main, ["--workspace", str(ws.root), "import", "--check", str(seed_form)])

    assert result.exit_code == 1
    lines = result.output.splitlines()
    gaps = [line for line in lines if "fejl IMPORT-HUL" in line]
    assert any("budgetprocessen" in line for line in gaps) and any("innovationsforslag" in line for line in gaps)
    assert len(gaps) == 2, result.output
    assert _seed_errors_found(lines) == list(SEED_ERRORS), result.output
    assert len([line for line in lines if "SUM-AFVIGER" in line]) == 4, result.output


def test_every_part_but_tabel_2_left_out_in_turn_still_checks_its_figures(ws, seed_form, tmp_path):
    template = docx.Document(str(seed_form))
    body = list(template.element.body)
    tabel_2 = next(i for i, el in enumerate(body) if el.tag.endswith("}tbl") and "Samlet varig ændring" in
                   "".join(el.itertext()))
    title = 0  # the heading that says which form it is
    for index, element in enumerate(body):
        if index in (title, tabel_2) or element.tag.endswith("}sectPr"):
            continue
        document = docx.Document(str(seed_form))
        document.element.body.remove(document.element.body[index])
        path = tmp_path / f"uden-{index}.docx"
        document.save(str(path))
        messages = [f.message for f in check_forms([path], ws).form_findings]
        assert _seed_errors_found(messages) == list(SEED_ERRORS), ("".join(element.itertext())[:60], messages)


def test_a_form_of_only_its_title_and_tabel_2_is_checked(ws, seed_form):
    document = docx.Document(str(seed_form))
    body = document.element.body
    for element in list(body):
        text = "".join(element.itertext())
        if not (element.tag.endswith("}sectPr") or text.startswith("TVÆRGÅENDE INVESTERINGSFORSLAG") or
                (element.tag.endswith("}tbl") and "Samlet varig ændring" in text)):
            body.remove(element)
    document.save(str(seed_form))
    report = check_forms([seed_form], ws)
    messages = [f.message for f in report.form_findings]
    assert _seed_errors_found(messages) == list(SEED_ERRORS), messages
    # What is missing is said once each, as IMPORT-HUL, not again as what a neutral value gave.
    gaps = {g.message for g in report.imported.gaps}
    assert {f.message for f in report.form_findings if f.code == "IMPORT-HUL"} <= gaps
    assert not [f for f in report.form_findings if f.code.startswith(("FELT-", "REF-", "PLADSHOLDER"))]


def test_a_loan_application_missing_any_one_part_still_checks_its_i_alt(ws, tmp_path):
    """kkdocs' own loan application as printed (no case values), with one loan changed and I alt left as it
    was; each paragraph and table but the project table left out in turn."""
    case = ws.cases / "botilbud-sundholm.yaml"
    shutil.copy(REPO / "data" / "sager" / case.name, case)
    result = check_case(case, ws, load_reference(ws))
    path = next(p.path for p in render_documents(result, load_reference(ws), ws, tmp_path / "built")
                if p.path.suffix == ".docx")
    case.unlink()  # the form alone is checked
    printed_only(path)
    document = docx.Document(str(path))
    _, row = table_with_row(document, "2")
    set_cell(row.cells[2], "9.500")  # column B: the second project's first year
    document.save(str(path))
    expected = [f.message for f in check_forms([path], ws).form_findings if f.code == "SUM-AFVIGER"]
    assert len(expected) == 1 and "Ansøgt lånebeløb i alt" in expected[0]
    for index, element in enumerate(document.element.body):
        text = "".join(element.itertext())
        if element.tag.endswith("}sectPr") or "Ansøgt lånebeløb" in text:
            continue
        changed = docx.Document(str(path))
        changed.element.body.remove(changed.element.body[index])
        part = tmp_path / f"uden-{index}.docx"
        changed.save(str(part))
        found = [f.message for f in check_forms([part], ws).form_findings if f.code == "SUM-AFVIGER"]
        assert found == expected, text[:60]
