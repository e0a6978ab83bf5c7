"""What `projekter.xlsx` shows: the project table with columns A-G and its totals as formulas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kkdocs.case_types.laaneansoegning.figures import LoanFigures
from kkdocs.case_types.laaneansoegning.model import Laaneansoegning
from kkdocs.documents.rich_text import clean
from kkdocs.documents.workbook_context import Amounts, year_amounts, year_totals
from kkdocs.documents.xlsx_template import Latest, Total, WeightedShare


PLACES = "pladser"  # the name of the loan table's place columns, the weights of its share


@dataclass(frozen=True)
class ProjectRow:
    navn: str
    lån: Amounts
    pladser: Amounts
    andel: Decimal
    afsluttet: dt.date


@dataclass(frozen=True)
class LoanSheet:
    pulje: str
    kommune: str
    år: list[int]
    bogstaver_lån: list[str]  # the official form's column letters: A is the project, then B, C … per year
    bogstaver_pladser: list[str]
    bogstav_andel: str
    bogstav_dato: str
    rækker: list[ProjectRow]
    lån_i_alt: list[Total]
    pladser_i_alt: list[Total]
    andel_i_alt: WeightedShare
    afsluttet_senest: Latest


@dataclass(frozen=True)
class LoanWorkbooks:
    titel: str
    sag: str
    projekter: LoanSheet


def loan_workbooks(case: Laaneansoegning, figures: LoanFigures) -> LoanWorkbooks:
    years = figures.years
    letters = [chr(ord("B") + offset) for offset in range(2 * len(years) + 2)]
    sheet = LoanSheet(
        pulje=clean(case.pulje),
        kommune=clean(case.ansøger.kommune),
        år=list(years),
        bogstaver_lån=letters[: len(years)],
        bogstaver_pladser=letters[len(years): 2 * len(years)],
        bogstav_andel=letters[-2],
        bogstav_dato=letters[-1],
        rækker=[ProjectRow(clean(p.navn), year_amounts(p.lån, years), year_amounts(p.pladser, years),
                           p.andel_andre_kommuner, p.forventet_afsluttet) for p in figures.projekter],
        lån_i_alt=year_totals(figures.lån_i_alt, years),
        pladser_i_alt=year_totals(figures.pladser_i_alt, years, PLACES),
        andel_i_alt=WeightedShare(figures.andel_i_alt, PLACES),
        afsluttet_senest=Latest(figures.afsluttet_senest),
    )
    return LoanWorkbooks(clean(case.titel), clean(case.sag), sheet)
