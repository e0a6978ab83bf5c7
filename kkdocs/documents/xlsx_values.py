"""What a workbook context's value may be, besides text, numbers and dates.

The case types' workbook contexts (case_types/*/workbooks.py, workbook_context.py) are built
from these, and the template filler turns each into a cell: a `Total`, `GrandTotal`, `Latest`
or `WeightedShare` into a formula over the cells it sums up with kkdocs' own figure cached
(xlsx_formulas.py), an `Indented` into an indented text. They live apart from the filler so
that a context builder imports the few types it shows and nothing of how a sheet is filled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

@dataclass(frozen=True)
class Total:
    """`=SUM(…)` of the rows of the row loop just above it (just below, for a total row on top)."""

    figure: int | Decimal | None  # None: an absent year, an empty cell
    navn: str = ""  # a WeightedShare names its weight columns by this


@dataclass(frozen=True)
class GrandTotal:
    """The `Total`s above it in its column, added up: `=C9+C15`."""

    figure: int | None


@dataclass(frozen=True)
class Latest:
    """`=MAX(…)` of the rows of the row loop above it: the latest date."""

    figure: dt.date


@dataclass(frozen=True)
class WeightedShare:
    """The per cent column of the loop rows above it, weighted by the rows' values in the columns
    whose `Total`s in the same row are named `vægte`, rounded to one decimal:
    `=ROUND(SUMPRODUCT((D5:D9+E5:E9)*F5:F9)/SUM(D5:D9,E5:E9),1)`."""

    figure: Decimal | None  # None when there are no weights
    vægte: str


Formula = Total | GrandTotal | Latest | WeightedShare


@dataclass(frozen=True)
class Indented:
    """A text shown indented `steps` steps (the `indryk` filter makes these)."""

    text: str
    steps: int


@dataclass(frozen=True)
class LoopInfo:
    """Jinja's `loop` variable inside a {%tr %}, {%tc %} or {%sheet %} loop."""

    index0: int
    length: int

    @property
    def index(self) -> int:
        return self.index0 + 1

    @property
    def first(self) -> bool:
        return self.index0 == 0

    @property
    def last(self) -> bool:
        return self.index0 == self.length - 1

    @property
    def revindex(self) -> int:
        return self.length - self.index0

    @property
    def revindex0(self) -> int:
        return self.length - self.index0 - 1


Value = str | int | float | Decimal | dt.date | Formula | Indented | None
