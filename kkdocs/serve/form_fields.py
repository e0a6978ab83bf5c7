"""The form of a case type, read from its pydantic model: one `Field` per key, in the model's order.

Nothing here names a case type. A field's kind follows from its annotation (text, number, date,
choice, year map, list of rows, nested fieldset, …), its help text is the model's `description`,
and what the model cannot say (a field's list of choices, paragraphs, years, labels, the order of the
sections) comes from the type's `FormLayout` in its record. So a new type's model and layout give its
form with no code here.
"""

from __future__ import annotations

import datetime
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, Union

from pydantic import BaseModel

from kkdocs.case.form_layout import FormLayout

TEXT, INTEGER, NUMBER, DATE, BOOL, CHOICE, CELL = "text", "integer", "number", "date", "bool", "choice", "cell"
SCALARS = (TEXT, INTEGER, NUMBER, DATE, BOOL, CHOICE, CELL)
# containers
GROUP = "group"  # a nested model: a fieldset
ROWS = "rows"  # a list of models: fieldsets that can be added and removed
LIST = "list"  # a list of scalars: one input per item
MULTI = "multi"  # a list of choices: checkboxes
YEARS = "years"  # {year: value}: one row of a grid, a column per year
KEYED = "keyed"  # {name: value}: rows of name and value
KEYED_YEARS = "keyed-years"  # {name: {year: amount}}: a grid, a row per name
TABLE = "table"  # a list of lists of cells
UNSUPPORTED = "unsupported"


@dataclass
class Field:
    name: str  # the key in the case file
    label: str
    kind: str
    help: str = ""
    required: bool = False
    scalar: str = TEXT  # the kind of the values of a container (YEARS, LIST, KEYED, …)
    options: tuple[str, ...] = ()  # a CHOICE's or MULTI's values
    choices: str | None = None  # the reference list a value comes from (FormLayout.choices)
    children: list[Field] = field(default_factory=list)  # of a GROUP, or of each row of ROWS
    long: bool = False  # a TEXT shown as several lines
    plain: bool = False  # whole numbers that are years or numbers of a kind: no thousands separator
    reshapes: bool = False  # its value sets the years of the tables (FormLayout.reshaping)
    ordered: bool = False  # a list of choices whose order is the document's (FormLayout.ordered)


def fields_of(model: type[BaseModel], layout: FormLayout) -> list[Field]:
    """The form fields of a model, the layout's sections first, then in the order of its keys; `type` is not a
    field (it names the form)."""
    made = _fields(model, layout)
    first = {name: index for index, name in enumerate(layout.sections)}
    return sorted(made, key=lambda f: first.get(f.name, len(first)))  # stable: the others keep the model's order


def _fields(model: type[BaseModel], layout: FormLayout) -> list[Field]:
    return [_field(name, info.annotation, info.description or "", info.is_required(), layout)
            for name, info in model.model_fields.items() if name != "type"]


def _field(name: str, annotation: Any, help: str, required: bool, layout: FormLayout) -> Field:
    annotation = _unwrapped(annotation)
    made = Field(name, layout.label(name), UNSUPPORTED, help, required, choices=layout.choices.get(name),
                 plain=name in layout.years, reshapes=name in layout.reshaping, ordered=name in layout.ordered)
    scalar = _scalar(annotation)
    if scalar is not None:
        made.kind, made.options = scalar
        made.long = made.kind == TEXT and _long(name, help, layout)
        if made.choices and made.kind == TEXT:
            made.kind = CHOICE
        return made
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        made.kind, made.children = GROUP, _fields(annotation, layout)
        return made
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list and args:
        item = _unwrapped(args[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            made.kind, made.children = ROWS, _fields(item, layout)
        elif typing.get_origin(item) is list:
            made.kind = TABLE
        elif (inner := _scalar(item)) is not None:
            made.scalar, made.options = inner
            made.kind = MULTI if made.options or made.choices else LIST
    elif origin is dict and len(args) == 2:
        key, value = _unwrapped(args[0]), _unwrapped(args[1])
        inner = _scalar(value)
        if key is int and inner is not None:
            made.kind, made.scalar = YEARS, inner[0]
        elif key is str and inner is not None:
            made.kind, made.scalar = KEYED, inner[0]
        elif key is str and typing.get_origin(value) is dict:
            made.kind, made.scalar = KEYED_YEARS, INTEGER
    return made


def _long(name: str, help: str, layout: FormLayout) -> bool:
    """A text of paragraphs: a section of the document, or a free text that is not a table row's."""
    words = help.lower()
    return name in layout.long_texts or "afsnit" in words or (name == "tekst" and "række" not in words and "memopost" not in words)


def _unwrapped(annotation: Any) -> Any:
    """The annotation without Optional and without Annotated's metadata."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) == 1:
                annotation = args[0]
            else:
                return annotation
        else:
            return annotation


def _scalar(annotation: Any) -> tuple[str, tuple[str, ...]] | None:
    if typing.get_origin(annotation) is Literal:
        return CHOICE, tuple(str(v) for v in typing.get_args(annotation))
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return CELL, ()  # a cell or a kommunenummer: a number when it reads as one, else text
    return {str: (TEXT, ()), int: (INTEGER, ()), Decimal: (NUMBER, ()), bool: (BOOL, ()),
            datetime.date: (DATE, ())}.get(annotation)
