"""Fitting a filled sheet to its contents: columns wide enough for their values, rows tall enough for their text.

openpyxl stores widths and heights but cannot measure text, and LibreOffice and Excel do not
fit a sheet on opening; a filled sheet whose years or names are longer than the template's
examples would show ### or cut text. The widths are estimated from the text a Danish reader
sees (xlsx_cells.shown) in digits of the cell's font: a column grows to its longest value
(never narrower than in the template, never wider than MAX_WIDTH), a heading alone in its row
may run into the empty cells to its right as Excel shows it, and a text that still does not
fit wraps, and its row grows by the lines it takes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kkdocs.documents.xlsx_cache import CachedValue
from kkdocs.documents.xlsx_cells import INDENT_WIDTH, shown

MAX_WIDTH = 60  # column width units; a longer text wraps
DEFAULT_WIDTH = 8.43  # Excel's default column width
DEFAULT_FONT_SIZE = 11
LETTER_WIDTH = 0.9  # a lower-case letter or a sign, in digits (Calibri and Carlito)
BOLD_WIDTH = 1.05


def fit_sheet(target: Worksheet, cached: dict[str, CachedValue], indents: dict[tuple[int, int], int]) -> None:
    """Widen `target`'s columns and grow its rows; `cached` are its formulas' values, `indents` its indented cells."""
    _Fitting(target, cached, indents).fit()


class _Fitting:
    def __init__(self, target: Worksheet, cached: dict[str, CachedValue], indents: dict[tuple[int, int], int]) -> None:
        self.target, self.cached, self.indents = target, cached, indents
        self.width = 0  # output columns, counted when fitting begins
        self.looks: dict[tuple[int, ...], _Look] = {}  # by the cells' style ids (`_look`)

    def fit(self) -> None:
        self.width = self.target.max_column  # openpyxl counts every cell for this: once
        merged = {coord for m in self.target.merged_cells.ranges for coord in _coordinates(m)}
        widths: dict[int, float] = {}
        spilling: list[Cell] = []  # texts with an empty cell to their right, into which they may run
        texts: list[Cell] = []
        for row in self.target.iter_rows():
            for cell in row:
                if cell.value is None or cell.coordinate in merged:
                    continue
                if isinstance(cell.value, str):
                    texts.append(cell)
                look = self._look(cell)
                if look.wrap:  # wraps at its words: the column must hold the longest
                    widths[cell.column] = max(widths.get(cell.column, 0), _longest_word(cell, look))
                    continue
                if isinstance(cell.value, str) and self._may_spill(cell, look, merged):
                    spilling.append(cell)
                    continue
                length = _text_width(look, self.cached.get(cell.coordinate, cell.value)) \
                    + INDENT_WIDTH * self.indents.get((cell.row, cell.column), 0)
                widths[cell.column] = max(widths.get(cell.column, 0), length)
        for column, length in widths.items():
            dimension = self.target.column_dimensions[get_column_letter(column)]
            dimension.width = max(dimension.width or self._default_width(), min(MAX_WIDTH, length + 2))
        for cell in texts:
            room = self._room(cell, merged) if cell in spilling else self._width(cell.column)
            self._wrap_if_needed(cell, room)
        for merged_range in self.target.merged_cells.ranges:
            if merged_range.min_row == merged_range.max_row:
                cell = self.target.cell(row=merged_range.min_row, column=merged_range.min_col)
                if isinstance(cell.value, str) and self._look(cell).wrap:
                    width = sum(self._width(c) for c in range(merged_range.min_col, merged_range.max_col + 1))
                    self._grow(cell, width)

    def _look(self, cell: Cell) -> _Look:
        """What the cell's style says about the room its text takes, read once per style.

        openpyxl makes a proxy object for each read of a cell's font or alignment; a sheet has
        thousands of cells and a handful of styles.
        """
        key = tuple(cell._style or ())  # None until a style is set: the default style
        look = self.looks.get(key)
        if look is None:
            font, alignment = cell.font, cell.alignment
            size = float(font.sz or DEFAULT_FONT_SIZE) if font else DEFAULT_FONT_SIZE
            look = self.looks[key] = _Look(
                scale=size / DEFAULT_FONT_SIZE * (BOLD_WIDTH if font and font.b else 1.0),
                line_height=round(size * 1.3 + 1, 1), wrap=bool(alignment.wrap_text),
                horizontal=alignment.horizontal, number_format=cell.number_format)
        return look

    def _may_spill(self, cell: Cell, look: _Look, merged: set[str]) -> bool:
        """Whether a left-aligned text is alone in its row from here on (a heading), so it may run
        into the empty cells to its right as Excel shows it. A label in a table row fits its column."""
        if look.horizontal not in (None, "general", "left"):
            return False
        for column in range(cell.column + 1, self.width + 1):
            right = self.target.cell(row=cell.row, column=column)
            if right.value is not None or right.coordinate in merged:
                return False
        return True

    def _room(self, cell: Cell, merged: set[str]) -> float:
        """The cell's width and that of the empty cells right of it."""
        room = self._width(cell.column)
        for column in range(cell.column + 1, self.width + 1):
            right = self.target.cell(row=cell.row, column=column)
            if right.value is not None or right.coordinate in merged:
                break
            room += self._width(column)
        return room

    def _default_width(self) -> float:
        return self.target.sheet_format.defaultColWidth or DEFAULT_WIDTH

    def _width(self, column: int) -> float:
        return self.target.column_dimensions[get_column_letter(column)].width or self._default_width()

    def _wrap_if_needed(self, cell: Cell, room: float) -> None:
        """A text longer than its room wraps within its own column, and its row grows."""
        room -= INDENT_WIDTH * self.indents.get((cell.row, cell.column), 0)
        look = self._look(cell)
        if not look.wrap and _text_width(look, cell.value) + 1 <= room:
            return
        if not look.wrap:
            old = cell.alignment
            cell.alignment = Alignment(horizontal=old.horizontal, vertical=old.vertical or "top", indent=old.indent,
                                       wrap_text=True)
        width = self._width(cell.column) - INDENT_WIDTH * self.indents.get((cell.row, cell.column), 0)
        self._grow(cell, width)

    def _grow(self, cell: Cell, width: float) -> None:
        look = self._look(cell)
        lines = sum(_wrapped_lines(part, (width - 1) / look.scale) for part in str(cell.value).split("\n"))
        height = lines * look.line_height + (3 if lines > 1 else 0)
        dimension = self.target.row_dimensions[cell.row]
        if height > (dimension.height or look.line_height):
            dimension.height = height

@dataclass(frozen=True)
class _Look:
    """What a cell's style says about the room its text takes (see `_Fitting._look`)."""

    scale: float  # column width units per digit in its font (11 pt regular is 1)
    line_height: float  # points
    wrap: bool
    horizontal: str | None
    number_format: str


def _coordinates(merged) -> Iterator[str]:
    for row in range(merged.min_row, merged.max_row + 1):
        for column in range(merged.min_col, merged.max_col + 1):
            yield f"{get_column_letter(column)}{row}"


def _length(text: str) -> float:
    """A text's width in digits: a column width unit is one digit, and letters are narrower."""
    return sum(1.0 if c.isdigit() or c.isupper() else LETTER_WIDTH for c in text)


def _text_width(look: _Look, value: object) -> float:
    """The width `value` takes in a cell that looks so (a formula cell shows its cached value)."""
    return _length(shown(value, look.number_format)) * look.scale


def _longest_word(cell: Cell, look: _Look) -> float:
    return max((_length(word) for word in str(cell.value).split()), default=0) * look.scale


def _wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes when wrapped at word boundaries into `width` digits."""
    lines, used = 1, 0.0
    for word in text.split():
        length = _length(word)
        if used and used + LETTER_WIDTH + length > width:
            lines, used = lines + 1, length
        else:
            used = used + LETTER_WIDTH + length if used else length
    return lines
