"""Writing a sheet's evaluated cells, and what a value in a cell looks like to a Danish reader.

Each evaluated cell goes to its output column(s) (xlsx_layout.py) with its template cell's
style; a cell outside a column loop is styled in every copy of the loop but holds its value
in the first. A formula value is only collected here (xlsx_formulas.py writes it once every
plain value is in), an `Indented` text gets the cell's indent. A `Decimal` is written as a
number (openpyxl has no decimal type) and the cell's number format gains the decimals it
would otherwise hide, so the cell shows the figure kkdocs computed. `shown` is the text a
reader sees, which the column widths are fitted to (xlsx_fit.py).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from copy import copy

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from kkdocs.danish_format import format_amount, format_date_short, format_decimal
from kkdocs.documents.xlsx_layout import SheetLayout
from kkdocs.documents.xlsx_values import Formula, GrandTotal, Indented, Latest, Total, Value, WeightedShare

INDENT_WIDTH = 2  # column width units per indent step


class WrittenCells:
    """A sheet's plain values written; its formulas to write, and its indented cells, collected on the way."""

    def __init__(self, layout: SheetLayout, target: Worksheet) -> None:
        self.target = target
        self.formulas: list[tuple[int, int, Formula]] = []  # (row, column, formula), output positions
        self.indents: dict[tuple[int, int], int] = {}  # (row, column) -> indent steps
        self._write(layout)

    def _write(self, layout: SheetLayout) -> None:
        for number, row in enumerate(layout.rows, start=1):
            dimension = layout.template.row_dimensions.get(row.source)
            height = dimension.height if dimension is not None else None
            if height is not None:
                self.target.row_dimensions[number].height = height
            for cell in row.cells:
                targets = layout.targets(cell)
                if not targets and cell.value is not None:  # the top-left of a merge that starts in a tag column
                    targets = layout.merge_targets(row.source, cell.column)[:1]
                for index, column in enumerate(targets):
                    value = cell.value if index == 0 else None
                    self._put(number, column, value, cell.source)

    def _put(self, row: int, column: int, value: Value, source: Cell | MergedCell) -> None:
        cell = self.target.cell(row=row, column=column)
        if isinstance(source, MergedCell) and cell.value is not None:
            return  # a covered cell of a merge never overwrites the merge's own value
        if source.has_style:
            cell._style = copy(source._style)
        if isinstance(value, (Total, GrandTotal, Latest, WeightedShare)):
            self.formulas.append((row, column, value))
            return
        if isinstance(value, Indented):
            self.indents[(row, column)] = value.steps
            old = cell.alignment
            cell.alignment = Alignment(horizontal=old.horizontal or "left", vertical=old.vertical,
                                       wrap_text=old.wrap_text, indent=max(0, value.steps) * INDENT_WIDTH)
            value = value.text
        set_value(cell, value)


def set_value(cell: Cell, value: Value) -> None:
    """Write a plain value (no formula, no indent) into the cell."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    elif isinstance(value, Decimal):
        cell.number_format = format_showing(value, cell.number_format)
        value = int(value) if value == value.to_integral_value() else float(value)
    cell.value = value


def shown(value: object, number_format: str = "General") -> str:
    """The text a Danish reader sees in a cell, for column widths."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return format_date_short(value if isinstance(value, dt.date) else value.date())
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_amount(value)
    if isinstance(value, (Decimal, float)):
        return format_decimal(Decimal(repr(value)) if isinstance(value, float) else value, _decimals(number_format))
    return str(value)


_NUMBER_FORMAT = re.compile(r"^(?P<whole>#,##0|0)(?:\.(?P<decimals>0+)(?P<optional>#*))?$")


def _decimals(number_format: str) -> int:
    match = _NUMBER_FORMAT.match(number_format or "")
    return len(match["decimals"] or "") + len(match["optional"] or "") if match else 1


def format_showing(value: Decimal, number_format: str) -> str:
    """The cell's number format, with decimals added when it would hide some of `value`'s."""
    match = _NUMBER_FORMAT.match(number_format or "")
    needed = max(0, -value.normalize().as_tuple().exponent)
    if match is None or needed <= _decimals(number_format):
        return number_format
    return f"{match['whole']}.{match['decimals'] or '0'}{'#' * (needed - len(match['decimals'] or '0'))}"
