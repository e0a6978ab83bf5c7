"""What the fordelingsbilag's Word template shows: the text, the key table and its total row, formatted."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from kkdocs.case.model import Organisation
from kkdocs.case_types.fordelingsbilag.figures import DistributionFigures
from kkdocs.case_types.fordelingsbilag.model import Fordelingsbilag
from kkdocs.danish_format import format_amount, format_date_long, format_decimal, format_percent
from kkdocs.documents.context import SheetReader
from kkdocs.documents.rich_text import Block, blocks, clean


ALL_SHARES_SHOWN = "100"  # the per-cent total of a fordelingsbilag, as seed 002 prints it


SHARES_NOTE = ("Andelene i pct. er afrundet hver for sig til én decimal og summerer derfor ikke nødvendigvis "
               "til 100. Beløbene er fordelt, så de summerer præcist til det samlede beløb.")


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
        **asdict(distribution_columns(case)),
        rækker=[KeyRowContext(clean(r.navn), format_decimal(r.vægt), format_percent(r.andel), format_amount(r.beløb))
                for r in figures.rows],
        total=KeyRowContext(distribution_total_label(case), format_decimal(figures.nøgletotal), ALL_SHARES_SHOWN,
                            format_amount(figures.beløb)),
        note=SHARES_NOTE,
    )


@dataclass(frozen=True)
class ColumnHeadings:
    navn_kolonne: str
    nøgle_kolonne: str  # "Indbyggere - antal"
    andel_kolonne: str  # "Andel indbyggere pct."
    beløb_kolonne: str  # "Andel finansiering kr."


def distribution_columns(case: Fordelingsbilag) -> ColumnHeadings:
    """The key table's headings: the case's own where it gives them (seed 002's second appendix prints
    "Indbyggere | Andel pct. | Beløb finansiering"), else the first appendix's wording."""
    given = case.kolonner
    key = clean(case.nøgle_navn)

    def heading(text: str | None, default: str) -> str:
        return clean(text) if text is not None else default

    return ColumnHeadings(
        navn_kolonne=heading(given and given.navn, ""),
        nøgle_kolonne=heading(given and given.nøgle, f"{key} - antal"),
        andel_kolonne=heading(given and given.andel, f"Andel {key.lower()} pct."),
        beløb_kolonne=heading(given and given.beløb, f"Andel finansiering {case.enhed}"),
    )


def distribution_total_label(case: Fordelingsbilag) -> str:
    """The total row's label: the case's total_navn ("Region Hovedstaden"); else "Indbyggere hele KKR
    Hovedstaden" (seed 002) when the case names its område; else "I alt"."""
    if case.total_navn is not None:
        return clean(case.total_navn)
    if case.område and case.område.strip():
        return f"{clean(case.nøgle_navn).strip()} hele {clean(case.område).strip()}"
    return "I alt"
