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

This module fills a workbook sheet by sheet; each step has a module of its own, in the order
a sheet is filled: xlsx_tags.py (the loop tags) and xlsx_expressions.py (a cell's Jinja),
xlsx_layout.py (the loops unrolled: which template cell each output cell comes from),
xlsx_cells.py (the values written), xlsx_formulas.py (the formulas and their cached figures),
xlsx_sheet_setup.py (merges, widths, print set-up), xlsx_fit.py (columns and rows fitted).
The context's value types are in xlsx_values.py.
"""

from __future__ import annotations

import io
import pickle
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from kkdocs.documents.template_bounds import RenderBound, render_bounds, stopped_message
from kkdocs.documents.template_problem import TemplateProblem, refuse_unsafe_package
from kkdocs.documents.xlsx_cache import CachedValue
from kkdocs.documents.xlsx_cells import WrittenCells
from kkdocs.documents.xlsx_expressions import iterate, render_text, template_environment
from kkdocs.documents.xlsx_fit import fit_sheet
from kkdocs.documents.xlsx_formulas import FormulaWriter
from kkdocs.documents.xlsx_layout import SheetLayout
from kkdocs.documents.xlsx_sheet_setup import copy_sheet_settings, merge_cells
from kkdocs.documents.xlsx_tags import parse_tag, template_sources
from kkdocs.documents.xlsx_values import GrandTotal, Indented, Latest, LoopInfo, Total, WeightedShare

__all__ = ["FilledWorkbook", "GrandTotal", "Indented", "Latest", "Total", "WeightedShare", "fill_workbook",
           "template_environment", "template_sources"]

SHEET_NAME_MAX = 31


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
            cached[title] = _fill_sheet(sheet, target, sheet_scope, first_row, f"{template.name}, ark '{title}'")
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
    tag = parse_tag(sheet.cell(row=1, column=1).value)
    if tag is None or tag.kind != "sheet":
        yield _sheet_title(name, scope, where), scope, 1
        return
    if tag.end:
        raise TemplateProblem(f"{where}, celle A1: {{%sheet endfor %}} bruges ikke; {{%sheet for %}} gælder hele arket.")
    items = iterate(tag, scope, f"{where}, celle A1")
    for index, item in enumerate(items):
        inner = {**scope, tag.target: item, "loop": LoopInfo(index, len(items))}
        yield _sheet_title(name, inner, where), inner, 2


def _sheet_title(name: str, scope: dict, where: str) -> str:
    title = render_text(name, scope, f"{where} (arkets navn)") if "{" in name else name
    title = str(title or "").strip()
    if not title or len(title) > SHEET_NAME_MAX or re.search(r"[:\\/?*\[\]]", title):
        raise TemplateProblem(f"{where}: arknavnet '{title}' kan ikke bruges (1-{SHEET_NAME_MAX} tegn, "
                              "ikke : \\ / ? * [ ]).")
    return title


def _fill_sheet(template: Worksheet, target: Worksheet, scope: dict, first_row: int,
                where: str) -> dict[str, CachedValue]:
    """Fill `target` from the template sheet in `scope`; the cached values of its formulas."""
    layout = SheetLayout(template, scope, first_row, where)
    cells = WrittenCells(layout, target)
    formulas = FormulaWriter(target, layout.loops, where)
    formulas.write(cells.formulas)
    merge_cells(layout, target)
    copy_sheet_settings(layout, target)
    fit_sheet(target, formulas.cached, cells.indents)
    return formulas.cached
