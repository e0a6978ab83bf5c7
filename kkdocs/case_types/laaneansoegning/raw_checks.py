"""The loan application's FELT-TYPE checks on the raw data: kommunenummer, the table's two years, amounts and shares."""

from __future__ import annotations

from typing import Iterator

from kkdocs.checks.reference_data import Reference
from kkdocs.checks.references import Problem, as_dict, as_list, is_number, is_year


def loan_problems(data: dict, reference: Reference) -> Iterator[Problem]:
    number = as_dict(data.get("ansøger")).get("kommunenummer")
    if isinstance(number, (int, str)) and not isinstance(number, bool) and not (
            str(number).isdigit() and len(str(number)) == 3):
        yield Problem(("ansøger", "kommunenummer"), f"Kommunenummeret skal være tre cifre, fx 101, ikke '{number}'.")
    projects = [as_dict(p) for p in as_list(data.get("projekter"))]
    years = sorted({y for p in projects for name in ("lån", "pladser") for y in as_dict(p.get(name)) if is_year(y)})
    if len(years) > 2:
        yield Problem(("projekter",), f"Skemaet har kolonner for to år, men projekterne nævner {len(years)}: "
                                      f"{', '.join(map(str, years))}.")
    for index, project in enumerate(projects):
        path = ("projekter", index)
        for name in ("lån", "pladser"):
            for year, value in as_dict(project.get(name)).items():
                if is_number(value) and value < 0:
                    yield Problem(path + (name, year), f"{name} for {year} er negativ ({value}).")
        share = project.get("andel_andre_kommuner")
        if is_number(share) and not 0 <= share <= 100:
            yield Problem(path + ("andel_andre_kommuner",), "andel_andre_kommuner er en procentsats mellem 0 og 100.")
