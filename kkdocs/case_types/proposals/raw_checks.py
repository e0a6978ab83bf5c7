"""The proposals' FELT-TYPE checks on the raw data: years, distribution keys, price levels and bilag."""

from __future__ import annotations

from typing import Iterator

from kkdocs.case.model import Organisation, PriceIndex
from kkdocs.case.typing_check import dotted, suggestion
from kkdocs.checks.reference_data import Reference
from kkdocs.checks.references import Problem, administration_problems, as_dict, as_list, is_year, key_weight_problems
from kkdocs.source.yaml_source import PathKey


def proposal_problems(data: dict, reference: Reference) -> Iterator[Problem]:
    organisation, price_index = reference.organisation, reference.price_index
    yield from administration_problems(data, organisation)
    yield from _years(data)
    yield from _distribution_keys(data, organisation)
    yield from _price_levels(data, price_index)
    yield from _appendices(data)


def _years(data: dict) -> Iterator[Problem]:
    span = as_list(as_dict(data.get("økonomi")).get("år"))
    if len(span) != 2 or not all(is_year(y) for y in span):
        return  # the typed model reports the shape of økonomi.år
    first, last = span
    if first > last:
        yield Problem(("økonomi", "år"),
                      f"økonomi.år skal være [første år, sidste år], men {first} ligger efter {last}.")
        return
    if last - first > 15:
        yield Problem(("økonomi", "år"),
                      f"økonomi.år spænder over {last - first + 1} år; tabellerne har plads til højst 16.")
        return
    for path, years in _year_maps(data):
        for year in years:
            if is_year(year) and not first <= year <= last:
                yield Problem(path + (year,), f"Året {year} i {dotted(path)} ligger uden for økonomi.år ({first}-{last}).",
                              on_key=True)


def _year_maps(data: dict) -> Iterator[tuple[PathKey, list]]:
    økonomi = as_dict(data.get("økonomi"))
    for section, names in (("varige_ændringer", ("beløb", "indfasning")), ("memoposter", ("beløb",)),
                           ("implementering", ("beløb",))):
        for index, row in enumerate(as_list(økonomi.get(section))):
            for name in names:
                value = as_dict(row).get(name)
                if isinstance(value, dict):
                    yield ("økonomi", section, index, name), list(value)
    oplyst = as_dict(økonomi.get("oplyst"))
    for name in ("samlet_varig_ændring", "samlede_implementeringsomkostninger", "samlet_økonomisk_påvirkning"):
        if isinstance(oplyst.get(name), dict):
            yield ("økonomi", "oplyst", name), list(oplyst[name])
    for path, fordeling in _distributions(data):
        for key, amounts in as_dict(fordeling.get("beløb")).items():
            if isinstance(amounts, dict):
                yield path + ("beløb", key), list(amounts)
    total = as_dict(as_dict(data.get("fordeling")).get("tabel_c")).get("total")
    if isinstance(total, dict):
        yield ("fordeling", "tabel_c", "total"), list(total)


def _distributions(data: dict) -> Iterator[tuple[PathKey, dict]]:
    """Tabel A's distribution (`fordeling`) and Tabel C's own (`fordeling.tabel_c`), where given."""
    fordeling = as_dict(data.get("fordeling"))
    yield ("fordeling",), fordeling
    if isinstance(fordeling.get("tabel_c"), dict):
        yield ("fordeling", "tabel_c"), fordeling["tabel_c"]


def _distribution_keys(data: dict, organisation: Organisation) -> Iterator[Problem]:
    rows = organisation.kvantum_rows()
    for path, fordeling in _distributions(data):
        for field in ("nøgle", "beløb"):
            for key in as_dict(fordeling.get(field)):
                if isinstance(key, str) and key not in rows:
                    yield Problem(path + (field, key),
                                  f"'{key}' er hverken et udvalg eller en bevilling i organisation.yaml{suggestion(key, rows)}. "
                                  "En bevilling skrives 'Økonomiudvalget/Koncernservice'.", on_key=True)
        yield from key_weight_problems(as_dict(fordeling.get("nøgle")), path + ("nøgle",))


def _price_levels(data: dict, price_index: PriceIndex) -> Iterator[Problem]:
    økonomi = as_dict(data.get("økonomi"))
    target = økonomi.get("udmøntning_pl")
    if not is_year(target):
        return
    for name in ("pl", "udmøntning_pl"):
        year = økonomi.get(name)
        if is_year(year) and year not in price_index.indeks:
            known = ", ".join(str(y) for y in sorted(price_index.indeks))
            yield Problem(("økonomi", name), f"pl.yaml har intet pris- og lønindeks for {year}, så beløbene kan ikke "
                                             f"omregnes til {target} p/l. Indeks findes for: {known}.")


def _appendices(data: dict) -> Iterator[Problem]:
    for index, bilag in enumerate(as_list(data.get("bilag"))):
        bilag = as_dict(bilag)
        path = ("bilag", index)
        if bilag and not any(bilag.get(k) for k in ("tekst", "tabel", "faseplan", "fil")):
            yield Problem(path, f"Bilag {index + 1} har intet indhold: angiv tekst, tabel, faseplan eller fil.")
        tabel = as_dict(bilag.get("tabel"))
        columns = tabel.get("kolonner")
        if isinstance(columns, list):
            for row_index, row in enumerate(as_list(tabel.get("rækker"))):
                if isinstance(row, list) and len(row) != len(columns):
                    yield Problem(path + ("tabel", "rækker", row_index),
                                  f"Rækken har {len(row)} celler, men tabellen har {len(columns)} kolonner.")
        for phase_index, phase in enumerate(as_list(bilag.get("faseplan"))):
            start, end = as_dict(phase).get("start"), as_dict(phase).get("slut")
            if isinstance(start, str) and isinstance(end, str) and end < start:
                yield Problem(path + ("faseplan", phase_index, "slut"),
                              f"Fasen '{as_dict(phase).get('fase')}' slutter ({end}) før den starter ({start}).")
