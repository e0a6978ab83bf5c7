"""What a filled sheet takes over from its template besides the cells: merges, column widths, print set-up.

A merge, a column's width, the frozen panes and the rows printed on every page are set in
the template on template rows and columns; here they move to the output rows and columns
those became (xlsx_layout.py). A merge on one row is repeated on every copy of the row; a
merge over several rows cannot be repeated and is refused inside or across a row loop. Page
set-up, margins, header and footer are copied as they are.
"""

from __future__ import annotations

from copy import copy

from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from kkdocs.documents.template_problem import TemplateProblem
from kkdocs.documents.xlsx_layout import SheetLayout


def merge_cells(layout: SheetLayout, target: Worksheet) -> None:
    """The template's merged cells, on the output rows and columns they became."""
    for merged in layout.template.merged_cells.ranges:
        out_columns = layout.out_columns(merged.min_col, merged.max_col)
        if not out_columns:
            continue
        if merged.min_row == merged.max_row:
            for row in layout.out_rows(merged.min_row):
                _merge(target, row, row, out_columns[0], out_columns[-1])
            continue
        firsts, lasts = layout.out_rows(merged.min_row), layout.out_rows(merged.max_row)
        inside = [layout.out_rows(r) for r in range(merged.min_row, merged.max_row + 1)]
        if len(firsts) != 1 or len(lasts) != 1 or any(len(rows) != 1 for rows in inside):
            raise TemplateProblem(f"{layout.where}: de flettede celler {merged.coord} går over flere rækker "
                                  "og kan ikke ligge i eller hen over en {%tr %}-løkke.")
        _merge(target, firsts[0], lasts[0], out_columns[0], out_columns[-1])


def _merge(target: Worksheet, first_row: int, last_row: int, first_column: int, last_column: int) -> None:
    if (first_row, first_column) != (last_row, last_column):
        target.merge_cells(start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column)


def copy_sheet_settings(layout: SheetLayout, target: Worksheet) -> None:
    """The template's column widths, sheet format, page set-up, panes and print titles, on the output sheet."""
    template = layout.template
    for key, dimension in template.column_dimensions.items():
        first = dimension.min or column_index_from_string(key)
        last = dimension.max or first
        for out in layout.out_columns(first, last):
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
        out_row = 1 + sum(1 for r in layout.rows if r.source < row)
        out_column = 1 + sum(1 for (c, _) in layout.columns if c < column)
        if out_row > 1 or out_column > 1:
            target.freeze_panes = f"{get_column_letter(out_column)}{out_row}"
    if template.print_title_rows:
        first, last = (int(part) for part in template.print_title_rows.replace("$", "").split(":"))
        rows = [n for n, r in enumerate(layout.rows, start=1) if first <= r.source <= last]
        if rows:
            target.print_title_rows = f"{rows[0]}:{rows[-1]}"
