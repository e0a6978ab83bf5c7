"""Rules more than one case type uses: stated figures compared year by year (SUM-AFVIGER), and
the price level a budget process asks for (PL-PROCES).

Each type's own rules are in its package (`kkdocs/case_types/<type>/rules.py`), the entry
point its record names.
"""

from __future__ import annotations

from kkdocs.case.model import Processes
from kkdocs.danish_format import format_amount
from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import Source


MIN_ADMINISTRATIONS = 3  # Bilag 4, section 1: tværgående means "minimum tre fagforvaltninger" samarbejder


def compare_years(source: Source, path, label: str, stated: dict[int, int], computed: dict[int, int],
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


def process_price_level(sag: str, pl: int, path: tuple, source: Source, processes: Processes | None) -> list[Finding]:
    """PL-PROCES: a case's amounts are in the p/l its budget process (processer.yaml) asks for."""
    process = processes.processer.get(sag) if processes is not None else None
    if process is None or pl == process.pl:
        return []
    return [source.finding(path, Level.FEJL, "PL-PROCES",
                           f"Beløbene står i {pl} p/l, men {sag} kræver {process.pl} p/l: "
                           f"\"Forslaget skal udarbejdes i {process.pl} p/l\" (processer.yaml). Omregn beløbene, "
                           f"og skriv pl: {process.pl}.")]
