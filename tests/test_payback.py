"""Tilbagebetalingstid: hand-worked cases and a brute-force year-by-year simulation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkdocs.figures.payback import payback_years


@pytest.mark.parametrize(
    ("implementation", "permanent", "last_year", "expected"),
    [
        # official seed: cumulative 3800; 3800+3600-1895 = 5505; 5505+700-3791 = 2414;
        # 2414-3791 = -1377 <= 0 in the 4th year
        (
            {2024: 3800, 2025: 3600, 2026: 700},
            {2025: -1895, 2026: -3791, 2027: -3791, 2028: -3791, 2029: -3791},
            2029,
            4,
        ),
        # continuation: 900, 800 in the table; then -100 a year: 700 ... 0 after 8 more
        # years; exactly 0 counts (<= 0): 2 + 8 = 10
        ({2024: 1000}, {2024: -100, 2025: -100}, 2025, 10),
        # one less saved in 2025: 900, 801, then -99 a year: 801/99 = 8,09 -> 9 more: 2 + 9 = 11
        ({2024: 1000}, {2024: -100, 2025: -99}, 2025, 11),
        # the cumulative reaches 0 in year 1 and later costs do not matter
        ({2024: 100}, {2024: -100, 2025: 50}, 2025, 1),
        # never: last year's change is 0, or a cost
        ({2024: 1000}, {2024: -100, 2025: 0}, 2025, None),
        ({2024: 1000}, {2024: -100, 2025: 10}, 2025, None),
        ({2024: 1000}, {2024: -100}, 2025, None),  # 2025 missing = 0
        # saving only in earlier years, none in the last year: 1000-300-300 = 400 > 0
        ({2024: 1000}, {2025: -300, 2026: -300}, 2027, None),
        # a missing year in the middle counts as 0: 400, 400 (2025), 200, -100 -> 4
        ({2024: 500, 2026: 100}, {2024: -100, 2026: -300, 2027: -300}, 2027, 4),
        # permanent changes before year 1 (the first implementation cost) are ignored:
        # year 1 = 2025: 300-100 = 200, 100, then -100 -> 0 in year 3 (with 2024 it would be 1)
        ({2025: 300}, {2024: -1000, 2025: -100, 2026: -100}, 2026, 3),
        # an explicit 0 is not an implementation cost: year 1 = 2025, same as above
        ({2024: 0, 2025: 300}, {2025: -100, 2026: -100}, 2026, 3),
        # implementation cost only in the last year: 500-100 = 400, then 4 years of -100: 5
        ({2029: 500}, {2029: -100}, 2029, 5),
        # no implementation cost: year 1 = first permanent change
        ({}, {2025: -10}, 2026, 1),
        ({2025: 0}, {2024: 0, 2025: -10}, 2026, 1),
        ({}, {2025: 30, 2026: -20}, 2026, 3),  # 30, 10, then -10 in year 3
        ({}, {2025: 30, 2026: 20}, 2026, None),
        # nothing at all: nothing to pay back
        ({}, {}, 2029, None),
        ({2025: 0}, {2025: 0}, 2029, None),
        # a negative "implementation cost" is year 1 and pays back at once
        ({2024: -50}, {}, 2025, 1),
    ],
)
def test_payback_hand_worked(implementation, permanent, last_year, expected):
    assert payback_years(implementation, permanent, last_year) == expected


def test_payback_far_in_the_future_is_computed_without_looping():
    # 10**12 - 1 left after 2024, saving 1 a year: 10**12 - 1 more years
    assert payback_years({2024: 10**12}, {2024: -1}, 2024) == 10**12


def test_amounts_after_the_last_year_are_refused():
    with pytest.raises(ValueError, match="efter tabellens sidste år 2029"):
        payback_years({2030: 100}, {}, 2029)
    with pytest.raises(ValueError):
        payback_years({2024: 100}, {2030: -100}, 2029)


def simulate(implementation, permanent, last_year, horizon):
    """Brute force: walk year by year up to `horizon` years past the last table year."""
    nonzero_implementation = [year for year, amount in implementation.items() if amount != 0]
    nonzero_permanent = [year for year, amount in permanent.items() if amount != 0]
    if nonzero_implementation:
        first = min(nonzero_implementation)
    elif nonzero_permanent:
        first = min(nonzero_permanent)
    else:
        return None
    cumulative = 0
    year_number = 0
    for year in range(first, last_year + horizon + 1):
        year_number += 1
        if year <= last_year:
            cumulative += implementation.get(year, 0) + permanent.get(year, 0)
        else:
            cumulative += permanent.get(last_year, 0)
        if cumulative <= 0:
            return year_number
    return None


FIRST_YEAR, LAST_YEAR = 2024, 2031
years = st.integers(min_value=FIRST_YEAR, max_value=LAST_YEAR)
small_amounts = st.integers(min_value=-300, max_value=300)
HORIZON = 8 * 600 + 1  # the cumulative is at most 8 years x 600, and a saving is >= 1 a year


@given(
    st.dictionaries(years, st.integers(min_value=-50, max_value=300), max_size=8),
    st.dictionaries(years, small_amounts, max_size=8),
)
def test_payback_equals_brute_force(implementation, permanent):
    expected = simulate(implementation, permanent, LAST_YEAR, HORIZON)
    assert payback_years(implementation, permanent, LAST_YEAR) == expected


@given(
    st.dictionaries(years, st.integers(min_value=1, max_value=300), min_size=1, max_size=3),
    st.dictionaries(years, st.integers(min_value=-60, max_value=60), max_size=8),
    st.integers(min_value=-5, max_value=-1),
)
def test_payback_with_small_savings_equals_brute_force(implementation, permanent, last_saving):
    # small savings in the last year: the payback is often long after the table
    permanent = {**permanent, LAST_YEAR: last_saving}
    expected = simulate(implementation, permanent, LAST_YEAR, HORIZON)
    assert expected is not None
    assert payback_years(implementation, permanent, LAST_YEAR) == expected
