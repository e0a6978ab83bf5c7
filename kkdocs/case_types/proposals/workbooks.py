"""What a proposal's `kvantum.xlsx` and `økonomi.xlsx` show: Tabel A/C and the economy table, totals as formulas."""

from __future__ import annotations

from dataclasses import dataclass

from kkdocs.case_types.proposals.context import ProposalForm, economy_labels, kvantum_kinds, pl_note
from kkdocs.case_types.proposals.figures import ProposalFigures
from kkdocs.case_types.proposals.model import Proposal
from kkdocs.danish_format import format_years
from kkdocs.documents.rich_text import clean
from kkdocs.documents.workbook_context import Amounts, KvantumRowCells, year_amounts, year_totals
from kkdocs.documents.xlsx_template import GrandTotal, Total
from kkdocs.figures.calculation import KvantumTable, Row


MEMO_NOTE = ("Memoposter (kursiv) indgår ikke i den samlede varige ændring, den samlede økonomiske påvirkning "
             "eller beregningen af tilbagebetalingstid.")


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
    samlet_varig_tekst: str  # "Samlet varig ændring af investeringscasen", with its note's marker
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


def proposal_workbooks(case: Proposal, figures: ProposalFigures, *, form: ProposalForm) -> ProposalWorkbooks:
    return ProposalWorkbooks(clean(case.titel), clean(case.sag), _kvantum_sheets(figures, form),
                             _economy_sheet(case, figures, form))


def _kvantum_sheets(figures: ProposalFigures, form: ProposalForm) -> list[KvantumSheet]:
    return [_kvantum_sheet(letter, title, table, figures) for letter, title, table in kvantum_kinds(figures, form)]


def _kvantum_sheet(letter: str, title: str, table: KvantumTable, figures: ProposalFigures) -> KvantumSheet:
    udmøntning = table.pl != figures.pl
    return KvantumSheet(
        ark=f"Tabel {letter}" + (f" ({table.pl}-pl)" if udmøntning else ""),
        titel=title + (f" – udmøntning i {table.pl} p/l" if udmøntning else ""),
        enhed=f"1.000 kr. {table.pl} p/l",
        år=list(figures.years),
        rækker=[KvantumRowCells(clean(r.label), int(r.is_bevilling), year_amounts(r.amounts, figures.years))
                for r in table.rows],
        total=year_totals(table.total, figures.years),
        noter=[_pl_note(figures, table.pl)] if udmøntning else [],
    )


def _pl_note(figures: ProposalFigures, pl: int) -> str:
    return f"Forslaget er udarbejdet i {figures.pl} p/l, men udmøntes i {pl} p/l."


def _amount_row(row: Row, years: tuple[int, ...], label: str | None = None) -> AmountRow:
    return AmountRow(clean(label if label is not None else row.tekst), row.styringsområde or "",
                     year_amounts(row.amounts, years))


def _economy_sheet(case: Proposal, figures: ProposalFigures, form: ProposalForm) -> EconomySheet:
    years = figures.years
    labels = economy_labels(case, figures, form)
    return EconomySheet(
        enhed=f"1.000 kr. {figures.pl} p/l",
        år=list(years),
        varige=[_amount_row(r, years, label) for r, label in zip(figures.varige, labels.varige)],
        samlet_varig_tekst=labels.samlet_varig,
        samlet_varig=year_totals(figures.samlet_varig_ændring, years),
        memoposter=[_amount_row(figure, years, label) for figure, label in zip(figures.memoposter, labels.memoposter)],
        implementering=[_amount_row(r, years, label) for r, label in zip(figures.implementering, labels.implementering)],
        samlet_implementering=year_totals(figures.samlede_implementeringsomkostninger, years),
        samlet_påvirkning=[GrandTotal(figures.samlet_økonomisk_påvirkning.get(year)) for year in years],
        tilbagebetaling_service=format_years(figures.tilbagebetalingstid_service),
        tilbagebetaling_totaløkonomi=format_years(figures.tilbagebetalingstid_totaløkonomi),
        pl_note=pl_note(case, figures, form),
        noter=([MEMO_NOTE] if labels.memoposter else []) + labels.noter,
    )
