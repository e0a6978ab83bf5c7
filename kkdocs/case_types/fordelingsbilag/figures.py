"""The fordelingsbilag's figures: the amount distributed by the key, with shares that sum exactly."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kkdocs.case_types.fordelingsbilag.model import Fordelingsbilag
from kkdocs.figures.distribution import distribute, shares_percent


@dataclass(frozen=True)
class KeyRow:
    navn: str
    vægt: Decimal
    andel: Decimal  # per cent, one decimal; the column sums to 100,0
    beløb: int


@dataclass(frozen=True)
class DistributionFigures:
    rows: tuple[KeyRow, ...]
    nøgletotal: Decimal
    beløb: int


def distribution_figures(case: Fordelingsbilag) -> DistributionFigures:
    names = list(case.nøgle)
    weights = list(case.nøgle.values())
    amounts = distribute(case.beløb, weights)
    percents = shares_percent(weights)
    rows = tuple(KeyRow(n, w, p, a) for n, w, p, a in zip(names, weights, percents, amounts))
    return DistributionFigures(rows, sum(weights, Decimal(0)), case.beløb)
