"""Checks that a case agrees with the reference data and with itself (FELT-TYPE).

They read the loaded YAML data, not the typed model, so they run even when other fields of the
file have type errors: a user who makes five mistakes sees all five at once. A value of the
wrong type is skipped here, because the typed model reports it. A case with any finding from
here is never calculated.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

from kkdocs.case.model import Organisation, Package, PriceIndex
from kkdocs.case.typing_check import dotted, suggestion
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import PathKey, Source

PROPOSAL_TYPES = ("effektiviseringsforslag", "investeringsforslag")
Problem = tuple[PathKey, str, bool]  # path, message, whether it is about the key


def check_case_references(source: Source, organisation: Organisation, price_index: PriceIndex) -> list[Finding]:
    data = source.data if isinstance(source.data, dict) else {}
    case_type = data.get("type")
    if case_type in PROPOSAL_TYPES:
        problems = _proposal(data, organisation, price_index)
    elif case_type == "laaneansoegning":
        problems = _loan(data)
    elif case_type == "fordelingsbilag":
        problems = _weights(_dict(data.get("nøgle")), ("nøgle",))
    else:
        problems = iter(())
    return [source.finding(path, Level.FEJL, "FELT-TYPE", message, key=on_key) for path, message, on_key in problems]


def check_package_references(package: Package, source: Source, organisation: Organisation, price_index: PriceIndex | None,
                             case_ids: set[str]) -> list[Finding]:
    findings = []
    if package.pl is not None and price_index is not None and package.pl not in price_index.indeks:
        known = ", ".join(str(y) for y in sorted(price_index.indeks))
        findings.append(source.finding(("pl",), Level.FEJL, "FELT-TYPE",
                                       f"pl.yaml har intet pris- og lønindeks for {package.pl}, så oversigten kan ikke "
                                       f"omregnes til {package.pl} p/l. Indeks findes for: {known}."))
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


# --- reading raw data defensively ----------------------------------------------------------------

def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- proposals ---------------------------------------------------------------------------------

def _proposal(data: dict, organisation: Organisation, price_index: PriceIndex) -> Iterator[Problem]:
    yield from _administrations(data, organisation)
    yield from _years(data)
    yield from _distribution_keys(data, organisation)
    yield from _price_levels(data, price_index)
    yield from _appendices(data)


def _administrations(data: dict, organisation: Organisation) -> Iterator[Problem]:
    codes = list(organisation.forvaltninger)
    presenter = data.get("fremstillende_forvaltning")
    if isinstance(presenter, str) and presenter not in organisation.forvaltninger:
        yield (("fremstillende_forvaltning",), f"Forvaltningen '{presenter}' findes ikke i organisation.yaml"
               f"{suggestion(presenter, codes)}. Gyldige koder: {', '.join(codes)}.", False)
    seen: set[str] = set()
    for index, code in enumerate(_list(data.get("berørte_forvaltninger"))):
        if not isinstance(code, str):
            continue
        if code not in organisation.forvaltninger:
            yield (("berørte_forvaltninger", index), f"Forvaltningen '{code}' findes ikke i organisation.yaml"
                   f"{suggestion(code, codes)}. Gyldige koder: {', '.join(codes)}.", False)
        elif code in seen:
            yield (("berørte_forvaltninger", index), f"Forvaltningen '{code}' står to gange.", False)
        seen.add(code)


def _years(data: dict) -> Iterator[Problem]:
    span = _list(_dict(data.get("økonomi")).get("år"))
    if len(span) != 2 or not all(_year(y) for y in span):
        return  # the typed model reports the shape of økonomi.år
    first, last = span
    if first > last:
        yield (("økonomi", "år"), f"økonomi.år skal være [første år, sidste år], men {first} ligger efter {last}.", False)
        return
    if last - first > 15:
        yield (("økonomi", "år"), f"økonomi.år spænder over {last - first + 1} år; tabellerne har plads til højst 16.", False)
        return
    for path, years in _year_maps(data):
        for year in years:
            if _year(year) and not first <= year <= last:
                yield (path + (year,), f"Året {year} i {dotted(path)} ligger uden for økonomi.år ({first}-{last}).", True)


def _year_maps(data: dict) -> Iterator[tuple[PathKey, list]]:
    økonomi = _dict(data.get("økonomi"))
    for section, names in (("varige_ændringer", ("beløb", "indfasning")), ("memoposter", ("beløb",)),
                           ("implementering", ("beløb",))):
        for index, row in enumerate(_list(økonomi.get(section))):
            for name in names:
                value = _dict(row).get(name)
                if isinstance(value, dict):
                    yield ("økonomi", section, index, name), list(value)
    oplyst = _dict(økonomi.get("oplyst"))
    for name in ("samlet_varig_ændring", "samlede_implementeringsomkostninger", "samlet_økonomisk_påvirkning"):
        if isinstance(oplyst.get(name), dict):
            yield ("økonomi", "oplyst", name), list(oplyst[name])
    for path, fordeling in _distributions(data):
        for key, amounts in _dict(fordeling.get("beløb")).items():
            if isinstance(amounts, dict):
                yield path + ("beløb", key), list(amounts)
    total = _dict(_dict(data.get("fordeling")).get("tabel_c")).get("total")
    if isinstance(total, dict):
        yield ("fordeling", "tabel_c", "total"), list(total)


def _distributions(data: dict) -> Iterator[tuple[PathKey, dict]]:
    """Tabel A's distribution (`fordeling`) and Tabel C's own (`fordeling.tabel_c`), where given."""
    fordeling = _dict(data.get("fordeling"))
    yield ("fordeling",), fordeling
    if isinstance(fordeling.get("tabel_c"), dict):
        yield ("fordeling", "tabel_c"), fordeling["tabel_c"]


def _distribution_keys(data: dict, organisation: Organisation) -> Iterator[Problem]:
    rows = organisation.kvantum_rows()
    for path, fordeling in _distributions(data):
        for field in ("nøgle", "beløb"):
            for key in _dict(fordeling.get(field)):
                if isinstance(key, str) and key not in rows:
                    yield (path + (field, key),
                           f"'{key}' er hverken et udvalg eller en bevilling i organisation.yaml{suggestion(key, rows)}. "
                           "En bevilling skrives 'Økonomiudvalget/Koncernservice'.", True)
        yield from _weights(_dict(fordeling.get("nøgle")), path + ("nøgle",))


def _weights(weights: dict, path: PathKey) -> Iterator[Problem]:
    numbers = {name: weight for name, weight in weights.items() if _number(weight)}
    for name, weight in numbers.items():
        if weight < 0:
            yield (path + (name,), f"Vægten for '{name}' er negativ ({weight}); en fordelingsnøgle har kun vægte ≥ 0.", False)
    if numbers and len(numbers) == len(weights) and sum(Decimal(repr(w)) for w in numbers.values()) == 0:
        yield (path, "Fordelingsnøglens vægte summerer til 0, så beløbet kan ikke fordeles.", False)


def _price_levels(data: dict, price_index: PriceIndex) -> Iterator[Problem]:
    økonomi = _dict(data.get("økonomi"))
    target = økonomi.get("udmøntning_pl")
    if not _year(target):
        return
    for name in ("pl", "udmøntning_pl"):
        year = økonomi.get(name)
        if _year(year) and year not in price_index.indeks:
            known = ", ".join(str(y) for y in sorted(price_index.indeks))
            yield (("økonomi", name), f"pl.yaml har intet pris- og lønindeks for {year}, så beløbene kan ikke "
                                      f"omregnes til {target} p/l. Indeks findes for: {known}.", False)


def _appendices(data: dict) -> Iterator[Problem]:
    for index, bilag in enumerate(_list(data.get("bilag"))):
        bilag = _dict(bilag)
        path = ("bilag", index)
        if bilag and not any(bilag.get(k) for k in ("tekst", "tabel", "faseplan", "fil")):
            yield (path, f"Bilag {index + 1} har intet indhold: angiv tekst, tabel, faseplan eller fil.", False)
        tabel = _dict(bilag.get("tabel"))
        columns = tabel.get("kolonner")
        if isinstance(columns, list):
            for row_index, row in enumerate(_list(tabel.get("rækker"))):
                if isinstance(row, list) and len(row) != len(columns):
                    yield (path + ("tabel", "rækker", row_index),
                           f"Rækken har {len(row)} celler, men tabellen har {len(columns)} kolonner.", False)
        for phase_index, phase in enumerate(_list(bilag.get("faseplan"))):
            start, end = _dict(phase).get("start"), _dict(phase).get("slut")
            if isinstance(start, str) and isinstance(end, str) and end < start:
                yield (path + ("faseplan", phase_index, "slut"),
                       f"Fasen '{_dict(phase).get('fase')}' slutter ({end}) før den starter ({start}).", False)


# --- laaneansoegning ---------------------------------------------------------------------------

def _loan(data: dict) -> Iterator[Problem]:
    number = _dict(data.get("ansøger")).get("kommunenummer")
    if isinstance(number, (int, str)) and not isinstance(number, bool) and not (
            str(number).isdigit() and len(str(number)) == 3):
        yield (("ansøger", "kommunenummer"), f"Kommunenummeret skal være tre cifre, fx 101, ikke '{number}'.", False)
    projects = [_dict(p) for p in _list(data.get("projekter"))]
    years = sorted({y for p in projects for name in ("lån", "pladser") for y in _dict(p.get(name)) if _year(y)})
    if len(years) > 2:
        yield (("projekter",), f"Skemaet har kolonner for to år, men projekterne nævner {len(years)}: "
                               f"{', '.join(map(str, years))}.", False)
    for index, project in enumerate(projects):
        path = ("projekter", index)
        for name in ("lån", "pladser"):
            for year, value in _dict(project.get(name)).items():
                if _number(value) and value < 0:
                    yield (path + (name, year), f"{name} for {year} er negativ ({value}).", False)
        share = project.get("andel_andre_kommuner")
        if _number(share) and not 0 <= share <= 100:
            yield (path + ("andel_andre_kommuner",), "andel_andre_kommuner er en procentsats mellem 0 og 100.", False)
