"""round_half_away: halves go away from zero, everything else to the nearest whole number."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkdocs.figures.rounding import as_fraction, round_half_away


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # CASE-FORMAT 8: 19 årsværk x 669 x 0,5 = 6.355,5 -> 6.356
        (Decimal("6355.5"), 6356),
        (Decimal("-6355.5"), -6356),
        (Decimal("2.4"), 2),
        (Decimal("-2.4"), -2),
        (Decimal("2.5"), 3),  # not banker's rounding (which gives 2)
        (Decimal("-2.5"), -3),
        (Decimal("0.5"), 1),
        (Decimal("-0.5"), -1),
        (Decimal("0.4999999999999999999999999999999"), 0),
        (Decimal("-0"), 0),
        (Decimal("7"), 7),
        (Decimal("1E+3"), 1000),
        (Fraction(-7, 2), -4),  # -3,5
        (Fraction(10, 3), 3),  # 3,33...
        (-12711, -12711),
        (2.675, 3),  # the float is read as the decimal 2.675, not 2.67499999...
    ],
)
def test_round_half_away(value, expected):
    assert round_half_away(value) == expected


def test_round_half_away_is_exact_beyond_decimal_precision():
    # 40 significant digits: the default Decimal context (28 digits) would lose the .5
    value = Decimal("1234567890123456789012345678901234567890.5")
    assert round_half_away(value) == 1234567890123456789012345678901234567891


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), True, "1", None])
def test_round_half_away_refuses_non_numbers(bad):
    with pytest.raises((TypeError, ValueError)):
        round_half_away(bad)


def test_as_fraction_reads_a_float_as_its_decimal():
    assert as_fraction(0.1) == Fraction(1, 10)
    assert as_fraction(Decimal("103.4")) == Fraction(517, 5)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**9, max_value=10**9))
def test_round_half_away_agrees_with_decimal_round_half_up(value):
    # Decimal's ROUND_HALF_UP is "half away from zero"; an independent reference.
    assert round_half_away(value) == int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@given(st.fractions(max_denominator=1000).filter(lambda f: abs(f) < 10**12))
def test_round_half_away_is_nearest_and_symmetric(value):
    result = round_half_away(value)
    assert abs(result - value) <= Fraction(1, 2)
    assert round_half_away(-value) == -result
