"""The package overview as a workbook: `<id>-oversigt.xlsx`.

Three sheets, "Tabel A", "Implementering" and "Sager", with a frozen header row, fitted
columns, `#,##0` amounts (Danish Excel shows 1.234) and A4 landscape printing fitted to the
page width.

A total row (`OverviewRow.total`) is a real `=SUM(...)` formula over the rows above it, so a
reviewer can check it. openpyxl writes formulas without a cached value, so after saving we
put the value Python computed into each formula cell as its cached value. Excel and
LibreOffice recalculate on opening anyway; a reader that does not calculate (pandas,
`openpyxl.load_workbook(data_only=True)`) sees the cached number. The total row's figures
must equal the sum of the rows above it; a mismatch is a programming error and raises
ValueError.

Output is deterministic: the workbook's created and modified times are the meeting date,
and every zip entry gets the same fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kkdocs.assembly.package_pdf import OverviewCase, OverviewRow, PackageInfo, PackageOverview
from kkdocs.atomic_write import write_bytes_atomically
from kkdocs.danish_format import format_date_long
from kkdocs.documents.xlsx_cache import finish_xlsx

AMOUNT_FORMAT = "#,##0"
COUNT_FORMAT = "0"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EBEBEB")
HEADER_BORDER = Border(bottom=Side(style="thin", color="000000"))
INDENTED = Alignment(horizontal="left", indent=2)  # a bevilling row under Økonomiudvalget
TOTAL_BORDER = Border(top=Side(style="thin", color="000000"))
MIN_WIDTH = 8
MAX_WIDTH = 60


@dataclass
class _CachedValues:
    """Values to write as the cached result of formula cells, per sheet title."""

    by_sheet: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, sheet_title: str, cell: str, value: int) -> None:
        self.by_sheet.setdefault(sheet_title, {})[cell] = value


def write_overview_xlsx(package: PackageInfo, overview: PackageOverview, target: Path) -> None:
    """Write the overview workbook to `target`, atomically and byte-for-byte reproducibly."""
    workbook = Workbook()
    cached = _CachedValues()
    tabel_a = workbook.active
    tabel_a.title = "Tabel A"
    _fill_amount_sheet(tabel_a, overview.tabel_a, overview, cached)
    implementering = workbook.create_sheet("Implementering")
    _fill_amount_sheet(implementering, overview.implementering, overview, cached)
    _fill_case_sheet(workbook.create_sheet("Sager"), overview.cases)
    _set_properties(workbook, package)
    buffer = io.BytesIO()
    workbook.save(buffer)
    moment = dt.datetime.combine(package.mødedato, dt.time())
    data = finish_xlsx(buffer.getvalue(), cached.by_sheet, moment)
    write_bytes_atomically(Path(target), data)


# --- sheets ---------------------------------------------------------------------------------


def _fill_amount_sheet(
    sheet: Worksheet,
    rows: Sequence[OverviewRow],
    overview: PackageOverview,
    cached: _CachedValues,
) -> None:
    sheet.append([f"1.000 kr. {overview.pl}", *overview.years])
    first_summed = 2
    for row in rows:
        excel_row = sheet.max_row + 1
        if row.total:
            values = _total_cells(row, overview.years, first_summed, excel_row, sheet, cached)
            first_summed = excel_row + 1
        else:
            values = [row.values.get(year) for year in overview.years]
        sheet.append([row.label, *values])
        _style_body_row(sheet, excel_row, bold=row.bold or row.total, total=row.total)
        if row.indented:
            sheet.cell(row=excel_row, column=1).alignment = INDENTED
    for column in range(2, len(overview.years) + 2):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = AMOUNT_FORMAT
    _finish_sheet(sheet, right_from_column=2)


def _total_cells(
    row: OverviewRow,
    years: Sequence[int],
    first: int,
    excel_row: int,
    sheet: Worksheet,
    cached: _CachedValues,
) -> list[str | None]:
    """=SUM formulas for a total row, checked against the figures Python computed."""
    cells: list[str | None] = []
    for offset, year in enumerate(years):
        column = get_column_letter(offset + 2)
        expected = row.values.get(year)
        if expected is None or excel_row == first:
            cells.append(None if expected is None else expected)
            continue
        summed = sum(
            value
            for (value,) in sheet.iter_rows(min_row=first, max_row=excel_row - 1, min_col=offset + 2, max_col=offset + 2, values_only=True)
            if isinstance(value, int)
        )
        if summed != expected:
            raise ValueError(f"total row {row.label!r} {year}: {expected} but the rows above sum to {summed}")
        cells.append(f"=SUM({column}{first}:{column}{excel_row - 1})")
        cached.add(sheet.title, f"{column}{excel_row}", expected)
    return cells


def _fill_case_sheet(sheet: Worksheet, cases: Sequence[OverviewCase]) -> None:
    sheet.append(
        ["Sag", "Titel", "Tilbagebetalingstid, service", "Tilbagebetalingstid, totaløkonomi", "Fejl", "Advarsler"]
    )
    for case in cases:
        sheet.append([case.id, case.titel, case.payback_service, case.payback_total, case.fejl, case.advarsler])
        _style_body_row(sheet, sheet.max_row, bold=False, total=False)
    for column in (5, 6):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = COUNT_FORMAT
    _finish_sheet(sheet, right_from_column=3)


def _style_body_row(sheet: Worksheet, excel_row: int, bold: bool, total: bool) -> None:
    for cell in sheet[excel_row]:
        if bold:
            cell.font = HEADER_FONT
        if total:
            cell.border = TOTAL_BORDER


def _finish_sheet(sheet: Worksheet, right_from_column: int) -> None:
    """Header style, frozen header row, fitted columns and A4 landscape printing."""
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        if cell.column >= right_from_column:
            cell.alignment = Alignment(horizontal="right", wrap_text=True)
    sheet.freeze_panes = "A2"
    _fit_columns(sheet)
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _fit_columns(sheet: Worksheet) -> None:
    """Width from the longest shown text; formulas count as their cached amount."""
    for column_cells in sheet.iter_cols():
        longest = max(len(_shown_text(cell.value)) for cell in column_cells)
        letter = get_column_letter(column_cells[0].column)
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))


def _shown_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, str) and value.startswith("="):
        return "-000.000.000"  # room for a large total
    return str(value)


def _set_properties(workbook: Workbook, package: PackageInfo) -> None:
    moment = dt.datetime.combine(package.mødedato, dt.time())
    properties = workbook.properties
    properties.title = f"Oversigt: {package.titel}"
    properties.subject = f"{package.udvalg}, møde {format_date_long(package.mødedato)}"
    properties.creator = "kkdocs"
    properties.lastModifiedBy = "kkdocs"
    properties.created = moment
    properties.modified = moment
    properties.language = "da-DK"
