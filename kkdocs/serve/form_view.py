"""The form of one case: its fields (`form_fields`) filled with the case file's values, ready for the page.

Each widget knows the path of its value in the case file, which names its input (`input_name`)
and gives its element id (`element_id`); a finding is placed at the widget of its path, or of the
nearest enclosing one (`live.py`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from kkdocs.serve.form_fields import (BOOL, CHOICE, GROUP, KEYED, KEYED_YEARS, LIST, MULTI, ROWS, SCALARS, TABLE,
                                      UNSUPPORTED, YEARS, Field)
from kkdocs.serve.form_to_case import NAME, VALUE, YEAR, input_name
from kkdocs.serve.form_values import NO, YES, shown


def element_id(path: tuple) -> str:
    return "f-" + hashlib.sha1(input_name(path).encode()).hexdigest()[:12]


@dataclass
class Widget:
    kind: str
    label: str
    path: tuple
    help: str = ""
    required: bool = False
    value: str = ""
    long: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, shown) of a select or checkboxes
    checked: set[str] = field(default_factory=set)
    children: list[Widget] = field(default_factory=list)  # a group's fields, or a container's rows
    cells: list[list[Widget]] = field(default_factory=list)  # a grid's rows of inputs
    columns: list[str] = field(default_factory=list)
    row_labels: list[Widget] = field(default_factory=list)  # a keyed grid's name inputs
    alias: tuple | None = None  # the path of its value in the file, where the input's name says it otherwise
    reshapes: bool = False  # its value sets the columns of the year grids: the form is drawn again when it changes
    ordered: bool = False  # a list of choices whose order matters (a package's cases): chosen first, can move up

    @property
    def id(self) -> str:
        return element_id(self.path)

    @property
    def name(self) -> str:
        return input_name(self.path)

    def named(self, *more: Any) -> str:
        return input_name(self.path + more)

    def option_id(self, value: str) -> str:
        return element_id(self.path + ("#valgt", value))


def widgets(fields: list[Field], data: Any, years: list[int], choices: dict[str, list[tuple[str, str]]],
            path: tuple = ()) -> list[Widget]:
    data = data if isinstance(data, dict) else {}
    return [_widget(f, data.get(f.name), years, choices, path + (f.name,)) for f in fields]


def _widget(f: Field, value: Any, years: list[int], choices: dict, path: tuple) -> Widget:
    made = Widget(f.kind, f.label, path, f.help, f.required, long=f.long)
    if f.kind in SCALARS:
        made.value = shown(value, f.kind, grouped=not f.plain)
        made.long = f.long or "\n" in made.value.rstrip("\n")
        if f.kind == CHOICE:
            made.options = _options(f, choices, [made.value])
        elif f.kind == BOOL:
            made.kind, made.options = CHOICE, [(YES, "Ja"), (NO, "Nej")]
    elif f.kind == GROUP:
        made.children = widgets(f.children, value, years, choices, path)
    elif f.kind == ROWS:
        rows = value if isinstance(value, list) else []
        for index, row in enumerate(rows):
            item = Widget(GROUP, f"{f.label}, række {index + 1}", path + (index,))
            item.children = widgets(f.children, row, years, choices, path + (index,))
            made.children.append(item)
    elif f.kind == YEARS:
        values = value if isinstance(value, dict) else {}
        made.columns = [str(y) for y in _years(years, values)]
        made.cells = [[Widget(f.scalar, f"{f.label} {y}", path + (y,), value=shown(values.get(y), f.scalar))
                       for y in _years(years, values)]]
    elif f.kind == LIST:
        items = list(value) if isinstance(value, list) else []
        grouped = not f.plain
        made.children = [Widget(f.scalar, f"{f.label} {i + 1}", path + (i,), value=shown(v, f.scalar, grouped=grouped))
                         for i, v in enumerate(items + [None])]
        if len(items) == 2 and f.plain:  # a fixed pair (år: første og sidste): no empty third
            made.children = made.children[:2]
        made.reshapes = f.reshapes
    elif f.kind == MULTI:
        current = [str(v) for v in value] if isinstance(value, list) else []
        made.options = _options(f, choices, current)
        made.checked = set(current)
        if f.ordered:  # the chosen first, in their order, then the others
            made.ordered = True
            shown_as = dict(made.options)
            made.options = [(v, shown_as[v]) for v in current] + [o for o in made.options if o[0] not in made.checked]
    elif f.kind == KEYED:
        entries = list(value.items()) if isinstance(value, dict) else []
        made.options = _options(f, choices, [str(k) for k, _ in entries]) if f.choices else []
        for index, (key, weight) in enumerate(entries + [("", None)]):
            made.row_labels.append(Widget(CHOICE if f.choices else "text", f"{f.label}: navn {index + 1}",
                                          path + (NAME, index), value=str(key)))
            made.cells.append([Widget(f.scalar, f"{f.label}: {key or 'ny række'}", path + (VALUE, index),
                                      value=shown(weight, f.scalar), alias=path + (key,) if key else None)])
    elif f.kind == KEYED_YEARS:
        entries = list(value.items()) if isinstance(value, dict) else []
        shown_years = _years(years, {y: 1 for _, amounts in entries if isinstance(amounts, dict) for y in amounts})
        made.columns = [str(y) for y in shown_years]
        for index, (key, amounts) in enumerate(entries + [("", {})]):
            amounts = amounts if isinstance(amounts, dict) else {}
            made.row_labels.append(Widget("text", f"{f.label}: navn {index + 1}", path + (NAME, index), value=str(key),
                                          alias=path + (key,) if key else None))
            made.cells.append([Widget(f.scalar, f"{f.label}: {key or 'ny række'} {y}", path + (YEAR, index, y),
                                      value=shown(amounts.get(y), f.scalar), alias=path + (key, y) if key else None)
                               for y in shown_years])
    elif f.kind == TABLE:
        rows = [r for r in value if isinstance(r, list)] if isinstance(value, list) else []
        made.cells = [[Widget("cell", f"{f.label}: række {r + 1}, kolonne {c + 1}", path + (r, c),
                              value=shown(cell, "cell", grouped=False)) for c, cell in enumerate(row)]
                      for r, row in enumerate(rows)]
    else:
        made.kind = UNSUPPORTED
    return made


def _years(years: list[int], values: dict) -> list[int]:
    return sorted(set(years) | {y for y in values if isinstance(y, int) and not isinstance(y, bool)})


def _options(f: Field, choices: dict[str, list[tuple[str, str]]], current: list[str]) -> list[tuple[str, str]]:
    options = [(o, o) for o in f.options] if f.options else list(choices.get(f.choices or "", []))
    known = {value for value, _ in options}
    return options + [(value, value) for value in current if value and value not in known]


def element_ids(items: list[Widget]) -> dict[tuple, str]:
    """The element of every path in the case file that the form shows, by that path."""
    found: dict[tuple, str] = {}
    for item in items:
        found[item.path] = item.id
        if item.alias is not None:
            found[item.alias] = item.id
        found.update(element_ids(item.children))
        found.update(element_ids(item.row_labels))
        for row in item.cells:
            found.update(element_ids(row))
    return found

