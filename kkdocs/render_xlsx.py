"""The Excel side of a case: `kvantum.xlsx`, `økonomi.xlsx`, `projekter.xlsx`, `fordeling.xlsx`.

`write_workbooks(result, organisation, outdir)` writes the workbooks of the case's type, as
listed in `WORKBOOKS`. Each sheet has a title row, a frozen header, fitted columns, `#,##0`
amounts (Danish Excel and LibreOffice show 1.234), an empty cell for an absent year, and
A4 printing fitted to the page width (landscape when the table is wide).

Every figure comes from `calculation.py`; nothing is computed here. Totals are real
formulas (`=SUM(C4:C14)`, "Samlet økonomisk påvirkning" = the two totals above it, the loan
table's weighted share and latest date), so a reviewer can check them, and each formula's
cached value is the figure Python computed (`xlsx_cache.finish_xlsx`). Before a formula is
written, the figure is checked against the cells it refers to; a mismatch is a programming
error and raises ValueError.

The fordelingsbilag's shares and amounts are values, not formulas: they are distributed by
the largest remainder method, which no simple cell formula reproduces. `ROUND(w/total*100;1)`
gives 1,4 for Albertslund in the Telehjerter example where the method (and the Word
appendix) gives 1,5, and such a column can sum to 99,9 or 100,1. The "I alt" row is a
formula, so the sheet shows that the shares sum to 100,0 and the amounts to the amount.

Output is reproducible: the workbook's created and modified times are the case's frist,
and the zip entries carry a fixed timestamp, so two runs give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kkdocs.atomic_write import write_bytes_atomically
from kkdocs.calculation import DistributionFigures, KvantumTable, LoanFigures, ProposalFigures, Row
from kkdocs.danish_format import format_amount, format_date_short, format_decimal, format_years
from kkdocs.distribution import PERCENT_TENTHS
from kkdocs.model import Fordelingsbilag, Laaneansoegning, Organisation, Proposal, author_name
from kkdocs.validate import CaseResult
from kkdocs.xlsx_cache import CachedValue, finish_xlsx

AMOUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "#,##0.0"
YEAR_FORMAT = "0"
DATE_FORMAT = "dd\\/mm\\/yyyy"  # escaped: a bare "/" is the reader's date separator ("-" in Danish)
DECIMAL_WEIGHT_FORMAT = "#,##0.0##"

TITLE_FONT = Font(bold=True, size=12)
BOLD = Font(bold=True)
ITALIC = Font(italic=True)
NOTE_FONT = Font(italic=True, size=9)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
THIN = Side(style="thin", color="000000")
HEADER_BORDER = Border(bottom=THIN)
TOTAL_BORDER = Border(top=THIN)
RIGHT = Alignment(horizontal="right", vertical="bottom")
CENTER = Alignment(horizontal="center", vertical="bottom")
WRAP_HEADER = Alignment(wrap_text=True, vertical="bottom")
WRAP_HEADER_RIGHT = Alignment(wrap_text=True, vertical="bottom", horizontal="right")
INDENTED = Alignment(horizontal="left", indent=2)  # indent needs an explicit horizontal alignment

MIN_WIDTH = 8
MAX_WIDTH = 60
LINE_HEIGHT = 15  # points per line of 11 pt text
TITLE_LINE_HEIGHT = 16
NOTE_LINE_HEIGHT = 12
TITLE_CHAR_WIDTH = 1.25  # a 12 pt bold character, in column-width units
NOTE_CHAR_WIDTH = 0.85  # a 9 pt character
WRAPPED_HEADER_WIDTH = 12  # least width of a column whose header wraps
BOLD_CHAR_WIDTH = 1.1
LANDSCAPE_FROM_WIDTH = 95  # characters of column width; wider tables print landscape

Value = int | Decimal | str | dt.date | None


# --- one sheet ---------------------------------------------------------------------------------


@dataclass
class SheetWriter:
    """Writes cells into one worksheet and remembers what the columns need."""

    sheet: Worksheet
    columns: int
    cached: dict[str, CachedValue] = field(default_factory=dict)
    widths: dict[int, int] = field(default_factory=dict)
    spanning: list[tuple[int, str, float, float]] = field(default_factory=list)  # merged text rows, sized at the end
    row: int = 0

    def next_row(self) -> int:
        self.row += 1
        return self.row

    def put(self, row: int, column: int, value: Value, number_format: str | None = None, *,
            measure: bool = True, font: Font | None = None, alignment: Alignment | None = None) -> None:
        cell = self.sheet.cell(row=row, column=column, value=_cell_value(value))
        if number_format:
            cell.number_format = number_format
        if font:
            cell.font = font
        if alignment:
            cell.alignment = alignment
        if measure:
            extra = 2 * alignment.indent if alignment is not None and alignment.indent else 0
            self._measure(column, len(_shown(value)) + int(extra))

    def put_formula(self, row: int, column: int, formula: str, value: CachedValue, number_format: str) -> None:
        self.put(row, column, None, number_format)
        cell = self.sheet.cell(row=row, column=column)
        cell.value = formula
        self.cached[cell.coordinate] = value
        self._measure(column, len(_shown(value)))

    def put_sum(self, row: int, column: int, first: int, last: int, expected: int | Decimal | None,
                number_format: str = AMOUNT_FORMAT) -> None:
        """`=SUM(first:last)` of this column, cached as `expected` (an absent figure: empty cell)."""
        if expected is None:
            self.put(row, column, None, number_format)
            return
        letter = get_column_letter(column)
        summed = sum(self.number(r, column) for r in range(first, last + 1))
        if first > last or summed != expected:
            raise ValueError(f"{self.sheet.title}!{letter}{row}: the figure is {expected}, "
                             f"but {letter}{first}:{letter}{last} sums to {summed}")
        self.put_formula(row, column, f"=SUM({letter}{first}:{letter}{last})", expected, number_format)

    def number(self, row: int, column: int) -> int | Decimal:
        """A cell's number as Excel reads it: its cached value for a formula, 0 when empty."""
        cell = self.sheet.cell(row=row, column=column)
        if cell.coordinate in self.cached:
            value = self.cached[cell.coordinate]
        else:
            value = cell.value
        if value is None:
            return 0
        if isinstance(value, float):
            return Decimal(repr(value))
        if not isinstance(value, (int, Decimal)):
            raise ValueError(f"{self.sheet.title}!{cell.coordinate} is not a number: {value!r}")
        return value

    def title(self, text: str) -> None:
        row = self.next_row()
        self.put(row, 1, text, measure=False, font=TITLE_FONT, alignment=Alignment(wrap_text=True, vertical="top"))
        self._merge_across(row)
        self.spanning.append((row, text, TITLE_CHAR_WIDTH, TITLE_LINE_HEIGHT))

    def note(self, text: str) -> None:
        row = self.next_row()
        self.put(row, 1, text, measure=False, font=NOTE_FONT, alignment=Alignment(wrap_text=True, vertical="top"))
        self._merge_across(row)
        self.spanning.append((row, text, NOTE_CHAR_WIDTH, NOTE_LINE_HEIGHT))

    def header(self, row: int, labels: Sequence[Value], number_format: str | None = None,
               first_right: int = 2, wrap: bool = False) -> None:
        for column, label in enumerate(labels, start=1):
            if wrap:
                alignment = WRAP_HEADER_RIGHT if column >= first_right else WRAP_HEADER
                words = str(label or "").split()
                self._measure(column, max(WRAPPED_HEADER_WIDTH, *(math.ceil(len(w) * BOLD_CHAR_WIDTH) for w in words)))
            else:
                alignment = RIGHT if column >= first_right else None
            self.put(row, column, label, number_format if isinstance(label, int) else None, measure=not wrap,
                     font=BOLD, alignment=alignment)
            cell = self.sheet.cell(row=row, column=column)
            cell.fill = HEADER_FILL
            cell.border = HEADER_BORDER

    def style_row(self, row: int, font: Font | None = None, border: Border | None = None) -> None:
        for column in range(1, self.columns + 1):
            cell = self.sheet.cell(row=row, column=column)
            if font:
                cell.font = font
            if border:
                cell.border = border

    def finish(self, frozen_rows: int, header_rows: Sequence[int] = ()) -> None:
        """Column widths, frozen header, wrapped header heights and A4 printing fitted to the width."""
        for column in range(1, self.columns + 1):
            width = min(MAX_WIDTH, max(MIN_WIDTH, self.widths.get(column, 0) + 2))
            self.sheet.column_dimensions[get_column_letter(column)].width = width
        for row in header_rows:
            self._fit_header_height(row)
        self._wrap_long_texts(first_row=frozen_rows + 1)
        for row, text, char_width, line_height in self.spanning:
            self._fit_height(row, text, self._total_width() / char_width, line_height)
        self.sheet.freeze_panes = f"A{frozen_rows + 1}"
        self.sheet.print_title_rows = f"1:{frozen_rows}"
        setup = self.sheet.page_setup
        setup.paperSize = self.sheet.PAPERSIZE_A4
        setup.orientation = "landscape" if self._total_width() > LANDSCAPE_FROM_WIDTH else "portrait"
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.sheet.sheet_properties.pageSetUpPr.fitToPage = True
        self.sheet.oddFooter.center.text = "Side &P af &N"

    def _wrap_long_texts(self, first_row: int) -> None:
        """A body text wider than its (capped) column wraps, and its row grows to show it."""
        for row in range(first_row, self.sheet.max_row + 1):
            for column in range(1, self.columns + 1):
                cell = self.sheet.cell(row=row, column=column)
                if not isinstance(cell.value, str) or cell.coordinate in self.sheet.merged_cells:
                    continue
                lines = _wrapped_lines(cell.value, self._width(column) - 1 - 2 * (cell.alignment.indent or 0))
                if lines > 1:
                    old = cell.alignment
                    cell.alignment = Alignment(horizontal=old.horizontal, vertical=old.vertical, indent=old.indent,
                                               wrap_text=True)
                    height = self.sheet.row_dimensions[row].height or LINE_HEIGHT
                    self.sheet.row_dimensions[row].height = max(height, LINE_HEIGHT * lines)

    def _measure(self, column: int, length: int) -> None:
        self.widths[column] = max(self.widths.get(column, 0), length)

    def _width(self, column: int) -> float:
        return min(MAX_WIDTH, max(MIN_WIDTH, self.widths.get(column, 0) + 2))

    def _total_width(self) -> float:
        return sum(self._width(column) for column in range(1, self.columns + 1))

    def _merge_across(self, row: int) -> None:
        if self.columns > 1:
            self.sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=self.columns)

    def _fit_height(self, row: int, text: str, width: float, line_height: float) -> None:
        lines = sum(_wrapped_lines(part, width - 2) for part in text.split("\n"))
        self.sheet.row_dimensions[row].height = line_height * lines + 3

    def _fit_header_height(self, row: int) -> None:
        lines = 1
        for column in range(1, self.columns + 1):
            text = _shown(self.sheet.cell(row=row, column=column).value)
            lines = max(lines, _wrapped_lines(text, (self._width(column) - 1) / BOLD_CHAR_WIDTH))
        self.sheet.row_dimensions[row].height = LINE_HEIGHT * lines


def _wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes when wrapped at word boundaries into `width` characters."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, len(word)
        else:
            used = used + 1 + len(word) if used else len(word)
    return lines


def _cell_value(value: Value) -> int | float | str | dt.date | None:
    """What openpyxl stores: a Decimal becomes an int when whole, else the float it prints as."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _shown(value: object) -> str:
    """The text a Danish reader sees in the cell, for column widths."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_amount(value)
    if isinstance(value, (Decimal, float)):
        return format_decimal(value, 1)
    if isinstance(value, dt.date):
        return format_date_short(value)
    return str(value)


# --- the workbook --------------------------------------------------------------------------------


@dataclass
class Book:
    workbook: Workbook = field(default_factory=Workbook)
    sheets: list[SheetWriter] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.workbook.remove(self.workbook.active)

    def sheet(self, title: str, columns: int) -> SheetWriter:
        writer = SheetWriter(self.workbook.create_sheet(title), columns)
        self.sheets.append(writer)
        return writer

    def to_bytes(self, moment: dt.datetime) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        cached = {writer.sheet.title: writer.cached for writer in self.sheets}
        return finish_xlsx(buffer.getvalue(), cached, moment)


# --- Tabel A and C (kvantum.xlsx) --------------------------------------------------------------


@dataclass(frozen=True)
class KvantumKind:
    letter: str
    heading: str


TABEL_A = KvantumKind("A", "Måltalseffekt – hvis forslaget indarbejdes (nettoeffektivisering)")
TABEL_C = KvantumKind("C", "Bevillingsmæssig effekt – hvis forslaget indarbejdes (bruttoeffektivisering)")
KVANTUM_LABEL = "Udvalg / Bevilling, profitcenter mv.*"
KVANTUM_NOTE = ("* I forbindelse med godkendelse i Effektiviseringskredsen er det forvaltningernes eget ansvar "
                "at udfylde de relevante oplysninger til teknisk udmøntning (i Kvantum) af forslaget.")
SIGN_NOTE = "Alle besparelser er angivet med negativt (-) fortegn."


def fill_kvantum(book: Book, case: Proposal, figures: ProposalFigures, kinds: Sequence[KvantumKind]) -> None:
    """One sheet per table and kind: "Tabel A", "Tabel C", then "Tabel A (2024-pl)" … when udmøntet."""
    tables = [(figures.tabel_a, "")]
    if figures.tabel_a_udmøntning is not None:
        tables.append((figures.tabel_a_udmøntning, f" ({figures.tabel_a_udmøntning.pl}-pl)"))
    for table, suffix in tables:
        for kind in kinds:
            sheet = book.sheet(f"Tabel {kind.letter}{suffix}", columns=1 + len(figures.years))
            _write_kvantum_sheet(sheet, kind, table, figures)


def _write_kvantum_sheet(sheet: SheetWriter, kind: KvantumKind, table: KvantumTable,
                         figures: ProposalFigures) -> None:
    years = figures.years
    sheet.title(f"Tabel {kind.letter}. {kind.heading}")
    unit_row, year_row = sheet.next_row(), sheet.next_row()
    sheet.header(unit_row, [KVANTUM_LABEL, *[None] * len(years)])
    sheet.put(unit_row, 2, f"1.000 kr. {table.pl} p/l", measure=False, font=BOLD, alignment=CENTER)
    sheet.sheet.merge_cells(start_row=unit_row, start_column=2, end_row=unit_row, end_column=1 + len(years))
    sheet.header(year_row, [None, *years], YEAR_FORMAT)
    first = sheet.row + 1
    for row in table.rows:
        _write_amount_row(sheet, [row.label], row.amounts, years, indent=row.is_bevilling)
    total_row = sheet.next_row()
    sheet.put(total_row, 1, "Total")
    for offset, year in enumerate(years):
        sheet.put_sum(total_row, 2 + offset, first, total_row - 1, table.total.get(year))
    sheet.style_row(total_row, font=BOLD, border=TOTAL_BORDER)
    sheet.note(KVANTUM_NOTE)
    sheet.note(SIGN_NOTE)
    if figures.tabel_a_udmøntning is not None:
        sheet.note(_pl_note(figures))
    sheet.finish(frozen_rows=year_row)


def _write_amount_row(sheet: SheetWriter, texts: Sequence[str | None], amounts: dict[int, int],
                      years: Sequence[int], indent: bool = False, font: Font | None = None) -> int:
    """The row's texts (label, styringsområde), then one amount per year; an absent year stays empty."""
    row = sheet.next_row()
    for column, text in enumerate(texts, start=1):
        sheet.put(row, column, text, alignment=INDENTED if indent and column == 1 else None, font=font)
    for offset, year in enumerate(years):
        sheet.put(row, len(texts) + 1 + offset, amounts.get(year), AMOUNT_FORMAT, font=font)
    return row


def _pl_note(figures: ProposalFigures) -> str:
    udmøntning = figures.tabel_a_udmøntning
    assert udmøntning is not None
    return f"Forslaget er udarbejdet i {figures.pl} p/l, men udmøntes i {udmøntning.pl} p/l."


# --- Tabel 2 (økonomi.xlsx) --------------------------------------------------------------------


VARIGE_HEADING = "Varige ændringer (effektiviseringer og drift)"
IMPLEMENTERING_HEADING = "Implementeringsomkostninger (midler fra investeringspuljen)"
MEMO_NOTE = ("Memoposter (kursiv) indgår ikke i den samlede varige ændring, den samlede økonomiske påvirkning "
             "eller beregningen af tilbagebetalingstid.")


def fill_tabel_2(book: Book, case: Proposal, figures: ProposalFigures) -> None:
    years = figures.years
    sheet = book.sheet("Tabel 2", columns=2 + len(years))
    sheet.title("Tabel 2. Forslagets samlede økonomiske konsekvenser")
    header_row = sheet.next_row()
    sheet.header(header_row, [f"1.000 kr. {figures.pl} p/l", "Styringsområde", *years], YEAR_FORMAT, first_right=3)
    varig_total = _section_with_total(sheet, VARIGE_HEADING, figures.varige, "Samlet varig ændring",
                                      figures.samlet_varig_ændring, years)
    for memo in figures.memoposter:
        _write_amount_row(sheet, [f"{memo.tekst} (memopost)", None], memo.amounts, years, font=ITALIC)
    impl_total = _section_with_total(sheet, IMPLEMENTERING_HEADING, figures.implementering,
                                     "Samlede implementeringsomkostninger",
                                     figures.samlede_implementeringsomkostninger, years)
    _write_overall_row(sheet, varig_total, impl_total, figures.samlet_økonomisk_påvirkning, years)
    _write_payback_row(sheet, "Tilbagebetalingstid baseret på serviceeffektivisering",
                       figures.tilbagebetalingstid_service)
    _write_payback_row(sheet, "Tilbagebetalingstid baseret på totaløkonomi", figures.tilbagebetalingstid_totaløkonomi)
    sheet.note(SIGN_NOTE)
    if figures.memoposter:
        sheet.note(MEMO_NOTE)
    for memo in (m for m in case.økonomi.memoposter if m.note):
        sheet.note(f"{memo.tekst}: {memo.note.strip()}")
    if figures.tabel_a_udmøntning is not None:
        sheet.note(_pl_note(figures))
    sheet.finish(frozen_rows=header_row)


def _section_with_total(sheet: SheetWriter, heading: str, rows: Sequence[Row], total_label: str,
                        total: dict[int, int], years: Sequence[int]) -> int:
    """A heading, its rows and a SUM row; returns the row number of the total."""
    heading_row = sheet.next_row()
    sheet.put(heading_row, 1, heading, measure=False, font=BOLD)
    first = sheet.row + 1
    for row in rows:
        _write_amount_row(sheet, [row.tekst, row.styringsområde], row.amounts, years)
    total_row = sheet.next_row()
    sheet.put(total_row, 1, total_label)
    for offset, year in enumerate(years):
        sheet.put_sum(total_row, 3 + offset, first, total_row - 1, total.get(year))
    sheet.style_row(total_row, font=BOLD, border=TOTAL_BORDER)
    return total_row


def _write_overall_row(sheet: SheetWriter, varig_row: int, impl_row: int, overall: dict[int, int],
                       years: Sequence[int]) -> None:
    """"Samlet økonomisk påvirkning" = the two totals, as a formula of those two cells."""
    row = sheet.next_row()
    sheet.put(row, 1, "Samlet økonomisk påvirkning")
    for offset, year in enumerate(years):
        column = 3 + offset
        expected = overall.get(year)
        if expected is None:
            continue
        parts = sheet.number(varig_row, column) + sheet.number(impl_row, column)
        if parts != expected:
            raise ValueError(f"Samlet økonomisk påvirkning {year}: the figure is {expected}, the totals give {parts}")
        letter = get_column_letter(column)
        sheet.put_formula(row, column, f"={letter}{varig_row}+{letter}{impl_row}", expected, AMOUNT_FORMAT)
    sheet.style_row(row, font=BOLD, border=Border(top=THIN, bottom=THIN))


def _write_payback_row(sheet: SheetWriter, label: str, years_to_payback: int | None) -> None:
    row = sheet.next_row()
    sheet.put(row, 1, label)
    sheet.put(row, sheet.columns, format_years(years_to_payback), alignment=RIGHT)


# --- the loan table (projekter.xlsx) --------------------------------------------------------------


LOAN_TITLE = "Ansøgning til lånepulje til udvidelse af den kommunale botilbudskapacitet"
LOAN_PROJECT_HEADER = ("Anfør konkret(e) projektnavn(e) på de enkelte anlægsprojekter til udvidelse af "
                       "botilbudskapaciteten efter SEL §§ 107 og 108")
LOAN_SHARE_HEADER = "Hvor stor en del af pladserne forventes at være til rådighed for andre kommuner? (pct.)"
LOAN_DATE_HEADER = "Hvornår forventes projektet afsluttet? (dd/mm/åååå)"


def fill_projekter(book: Book, case: Laaneansoegning, figures: LoanFigures) -> None:
    years = figures.years
    columns = 1 + 2 * len(years) + 2
    sheet = book.sheet("Projekter", columns=columns)
    sheet.title(LOAN_TITLE)
    letter_row, header_row = sheet.next_row(), sheet.next_row()
    labels = [LOAN_PROJECT_HEADER,
              *[f"Ansøgt lånebeløb for {year} (i hele 1.000 kr.)" for year in years],
              *[f"Hvor meget udvider projektet botilbudskapaciteten i {year}? (antal pladser)" for year in years],
              LOAN_SHARE_HEADER, LOAN_DATE_HEADER]
    sheet.header(letter_row, [get_column_letter(c) for c in range(1, columns + 1)])
    for column in range(1, columns + 1):
        sheet.sheet.cell(row=letter_row, column=column).alignment = CENTER
    sheet.header(header_row, labels, wrap=True)
    first = sheet.row + 1
    for project in figures.projekter:
        row = sheet.next_row()
        sheet.put(row, 1, project.navn)
        for offset, year in enumerate(years):
            sheet.put(row, 2 + offset, project.lån.get(year), AMOUNT_FORMAT)
            sheet.put(row, 2 + len(years) + offset, project.pladser.get(year), AMOUNT_FORMAT)
        sheet.put(row, columns - 1, project.andel_andre_kommuner, PERCENT_FORMAT)
        sheet.put(row, columns, project.forventet_afsluttet, DATE_FORMAT)
    _write_loan_total(sheet, figures, first)
    sheet.note(f"Ansøgningsskema i indtast.dk: {case.pulje}. Ansøger: {case.ansøger.kommune}.")
    sheet.finish(frozen_rows=header_row, header_rows=[header_row])


def _write_loan_total(sheet: SheetWriter, figures: LoanFigures, first: int) -> None:
    """The "I alt" row: sums, the share weighted by places, and the latest completion date."""
    years, columns = figures.years, sheet.columns
    row = sheet.next_row()
    last = row - 1
    sheet.put(row, 1, "I alt")
    for offset, year in enumerate(years):
        sheet.put_sum(row, 2 + offset, first, last, figures.lån_i_alt.get(year))
        sheet.put_sum(row, 2 + len(years) + offset, first, last, figures.pladser_i_alt.get(year))
    place_columns = [get_column_letter(2 + len(years) + offset) for offset in range(len(years))]
    places = f"{place_columns[0]}{first}:{place_columns[-1]}{last}"
    if figures.andel_i_alt is not None:
        share = get_column_letter(columns - 1)
        per_project = "+".join(f"{c}{first}:{c}{last}" for c in place_columns)
        formula = f"=ROUND(SUMPRODUCT(({per_project})*{share}{first}:{share}{last})/SUM({places}),1)"
        sheet.put_formula(row, columns - 1, formula, figures.andel_i_alt, PERCENT_FORMAT)
    date_column = get_column_letter(columns)
    sheet.put_formula(row, columns, f"=MAX({date_column}{first}:{date_column}{last})",
                      figures.afsluttet_senest, DATE_FORMAT)
    sheet.style_row(row, font=BOLD, border=TOTAL_BORDER)


# --- the distribution appendix (fordeling.xlsx) ------------------------------------------------------


ALL_SHARES = Decimal(PERCENT_TENTHS).scaleb(-1)  # the shares always sum to 100,0 (distribution.shares_percent)


def fill_fordeling(book: Book, case: Fordelingsbilag, figures: DistributionFigures) -> None:
    sheet = book.sheet("Fordeling", columns=4)
    sheet.title(case.titel)
    header_row = sheet.next_row()
    sheet.header(header_row, ["Navn", case.nøgle_navn, "Andel pct.", f"Beløb, {case.enhed}"])
    weight_format = AMOUNT_FORMAT if all(r.vægt == r.vægt.to_integral_value() for r in figures.rows) \
        else DECIMAL_WEIGHT_FORMAT
    first = sheet.row + 1
    for key_row in figures.rows:
        row = sheet.next_row()
        sheet.put(row, 1, key_row.navn)
        sheet.put(row, 2, key_row.vægt, weight_format)
        sheet.put(row, 3, key_row.andel, PERCENT_FORMAT)
        sheet.put(row, 4, key_row.beløb, AMOUNT_FORMAT)
    total_row = sheet.next_row()
    sheet.put(total_row, 1, "I alt")
    sheet.put_sum(total_row, 2, first, total_row - 1, figures.nøgletotal, weight_format)
    sheet.put_sum(total_row, 3, first, total_row - 1, ALL_SHARES, PERCENT_FORMAT)
    sheet.put_sum(total_row, 4, first, total_row - 1, figures.beløb)
    sheet.style_row(total_row, font=BOLD, border=TOTAL_BORDER)
    sheet.note("Andele og beløb er fordelt efter største brøks metode, så de summerer præcist til 100,0 "
               "og til det samlede beløb.")
    sheet.finish(frozen_rows=header_row)


# --- which workbooks a case type gets ----------------------------------------------------------------


Filler = Callable[[Book, object, object], None]


@dataclass(frozen=True)
class WorkbookKind:
    filename: str
    fill: Filler


KVANTUM_A = WorkbookKind("kvantum.xlsx", partial(fill_kvantum, kinds=(TABEL_A,)))
KVANTUM_A_C = WorkbookKind("kvantum.xlsx", partial(fill_kvantum, kinds=(TABEL_A, TABEL_C)))
ØKONOMI = WorkbookKind("økonomi.xlsx", fill_tabel_2)
PROJEKTER = WorkbookKind("projekter.xlsx", fill_projekter)
FORDELING = WorkbookKind("fordeling.xlsx", fill_fordeling)

WORKBOOKS: dict[str, tuple[WorkbookKind, ...]] = {
    "effektiviseringsforslag": (KVANTUM_A,),
    "investeringsforslag": (KVANTUM_A_C, ØKONOMI),
    "laaneansoegning": (PROJEKTER,),
    "fordelingsbilag": (FORDELING,),
}


def write_workbooks(result: CaseResult, organisation: Organisation | None, outdir: Path) -> list[Path]:
    """Write the case's workbooks into `outdir` (atomically, reproducibly); return their paths."""
    if result.case is None or result.figures is None:
        raise ValueError(f"{result.file}: the case has no figures (validate it first)")
    case, figures = result.case, result.figures
    written = []
    for kind in WORKBOOKS[case.type]:
        book = Book()
        kind.fill(book, case, figures)
        _set_properties(book.workbook, case, organisation, kind.filename)
        target = Path(outdir) / kind.filename
        write_bytes_atomically(target, book.to_bytes(_moment(case)))
        written.append(target)
    return written


def _moment(case) -> dt.datetime:
    return dt.datetime.combine(case.frist, dt.time())


def _set_properties(workbook: Workbook, case, organisation: Organisation | None, filename: str) -> None:
    properties = workbook.properties
    properties.title = case.titel
    properties.subject = f"{case.sag} – {filename}"
    properties.creator = author_name(case, organisation)
    properties.lastModifiedBy = "kkdocs"
    properties.created = _moment(case)
    properties.modified = _moment(case)
    properties.language = "da-DK"
