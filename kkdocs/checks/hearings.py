"""The fora Bilag 4 (seed 001) requires a forslag to be heard by, and how a `hørt` entry names one.

Sections 1 and 4 of Bilag 4 apply to investeringsforslag, effektiviseringsforslag and
innovationsforslag alike (lines 274-276), so the fora and the check that each was heard live
here; each type decides which fora its cases need (`case_types/<type>/`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kkdocs.case.model import Hørt
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import Source


@dataclass(frozen=True)
class Hearing:
    code: str
    forum: str  # as the message names it
    names: tuple[str, ...]  # lower-case text in a hørt instans that names the forum
    abbreviations: tuple[str, ...]  # whole words that name it: "BRK", "ØK"
    why: str  # the rule, quoted from Bilag 4


CROSS_CUTTING_PROCESS = ("\"Tværgående investeringsforslag behandles i Budget- og Regnskabskredsen samt på møde i "
                         "Økonomikredsen (ØK) og mellem de syv administrerende direktører i kommunen (7-dir), inden de "
                         "forelægges politisk.\"")
TVÆRGÅENDE_HEARINGS = (
    Hearing("HØRT-TVÆRGÅENDE", "Budget- og Regnskabskredsen", ("budget- og regnskabskreds",), ("brk",),
            CROSS_CUTTING_PROCESS),
    Hearing("HØRT-TVÆRGÅENDE", "Økonomikredsen (ØK)", ("økonomikreds",), ("øk",), CROSS_CUTTING_PROCESS),
    Hearing("HØRT-TVÆRGÅENDE", "7-dir", ("7-dir", "administrerende direktør"), (), CROSS_CUTTING_PROCESS),
)
ECONOMY_CIRCLE = Hearing("HØRT-ØK", "Økonomikredsen", ("økonomikreds",), ("øk",),
                         "\"Investeringsforslag på områder, der kan være relevante for andre forvaltninger, fx "
                         "effektiviseringer på administration og digitaliseringsprojekter, skal drøftes i Økonomikredsen.\"")
HEARINGS_BY_SUBJECT = {
    "administration": ECONOMY_CIRCLE,
    "digitalisering": ECONOMY_CIRCLE,
    "arbejdsgiverområdet": Hearing("HØRT-HR", "HR-kredsen", ("hr-kreds",), (),
                                   "\"investerings- og effektiviseringsforslag, som indeholder effektiviseringer på "
                                   "arbejdsgiverområdet, skal have været i høring i HR-kredsen\""),
    "m2-behov": Hearing("HØRT-EJENDOM", "en ejendomsfaglig vurdering", ("ejendomsfaglig", "københavns ejendomme"),
                        ("keid",), "\"alle investeringsforslag, der søger midler vedr. ændrede m2-behov skal have en "
                                   "ejendomsfaglig vurdering\""),
    "it-systemer": Hearing("HØRT-IT", "Koncern IT", ("koncern it",), ("kit",),
                           "\"alle nyanskaffelser af IT-systemer skal vurderes af Koncern IT inden IT-anskaffelsen\""),
}
TRANSFERS_HEARING = Hearing("HØRT-ANALYSEENHED", "den tværgående analyseenhed", ("analyseenhed",), (),
                            "\"investeringsforslag, hvor effekten på overførsels- eller indsatsmidler indgår i "
                            "beregningen af forslagets tilbagebetalingstid, skal vurderes af den tværgående analyseenhed\"")


def missing_hearings(needed: list[Hearing], hørt: list[Hørt], source: Source, where: tuple) -> list[Finding]:
    """A fejl for each forum of `needed` that no dated `hørt` entry names (one finding per code)."""
    missing: dict[str, list[Hearing]] = {}  # by code, so the three fora of a tværgående forslag are one finding
    for hearing in needed:
        if not any(names(h.instans, hearing) and h.dato for h in hørt):
            missing.setdefault(hearing.code, []).append(hearing)
    found = []
    for code, hearings in missing.items():
        fora = [h.forum for h in hearings]
        shown = fora[0] if len(fora) == 1 else ", ".join(fora[:-1]) + " og " + fora[-1]
        found.append(source.finding(where, Level.FEJL, code, f"Status er godkendt, men der er ingen dato for {shown} "
                                                             f"under hørt. Bilag 4: {hearings[0].why}"))
    return found


def names(instans: str, hearing: Hearing) -> bool:
    text = instans.lower()
    words = set(re.findall(r"[\wæøå]+", text))  # "ØK-møde" and "(ØK)" name ØK: a hyphen ends a word
    return any(name in text for name in hearing.names) or any(a in words for a in hearing.abbreviations)
