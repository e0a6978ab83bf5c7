"""What every Excel template context shares: amounts per year, kvantum rows and totals.

The Word context gives formatted strings; a workbook needs the numbers themselves, so that
Excel formats them (`#,##0` shows 1.234 in Danish) and can add them up. An absent year is None
(an empty cell), an explicit 0 is 0. A total is a `Total` (or `GrandTotal`, `Latest`,
`WeightedShare`) carrying the figure the calculation computed; the template filler writes the
formula and caches that figure (xlsx_template.py). Each type's own workbook context is in its
package (`kkdocs/case_types/<type>/workbooks.py`); `kkdocs templates check` walks these types.
"""

from __future__ import annotations

from dataclasses import dataclass

from kkdocs.documents.xlsx_template import Total
from kkdocs.figures.calculation import Years


Amounts = list[int | None]  # one per year of the table; None for an absent year


@dataclass(frozen=True)
class KvantumRowCells:
    tekst: str
    indrykning: int  # 1 for a bevilling under Økonomiudvalget, else 0
    beløb: Amounts


def year_amounts(amounts: Years, years: tuple[int, ...]) -> Amounts:
    return [amounts.get(year) for year in years]


def year_totals(amounts: Years, years: tuple[int, ...], navn: str = "") -> list[Total]:
    return [Total(amounts.get(year), navn) for year in years]
