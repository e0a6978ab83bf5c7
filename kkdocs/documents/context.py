"""The template context: what a Word template may show, as typed, formatted values.

One function per form builds it (`proposal_context`, `loan_context`, `distribution_context`),
and a case type's record (`kkdocs/case_types/`) names the one its templates use. Every number comes from calculation.py and
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
from kkdocs.checks.attachments import SheetNumber
from kkdocs.danish_format import (format_amount, format_date_long, format_date_short, format_decimal, format_percent,
                                  format_month, format_with_excel_format, format_years, month_abbrev)
from kkdocs.documents.rich_text import Block, blocks, clean
from kkdocs.figures.calculation import (DistributionFigures, KvantumTable, LoanFigures, ProposalFigures, Row, Years,
                                        bilag_table_totals)

CHECKED = "☒"
UNCHECKED = "☐"
TABEL_A = "Tabel A. Måltalseffekt – hvis forslaget indarbejdes (nettoeffektivisering)"
TABEL_C = "Tabel C. Bevillingsmæssig effekt – hvis forslaget indarbejdes (bruttoeffektivisering)"
KVANTUM_FOOTNOTE = ("* I forbindelse med godkendelse i Effektiviseringskredsen er det forvaltningernes eget ansvar "
                    "at udfylde de relevante oplysninger til teknisk udmøntning (i Kvantum) af forslaget.")
CFO_NAME = "Center for Økonomi, Økonomiforvaltningen"
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
class TableCell:
    tekst: str
    tal: bool  # the cell's column holds numbers: printed right-aligned, its header too


@dataclass(frozen=True)
class SimpleTable:
    titel: list[str]  # 0 or 1: the caption above the table ("Tabel 1. …")
    kolonner: list[TableCell]
    rækker: list[list[TableCell]]
    i_alt: list[list[TableCell]]  # 0 or 1: the computed "I alt" row of the columns the case names


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
class ProposalForm:
    """What the two proposal forms of seed 000 print differently; a proposal type's record names its form."""

    name: str  # in the heading: "INVESTERINGSFORSLAG"
    tabel_c: bool  # Tabel C (the gross effect) beside Tabel A
    samlet_varig: str  # the label of Tabel 1/2's total row (000:54, 000:550-551)
    anm: str  # what stands before "Noter til alle tabeller" (000:56, 000:622)
    # The standing text of Center for Økonomi's row of "Hvem er hørt?", printed when the case gives
    # no bemærkning of its own, and what the row says without a date.
    cfo_note: str
    cfo_no_date: str


EFFEKTIVISERING_FORM = ProposalForm(
    name="EFFEKTIVISERINGSFORSLAG", tabel_c=False, samlet_varig="Samlet varig ændring", anm="",
    cfo_note="Center for Økonomi i Økonomiforvaltningen orienteres inden udvalgsgodkendelse.", cfo_no_date="")
INVESTERING_FORM = ProposalForm(
    name="INVESTERINGSFORSLAG", tabel_c=True, samlet_varig="Samlet varig ændring af investeringscasen", anm="Anm. ",
    cfo_note="Alle forslag skal godkendes i deres endelige form af Center for Økonomi i Økonomiforvaltningen inden "
             "udvalgsgodkendelse.",
    cfo_no_date="Angiv dato for godkendelse.")


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
    samlet_varig_tekst: str  # the total row's label, with its note's marker
    samlet_varig: list[str]
    memoposter: list[TableRow]
    implementering: list[TableRow]
    samlet_implementering: list[str]
    samlet_påvirkning: list[str]
    tilbagebetaling_service: str
    tilbagebetaling_totaløkonomi: str
    pl_note: str
    noter: list[str]  # the rows' notes in table order, "*…", "**…"


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
    tekst_før: list[Block]  # the prose above the table: `fordeling.tekst_før_tabel_c` above the first Tabel C
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
    økonomi_tekst_efter_tabel: list[Block]  # section 2's prose after the table and its notes
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
                     read_sheet: SheetReader | None = None, *, form: ProposalForm) -> ProposalContext:
    """The context of forslag.docx, administrativt-bilag.docx and every bilag.docx of `form`."""
    heading = ("TVÆRGÅENDE " if case.tværgående else "") + form.name
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
        berørte=checkbox_rows(case.berørte_forvaltninger, organisation),
        beskrivelse=blocks(case.beskrivelse),
        innovation=_innovation(case),
        økonomi_tekst=blocks(case.økonomi.tekst),
        tabel=_economy_table(case, figures, form),
        økonomi_tekst_efter_tabel=blocks(case.økonomi.tekst_efter_tabel),
        afsnit=numbers,
        fordeling=distribution,
        opfølgning=_follow_up(case),
        implementering_og_opfølgning=blocks(case.implementering_og_opfølgning),
        risikovurdering=blocks(case.risikovurdering),
        administration=administration,
        hørt=_heard(case, form),
        kvantum=_kvantum_tables(case, figures, form),
        bilag=[_appendix(case, index, bilag, read_sheet) for index, bilag in enumerate(case.bilag, start=1)],
    )


def checkbox_rows(chosen: list[str], organisation: Organisation) -> list[CheckboxRow]:
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


def kvantum_kinds(figures: ProposalFigures, form: ProposalForm) -> list[tuple[str, str, KvantumTable]]:
    """(letter, title, table) of each Kvantum table of a proposal, in print order.

    Tabel A, and Tabel C where the form has it; then the same in udmøntning p/l when the case
    gives one. Word (the administrativt bilag) and Excel (kvantum.xlsx) both print these.
    """
    kinds = [("A", TABEL_A, figures.tabel_a, figures.tabel_a_udmøntning)]
    if form.tabel_c:
        kinds.append(("C", TABEL_C, figures.tabel_c, figures.tabel_c_udmøntning))
    result = [(letter, title, table) for letter, title, table, _ in kinds]
    result += [(letter, title, converted) for letter, title, _, converted in kinds if converted is not None]
    return result


@dataclass(frozen=True)
class EconomyLabels:
    """The row labels of Tabel 1/2, each marked "*", "**", … when it has a note, and those notes."""

    varige: list[str]
    samlet_varig: str  # the form's label of the total row, with its note's marker
    memoposter: list[str]
    implementering: list[str]
    noter: list[str]  # "*Det bemærkes …", in the order of the table's rows


def economy_labels(case: Proposal, figures: ProposalFigures, form: ProposalForm) -> EconomyLabels:
    """The markers count on down the table (seed 000:550-558: the total row's "*", the memopost's "**"):
    the permanent rows, the total, the memoposter, then the implementation rows."""
    notes: list[str] = []

    def marked(label: str, note: str | None) -> str:
        text = clean(note).strip() if note else ""
        if not text:
            return label
        stars = "*" * (len(notes) + 1)
        notes.append(stars + text)
        return label + stars

    varige = [marked(f.tekst, r.note) for r, f in zip(case.økonomi.varige_ændringer, figures.varige)]
    samlet = marked(form.samlet_varig, case.økonomi.samlet_note)
    memo = [marked(f.tekst, m.note) for m, f in zip(case.økonomi.memoposter, figures.memoposter)]
    impl = [marked(f.tekst, i.note) for i, f in zip(case.økonomi.implementering, figures.implementering)]
    return EconomyLabels(varige, samlet, memo, impl, notes)


def pl_note(case: Proposal, figures: ProposalFigures, form: ProposalForm) -> str:
    """The price-level note under Tabel 1/2, in Word and Excel alike: "Anm. Noter til alle tabeller: …"
    under the investeringsforslag's Tabel 2 (000:622), without "Anm." under Tabel 1 (000:56)."""
    note = f"Noter til alle tabeller: Forslaget skal udarbejdes i {figures.pl} p/l"
    if case.økonomi.udmøntning_pl is not None:
        note += f", men udmøntes i {case.økonomi.udmøntning_pl} p/l"
    return form.anm + note + "."


def amount_cells(amounts: Years, years: tuple[int, ...]) -> list[str]:
    """One cell per table year: the amount, "" when the year is absent, "0" for an explicit 0."""
    return [format_amount(amounts.get(year)) for year in years]


def _row(row: Row, years: tuple[int, ...], label: str | None = None) -> TableRow:
    return TableRow(clean(label if label is not None else row.tekst), row.styringsområde or "", amount_cells(row.amounts, years))


def _economy_table(case: Proposal, figures: ProposalFigures, form: ProposalForm) -> EconomyTable:
    years = figures.years
    labels = economy_labels(case, figures, form)
    return EconomyTable(
        enhed=f"1.000 kr. {figures.pl} p/l",
        år=[str(year) for year in years],
        span=len(years) + 2,
        år_antal=len(years),
        varige=[_row(r, years, label) for r, label in zip(figures.varige, labels.varige)],
        samlet_varig_tekst=labels.samlet_varig,
        samlet_varig=amount_cells(figures.samlet_varig_ændring, years),
        memoposter=[_row(figure, years, label) for figure, label in zip(figures.memoposter, labels.memoposter)],
        implementering=[_row(r, years, label) for r, label in zip(figures.implementering, labels.implementering)],
        samlet_implementering=amount_cells(figures.samlede_implementeringsomkostninger, years),
        samlet_påvirkning=amount_cells(figures.samlet_økonomisk_påvirkning, years),
        tilbagebetaling_service=format_years(figures.tilbagebetalingstid_service),
        tilbagebetaling_totaløkonomi=format_years(figures.tilbagebetalingstid_totaløkonomi),
        pl_note=pl_note(case, figures, form),
        noter=labels.noter,
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


def _heard(case: Proposal, form: ProposalForm) -> Heard:
    """Center for Økonomi's rows (the form's own row when the case has none) and the others'."""
    cfo = [_heard_row(h, form.cfo_no_date, form.cfo_note) for h in case.hørt if is_center_for_økonomi(h.instans)]
    others = [_heard_row(h) for h in case.hørt if not is_center_for_økonomi(h.instans)]
    return Heard(cfo or [_heard_row(Hørt(instans=CFO_NAME), form.cfo_no_date, form.cfo_note)], others)


def heard_rows(entries: list[Hørt]) -> list[HeardRow]:
    """The rows of a plain "Hvem er hørt?" table (the innovationsforslag's): instans, Ja/Nej, date and remark."""
    return [_heard_row(h) for h in entries]


def _heard_row(heard: Hørt, no_date: str = "", default_note: str = "") -> HeardRow:
    details = [format_date_long(heard.dato) if heard.dato else no_date]
    note = clean(heard.bemærkning).strip()
    details.append(note or default_note)
    answered = heard.svar == "ja" if heard.svar is not None else heard.dato is not None
    return HeardRow(clean(heard.instans).strip(), "Ja" if answered else "Nej", "\n".join(d for d in details if d))


def _kvantum_tables(case: Proposal, figures: ProposalFigures, form: ProposalForm) -> list[KvantumTableContext]:
    result = []
    before_c = blocks(getattr(case.fordeling, "tekst_før_tabel_c", None))  # 000:825-826
    for letter, title, table in kvantum_kinds(figures, form):
        suffix = "" if table.pl == figures.pl else f" – udmøntning i {table.pl} p/l"
        text, before_c = (before_c, []) if letter == "C" else ([], before_c)
        result.append(_kvantum_table(title + suffix, table, figures.years, text))
    return result


def _kvantum_table(title: str, table: KvantumTable, years: tuple[int, ...], text: list[Block]) -> KvantumTableContext:
    return KvantumTableContext(
        tekst_før=text,
        titel=title,
        enhed=f"1.000 kr. {table.pl} p/l",
        år=[str(year) for year in years],
        år_antal=len(years),
        rækker=[KvantumRowContext(clean(r.label), r.is_bevilling, amount_cells(r.amounts, years)) for r in table.rows],
        total=amount_cells(table.total, years),
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


def table_rows(table: Tabel, read_sheet: SheetReader | None) -> tuple[list[object], list[list[object]]]:
    """A bilag table's header and body rows, as the case writes them or as the sheet holds them."""
    if table.fra_excel is not None:
        if read_sheet is None:
            raise ValueError(f"tabellen fra {table.fra_excel} kan ikke læses uden sagens mappe")
        rows = read_sheet(table)
        return (list(rows[0]), [list(r) for r in rows[1:]]) if rows else ([], [])
    return list(table.kolonner or []), [list(r) for r in (table.rækker or [])]


def _simple_table(table: Tabel, read_sheet: SheetReader | None) -> SimpleTable:
    header, body = table_rows(table, read_sheet)
    width = max([len(header)] + [len(r) for r in body])
    header = header + [None] * (width - len(header))
    body = [r + [None] * (width - len(r)) for r in body]
    numeric = [bool(column) and all(_is_number(v) for v in column)
               for column in ([r[i] for r in body if r[i] not in (None, "")] for i in range(width))]
    totals = bilag_table_totals(table, header, body)
    total_row: list[list[TableCell]] = []
    if table.i_alt:
        names = [_plain_value(h) for h in header]
        cells = []
        for i in range(width):
            if names[i] in totals:
                sample = next((r[i] for r in body if _is_number(r[i])), None)
                cells.append(TableCell(_total_cell(totals[names[i]], sample), True))
            else:
                cells.append(TableCell("", numeric[i]))
        if not cells[0].tekst:
            cells[0] = TableCell("I alt", numeric[0])
        total_row = [cells]
    return SimpleTable(
        titel=[clean(table.titel).strip()] if table.titel and table.titel.strip() else [],
        kolonner=[TableCell(cell_text(c), numeric[i]) for i, c in enumerate(header)],
        rækker=[[TableCell(cell_text(c), numeric[i]) for i, c in enumerate(r)] for r in body],
        i_alt=total_row,
    )


def _plain_value(value: object) -> object:
    return value.value if isinstance(value, SheetNumber) else value


def _is_number(value: object) -> bool:
    value = _plain_value(value)
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _total_cell(total: object, sample: object) -> str:
    """The I alt figure, in the number format of its column's cells when they come from a sheet."""
    if total is None:
        return ""
    if isinstance(sample, SheetNumber):
        shown = format_with_excel_format(total, sample.number_format)
        if shown is not None:
            return shown
    return cell_text(total)


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
