"""The workbooks of each example case: formulas with cached values, layout, reproducibility,
and (marked `libreoffice`) an independent recalculation in headless LibreOffice."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from pypdf import PdfReader

from kkdocs.batch.validate import CaseResult, validate
from kkdocs.case_types import CASE_TYPES
from kkdocs.documents.document_types import load_document_type
from kkdocs.documents.render_xlsx import write_workbooks
from kkdocs.documents.template_problem import TemplateProblem
from kkdocs.documents.xlsx_cache import cache_formula_values, finish_xlsx
from kkdocs.workspace import PACKAGE_ROOT, find_workspace


AMOUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "#,##0.0"
DATE_FORMAT = "dd\\/mm\\/yyyy"
TEMPLATES = PACKAGE_ROOT / "templates"
EXPECTED_FILES = {
    "mobilhaandtering": ["kvantum.xlsx", "økonomi.xlsx"],
    "energibesparelser": ["kvantum.xlsx"],
    "botilbud-laan": ["projekter.xlsx"],
    "telehjerter-fordeling": ["fordeling.xlsx"],
}
EXPECTED_SHEETS = {
    ("mobilhaandtering", "kvantum.xlsx"): ["Tabel A", "Tabel C", "Tabel A (2024-pl)", "Tabel C (2024-pl)"],
    ("mobilhaandtering", "økonomi.xlsx"): ["Tabel 2"],
    ("energibesparelser", "kvantum.xlsx"): ["Tabel A"],
    ("botilbud-laan", "projekter.xlsx"): ["Projekter"],
    ("telehjerter-fordeling", "fordeling.xlsx"): ["Fordeling"],
}


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def examples() -> dict[str, CaseResult]:
    from conftest import SHARED_EXAMPLES

    if not (SHARED_EXAMPLES / "data" / "reference").is_dir():
        pytest.skip("../shared/spec/examples findes ikke i denne klon")
    workspace = find_workspace(explicit=SHARED_EXAMPLES)
    validation = validate([], workspace)
    cases = {result.id: result for result in validation.cases}
    assert all(result.ok for result in cases.values()), [r.findings for r in cases.values()]
    cases["_reference"], cases["_workspace"] = validation.reference, workspace  # type: ignore[assignment]
    return cases


@pytest.fixture(scope="module")
def rendered(examples, tmp_path_factory) -> dict[str, dict[str, Path]]:
    """case id -> file name -> written workbook."""
    root = tmp_path_factory.mktemp("xlsx")
    written = {}
    for case_id in EXPECTED_FILES:
        paths = write_workbooks(examples[case_id], examples["_reference"], examples["_workspace"], root / case_id)
        written[case_id] = {part.path.name: part.path for part in paths}
    return written


def load(path: Path, cached: bool = False):
    return openpyxl.load_workbook(path, data_only=cached)


def find_row(sheet, label: str) -> int:
    for (cell,) in sheet.iter_rows(min_col=1, max_col=1):
        if cell.value == label:
            return cell.row
    raise AssertionError(f"no row {label!r} in {sheet.title}")


def year_columns(sheet, header_row: int, years) -> dict[int, int]:
    found = {cell.value: cell.column for cell in sheet[header_row] if isinstance(cell.value, int)}
    assert list(found) == list(years)
    return found


# --- files and sheets ----------------------------------------------------------------------------


def test_every_case_type_with_a_workbook_context_has_workbook_templates_and_no_other_has_any():
    with_workbooks = [record.name for record in CASE_TYPES if record.workbooks is not None]
    assert len(with_workbooks) >= 4
    for record in CASE_TYPES:
        doc_type = load_document_type(TEMPLATES / record.name)
        assert bool(doc_type.workbooks) == (record.workbooks is not None), record.name
        for workbook in doc_type.workbooks:
            assert (doc_type.folder / workbook.template).is_file()


def test_each_case_gets_its_workbooks(rendered):
    for case_id, names in EXPECTED_FILES.items():
        assert sorted(rendered[case_id]) == sorted(names)
        for path in rendered[case_id].values():
            assert path.is_file()
            assert not list(path.parent.glob(".*.tmp")), "a temporary file was left behind"


def test_sheet_names_are_danish_and_as_expected(rendered):
    for (case_id, name), sheets in EXPECTED_SHEETS.items():
        assert load(rendered[case_id][name]).sheetnames == sheets


def test_refuses_a_case_without_figures(tmp_path):
    with pytest.raises(TemplateProblem, match="kan ikke dannes: sagen har fejl"):
        write_workbooks(CaseResult(tmp_path / "x.yaml", "x", "x.yaml"), None, None, tmp_path)


# --- Tabel A and C -------------------------------------------------------------------------------


@pytest.mark.parametrize("case_id", ["mobilhaandtering", "energibesparelser"])
def test_kvantum_totals_are_formulas_cached_with_the_python_total(rendered, examples, case_id):
    figures = examples[case_id].figures
    path = rendered[case_id]["kvantum.xlsx"]
    formulas, values = load(path), load(path, cached=True)
    tables = [figures.tabel_a] if figures.tabel_a_udmøntning is None else [figures.tabel_a, figures.tabel_a_udmøntning]
    sheet_tables = [(name, table) for name in formulas.sheetnames
                    for table in tables if ("-pl)" in name) == (table is not figures.tabel_a)]
    assert len(sheet_tables) == len(formulas.sheetnames)
    for name, table in sheet_tables:
        sheet, cached = formulas[name], values[name]
        total_row = find_row(sheet, "Total")
        columns = year_columns(sheet, 3, figures.years)
        for year, column in columns.items():
            formula = sheet.cell(total_row, column).value
            expected = table.total.get(year)
            if expected is None:
                assert formula is None and cached.cell(total_row, column).value is None
                continue
            assert formula == f"=SUM({sheet.cell(4, column).column_letter}4:{sheet.cell(4, column).column_letter}{total_row - 1})"
            assert cached.cell(total_row, column).value == expected
        for offset, row in enumerate(table.rows):
            assert sheet.cell(4 + offset, 1).value == row.label
            assert [sheet.cell(4 + offset, c).value for c in columns.values()] == [row.amounts.get(y) for y in columns]


def test_kvantum_layout(rendered, examples):
    figures = examples["mobilhaandtering"].figures
    sheet = load(rendered["mobilhaandtering"]["kvantum.xlsx"])["Tabel A"]
    assert sheet.freeze_panes == "A4"
    assert sheet["A1"].value == "Tabel A. Måltalseffekt – hvis forslaget indarbejdes (nettoeffektivisering)"
    assert sheet["A2"].value == "Udvalg" and sheet["A3"].value == "Bevilling, profitcenter mv.*"
    assert sheet["B2"].value == "1.000 kr. 2025 p/l"
    assert "B2:G2" in {str(r) for r in sheet.merged_cells.ranges}, "the unit spans every year column"
    assert [sheet.cell(3, c).value for c in range(2, 8)] == list(figures.years)
    koncern_it = find_row(sheet, "Koncern IT")
    assert sheet.cell(koncern_it, 1).alignment.indent > 0
    assert sheet.cell(find_row(sheet, "Socialudvalget"), 1).alignment.indent == 0
    total_row = find_row(sheet, "Total")
    for row in range(4, total_row + 1):
        for column in range(2, 8):
            assert sheet.cell(row, column).number_format == AMOUNT_FORMAT
    # the saving begins in 2025; Tabel A prints 0 in 2024 on a row with a share (seed 000:774-820)
    assert figures.samlet_varig_ændring.get(2024) is None and sheet.cell(koncern_it, 2).value == 0
    longest = max(len(r.label) for r in figures.tabel_a.rows)
    assert sheet.column_dimensions["A"].width >= 0.85 * longest + 2, "a label fits its column (Calibri letters < 1 digit)"
    assert load(rendered["mobilhaandtering"]["kvantum.xlsx"])["Tabel A (2024-pl)"]["B2"].value == "1.000 kr. 2024 p/l"


# --- Tabel 2 -------------------------------------------------------------------------------------


def test_tabel_2_totals_and_payback(rendered, examples):
    figures = examples["mobilhaandtering"].figures
    path = rendered["mobilhaandtering"]["økonomi.xlsx"]
    sheet, cached = load(path)["Tabel 2"], load(path, cached=True)["Tabel 2"]
    assert sheet["A2"].value == "1.000 kr. 2025 p/l" and sheet["B2"].value == "Styringsområde"
    assert sheet.freeze_panes == "A3"
    columns = year_columns(sheet, 2, figures.years)
    totals = {
        "Samlet varig ændring af investeringscasen": figures.samlet_varig_ændring,
        "Samlede implementeringsomkostninger": figures.samlede_implementeringsomkostninger,
        "Samlet økonomisk påvirkning": figures.samlet_økonomisk_påvirkning,
    }
    for label, expected in totals.items():
        row = find_row(sheet, label)
        for year, column in columns.items():
            value = sheet.cell(row, column).value
            if year in expected:
                assert isinstance(value, str) and value.startswith("="), (label, year, value)
                assert cached.cell(row, column).value == expected[year], (label, year)
            else:
                assert value is None
    memo_row = find_row(sheet, "Indkøbseffektiviseringer*")
    assert sheet.cell(memo_row, 1).font.i, "memoposter are italic"
    varig_row = find_row(sheet, "Samlet varig ændring af investeringscasen")
    assert memo_row > varig_row, "memoposter stand under the total they are not part of"
    assert sheet.cell(varig_row, columns[2025]).value == f"=SUM(D4:D{varig_row - 1})"
    assert [sheet.cell(memo_row, c).value for c in columns.values()] == [None, None, -449, -897, -1346, -1795]
    overall = find_row(sheet, "Samlet økonomisk påvirkning")
    impl = find_row(sheet, "Samlede implementeringsomkostninger")
    assert sheet.cell(overall, columns[2025]).value == f"=D{varig_row}+D{impl}"
    spor_4 = find_row(sheet, "Spor 4: Implementering af nyt driftsetup herunder afprøvning af arbejdsgange")
    assert sheet.cell(spor_4, 2).value == "Service"
    for label in ("Tilbagebetalingstid baseret på serviceeffektivisering", "Tilbagebetalingstid baseret på totaløkonomi"):
        row = find_row(sheet, label)
        assert sheet.cell(row, 3).value == "4 år" and sheet.cell(row, 3).alignment.horizontal == "right"
        assert f"C{row}:H{row}" in {str(r) for r in sheet.merged_cells.ranges}
    notes = [sheet.cell(r, 1).value for r in range(find_row(sheet, "Tilbagebetalingstid baseret på totaløkonomi") + 1,
                                                    sheet.max_row + 1)]
    assert notes[:2] == ["Anm. Noter til alle tabeller: Forslaget skal udarbejdes i 2025 p/l, men udmøntes i 2024 p/l.",
                         "Alle besparelser er angivet med negativt (-) fortegn."]
    assert notes[3].startswith("*"), "the memopost's own note, marked as its label is"


# --- the loan table ------------------------------------------------------------------------------


def test_loan_table_columns_a_to_g_and_i_alt(rendered, examples):
    figures = examples["botilbud-laan"].figures
    path = rendered["botilbud-laan"]["projekter.xlsx"]
    sheet, cached = load(path)["Projekter"], load(path, cached=True)["Projekter"]
    assert [c.value for c in sheet[2]] == list("ABCDEFG")
    assert sheet.freeze_panes == "A4"
    assert sheet["B3"].value == "Ansøgt lånebeløb for 2025 (i hele 1.000 kr.)"
    assert sheet["E3"].value.endswith("i 2026? (antal pladser)")
    assert sheet["A4"].value == "Botilbud Sundholm, nyt bofællesskab"
    assert [sheet.cell(4, c).value for c in range(2, 7)] == [12000, 20000, 0, 24, 25]
    total = find_row(sheet, "I alt")
    assert [sheet.cell(total, c).value for c in range(2, 6)] == ["=SUM(B4:B5)", "=SUM(C4:C5)", "=SUM(D4:D5)", "=SUM(E4:E5)"]
    assert [cached.cell(total, c).value for c in range(2, 6)] == [
        figures.lån_i_alt[2025], figures.lån_i_alt[2026], figures.pladser_i_alt[2025], figures.pladser_i_alt[2026]]
    assert sheet.cell(total, 6).value.startswith("=ROUND(SUMPRODUCT(")
    assert Decimal(str(cached.cell(total, 6).value)) == figures.andel_i_alt
    assert sheet.cell(total, 7).value == "=MAX(G4:G5)"
    assert cached.cell(total, 7).value.date() == figures.afsluttet_senest
    for row in (4, 5, total):
        assert sheet.cell(row, 7).number_format == DATE_FORMAT
        assert sheet.cell(row, 6).number_format == PERCENT_FORMAT
        assert sheet.cell(row, 2).number_format == AMOUNT_FORMAT
    assert sheet.cell(4, 7).is_date and sheet.cell(4, 7).value.date() == dt.date(2026, 10, 31)


# --- the distribution appendix -------------------------------------------------------------------


def test_distribution_values_and_total_formulas(rendered, examples):
    figures = examples["telehjerter-fordeling"].figures
    path = rendered["telehjerter-fordeling"]["fordeling.xlsx"]
    sheet, cached = load(path)["Fordeling"], load(path, cached=True)["Fordeling"]
    assert [c.value for c in sheet[2]] == [None, "Indbyggere - antal", "Andel indbyggere pct.", "Andel finansiering kr."]
    assert sheet.freeze_panes == "A4", "the total row comes first, as in the official appendix, and stays in view"
    for offset, row in enumerate(figures.rows):
        excel_row = 4 + offset
        assert sheet.cell(excel_row, 1).value == row.navn
        assert sheet.cell(excel_row, 2).value == row.vægt
        assert Decimal(str(sheet.cell(excel_row, 3).value)) == row.andel
        assert sheet.cell(excel_row, 4).value == row.beløb
        assert sheet.cell(excel_row, 3).number_format == PERCENT_FORMAT
        assert sheet.cell(excel_row, 4).number_format == AMOUNT_FORMAT
    total = find_row(sheet, "I alt")
    last = 3 + len(figures.rows)
    assert total == 3
    # the shares are rounded one by one, so their total is the number 100, not a sum of them
    assert [sheet.cell(total, c).value for c in range(2, 5)] == [f"=SUM(B4:B{last})", 100, f"=SUM(D4:D{last})"]
    assert cached.cell(total, 2).value == figures.nøgletotal
    assert any("afrundet hver for sig" in str(sheet.cell(r, 1).value) for r in range(last + 1, last + 3))
    assert cached.cell(total, 4).value == figures.beløb == 875000


# --- every workbook ------------------------------------------------------------------------------


def test_every_sheet_prints_a4_fitted_to_the_width(rendered):
    for files in rendered.values():
        for path in files.values():
            for sheet in load(path).worksheets:
                assert sheet.sheet_properties.pageSetUpPr.fitToPage
                assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
                assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
                assert sheet.freeze_panes is not None
                assert all(sheet.column_dimensions[c].width >= 8 for c in "ABC")


def test_every_formula_has_a_cached_value(rendered):
    for files in rendered.values():
        for path in files.values():
            formulas, values = load(path), load(path, cached=True)
            count = 0
            for sheet in formulas.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        if isinstance(cell.value, str) and cell.value.startswith("="):
                            count += 1
                            assert values[sheet.title][cell.coordinate].value is not None, (path, cell.coordinate)
            assert count > 0, path


def test_output_is_byte_identical_and_dated_by_the_frist(examples, rendered, tmp_path):
    for case_id, files in rendered.items():
        again = write_workbooks(examples[case_id], examples["_reference"], examples["_workspace"], tmp_path / case_id)
        for path in (part.path for part in again):
            assert path.read_bytes() == files[path.name].read_bytes(), path.name
        properties = load(again[0].path).properties
        frist = dt.datetime.combine(examples[case_id].case.frist, dt.time())
        assert properties.created == frist and properties.modified == frist
        assert properties.title == examples[case_id].case.titel
    assert load(rendered["mobilhaandtering"]["kvantum.xlsx"]).properties.creator == "Økonomiforvaltningen"
    for entry in zipfile.ZipFile(rendered["mobilhaandtering"]["kvantum.xlsx"]).infolist():
        assert entry.date_time == (1980, 1, 1, 0, 0, 0)



def test_a_template_kept_by_the_process_fills_as_a_freshly_parsed_one(examples, rendered, tmp_path, monkeypatch):
    """The per-process copy of a parsed template (pickled) must write exactly what parsing the file writes."""
    from kkdocs.documents import xlsx_template
    monkeypatch.setattr(xlsx_template, "_open_template", lambda template: openpyxl.load_workbook(template, rich_text=False))
    for case_id, files in rendered.items():
        for path in (p.path for p in write_workbooks(examples[case_id], examples["_reference"], examples["_workspace"],
                                                     tmp_path / case_id)):
            assert path.read_bytes() == files[path.name].read_bytes(), path.name

# --- the cache step ------------------------------------------------------------------------------


def _tiny_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ark"
    sheet["A1"], sheet["A2"], sheet["A3"] = 1, 2, "=SUM(A1:A2)"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_cache_step_writes_the_value_and_refuses_gaps():
    data = finish_xlsx(_tiny_workbook(), {"Ark": {"A3": 3}}, dt.datetime(2024, 5, 1))
    assert openpyxl.load_workbook(io.BytesIO(data), data_only=True)["Ark"]["A3"].value == 3
    with pytest.raises(ValueError, match="no value to cache"):
        finish_xlsx(_tiny_workbook(), {"Ark": {}}, dt.datetime(2024, 5, 1))
    with pytest.raises(ValueError, match="no formula"):
        finish_xlsx(_tiny_workbook(), {"Ark": {"A3": 3, "A1": 1}}, dt.datetime(2024, 5, 1))
    with pytest.raises(ValueError, match="no sheet"):
        finish_xlsx(_tiny_workbook(), {"Andet": {"A3": 3}}, dt.datetime(2024, 5, 1))
    xml = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">' \
          b'<c r="B1" t="str"><f>SUM(A1:A1)</f></c></row></sheetData></worksheet>'
    assert b"<v>26.8</v>" in cache_formula_values(xml, {"B1": Decimal("26.80")})
    assert b't="str"' not in cache_formula_values(xml, {"B1": 1})


# --- LibreOffice: an independent recalculation --------------------------------------------------

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
ALL_SHEETS_CSV = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'


def soffice(files: list[Path], outdir: Path, target: str, profile: Path, locale: str = "C.UTF-8") -> None:
    """Convert with a fresh profile that recalculates every formula on load (LibreOffice
    otherwise trusts the cached values of an xlsx, and the check would prove nothing)."""
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    env = {**os.environ, "LANG": locale, "LC_ALL": locale}
    command = [shutil.which("soffice"), f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--convert-to", target, "--outdir", str(outdir), *map(str, files)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    assert process.returncode == 0, (out, err)


def csv_sheets(path_prefix: Path) -> dict[str, list[list[str]]]:
    sheets = {}
    for file in path_prefix.parent.glob(f"{path_prefix.name}-*.csv"):
        with file.open(encoding="utf-8", newline="") as stream:
            sheets[file.stem[len(path_prefix.name) + 1:]] = list(csv.reader(stream))
    return sheets


def csv_row(rows: list[list[str]], label: str) -> list[str]:
    return next(row for row in rows if row and row[0] == label)


def as_int(text: str) -> int | None:
    return int(text) if text else None


@pytest.fixture(scope="module")
def recalculated(rendered, tmp_path_factory) -> dict[tuple[str, str], dict[str, list[list[str]]]]:
    """(case id, workbook) -> sheet name -> rows, as LibreOffice computed them."""
    work = tmp_path_factory.mktemp("lo")
    copies = {}
    for case_id, files in rendered.items():
        for name, path in files.items():
            copy = work / f"{case_id}--{Path(name).stem}.xlsx"
            shutil.copy(path, copy)
            copies[(case_id, name)] = copy
    soffice(list(copies.values()), work / "csv", ALL_SHEETS_CSV, work / "profile")
    return {key: csv_sheets(work / "csv" / copy.stem) for key, copy in copies.items()}


@pytest.mark.libreoffice
def test_libreoffice_recalculates_instead_of_trusting_the_cache(tmp_path):
    """The harness itself: a wrong cached value must come back corrected, or the checks below prove nothing."""
    wrong = tmp_path / "wrong.xlsx"
    wrong.write_bytes(finish_xlsx(_tiny_workbook(), {"Ark": {"A3": 99}}, dt.datetime(2024, 5, 1)))
    assert openpyxl.load_workbook(wrong, data_only=True)["Ark"]["A3"].value == 99
    soffice([wrong], tmp_path / "csv", ALL_SHEETS_CSV, tmp_path / "profile")
    assert csv_sheets(tmp_path / "csv" / "wrong")["Ark"][2] == ["3"]


@pytest.mark.libreoffice
def test_libreoffice_sheets_match_the_workbooks(recalculated):
    for (case_id, name), sheets in EXPECTED_SHEETS.items():
        assert sorted(recalculated[(case_id, name)]) == sorted(sheets)


@pytest.mark.libreoffice
@pytest.mark.parametrize("case_id", ["mobilhaandtering", "energibesparelser"])
def test_libreoffice_tabel_a_and_c_totals(recalculated, examples, case_id):
    figures = examples[case_id].figures
    for sheet, rows in recalculated[(case_id, "kvantum.xlsx")].items():
        table = figures.tabel_a_udmøntning if sheet.endswith("-pl)") else figures.tabel_a
        assert [as_int(x) for x in csv_row(rows, "Total")[1:]] == [table.total.get(y) for y in figures.years]


@pytest.mark.libreoffice
def test_libreoffice_tabel_2(recalculated, examples):
    figures = examples["mobilhaandtering"].figures
    rows = recalculated[("mobilhaandtering", "økonomi.xlsx")]["Tabel 2"]
    for label, expected in [("Samlet varig ændring af investeringscasen", figures.samlet_varig_ændring),
                            ("Samlede implementeringsomkostninger", figures.samlede_implementeringsomkostninger),
                            ("Samlet økonomisk påvirkning", figures.samlet_økonomisk_påvirkning)]:
        assert [as_int(x) for x in csv_row(rows, label)[2:]] == [expected.get(y) for y in figures.years], label
    assert csv_row(rows, "Tilbagebetalingstid baseret på serviceeffektivisering")[2] == "4 år"


@pytest.mark.libreoffice
def test_libreoffice_loan_i_alt(recalculated, examples):
    figures = examples["botilbud-laan"].figures
    total = csv_row(recalculated[("botilbud-laan", "projekter.xlsx")]["Projekter"], "I alt")
    assert [int(x) for x in total[1:5]] == [figures.lån_i_alt[2025], figures.lån_i_alt[2026],
                                            figures.pladser_i_alt[2025], figures.pladser_i_alt[2026]]
    assert Decimal(total[5]) == figures.andel_i_alt
    # raw csv values in the C locale: dates come as mm/dd/yyyy; the PDF test checks what a Dane sees
    assert dt.datetime.strptime(total[6], "%m/%d/%Y").date() == figures.afsluttet_senest


@pytest.mark.libreoffice
def test_libreoffice_distribution_total(recalculated, examples):
    figures = examples["telehjerter-fordeling"].figures
    rows = recalculated[("telehjerter-fordeling", "fordeling.xlsx")]["Fordeling"]
    total = csv_row(rows, "I alt")
    assert Decimal(total[1]) == figures.nøgletotal
    assert Decimal(total[2]) == Decimal(100)
    assert int(total[3]) == figures.beløb


def _has_danish_locale() -> bool:
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=True).stdout.lower()
    except (OSError, subprocess.CalledProcessError):
        return False
    return "da_dk.utf8" in names or "da_dk.utf-8" in names


@pytest.mark.libreoffice
@pytest.mark.skipif(not _has_danish_locale(), reason="da_DK.UTF-8 locale mangler (locale-gen da_DK.UTF-8)")
def test_libreoffice_pdf_shows_danish_numbers_and_dates(rendered, tmp_path):
    files = [rendered["mobilhaandtering"]["økonomi.xlsx"], rendered["botilbud-laan"]["projekter.xlsx"]]
    soffice(files, tmp_path / "pdf", "pdf", tmp_path / "profile", locale="da_DK.UTF-8")
    tabel_2 = PdfReader(tmp_path / "pdf" / "økonomi.pdf")
    text = tabel_2.pages[0].extract_text()
    assert len(tabel_2.pages) == 1, "Tabel 2 fits on one page"
    assert "-12.711" in text and "-3.791" in text and "4 år" in text
    loan = PdfReader(tmp_path / "pdf" / "projekter.pdf")
    text = loan.pages[0].extract_text()
    assert "21.000" in text and "26,8" in text and "31/10/2026" in text
    assert loan.pages[0].mediabox.width > loan.pages[0].mediabox.height, "the wide loan table prints landscape"


@pytest.mark.libreoffice
def test_templates_saved_again_by_libreoffice_give_the_same_workbooks(examples, rendered, tmp_path):
    """A secretary edits a template in LibreOffice and saves it: the tags, merges and styles it
    writes back in its own way must fill to the same values."""
    from kkdocs.case_types import INVESTERINGSFORSLAG
    from kkdocs.documents.xlsx_template import fill_workbook

    saved = tmp_path / "saved"
    originals = {"kvantum.xlsx": TEMPLATES / "investeringsforslag" / "kvantum.xlsx",
                 "økonomi.xlsx": TEMPLATES / "investeringsforslag" / "økonomi.xlsx"}
    soffice(list(originals.values()), saved, "xlsx:Calc MS Excel 2007 XML", tmp_path / "profile")
    builder = INVESTERINGSFORSLAG.workbooks.build
    result = examples["mobilhaandtering"]
    context = builder(result.case, result.figures)
    for name, original in originals.items():
        ours, theirs = fill_workbook(original, context), fill_workbook(saved / name, context)
        assert [s.title for s in theirs.workbook.worksheets] == [s.title for s in ours.workbook.worksheets]
        for mine, other in zip(ours.workbook.worksheets, theirs.workbook.worksheets):
            assert [[c.value for c in r] for r in other.iter_rows()] == [[c.value for c in r] for r in mine.iter_rows()]
            assert {str(m) for m in other.merged_cells.ranges} == {str(m) for m in mine.merged_cells.ranges}
        assert theirs.cached == ours.cached
