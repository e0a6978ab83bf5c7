"""Danish number, date and year formatting."""

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkdocs.danish_format import (format_amount, format_date_long, format_date_short, format_decimal, format_month,
                                  format_percent, format_years, month_abbrev)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-12711, "-12.711"),
        (12711, "12.711"),
        (0, "0"),
        (None, ""),  # an absent year prints as an empty cell
        (-7, "-7"),
        (999, "999"),
        (1000, "1.000"),
        (-1000, "-1.000"),
        (875000, "875.000"),
        (1234567, "1.234.567"),
        (-100000000, "-100.000.000"),
    ],
)
def test_format_amount(value, expected):
    assert format_amount(value) == expected


@pytest.mark.parametrize("bad", [Decimal("1.5"), 1.0, True, "12"])
def test_format_amount_takes_only_whole_numbers(bad):
    with pytest.raises(TypeError):
        format_amount(bad)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("0.5"), None, "0,5"),
        (Decimal("1234.5"), None, "1.234,5"),
        (Decimal("-1234.5"), None, "-1.234,5"),
        (Decimal("12"), 1, "12,0"),
        (12.0, 1, "12,0"),
        (0.5, None, "0,5"),
        (Decimal("6355.5"), 0, "6.356"),  # half away from zero
        (Decimal("-6355.5"), 0, "-6.356"),
        (Decimal("2.25"), 1, "2,3"),  # half away from zero, not to even (2,2)
        (Decimal("-2.25"), 1, "-2,3"),
        (Decimal("34.54"), 1, "34,5"),
        (Decimal("-0.04"), 1, "0,0"),  # no "-0,0"
        (Decimal("-0.0"), None, "0,0"),
        (Decimal("1E+3"), None, "1.000"),
        (Decimal("1234567.891"), 2, "1.234.567,89"),
        (19, None, "19"),
        (Decimal("0.001"), None, "0,001"),
    ],
)
def test_format_decimal(value, decimals, expected):
    assert format_decimal(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("34.5"), "34,5"), (Decimal("100.0"), "100,0"), (Decimal("25"), "25,0"), (Decimal("0.05"), "0,1")],
)
def test_format_percent(value, expected):
    assert format_percent(value) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 5, 15), "15. maj 2024"),
        (date(2024, 1, 1), "1. januar 2024"),
        (date(2023, 11, 1), "1. november 2023"),
        (date(2026, 12, 31), "31. december 2026"),
        (date(2024, 3, 9), "9. marts 2024"),
    ],
)
def test_format_date_long(day, expected):
    assert format_date_long(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 10, 31), "31/10/2026"), (date(2024, 4, 9), "09/04/2024"), (date(2024, 1, 1), "01/01/2024")],
)
def test_format_date_short(day, expected):
    assert format_date_short(day) == expected


def test_month_abbrev():
    assert [month_abbrev(m) for m in range(1, 13)] == [
        "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ]  # fmt: skip


@pytest.mark.parametrize("bad", [0, 13, -1])
def test_month_abbrev_refuses_bad_months(bad):
    with pytest.raises(ValueError):
        month_abbrev(bad)


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [(2024, 4, "apr. 2024"), (2024, 5, "maj 2024"), (2025, 10, "okt. 2025"), (2026, 12, "dec. 2026")],
)
def test_format_month(year, month, expected):
    assert format_month(year, month) == expected


@pytest.mark.parametrize(("years", "expected"), [(4, "4 år"), (1, "1 år"), (None, "Tilbagebetales ikke")])
def test_format_years(years, expected):
    assert format_years(years) == expected


AMOUNT_PATTERN = re.compile(r"-?\d{1,3}(\.\d{3})*")


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_format_amount_reads_back(value):
    text = format_amount(value)
    assert AMOUNT_PATTERN.fullmatch(text)
    assert int(text.replace(".", "")) == value


@given(st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_format_decimal_reads_back(value):
    text = format_decimal(value)
    whole, _, fraction = text.partition(",")
    assert AMOUNT_PATTERN.fullmatch(whole)
    assert Decimal(whole.replace(".", "") + ("." + fraction if fraction else "")) == value
