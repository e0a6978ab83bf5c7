"""What an Excel template may show: typed values and formulas, one builder per context name.

The Word context (context.py) gives formatted strings; a workbook needs the numbers
themselves, so that Excel formats them (`#,##0` shows 1.234 in Danish) and can add them up.
An absent year is None (an empty cell), an explicit 0 is 0. A total is a `Total` (or
`GrandTotal`, `Latest`, `WeightedShare`) carrying the figure calculation.py computed; the
template filler writes the formula and caches that figure (xlsx_template.py).

Every number comes from calculation.py; nothing is computed here. The builders are named as
in the manifests (`context: proposal | loan | distribution`), so a manifest's workbooks use
the same context name as its Word parts. `kkdocs templates check` walks these types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kkdocs.case.model import Fordelingsbilag, Laaneansoegning, Proposal
from kkdocs.danish_format import format_years
from kkdocs.documents.context import SHARES_NOTE, distribution_total_label, kvantum_kinds, memo_labels, pl_note
from kkdocs.documents.rich_text import clean
from kkdocs.documents.xlsx_template import GrandTotal, Latest, Total, WeightedShare
from kkdocs.figures.calculation import DistributionFigures, KvantumTable, LoanFigures, ProposalFigures, Row, Years
from kkdocs.figures.distribution import PERCENT_TENTHS

Amounts = list[int | None]  # one per year of the table; None for an absent year

MEMO_NOTE = ("Memoposter (kursiv) indgår ikke i den samlede varige ændring, den samlede økonomiske påvirkning "
             "eller beregningen af tilbagebetalingstid.")
ALL_SHARES = Decimal(PERCENT_TENTHS // 10)  # the per-cent total, 100 (the shares are rounded one by one)
PLACES = "pladser"  # the name of the loan table's place columns, the weights of its share


# --- proposals: kvantum.xlsx and økonomi.xlsx -----------------------------------------------------


@dataclass(frozen=True)
class KvantumRowCells:
    tekst: str
    indrykning: int  # 1 for a bevilling under Økonomiudvalget, else 0
    beløb: Amounts


@dataclass(frozen=True)
class KvantumSheet:
    ark: str  # the sheet name: "Tabel A", "Tabel C (2024-pl)"
    titel: str
    enhed: str  # "1.000 kr. 2025 p/l"
    år: list[int]
    rækker: list[KvantumRowCells]
    total: list[Total]
    noter: list[str]  # the price-level note, when the table is given in udmøntning_pl


@dataclass(frozen=True)
class AmountRow:
    tekst: str
    styringsområde: str
    beløb: Amounts


@dataclass(frozen=True)
class EconomySheet:
    enhed: str
    år: list[int]
    varige: list[AmountRow]
    samlet_varig: list[Total]
    memoposter: list[AmountRow]
    implementering: list[AmountRow]
    samlet_implementering: list[Total]
    samlet_påvirkning: list[GrandTotal]
    tilbagebetaling_service: str  # "6 år", or "" when the proposal does not pay back
    tilbagebetaling_totaløkonomi: str
    pl_note: str  # "Noter til alle tabeller: Forslaget skal udarbejdes i 2025 p/l[, men udmøntes i 2024 p/l]."
    noter: list[str]  # about the memoposter: what they are, then each one's own note


@dataclass(frozen=True)
class ProposalWorkbooks:
    titel: str
    sag: str
    kvantum: list[KvantumSheet]
    økonomi: EconomySheet


def proposal_workbooks(case: Proposal, figures: ProposalFigures) -> ProposalWorkbooks:
    return ProposalWorkbooks(clean(case.titel), clean(case.sag), _kvantum_sheets(case, figures),
                             _economy_sheet(case, figures))


def _amounts(amounts: Years, years: tuple[int, ...]) -> Amounts:
    return [amounts.get(year) for year in years]


def _totals(amounts: Years, years: tuple[int, ...], navn: str = "") -> list[Total]:
    return [Total(amounts.get(year), navn) for year in years]


def _kvantum_sheets(case: Proposal, figures: ProposalFigures) -> list[KvantumSheet]:
    return [_kvantum_sheet(letter, title, table, figures) for letter, title, table in kvantum_kinds(case, figures)]


def _kvantum_sheet(letter: str, title: str, table: KvantumTable, figures: ProposalFigures) -> KvantumSheet:
    udmøntning = table.pl != figures.pl
    return KvantumSheet(
        ark=f"Tabel {letter}" + (f" ({table.pl}-pl)" if udmøntning else ""),
        titel=title + (f" – udmøntning i {table.pl} p/l" if udmøntning else ""),
        enhed=f"1.000 kr. {table.pl} p/l",
        år=list(figures.years),
        rækker=[KvantumRowCells(clean(r.label), int(r.is_bevilling), _amounts(r.amounts, figures.years))
                for r in table.rows],
        total=_totals(table.total, figures.years),
        noter=[_pl_note(figures, table.pl)] if udmøntning else [],
    )


def _pl_note(figures: ProposalFigures, pl: int) -> str:
    return f"Forslaget er udarbejdet i {figures.pl} p/l, men udmøntes i {pl} p/l."


def _amount_row(row: Row, years: tuple[int, ...], label: str | None = None) -> AmountRow:
    return AmountRow(clean(label if label is not None else row.tekst), row.styringsområde or "",
                     _amounts(row.amounts, years))


def _economy_sheet(case: Proposal, figures: ProposalFigures) -> EconomySheet:
    years = figures.years
    labels, notes = memo_labels(case, figures)
    return EconomySheet(
        enhed=f"1.000 kr. {figures.pl} p/l",
        år=list(years),
        varige=[_amount_row(r, years) for r in figures.varige],
        samlet_varig=_totals(figures.samlet_varig_ændring, years),
        memoposter=[_amount_row(figure, years, label) for figure, label in zip(figures.memoposter, labels)],
        implementering=[_amount_row(r, years) for r in figures.implementering],
        samlet_implementering=_totals(figures.samlede_implementeringsomkostninger, years),
        samlet_påvirkning=[GrandTotal(figures.samlet_økonomisk_påvirkning.get(year)) for year in years],
        tilbagebetaling_service=format_years(figures.tilbagebetalingstid_service),
        tilbagebetaling_totaløkonomi=format_years(figures.tilbagebetalingstid_totaløkonomi),
        pl_note=pl_note(case, figures),
        noter=([MEMO_NOTE] if labels else []) + notes,
    )


# --- laaneansoegning: projekter.xlsx ------------------------------------------------------------


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
        rækker=[ProjectRow(clean(p.navn), _amounts(p.lån, years), _amounts(p.pladser, years),
                           p.andel_andre_kommuner, p.forventet_afsluttet) for p in figures.projekter],
        lån_i_alt=_totals(figures.lån_i_alt, years),
        pladser_i_alt=_totals(figures.pladser_i_alt, years, PLACES),
        andel_i_alt=WeightedShare(figures.andel_i_alt, PLACES),
        afsluttet_senest=Latest(figures.afsluttet_senest),
    )
    return LoanWorkbooks(clean(case.titel), clean(case.sag), sheet)


# --- fordelingsbilag: fordeling.xlsx --------------------------------------------------------------


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
    total_tekst: str  # the label of the total row, which comes first as in the official appendix
    rækker: list[KeyRowCells]
    nøgletotal: Total
    andele: Decimal  # 100: the rounded shares need not sum to it, so it is no =SUM (decision, README)
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
        total_tekst=distribution_total_label(case),
        rækker=[KeyRowCells(clean(r.navn), r.vægt, r.andel, r.beløb) for r in figures.rows],
        nøgletotal=Total(figures.nøgletotal),
        andele=ALL_SHARES,
        beløb=Total(figures.beløb),
        note=SHARES_NOTE,
    )
    return DistributionWorkbooks(clean(case.titel), clean(case.sag), sheet)


# The builder and context type of each context name a manifest may use.
BUILDERS = {
    "proposal": (proposal_workbooks, ProposalWorkbooks),
    "loan": (loan_workbooks, LoanWorkbooks),
    "distribution": (distribution_workbooks, DistributionWorkbooks),
}
