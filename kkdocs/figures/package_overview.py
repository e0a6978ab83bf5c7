"""The figures of a committee package's overview, summed from what its cases add to it.

Each case type's record says what a case adds (`overview`: an `OverviewPart`, or None for a
type that adds only its row in the list of cases). Amounts are never added across price
levels: every part's Tabel A and implementation costs are first converted to the overview's
p/l (the package's `pl`, or the latest p/l of the parts) with pl.yaml, by the part itself.

Pure: it adds up what each type computed and formats nothing but labels. The types here are
what both renderings of a package show: the committee package's PDF (package_pdf.py) and the
overview workbook (overview_xlsx.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kkdocs.case.model import CaseBase, Organisation, PriceIndex
from kkdocs.figures.calculation import KvantumTable, Years
from kkdocs.findings import Finding, Level, count

NO_PAYBACK = "–"  # a case with no investment to pay back


@dataclass(frozen=True)
class OverviewPart:
    """What one case adds to its package's overview besides its row in the list of cases."""

    pl: int  # the p/l its figures are in
    years: tuple[int, ...]
    # its Tabel A and implementation costs in another p/l; raises CalculationError without an index
    in_pl: Callable[[PriceIndex, int], tuple[KvantumTable, Years]]
    tabel_a: KvantumTable  # in its own p/l
    costs: Years  # its implementation costs, in its own p/l
    payback_service: str = NO_PAYBACK
    payback_total: str = NO_PAYBACK

    def converted(self, price_index: PriceIndex, pl: int) -> tuple[KvantumTable, Years]:
        return (self.tabel_a, self.costs) if pl == self.pl else self.in_pl(price_index, pl)


class Contributor(Protocol):
    """The part of a case type's record that the overview reads."""

    @property
    def overview(self) -> Callable[[Any, Any], OverviewPart | None]: ...


class PackageCase(Protocol):
    """A validated case as the overview reads it (batch's `CaseResult`)."""

    @property
    def id(self) -> str: ...

    @property
    def case(self) -> CaseBase | None: ...

    @property
    def figures(self) -> object | None: ...

    @property
    def findings(self) -> list[Finding]: ...

    @property
    def case_type(self) -> Contributor | None: ...


@dataclass(frozen=True)
class PackageInfo:
    id: str
    titel: str
    udvalg: str
    mødedato: dt.date
    outdated: tuple[str, ...] = ()  # a line for each case shown with its last good documents
    # the same cases by id, with what the overview workbook's Sager sheet says in the case's row
    outdated_notes: dict[str, str] = field(default_factory=dict, hash=False)


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


def package_overview(cases: Sequence[PackageCase], organisation: Organisation, price_index: PriceIndex,
                     pl: int | None = None) -> PackageOverview:
    """The overview in `pl` (default: the latest p/l of the cases).

    Raises CalculationError when pl.yaml has no index for a price level it must convert between.
    """
    parts = [_part(c) for c in cases]
    added = [(c.case.titel, part) for c, part in zip(cases, parts) if c.case is not None and part is not None]
    target = pl if pl is not None else max((part.pl for _, part in added), default=None)
    years = tuple(sorted({year for _, part in added for year in part.years}))
    converted = [(titel, *part.converted(price_index, target)) for titel, part in added] if target is not None else []
    tables = [table for _, table, _ in converted]
    tabel_a = [OverviewRow(label, _sum([_row_amounts(t, key) for t in tables], years), indented="/" in key)
               for key, label in _kvantum_labels(organisation)]
    tabel_a.append(OverviewRow("Total", _sum([t.total for t in tables], years), bold=True, total=True))
    implementering = [OverviewRow(titel, _filled(costs, years)) for titel, _, costs in converted if costs]
    implementering.append(OverviewRow("I alt", _sum([costs for _, _, costs in converted], years), bold=True,
                                      total=True))
    overview_cases = tuple(
        OverviewCase(
            id=c.id,
            titel=c.case.titel if c.case is not None else c.id,
            payback_service=part.payback_service if part is not None else NO_PAYBACK,
            payback_total=part.payback_total if part is not None else NO_PAYBACK,
            fejl=count(c.findings, Level.FEJL),
            advarsler=count(c.findings, Level.ADVARSEL),
        )
        for c, part in zip(cases, parts)
    )
    shown_pl = f"{target} p/l" if target is not None else "p/l"
    converted_names = tuple(f"{titel} ({part.pl} p/l)" for titel, part in added if part.pl != target)
    return PackageOverview(years, shown_pl, tuple(tabel_a), tuple(implementering), overview_cases, converted_names)


def _part(case: PackageCase) -> OverviewPart | None:
    if case.case is None or case.figures is None or case.case_type is None:
        return None
    return case.case_type.overview(case.case, case.figures)


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
