"""Figures as a Danish form writes them: "-12.711", "– 1.234", "÷475", "1.234,5", "0,5", "4 år".

Word users write a minus as "-", "–" (en dash), "−" (the minus sign) or "÷", put a space
after it, a non-breaking space or a "." between thousands, and sometimes "kr." after the
figure. A cell that is none of these is not a figure: the reader says so and never guesses.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kkdocs.errors import KkdocsError

_MINUS = "-–—−÷"
_SPACES = "\u00a0\u202f\u2009 "
_NUMBER = re.compile(r"(?P<sign>[-+])?(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<fraction>\d+))?")
_YEARS = re.compile(r"(?P<n>\d+)\s*år")
NEVER = ("tilbagebetales ikke", "aldrig", "ingen")


class NotANumber(KkdocsError, ValueError):
    """The text is not a Danish figure."""


def _normalised(text: str) -> str:
    text = text.strip()
    for space in _SPACES:
        text = text.replace(space, "")
    text = text.replace("\u00ad", "")
    for minus in _MINUS:
        text = text.replace(minus, "-")
    text = re.sub(r"(?i)(t\.?kr\.?|mio\.?kr\.?|kr\.?)$", "", text)
    return text


def is_blank(text: str) -> bool:
    return not text.strip(_SPACES + "\t\n")


def parse_amount(text: str) -> int:
    """A whole amount: "-12.711" -> -12711, "÷ 475" -> -475, "(1.000)" -> -1000; NotANumber otherwise."""
    value = parse_number(text)
    if value != value.to_integral_value():
        raise NotANumber(f"'{text.strip()}' er ikke et helt tal")
    return int(value)


def parse_number(text: str) -> Decimal:
    """A number with "," as decimal mark and "." between thousands: "1.234,5" -> Decimal("1234.5")."""
    cleaned = _normalised(text)
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned, negative = cleaned[1:-1], True
    match = _NUMBER.fullmatch(cleaned)
    if not match:
        raise NotANumber(f"'{text.strip()}' er ikke et tal")
    whole = match.group("whole").replace(".", "")
    value = Decimal(whole + ("." + match.group("fraction") if match.group("fraction") else ""))
    if match.group("sign") == "-":
        negative = not negative
    return -value if negative else value


def parse_years(text: str) -> int | None:
    """A payback period: "4 år" -> 4, "Tilbagebetales ikke" -> None; NotANumber otherwise."""
    cleaned = " ".join(text.split()).lower()
    if any(cleaned.startswith(word) for word in NEVER):
        return None
    match = _YEARS.fullmatch(cleaned) or re.fullmatch(r"(?P<n>\d+)", cleaned)
    if not match:
        raise NotANumber(f"'{text.strip()}' er ikke et antal år")
    return int(match.group("n"))
