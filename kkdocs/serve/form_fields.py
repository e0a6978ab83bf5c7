"""The form of a case type, read from its pydantic model: one `Field` per key, in the model's order.

Nothing here names a case type. A field's kind follows from its annotation (text, number, date,
choice, year map, list of rows, nested fieldset, …), its help text is the model's `description`,
and a field whose values come from the workspace's reference data names that list in
`form_hints.CHOICES`. So a new type's model gives its form with no code here.
"""

from __future__ import annotations

import datetime
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, Union

from pydantic import BaseModel

from kkdocs.serve.form_hints import CHOICES, LABELS, LONG_TEXT

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
    choices: str | None = None  # the reference list a value comes from (form_hints.CHOICES)
    children: list[Field] = field(default_factory=list)  # of a GROUP, or of each row of ROWS
    long: bool = False  # a TEXT shown as several lines


def fields_of(model: type[BaseModel]) -> list[Field]:
    """The form fields of a model, in the order of its keys; `type` is not a field (it names the form)."""
    return [_field(name, info.annotation, info.description or "", info.is_required())
            for name, info in model.model_fields.items() if name != "type"]


def _field(name: str, annotation: Any, help: str, required: bool) -> Field:
    annotation = _unwrapped(annotation)
    made = Field(name, LABELS.get(name, _label(name)), UNSUPPORTED, help, required, choices=CHOICES.get(name))
    scalar = _scalar(annotation)
    if scalar is not None:
        made.kind, made.options = scalar
        made.long = made.kind == TEXT and _long(name, help)
        if made.choices and made.kind == TEXT:
            made.kind = CHOICE
        return made
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        made.kind, made.children = GROUP, fields_of(annotation)
        return made
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list and args:
        item = _unwrapped(args[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            made.kind, made.children = ROWS, fields_of(item)
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


def _long(name: str, help: str) -> bool:
    """A text of paragraphs: a section of the document, or a free text that is not a table row's."""
    words = help.lower()
    return name in LONG_TEXT or "afsnit" in words or (name == "tekst" and "række" not in words and "memopost" not in words)


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


def _label(name: str) -> str:
    text = name.replace("_", " ")
    return text[:1].upper() + text[1:]
