"""A case's computed figures as tables for the page, read from whatever its type's calculation returns.

The figures are a dataclass per type (`figures/calculation.py`, a type's own package); each of
its fields is shown by its shape, not by its type: a {year: amount} map is a row of the year
table, a tuple of rows a table of its own (its `amounts` by year), a table with `rows` and
`total` (Tabel A and C) likewise, anything else a line of label and value. Their labels, and which
whole numbers are years, are the type's `FormLayout`'s. Nothing is computed here; a sixth type's
figures are shown with no code.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kkdocs.case.form_layout import FormLayout
from kkdocs.danish_format import format_date_long, format_decimal
from kkdocs.serve.form_values import shown


@dataclass
class FigureTable:
    title: str
    columns: list[str]
    rows: list[tuple[str, list[str]]] = field(default_factory=list)  # (label, cells)
    total: tuple[str, list[str]] | None = None


@dataclass
class FiguresView:
    years: list[int]
    year_rows: list[tuple[str, list[str]]]  # the figures given by year, one row each
    tables: list[FigureTable]
    values: list[tuple[str, str]]  # single figures


def figures_view(figures: Any, layout: FormLayout) -> FiguresView | None:
    if figures is None or not dataclasses.is_dataclass(figures):
        return None
    years = sorted(getattr(figures, "years", ()) or ())
    view = FiguresView(list(years), [], [], [])
    for f in dataclasses.fields(figures):
        value, label = getattr(figures, f.name), layout.figure_label(f.name)
        if f.name == "years":
            continue
        if _is_years(value):
            view.year_rows.append((label, [_amount(value.get(y)) for y in years]))
        elif isinstance(value, tuple) and value and all(dataclasses.is_dataclass(v) for v in value):
            view.tables.append(_rows_table(label, value, years, layout))
        elif dataclasses.is_dataclass(value) and hasattr(value, "rows") and hasattr(value, "total"):
            table = _rows_table(label, value.rows, years, layout)
            table.total = ("I alt", [_amount(value.total.get(y)) for y in years])
            view.tables.append(table)
        elif isinstance(value, (int, Decimal, str, datetime.date)) or value is None:
            view.values.append((label, _value(value, f.name in layout.plain_figures)))
    return view


def _rows_table(title: str, rows: tuple, years: list[int], layout: FormLayout) -> FigureTable:
    first = rows[0] if rows else None
    if first is not None and _is_years(getattr(first, "amounts", None)):
        table = FigureTable(title, [str(y) for y in years])
        for row in rows:
            table.rows.append((_row_label(row), [_amount(row.amounts.get(y)) for y in years]))
        return table
    names = [f.name for f in dataclasses.fields(first)] if first is not None else []
    shown_names = [n for n in names if not _is_years(getattr(first, n)) and not isinstance(getattr(first, n), tuple)]
    table = FigureTable(title, [layout.figure_label(n) for n in shown_names[1:]])
    for row in rows:
        table.rows.append((_value(getattr(row, shown_names[0]), shown_names[0] in layout.plain_figures),
                           [_value(getattr(row, n), n in layout.plain_figures) for n in shown_names[1:]]))
    return table


def _row_label(row: Any) -> str:
    for name in ("label", "tekst", "navn", "key"):
        if isinstance(getattr(row, name, None), str):
            return ("  " if getattr(row, "is_bevilling", False) else "") + getattr(row, name)
    return ""


def _is_years(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(k, int) for k in value)


def _amount(value: Any) -> str:
    return shown(value, "integer") if value is not None else ""


def _value(value: Any, plain: bool) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, datetime.date):
        return format_date_long(value)
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, int):
        return str(value) if plain else _amount(value)
    return str(value)
