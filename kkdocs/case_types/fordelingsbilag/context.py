"""What the fordelingsbilag's Word template shows: the text, the key table and its total row, formatted."""

from __future__ import annotations

from dataclasses import dataclass

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
