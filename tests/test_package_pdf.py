"""Committee packages (PDF) and the overview workbook (xlsx)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape

from pdf_fixtures import make_pdf, needs_poppler, outline_tree, pdf_text

from kkdocs.assembly.bundle import BundlePart
from kkdocs.assembly.overview_xlsx import write_overview_xlsx
from kkdocs.assembly.package_pdf import (OverviewCase, OverviewRow, PackageCase, PackageInfo, PackageOverview,
                                         write_committee_package)


PACKAGE = PackageInfo(
    id="overfoersel-2024",
    titel="Tværgående investeringsforslag til overførselssagen 2024",
    udvalg="Økonomiudvalget",
    mødedato=dt.date(2024, 4, 9),
)
YEARS = (2025, 2026, 2027, 2028)


# --- helpers ---------------------------------------------------------------------------------------


def make_cases(folder: Path, count: int, draft_index: int | None = None) -> list[PackageCase]:
    cases = []
    for index in range(count):
        titel = f"Forslag {index + 1} om mobilhåndtering"
        forslag = make_pdf(folder / f"forslag{index}.pdf", titel, 2 + index % 2)
        adm = make_pdf(folder / f"adm{index}.pdf", f"Administrativt bilag til forslag {index + 1}", 1)
        bilag = make_pdf(folder / f"bilag{index}.pdf", f"Driftsøkonomi {index + 1}", 1, landscape(A4))
        parts = (
            BundlePart("Forslag", forslag),
            BundlePart("Administrativt bilag", adm),
            BundlePart("Bilag", None, (BundlePart("Bilag 1: Fremtidig driftsøkonomi", bilag),)),
        )
        cases.append(
            PackageCase(f"sag-{index + 1}", titel, "Investeringsforslag", parts, draft=index == draft_index)
        )
    return cases


def make_overview(cases: list[PackageCase], years=YEARS) -> PackageOverview:
    tabel_a = (
        OverviewRow("Økonomiudvalget", {2025: -1032, 2026: -12711, 2027: 0}),
        OverviewRow("Sundheds- og Omsorgsudvalget", {y: -500 for y in years}),
        OverviewRow("Total", {2025: -1532, 2026: -13211, 2027: -500, **{y: -500 for y in years[3:]}}, total=True),
    )
    implementering = (
        OverviewRow("sag-1", {2025: 1200, 2026: 300}),
        OverviewRow("sag-2", {2025: 800}),
        OverviewRow("I alt", {2025: 2000, 2026: 300}, total=True),
    )
    rows = tuple(OverviewCase(c.id, c.titel, "4 år", "–", 0, index) for index, c in enumerate(cases))
    return PackageOverview(years, "2025 p/l", tabel_a, implementering, rows)


def toc_entries(path: Path, pages: range) -> dict[str, list[int]]:
    """Title → page numbers, as printed in the table of contents."""
    entries: dict[str, list[int]] = {}
    for page in pages:
        for line in pdf_text(path, page, "-layout").splitlines():
            match = re.fullmatch(r"\s*(\S.*?)\s{2,}(\d+)\s*", line)
            if match:
                entries.setdefault(match.group(1), []).append(int(match.group(2)))
    return entries


@pytest.fixture
def package(tmp_path: Path):
    cases = make_cases(tmp_path, 3, draft_index=1)
    target = tmp_path / "pakker" / "pakke.pdf"
    info = write_committee_package(PACKAGE, cases, make_overview(cases), target)
    return target, info, cases


# --- formatting -------------------------------------------------------------------------------------


def test_cover_shows_title_committee_and_danish_date(package):
    target, _, _ = package
    text = pdf_text(target, 1)
    assert "Københavns Kommune" in text
    assert "Økonomiudvalget" in text
    assert "Møde den 9. april 2024" in text
    assert "Tværgående investeringsforslag til" in text


@needs_poppler
def test_contents_page_numbers_point_at_the_right_pages(package):
    target, info, cases = package
    entries = toc_entries(target, range(2, 3))
    assert entries["Oversigt"] == [3]
    for case in cases:
        (page,) = entries[case.titel]
        assert case.titel in pdf_text(target, page)
    forslag_pages = entries["Forslag"]
    assert [page for _, page, _ in info.part_pages[3:]] == forslag_pages
    for page, case in zip(forslag_pages, cases):
        assert f"{case.titel} side 1" in pdf_text(target, page)
    for page, number in zip(entries["Administrativt bilag"], (1, 2, 3)):
        assert f"Administrativt bilag til forslag {number} side 1" in pdf_text(target, page)
    for page, number in zip(entries["Bilag 1: Fremtidig driftsøkonomi"], (1, 2, 3)):
        assert f"Driftsøkonomi {number} side 1" in pdf_text(target, page)


@needs_poppler
def test_long_contents_take_several_pages_and_still_point_right(tmp_path):
    cases = make_cases(tmp_path, 30)
    target = tmp_path / "stor.pdf"
    info = write_committee_package(PACKAGE, cases, make_overview(cases), target)
    _, toc_first, toc_pages = info.part_pages[1]
    assert toc_pages > 1
    entries = toc_entries(target, range(toc_first, toc_first + toc_pages))
    assert entries["Oversigt"] == [info.part_pages[2][1]]
    for case, (title, first, _) in zip(cases, info.part_pages[3:]):
        assert entries[case.titel] == [first]
        assert f"{case.titel} side 1" in pdf_text(target, first)
    assert len(entries["Forslag"]) == 30


@needs_poppler
def test_overview_shows_tables_with_danish_numbers(package):
    target, _, cases = package
    text = pdf_text(target, 3, "-layout")
    for heading in (
        "Oversigt",
        "Tabel A. Måltalseffekt summeret for alle sager",
        "Implementeringsomkostninger",
        "Sager og tilbagebetalingstid",
        "1.000 kr. 2025 p/l",
    ):
        assert heading in text
    assert re.search(r"Økonomiudvalget\s+-1\.032\s+-12\.711\s+0\n", text)
    assert re.search(r"Total\s+-1\.532\s+-13\.211\s+-500\s+-500", text)
    assert re.search(r"I alt\s+2\.000\s+300\n", text)
    assert re.search(r"sag-2\s+Forslag 2 om mobilhåndtering\s+4 år\s+–\s+0\s+1", text)
    assert "Fejl" in text and "Advarsler" in text


def test_overview_turns_landscape_when_the_years_need_it(tmp_path):
    cases = make_cases(tmp_path, 1)
    years = tuple(range(2025, 2034))
    overview = make_overview(cases, years)
    target = tmp_path / "bred.pdf"
    info = write_committee_package(PACKAGE, cases, overview, target)
    reader = PdfReader(target)
    overview_page = reader.pages[info.part_pages[2][1] - 1]
    assert overview_page.mediabox.width > overview_page.mediabox.height
    first_page = reader.pages[0]
    assert first_page.mediabox.width < first_page.mediabox.height


@needs_poppler
def test_pages_are_numbered_continuously(package):
    target, info, _ = package
    for number in range(1, info.page_count + 1):
        assert re.findall(r"Side (\d+) af (\d+)", pdf_text(target, number)) == [(str(number), str(info.page_count))]


def test_bookmarks_for_front_matter_and_nested_cases(package):
    target, info, cases = package
    tree = outline_tree(PdfReader(target))
    assert [(title, page) for title, page, _ in tree] == [(title, first) for title, first, _ in info.part_pages]
    first_case = tree[3]
    assert first_case[0] == cases[0].titel
    assert first_case[2] == [
        ("Forslag", 4, []),
        ("Administrativt bilag", 6, []),
        ("Bilag", 7, [("Bilag 1: Fremtidig driftsøkonomi", 7, [])]),
    ]


def test_metadata_and_page_labels(package):
    target, info, _ = package
    reader = PdfReader(target)
    assert reader.metadata.title == PACKAGE.titel
    assert reader.metadata.author == "Københavns Kommune"
    assert reader.metadata.subject == "Økonomiudvalget, møde 9. april 2024"
    assert reader.metadata.creator == "kkdocs"
    assert reader.metadata.creation_date.date() == PACKAGE.mødedato
    assert reader.page_labels == [str(n) for n in range(1, info.page_count + 1)]


def test_only_the_draft_case_is_marked_udkast(package):
    target, info, _ = package
    draft_title, first, count = info.part_pages[4]
    marked = [n + 1 for n, page in enumerate(PdfReader(target).pages) if "UDKAST" in page.extract_text()]
    assert marked == list(range(first, first + count))


def test_package_is_byte_identical_across_builds(tmp_path):
    cases = make_cases(tmp_path, 2)
    overview = make_overview(cases)
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    write_committee_package(PACKAGE, cases, overview, first)
    write_committee_package(PACKAGE, cases, overview, second)
    assert first.read_bytes() == second.read_bytes()


def test_package_without_cases_still_builds(tmp_path):
    target = tmp_path / "tom.pdf"
    overview = PackageOverview(YEARS, "2025 p/l", (), (), ())
    info = write_committee_package(PACKAGE, [], overview, target)
    assert [title for title, _, _ in info.part_pages] == ["Forside", "Indholdsfortegnelse", "Oversigt"]


# --- the overview workbook ---------------------------------------------------------------------------


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    cases = make_cases(tmp_path, 2)
    target = tmp_path / "pakker" / "pakke-oversigt.xlsx"
    write_overview_xlsx(PACKAGE, make_overview(cases), target)
    return target


def test_workbook_sheets_header_and_freeze(workbook_path):
    workbook = openpyxl.load_workbook(workbook_path)
    assert workbook.sheetnames == ["Tabel A", "Implementering", "Sager"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    tabel_a = workbook["Tabel A"]
    assert [c.value for c in tabel_a[1]] == ["1.000 kr. 2025 p/l", *YEARS]
    assert [c.value for c in workbook["Sager"][1]][:2] == ["Sag", "Titel"]


def test_workbook_totals_are_sum_formulas_with_cached_values(workbook_path):
    formulas = openpyxl.load_workbook(workbook_path)["Tabel A"]
    assert formulas["A4"].value == "Total"
    assert formulas["B4"].value == "=SUM(B2:B3)"
    assert formulas["E4"].value == "=SUM(E2:E3)"
    assert formulas["B4"].font.bold
    values = openpyxl.load_workbook(workbook_path, data_only=True)["Tabel A"]
    assert [c.value for c in values[4]] == ["Total", -1532, -13211, -500, -500]
    assert [c.value for c in values[2]] == ["Økonomiudvalget", -1032, -12711, 0, None]
    implementering = openpyxl.load_workbook(workbook_path)["Implementering"]
    assert implementering["B4"].value == "=SUM(B2:B3)"
    assert implementering["D4"].value is None  # no total printed where there is none


def test_workbook_number_formats(workbook_path):
    workbook = openpyxl.load_workbook(workbook_path)
    for name in ("Tabel A", "Implementering"):
        sheet = workbook[name]
        for row in sheet.iter_rows(min_row=2, min_col=2):
            for cell in row:
                assert cell.number_format == "#,##0"
    assert workbook["Sager"]["E2"].number_format == "0"
    assert b"#.##0" not in zipfile.ZipFile(workbook_path).read("xl/styles.xml")


def test_workbook_columns_are_fitted(workbook_path):
    sheet = openpyxl.load_workbook(workbook_path)["Tabel A"]
    assert sheet.column_dimensions["A"].width >= len("Sundheds- og Omsorgsudvalget")
    assert 8 <= sheet.column_dimensions["B"].width <= 20


def test_workbook_is_byte_identical_across_builds(tmp_path):
    cases = make_cases(tmp_path, 2)
    overview = make_overview(cases)
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    write_overview_xlsx(PACKAGE, overview, first)
    write_overview_xlsx(PACKAGE, overview, second)
    assert first.read_bytes() == second.read_bytes()
    properties = openpyxl.load_workbook(first).properties
    assert properties.created == properties.modified == dt.datetime(2024, 4, 9)
    assert {info.date_time for info in zipfile.ZipFile(first).infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_workbook_rejects_a_total_that_does_not_add_up(tmp_path):
    overview = PackageOverview(
        YEARS,
        "2025 p/l",
        (OverviewRow("A", {2025: 1}), OverviewRow("B", {2025: 2}), OverviewRow("Total", {2025: 4}, total=True)),
        (),
        (),
    )
    with pytest.raises(ValueError, match="Total"):
        write_overview_xlsx(PACKAGE, overview, tmp_path / "forkert.xlsx")
    assert not (tmp_path / "forkert.xlsx").exists()


@pytest.mark.libreoffice
def test_libreoffice_computes_the_same_totals(tmp_path, workbook_path):
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to", "csv", "--outdir", str(tmp_path), str(workbook_path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rows = (tmp_path / "pakke-oversigt.csv").read_bytes().decode("latin-1").splitlines()
    assert rows[3] == "Total,-1532,-13211,-500,-500"


def test_bevilling_rows_are_indented_as_in_tabel_a(tmp_path):
    from kkdocs.batch.validate import validate
    from kkdocs.figures.package_overview import package_overview
    from kkdocs.workspace import find_workspace

    workspace = find_workspace(explicit=Path(__file__).resolve().parent.parent)
    validation = validate([], workspace)
    overview = package_overview(validation.cases, validation.reference.organisation, validation.reference.price_index)
    indented = {row.label for row in overview.tabel_a if row.indented}
    assert indented == {"Koncernservice", "Koncern IT", "Københavns Ejendomme", "Byggeri København"}
    target = tmp_path / "oversigt.xlsx"
    write_overview_xlsx(PACKAGE, overview, target)
    sheet = openpyxl.load_workbook(target)["Tabel A"]
    shown = {cell.value: cell.alignment.indent for (cell,) in sheet.iter_rows(min_row=2, max_col=1)}
    assert shown["Koncern IT"] > 0 and shown["Økonomiudvalget"] == 0 and shown["Total"] == 0


def test_overview_names_the_cases_it_converted(tmp_path):
    from dataclasses import replace

    cases = make_cases(tmp_path, 1)
    overview = replace(make_overview(cases), converted=("Forslag 1 om mobilhåndtering (2024 p/l)",))
    target = tmp_path / "omregnet.pdf"
    write_committee_package(PACKAGE, cases, overview, target)
    text = " ".join(pdf_text(target, 3).split())
    assert "Omregnet til 2025 p/l med pris- og lønindekset i pl.yaml: Forslag 1 om mobilhåndtering (2024 p/l)." in text
