"""Filling an Excel template: a workbook whose cells hold Jinja tags.

The templates under templates/<type>/*.xlsx are edited in Excel or LibreOffice: texts, fonts,
fills, borders, number formats, column widths, print set-up. kkdocs fills a copy with a
context dataclass (workbook_context.py). The tags are those of the Word templates where Word
has them:

    {{ udtryk }}               A value. A cell that holds nothing but one {{ … }} keeps the
                               value's type: a number stays a number in the cell's number
                               format, a date a date, an empty value leaves the cell empty.
                               Text around the tag makes the cell a text.
    {%tr for x in liste %}     In a row of its own; the rows down to the row that holds
    {%tr endfor %}             {%tr endfor %} are written once per item. Both tag rows vanish.
    {%tc for x in liste %}     In a cell of its own; the cells between it and {%tc endfor %}
    {%tc endfor %}             in the same row are written once per item, and the two tag
                               columns vanish. Every row that loops there must give as many
                               copies. In a row that does not loop there, a cell of the looped
                               column is written in the first copy (its style in all copies),
                               and a merged cell that covers the loop covers every copy.
    {%sheet for x in liste %}  Alone in A1: the sheet is written once per item, and its name
                               is a template too ("{{ x.ark }}"). Row 1 vanishes.

`indryk(n)` is a filter that indents a text n steps: `{{ række.tekst | indryk(række.indrykning) }}`.

Formulas come from kkdocs, never from the template: a value that is a `Total`, `GrandTotal`,
`Latest` or `WeightedShare` becomes a formula over the cells it sums up, with the figure
kkdocs computed as its cached value (xlsx_cache.py). Before a formula is written, the figure
is checked against those cells; a mismatch is a programming error and raises ValueError. A
formula typed into a template is refused: its references would not follow the copied rows.

After filling, a column is widened to show its values (never made narrower than in the
template), and a row whose wrapped or merged text needs more lines grows. Conditional
formats, data validation, images and named ranges of a template are not carried over.
"""

from __future__ import annotations

import datetime as dt
import io
import pickle
import re
import zipfile
from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass, field, fields
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, Undefined, UndefinedError
from jinja2.sandbox import SecurityError
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from kkdocs.danish_format import format_amount, format_date_short, format_decimal
from kkdocs.documents.template_bounds import BoundedSandbox, RenderBound, render_bounds, stopped_message
from kkdocs.documents.template_problem import (EXPRESSION_ERRORS,  # one kind of template problem, Word or Excel
                                               TemplateProblem, danish_expression_error, danish_security,
                                               danish_syntax, danish_undefined, refuse_unsafe_package)
from kkdocs.documents.xlsx_cache import CachedValue
from kkdocs.figures.rounding import round_half_away

SHEET_NAME_MAX = 31
MAX_WIDTH = 60  # column width units; a longer text wraps
DEFAULT_WIDTH = 8.43  # Excel's default column width
DEFAULT_FONT_SIZE = 11
INDENT_WIDTH = 2  # column width units per indent step
LETTER_WIDTH = 0.9  # a lower-case letter or a sign, in digits (Calibri and Carlito)
BOLD_WIDTH = 1.05

_TAG = re.compile(r"^\s*\{%-?\s*(?P<kind>tr|tc|sheet)\s+(?:for\s+(?P<target>[^\W\d]\w*)\s+in\s+(?P<iter>.+?)"
                  r"|(?P<end>endfor))\s*-?%\}\s*$", re.S)
_EXPRESSION = re.compile(r"^\s*\{\{(?P<expr>.*)\}\}\s*$", re.S)


# --- what a context value may be, besides text, numbers and dates ----------------------------


@dataclass(frozen=True)
class Total:
    """`=SUM(…)` of the rows of the row loop just above it (just below, for a total row on top)."""

    figure: int | Decimal | None  # None: an absent year, an empty cell
    navn: str = ""  # a WeightedShare names its weight columns by this


@dataclass(frozen=True)
class GrandTotal:
    """The `Total`s above it in its column, added up: `=C9+C15`."""

    figure: int | None


@dataclass(frozen=True)
class Latest:
    """`=MAX(…)` of the rows of the row loop above it: the latest date."""

    figure: dt.date


@dataclass(frozen=True)
class WeightedShare:
    """The per cent column of the loop rows above it, weighted by the rows' values in the columns
    whose `Total`s in the same row are named `vægte`, rounded to one decimal:
    `=ROUND(SUMPRODUCT((D5:D9+E5:E9)*F5:F9)/SUM(D5:D9,E5:E9),1)`."""

    figure: Decimal | None  # None when there are no weights
    vægte: str


Formula = Total | GrandTotal | Latest | WeightedShare


@dataclass(frozen=True)
class Indented:
    """A text shown indented `steps` steps (the `indryk` filter makes these)."""

    text: str
    steps: int


@dataclass(frozen=True)
class LoopInfo:
    """Jinja's `loop` variable inside a {%tr %}, {%tc %} or {%sheet %} loop."""

    index0: int
    length: int

    @property
    def index(self) -> int:
        return self.index0 + 1

    @property
    def first(self) -> bool:
        return self.index0 == 0

    @property
    def last(self) -> bool:
        return self.index0 == self.length - 1

    @property
    def revindex(self) -> int:
        return self.length - self.index0

    @property
    def revindex0(self) -> int:
        return self.length - self.index0 - 1


Value = str | int | float | Decimal | dt.date | Formula | Indented | None


def _indent(text: object, steps: int = 1) -> Indented:
    return Indented("" if text is None else str(text), int(steps))


def template_environment() -> BoundedSandbox:
    """The Jinja environment of the Excel templates (cells are not XML: no autoescape)."""
    env = BoundedSandbox(undefined=StrictUndefined, autoescape=False)
    env.filters["indryk"] = _indent
    return env


_ENV = template_environment()


@lru_cache(maxsize=4096)
def _compiled_expression(source: str):
    return _ENV.compile_expression(source, undefined_to_none=False)


@lru_cache(maxsize=1024)
def _compiled_template(source: str):
    return _ENV.from_string(source)


# --- the workbook ---------------------------------------------------------------------------


@dataclass
class FilledWorkbook:
    workbook: Workbook
    cached: dict[str, dict[str, CachedValue]]  # sheet title -> cell -> cached formula value

    def to_bytes(self) -> bytes:
        """The workbook as openpyxl writes it, but stored, not deflated: `finish_xlsx` writes the
        package again anyway, and compresses it then."""
        buffer = io.BytesIO()
        ExcelWriter(self.workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED)).save()
        return buffer.getvalue()


def fill_workbook(template: Path, context: object) -> FilledWorkbook:
    """The template filled with the fields of the `context` dataclass, within the bounds of one document."""
    try:
        with render_bounds():
            return _filled(template, context)
    except RenderBound as bound:
        raise TemplateProblem(stopped_message(template.name, bound)) from None


def _filled(template: Path, context: object) -> FilledWorkbook:
    try:
        workbook = _open_template(template)
    except (TemplateProblem, RenderBound):
        raise
    except Exception as exc:  # a file openpyxl cannot read: one message, never a traceback
        raise TemplateProblem(f"Skabelonen {template.name} kan ikke åbnes som Excel-projektmappe "
                              f"({type(exc).__name__}: {exc}).") from None
    scope = {f.name: getattr(context, f.name) for f in fields(context)}
    sheets = list(workbook.worksheets)
    names = [sheet.title for sheet in sheets]
    for number, sheet in enumerate(sheets):
        sheet.title = f"skabelon-{number}"  # frees the names for the filled sheets
    cached: dict[str, dict[str, CachedValue]] = {}
    for sheet, name in zip(sheets, names):
        where = f"{template.name}, ark '{name}'"
        for title, sheet_scope, first_row in _sheet_copies(sheet, name, scope, where):
            if title in cached:
                raise TemplateProblem(f"{where}: to ark hedder '{title}'.")
            target = workbook.create_sheet(title)
            cached[title] = _SheetFiller(sheet, target, sheet_scope, first_row, f"{template.name}, ark '{title}'").fill()
    for sheet in sheets:
        workbook.remove(sheet)
    for name in list(workbook.defined_names):
        del workbook.defined_names[name]
    if not workbook.worksheets:
        raise TemplateProblem(f"Skabelonen {template.name} gav ingen ark.")
    workbook.active = 0
    return FilledWorkbook(workbook, cached)


def _open_template(template: Path) -> Workbook:
    """A fresh, unfilled copy of the template's workbook.

    A process fills many workbooks from few templates, so each template is parsed once, looked
    up by its exact bytes (an edited template is simply new bytes), and kept pickled: a copy
    from the pickle takes a tenth of the time of parsing the file again.
    """
    data = template.read_bytes()
    refuse_unsafe_package(template, data)
    return pickle.loads(_parsed_template(data))


@lru_cache(maxsize=16)
def _parsed_template(data: bytes) -> bytes:
    return pickle.dumps(load_workbook(io.BytesIO(data), rich_text=False))


def _sheet_copies(sheet: Worksheet, name: str, scope: dict, where: str) -> Iterator[tuple[str, dict, int]]:
    """(title, scope, first template row) of each sheet to write from one template sheet."""
    tag = _tag(sheet.cell(row=1, column=1).value)
    if tag is None or tag.kind != "sheet":
        yield _sheet_title(name, scope, where), scope, 1
        return
    if tag.end:
        raise TemplateProblem(f"{where}, celle A1: {{%sheet endfor %}} bruges ikke; {{%sheet for %}} gælder hele arket.")
    items = _iterate(tag, scope, f"{where}, celle A1")
    for index, item in enumerate(items):
        inner = {**scope, tag.target: item, "loop": LoopInfo(index, len(items))}
        yield _sheet_title(name, inner, where), inner, 2


def _sheet_title(name: str, scope: dict, where: str) -> str:
    title = _render_text(name, scope, f"{where} (arkets navn)") if "{" in name else name
    title = str(title or "").strip()
    if not title or len(title) > SHEET_NAME_MAX or re.search(r"[:\\/?*\[\]]", title):
        raise TemplateProblem(f"{where}: arknavnet '{title}' kan ikke bruges (1-{SHEET_NAME_MAX} tegn, "
                              "ikke : \\ / ? * [ ]).")
    return title


# --- tags and values ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tag:
    kind: str  # tr | tc | sheet
    target: str | None
    iterable: str | None
    end: bool


def _tag(value: object) -> _Tag | None:
    if not isinstance(value, str) or "{%" not in value:
        return None
    match = _TAG.match(value)
    if match is None:
        return None
    return _Tag(match["kind"], match["target"], match["iter"], bool(match["end"]))


def _iterate(tag: _Tag, scope: dict, where: str) -> list:
    assert tag.iterable is not None
    value = _evaluate(tag.iterable, scope, where)
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
        raise TemplateProblem(f"{where}: '{tag.iterable.strip()}' er ikke en liste og kan ikke gennemløbes.")
    return list(value)


# what filling a cell may raise from a template's own expression: a template problem, never a crash
_FILL_ERRORS = (TemplateError, SecurityError) + EXPRESSION_ERRORS


def _evaluate(source: str, scope: dict, where: str) -> object:
    try:
        result = _compiled_expression(source)(**scope)
        if isinstance(result, Undefined):
            str(result)  # raises the UndefinedError that names the missing variable
        return result
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"{where}: ugyldigt Jinja-udtryk '{source.strip()}': {danish_syntax(exc.message)}") from None
    except _FILL_ERRORS as exc:
        raise TemplateProblem(f"{where}: {_message(exc)}") from None


def _render_text(source: str, scope: dict, where: str) -> str:
    try:
        return _compiled_template(source).render(scope)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"{where}: ugyldigt Jinja-mærke: {danish_syntax(exc.message)}") from None
    except _FILL_ERRORS as exc:
        raise TemplateProblem(f"{where}: {_message(exc)}") from None


def _message(exc: Exception) -> str:
    message = str(exc)
    if isinstance(exc, SecurityError):
        return danish_security(message)
    if isinstance(exc, UndefinedError):
        danish = danish_undefined(message)
        return danish if danish != message else f"skabelonen bruger en værdi, som ikke findes ({message})"
    if isinstance(exc, TemplateError):
        return message  # kkdocs' own (BoundExceeded) are Danish; Jinja's are named by the caller's place
    return danish_expression_error(exc)


def _cell_value(cell: Cell | MergedCell, scope: dict, where: str) -> Value:
    """The value a template cell gives in `scope`."""
    value = cell.value
    if value is None or isinstance(cell, MergedCell):
        return None
    if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")) or not isinstance(
            value, (str, int, float, Decimal, dt.date)):
        raise TemplateProblem(f"{where}, celle {cell.coordinate}: skabelonen må ikke have formler; "
                              "summer og andele skriver kkdocs selv (Total i konteksten).")
    if not isinstance(value, str) or ("{{" not in value and "{%" not in value):
        return value
    if _tag(value) is not None:
        raise TemplateProblem(f"{where}, celle {cell.coordinate}: mærket '{value.strip()}' står et sted, "
                              "hvor det ikke kan bruges.")
    expression = _EXPRESSION.match(value)
    if expression and value.count("{{") == 1 and "{%" not in value:
        return _typed(_evaluate(expression["expr"], scope, f"{where}, celle {cell.coordinate}"),
                      f"{where}, celle {cell.coordinate}")
    return _render_text(value, scope, f"{where}, celle {cell.coordinate}") or None


def _typed(value: object, where: str) -> Value:
    if isinstance(value, bool):
        raise TemplateProblem(f"{where}: udtrykket giver sand/falsk; vis en tekst i stedet.")
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, (str, int, float, Decimal, dt.date, Total, GrandTotal, Latest, WeightedShare, Indented)):
        return value
    raise TemplateProblem(f"{where}: udtrykket giver {type(value).__name__}, ikke én værdi; "
                          "gennemløb en liste med {%tr for %} eller {%tc for %}.")


# --- one sheet ------------------------------------------------------------------------------------


@dataclass
class _RowLoop:
    tag: _Tag
    row: int
    body: list[int | _RowLoop] = field(default_factory=list)


@dataclass
class _Span:
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
class _OutCell:
    column: int  # template column
    copy: int | None  # which copy of its column loop; None outside a looping span: every copy gets the style
    value: Value
    source: Cell | MergedCell


@dataclass
class _OutRow:
    source: int  # template row
    cells: list[_OutCell]


@dataclass(frozen=True)
class _Loop:
    first: int  # output rows; first > last for a loop without items
    last: int


class _SheetFiller:
    def __init__(self, template: Worksheet, target: Worksheet, scope: dict, first_row: int, where: str) -> None:
        self.template, self.target, self.scope, self.where = template, target, scope, where
        self.first_row = first_row
        self.max_column = template.max_column
        self.row_spans: dict[int, list[tuple[int, int]]] = {}
        self.spans = self._find_spans()
        self.rows: list[_OutRow] = []
        self.loops: list[_Loop] = []  # in the order they end
        self.cached: dict[str, CachedValue] = {}
        self.totals: list[tuple[int, int, Total]] = []  # (row, column, total), output positions
        self.indents: dict[tuple[int, int], int] = {}
        self.width = 0  # output columns, known once the sheet is written
        self.looks: dict[tuple[int, ...], _Look] = {}  # by the cells' style ids (`_look`)

    # pass 1: evaluate every row, in output order, with template columns

    def fill(self) -> dict[str, CachedValue]:
        self._emit(self._row_items(), self.scope)
        columns = self._column_map()
        formulas = self._write(columns)
        self._write_formulas(formulas)
        self._merge(columns)
        self._copy_sheet_settings(columns)
        self._fit()
        return self.cached

    def _row_items(self) -> list[int | _RowLoop]:
        top: list[int | _RowLoop] = []
        stack: list[_RowLoop] = []
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
                loop = _RowLoop(tag, row)
                body.append(loop)
                stack.append(loop)
        if stack:
            raise TemplateProblem(f"{self.where}, række {stack[-1].row}: {{%tr for %}} mangler sit {{%tr endfor %}}.")
        return top

    def _row_tag(self, row: int) -> _Tag | None:
        found = None
        others = False
        for cell in self._template_row(row):
            tag = _tag(cell.value)
            if tag is not None and tag.kind == "tr":
                found = tag
            elif cell.value is not None and not (tag is not None and tag.kind == "sheet"):
                others = True
        if found is not None and others:
            raise TemplateProblem(f"{self.where}, række {row}: en række med {{%tr %}} må ikke indeholde andet.")
        return found

    def _template_row(self, row: int) -> list[Cell | MergedCell]:
        return [self.template.cell(row=row, column=column) for column in range(1, self.max_column + 1)]

    def _find_spans(self) -> list[_Span]:
        spans: dict[tuple[int, int], _Span] = {}
        for row in range(self.first_row, self.template.max_row + 1):
            self.row_spans[row] = self._row_spans(row)
            for open_, close in self.row_spans[row]:
                spans.setdefault((open_, close), _Span(open_, close))
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
            tag = _tag(self.template.cell(row=row, column=column).value)
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

    def _emit(self, items: list[int | _RowLoop], scope: dict) -> None:
        for item in items:
            if isinstance(item, int):
                self.rows.append(self._row(item, scope))
                continue
            values = _iterate(item.tag, scope, f"{self.where}, række {item.row}")
            first = len(self.rows) + 1
            for index, value in enumerate(values):
                self._emit(item.body, {**scope, item.tag.target: value, "loop": LoopInfo(index, len(values))})
            self.loops.append(_Loop(first, len(self.rows)))

    def _row(self, row: int, scope: dict) -> _OutRow:
        cells: list[_OutCell] = []
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
            cells.append(_OutCell(column, None if span is not None else 0, _cell_value(source, scope, self.where),
                                  source))
            if span is not None and not span.body(column) and cells[-1].value is not None \
                    and not self._merge_start(row, column):
                raise TemplateProblem(f"{place}: cellen står i en kolonne med {{%tc %}}-mærker og ville forsvinde.")
            column += 1
        return _OutRow(row, cells)

    def _loop_cells(self, row: int, span: _Span, scope: dict) -> list[_OutCell]:
        tag = _tag(self.template.cell(row=row, column=span.open).value)
        assert tag is not None
        items = _iterate(tag, scope, f"{self.where}, celle {get_column_letter(span.open)}{row}")
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
                cells.append(_OutCell(column, index, _cell_value(source, inner, self.where), source))
        return cells

    def _span_at(self, column: int) -> _Span | None:
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

    def _targets(self, cell: _OutCell, columns: dict[tuple[int, int], int]) -> list[int]:
        if cell.copy is not None:
            found = columns.get((cell.column, cell.copy))
            return [] if found is None else [found]
        return [columns[(cell.column, c)] for c in range(self._copies(cell.column)) if (cell.column, c) in columns]

    def _copies(self, column: int) -> int:
        span = self._span_at(column)
        return 1 if span is None else (span.count or 0)

    def _write(self, columns: dict[tuple[int, int], int]) -> list[tuple[int, int, Formula]]:
        formulas: list[tuple[int, int, Formula]] = []
        for number, row in enumerate(self.rows, start=1):
            dimension = self.template.row_dimensions.get(row.source)
            height = dimension.height if dimension is not None else None
            if height is not None:
                self.target.row_dimensions[number].height = height
            for cell in row.cells:
                targets = self._targets(cell, columns)
                if not targets and cell.value is not None:  # the top-left of a merge that starts in a tag column
                    targets = self._merge_targets(row.source, cell.column, columns)[:1]
                for index, column in enumerate(targets):
                    value = cell.value if index == 0 else None
                    self._put(number, column, value, cell.source, formulas)
        return formulas

    def _merge_targets(self, row: int, column: int, columns: dict[tuple[int, int], int]) -> list[int]:
        for merged in self.template.merged_cells.ranges:
            if merged.min_row == row and merged.min_col == column:
                return self._out_columns(merged.min_col, merged.max_col, columns)
        return []

    def _out_columns(self, first: int, last: int, columns: dict[tuple[int, int], int]) -> list[int]:
        return sorted(out for (column, _), out in columns.items() if first <= column <= last)

    def _put(self, row: int, column: int, value: Value, source: Cell | MergedCell,
             formulas: list[tuple[int, int, Formula]]) -> None:
        cell = self.target.cell(row=row, column=column)
        if isinstance(source, MergedCell) and cell.value is not None:
            return  # a covered cell of a merge never overwrites the merge's own value
        if source.has_style:
            cell._style = copy(source._style)
        if isinstance(value, (Total, GrandTotal, Latest, WeightedShare)):
            formulas.append((row, column, value))
            return
        if isinstance(value, Indented):
            self.indents[(row, column)] = value.steps
            old = cell.alignment
            cell.alignment = Alignment(horizontal=old.horizontal or "left", vertical=old.vertical,
                                       wrap_text=old.wrap_text, indent=max(0, value.steps) * INDENT_WIDTH)
            value = value.text
        self._set(cell, value)

    def _set(self, cell: Cell, value: Value) -> None:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        elif isinstance(value, Decimal):
            cell.number_format = _format_showing(value, cell.number_format)
            value = int(value) if value == value.to_integral_value() else float(value)
        cell.value = value

    # formulas

    def _write_formulas(self, formulas: list[tuple[int, int, Formula]]) -> None:
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

    def _loop_for(self, row: int) -> _Loop | None:
        above = [loop for loop in self.loops if loop.last < row and loop.first <= row]
        if above:
            return max(above, key=lambda loop: loop.last)  # the last one to end; an outer loop ends after its inner
        below = [loop for loop in self.loops if loop.first > row]
        return min(below, key=lambda loop: (loop.first, -loop.last)) if below else None

    def _column_numbers(self, loop: _Loop, column: int) -> list[int | Decimal]:
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

    def _range(self, loop: _Loop, column: int) -> str:
        letter = get_column_letter(column)
        return f"{letter}{loop.first}:{letter}{loop.last}"

    def _formula(self, cell: Cell, formula: str, value: CachedValue) -> None:
        cell.value = formula
        self.cached[cell.coordinate] = value
        if isinstance(value, Decimal):
            cell.number_format = _format_showing(value, cell.number_format)

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
            self._set(cell, total.figure)  # a sum of no rows: the figure itself, 0
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

    # merged cells, dimensions and settings

    def _out_rows(self, source: int) -> list[int]:
        return [number for number, row in enumerate(self.rows, start=1) if row.source == source]

    def _merge(self, columns: dict[tuple[int, int], int]) -> None:
        for merged in self.template.merged_cells.ranges:
            out_columns = self._out_columns(merged.min_col, merged.max_col, columns)
            if not out_columns:
                continue
            if merged.min_row == merged.max_row:
                for row in self._out_rows(merged.min_row):
                    self._merge_cells(row, row, out_columns[0], out_columns[-1])
                continue
            firsts, lasts = self._out_rows(merged.min_row), self._out_rows(merged.max_row)
            inside = [self._out_rows(r) for r in range(merged.min_row, merged.max_row + 1)]
            if len(firsts) != 1 or len(lasts) != 1 or any(len(rows) != 1 for rows in inside):
                raise TemplateProblem(f"{self.where}: de flettede celler {merged.coord} går over flere rækker "
                                      "og kan ikke ligge i eller hen over en {%tr %}-løkke.")
            self._merge_cells(firsts[0], lasts[0], out_columns[0], out_columns[-1])

    def _merge_cells(self, first_row: int, last_row: int, first_column: int, last_column: int) -> None:
        if (first_row, first_column) != (last_row, last_column):
            self.target.merge_cells(start_row=first_row, start_column=first_column, end_row=last_row,
                                    end_column=last_column)

    def _copy_sheet_settings(self, columns: dict[tuple[int, int], int]) -> None:
        template, target = self.template, self.target
        for key, dimension in template.column_dimensions.items():
            first = dimension.min or column_index_from_string(key)
            last = dimension.max or first
            for out in self._out_columns(first, last, columns):
                out_dimension = target.column_dimensions[get_column_letter(out)]
                out_dimension.width = dimension.width
                out_dimension.hidden = dimension.hidden
        target.sheet_format = copy(template.sheet_format)
        target.sheet_properties = copy(template.sheet_properties)
        target.page_margins = copy(template.page_margins)
        target.page_setup = copy(template.page_setup)
        target.print_options = copy(template.print_options)
        target.HeaderFooter = copy(template.HeaderFooter)
        target.sheet_view.showGridLines = template.sheet_view.showGridLines
        target.sheet_view.zoomScale = template.sheet_view.zoomScale
        if template.freeze_panes:
            column, row = range_boundaries(template.freeze_panes)[:2]
            out_row = 1 + sum(1 for r in self.rows if r.source < row)
            out_column = 1 + sum(1 for (c, _) in columns if c < column)
            if out_row > 1 or out_column > 1:
                target.freeze_panes = f"{get_column_letter(out_column)}{out_row}"
        if template.print_title_rows:
            first, last = (int(part) for part in template.print_title_rows.replace("$", "").split(":"))
            rows = [n for n, r in enumerate(self.rows, start=1) if first <= r.source <= last]
            if rows:
                target.print_title_rows = f"{rows[0]}:{rows[-1]}"

    # fitting

    def _fit(self) -> None:
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
    """What a cell's style says about the room its text takes (see `_SheetFiller._look`)."""

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


def _format_showing(value: Decimal, number_format: str) -> str:
    """The cell's number format, with decimals added when it would hide some of `value`'s."""
    match = _NUMBER_FORMAT.match(number_format or "")
    needed = max(0, -value.normalize().as_tuple().exponent)
    if match is None or needed <= _decimals(number_format):
        return number_format
    return f"{match['whole']}.{match['decimals'] or '0'}{'#' * (needed - len(match['decimals'] or '0'))}"



# --- for `kkdocs templates check` --------------------------------------------------------------------


def template_sources(path: Path) -> list[tuple[str, str]]:
    """(sheet name, Jinja text) of each template sheet: its cells in reading order, with the
    {%sheet %}, {%tr %} and {%tc %} loops as plain Jinja loops, so that the Word templates'
    checker can walk the variables the sheet uses."""
    workbook = load_workbook(path)
    sources = []
    for sheet in workbook.worksheets:
        lines, closing, first_row = [], [], 1
        tag = _tag(sheet.cell(row=1, column=1).value)
        if tag is not None and tag.kind == "sheet" and not tag.end:
            lines.append(f"{{% for {tag.target} in {tag.iterable} %}}")
            closing.append("{% endfor %}")
            first_row = 2
        lines.append(sheet.title)
        for row in sheet.iter_rows(min_row=first_row):
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                tag = _tag(cell.value)
                if tag is None:
                    lines.append(cell.value)
                elif tag.end:
                    lines.append("{% endfor %}")
                else:
                    lines.append(f"{{% for {tag.target} in {tag.iterable} %}}")
        sources.append((sheet.title, "\n".join(lines + closing)))
    return sources
