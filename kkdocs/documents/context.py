"""The template context: what a Word template may show, as typed, formatted values.

One function per case type builds it (`proposal_context`, `loan_context`,
`distribution_context`), and nothing else does. Every number comes from calculation.py and
is formatted here with danish_format; a template only places strings. Free text arrives as
lists of `Block` paragraphs (rich_text.py).

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

from kkdocs.case.model import (FOLLOW_UP_GROUPS, Bilag, Fordelingsbilag, Hørt, Laaneansoegning, Organisation,
                               Proposal, Tabel, is_center_for_økonomi)
from kkdocs.danish_format import (format_amount, format_date_long, format_date_short, format_decimal, format_percent,
                                  format_month, format_years, month_abbrev)
from kkdocs.documents.rich_text import Block, blocks, clean
from kkdocs.figures.calculation import DistributionFigures, KvantumTable, LoanFigures, ProposalFigures, Row, Years

CHECKED = "☒"
UNCHECKED = "☐"
TABEL_A = "Tabel A. Måltalseffekt – hvis forslaget indarbejdes (nettoeffektivisering)"
TABEL_C = "Tabel C. Bevillingsmæssig effekt – hvis forslaget indarbejdes (bruttoeffektivisering)"
KVANTUM_FOOTNOTE = ("* I forbindelse med godkendelse i Effektiviseringskredsen er det forvaltningernes eget ansvar "
                    "at udfylde de relevante oplysninger til teknisk udmøntning (i Kvantum) af forslaget.")
CFO_NAME = "Center for Økonomi, Økonomiforvaltningen"
# The standing text of the Center for Økonomi row of "Hvem er hørt?", per form, printed when
# the case gives no bemærkning of its own (seed 000).
CFO_NOTE = {
    "effektiviseringsforslag": "Center for Økonomi i Økonomiforvaltningen orienteres inden udvalgsgodkendelse.",
    "investeringsforslag": "Alle forslag skal godkendes i deres endelige form af Center for Økonomi i "
                           "Økonomiforvaltningen inden udvalgsgodkendelse.",
}
CFO_NO_DATE = {"effektiviseringsforslag": "", "investeringsforslag": "Angiv dato for godkendelse."}
PROPOSAL_SECTIONS = 4  # forslag.docx has sections 1-4; the administrativt bilag goes on from 5
PHASE_FILL = "1F4E79"
NO_FILL = "FFFFFF"
LOAN_FORM_ROWS = 5
ALL_SHARES_SHOWN = "100"  # the per-cent total of a fordelingsbilag, as seed 002 prints it
SHARES_NOTE = ("Andelene i pct. er afrundet hver for sig til én decimal og summerer derfor ikke nødvendigvis "
               "til 100. Beløbene er fordelt, så de summerer præcist til det samlede beløb.")

# Reads a `tabel: {fra_excel: …}` as rows (header first); given by the renderer, which knows
# where the case file lies.
SheetReader = Callable[[Tabel], list[list[object]]]


# --- shared pieces ------------------------------------------------------------------------

@dataclass(frozen=True)
class Checkbox:
    mærke: str  # ☒ or ☐, "" for an empty place in the grid
    navn: str


@dataclass(frozen=True)
class CheckboxRow:
    venstre: Checkbox
    højre: Checkbox


@dataclass(frozen=True)
class TableRow:
    tekst: str
    styringsområde: str
    cells: list[str]  # one per year; "" for an absent year


@dataclass(frozen=True)
class SimpleTable:
    kolonner: list[str]
    rækker: list[list[str]]


@dataclass(frozen=True)
class YearGroup:
    år: str
    antal: int  # months of that year in the plan


@dataclass(frozen=True)
class PhaseCell:
    farve: str  # hex fill, no "#"


@dataclass(frozen=True)
class PhaseRow:
    fase: str
    periode: str  # "apr. 2024 - sep. 2024"
    cells: list[PhaseCell]


@dataclass(frozen=True)
class PhasePlan:
    år: list[YearGroup]
    måneder: list[str]  # "apr", "maj", …
    rækker: list[PhaseRow]


@dataclass(frozen=True)
class AppendixContext:
    """One rendered bilag (bilag.docx): BILAG n, its title, text, table and phase plan."""

    udkast: bool
    sag: str
    sagstitel: str
    nummer: int
    overskrift: str  # "BILAG 1"
    titel: str
    tekst: list[Block]
    tabeller: list[SimpleTable]  # 0 or 1
    faseplaner: list[PhasePlan]  # 0 or 1
    fil: str  # the attached PDF (a bilag that is a file is not rendered), else ""


# --- proposals ------------------------------------------------------------------------------

@dataclass(frozen=True)
class InnovationBox:
    ja: str
    nej: str
    titel: str
    vedtaget: str


@dataclass(frozen=True)
class EconomyTable:
    """Tabel 1 (effektivisering) or Tabel 2 (investering): the proposal's economy by year."""

    enhed: str  # "1.000 kr. 2025 p/l"
    år: list[str]
    span: int  # all columns: label, styringsområde and the years
    år_antal: int
    varige: list[TableRow]
    samlet_varig: list[str]
    memoposter: list[TableRow]
    implementering: list[TableRow]
    samlet_implementering: list[str]
    samlet_påvirkning: list[str]
    tilbagebetaling_service: str
    tilbagebetaling_totaløkonomi: str
    pl_note: str
    noter: list[str]  # the memoposter's notes, "*…", "**…"


@dataclass(frozen=True)
class FollowUpRow:
    mål: str
    måling: str
    ansvarlig: str
    tidspunkt: str


@dataclass(frozen=True)
class FollowUpGroup:
    navn: str
    mål: list[FollowUpRow]


@dataclass(frozen=True)
class HeardRow:
    instans: str
    svar: str  # Ja / Nej
    detaljer: str  # the date ("13. oktober 2023") and the remark, on separate lines


@dataclass(frozen=True)
class Heard:
    """"Hvem er hørt?": Center for Økonomi in the first table, everyone else in the second."""

    cfø: list[HeardRow]  # at least one row: the form always asks for Center for Økonomi
    øvrige: list[HeardRow]  # empty: the form prints "Ikke relevant"


@dataclass(frozen=True)
class Section:
    """An optional section of a form: its number, computed from the sections present, and its text."""

    nummer: str  # "5", "2.1"
    tekst: list[Block]


@dataclass(frozen=True)
class SectionNumbers:
    """The numbers of the sections every proposal has; they follow the optional ones present."""

    beskrivelse: str
    økonomi: str
    implementering: str
    risikovurdering: str
    hørt: str
    kvantum: str


@dataclass(frozen=True)
class KvantumRowContext:
    tekst: str
    bevilling: bool  # a bevilling under Økonomiudvalget: printed indented
    cells: list[str]


@dataclass(frozen=True)
class KvantumTableContext:
    titel: str  # "Tabel A. Måltalseffekt – hvis forslaget indarbejdes (nettoeffektivisering)"
    enhed: str
    år: list[str]
    år_antal: int
    rækker: list[KvantumRowContext]
    total: list[str]
    fodnote: str


@dataclass(frozen=True)
class ProposalContext:
    udkast: bool
    titel: str
    sag: str
    frist: str
    overskrift: str  # "TVÆRGÅENDE INVESTERINGSFORSLAG"
    bilag_overskrift: str  # "ADMINISTRATIVT BILAG TIL TVÆRGÅENDE INVESTERINGSFORSLAG"
    kort_resumé: list[Block]
    fremstillende_forvaltning: str
    berørte: list[CheckboxRow]
    beskrivelse: list[Block]
    innovation: InnovationBox
    økonomi_tekst: list[Block]
    tabel: EconomyTable
    afsnit: SectionNumbers
    fordeling: list[Section]  # 0 or 1: "2.1 Fordeling på udvalg", when the case gives fordeling.tekst
    opfølgning: list[FollowUpGroup]
    implementering_og_opfølgning: list[Block]
    risikovurdering: list[Block]
    administration: list[Section]  # 0 or 1: "Effektivisering på administration", when the case gives it
    hørt: Heard
    kvantum: list[KvantumTableContext]
    bilag: list[AppendixContext]


def proposal_context(case: Proposal, figures: ProposalFigures, organisation: Organisation,
                     read_sheet: SheetReader | None = None) -> ProposalContext:
    """The context of forslag.docx, administrativt-bilag.docx and every bilag.docx."""
    heading = ("TVÆRGÅENDE " if case.tværgående else "") + case.type.upper()
    fremstillende = organisation.forvaltninger.get(case.fremstillende_forvaltning)
    numbers, distribution, administration = _sections(case)
    return ProposalContext(
        udkast=case.status == "udkast",
        titel=clean(case.titel),
        sag=clean(case.sag),
        frist=format_date_long(case.frist),
        overskrift=heading,
        bilag_overskrift=f"ADMINISTRATIVT BILAG TIL {heading}",
        kort_resumé=blocks(case.kort_resumé),
        fremstillende_forvaltning=fremstillende.navn if fremstillende else clean(case.fremstillende_forvaltning),
        berørte=_checkbox_rows(case.berørte_forvaltninger, organisation),
        beskrivelse=blocks(case.beskrivelse),
        innovation=_innovation(case),
        økonomi_tekst=blocks(case.økonomi.tekst),
        tabel=_economy_table(case, figures),
        afsnit=numbers,
        fordeling=distribution,
        opfølgning=_follow_up(case),
        implementering_og_opfølgning=blocks(case.implementering_og_opfølgning),
        risikovurdering=blocks(case.risikovurdering),
        administration=administration,
        hørt=_heard(case),
        kvantum=_kvantum_tables(case, figures),
        bilag=[_appendix(case, index, bilag, read_sheet) for index, bilag in enumerate(case.bilag, start=1)],
    )


def _checkbox_rows(chosen: list[str], organisation: Organisation) -> list[CheckboxRow]:
    """All forvaltninger in the form's two-column order (organisation.yaml's order)."""
    boxes = [Checkbox(CHECKED if code in chosen else UNCHECKED, f.navn) for code, f in organisation.forvaltninger.items()]
    if len(boxes) % 2:
        boxes.append(Checkbox("", ""))
    return [CheckboxRow(boxes[i], boxes[i + 1]) for i in range(0, len(boxes), 2)]


def _innovation(case: Proposal) -> InnovationBox:
    if case.innovationsforslag is None:
        return InnovationBox(UNCHECKED, CHECKED, "[Angiv titel på innovationsforslag]",
                             "[Angiv vedtagelsestidspunkt (budget/OFS)]")
    return InnovationBox(CHECKED, UNCHECKED, clean(case.innovationsforslag.titel),
                         clean(case.innovationsforslag.vedtaget))


def kvantum_kinds(case: Proposal, figures: ProposalFigures) -> list[tuple[str, str, KvantumTable]]:
    """(letter, title, table) of each Kvantum table of a proposal, in print order.

    Tabel A, and Tabel C for an investeringsforslag; then the same in udmøntning p/l when the
    case gives one. Word (the administrativt bilag) and Excel (kvantum.xlsx) both print these.
    """
    kinds = [("A", TABEL_A, figures.tabel_a, figures.tabel_a_udmøntning)]
    if case.type == "investeringsforslag":
        kinds.append(("C", TABEL_C, figures.tabel_c, figures.tabel_c_udmøntning))
    result = [(letter, title, table) for letter, title, table, _ in kinds]
    result += [(letter, title, converted) for letter, title, _, converted in kinds if converted is not None]
    return result


def memo_labels(case: Proposal, figures: ProposalFigures) -> tuple[list[str], list[str]]:
    """Each memopost's row label, marked "*", "**", … when it has a note, and those notes in order."""
    labels, notes = [], []
    for memo, figure in zip(case.økonomi.memoposter, figures.memoposter):
        label = figure.tekst
        if memo.note:
            stars = "*" * (len(notes) + 1)
            label += stars
            notes.append(stars + clean(memo.note).strip())
        labels.append(label)
    return labels, notes


def pl_note(case: Proposal, figures: ProposalFigures) -> str:
    """The price-level note under Tabel 1/2, in Word and Excel alike."""
    note = f"Noter til alle tabeller: Forslaget skal udarbejdes i {figures.pl} p/l"
    if case.økonomi.udmøntning_pl is not None:
        note += f", men udmøntes i {case.økonomi.udmøntning_pl} p/l"
    return note + "."


def _cells(amounts: Years, years: tuple[int, ...]) -> list[str]:
    """One cell per table year: the amount, "" when the year is absent, "0" for an explicit 0."""
    return [format_amount(amounts.get(year)) for year in years]


def _row(row: Row, years: tuple[int, ...], label: str | None = None) -> TableRow:
    return TableRow(clean(label if label is not None else row.tekst), row.styringsområde or "", _cells(row.amounts, years))


def _economy_table(case: Proposal, figures: ProposalFigures) -> EconomyTable:
    years = figures.years
    labels, notes = memo_labels(case, figures)
    return EconomyTable(
        enhed=f"1.000 kr. {figures.pl} p/l",
        år=[str(year) for year in years],
        span=len(years) + 2,
        år_antal=len(years),
        varige=[_row(r, years) for r in figures.varige],
        samlet_varig=_cells(figures.samlet_varig_ændring, years),
        memoposter=[_row(figure, years, label) for figure, label in zip(figures.memoposter, labels)],
        implementering=[_row(r, years) for r in figures.implementering],
        samlet_implementering=_cells(figures.samlede_implementeringsomkostninger, years),
        samlet_påvirkning=_cells(figures.samlet_økonomisk_påvirkning, years),
        tilbagebetaling_service=format_years(figures.tilbagebetalingstid_service),
        tilbagebetaling_totaløkonomi=format_years(figures.tilbagebetalingstid_totaløkonomi),
        pl_note=pl_note(case, figures),
        noter=notes,
    )


def _sections(case: Proposal) -> tuple[SectionNumbers, list[Section], list[Section]]:
    """Number the sections that are present: forslag.docx has 1-4 (2.1 when fordeling.tekst is
    given); the administrativt bilag goes on with "Effektivisering på administration" when the
    case gives `administration`, then "Hvem er hørt?" and the Kvantum tables."""
    distribution_text = blocks(case.fordeling.tekst)
    distribution = [Section("2.1", distribution_text)] if distribution_text else []
    administration_text = blocks(case.administration)
    number = PROPOSAL_SECTIONS + 1
    administration = []
    if administration_text:
        administration = [Section(str(number), administration_text)]
        number += 1
    numbers = SectionNumbers(beskrivelse="1", økonomi="2", implementering="3", risikovurdering="4",
                             hørt=str(number), kvantum=str(number + 1))
    return numbers, distribution, administration


def _follow_up(case: Proposal) -> list[FollowUpGroup]:
    groups = []
    for name in FOLLOW_UP_GROUPS:
        rows = [FollowUpRow(clean(o.mål).strip(), clean(o.måling).strip(), clean(o.ansvarlig).strip(),
                            clean(o.tidspunkt).strip()) for o in case.opfølgning if o.gruppe == name]
        groups.append(FollowUpGroup(name, rows))
    return groups


def _heard(case: Proposal) -> Heard:
    """Center for Økonomi's rows (the form's own row when the case has none) and the others'."""
    cfo = [_heard_row(h, CFO_NO_DATE[case.type], CFO_NOTE[case.type])
           for h in case.hørt if is_center_for_økonomi(h.instans)]
    others = [_heard_row(h) for h in case.hørt if not is_center_for_økonomi(h.instans)]
    return Heard(cfo or [_heard_row(Hørt(instans=CFO_NAME), CFO_NO_DATE[case.type], CFO_NOTE[case.type])], others)


def _heard_row(heard: Hørt, no_date: str = "", default_note: str = "") -> HeardRow:
    details = [format_date_long(heard.dato) if heard.dato else no_date]
    note = clean(heard.bemærkning).strip()
    details.append(note or default_note)
    return HeardRow(clean(heard.instans).strip(), "Ja" if heard.dato else "Nej", "\n".join(d for d in details if d))


def _kvantum_tables(case: Proposal, figures: ProposalFigures) -> list[KvantumTableContext]:
    result = []
    for _, title, table in kvantum_kinds(case, figures):
        suffix = "" if table.pl == figures.pl else f" – udmøntning i {table.pl} p/l"
        result.append(_kvantum_table(title + suffix, table, figures.years))
    return result


def _kvantum_table(title: str, table: KvantumTable, years: tuple[int, ...]) -> KvantumTableContext:
    return KvantumTableContext(
        titel=title,
        enhed=f"1.000 kr. {table.pl} p/l",
        år=[str(year) for year in years],
        år_antal=len(years),
        rækker=[KvantumRowContext(clean(r.label), r.is_bevilling, _cells(r.amounts, years)) for r in table.rows],
        total=_cells(table.total, years),
        fodnote=KVANTUM_FOOTNOTE,
    )


# --- bilag -----------------------------------------------------------------------------------

def _appendix(case: Proposal, number: int, bilag: Bilag, read_sheet: SheetReader | None) -> AppendixContext:
    tables = [_simple_table(bilag.tabel, read_sheet)] if bilag.tabel is not None else []
    plans = [phase_plan(bilag.faseplan)] if bilag.faseplan else []
    return AppendixContext(
        udkast=case.status == "udkast",
        sag=clean(case.sag),
        sagstitel=clean(case.titel),
        nummer=number,
        overskrift=f"BILAG {number}",
        titel=clean(bilag.titel),
        tekst=blocks(bilag.tekst),
        tabeller=tables,
        faseplaner=plans,
        fil=bilag.fil or "",
    )


def _simple_table(table: Tabel, read_sheet: SheetReader | None) -> SimpleTable:
    if table.fra_excel is not None:
        if read_sheet is None:
            raise ValueError(f"tabellen fra {table.fra_excel} kan ikke læses uden sagens mappe")
        rows = read_sheet(table)
        header, body = (rows[0], rows[1:]) if rows else ([], [])
    else:
        header, body = list(table.kolonner or []), [list(r) for r in (table.rækker or [])]
    width = max([len(header)] + [len(r) for r in body])
    header = [_cell(c) for c in header] + [""] * (width - len(header))
    return SimpleTable(header, [[_cell(c) for c in r] + [""] * (width - len(r)) for r in body])


def _cell(value: object) -> str:
    """A bilag table cell: whole numbers as amounts, decimals with a comma, dates the Danish way."""
    if value is None:
        return ""
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


def phase_plan(phases) -> PhasePlan:
    """The month grid: every month from the earliest start to the latest end, shaded per phase."""
    def month_number(text: str) -> int:
        year, month = text.split("-")
        return int(year) * 12 + int(month) - 1

    first = min(month_number(p.start) for p in phases)
    last = max(month_number(p.slut) for p in phases)
    months = list(range(first, last + 1))
    groups: list[YearGroup] = []
    for m in months:
        year = str(m // 12)
        if groups and groups[-1].år == year:
            groups[-1] = YearGroup(year, groups[-1].antal + 1)
        else:
            groups.append(YearGroup(year, 1))
    rows = []
    for p in phases:
        start, end = month_number(p.start), month_number(p.slut)
        cells = [PhaseCell(PHASE_FILL if start <= m <= end else NO_FILL) for m in months]
        period = f"{format_month(start // 12, start % 12 + 1)} - {format_month(end // 12, end % 12 + 1)}"
        rows.append(PhaseRow(clean(p.fase), period, cells))
    return PhasePlan(groups, [month_abbrev(m % 12 + 1) for m in months], rows)


# --- laaneansoegning --------------------------------------------------------------------------

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
            rows.append(LoanRow(str(number), clean(p.navn), _cells(p.lån, years), _cells(p.pladser, years),
                                format_decimal(p.andel_andre_kommuner), format_date_short(p.forventet_afsluttet)))
        else:
            rows.append(LoanRow(str(number), "", [""] * len(years), [""] * len(years), "", ""))
    total = LoanRow("I alt", "", _cells(figures.lån_i_alt, years), _cells(figures.pladser_i_alt, years),
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


# --- fordelingsbilag ----------------------------------------------------------------------------

@dataclass(frozen=True)
class KeyRowContext:
    navn: str
    vægt: str
    andel: str  # per cent, one decimal
    beløb: str


@dataclass(frozen=True)
class DistributionContext:
    udkast: bool
    titel: str
    sag: str
    frist: str
    tekst: list[Block]
    overskrift: str  # "Bilag 8.2 Finansiering pr. kommune …": bilagsnummer and titel
    navn_kolonne: str
    nøgle_kolonne: str  # "Indbyggere - antal"
    andel_kolonne: str  # "Andel indbyggere pct."
    beløb_kolonne: str  # "Andel finansiering kr."
    rækker: list[KeyRowContext]
    total: KeyRowContext  # named "Indbyggere hele KKR Hovedstaden" when the case gives område
    note: str  # the shares are rounded one by one


def distribution_context(case: Fordelingsbilag, figures: DistributionFigures, organisation: Organisation | None = None,
                         read_sheet: SheetReader | None = None) -> DistributionContext:
    """The context of the fordelingsbilag's bilag.docx: text and the key table with its total."""
    return DistributionContext(
        udkast=case.status == "udkast",
        titel=clean(case.titel),
        sag=clean(case.sag),
        frist=format_date_long(case.frist),
        tekst=blocks(case.tekst),
        overskrift=" ".join(clean(t).strip() for t in (case.bilagsnummer, case.titel) if t and t.strip()),
        navn_kolonne="",
        nøgle_kolonne=f"{clean(case.nøgle_navn)} - antal",
        andel_kolonne=f"Andel {clean(case.nøgle_navn).lower()} pct.",
        beløb_kolonne=f"Andel finansiering {case.enhed}",
        rækker=[KeyRowContext(clean(r.navn), format_decimal(r.vægt), format_percent(r.andel), format_amount(r.beløb))
                for r in figures.rows],
        total=KeyRowContext(distribution_total_label(case), format_decimal(figures.nøgletotal), ALL_SHARES_SHOWN,
                            format_amount(figures.beløb)),
        note=SHARES_NOTE,
    )


def distribution_total_label(case: Fordelingsbilag) -> str:
    """The total row's label: "Indbyggere hele KKR Hovedstaden" (seed 002) when the case names its område."""
    if case.område and case.område.strip():
        return f"{clean(case.nøgle_navn).strip()} hele {clean(case.område).strip()}"
    return "I alt"


# The context builder and context type of each builder name a manifest may use.
BUILDERS = {
    "proposal": (proposal_context, ProposalContext),
    "loan": (loan_context, LoanContext),
    "distribution": (distribution_context, DistributionContext),
}
