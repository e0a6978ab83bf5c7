"""What a proposal adds to its package's overview: its Tabel A and implementation costs, in any p/l,
and (an investeringsforslag's) payback."""

from __future__ import annotations

from functools import partial

from kkdocs.case.model import PriceIndex
from kkdocs.case_types.proposals.figures import ProposalFigures, converted_kvantum_table
from kkdocs.case_types.proposals.model import Proposal
from kkdocs.danish_format import format_years
from kkdocs.figures.calculation import KvantumTable, Years, index_of
from kkdocs.figures.package_overview import NO_PAYBACK, OverviewPart
from kkdocs.figures.price_level import convert_amount


def proposal_overview(case: Proposal, figures: ProposalFigures, *, payback: bool) -> OverviewPart:
    """`payback`: whether the overview shows the proposal's payback (an effektiviseringsforslag
    has no investment to pay back)."""
    return OverviewPart(
        pl=figures.pl, years=figures.years, in_pl=partial(_in_pl, case, figures), tabel_a=figures.tabel_a,
        costs=figures.samlede_implementeringsomkostninger,
        payback_service=format_years(figures.tilbagebetalingstid_service) if payback else NO_PAYBACK,
        payback_total=format_years(figures.tilbagebetalingstid_totaløkonomi) if payback else NO_PAYBACK)


def _in_pl(case: Proposal, figures: ProposalFigures, price_index: PriceIndex, pl: int) -> tuple[KvantumTable, Years]:
    tabel_a = converted_kvantum_table(case.fordeling, figures.tabel_a, price_index, pl)
    index_from, index_to = index_of(price_index, figures.pl), index_of(price_index, pl)
    costs = {year: convert_amount(amount, index_from, index_to)
             for year, amount in figures.samlede_implementeringsomkostninger.items()}
    return tabel_a, costs

