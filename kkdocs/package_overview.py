"""The figures of a committee package's overview, summed from its cases' computed figures.

Pure: it adds up what calculation.py computed for each case and formats nothing but labels.
"""

from __future__ import annotations

from typing import Sequence

from kkdocs.calculation import ProposalFigures
from kkdocs.danish_format import format_years
from kkdocs.model import Organisation
from kkdocs.package_pdf import OverviewCase, OverviewRow, PackageOverview
from kkdocs.validate import CaseResult


def package_overview(cases: Sequence[CaseResult], organisation: Organisation) -> PackageOverview:
    proposals = [(c, c.figures) for c in cases if isinstance(c.figures, ProposalFigures)]
    years = tuple(sorted({year for _, f in proposals for year in f.years}))
    levels = {f.pl for _, f in proposals}
    pl = f"{levels.pop()} p/l" if len(levels) == 1 else "p/l som i den enkelte sag"
    tabel_a = [OverviewRow(label, _sum([_row_amounts(f, key) for _, f in proposals], years), indented="/" in key)
               for key, label in _kvantum_labels(organisation)]
    tabel_a.append(OverviewRow("Total", _sum([f.tabel_a.total for _, f in proposals], years), bold=True, total=True))
    implementering = [OverviewRow(c.case.titel, _filled(f.samlede_implementeringsomkostninger, years))
                      for c, f in proposals if f.samlede_implementeringsomkostninger]
    implementering.append(OverviewRow("I alt", _sum([f.samlede_implementeringsomkostninger for _, f in proposals], years),
                                      bold=True, total=True))
    overview_cases = tuple(
        OverviewCase(
            id=c.id,
            titel=c.case.titel if c.case is not None else c.id,
            payback_service=format_years(c.figures.tilbagebetalingstid_service) if isinstance(c.figures, ProposalFigures) else "–",
            payback_total=format_years(c.figures.tilbagebetalingstid_totaløkonomi) if isinstance(c.figures, ProposalFigures) else "–",
            fejl=sum(1 for f in c.findings if f.level.value == "fejl"),
            advarsler=sum(1 for f in c.findings if f.level.value == "advarsel"),
        )
        for c in cases
    )
    return PackageOverview(years, pl, tuple(tabel_a), tuple(implementering), overview_cases)


def _kvantum_labels(organisation: Organisation) -> list[tuple[str, str]]:
    return [(key, key.split("/", 1)[-1]) for key in organisation.kvantum_rows()]


def _row_amounts(figures: ProposalFigures, key: str) -> dict[int, int]:
    for row in figures.tabel_a.rows:
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
