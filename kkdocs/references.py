"""Checks that a typed case agrees with the reference data and with itself (FELT-TYPE).

These run after the model accepted the file's structure, and before anything is calculated:
a case that fails here is never calculated.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from kkdocs.findings import Finding, Level
from kkdocs.model import Fordelingsbilag, Laaneansoegning, Organisation, Package, PriceIndex, Proposal
from kkdocs.typing_check import dotted, suggestion
from kkdocs.yaml_source import PathKey, Source


def check_case_references(case, source: Source, organisation: Organisation, price_index: PriceIndex) -> list[Finding]:
    if isinstance(case, Proposal):
        problems = _proposal(case, organisation, price_index)
    elif isinstance(case, Laaneansoegning):
        problems = _loan(case)
    elif isinstance(case, Fordelingsbilag):
        problems = _weights(case.nøgle, ("nøgle",))
    else:
        problems = iter(())
    return [source.finding(path, Level.FEJL, "FELT-TYPE", message, key=on_key) for path, message, on_key in problems]


def check_package_references(package: Package, source: Source, organisation: Organisation,
                             case_ids: set[str]) -> list[Finding]:
    findings = []
    names = [u.navn for u in organisation.udvalg]
    if package.udvalg not in names:
        findings.append(source.finding(("udvalg",), Level.FEJL, "FELT-TYPE",
                                       f"Udvalget '{package.udvalg}' findes ikke i organisation.yaml{suggestion(package.udvalg, names)}."))
    seen: set[str] = set()
    for index, case_id in enumerate(package.sager):
        if case_id not in case_ids:
            findings.append(source.finding(("sager", index), Level.FEJL, "FELT-TYPE",
                                           f"Sagen '{case_id}' findes ikke i data/sager/{suggestion(case_id, case_ids)}."))
        elif case_id in seen:
            findings.append(source.finding(("sager", index), Level.FEJL, "FELT-TYPE", f"Sagen '{case_id}' står to gange i pakken."))
        seen.add(case_id)
    return findings


Problem = tuple[PathKey, str, bool]  # path, message, whether it is about the key


def _proposal(case: Proposal, organisation: Organisation, price_index: PriceIndex) -> Iterator[Problem]:
    codes = list(organisation.forvaltninger)
    if case.fremstillende_forvaltning not in organisation.forvaltninger:
        yield (("fremstillende_forvaltning",),
               f"Forvaltningen '{case.fremstillende_forvaltning}' findes ikke i organisation.yaml"
               f"{suggestion(case.fremstillende_forvaltning, codes)}. Gyldige koder: {', '.join(codes)}.", False)
    seen: set[str] = set()
    for index, code in enumerate(case.berørte_forvaltninger):
        if code not in organisation.forvaltninger:
            yield (("berørte_forvaltninger", index),
                   f"Forvaltningen '{code}' findes ikke i organisation.yaml{suggestion(code, codes)}. "
                   f"Gyldige koder: {', '.join(codes)}.", False)
        elif code in seen:
            yield (("berørte_forvaltninger", index), f"Forvaltningen '{code}' står to gange.", False)
        seen.add(code)
    yield from _years(case)
    yield from _distribution_keys(case, organisation)
    yield from _price_levels(case, price_index)
    yield from _appendices(case)


def _years(case: Proposal) -> Iterator[Problem]:
    first, last = case.økonomi.år
    if first > last:
        yield (("økonomi", "år"), f"økonomi.år skal være [første år, sidste år], men {first} ligger efter {last}.", False)
        return
    if last - first > 15:
        yield (("økonomi", "år"), f"økonomi.år spænder over {last - first + 1} år; tabellerne har plads til højst 16.", False)
        return
    for path, years in _year_maps(case):
        for year in years:
            if not first <= year <= last:
                yield (path + (year,), f"Året {year} i {dotted(path)} ligger uden for økonomi.år ({first}-{last}).", True)


def _year_maps(case: Proposal) -> Iterator[tuple[PathKey, list[int]]]:
    økonomi = case.økonomi
    for index, row in enumerate(økonomi.varige_ændringer):
        for name in ("beløb", "indfasning"):
            value = getattr(row, name)
            if value is not None:
                yield ("økonomi", "varige_ændringer", index, name), list(value)
    for index, memo in enumerate(økonomi.memoposter):
        yield ("økonomi", "memoposter", index, "beløb"), list(memo.beløb)
    for index, impl in enumerate(økonomi.implementering):
        yield ("økonomi", "implementering", index, "beløb"), list(impl.beløb)
    if økonomi.oplyst is not None:
        for name in ("samlet_varig_ændring", "samlede_implementeringsomkostninger", "samlet_økonomisk_påvirkning"):
            value = getattr(økonomi.oplyst, name)
            if value is not None:
                yield ("økonomi", "oplyst", name), list(value)
    for key, amounts in (case.fordeling.beløb or {}).items():
        yield ("fordeling", "beløb", key), list(amounts)


def _distribution_keys(case: Proposal, organisation: Organisation) -> Iterator[Problem]:
    rows = organisation.kvantum_rows()
    field = "nøgle" if case.fordeling.nøgle is not None else "beløb"
    given = case.fordeling.nøgle if case.fordeling.nøgle is not None else case.fordeling.beløb
    for key in given or {}:
        if key not in rows:
            yield (("fordeling", field, key),
                   f"'{key}' er hverken et udvalg eller en bevilling i organisation.yaml{suggestion(key, rows)}. "
                   "En bevilling skrives 'Økonomiudvalget/Koncernservice'.", True)
    if case.fordeling.nøgle is not None:
        yield from _weights(case.fordeling.nøgle, ("fordeling", "nøgle"))


def _weights(weights: dict[str, Decimal], path: PathKey) -> Iterator[Problem]:
    for name, weight in weights.items():
        if weight < 0:
            yield (path + (name,), f"Vægten for '{name}' er negativ ({weight}); en fordelingsnøgle har kun vægte ≥ 0.", False)
    if weights and sum(weights.values()) == 0:
        yield (path, "Fordelingsnøglens vægte summerer til 0, så beløbet kan ikke fordeles.", False)


def _price_levels(case: Proposal, price_index: PriceIndex) -> Iterator[Problem]:
    if case.økonomi.udmøntning_pl is None:
        return
    for name in ("pl", "udmøntning_pl"):
        year = getattr(case.økonomi, name)
        if year not in price_index.indeks:
            known = ", ".join(str(y) for y in sorted(price_index.indeks))
            yield (("økonomi", name), f"pl.yaml har intet pris- og lønindeks for {year}, så beløbene kan ikke "
                                      f"omregnes til {case.økonomi.udmøntning_pl} p/l. Indeks findes for: {known}.", False)


def _appendices(case: Proposal) -> Iterator[Problem]:
    for index, bilag in enumerate(case.bilag):
        path = ("bilag", index)
        if not any((bilag.tekst, bilag.tabel, bilag.faseplan, bilag.fil)):
            yield (path, f"Bilag {index + 1} har intet indhold: angiv tekst, tabel, faseplan eller fil.", False)
        if bilag.tabel is not None and bilag.tabel.kolonner is not None:
            width = len(bilag.tabel.kolonner)
            for row_index, row in enumerate(bilag.tabel.rækker or []):
                if len(row) != width:
                    yield (path + ("tabel", "rækker", row_index),
                           f"Rækken har {len(row)} celler, men tabellen har {width} kolonner.", False)
        for phase_index, phase in enumerate(bilag.faseplan or []):
            if phase.slut < phase.start:
                yield (path + ("faseplan", phase_index, "slut"),
                       f"Fasen '{phase.fase}' slutter ({phase.slut}) før den starter ({phase.start}).", False)


def _loan(case: Laaneansoegning) -> Iterator[Problem]:
    number = case.ansøger.kommunenummer
    if not (str(number).isdigit() and len(str(number)) == 3):
        yield (("ansøger", "kommunenummer"), f"Kommunenummeret skal være tre cifre, fx 101, ikke '{number}'.", False)
    years = sorted({year for p in case.projekter for year in (*p.lån, *p.pladser)})
    if len(years) > 2:
        yield (("projekter",), f"Skemaet har kolonner for to år, men projekterne nævner {len(years)}: "
                               f"{', '.join(map(str, years))}.", False)
    for index, project in enumerate(case.projekter):
        path = ("projekter", index)
        for name in ("lån", "pladser"):
            for year, value in getattr(project, name).items():
                if value < 0:
                    yield (path + (name, year), f"{name} for {year} er negativ ({value}).", False)
        if not 0 <= project.andel_andre_kommuner <= 100:
            yield (path + ("andel_andre_kommuner",), "andel_andre_kommuner er en procentsats mellem 0 og 100.", False)
