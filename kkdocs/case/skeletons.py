"""`kkdocs new`: the skeleton of a package, and the head and the file writing every case type's
skeleton shares (each type writes its own body: `kkdocs/case_types/<type>/skeleton.py`).

Every text a user must replace is written in «…»; `placeholders.py` warns about each one left.
Every optional part is there, commented out, with one line on what it does.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from kkdocs.atomic_write import write_text_atomically
from kkdocs.workspace import CASE_ID_PATTERN, quoted, suggested_id


class Skeletal(Protocol):
    """The part of a case type's record that `kkdocs new` reads."""

    @property
    def name(self) -> str: ...

    @property
    def skeleton(self) -> Callable[[dict[str, object]], str]: ...


_COMMON = """\
# yaml-language-server: $schema=../../schema/{type}.json
# Ny sag af typen {type}. Beløb er i hele 1.000 kr.; besparelser er negative, udgifter positive.
# Tekster i «…» er pladsholdere: skriv dine egne i stedet (kkdocs advarer om dem, der står tilbage).
# Linjer med # foran er kommentarer; fjern # for at bruge en valgfri del.
# Kontrollér filen med:  kkdocs validate {shown_path}
type: {type}
titel: «Skriv forslagets titel her»
sag: Budget {next_year}                    # budgetprocessen, står under titlen
frist: {deadline}                   # frist før udvalget (ÅÅÅÅ-MM-DD)
status: udkast                       # udkast | hørt | godkendt; udkast giver et UDKAST-mærke på hver side
"""


_PACKAGE = """\
# yaml-language-server: $schema=../../schema/pakke.json
# En udvalgspakke: sagerne samles i én PDF med forside, indholdsfortegnelse og oversigt,
# i build/pakker/{id}.pdf. Kontrollér filen med:  kkdocs validate {shown_path}
titel: «Skriv pakkens titel her»
udvalg: Økonomiudvalget              # udvalget fra data/reference/organisation.yaml
mødedato: {deadline}               # mødedatoen (ÅÅÅÅ-MM-DD), står på forsiden
sager: [{case_ids}]{case_comment}
# pl: {year}                          # valgfri: oversigtens prisniveau; uden: det nyeste af sagernes
"""


def skeleton(case_type: Skeletal | None, path: Path, today: datetime.date | None = None,
             case_ids: list[str] = ()) -> str:
    """The skeleton of `case_type` (None: a package, which lists `case_ids`)."""
    values = skeleton_values(case_type.name if case_type is not None else "pakke", path, today)
    if case_type is None:
        return _PACKAGE.format(**values, case_ids=", ".join(case_ids) or "mit-forslag",
                               case_comment="   # sagernes id (filnavnet uden .yaml), i pakkens rækkefølge")
    return case_type.skeleton(values)


def skeleton_values(kind: str, path: Path, today: datetime.date | None = None) -> dict[str, object]:
    """The values every skeleton text is formatted with: the type, the file, and years from today."""
    today = today or datetime.date.today()
    year = today.year + 1
    return {
        "type": kind, "shown_path": quoted(path), "id": path.stem, "next_year": year,
        "deadline": (today + datetime.timedelta(days=30)).isoformat(), "this_year": today.year,
        "year": year, "last_year": year + 4, **{f"year_{n}": year + n for n in range(1, 5)},
    }


def common_skeleton(values: dict[str, object]) -> str:
    """The head every case file starts with: type, titel, sag, frist and status."""
    return _COMMON.format(**values)


def write_skeleton(case_type: Skeletal | None, path: Path, case_ids: list[str] = ()) -> None:
    """Write the skeleton atomically, so an interrupted write never leaves half a file."""
    write_text_atomically(path, skeleton(case_type, path, case_ids=case_ids))


def path_problem(kind: str, path: Path) -> str | None:
    """Why `kkdocs new` must not write `path` (a name `validate` would refuse, a wrong folder), or None."""
    folder = "pakker" if kind == "pakke" else "sager"
    suggestion = path.parent / f"{suggested_id(path.stem)}.yaml"
    if path.suffix != ".yaml" or not re.fullmatch(CASE_ID_PATTERN, path.stem):
        what = "pakkens" if kind == "pakke" else "sagens"
        return (f"Filnavnet '{path.name}' kan ikke bruges: navnet før .yaml er {what} id og må kun indeholde små "
                f"bogstaver a-z, cifre og bindestreg. Brug fx: kkdocs new {kind} {quoted(suggestion)}")
    if path.exists():
        return f"{quoted(path)} findes allerede; vælg et andet navn eller slet filen først."
    if path.parent.name in ("sager", "pakker", "reference") and path.parent.name != folder:
        right = path.parent.parent / folder / path.name
        return (f"En {'pakke' if kind == 'pakke' else 'sag'} skal ligge i data/{folder}/, ellers læses den som "
                f"noget andet. Brug fx: kkdocs new {kind} {quoted(right)}")
    if not path.parent.is_dir():
        return (f"Mappen {quoted(path.parent)} findes ikke. Lav et arbejdsområde med: kkdocs init, og skriv "
                f"filen i data/{folder}/, fx: kkdocs new {kind} {quoted(Path('data', folder, path.name))}")
    return None
