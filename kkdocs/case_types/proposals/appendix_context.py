"""The bilag of a proposal as the Word templates show them: tables (written or from a sheet), phase plans, files."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kkdocs.case_types.proposals.figures import bilag_table_totals
from kkdocs.case_types.proposals.model import Bilag, Proposal, Tabel
from kkdocs.checks.attachments import SheetNumber
from kkdocs.danish_format import format_month, format_with_excel_format, month_abbrev
from kkdocs.documents.context import SheetReader, cell_text
from kkdocs.documents.rich_text import Block, blocks, clean


PHASE_FILL = "1F4E79"


NO_FILL = "FFFFFF"


@dataclass(frozen=True)
class TableCell:
    tekst: str
    tal: bool  # the cell's column holds numbers: printed right-aligned, its header too


@dataclass(frozen=True)
class SimpleTable:
    titel: list[str]  # 0 or 1: the caption above the table ("Tabel 1. …")
    kolonner: list[TableCell]
    rækker: list[list[TableCell]]
    i_alt: list[list[TableCell]]  # 0 or 1: the computed "I alt" row of the columns the case names


@dataclass(frozen=True)
class YearGroup:
    år: str
    antal: int  # months of that year in the plan


@dataclass(frozen=True)
class PhaseCell:
    farve: str  # hex fill, no "#"


@dataclass(frozen=True)
class PhaseRow:
    fase: str
    periode: str  # "apr. 2024 - sep. 2024"
    cells: list[PhaseCell]


@dataclass(frozen=True)
class PhasePlan:
    år: list[YearGroup]
    måneder: list[str]  # "apr", "maj", …
    rækker: list[PhaseRow]


@dataclass(frozen=True)
class AppendixContext:
    """One rendered bilag (bilag.docx): BILAG n, its title, text, table and phase plan."""

    udkast: bool
    sag: str
    sagstitel: str
    nummer: int
    overskrift: str  # "BILAG 1"
    titel: str
    tekst: list[Block]
    tabeller: list[SimpleTable]  # 0 or 1
    faseplaner: list[PhasePlan]  # 0 or 1
    fil: str  # the attached PDF (a bilag that is a file is not rendered), else ""


def appendix_context(case: Proposal, number: int, bilag: Bilag, read_sheet: SheetReader | None) -> AppendixContext:
    tables = [_simple_table(bilag.tabel, read_sheet)] if bilag.tabel is not None else []
    plans = [phase_plan(bilag.faseplan)] if bilag.faseplan else []
    return AppendixContext(
        udkast=case.status == "udkast",
        sag=clean(case.sag),
        sagstitel=clean(case.titel),
        nummer=number,
        overskrift=f"BILAG {number}",
        titel=clean(bilag.titel),
        tekst=blocks(bilag.tekst),
        tabeller=tables,
        faseplaner=plans,
        fil=bilag.fil or "",
    )


def table_rows(table: Tabel, read_sheet: SheetReader | None) -> tuple[list[object], list[list[object]]]:
    """A bilag table's header and body rows, as the case writes them or as the sheet holds them."""
    if table.fra_excel is not None:
        if read_sheet is None:
            raise ValueError(f"tabellen fra {table.fra_excel} kan ikke læses uden sagens mappe")
        rows = read_sheet(table)
        return (list(rows[0]), [list(r) for r in rows[1:]]) if rows else ([], [])
    return list(table.kolonner or []), [list(r) for r in (table.rækker or [])]


def _simple_table(table: Tabel, read_sheet: SheetReader | None) -> SimpleTable:
    header, body = table_rows(table, read_sheet)
    width = max([len(header)] + [len(r) for r in body])
    header = header + [None] * (width - len(header))
    body = [r + [None] * (width - len(r)) for r in body]
    numeric = [bool(column) and all(_is_number(v) for v in column)
               for column in ([r[i] for r in body if r[i] not in (None, "")] for i in range(width))]
    totals = bilag_table_totals(table, header, body)
    total_row: list[list[TableCell]] = []
    if table.i_alt:
        names = [_plain_value(h) for h in header]
        cells = []
        for i in range(width):
            if names[i] in totals:
                sample = next((r[i] for r in body if _is_number(r[i])), None)
                cells.append(TableCell(_total_cell(totals[names[i]], sample), True))
            else:
                cells.append(TableCell("", numeric[i]))
        if not cells[0].tekst:
            cells[0] = TableCell("I alt", numeric[0])
        total_row = [cells]
    return SimpleTable(
        titel=[clean(table.titel).strip()] if table.titel and table.titel.strip() else [],
        kolonner=[TableCell(cell_text(c), numeric[i]) for i, c in enumerate(header)],
        rækker=[[TableCell(cell_text(c), numeric[i]) for i, c in enumerate(r)] for r in body],
        i_alt=total_row,
    )


def _plain_value(value: object) -> object:
    return value.value if isinstance(value, SheetNumber) else value


def _is_number(value: object) -> bool:
    value = _plain_value(value)
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _total_cell(total: object, sample: object) -> str:
    """The I alt figure, in the number format of its column's cells when they come from a sheet."""
    if total is None:
        return ""
    if isinstance(sample, SheetNumber):
        shown = format_with_excel_format(total, sample.number_format)
        if shown is not None:
            return shown
    return cell_text(total)


def phase_plan(phases) -> PhasePlan:
    """The month grid: every month from the earliest start to the latest end, shaded per phase."""
    def month_number(text: str) -> int:
        year, month = text.split("-")
        return int(year) * 12 + int(month) - 1

    first = min(month_number(p.start) for p in phases)
    last = max(month_number(p.slut) for p in phases)
    months = list(range(first, last + 1))
    groups: list[YearGroup] = []
    for m in months:
        year = str(m // 12)
        if groups and groups[-1].år == year:
            groups[-1] = YearGroup(year, groups[-1].antal + 1)
        else:
            groups.append(YearGroup(year, 1))
    rows = []
    for p in phases:
        start, end = month_number(p.start), month_number(p.slut)
        cells = [PhaseCell(PHASE_FILL if start <= m <= end else NO_FILL) for m in months]
        period = f"{format_month(start // 12, start % 12 + 1)} - {format_month(end // 12, end % 12 + 1)}"
        rows.append(PhaseRow(clean(p.fase), period, cells))
    return PhasePlan(groups, [month_abbrev(m % 12 + 1) for m in months], rows)
