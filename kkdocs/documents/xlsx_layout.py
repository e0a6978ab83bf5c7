"""Where each cell of a filled sheet comes from: a template sheet's row and column loops, unrolled.

Filling a sheet takes two passes, because a column loop's width is known only once its rows
are evaluated: first every row is evaluated in output order, with template columns (a row
loop's rows once per item, a column loop's cells once per item, a tag row or column left
out); then the output columns are numbered (`columns`). The writing, the formulas, the
merges and the print set-up all read the result: which template row each output row comes
from, where each row loop's rows ended up (a `Total` sums them), and which output columns a
template column became.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kkdocs.documents.template_problem import TemplateProblem
from kkdocs.documents.xlsx_expressions import cell_value, iterate
from kkdocs.documents.xlsx_tags import Tag, parse_tag
from kkdocs.documents.xlsx_values import LoopInfo, Value


@dataclass
class RowLoop:
    tag: Tag
    row: int
    body: list[int | RowLoop] = field(default_factory=list)


@dataclass
class Span:
    """A column loop: the template columns of its two tag cells, and how many copies it gave."""

    open: int
    close: int
    count: int | None = None

    @property
    def width(self) -> int:
        return self.close - self.open - 1

    def body(self, column: int) -> bool:
        return self.open < column < self.close


@dataclass
class OutCell:
    column: int  # template column
    copy: int | None  # which copy of its column loop; None outside a looping span: every copy gets the style
    value: Value
    source: Cell | MergedCell


@dataclass
class OutRow:
    source: int  # template row
    cells: list[OutCell]


@dataclass(frozen=True)
class Loop:
    first: int  # output rows; first > last for a loop without items
    last: int


class SheetLayout:
    """A template sheet's rows evaluated in `scope`, in output order, and the output column of each template column."""

    def __init__(self, template: Worksheet, scope: dict, first_row: int, where: str) -> None:
        self.template, self.where = template, where
        self.first_row = first_row
        self.max_column = template.max_column
        self.row_spans: dict[int, list[tuple[int, int]]] = {}
        self.spans = self._find_spans()
        self.rows: list[OutRow] = []
        self.loops: list[Loop] = []  # in the order they end
        self._emit(self._row_items(), scope)
        self.columns = self._column_map()  # (template column, copy) -> output column

    # pass 1: evaluate every row, in output order, with template columns

    def _row_items(self) -> list[int | RowLoop]:
        top: list[int | RowLoop] = []
        stack: list[RowLoop] = []
        for row in range(self.first_row, self.template.max_row + 1):
            tag = self._row_tag(row)
            body = stack[-1].body if stack else top
            if tag is None:
                body.append(row)
            elif tag.end:
                if not stack:
                    raise TemplateProblem(f"{self.where}, række {row}: {{%tr endfor %}} uden {{%tr for %}} før.")
                stack.pop()
            else:
                loop = RowLoop(tag, row)
                body.append(loop)
                stack.append(loop)
        if stack:
            raise TemplateProblem(f"{self.where}, række {stack[-1].row}: {{%tr for %}} mangler sit {{%tr endfor %}}.")
        return top

    def _row_tag(self, row: int) -> Tag | None:
        found = None
        others = False
        for cell in self._template_row(row):
            tag = parse_tag(cell.value)
            if tag is not None and tag.kind == "tr":
                found = tag
            elif cell.value is not None and not (tag is not None and tag.kind == "sheet"):
                others = True
        if found is not None and others:
            raise TemplateProblem(f"{self.where}, række {row}: en række med {{%tr %}} må ikke indeholde andet.")
        return found

    def _template_row(self, row: int) -> list[Cell | MergedCell]:
        return [self.template.cell(row=row, column=column) for column in range(1, self.max_column + 1)]

    def _find_spans(self) -> list[Span]:
        spans: dict[tuple[int, int], Span] = {}
        for row in range(self.first_row, self.template.max_row + 1):
            self.row_spans[row] = self._row_spans(row)
            for open_, close in self.row_spans[row]:
                spans.setdefault((open_, close), Span(open_, close))
        ordered = sorted(spans.values(), key=lambda s: s.open)
        for before, after in zip(ordered, ordered[1:]):
            if after.open <= before.close:
                raise TemplateProblem(f"{self.where}: kolonneløkkerne i kolonne {get_column_letter(before.open)}-"
                                      f"{get_column_letter(before.close)} og {get_column_letter(after.open)}-"
                                      f"{get_column_letter(after.close)} overlapper hinanden.")
        return ordered

    def _row_spans(self, row: int) -> list[tuple[int, int]]:
        spans, open_ = [], None
        for column in range(1, self.max_column + 1):
            tag = parse_tag(self.template.cell(row=row, column=column).value)
            if tag is None or tag.kind != "tc":
                continue
            place = f"{self.where}, celle {get_column_letter(column)}{row}"
            if not tag.end:
                if open_ is not None:
                    raise TemplateProblem(f"{place}: en {{%tc for %}} inden i en anden kan ikke bruges.")
                open_ = column
            else:
                if open_ is None:
                    raise TemplateProblem(f"{place}: {{%tc endfor %}} uden {{%tc for %}} før i rækken.")
                if column == open_ + 1:
                    raise TemplateProblem(f"{place}: kolonneløkken har ingen celler mellem sine mærker.")
                spans.append((open_, column))
                open_ = None
        if open_ is not None:
            raise TemplateProblem(f"{self.where}, celle {get_column_letter(open_)}{row}: "
                                  "{%tc for %} mangler sit {%tc endfor %} i samme række.")
        return spans

    def _emit(self, items: list[int | RowLoop], scope: dict) -> None:
        for item in items:
            if isinstance(item, int):
                self.rows.append(self._row(item, scope))
                continue
            values = iterate(item.tag, scope, f"{self.where}, række {item.row}")
            first = len(self.rows) + 1
            for index, value in enumerate(values):
                self._emit(item.body, {**scope, item.tag.target: value, "loop": LoopInfo(index, len(values))})
            self.loops.append(Loop(first, len(self.rows)))

    def _row(self, row: int, scope: dict) -> OutRow:
        cells: list[OutCell] = []
        looping = {open_ for open_, _ in self.row_spans[row]}
        column = 1
        while column <= self.max_column:
            source = self.template.cell(row=row, column=column)
            span = self._span_at(column)
            if span is not None and column == span.open and span.open in looping:
                cells += self._loop_cells(row, span, scope)
                column = span.close + 1
                continue
            place = f"{self.where}, celle {source.coordinate}"
            cells.append(OutCell(column, None if span is not None else 0, cell_value(source, scope, self.where),
                                  source))
            if span is not None and not span.body(column) and cells[-1].value is not None \
                    and not self._merge_start(row, column):
                raise TemplateProblem(f"{place}: cellen står i en kolonne med {{%tc %}}-mærker og ville forsvinde.")
            column += 1
        return OutRow(row, cells)

    def _loop_cells(self, row: int, span: Span, scope: dict) -> list[OutCell]:
        tag = parse_tag(self.template.cell(row=row, column=span.open).value)
        assert tag is not None
        items = iterate(tag, scope, f"{self.where}, celle {get_column_letter(span.open)}{row}")
        if span.count is None:
            span.count = len(items)
        elif span.count != len(items):
            raise TemplateProblem(f"{self.where}, række {row}: kolonneløkken giver {len(items)} kolonner, "
                                  f"men en række før gav {span.count}.")
        cells = []
        for index, item in enumerate(items):
            inner = {**scope, tag.target: item, "loop": LoopInfo(index, len(items))}
            for column in range(span.open + 1, span.close):
                source = self.template.cell(row=row, column=column)
                cells.append(OutCell(column, index, cell_value(source, inner, self.where), source))
        return cells

    def _span_at(self, column: int) -> Span | None:
        return next((s for s in self.spans if s.open <= column <= s.close), None)

    def _merge_start(self, row: int, column: int) -> bool:
        return any(m.min_row == row and m.min_col == column for m in self.template.merged_cells.ranges)

    # pass 2: output columns

    def _column_map(self) -> dict[tuple[int, int], int]:
        """(template column, copy) -> output column; tag columns have none."""
        columns: dict[tuple[int, int], int] = {}
        target = 1
        column = 1
        while column <= self.max_column:
            span = self._span_at(column)
            if span is None:
                columns[(column, 0)] = target
                target += 1
                column += 1
                continue
            for copy_ in range(span.count or 0):
                for body in range(span.open + 1, span.close):
                    columns[(body, copy_)] = target
                    target += 1
            column = span.close + 1
        return columns

    def targets(self, cell: OutCell) -> list[int]:
        """The output columns a cell is written to: one, or every copy of its column loop for a cell outside it."""
        columns = self.columns
        if cell.copy is not None:
            found = columns.get((cell.column, cell.copy))
            return [] if found is None else [found]
        return [columns[(cell.column, c)] for c in range(self._copies(cell.column)) if (cell.column, c) in columns]

    def _copies(self, column: int) -> int:
        span = self._span_at(column)
        return 1 if span is None else (span.count or 0)

    def merge_targets(self, row: int, column: int) -> list[int]:
        """The output columns of the merge whose top-left cell is at (row, column) in the template."""
        for merged in self.template.merged_cells.ranges:
            if merged.min_row == row and merged.min_col == column:
                return self.out_columns(merged.min_col, merged.max_col)
        return []

    def out_columns(self, first: int, last: int) -> list[int]:
        """The output columns that template columns first..last became."""
        return sorted(out for (column, _), out in self.columns.items() if first <= column <= last)

    def out_rows(self, source: int) -> list[int]:
        """The output rows that template row `source` became."""
        return [number for number, row in enumerate(self.rows, start=1) if row.source == source]
