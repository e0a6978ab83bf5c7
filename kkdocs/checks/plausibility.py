"""Numbers that are valid YAML and of the right type, but almost certainly not what the author meant.

- TAL-TUSINDTAL: `118.400` written with a Danish thousands separator. YAML reads it as 118,4, so
  it is found from the text the file wrote (`Positions.written`), not from the number.

This check reads the text of any case file or package; what only a proposal can get wrong
(TAL-INDFASNING, TAL-SATS, FELT-VISES-IKKE, STYRINGSOMRÅDE-TOM) is in
`kkdocs/case_types/proposals/plausibility.py`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kkdocs.case.typing_check import dotted
from kkdocs.danish_format import format_decimal
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import Source


# A dot followed by groups of exactly three digits, after 1-3 digits that do not start with 0:
# 118.400 and 1.250.000, but not 0.125 (a factor) or 2.5.
THOUSANDS = re.compile(r"[-+]?[1-9]\d{0,2}(\.\d{3})+")
# Fields where a thousands reading is impossible, so 1.000 is the decimal it says: a factor of
# 0..1, a per cent of 0..100 (their own checks catch a wrong size) and pl.yaml's index (106.200).
NOT_THOUSANDS = {"indfasning", "andel_andre_kommuner", "indeks"}


def thousands_separators(source: Source) -> list[Finding]:
    """A fejl for every number written like `118.400`, saying what to write instead."""
    found = []
    for path, text in source.positions.written.items():
        if NOT_THOUSANDS & set(path) or ("rækker" in path and text.count(".") > 1):
            continue  # a table cell 1.250.000 is text and prints as written
        if THOUSANDS.fullmatch(text):
            whole = text.replace(".", "").lstrip("+")
            message = f"{dotted(path)} er skrevet '{text}'"
            if text.count(".") == 1:
                number = Decimal(text).normalize()
                message += f", som læses som {format_decimal(number)}"
            message += f": i YAML er punktum decimaltegn, ikke tusindtalsseparator. Skriv {whole} (uden punktum)."
            if text.count(".") == 1 and written_decimal(number) != text:
                message += f" Er det ment som decimaltallet {format_decimal(number)}, så skriv {written_decimal(number)}."
            found.append(source.finding(path, Level.FEJL, "TAL-TUSINDTAL", message))
    return found


def with_separators(separators: list[Finding], type_errors: list[Finding]) -> list[Finding]:
    """TAL-TUSINDTAL findings and the type errors, without a type error at a separator's position
    ("skal være et helt tal, ikke 48.0"): the separator's finding says more."""
    explained = {(f.line, f.column) for f in separators}
    return separators + [f for f in type_errors if (f.line, f.column) not in explained]


def written_decimal(number: Decimal) -> str:
    """A number as it is written in YAML: 0.5, 620."""
    return format(number.normalize(), "f")
