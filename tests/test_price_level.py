"""Price level conversion: single amounts and whole tables whose totals still add up."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkdocs.figures.price_level import PriceLevelError, apportion, convert_amount, convert_table

# Example index from the spec's data/reference/pl.yaml
PL_2025 = Decimal("106.2")
PL_2026 = Decimal("108.9")
# 108,9 / 106,2 = 1089/1062 = (9 x 121)/(9 x 118) = 121/118


@pytest.mark.parametrize(
    ("amount", "index_from", "index_to", "expected"),
    [
        # -6356 x 121/118 = -769076/118 = -6517,593 (118 x 6517 = 769006, rest 70)
        (-6356, PL_2025, PL_2026, -6518),
        (6356, PL_2025, PL_2026, 6518),
        # 100 x 103,4/100 = 103,4
        (100, Decimal("100.0"), Decimal("103.4"), 103),
        # 5 x 110/100 = 5,5: the half goes away from zero
        (5, Decimal(100), Decimal(110), 6),
        (-5, Decimal(100), Decimal(110), -6),
        # 3 x 1/2 = 1,5 -> 2
        (3, 2, 1, 2),
        # a float index is read as the decimal it prints as: 5 x 110,0/100 = 5,5 -> 6
        (5, 100.0, 110.0, 6),
        (0, PL_2025, PL_2026, 0),
        # same level: unchanged
        (-12711, PL_2025, PL_2025, -12711),
    ],
)
def test_convert_amount(amount, index_from, index_to, expected):
    assert convert_amount(amount, index_from, index_to) == expected


@pytest.mark.parametrize("bad_index", [Decimal(0), Decimal("-1"), Decimal("NaN"), None])
def test_convert_amount_refuses_a_bad_index(bad_index):
    with pytest.raises(PriceLevelError):
        convert_amount(100, bad_index, PL_2026)
    with pytest.raises(PriceLevelError):
        convert_amount(100, PL_2025, bad_index)


def test_convert_table_mixed_signs():
    # ratio 121/118.
    # 2025: -6356 -> -6517,593; 3960 -> 479160/118 = 4060,678; 500 -> 60500/118 = 512,712.
    #   sum of the rows -1896 -> -229416/118 = -1944,203 -> total -1944.
    #   Mirrored (total < 0): targets 6517,593 -4060,678 -512,712, floors 6517 -4061 -513 = 1943,
    #   one unit to the largest remainder (,593 against ,322 and ,288): 6518 -4061 -513.
    # 2026: -12711 -> -1538031/118 = -13034,161 -> -13034; an explicit 0 stays 0;
    #   row 2 has no 2026 and gets none.
    rows = [{2025: -6356, 2026: -12711}, {2025: 3960}, {2025: 500, 2026: 0}]
    assert convert_table(rows, PL_2025, PL_2026) == [
        {2025: -6518, 2026: -13034},
        {2025: 4061},
        {2025: 513, 2026: 0},
    ]


@pytest.mark.parametrize(
    ("rows", "index_from", "index_to", "expected"),
    [
        # 5 x 1,1 = 5,5 twice: total 11 (rounding each row would give 12). Floors 5, 5,
        # one unit, equal remainders and equal size -> the earlier row.
        ([{2025: 5}, {2025: 5}], 100, 110, [{2025: 6}, {2025: 5}]),
        ([{2025: -5}, {2025: -5}], 100, 110, [{2025: -6}, {2025: -5}]),
        # 1 x 3/2 = 1,5 three times: total 4,5 -> 5; floors 1,1,1, two units -> rows 1 and 2
        ([{2025: 1}, {2025: 1}, {2025: 1}], 2, 3, [{2025: 2}, {2025: 2}, {2025: 1}]),
        # 5,5 and -5,5: total 0; floors 5 and -6, one unit, equal remainders and size -> row 1
        ([{2025: 5}, {2025: -5}], 100, 110, [{2025: 6}, {2025: -6}]),
        # empty table, empty row
        ([], 100, 110, []),
        ([{}, {2025: 10}], 100, 110, [{}, {2025: 11}]),
    ],
)
def test_convert_table_hand_worked(rows, index_from, index_to, expected):
    assert convert_table(rows, index_from, index_to) == expected


def test_apportion_is_available_here_too():
    assert apportion(5, [Fraction(3, 2)] * 3) == [2, 2, 1]


indices = st.decimals(min_value=Decimal("50"), max_value=Decimal("200"), places=1)
table_years = st.integers(min_value=2024, max_value=2030)
tables = st.lists(
    st.dictionaries(table_years, st.integers(min_value=-10**7, max_value=10**7), max_size=7),
    max_size=12,
)


@given(tables, indices, indices)
def test_convert_table_keeps_totals_and_cells_close(rows, index_from, index_to):
    ratio = Fraction(index_to) / Fraction(index_from)
    converted = convert_table(rows, index_from, index_to)
    assert len(converted) == len(rows)
    for row, new_row in zip(rows, converted):
        assert set(new_row) == set(row)
        for year, amount in row.items():
            assert abs(new_row[year] - amount * ratio) < 1
    for year in {year for row in rows for year in row}:
        original_total = sum(row[year] for row in rows if year in row)
        new_total = sum(row[year] for row in converted if year in row)
        assert new_total == convert_amount(original_total, index_from, index_to)


@given(tables, indices, indices)
def test_converting_savings_mirrors_converting_costs(rows, index_from, index_to):
    negated = [{year: -amount for year, amount in row.items()} for row in rows]
    converted = convert_table(rows, index_from, index_to)
    converted_negated = convert_table(negated, index_from, index_to)
    # Mirror images, year by year, except in a year whose total is 0 (no direction to mirror)
    for year in {year for row in rows for year in row}:
        if sum(row[year] for row in rows if year in row) == 0:
            continue
        for new_row, new_negated_row in zip(converted, converted_negated):
            if year in new_row:
                assert new_negated_row[year] == -new_row[year]


@given(st.integers(min_value=-10**9, max_value=10**9), indices, indices)
def test_convert_amount_is_nearest(amount, index_from, index_to):
    exact = Fraction(amount) * Fraction(index_to) / Fraction(index_from)
    assert abs(convert_amount(amount, index_from, index_to) - exact) <= Fraction(1, 2)
