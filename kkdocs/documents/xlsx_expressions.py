"""What a template cell gives: its `{{ … }}` evaluated in the sandboxed Jinja of the Excel templates.

A cell that holds nothing but one `{{ … }}` is evaluated as an expression, so that it keeps the
value's type (a number stays a number, a `Total` becomes a formula); any other text is rendered
as a Jinja text. Expressions and texts are compiled once per process and looked up by their
source: a sheet repeats the same few cells for every row of its loops. Whatever a template's
own expression raises becomes a Danish `TemplateProblem` that names the sheet and the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, Undefined, UndefinedError
from jinja2.sandbox import SecurityError
from openpyxl.cell.cell import Cell, MergedCell

from kkdocs.documents.template_bounds import BoundedSandbox
from kkdocs.documents.template_problem import (EXPRESSION_ERRORS,  # one kind of template problem, Word or Excel
                                               TemplateProblem, danish_expression_error, danish_security,
                                               danish_syntax, danish_template_error, danish_undefined)
from kkdocs.documents.xlsx_tags import Tag, parse_tag
from kkdocs.documents.xlsx_values import GrandTotal, Indented, Latest, Total, Value, WeightedShare
from kkdocs.errors import KkdocsError

_EXPRESSION = re.compile(r"^\s*\{\{(?P<expr>.*)\}\}\s*$", re.S)


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


def iterate(tag: Tag, scope: dict, where: str) -> list:
    assert tag.iterable is not None
    value = evaluate(tag.iterable, scope, where)
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
        raise TemplateProblem(f"{where}: '{tag.iterable.strip()}' er ikke en liste og kan ikke gennemløbes.")
    return list(value)


# what filling a cell may raise from a template's own expression: a template problem, never a crash
_FILL_ERRORS = (TemplateError, SecurityError) + EXPRESSION_ERRORS


def evaluate(source: str, scope: dict, where: str) -> object:
    try:
        result = _compiled_expression(source)(**scope)
        if isinstance(result, Undefined):
            str(result)  # raises the UndefinedError that names the missing variable
        return result
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"{where}: ugyldigt Jinja-udtryk '{source.strip()}': {danish_syntax(exc.message)}") from None
    except _FILL_ERRORS as exc:
        raise TemplateProblem(f"{where}: {_message(exc)}") from None


def render_text(source: str, scope: dict, where: str) -> str:
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
    if isinstance(exc, KkdocsError):
        return message  # kkdocs' own (BoundExceeded) are Danish
    if isinstance(exc, TemplateError):
        return danish_template_error(message)
    return danish_expression_error(exc)


def cell_value(cell: Cell | MergedCell, scope: dict, where: str) -> Value:
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
    if parse_tag(value) is not None:
        raise TemplateProblem(f"{where}, celle {cell.coordinate}: mærket '{value.strip()}' står et sted, "
                              "hvor det ikke kan bruges.")
    expression = _EXPRESSION.match(value)
    if expression and value.count("{{") == 1 and "{%" not in value:
        return _typed(evaluate(expression["expr"], scope, f"{where}, celle {cell.coordinate}"),
                      f"{where}, celle {cell.coordinate}")
    return render_text(value, scope, f"{where}, celle {cell.coordinate}") or None


def _typed(value: object, where: str) -> Value:
    if isinstance(value, bool):
        raise TemplateProblem(f"{where}: udtrykket giver sand/falsk; vis en tekst i stedet.")
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, (str, int, float, Decimal, dt.date, Total, GrandTotal, Latest, WeightedShare, Indented)):
        return value
    raise TemplateProblem(f"{where}: udtrykket giver {type(value).__name__}, ikke én værdi; "
                          "gennemløb en liste med {%tr for %} eller {%tc for %}.")
