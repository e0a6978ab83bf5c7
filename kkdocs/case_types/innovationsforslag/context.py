"""The context of the innovationsforslag's form (forslag.docx): formatted strings and text blocks,
like every other form's context (kkdocs/documents/context.py), from the case and its figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kkdocs.case.model import Organisation
from kkdocs.case_types.innovationsforslag.figures import InnovationFigures, REPAYMENT_YEARS
from kkdocs.case_types.innovationsforslag.model import ART_LABELS, CRITERION_LABELS, InnovationCase
from kkdocs.danish_format import format_amount, format_date_long, format_decimal
from kkdocs.documents.context import (CHECKED, UNCHECKED, Checkbox, CheckboxRow, FollowUpRow, HeardRow, SheetReader,
                                      amount_cells, checkbox_rows, heard_rows)
from kkdocs.documents.rich_text import Block, blocks, clean


LIKELIHOOD = {"lav": "Lav", "middel": "Middel", "høj": "Høj"}


@dataclass(frozen=True)
class AmountRow:
    tekst: str
    cells: list[str]  # one per year; "" for an absent year


@dataclass(frozen=True)
class RepaymentPlan:
    """Tabel 2: the loan paid out, the plan, and what is still owed at the end of each year."""

    udbetaling: list[str]
    tilbagebetaling: list[str]
    restgæld: list[str]
    note: str


@dataclass(frozen=True)
class InnovationContext:
    udkast: bool
    titel: str
    sag: str
    frist: str
    overskrift: str  # "INNOVATIONSFORSLAG"
    kort_resumé: list[Block]
    fremstillende_forvaltning: str
    berørte: list[CheckboxRow]
    arter: list[Checkbox]  # criterion 2: the three kinds, the case's checked
    sammenhæng: list[Block]
    forventet: str  # criterion 4: "Investeringsforslag til Budget 2027"
    anvendelse: list[Block]
    enhed: str  # "1.000 kr. 2025 p/l"
    år: list[str]
    midler: list[AmountRow]
    midler_i_alt: list[str]
    loft: str  # the ceiling of the case's kind, as a sentence
    lån: list[RepaymentPlan]  # 0 or 1: a forvaltningsspecifik foranalyse is a loan
    potentiale: str  # "2.000-4.000 (1.000 kr. om året)"
    sandsynlighed: str
    businesscase: list[Block]
    kriterier: list[Checkbox]
    opfølgning: list[FollowUpRow]
    hørt: list[HeardRow]  # "Hvem er hørt?" (section 7); empty: the section is left out


def innovation_context(case: InnovationCase, figures: InnovationFigures, organisation: Organisation,
                       read_sheet: SheetReader | None = None) -> InnovationContext:
    fremstillende = organisation.forvaltninger.get(case.fremstillende_forvaltning)
    years = figures.years
    business = case.businesscase
    return InnovationContext(
        udkast=case.status == "udkast",
        titel=clean(case.titel),
        sag=clean(case.sag),
        frist=format_date_long(case.frist),
        overskrift="INNOVATIONSFORSLAG",
        kort_resumé=blocks(case.kort_resumé),
        fremstillende_forvaltning=fremstillende.navn if fremstillende else clean(case.fremstillende_forvaltning),
        berørte=checkbox_rows(case.berørte_forvaltninger, organisation),
        arter=[Checkbox(CHECKED if art == case.art else UNCHECKED, label) for art, label in ART_LABELS.items()],
        sammenhæng=blocks(case.sammenhæng),
        forventet=f"{case.forventet_forslag.slags.capitalize()} til {clean(case.forventet_forslag.tidspunkt)}",
        anvendelse=blocks(case.anvendelse),
        enhed=f"1.000 kr. {case.pl} p/l",
        år=[str(year) for year in years],
        midler=[AmountRow(clean(row.tekst), amount_cells(row.amounts, years)) for row in figures.midler],
        midler_i_alt=amount_cells(figures.midler_i_alt, years),
        loft=_ceiling(case, figures),
        lån=[_plan(figures)] if figures.lån else [],
        potentiale=f"{format_amount(business.potentiale_fra)}-{format_amount(business.potentiale_til)} "
                   "(1.000 kr. om året)",
        sandsynlighed=LIKELIHOOD[business.sandsynlighed],
        businesscase=blocks(business.tekst),
        kriterier=[Checkbox(CHECKED if key in case.kriterier else UNCHECKED, label)
                   for key, label in CRITERION_LABELS.items()],
        opfølgning=[FollowUpRow(clean(m.mål), clean(m.måling), clean(m.ansvarlig), clean(m.tidspunkt))
                    for m in case.opfølgning],
        hørt=heard_rows(case.hørt),
    )


def _ceiling(case: InnovationCase, figures: InnovationFigures) -> str:
    millions = format_decimal(Decimal(figures.loft) / 1000)
    if case.art == "afprøvning":
        return f"Puljen kan maksimalt udmønte {millions} mio. kr. pr. innovationsforslag."
    return f"En foranalyse kan maksimalt få {millions} mio. kr. pr. sag."


def _plan(figures: InnovationFigures) -> RepaymentPlan:
    years = figures.years
    return RepaymentPlan(
        udbetaling=amount_cells(figures.midler_i_alt, years),
        tilbagebetaling=amount_cells(figures.tilbagebetaling, years),
        restgæld=amount_cells(figures.restgæld, years),
        note=f"Lånet skal være tilbagebetalt senest i {figures.seneste_år} ({REPAYMENT_YEARS} år fra det første år "
             "med midler). Tilbagebetalinger er angivet med negativt (-) fortegn.",
    )
