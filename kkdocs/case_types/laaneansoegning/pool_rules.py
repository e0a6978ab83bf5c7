"""The rules of the loan pool (seed 002) for an ansøgning om lånedispensation.

The pool's years, size and application window come from laanepuljer.yaml; the other
applications of the workspace from `Reference.loan_applications`. Line numbers in the
comments are those of seed 002 (`../shared/seeds/002_*.txt`).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Callable

from kkdocs.case.model import Lånepulje
from kkdocs.case.typing_check import suggestion
from kkdocs.case_types.laaneansoegning.figures import LoanFigures
from kkdocs.case_types.laaneansoegning.model import Laaneansoegning, Projekt
from kkdocs.checks.reference_data import Reference
from kkdocs.danish_format import format_amount, format_date_long, format_decimal
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import Source


PARAGRAPHS = (107, 108)  # criterion 1, lines 107-108
MIN_CONSTRUCTION = 20_000  # 1.000 kr.: "over 20 mio. kr." (criterion 4, lines 115-117)
MIN_SHARE = Decimal(25)  # criterion 5, lines 120-121
DEADLINE = datetime.date(2026, 12, 31)  # criterion 3, line 114
MAX_PROJECTS = 5  # lines 251-265
MAX_CHARS = 4_000  # lines 269-270: "i alt højst ca. 4.000 tegn"
CLEARLY_ABOVE = 4_400  # "ca.": up to a tenth more is near the limit, an advarsel; above it a fejl
NEW_PLACES = ("nybyggeri", "eksisterende_bygning")  # nyetablering (lines 312-316)
EMAIL = re.compile(r"[^@\s;,]+@[^@\s;,]+\.[A-Za-z]{2,}")


def loan_rules(case: Laaneansoegning, figures: LoanFigures, source: Source, reference: Reference) -> list[Finding]:
    found: list[Finding] = []
    if len(case.projekter) > MAX_PROJECTS:
        found.append(source.finding(("projekter", MAX_PROJECTS), Level.FEJL, "LÅN-ANTAL",
                                    f"Ansøgningen har {len(case.projekter)} projekter; skemaet har plads til højst "
                                    f"{MAX_PROJECTS}. Kontakt ministeriet for at søge til flere."))
    for index, project in enumerate(case.projekter):
        for field, level, code, broken, message in PROJECT_RULES:
            if broken(project):
                found.append(source.finding(("projekter", index, field), level, code, message(project)))
    found += _text_length(figures, source)
    found += _empty_texts(case, source)
    found += _contacts(case, source)
    found += _one_application(case, source, reference)
    pool = reference.loan_pools.puljer.get(case.pulje) if reference.loan_pools is not None else None
    if pool is None and reference.loan_pools is not None:
        known = list(reference.loan_pools.puljer)
        found.append(source.finding(("pulje",), Level.FEJL, "LÅN-PULJE",
                                    f"Lånepuljen '{case.pulje}' står ikke i laanepuljer.yaml{suggestion(case.pulje, known)}. "
                                    f"Kendte puljer: {', '.join(known)}."))
    if pool is not None:
        found += _pool_rules(case, figures, source, pool)
    return found


# (field, level, code, broken, message) for each project; the finding points at the field
PROJECT_RULES: list[tuple[str, Level, str, Callable[[Projekt], bool], Callable[[Projekt], str]]] = [
    ("paragraf", Level.FEJL, "LÅN-PARAGRAF", lambda p: p.paragraf not in PARAGRAPHS,
     lambda p: f"Projektet '{p.navn}' er efter SEL § {p.paragraf}; der kan kun søges til botilbud efter §§ 107 og 108."),
    ("bruttoanlægsudgift", Level.FEJL, "LÅN-ANLÆG", lambda p: p.bruttoanlægsudgift <= MIN_CONSTRUCTION,
     lambda p: f"Projektet '{p.navn}' har en bruttoanlægsudgift på {format_amount(p.bruttoanlægsudgift)} t. kr.; "
               "den skal være over 20 mio. kr. i alt i 2025 og 2026."),
    ("lån", Level.FEJL, "LÅN-BELØB", lambda p: sum(p.lån.values()) > p.bruttoanlægsudgift,
     lambda p: f"Projektet '{p.navn}' søger lån for {format_amount(sum(p.lån.values()))} t. kr., mere end "
               f"bruttoanlægsudgiften på {format_amount(p.bruttoanlægsudgift)} t. kr. Der kan ikke lånes mere, end "
               "anlægget koster."),
    ("pladser", Level.FEJL, "LÅN-PLADSER", lambda p: p.art in NEW_PLACES and sum(p.pladser.values()) <= 0,
     lambda p: f"Projektet '{p.navn}' er {p.art.replace('_', ' ')}, men udvider ikke kapaciteten med nogen pladser. "
               "Kriterium 2: \"Projekterne skal føre til en udvidelse af den samlede botilbudskapacitet i kommunen.\""),
    ("andel_andre_kommuner", Level.FEJL, "LÅN-ANDEL", lambda p: p.andel_andre_kommuner < MIN_SHARE,
     lambda p: f"Projektet '{p.navn}' stiller {format_decimal(p.andel_andre_kommuner)} pct. af pladserne til rådighed "
               "for andre kommuner; kravet er mindst 25 pct."),
    ("forventet_afsluttet", Level.FEJL, "LÅN-FRIST", lambda p: p.forventet_afsluttet > DEADLINE,
     lambda p: f"Projektet '{p.navn}' forventes afsluttet {p.forventet_afsluttet:%d/%m/%Y}; "
               "udvidelsen skal være gennemført inden udgangen af 2026."),
    ("art", Level.ADVARSEL, "LÅN-RENOVERING", lambda p: p.art == "renovering",
     lambda p: f"Projektet '{p.navn}' er en renovering; det gives der kun støtte til i særlige tilfælde, "
               "hvis pladserne ellers vil bortfalde."),
    ("koordineret_i", Level.ADVARSEL, "LÅN-KOORDINERING", lambda p: p.koordineret_i == "ingen",
     lambda p: f"Projektet '{p.navn}' er ikke koordineret med andre kommuner. Vejledningen til lånepuljen: \"Der gives særligt prioritet "
               "til projekter, der er koordineret i regi af KKR, sekundært er koordineret i andre tværkommunale "
               "samarbejder.\""),
    ("koordineret_i", Level.ADVARSEL, "LÅN-KOORDINERING", lambda p: p.koordineret_i != "ingen" and not p.dokumentation,
     lambda p: f"Projektet '{p.navn}' er koordineret ({p.koordineret_i}), men ingen dokumentation er angivet. "
               "\"Dokumentation for det fælleskommunale element i det ansøgte projekt, fx referat af drøftelse i KKR, "
               "aftale mellem flere kommuner eller lignende bedes sendt til tilskudsforvaltning@sbst.dk mærket "
               "'Lånepulje'.\" Skriv under dokumentation, hvad der er sendt."),
]


def _text_length(figures: LoanFigures, source: Source) -> list[Finding]:
    """Lines 269-270: "en samlet beskrivelse af projektet/-erne i kommunen (i alt højst ca. 4.000 tegn)".

    "ca." makes 4.000 a guide, not a hard limit: a text up to a tenth above it is an advarsel, a
    text clearly above it a fejl.
    """
    count = figures.beskrivelse_tegn
    if count <= MAX_CHARS:
        return []
    level = Level.ADVARSEL if count <= CLEARLY_ABOVE else Level.FEJL
    fix = "Overvej at forkorte teksterne." if level is Level.ADVARSEL else \
        f"Forkort teksterne til omkring {format_amount(MAX_CHARS)} tegn."
    return [source.finding(("beskrivelse",), level, "LÅN-TEKST",
                           f"De seks tekstfelter fylder tilsammen {format_amount(count)} tegn; skemaet giver plads til "
                           f"\"i alt højst ca. {format_amount(MAX_CHARS)} tegn\". {fix}")]


def _empty_texts(case: Laaneansoegning, source: Source) -> list[Finding]:
    """Lines 269-271: "I projektbeskrivelsen skal følgende oplyses:", then the six texts (lines 274-316)."""
    found = []
    for name, text in case.beskrivelse:
        if not text.strip():
            found.append(source.finding(("beskrivelse", name), Level.FEJL, "LÅN-TEKST-TOM",
                                        f"Teksten '{name}' er tom. Skemaet kræver alle seks tekster: \"I "
                                        f"projektbeskrivelsen skal følgende oplyses\". Skriv teksten under "
                                        f"beskrivelse.{name}."))
    return found


def _contacts(case: Laaneansoegning, source: Source) -> list[Finding]:
    found = []
    for index, contact in enumerate(case.kontakter):
        addresses = [part.strip() for part in contact.email.split(";")]  # "adskil flere med semikolon"
        wrong = [address for address in addresses if not EMAIL.fullmatch(address)]
        if wrong:
            found.append(source.finding(("kontakter", index, "email"), Level.FEJL, "LÅN-EMAIL",
                                        f"'{wrong[0]}' er ikke en e-mailadresse (navn@domæne.dk). Flere adresser "
                                        "adskilles med semikolon."))
    return found


def _one_application(case: Laaneansoegning, source: Source, reference: Reference) -> list[Finding]:
    """Line 101: "Kommunen indsender én samlet afsøgning for alle projekter"."""
    files = reference.loan_applications.get((case.pulje, str(case.ansøger.kommunenummer)), [])
    others = [file for file in files if file != source.file]
    if not others:
        return []
    return [source.finding(("ansøger", "kommunenummer"), Level.FEJL, "LÅN-ÉN-ANSØGNING",
                           f"Kommune {case.ansøger.kommunenummer} søger også {case.pulje} i {', '.join(others)}. "
                           "\"Kommunen indsender én samlet ansøgning for alle projekter\"; saml projekterne i én fil.")]


def _pool_rules(case: Laaneansoegning, figures: LoanFigures, source: Source, pool: Lånepulje) -> list[Finding]:
    found = []
    years = sorted(pool.størrelse)
    shown_years = " og ".join(str(y) for y in years)
    for index, project in enumerate(case.projekter):
        for field in ("lån", "pladser"):
            for year in getattr(project, field):
                if year not in pool.størrelse:
                    found.append(source.finding(("projekter", index, field, year), Level.FEJL, "LÅN-ÅR",
                                                f"{case.pulje} dækker {shown_years}, men projektet '{project.navn}' "
                                                f"angiver {field} for {year}.", key=True))
    for year, asked in figures.lån_i_alt.items():
        size = pool.størrelse.get(year)
        if size is not None and asked > size:
            found.append(source.finding(("projekter",), Level.ADVARSEL, "LÅN-PULJESTØRRELSE",
                                        f"Ansøgningen søger {format_amount(asked)} t. kr. i {year}, mere end hele puljen "
                                        f"på {format_amount(size)} t. kr. Der foretages en udvælgelse, \"i tilfælde af, "
                                        "at det ansøgte beløb overstiger lånepuljens størrelse\"."))
    window = pool.ansøgning
    period = f"{format_date_long(window.fra)} - {format_date_long(window.til)}"
    if case.frist > window.til:
        found.append(source.finding(("frist",), Level.FEJL, "LÅN-VINDUE",
                                    f"Fristen {format_date_long(case.frist)} ligger efter ansøgningsperioden ({period}). "
                                    f"Ansøgningen \"indtastes og godkendes senest den {format_date_long(window.til)}\"."))
    if case.indsendt is not None and not window.fra <= case.indsendt <= window.til:
        found.append(source.finding(("indsendt",), Level.FEJL, "LÅN-VINDUE",
                                    f"Ansøgningen er indsendt {format_date_long(case.indsendt)}, uden for "
                                    f"ansøgningsperioden for {case.pulje} ({period})."))
    return found
