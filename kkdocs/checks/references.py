"""Checks that a case agrees with the reference data and with itself (FELT-TYPE).

They read the loaded YAML data, not the typed model, so they run even when other fields of the
file have type errors: a user who makes five mistakes sees all five at once. A value of the
wrong type is skipped here, because the typed model reports it. A case with any finding from
here is never calculated.

Here are what the types share (reading raw data defensively, the administrations a case names,
a key's weights, a package's references); each type's own checks are in its package
(`kkdocs/case_types/<type>/raw_checks.py`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator, NamedTuple

from kkdocs.case.model import Organisation, Package, PriceIndex
from kkdocs.case.typing_check import suggestion
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import PathKey, Source


class Problem(NamedTuple):
    """What a raw check found: the field, the Danish message, and whether it is about the key
    (the finding then points at the key, not at its value)."""

    path: PathKey
    message: str
    on_key: bool = False


def check_case_references(source: Source, problems: Iterator[Problem]) -> list[Finding]:
    """The FELT-TYPE findings of a case type's raw checks (its record's `raw_checks`)."""
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

def as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def administration_problems(data: dict, organisation: Organisation) -> Iterator[Problem]:
    codes = list(organisation.forvaltninger)
    presenter = data.get("fremstillende_forvaltning")
    if isinstance(presenter, str) and presenter not in organisation.forvaltninger:
        yield Problem(("fremstillende_forvaltning",), f"Forvaltningen '{presenter}' findes ikke i organisation.yaml"
                      f"{suggestion(presenter, codes)}. Gyldige koder: {', '.join(codes)}.")
    seen: set[str] = set()
    for index, code in enumerate(as_list(data.get("berørte_forvaltninger"))):
        if not isinstance(code, str):
            continue
        if code not in organisation.forvaltninger:
            yield Problem(("berørte_forvaltninger", index), f"Forvaltningen '{code}' findes ikke i organisation.yaml"
                          f"{suggestion(code, codes)}. Gyldige koder: {', '.join(codes)}.")
        elif code in seen:
            yield Problem(("berørte_forvaltninger", index), f"Forvaltningen '{code}' står to gange.")
        seen.add(code)


def key_weight_problems(weights: dict, path: PathKey) -> Iterator[Problem]:
    numbers = {name: weight for name, weight in weights.items() if is_number(weight)}
    for name, weight in numbers.items():
        if weight < 0:
            yield Problem(path + (name,), f"Vægten for '{name}' er negativ ({weight}); en fordelingsnøgle har kun vægte ≥ 0.")
    if numbers and len(numbers) == len(weights) and sum(Decimal(repr(w)) for w in numbers.values()) == 0:
        yield Problem(path, "Fordelingsnøglens vægte summerer til 0, så beløbet kan ikke fordeles.")
