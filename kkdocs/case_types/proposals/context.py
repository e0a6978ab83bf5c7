"""What a proposal's Word templates show (`forslag.docx`, `bilag.docx`): sections, the economy table,
Tabel A/C, follow-up and hearings, formatted; each form's differences are its `ProposalForm`."""

from __future__ import annotations

from dataclasses import dataclass

from kkdocs.case_types.proposals.appendix_context import AppendixContext, appendix_context
from kkdocs.case_types.proposals.figures import ProposalFigures
from kkdocs.case.model import Hørt, Organisation
from kkdocs.case_types.proposals.model import FOLLOW_UP_GROUPS, Proposal, is_center_for_økonomi
from kkdocs.danish_format import format_date_long, format_years
from kkdocs.documents.context import (CHECKED, CheckboxRow, FollowUpRow, HeardRow, SheetReader, UNCHECKED, amount_cells,
                                      checkbox_rows, heard_row)
from kkdocs.documents.rich_text import Block, blocks, clean
from kkdocs.figures.calculation import KvantumTable, Row


TABEL_A = "Tabel A. Måltalseffekt – hvis forslaget indarbejdes (nettoeffektivisering)"


TABEL_C = "Tabel C. Bevillingsmæssig effekt – hvis forslaget indarbejdes (bruttoeffektivisering)"


KVANTUM_FOOTNOTE = ("* I forbindelse med godkendelse i Effektiviseringskredsen er det forvaltningernes eget ansvar "
                    "at udfylde de relevante oplysninger til teknisk udmøntning (i Kvantum) af forslaget.")


CFO_NAME = "Center for Økonomi, Økonomiforvaltningen"


PROPOSAL_SECTIONS = 4  # forslag.docx has sections 1-4; the administrativt bilag goes on from 5


@dataclass(frozen=True)
class TableRow:
    tekst: str
    styringsområde: str
    cells: list[str]  # one per year; "" for an absent year


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
class FollowUpGroup:
    navn: str
    mål: list[FollowUpRow]


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
        bilag=[appendix_context(case, index, bilag, read_sheet) for index, bilag in enumerate(case.bilag, start=1)],
    )


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
    cfo = [heard_row(h, form.cfo_no_date, form.cfo_note) for h in case.hørt if is_center_for_økonomi(h.instans)]
    others = [heard_row(h) for h in case.hørt if not is_center_for_økonomi(h.instans)]
    return Heard(cfo or [heard_row(Hørt(instans=CFO_NAME), form.cfo_no_date, form.cfo_note)], others)


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
