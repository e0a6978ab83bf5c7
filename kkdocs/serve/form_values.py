"""One value of the form as the page shows it and as the case file gets it.

Numbers are typed and shown the Danish way (`118.400`, `1,5`, `−449`) and written to the case
file as plain YAML numbers, so the separator mistakes of hand-written YAML cannot happen here.
What does not read as the field's kind is written as the text it is: validate then says what
is wrong with it, at its field, with the same finding as `kkdocs validate`.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from kkdocs.danish_format import format_amount, format_decimal
from kkdocs.serve.form_fields import BOOL, CELL, DATE, INTEGER, NUMBER
from kkdocs.word_import.danish_numbers import NotANumber, parse_amount, parse_number

MINUS_SIGN = "\u2212"
YES, NO = "ja", "nej"


class Blank:
    """No value: the key is left out of the case file (or set to null where the field is required)."""

    def __repr__(self) -> str:
        return "BLANK"


BLANK = Blank()


def shown(value: Any, kind: str, *, grouped: bool = True) -> str:
    """The value as the form's input shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, int) and kind in (INTEGER, NUMBER, CELL):
        text = format_amount(value) if grouped else str(value)
        return text.replace("-", MINUS_SIGN, 1)
    if isinstance(value, (float, Decimal)) and kind in (INTEGER, NUMBER, CELL):
        return format_decimal(Decimal(repr(value)) if isinstance(value, float) else value).replace("-", MINUS_SIGN, 1)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def parsed(raw: str, kind: str) -> Any:
    """The value a typed text gives in the case file; BLANK for an empty input."""
    text = raw.replace("\r\n", "\n")
    if not text.strip():
        return BLANK
    if kind == INTEGER:
        return _number(text, whole=True)
    if kind == NUMBER:
        number = _number(text, whole=False)
        point = POINT_DECIMAL.fullmatch(number.strip()) if isinstance(number, str) else None
        return float(point.group(2)) * (-1 if point.group(1) else 1) if point else number
    if kind == CELL:
        number = _number(text, whole=False)
        return number if not isinstance(number, str) else text.strip()
    if kind == BOOL:
        return {YES: True, NO: False}.get(text.strip().lower(), text.strip())
    if kind == DATE:
        try:
            return datetime.date.fromisoformat(text.strip())
        except ValueError:
            return text.strip()
    return text if "\n" in text else text.strip()


# In a number field, a decimal point where no thousands separator can stand (not three digits
# after it): 0.5 as kkdocs' messages write it ("skriv 0.5 for 50 pct."), which a user may type as
# it says. A table cell keeps "2.10" as the text it is (a version, a paragraph).
POINT_DECIMAL = re.compile(r"([-\u2212\u2013]?)\s*(\d+\.(?:\d{1,2}|\d{4,}))")


def _number(text: str, *, whole: bool) -> Any:
    try:
        value = parse_amount(text) if whole else parse_number(text)
    except NotANumber:
        return text.strip()  # validate says why it is not a number, at its field
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def same(old: Any, new: Any) -> bool:
    """Whether the file's value already is what the form says (then it is left exactly as written)."""
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if _numeric(old) and _numeric(new):
        return Decimal(repr(old) if isinstance(old, float) else str(old)) == \
            Decimal(repr(new) if isinstance(new, float) else str(new))
    if isinstance(old, datetime.date) or isinstance(new, datetime.date):
        return str(old) == str(new)
    return isinstance(old, str) and isinstance(new, str) and old == new


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)

