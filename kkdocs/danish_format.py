"""Numbers, dates and years printed the Danish way: `-12.711`, `0,5`, `15. maj 2024`.

Pure functions of their arguments; no locale settings are read, so output never depends on
the machine. Decimal places are rounded half away from zero, like every amount in kkdocs.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

THOUSANDS_SEPARATOR = "."
DECIMAL_SEPARATOR = ","
MINUS = "-"
NEVER_PAID_BACK = "Tilbagebetales ikke"

MONTH_NAMES = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def format_amount(x: int | None) -> str:
    """A whole amount with "." between thousands: -12711 -> "-12.711"; None (absent) -> ""."""
    if x is None:
        return ""
    if isinstance(x, bool) or not isinstance(x, int):
        raise TypeError(f"format_amount expects an int or None, got {x!r}")
    return _signed(x < 0, _group_thousands(str(abs(x))))


def format_decimal(x: Decimal | float | int, decimals: int | None = None) -> str:
    """A number with "," as decimal mark: 0.5 -> "0,5", 1234.5 -> "1.234,5".

    With `decimals` the number is rounded (half away from zero) to that many places
    (12 with decimals=1 -> "12,0"); without, it prints with the places it has. A float is
    read as the decimal it prints as. Zero never gets a minus sign.
    """
    value = _as_decimal(x)
    if decimals is not None:
        value = _round_places(value, decimals)
    whole, _, fraction = format(abs(value), "f").partition(".")
    text = _group_thousands(whole)
    if fraction:
        text += DECIMAL_SEPARATOR + fraction
    return _signed(value < 0, text)


def format_percent(x: Decimal | float | int) -> str:
    """A percentage with one decimal and no sign: 34.5 -> "34,5" (templates add " %")."""
    return format_decimal(x, 1)


def format_with_excel_format(x: Decimal | float | int, number_format: str) -> str | None:
    """A number the Danish way, as an Excel number format shows it: `#,##0` -> "9.333", `0.0` -> "9333,3",
    `0%` -> "12 %"; None for `General` and formats this does not read (the caller prints the value as it is).

    Only the first section (positive numbers) is read; a negative number keeps its minus sign.
    Quoted text, escapes and [colour]/[locale] brackets are ignored.
    """
    section = number_format.split(";")[0]
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].', "", section)
    if section.strip().lower() in ("", "general", "@") or not re.search(r"[0#?]", section):
        return None
    if re.search(r"[dmyhs]", section.lower()) or "e+" in section.lower() or "/" in section:
        return None  # dates, times, scientific and fractions: not read here
    percent = "%" in section
    digits = re.sub(r"[^0#?.,]", "", section)
    whole, _, fraction = digits.partition(".")
    decimals = len(re.sub(r"[^0#?]", "", fraction))
    grouped = "," in whole.rstrip(",")
    value = _as_decimal(x) * (100 if percent else 1)
    text = format_decimal(value, decimals)
    if not grouped:
        integer, comma, rest = text.partition(",")
        text = integer.replace(".", "") + comma + rest
    return text + (" %" if percent else "")


def format_date_long(d: date) -> str:
    """A date in running text: 2024-05-15 -> "15. maj 2024"."""
    return f"{d.day}. {MONTH_NAMES[d.month - 1]} {d.year}"


def format_date_short(d: date) -> str:
    """A date in a table: 2026-10-31 -> "31/10/2026" (dd/mm/åååå)."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def month_abbrev(month: int) -> str:
    """The short month name for a month grid: 1 -> "jan", 5 -> "maj", 10 -> "okt"."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"month must be 1-12, got {month!r}")
    return MONTH_ABBREVIATIONS[month - 1]


def format_month(year: int, month: int) -> str:
    """A month and year: (2024, 4) -> "apr. 2024"; May is not abbreviated: "maj 2024"."""
    abbreviation = month_abbrev(month)
    dot = "" if abbreviation == MONTH_NAMES[month - 1] else "."
    return f"{abbreviation}{dot} {year}"


def format_years(n: int | None) -> str:
    """A payback period: 4 -> "4 år", None -> "Tilbagebetales ikke"."""
    if n is None:
        return NEVER_PAID_BACK
    return f"{format_amount(n)} år"


def _as_decimal(x: Decimal | float | int) -> Decimal:
    if isinstance(x, bool):
        raise TypeError(f"expected a number, got {x!r}")
    if isinstance(x, float):
        x = Decimal(float.__repr__(x))
    if not isinstance(x, (Decimal, int)):
        raise TypeError(f"expected a number, got {x!r}")
    value = Decimal(x)
    if not value.is_finite():
        raise ValueError(f"expected a finite number, got {x!r}")
    return value


def _round_places(value: Decimal, decimals: int) -> Decimal:
    if decimals < 0:
        raise ValueError(f"decimals must be 0 or more, got {decimals}")
    with localcontext() as context:
        context.prec = max(context.prec, value.adjusted() + decimals + 2)
        return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _group_thousands(digits: str) -> str:
    """'1234567' -> '1.234.567'."""
    groups = []
    while len(digits) > 3:
        digits, group = digits[:-3], digits[-3:]
        groups.append(group)
    groups.append(digits)
    return THOUSANDS_SEPARATOR.join(reversed(groups))


def _signed(negative: bool, text: str) -> str:
    """Put the minus in front, except on a number that prints as zero."""
    if negative and text.strip("0.,") != "":
        return MINUS + text
    return text
