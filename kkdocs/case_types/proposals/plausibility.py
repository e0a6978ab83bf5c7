"""What a proposal gives that is valid but not meant (TAL-INDFASNING, TAL-SATS), or that its form prints
differently from what the author may expect (FELT-VISES-IKKE, STYRINGSOMRÅDE-TOM)."""

from __future__ import annotations

from decimal import Decimal

from kkdocs.case_types.proposals.model import Effektiviseringsforslag, Investeringsforslag, Proposal
from kkdocs.checks.plausibility import written_decimal
from kkdocs.danish_format import format_decimal
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import Source


# Bilag 4's example sats is 660-669 t. kr. per årsværk (seed 000, lines 446-447); a sats outside
# 100-2.000 t. kr. is kroner (620000) or mio. kr. (0.669), not 1.000 kr.
SATS_MIN = Decimal(100)


SATS_MAX = Decimal(2000)


def proposal_plausibility(case: Proposal, source: Source) -> list[Finding]:
    found = []
    for index, row in enumerate(case.økonomi.varige_ændringer):
        path = ("økonomi", "varige_ændringer", index)
        for year, factor in (row.indfasning or {}).items():
            if not 0 <= factor <= 1:
                hint = f" Skriv {written_decimal(factor / 100)} for {format_decimal(factor)} pct." if 1 < factor <= 100 else ""
                found.append(source.finding(path + ("indfasning", year), Level.FEJL, "TAL-INDFASNING",
                                            f"Indfasningen for {year} i rækken '{row.tekst}' er {format_decimal(factor)}; "
                                            f"den er en andel mellem 0 og 1 (0.5 er halvdelen af året).{hint}"))
        if row.sats is not None and not SATS_MIN <= row.sats <= SATS_MAX:
            found.append(source.finding(path + ("sats",), Level.ADVARSEL, "TAL-SATS", _sats_message(row.tekst, row.sats)))
    return found + _not_on_the_form(case, source)


def _not_on_the_form(case: Proposal, source: Source) -> list[Finding]:
    found = []
    if isinstance(case, Effektiviseringsforslag) and case.innovationsforslag is not None:
        found.append(source.finding(("innovationsforslag",), Level.ADVARSEL, "FELT-VISES-IKKE",
                                    "innovationsforslag er angivet, men effektiviseringsforslagets formular har ingen "
                                    "Ja/Nej-boks for innovationsforslag, så feltet vises ikke. Boksen findes kun i "
                                    "investeringsforslaget; skriv null eller fjern feltet."))
    if not isinstance(case, Investeringsforslag):
        return found  # an effektiviseringsforslag has no payback: an empty cell is all it means
    for section in ("varige_ændringer", "implementering"):
        for index, row in enumerate(getattr(case.økonomi, section)):
            if row.styringsområde is None:
                found.append(source.finding(("økonomi", section, index), Level.ADVARSEL, "STYRINGSOMRÅDE-TOM",
                                            f"Rækken '{row.tekst}' har intet styringsområde: feltet står tomt i "
                                            "tabellen, og rækken tæller med i tilbagebetalingstiden på totaløkonomi, "
                                            "men ikke på service."))
    return found


def _sats_message(text: str, sats: Decimal) -> str:
    message = (f"Satsen {format_decimal(sats)} i rækken '{text}' er usandsynlig: sats står i 1.000 kr. pr. årsværk "
               f"og ligger normalt mellem {format_decimal(SATS_MIN)} og {format_decimal(SATS_MAX)} "
               "(Bilag 4-eksemplet bruger 660 t. kr.).")
    for factor, unit in ((Decimal("0.001"), "kroner"), (Decimal(1000), "mio. kr.")):
        likely = sats * factor
        if SATS_MIN <= likely <= SATS_MAX:
            return message + f" Er den angivet i {unit}, så skriv {written_decimal(likely)}."
    return message
