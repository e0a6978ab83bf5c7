"""What `fordeling.xlsx` shows: the key, its shares and the distributed amounts, with their totals as formulas."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

from kkdocs.case_types.fordelingsbilag.context import SHARES_NOTE, distribution_columns, distribution_total_label
from kkdocs.case_types.fordelingsbilag.figures import DistributionFigures
from kkdocs.case_types.fordelingsbilag.model import Fordelingsbilag
from kkdocs.documents.rich_text import clean
from kkdocs.documents.xlsx_template import Total
from kkdocs.figures.distribution import PERCENT_TENTHS


ALL_SHARES = Decimal(PERCENT_TENTHS // 10)  # the per-cent total, 100 (the shares are rounded one by one)


@dataclass(frozen=True)
class KeyRowCells:
    navn: str
    vægt: Decimal
    andel: Decimal  # per cent, one decimal
    beløb: int


@dataclass(frozen=True)
class DistributionSheet:
    titel: str
    nøgle_navn: str
    enhed: str  # "kr." or "1.000 kr."
    navn_kolonne: str  # the column headings, as the Word appendix prints them
    nøgle_kolonne: str
    andel_kolonne: str
    beløb_kolonne: str
    total_tekst: str  # the label of the total row, which comes first as in the official appendix
    rækker: list[KeyRowCells]
    nøgletotal: Total
    andele: Decimal  # 100: the rounded shares need not sum to it, so it is no =SUM (docs/design.md)
    beløb: Total
    note: str


@dataclass(frozen=True)
class DistributionWorkbooks:
    titel: str
    sag: str
    fordeling: DistributionSheet


def distribution_workbooks(case: Fordelingsbilag, figures: DistributionFigures) -> DistributionWorkbooks:
    sheet = DistributionSheet(
        titel=clean(case.titel),
        nøgle_navn=clean(case.nøgle_navn),
        enhed=case.enhed,
        **asdict(distribution_columns(case)),
        total_tekst=distribution_total_label(case),
        rækker=[KeyRowCells(clean(r.navn), r.vægt, r.andel, r.beløb) for r in figures.rows],
        nøgletotal=Total(figures.nøgletotal),
        andele=ALL_SHARES,
        beløb=Total(figures.beløb),
        note=SHARES_NOTE,
    )
    return DistributionWorkbooks(clean(case.titel), clean(case.sag), sheet)
