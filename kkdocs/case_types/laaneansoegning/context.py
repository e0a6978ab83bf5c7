"""What the loan application's Word template shows: the ministry's form with columns A-G, formatted."""

from __future__ import annotations

from dataclasses import dataclass

from kkdocs.case.model import Organisation
from kkdocs.case_types.laaneansoegning.figures import LoanFigures
from kkdocs.case_types.laaneansoegning.model import Laaneansoegning
from kkdocs.danish_format import format_amount, format_date_long, format_date_short, format_decimal, format_percent
from kkdocs.documents.context import SheetReader, amount_cells
from kkdocs.documents.rich_text import Block, blocks, clean


LOAN_FORM_ROWS = 5


@dataclass(frozen=True)
class ColumnHeader:
    bogstav: str  # "A" … "G"
    tekst: str


@dataclass(frozen=True)
class LoanRow:
    nummer: str  # "1" … "5", or "I alt"
    navn: str
    lån: list[str]  # one per year
    pladser: list[str]
    andel: str
    afsluttet: str  # dd/mm/åååå


@dataclass(frozen=True)
class Contact:
    navn_og_titel: str
    telefon: str
    email: str


@dataclass(frozen=True)
class LoanQuestion:
    nummer: int
    spørgsmål: str
    svar: list[Block]


@dataclass(frozen=True)
class LoanContext:
    udkast: bool
    titel: str
    sag: str
    frist: str
    pulje: str
    ansøger: str  # "Københavns Kommune (kommunenr. 101)"
    kolonne_a: ColumnHeader
    lån_kolonner: list[ColumnHeader]
    plads_kolonner: list[ColumnHeader]
    kolonne_f: ColumnHeader
    kolonne_g: ColumnHeader
    projekter: list[LoanRow]  # always the form's five rows; unused rows are empty
    i_alt: LoanRow
    spørgsmål: list[LoanQuestion]
    kontakter: list[Contact]
    beskrivelse_tegn: str
    dato: str  # the date line at the foot of the form: `indsendt`, or a line to write the date on


LOAN_QUESTIONS = (
    ("kapacitet", "Hvor meget og hvordan projektet/-erne bidrager til udvidelse af den samlede kommunale "
                  "botilbudskapacitet. Beskrivelse af projektet/-erne, herunder den primære målgruppe, evt. "
                  "sammenhæng med andre tilbud mv."),
    ("andel_andre_kommuner", "Angivelse af, hvor stor en andel af projektets/-ernes kapacitetsudvidelse, der "
                             "forventes at være til rådighed for andre kommuner."),
    ("prissætning", "Beskrivelse af hvordan projektet/-erne kan bidrage til bedre prissætning af botilbudspladser."),
    ("låneadgang", "Angivelse af ansøgt låneadgang for hhv. {years}."),
    ("tidsplan", "Tidsplan for den forventede ibrugtagning af de pladser, der forventes etableret med projektet/-erne."),
    ("nyetablering_eller_renovering", "Angivelse af, om projektet/-erne medfører nyetablering af pladser eller "
                                      "renovering af eksisterende pladser. Det skal hertil angives, om nyetablering "
                                      "af pladser er nybyggeri eller inden for eksisterende bygning."),
)


def loan_context(case: Laaneansoegning, figures: LoanFigures, organisation: Organisation | None = None,
                 read_sheet: SheetReader | None = None) -> LoanContext:
    """The context of ansøgning.docx: the form with columns A-G, the six text fields and contacts."""
    years = figures.years
    letters = iter("BCDEFGHIJKLMNOPQRSTUVWXYZ")
    loan_headers = [ColumnHeader(next(letters), f"Ansøgt lånebeløb for {y} (i hele 1.000 kr.)") for y in years]
    place_headers = [ColumnHeader(next(letters), f"Hvor meget udvider projektet botilbudskapaciteten i {y}? "
                                                 "(antal pladser)") for y in years]
    rows = []
    for number in range(1, max(LOAN_FORM_ROWS, len(figures.projekter)) + 1):
        if number <= len(figures.projekter):
            p = figures.projekter[number - 1]
            rows.append(LoanRow(str(number), clean(p.navn), amount_cells(p.lån, years), amount_cells(p.pladser, years),
                                format_decimal(p.andel_andre_kommuner), format_date_short(p.forventet_afsluttet)))
        else:
            rows.append(LoanRow(str(number), "", [""] * len(years), [""] * len(years), "", ""))
    total = LoanRow("I alt", "", amount_cells(figures.lån_i_alt, years), amount_cells(figures.pladser_i_alt, years),
                    format_percent(figures.andel_i_alt) if figures.andel_i_alt is not None else "",
                    format_date_short(figures.afsluttet_senest))
    year_text = " og ".join(str(y) for y in years)
    descriptions = case.beskrivelse.model_dump()
    questions = [LoanQuestion(i, text.format(years=year_text), blocks(descriptions[key]))
                 for i, (key, text) in enumerate(LOAN_QUESTIONS, start=1)]
    return LoanContext(
        udkast=case.status == "udkast",
        titel=clean(case.titel),
        sag=clean(case.sag),
        frist=format_date_long(case.frist),
        pulje=clean(case.pulje),
        ansøger=f"{clean(case.ansøger.kommune)} (kommunenr. {case.ansøger.kommunenummer})",
        kolonne_a=ColumnHeader("A", "Anfør konkret(e) projektnavn(e) på de enkelte anlægsprojekter til udvidelse af "
                                    "botilbudskapaciteten efter SEL §§ 107 og 108"),
        lån_kolonner=loan_headers,
        plads_kolonner=place_headers,
        kolonne_f=ColumnHeader(next(letters), "Hvor stor en del af pladserne forventes at være til rådighed for "
                                              "andre kommuner? (pct)"),
        kolonne_g=ColumnHeader(next(letters), "Hvornår forventes projektet afsluttet? (angiv dato som dd/mm/åååå)"),
        projekter=rows,
        i_alt=total,
        spørgsmål=questions,
        kontakter=[Contact(f"{clean(k.navn)}, {clean(k.titel)}", clean(k.telefon), clean(k.email))
                   for k in case.kontakter],
        beskrivelse_tegn=format_amount(figures.beskrivelse_tegn),
        dato=format_date_long(case.indsendt) if case.indsendt else "______________________",
    )
