"""The figure types every case type's calculation shares, and the price index they convert with.

Each type computes its own figures in its package (`kkdocs/case_types/<type>/figures.py`),
from these pieces; pure: Decimal and integer arithmetic, no I/O. Templates, workbooks and
checks only show or compare what a type's calculation returns; none computes its own figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kkdocs.case.model import PriceIndex
from kkdocs.errors import KkdocsError

Years = dict[int, int]


@dataclass(frozen=True)
class Row:
    tekst: str
    styringsområde: str | None
    amounts: Years  # only the years that have a value


@dataclass(frozen=True)
class KvantumRow:
    key: str  # "Økonomiudvalget" or "Økonomiudvalget/Koncernservice"
    label: str  # what the table prints: the udvalg, or the bevilling alone
    is_bevilling: bool
    amounts: Years


@dataclass(frozen=True)
class KvantumTable:
    pl: int
    rows: tuple[KvantumRow, ...]
    total: Years


class CalculationError(KkdocsError, ValueError):
    """A figure that cannot be computed (the checks report these inputs before calculation)."""


def column_sum(rows: list[Row] | tuple[Row, ...]) -> Years:
    """Year-by-year sum; a year is in the result when any row has it."""
    total: Years = {}
    for row in rows:
        for year, amount in row.amounts.items():
            total[year] = total.get(year, 0) + amount
    return dict(sorted(total.items()))


def index_of(price_index: PriceIndex, year: int) -> Decimal:
    try:
        return price_index.indeks[year]
    except KeyError:
        raise CalculationError(f"pl.yaml har intet indeks for {year}") from None
