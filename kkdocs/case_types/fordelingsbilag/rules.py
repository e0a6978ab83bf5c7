"""The fordelingsbilag's rules: the stated key total, and a key over KKR Hovedstaden names all its municipalities."""

from __future__ import annotations

from kkdocs.case.model import Municipalities
from kkdocs.case.typing_check import suggestion
from kkdocs.case_types.fordelingsbilag.figures import DistributionFigures
from kkdocs.case_types.fordelingsbilag.model import Fordelingsbilag
from kkdocs.case_types.record import CaseInputs
from kkdocs.danish_format import format_decimal
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import Source


def distribution_checks(case: Fordelingsbilag, figures: DistributionFigures, inputs: CaseInputs) -> list[Finding]:
    source, municipalities = inputs.source, inputs.reference.municipalities
    found = _kkr_municipalities(case, source, municipalities) if municipalities is not None else []
    stated = case.oplyst_nøgletotal
    if stated is None or stated == figures.nøgletotal:
        return found
    return found + [source.finding(("oplyst_nøgletotal",), Level.FEJL, "SUM-AFVIGER",
                           f"Nøgletotalen er oplyst til {format_decimal(stated)}, men nøglens {len(figures.rows)} "
                           f"vægte summerer til {format_decimal(figures.nøgletotal)} "
                           f"(forskel {format_decimal(stated - figures.nøgletotal)}).")]


def _kkr_municipalities(case: Fordelingsbilag, source: Source, municipalities: Municipalities) -> list[Finding]:
    """A key over KKR Hovedstaden (more than half its names are its municipalities) names all of them, once."""
    known = {_plain(name): name for name in municipalities.kkr_hovedstaden}
    names = list(case.nøgle)
    if sum(_plain(name) in known for name in names) * 2 <= len(known):
        return []
    found = []
    seen: set[str] = set()
    for name in names:
        plain = _plain(name)
        if plain not in known:
            found.append(source.finding(("nøgle", name), Level.FEJL, "KKR-KOMMUNER",
                                        f"'{name}' er ikke en af de {len(known)} kommuner i KKR Hovedstaden"
                                        f"{suggestion(name, known.values())}.", key=True))
        elif plain in seen:
            found.append(source.finding(("nøgle", name), Level.FEJL, "KKR-KOMMUNER",
                                        f"{known[plain]} står to gange i nøglen.", key=True))
        seen.add(plain)
    missing = [name for plain, name in known.items() if plain not in seen]
    if missing:
        found.append(source.finding(("nøgle",), Level.FEJL, "KKR-KOMMUNER",
                                    f"Nøglen fordeler over kommunerne i KKR Hovedstaden, men mangler {len(missing)} af de "
                                    f"{len(known)}: {', '.join(missing)}. Alle {len(known)} kommuner skal have en andel."))
    return found


def _plain(name: str) -> str:
    return " ".join(name.split()).casefold()
