"""Spreading a whole amount over rows by a key: the largest remainder method (Hamilton).

Every share is within 1 of its exact value (strictly less than 1), and the shares always
sum exactly to the amount. All arithmetic is exact (`fractions.Fraction`).

Rule, in full:

1. exact share_i = |amount| x w_i / sum(w);
2. every row first gets the whole part of its exact share;
3. the units left over go one each to the rows with the largest remainders;
4. ties between equal remainders go to the larger weight, then to the earlier row;
5. for a negative amount the same is done for |amount| and the sign is put back, so
   distributing -x gives exactly the negated result of distributing x.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from kkdocs.errors import KkdocsError
from kkdocs.figures.rounding import Exact, as_fraction, round_half_away

PERCENT_TENTHS = 1000  # 100,0 % in tenths of a per cent


class DistributionError(KkdocsError, ValueError):
    """An amount cannot be distributed; the message is Danish and meant for the user."""


def distribute(amount: int, weights: Sequence[Decimal | int]) -> list[int]:
    """Distribute a whole `amount` over `weights`, one share per weight, in the same order.

    Zero weights get 0, a single row gets everything, and amount 0 gives all zeros (even
    when all weights are 0). Raises DistributionError for an empty key, a negative or
    non-numeric weight, or a key that sums to 0 while the amount is not 0.
    """
    _check_amount(amount)
    key = _checked_weights(weights)
    if amount == 0:
        return [0] * len(key)
    key_total = sum(key)
    if key_total == 0:
        raise DistributionError("Fordelingsnøglen summerer til 0, så beløbet kan ikke fordeles.")
    magnitude = abs(amount)
    shares = apportion(magnitude, [magnitude * weight / key_total for weight in key])
    return shares if amount > 0 else [-share for share in shares]


def distribute_years(amounts: Mapping[int, int], weights: Sequence[Decimal | int]) -> list[dict[int, int]]:
    """Distribute each year's amount separately; one dict of year -> share per row.

    Every row has exactly the years of `amounts` (in ascending order); a year absent from
    `amounts` is absent from every row. The key is checked even when `amounts` is empty.
    """
    _checked_weights(weights)
    rows: list[dict[int, int]] = [{} for _ in weights]
    for year in sorted(amounts):
        for row, share in zip(rows, distribute(amounts[year], weights)):
            row[year] = share
    return rows


def shares_percent(weights: Sequence[Decimal | int]) -> list[Decimal]:
    """Each weight's share of the key in per cent, correctly rounded to one decimal.

    Every share is its exact value rounded half away from zero (Albertslund's 1,447 % is 1,4),
    so the shares need not sum to 100,0; the appendix prints the total as 100 with a note that
    the shares are rounded (docs/design.md). Raises DistributionError like `distribute` (a key
    summing to 0 has no shares).
    """
    key = _checked_weights(weights)
    whole = sum(key)
    if whole == 0:
        raise DistributionError("Fordelingsnøglens vægte summerer til 0, så der er ingen andele.")
    return [Decimal(round_half_away(w * PERCENT_TENTHS / whole)).scaleb(-1) for w in key]


def apportion(total: int, exact: Sequence[Exact]) -> list[int]:
    """Whole numbers, one per exact target, that sum to `total`, each strictly within 1 of its target.

    Precondition: |total - sum(exact)| < 1 (otherwise DistributionError). Targets may have
    any sign. Largest remainder method: each row starts at the floor of its target and the
    missing units go to the largest remainders; ties go to the target with the larger
    absolute value, then to the earlier row. A target that is a whole number is returned
    unchanged. When the total is negative (or it is 0 and the targets sum below 0), the
    problem is mirrored, so apportion(-t, -x) == -apportion(t, x) unless t and sum(x) are
    both 0.
    """
    _check_amount(total)
    targets = [as_fraction(value) for value in exact]
    if abs(total - sum(targets)) >= 1:
        raise DistributionError(
            f"Totalen {total} ligger ikke inden for 1 af summen af de eksakte beløb, "
            "så den kan ikke fordeles."
        )
    if total < 0 or (total == 0 and sum(targets) < 0):
        return [-value for value in _apportion_upward(-total, [-target for target in targets])]
    return _apportion_upward(total, targets)


def _apportion_upward(total: int, targets: list[Fraction]) -> list[int]:
    """Floors first, then one extra unit each to the largest remainders."""
    floors = [math.floor(target) for target in targets]
    units_left = total - sum(floors)

    def priority(row: int) -> tuple[Fraction, Fraction, int]:
        remainder = targets[row] - floors[row]
        return (-remainder, -abs(targets[row]), row)

    receivers = set(sorted(range(len(targets)), key=priority)[:units_left])
    return [floor + (1 if row in receivers else 0) for row, floor in enumerate(floors)]


def _check_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"the amount must be a whole number (int), got {amount!r}")


def _checked_weights(weights: Sequence[Decimal | int]) -> list[Fraction]:
    """The key as exact fractions; DistributionError if it is empty, negative or not numbers."""
    if len(weights) == 0:
        raise DistributionError("Fordelingsnøglen er tom, så beløbet kan ikke fordeles.")
    key: list[Fraction] = []
    for number, weight in enumerate(weights, start=1):
        try:
            value = as_fraction(weight)
        except (TypeError, ValueError):
            raise DistributionError(f"Vægt nr. {number} i fordelingsnøglen er ikke et tal.") from None
        if value < 0:
            raise DistributionError(
                f"Vægt nr. {number} i fordelingsnøglen er negativ; en vægt skal være 0 eller større."
            )
        key.append(value)
    return key
