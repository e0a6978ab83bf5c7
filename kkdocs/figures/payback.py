"""Tilbagebetalingstid (payback): how many years until an investment has paid for itself.

The rule (CASE-FORMAT section 8, with the edge cases decided here):

- Year 1 is the first year with an implementation cost, i.e. a nonzero amount in
  `implementation`. With no implementation cost at all, year 1 is the first year with a
  nonzero permanent change; with neither, nothing is paid back and the answer is None.
- From year 1 on, the implementation cost and the permanent change of every year are added
  up. The payback is the number (1, 2, ...) of the first year in which that cumulative sum
  is <= 0. Amounts in years before year 1 are ignored.
- Years are consecutive integers; a year missing from a mapping counts as 0.
- After `last_year` (the last table year) there is no implementation cost, and the
  permanent change of `last_year` continues every year. If the cumulative sum is still
  above 0 at `last_year` and that change is not a saving (>= 0), the answer is None:
  "Tilbagebetales ikke".

The continuation is computed in closed form, so the function always terminates.
"""

from __future__ import annotations

from collections.abc import Mapping


def payback_years(implementation: Mapping[int, int], permanent: Mapping[int, int], last_year: int) -> int | None:
    """The payback in years (1-based, counted from year 1), or None when it never pays back.

    Raises ValueError if an amount lies in a year after `last_year`.
    """
    _check_no_year_after(implementation, last_year)
    _check_no_year_after(permanent, last_year)
    first_year = _first_year(implementation, permanent)
    if first_year is None:
        return None

    cumulative = 0
    for year in range(first_year, last_year + 1):
        cumulative += implementation.get(year, 0) + permanent.get(year, 0)
        if cumulative <= 0:
            return year - first_year + 1

    yearly_change = permanent.get(last_year, 0)
    if yearly_change >= 0:
        return None
    years_in_table = last_year - first_year + 1
    return years_in_table + _years_to_reach_zero(cumulative, -yearly_change)


def payback_year(implementation: Mapping[int, int], permanent: Mapping[int, int], last_year: int) -> int | None:
    """The calendar year in which it is paid back (year 1 + payback - 1), or None when it never is."""
    years = payback_years(implementation, permanent, last_year)
    first_year = _first_year(implementation, permanent)
    return None if years is None or first_year is None else first_year + years - 1


def _first_year(implementation: Mapping[int, int], permanent: Mapping[int, int]) -> int | None:
    """Year 1: the first implementation cost, else the first permanent change, else None."""
    for amounts in (implementation, permanent):
        years = [year for year, amount in amounts.items() if amount != 0]
        if years:
            return min(years)
    return None


def _years_to_reach_zero(remaining: int, saving_per_year: int) -> int:
    """The fewest whole years n >= 1 with remaining - n * saving_per_year <= 0 (both > 0)."""
    return -(-remaining // saving_per_year)


def _check_no_year_after(amounts: Mapping[int, int], last_year: int) -> None:
    late = sorted(year for year, amount in amounts.items() if year > last_year and amount != 0)
    if late:
        raise ValueError(f"Der er et beløb i {late[0]}, som ligger efter tabellens sidste år {last_year}.")
