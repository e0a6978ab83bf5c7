"""The rules of section 9: Bilag 4 for the investment pools, the loan pool, stated figures and attachments.

Each rule takes the typed case and its computed figures and returns findings.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Callable

from kkdocs.attachments import AttachmentProblem, check_attachment, is_tagged_pdf, untagged_message
from kkdocs.calculation import DistributionFigures, LoanFigures, ProposalFigures
from kkdocs.danish_format import format_amount, format_decimal
from kkdocs.findings import Finding, Level
from kkdocs.model import (FOLLOW_UP_GROUPS, Fordelingsbilag, Investeringsforslag, Laaneansoegning, Proposal,
                          is_center_for_økonomi)
from kkdocs.yaml_source import Source

B4_MAX_PAYBACK = 6
LOAN_PARAGRAPHS = (107, 108)
LOAN_MIN_CONSTRUCTION = 20_000  # 1.000 kr.: "over 20 mio. kr."
LOAN_MIN_SHARE = Decimal(25)
LOAN_DEADLINE = datetime.date(2026, 12, 31)
LOAN_MAX_PROJECTS = 5
LOAN_MAX_CHARS = 4_000


def check_rules(case, figures, source: Source, case_folder: Path, data_root: Path) -> list[Finding]:
    if isinstance(case, Proposal):
        return _proposal_rules(case, figures, source, case_folder, data_root)
    if isinstance(case, Laaneansoegning):
        return _loan_rules(case, figures, source)
    if isinstance(case, Fordelingsbilag):
        return _distribution_rules(case, figures, source)
    return []


# --- proposals ---------------------------------------------------------------------------------

def _proposal_rules(case: Proposal, figures: ProposalFigures, source: Source, case_folder: Path,
                    data_root: Path) -> list[Finding]:
    found: list[Finding] = []
    add = found.append
    last = figures.years[-1]
    if case.tværgående and len(set(case.berørte_forvaltninger)) < 3:
        add(source.finding(("berørte_forvaltninger",), Level.FEJL, "TVÆRGÅENDE-FORVALTNINGER",
                           f"Et tværgående forslag skal berøre mindst tre forvaltninger (Bilag 4); "
                           f"der er angivet {len(set(case.berørte_forvaltninger))}."))
    permanent_last = figures.samlet_varig_ændring.get(last)
    if permanent_last is None or permanent_last >= 0:
        shown = "intet beløb" if permanent_last is None else format_amount(permanent_last)
        add(source.finding(("økonomi", "varige_ændringer"), Level.FEJL, "B4-VARIG",
                           f"Forslaget har ingen varig besparelse i {last}, det sidste år i tabellen "
                           f"(samlet varig ændring: {shown}). Bilag 4 kræver en varig effekt."))
    if isinstance(case, Investeringsforslag):
        found += _investment_rules(case, figures, source)
    for index, row in enumerate(case.økonomi.varige_ændringer):
        if row.styringsområde == "Overførsler":
            add(_transfer_warning(source, ("økonomi", "varige_ændringer", index, "styringsområde"), row.tekst))
    for index, row in enumerate(case.økonomi.implementering):
        if row.styringsområde == "Overførsler":
            add(_transfer_warning(source, ("økonomi", "implementering", index, "styringsområde"), row.tekst))
    if case.status == "godkendt" and not any(is_center_for_økonomi(h.instans) and h.dato for h in case.hørt):
        cfo = [index for index, h in enumerate(case.hørt) if is_center_for_økonomi(h.instans)]
        where = ("hørt", cfo[0]) if cfo else ("hørt",) if case.hørt else ("status",)
        add(source.finding(where, Level.FEJL, "HØRT-CFØ",
                           "Status er godkendt, men der er ingen dato for Center for Økonomi under hørt. "
                           "Alle forslag skal godkendes af Center for Økonomi før udvalgsgodkendelse."))
    found += _stated_proposal_figures(case, figures, source)
    found += _attachment_findings(case, source, case_folder, data_root)
    return found


def _investment_rules(case: Investeringsforslag, figures: ProposalFigures, source: Source) -> list[Finding]:
    found = []
    payback = figures.tilbagebetalingstid_service
    if payback is not None and payback > B4_MAX_PAYBACK:
        found.append(source.finding(("økonomi", "implementering"), Level.ADVARSEL, "B4-TILBAGEBETALING",
                                    f"Tilbagebetalingstiden på service er {payback} år, mere end {B4_MAX_PAYBACK} år. "
                                    "Forslaget skal forelægges Økonomiudvalget til særskilt prioritering."))
    last = figures.years[-1]
    cost_last = figures.samlede_implementeringsomkostninger.get(last, 0)
    if cost_last:
        found.append(source.finding(("økonomi", "implementering"), Level.ADVARSEL, "B4-DRIFT",
                                    f"Der er implementeringsomkostninger på {format_amount(cost_last)} i {last}, det sidste "
                                    "år i tabellen. Investeringspuljen finansierer ikke varig drift."))
    groups = {goal.gruppe for goal in case.opfølgning}
    missing = [group for group in FOLLOW_UP_GROUPS if group not in groups]
    if missing:
        found.append(source.finding(("opfølgning",), Level.FEJL, "B4-OPFØLGNING",
                                    "Et investeringsforslag skal have mindst ét opfølgningsmål i hver gruppe; der mangler: "
                                    + " og ".join(f"'{g}'" for g in missing) + "."))
    return found


def _transfer_warning(source: Source, path, text: str) -> Finding:
    return source.finding(path, Level.ADVARSEL, "B4-OVERFØRSLER",
                          f"Rækken '{text}' ligger på styringsområde Overførsler; det kræver en velfærdsanalytisk vurdering.")


def _stated_proposal_figures(case: Proposal, figures: ProposalFigures, source: Source) -> list[Finding]:
    found: list[Finding] = []
    oplyst = case.økonomi.oplyst
    if oplyst is not None:
        for name, label in (("samlet_varig_ændring", "Samlet varig ændring"),
                            ("samlede_implementeringsomkostninger", "Samlede implementeringsomkostninger"),
                            ("samlet_økonomisk_påvirkning", "Samlet økonomisk påvirkning")):
            stated = getattr(oplyst, name)
            if stated is not None:
                found += _compare_years(source, ("økonomi", "oplyst", name), label, stated, getattr(figures, name))
        if oplyst.tilbagebetalingstid is not None:
            for name, computed in (("service", figures.tilbagebetalingstid_service),
                                   ("totaløkonomi", figures.tilbagebetalingstid_totaløkonomi)):
                stated = getattr(oplyst.tilbagebetalingstid, name)
                if stated is not None and stated != computed:
                    shown = "aldrig" if computed is None else f"{computed} år"
                    found.append(source.finding(("økonomi", "oplyst", "tilbagebetalingstid", name), Level.FEJL,
                                                "SUM-AFVIGER", f"Tilbagebetalingstid ({name}) er oplyst til {stated} år, "
                                                f"men kkdocs beregner {shown}."))
    if case.fordeling.beløb is not None:
        found += _compare_years(source, ("fordeling", "beløb"), "Summen af fordeling.beløb",
                                figures.tabel_a.total, figures.samlet_varig_ændring, stated_is_sum=True)
    return found


def _compare_years(source: Source, path, label: str, stated: dict[int, int], computed: dict[int, int],
                   stated_is_sum: bool = False) -> list[Finding]:
    found = []
    for year in sorted(set(stated) | set(computed)):
        given, right = stated.get(year), computed.get(year)
        if (given or 0) == (right or 0):  # an absent year and an explicit 0 agree
            continue
        difference = (given or 0) - (right or 0)
        where = path if stated_is_sum or year not in stated else path + (year,)
        what = "summerer til" if stated_is_sum else "er oplyst til"
        found.append(source.finding(where, Level.FEJL, "SUM-AFVIGER",
                                    f"{label} for {year} {what} {_shown(given)}, men kkdocs beregner {_shown(right)} "
                                    f"(forskel {format_amount(difference)})."))
    return found


def _shown(value: int | None) -> str:
    return "intet beløb" if value is None else format_amount(value)


def _attachment_findings(case: Proposal, source: Source, case_folder: Path, data_root: Path) -> list[Finding]:
    found = []
    for index, bilag in enumerate(case.bilag):
        checks: list[tuple[tuple, str, str]] = []
        if bilag.fil is not None:
            checks.append((("bilag", index, "fil"), bilag.fil, "pdf"))
        if bilag.tabel is not None and bilag.tabel.fra_excel is not None:
            checks.append((("bilag", index, "tabel", "fra_excel"), bilag.tabel.fra_excel, "xlsx"))
        for path, name, kind in checks:
            sheet = bilag.tabel.ark if kind == "xlsx" and bilag.tabel is not None else None
            try:
                resolved = check_attachment(name, case_folder, data_root, kind, sheet)
            except AttachmentProblem as problem:
                found.append(source.finding(path, Level.FEJL, "BILAG-FIL", str(problem)))
                continue
            if kind == "pdf" and not is_tagged_pdf(resolved):
                found.append(source.finding(path, Level.ADVARSEL, "BILAG-UTAGGET", untagged_message(name)))
    return found


# --- laaneansoegning ----------------------------------------------------------------------------

def _loan_rules(case: Laaneansoegning, figures: LoanFigures, source: Source) -> list[Finding]:
    found: list[Finding] = []
    if len(case.projekter) > LOAN_MAX_PROJECTS:
        found.append(source.finding(("projekter", LOAN_MAX_PROJECTS), Level.FEJL, "LÅN-ANTAL",
                                    f"Ansøgningen har {len(case.projekter)} projekter; skemaet har plads til højst "
                                    f"{LOAN_MAX_PROJECTS}. Kontakt ministeriet for at søge til flere."))
    rules: list[tuple[str, Level, str, Callable, Callable]] = [
        ("paragraf", Level.FEJL, "LÅN-PARAGRAF", lambda p: p.paragraf not in LOAN_PARAGRAPHS,
         lambda p: f"Projektet '{p.navn}' er efter SEL § {p.paragraf}; der kan kun søges til botilbud efter §§ 107 og 108."),
        ("bruttoanlægsudgift", Level.FEJL, "LÅN-ANLÆG", lambda p: p.bruttoanlægsudgift <= LOAN_MIN_CONSTRUCTION,
         lambda p: f"Projektet '{p.navn}' har en bruttoanlægsudgift på {format_amount(p.bruttoanlægsudgift)} t. kr.; "
                   "den skal være over 20 mio. kr. i alt i 2025 og 2026."),
        ("andel_andre_kommuner", Level.FEJL, "LÅN-ANDEL", lambda p: p.andel_andre_kommuner < LOAN_MIN_SHARE,
         lambda p: f"Projektet '{p.navn}' stiller {format_decimal(p.andel_andre_kommuner)} pct. af pladserne til rådighed "
                   "for andre kommuner; kravet er mindst 25 pct."),
        ("forventet_afsluttet", Level.FEJL, "LÅN-FRIST", lambda p: p.forventet_afsluttet > LOAN_DEADLINE,
         lambda p: f"Projektet '{p.navn}' forventes afsluttet {p.forventet_afsluttet:%d/%m/%Y}; "
                   "udvidelsen skal være gennemført inden udgangen af 2026."),
        ("art", Level.ADVARSEL, "LÅN-RENOVERING", lambda p: p.art == "renovering",
         lambda p: f"Projektet '{p.navn}' er en renovering; det gives der kun støtte til i særlige tilfælde, "
                   "hvis pladserne ellers vil bortfalde."),
    ]
    for index, project in enumerate(case.projekter):
        for field, level, code, broken, message in rules:
            if broken(project):
                found.append(source.finding(("projekter", index, field), level, code, message(project)))
    if figures.beskrivelse_tegn > LOAN_MAX_CHARS:
        found.append(source.finding(("beskrivelse",), Level.FEJL, "LÅN-TEKST",
                                    f"De seks tekstfelter fylder tilsammen {format_amount(figures.beskrivelse_tegn)} tegn; "
                                    f"der er plads til højst {format_amount(LOAN_MAX_CHARS)}."))
    return found


# --- fordelingsbilag ------------------------------------------------------------------------------

def _distribution_rules(case: Fordelingsbilag, figures: DistributionFigures, source: Source) -> list[Finding]:
    stated = case.oplyst_nøgletotal
    if stated is None or stated == figures.nøgletotal:
        return []
    return [source.finding(("oplyst_nøgletotal",), Level.FEJL, "SUM-AFVIGER",
                           f"Nøgletotalen er oplyst til {format_decimal(stated)}, men nøglens {len(figures.rows)} "
                           f"vægte summerer til {format_decimal(figures.nøgletotal)} "
                           f"(forskel {format_decimal(stated - figures.nøgletotal)}).")]
