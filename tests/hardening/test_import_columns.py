"""`kkdocs import` never drops a column of amounts without a word: a year header it cannot read
("2O24", "2024*", "Budget 2024", or none) is an IMPORT-HUL that names the header.

The form is the hand-made investeringsforslag of tests/word_forms.py with its first year's header
retyped in Word; the amounts below it are the form's own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from kkdocs.cli import main
from kkdocs.source.yaml_source import load_yaml
from kkdocs.workspace import find_workspace
from word_forms import hand_made_investment_form, set_cell

REPO = Path(__file__).resolve().parent.parent.parent
YEARS = (2024, 2025, 2026, 2027, 2028, 2029)


@pytest.fixture
def ws(tmp_path: Path):
    root = tmp_path / "ws"
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    (root / "data" / "sager").mkdir(parents=True)
    return find_workspace(explicit=root)


def _form(path: Path, header: str) -> None:
    varige = [("Drift af ny ordning", "Service", {y: 1000 for y in YEARS})]
    implementering = [("Spor 1", "Service", {2024: 3800, 2025: 3600})]
    stated = {"samlet_varig_ændring": {y: 1000 for y in YEARS},
              "samlede_implementeringsomkostninger": {2024: 3800, 2025: 3600},
              "samlet_økonomisk_påvirkning": {2024: 4800, 2025: 4600, **{y: 1000 for y in YEARS[2:]}}}
    hand_made_investment_form(path, varige=varige, implementering=implementering, stated=stated,
                              payback=("4 år", "4 år"))
    document = docx.Document(str(path))
    table = next(t for t in document.tables if t.rows[0].cells[-1].text == "2029")
    cell = next(c for c in table.rows[0].cells if c.text == "2024")
    if header:
        set_cell(cell, header)
    else:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.text = ""
    document.save(str(path))


@pytest.mark.parametrize("header", ["2O24", "2024*", "Budget 2024", ""])
def test_a_year_header_that_cannot_be_read_is_a_gap_that_names_it(ws, tmp_path, header):
    path = tmp_path / "forslag.docx"
    _form(path, header)

    result = CliRunner().invoke(main, ["--workspace", str(ws.root), "import", "--check", str(path)])

    assert result.exit_code == 1, result.output
    shown = f"Kolonnen '{header}'" if header else "Kolonnen uden overskrift"
    line = next((line for line in result.output.splitlines() if shown in line), None)
    assert line is not None, result.output
    assert "fejl IMPORT-HUL" in line and "skriv årstallet alene" in line


def test_the_new_case_says_so_and_an_update_leaves_the_economy_as_it_was(ws, tmp_path):
    path = tmp_path / "forslag.docx"
    _form(path, "Budget 2024")
    runner = CliRunner()
    result = runner.invoke(main, ["--workspace", str(ws.root), "import", str(path), "--frist", "2024-05-01",
                                  "--status", "hørt"])
    assert result.exit_code == 0, result.output
    assert "Kolonnen 'Budget 2024' har beløb" in result.output
    case = next(ws.cases.glob("*.yaml"))
    text = case.read_text(encoding="utf-8")
    assert "Kolonnen 'Budget 2024'" in text  # in the file's head and at økonomi
    # --into with the same form: the case's 2024 amounts are not deleted because Word's column cannot be read.
    case.write_text(text.replace("år: [2025, 2029]", "år: [2024, 2029]").replace(
        "beløb: {2025: 1000,", "beløb: {2024: 1000, 2025: 1000,"), encoding="utf-8")
    before = load_yaml(case).data["økonomi"]
    result = runner.invoke(main, ["--workspace", str(ws.root), "import", str(path), "--into", str(case)])
    assert result.exit_code == 0, result.output
    assert load_yaml(case).data["økonomi"] == before
    assert "Kolonnen 'Budget 2024' har beløb" in result.output
