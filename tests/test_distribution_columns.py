"""A fordelingsbilag that prints its table as seed 002's second appendix does (002:4066-4068): the
headings "Indbyggere | Andel pct. | Beløb finansiering" and the total row "Region Hovedstaden",
set by the case's `kolonner` and `total_navn`; the seed's stated divisor is checked by SUM-AFVIGER.
Built with LibreOffice; bilag.docx, fordeling.xlsx and the PDF are read back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from ruamel.yaml import YAML

from kkdocs.cli import main

REPO = Path(__file__).resolve().parent.parent
SEED_HEADINGS = ["Indbyggere", "Andel pct.", "Beløb finansiering"]


def telehjerter(stated_total: int) -> str:
    """The shipped telekol-fordeling with the second appendix's amount, headings, total row and divisor."""
    text = (REPO / "data" / "sager" / "telekol-fordeling.yaml").read_text(encoding="utf-8")
    head = text[:text.index("område:")].replace("beløb: 525000", "beløb: 875000")
    key = text[text.index("nøgle:"):text.index("# Bilaget i KKR-sagen")]
    return (head + "total_navn: Region Hovedstaden\n"
            "kolonner:\n  nøgle: Indbyggere\n  andel: Andel pct.\n  beløb: Beløb finansiering\n"
            + key + f"oplyst_nøgletotal: {stated_total}\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("ws")
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    (root / "data" / "sager").mkdir(parents=True)
    case = root / "data" / "sager" / "telehjerter.yaml"
    case.write_text(telehjerter(1912998), encoding="utf-8")
    data = YAML(typ="safe").load(case.read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["--workspace", str(root), "build", str(case)])
    assert result.exit_code == 0, result.output
    return root / "build" / "telehjerter", data


@pytest.mark.libreoffice
def test_the_case_sets_the_headings_and_the_total_rows_label_in_word_excel_and_pdf(built):
    out, data = built
    rows = [[cell.text for cell in row.cells] for row in docx.Document(str(out / "bilag.docx")).tables[0].rows]
    assert rows[0] == ["", *SEED_HEADINGS]
    assert rows[1][:3] == ["Region Hovedstaden", "1.912.998", "100"] and rows[1][3] == "875.000"
    sheet = load_workbook(out / "fordeling.xlsx").worksheets[0]
    assert [sheet[f"{c}2"].value for c in "BCD"] == SEED_HEADINGS and sheet["A3"].value == "Region Hovedstaden"
    text = subprocess.run(["pdftotext", "-layout", str(out / "telehjerter.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Indbyggere Andel pct. Beløb finansiering" in lines
    assert "Region Hovedstaden 1.912.998 100 875.000" in lines
    assert "Indbyggere - antal" not in text and "hele" not in text


def test_without_the_new_fields_the_headings_and_total_are_as_before(workspace):
    from kkdocs.case_types.fordelingsbilag.context import distribution_columns, distribution_total_label
    from kkdocs.case_types.fordelingsbilag.model import Fordelingsbilag
    data = YAML(typ="safe").load(telehjerter(1912998))
    del data["kolonner"], data["total_navn"]
    case = Fordelingsbilag.model_validate({**data, "område": "KKR Hovedstaden"}, strict=False)
    columns = distribution_columns(case)
    assert (columns.navn_kolonne, columns.nøgle_kolonne, columns.andel_kolonne, columns.beløb_kolonne) == \
        ("", "Indbyggere - antal", "Andel indbyggere pct.", "Andel finansiering kr.")
    assert distribution_total_label(case) == "Indbyggere hele KKR Hovedstaden"


def test_the_seeds_stated_divisor_is_one_sum_afviger_at_its_line(workspace):
    path = workspace.write("telehjerter.yaml", telehjerter(1913090))
    result = CliRunner().invoke(main, ["--workspace", str(workspace.path), "validate", str(path)])
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("oplyst_nøgletotal"))
    findings = [row for row in result.output.splitlines() if " fejl " in row or " advarsel " in row]
    assert len(findings) == 1 and f"telehjerter.yaml:{line}:" in findings[0] and "SUM-AFVIGER" in findings[0], \
        result.output
    assert "1.913.090" in findings[0] and "1.912.998" in findings[0] and "forskel 92" in findings[0]


def test_the_skeleton_says_the_unit_its_enhed_gives(workspace):
    for case_type, said in (("fordelingsbilag", "den enhed, enhed angiver: kr. eller 1.000 kr."),
                            ("investeringsforslag", "Beløb er i hele 1.000 kr.")):
        path = workspace.path / "data" / "sager" / f"ny-{case_type}.yaml"
        result = CliRunner().invoke(main, ["--workspace", str(workspace.path), "new", case_type, str(path)])
        assert result.exit_code == 0, result.output
        text = path.read_text(encoding="utf-8")
        head = text.splitlines()[1]
        assert said in head, head
        assert (case_type == "fordelingsbilag") == ("\n# total_navn: " in text and "\n# kolonner: {" in text)
        assert (case_type != "fordelingsbilag") == ("hele 1.000 kr." in head), head
