"""A sheet's formulas: each `Total`, `GrandTotal`, `Latest` and `WeightedShare` as a formula with kkdocs' figure cached.

kkdocs computes every figure in Python (figures/); a workbook shows it as a formula over the
cells it sums up, so that a reviewer can follow it in Excel, and caches kkdocs' figure as the
formula's value (xlsx_cache.py). Before a formula is written, the figure is checked against
those cells: a mismatch is a programming error, not a user's, and raises ValueError. The
`Total`s are written first, so that a `GrandTotal` or a `WeightedShare` reads them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kkdocs.documents.xlsx_cache import CachedValue
from kkdocs.documents.xlsx_cells import format_showing, set_value
from kkdocs.documents.xlsx_layout import Loop
from kkdocs.documents.xlsx_values import Formula, GrandTotal, Latest, Total, WeightedShare
from kkdocs.figures.rounding import round_half_away


class FormulaWriter:
    """Writes a filled sheet's formulas, given where its row loops' rows ended up."""

    def __init__(self, target: Worksheet, loops: list[Loop], where: str) -> None:
        self.target, self.loops, self.where = target, loops, where
        self.cached: dict[str, CachedValue] = {}  # cell -> the figure its formula caches
        self.totals: list[tuple[int, int, Total]] = []  # (row, column, total), output positions

    def write(self, formulas: list[tuple[int, int, Formula]]) -> None:
        """Each (row, column, formula) written, the `Total`s first."""
        ordered = sorted(formulas, key=lambda f: (not isinstance(f[2], Total), f[0], f[1]))
        for row, column, formula in ordered:
            cell = self.target.cell(row=row, column=column)
            where = f"{self.where}!{cell.coordinate}"
            if isinstance(formula, Total):
                self._total(cell, formula, where)
            elif isinstance(formula, GrandTotal):
                self._grand_total(cell, formula, where)
            elif isinstance(formula, Latest):
                self._latest(cell, formula, where)
            else:
                self._weighted_share(cell, formula, where)

    def _loop_for(self, row: int) -> Loop | None:
        above = [loop for loop in self.loops if loop.last < row and loop.first <= row]
        if above:
            return max(above, key=lambda loop: loop.last)  # the last one to end; an outer loop ends after its inner
        below = [loop for loop in self.loops if loop.first > row]
        return min(below, key=lambda loop: (loop.first, -loop.last)) if below else None

    def _column_numbers(self, loop: Loop, column: int) -> list[int | Decimal]:
        return [self._number(row, column) for row in range(loop.first, loop.last + 1)]

    def _number(self, row: int, column: int) -> int | Decimal:
        cell = self.target.cell(row=row, column=column)
        value = self.cached.get(cell.coordinate, cell.value)
        if value is None:
            return 0
        if isinstance(value, float):
            return Decimal(repr(value))
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise ValueError(f"{self.where}!{cell.coordinate} is not a number: {value!r}")
        return value

    def _range(self, loop: Loop, column: int) -> str:
        letter = get_column_letter(column)
        return f"{letter}{loop.first}:{letter}{loop.last}"

    def _formula(self, cell: Cell, formula: str, value: CachedValue) -> None:
        cell.value = formula
        self.cached[cell.coordinate] = value
        if isinstance(value, Decimal):
            cell.number_format = format_showing(value, cell.number_format)

    def _total(self, cell: Cell, total: Total, where: str) -> None:
        loop = self._loop_for(cell.row)
        if loop is None:
            raise ValueError(f"{where}: a Total needs a row loop above or below it")
        summed = sum(self._column_numbers(loop, cell.column), 0)
        if total.figure is None:
            if any(self.target.cell(row=r, column=cell.column).value is not None
                   for r in range(loop.first, loop.last + 1)):
                raise ValueError(f"{where}: the figure is absent, but {self._range(loop, cell.column)} has values")
        elif summed != total.figure:
            raise ValueError(f"{where}: the figure is {total.figure}, but the rows sum to {summed}")
        elif loop.first > loop.last:
            set_value(cell, total.figure)  # a sum of no rows: the figure itself, 0
        else:
            self._formula(cell, f"=SUM({self._range(loop, cell.column)})", total.figure)
        self.totals.append((cell.row, cell.column, total))

    def _grand_total(self, cell: Cell, grand: GrandTotal, where: str) -> None:
        parts = [(row, total) for row, column, total in self.totals if column == cell.column and row < cell.row]
        if not parts:
            raise ValueError(f"{where}: a GrandTotal needs Totals above it in its column")
        summed = sum((total.figure or 0 for _, total in parts), 0)
        if grand.figure is None:
            if any(total.figure is not None for _, total in parts):
                raise ValueError(f"{where}: the figure is absent, but the totals above have values")
            return
        if summed != grand.figure:
            raise ValueError(f"{where}: the figure is {grand.figure}, but the totals above sum to {summed}")
        letter = get_column_letter(cell.column)
        self._formula(cell, "=" + "+".join(f"{letter}{row}" for row, _ in parts), grand.figure)

    def _latest(self, cell: Cell, latest: Latest, where: str) -> None:
        loop = self._loop_for(cell.row)
        dates = [self.target.cell(row=r, column=cell.column).value for r in range(loop.first, loop.last + 1)] \
            if loop else []
        dates = [d.date() if isinstance(d, dt.datetime) else d for d in dates if d is not None]
        if not dates or max(dates) != latest.figure:
            raise ValueError(f"{where}: the figure is {latest.figure}, but the latest date above is "
                             f"{max(dates) if dates else None}")
        self._formula(cell, f"=MAX({self._range(loop, cell.column)})", latest.figure)

    def _weighted_share(self, cell: Cell, share: WeightedShare, where: str) -> None:
        loop = self._loop_for(cell.row)
        weight_columns = [column for row, column, total in self.totals if row == cell.row and total.navn == share.vægte]
        if loop is None or not weight_columns:
            raise ValueError(f"{where}: a WeightedShare needs a row loop and Totals named '{share.vægte}'")
        rows = range(loop.first, loop.last + 1)
        weights = [sum(self._number(r, c) for c in weight_columns) for r in rows]
        shares = [self._number(r, cell.column) for r in rows]
        total_weight = sum(weights)
        if total_weight == 0:
            if share.figure is not None:
                raise ValueError(f"{where}: the figure is {share.figure}, but there are no weights")
            return
        exact = sum((Fraction(w) * Fraction(s) for w, s in zip(weights, shares)), Fraction(0)) / total_weight
        computed = Decimal(round_half_away(exact * 10)).scaleb(-1)
        if computed != share.figure:
            raise ValueError(f"{where}: the figure is {share.figure}, but the rows give {computed}")
        ranges = [self._range(loop, c) for c in weight_columns]
        formula = (f"=ROUND(SUMPRODUCT(({'+'.join(ranges)})*{self._range(loop, cell.column)})"
                   f"/SUM({','.join(ranges)}),1)")
        self._formula(cell, formula, share.figure)
