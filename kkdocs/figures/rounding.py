"""Exact numbers and the one rounding rule kkdocs uses: half away from zero.

Everything here is pure. Amounts are turned into `fractions.Fraction` so that no step of a
calculation loses precision; only the final rounding makes a whole number.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

Exact = Decimal | Fraction | int
"""A number that can be converted to a Fraction without loss."""

_HALF = Fraction(1, 2)


def as_fraction(x: Exact | float) -> Fraction:
    """Return `x` as an exact Fraction.

    A float is read as the decimal it prints as (`0.1` becomes 1/10, not the binary value
    near it), because a float here comes from a number someone typed. Booleans, NaN and
    infinity are refused.
    """
    if isinstance(x, bool):
        raise TypeError(f"expected a number, got {x!r}")
    if isinstance(x, float):
        x = Decimal(float.__repr__(x))
    if isinstance(x, Decimal) and not x.is_finite():
        raise ValueError(f"expected a finite number, got {x!r}")
    if not isinstance(x, (Decimal, Fraction, int)):
        raise TypeError(f"expected a number, got {x!r}")
    return Fraction(x)


def round_half_away(x: Exact | float) -> int:
    """Round to a whole number, halves away from zero.

    6355.5 -> 6356, -6355.5 -> -6356, 2.4 -> 2, -2.4 -> -2. Exact for any size of number.
    """
    value = as_fraction(x)
    magnitude = math.floor(abs(value) + _HALF)
    return -magnitude if value < 0 else magnitude
