"""The template context: what a Word template may show, as typed, formatted values.

Each case type builds its own in its package (`kkdocs/case_types/<type>/context.py`), and its
record names the builder; here are the pieces more than one form shows (check boxes, follow-up
rows, year amounts, a bilag table's cell). Every number comes from the type's calculation and is
formatted with danish_format; a template only places strings. Free text arrives as lists of
`Block` paragraphs (rich_text.py).

The context types are frozen dataclasses so that `kkdocs templates check` can verify every
variable path a template uses (template_check.py walks these types). A field that holds a
list of something is typed `list[...]`; a part that is shown at most once is a list of 0 or
1 items, so a template shows it with a loop and never needs a None test.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from kkdocs.case.model import Hørt, Organisation
from kkdocs.checks.attachments import SheetNumber
from kkdocs.danish_format import format_amount, format_date_long, format_decimal, format_with_excel_format
from kkdocs.documents.rich_text import clean
from kkdocs.figures.calculation import Years


CHECKED = "☒"
UNCHECKED = "☐"

# Reads a `tabel: {fra_excel: …}` as rows (header first); given by the renderer, which knows
# where the case file lies.
class SheetTable(Protocol):
    """A table given as `{fra_excel: …, ark: …}`: the workbook (relative to the case file) and its sheet."""

    fra_excel: str | None
    ark: str | None


SheetReader = Callable[[SheetTable], list[list[object]]]


@dataclass(frozen=True)
class Checkbox:
    mærke: str  # ☒ or ☐, "" for an empty place in the grid
    navn: str


@dataclass(frozen=True)
class CheckboxRow:
    venstre: Checkbox
    højre: Checkbox


@dataclass(frozen=True)
class FollowUpRow:
    mål: str
    måling: str
    ansvarlig: str
    tidspunkt: str


def checkbox_rows(chosen: list[str], organisation: Organisation) -> list[CheckboxRow]:
    """All forvaltninger in the form's two-column order (organisation.yaml's order)."""
    boxes = [Checkbox(CHECKED if code in chosen else UNCHECKED, f.navn) for code, f in organisation.forvaltninger.items()]
    if len(boxes) % 2:
        boxes.append(Checkbox("", ""))
    return [CheckboxRow(boxes[i], boxes[i + 1]) for i in range(0, len(boxes), 2)]


def amount_cells(amounts: Years, years: tuple[int, ...]) -> list[str]:
    """One cell per table year: the amount, "" when the year is absent, "0" for an explicit 0."""
    return [format_amount(amounts.get(year)) for year in years]


def cell_text(value: object) -> str:
    """A bilag table cell: whole numbers as amounts, decimals with a comma, dates the Danish way;
    a number from a sheet as its cell's number format shows it (`#,##0` prints 9.333)."""
    if value is None:
        return ""
    if isinstance(value, SheetNumber):
        shown = format_with_excel_format(value.value, value.number_format)
        return shown if shown is not None else cell_text(value.value)
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, int):
        return format_amount(value)
    if isinstance(value, float) and value.is_integer():
        return format_amount(int(value))
    if isinstance(value, datetime.datetime):
        return format_date_long(value.date())
    if isinstance(value, datetime.date):
        return format_date_long(value)
    if isinstance(value, (float, Decimal)):
        return format_decimal(value)
    return clean(str(value))


@dataclass(frozen=True)
class HeardRow:
    instans: str
    svar: str  # Ja / Nej
    detaljer: str  # the date ("13. oktober 2023") and the remark, on separate lines


def heard_rows(entries: list[Hørt]) -> list[HeardRow]:
    """The rows of a plain "Hvem er hørt?" table (the innovationsforslag's): instans, Ja/Nej, date and remark."""
    return [heard_row(h) for h in entries]


def heard_row(heard: Hørt, no_date: str = "", default_note: str = "") -> HeardRow:
    """One row of "Hvem er hørt?": Ja when the case says `svar: ja`, or, without `svar`, when there is a date."""
    details = [format_date_long(heard.dato) if heard.dato else no_date]
    note = clean(heard.bemærkning).strip()
    details.append(note or default_note)
    answered = heard.svar == "ja" if heard.svar is not None else heard.dato is not None
    return HeardRow(clean(heard.instans).strip(), "Ja" if answered else "Nej", "\n".join(d for d in details if d))
