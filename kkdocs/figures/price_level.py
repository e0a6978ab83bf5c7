"""Converting amounts and tables between price levels (p/l) with a price index.

amount_in_B = amount_in_A x index(B) / index(A), rounded half away from zero. A converted
table is apportioned again, year by year, so that its rows still add up to its converted
total and every cell stays strictly within 1 of its exact converted value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from kkdocs.errors import KkdocsError
from kkdocs.figures.distribution import apportion
from kkdocs.figures.rounding import Exact, as_fraction, round_half_away

__all__ = ["PriceLevelError", "apportion", "convert_amount", "convert_table"]


class PriceLevelError(KkdocsError, ValueError):
    """A price index cannot be used; the message is Danish and meant for the user."""


def convert_amount(amount: int, index_from: Exact, index_to: Exact) -> int:
    """`amount` at price level `index_from` expressed at `index_to`, rounded half away from zero."""
    return round_half_away(amount * _ratio(index_from, index_to))


def convert_table(
    rows: Sequence[Mapping[int, int]], index_from: Exact, index_to: Exact
) -> list[dict[int, int]]:
    """Convert a table (rows of year -> amount) so that each year's total still adds up.

    For each year, the converted total is `convert_amount` of the sum of the rows that have
    that year, and the rows are that total apportioned by the largest remainder method with
    the exact converted cells (amount x ratio) as targets (see `apportion` for the tie rule).
    A year absent from a row stays absent in that row. Years come out in ascending order.
    """
    ratio = _ratio(index_from, index_to)
    converted: list[dict[int, int]] = [{} for _ in rows]
    years = sorted({year for row in rows for year in row})
    for year in years:
        members = [number for number, row in enumerate(rows) if year in row]
        targets = [rows[number][year] * ratio for number in members]
        total = round_half_away(sum(targets, Fraction(0)))
        for number, value in zip(members, apportion(total, targets)):
            converted[number][year] = value
    return converted


def _ratio(index_from: Exact, index_to: Exact) -> Fraction:
    """index_to / index_from as an exact fraction; both indices must be above 0."""
    start = _checked_index(index_from)
    return _checked_index(index_to) / start


def _checked_index(index: Exact) -> Fraction:
    try:
        value = as_fraction(index)
    except (TypeError, ValueError):
        raise PriceLevelError(f"Prisindekset {index!r} er ikke et tal.") from None
    if value <= 0:
        raise PriceLevelError(f"Prisindekset skal være større end 0, men er {index}.")
    return value
