"""The figures of a committee package's overview, summed from its cases' computed figures.

Amounts are never added across price levels: every case's Tabel A and implementation costs are
first converted to the overview's p/l (the package's `pl`, or the latest p/l of its cases) with
pl.yaml, the way calculation.py converts a case to its udmøntning_pl. Payback is shown for
investeringsforslag only; an effektiviseringsforslag has no investment to pay back.

Pure: it adds up what calculation.py computed for each case and formats nothing but labels.
The types here are what both renderings of a package show: the committee package's PDF
(package_pdf.py) and the overview workbook (overview_xlsx.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Sequence, TYPE_CHECKING

from kkdocs.case.model import Organisation, PriceIndex
from kkdocs.case_types.proposals.figures import ProposalFigures
from kkdocs.case_types.proposals.model import Investeringsforslag
from kkdocs.case_types.proposals.figures import converted_kvantum_table
from kkdocs.danish_format import format_years
from kkdocs.figures.calculation import KvantumTable, Years, index_of
from kkdocs.figures.price_level import convert_amount
from kkdocs.findings import Level, count


if TYPE_CHECKING:
    from kkdocs.batch.validate import CaseResult

NO_PAYBACK = "–"  # an effektiviseringsforslag, or a case that is not a proposal


@dataclass(frozen=True)
class PackageInfo:
    id: str
    titel: str
    udvalg: str
    mødedato: dt.date
    outdated: tuple[str, ...] = ()  # a line for each case shown with its last good documents


@dataclass(frozen=True)
class OverviewRow:
    """A table row. `total` marks a sum of the rows above it (since the previous total);
    the workbook writes it as a =SUM formula. A total row always prints bold."""

    label: str
    values: dict[int, int | None] = field(hash=False)
    bold: bool = False
    total: bool = False
    indented: bool = False  # a bevilling under Økonomiudvalget, as Tabel A prints it


@dataclass(frozen=True)
class OverviewCase:
    id: str
    titel: str
    payback_service: str
    payback_total: str
    fejl: int
    advarsler: int


@dataclass(frozen=True)
class PackageOverview:
    years: tuple[int, ...]
    pl: str
    tabel_a: tuple[OverviewRow, ...]
    implementering: tuple[OverviewRow, ...]
    cases: tuple[OverviewCase, ...]
    converted: tuple[str, ...] = ()  # the cases whose amounts were converted to `pl`, with their own p/l



def package_overview(cases: Sequence[CaseResult], organisation: Organisation, price_index: PriceIndex,
                     pl: int | None = None) -> PackageOverview:
    """The overview in `pl` (default: the latest p/l of the cases).

    Raises CalculationError when pl.yaml has no index for a price level it must convert between.
    """
    proposals = [(c, c.figures) for c in cases if isinstance(c.figures, ProposalFigures)]
    target = pl if pl is not None else max((f.pl for _, f in proposals), default=None)
    years = tuple(sorted({year for _, f in proposals for year in f.years}))
    tables = [_tabel_a_in(c, f, price_index, target) for c, f in proposals]
    costs = [(c, _costs_in(f, price_index, target)) for c, f in proposals]
    tabel_a = [OverviewRow(label, _sum([_row_amounts(t, key) for t in tables], years), indented="/" in key)
               for key, label in _kvantum_labels(organisation)]
    tabel_a.append(OverviewRow("Total", _sum([t.total for t in tables], years), bold=True, total=True))
    implementering = [OverviewRow(c.case.titel, _filled(amounts, years)) for c, amounts in costs if amounts]
    implementering.append(OverviewRow("I alt", _sum([amounts for _, amounts in costs], years), bold=True, total=True))
    overview_cases = tuple(
        OverviewCase(
            id=c.id,
            titel=c.case.titel if c.case is not None else c.id,
            payback_service=_payback(c, "tilbagebetalingstid_service"),
            payback_total=_payback(c, "tilbagebetalingstid_totaløkonomi"),
            fejl=count(c.findings, Level.FEJL),
            advarsler=count(c.findings, Level.ADVARSEL),
        )
        for c in cases
    )
    shown_pl = f"{target} p/l" if target is not None else "p/l"
    converted = tuple(f"{c.case.titel} ({f.pl} p/l)" for c, f in proposals if f.pl != target)
    return PackageOverview(years, shown_pl, tuple(tabel_a), tuple(implementering), overview_cases, converted)


def _tabel_a_in(case: CaseResult, figures: ProposalFigures, price_index: PriceIndex, pl: int) -> KvantumTable:
    if figures.pl == pl:
        return figures.tabel_a
    return converted_kvantum_table(case.case.fordeling, figures.tabel_a, price_index, pl)


def _costs_in(figures: ProposalFigures, price_index: PriceIndex, pl: int) -> Years:
    costs = figures.samlede_implementeringsomkostninger
    if figures.pl == pl:
        return costs
    index_from, index_to = index_of(price_index, figures.pl), index_of(price_index, pl)
    return {year: convert_amount(amount, index_from, index_to) for year, amount in costs.items()}


def _payback(case: CaseResult, name: str) -> str:
    if not isinstance(case.case, Investeringsforslag) or not isinstance(case.figures, ProposalFigures):
        return NO_PAYBACK
    return format_years(getattr(case.figures, name))


def _kvantum_labels(organisation: Organisation) -> list[tuple[str, str]]:
    return [(key, key.split("/", 1)[-1]) for key in organisation.kvantum_rows()]


def _row_amounts(table: KvantumTable, key: str) -> dict[int, int]:
    for row in table.rows:
        if row.key == key:
            return row.amounts
    return {}


def _sum(amounts: list[dict[int, int]], years: tuple[int, ...]) -> dict[int, int | None]:
    """Year by year; a year no case has a value for stays empty (None)."""
    result: dict[int, int | None] = {}
    for year in years:
        values = [a[year] for a in amounts if year in a]
        result[year] = sum(values) if values else None
    return result


def _filled(amounts: dict[int, int], years: tuple[int, ...]) -> dict[int, int | None]:
    return {year: amounts.get(year) for year in years}
