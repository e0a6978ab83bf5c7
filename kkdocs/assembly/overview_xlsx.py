"""The package overview as a workbook: `<id>-oversigt.xlsx`, filled from `templates/pakke/oversigt.xlsx`.

The template is a workbook template like every case type's (xlsx_template.py): three sheets,
"Tabel A", "Implementering" and "Sager", which a workspace may keep its own copy of in
`templates/pakke/`. Each table's total row is a `Total`, so the template engine writes its
`=SUM(...)` and checks it against the rows above, as in every other workbook; the figures
come from package_overview.py (workbook_context.overview_workbook).

Output is deterministic: the workbook's created and modified times are the meeting date,
and every zip entry gets the same fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from kkdocs.atomic_write import write_bytes_atomically
from kkdocs.danish_format import format_date_long
from kkdocs.documents.rich_text import clean
from kkdocs.documents.workbook_context import KvantumRowCells
from kkdocs.documents.xlsx_cache import finish_xlsx
from kkdocs.documents.xlsx_template import Total, fill_workbook
from kkdocs.figures.package_overview import OverviewRow, PackageInfo, PackageOverview
from kkdocs.workspace import SHIPPED_TEMPLATES


TEMPLATE = "oversigt.xlsx"
SHIPPED_OVERVIEW = SHIPPED_TEMPLATES / "pakke" / TEMPLATE


def write_overview_xlsx(package: PackageInfo, overview: PackageOverview, target: Path,
                        template: Path = SHIPPED_OVERVIEW) -> None:
    """Write the overview workbook to `target`, atomically and byte-for-byte reproducibly."""
    try:
        filled = fill_workbook(template, overview_workbook(overview, package.outdated_notes))
    except ValueError as exc:  # a figure that disagrees with its rows: a programming error
        raise ValueError(f"the overview workbook: a Total does not add up: {exc}") from exc
    _set_properties(filled.workbook, package)
    moment = dt.datetime.combine(package.mødedato, dt.time())
    write_bytes_atomically(Path(target), finish_xlsx(filled.to_bytes(), filled.cached, moment), durable=False)


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


@dataclass(frozen=True)
class OverviewCaseCells:
    id: str
    titel: str
    tilbagebetaling_service: str
    tilbagebetaling_totaløkonomi: str
    fejl: int
    advarsler: int
    status: str  # empty for a current case; a forældet case's note, as its figures are its last good ones


@dataclass(frozen=True)
class OverviewSheets:
    enhed: str  # "1.000 kr. 2025 p/l"
    år: list[int]
    tabel_a: list[KvantumRowCells]
    tabel_a_total_tekst: str
    tabel_a_total: list[Total]
    implementering: list[KvantumRowCells]
    implementering_total_tekst: str
    implementering_total: list[Total]
    sager: list[OverviewCaseCells]


@dataclass(frozen=True)
class OverviewWorkbook:
    oversigt: OverviewSheets


def overview_workbook(overview: PackageOverview, outdated_notes: dict[str, str] | None = None) -> OverviewWorkbook:
    """The overview's figures as package_overview.py summed them; each table ends in its total row.
    `outdated_notes` (PackageInfo.outdated_notes) marks the cases shown with their last good figures."""
    notes = outdated_notes or {}
    years = overview.years
    tabel_a, tabel_a_total = _rows_and_total(overview.tabel_a, years)
    costs, costs_total = _rows_and_total(overview.implementering, years)
    return OverviewWorkbook(OverviewSheets(
        enhed=f"1.000 kr. {overview.pl}",
        år=list(years),
        tabel_a=tabel_a,
        tabel_a_total_tekst=clean(overview.tabel_a[-1].label),
        tabel_a_total=tabel_a_total,
        implementering=costs,
        implementering_total_tekst=clean(overview.implementering[-1].label),
        implementering_total=costs_total,
        sager=[OverviewCaseCells(c.id, clean(c.titel), c.payback_service, c.payback_total, c.fejl, c.advarsler,
                                 notes.get(c.id, "")) for c in overview.cases],
    ))


def _rows_and_total(rows: tuple[OverviewRow, ...], years: tuple[int, ...]) -> tuple[list[KvantumRowCells], list[Total]]:
    *body, total = rows
    if not total.total or any(row.total for row in body):
        raise ValueError(f"an overview table must end in its one total row, not {total.label!r}")
    cells = [KvantumRowCells(clean(r.label), int(r.indented), [r.values.get(year) for year in years]) for r in body]
    return cells, [Total(total.values.get(year)) for year in years]
