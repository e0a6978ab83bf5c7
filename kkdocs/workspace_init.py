"""`kkdocs init`: a new workspace of one's own, with the shipped reference data and editor schemas.

What it writes is listed in `init_workspace`'s docstring; it never overwrites a file. A folder
that already is a workspace (it holds `data/reference/`) is refused, so nothing of a user's is
touched.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from kkdocs.atomic_write import write_text_atomically
from kkdocs.errors import KkdocsError
from kkdocs.schema import SCHEMA_KINDS, json_schema
from kkdocs.workspace import SHIPPED_REFERENCE


class WorkspaceExists(KkdocsError):
    pass


SOURCES_NOTE = """\
# Hvor referencedataene kommer fra, og hvem der opdaterer dem

kkdocs kontrollerer og beregner sagerne ud fra filerne i denne mappe. De er kopieret fra dem,
kkdocs leveres med, da arbejdsområdet blev oprettet; ret dem her, når tallene ændres. En fil,
der ikke står her (processer.yaml, laanepuljer.yaml, kommuner.yaml), hentes fra kkdocs selv.

| fil | indhold | kilde | opdateres af |
|---|---|---|---|
| `organisation.yaml` | forvaltninger, udvalg og bevillingerne under Økonomiudvalget, i formularernes rækkefølge (Tabel A og C) | Københavns Kommunes organisation, som formularerne til budgetforslag viser den | sekretariatet, når en forvaltning eller et udvalg skifter navn |
| `pl.yaml` | pris- og lønindeks pr. år (til omregning mellem p/l) | **eksempeltal**: erstat dem med Økonomiforvaltningens gældende pris- og lønskøn, før tallene bruges | Økonomiforvaltningen (Center for Økonomi) udmelder skønnet; sekretariatet skriver det ind |
| `processer.yaml` | budgetprocesserne og det p/l, deres forslag skal laves i | budgetvejledningen for processen ("Forslaget skal udarbejdes i 2025 p/l") | sekretariatet, ved hver ny budgetproces |
| `laanepuljer.yaml` | lånepuljerne: størrelse pr. år og ansøgningsperiode | ministeriets brev om lånedispensation (ansøgning via www.indtast.dk; spørgsmål til tilskudsforvaltning@sbst.dk) | den, der søger puljen, når et nyt brev kommer |
| `kommuner.yaml` | de 29 kommuner i KKR Hovedstaden | KKR Hovedstaden | sjældent; kun hvis kredsen ændres |

Kør `kkdocs validate` efter hver rettelse: en fejl i en referencefil vises under "reference".
"""

README = """\
# Arbejdsområde til kkdocs

Her ligger sagerne, pakkerne og referencedataene til kkdocs. Alt, kkdocs danner, kommer i
`build/` (mappen kan altid slettes og dannes igen).

| mappe | indhold |
|---|---|
| `data/sager/` | én sag pr. fil, fx `data/sager/mobil-2025.yaml` (navnet før .yaml er sagens id) |
| `data/pakker/` | udvalgspakker: hvilke sager der samles i én PDF til et møde |
| `data/reference/` | organisation, pris- og lønindeks m.m. (se `data/reference/KILDER.md`) |
| `schema/` | beskrivelsen af felterne til editoren (VS Code med YAML-udvidelsen viser hjælp og fejl) |
| `build/` | Word, Excel og PDF; åbn `build/index.html` for et overblik |

Sådan kommer du i gang:

```sh
kkdocs new investeringsforslag data/sager/mit-forslag.yaml   # et skelet med forklaringer
kkdocs validate                                             # kontrollér alle sager og pakker
kkdocs new pakke data/pakker/mit-moede.yaml                  # en udvalgspakke
kkdocs build                                                # Word, Excel, PDF og pakker i build/
kkdocs status                                               # sager efter frist
```

Hver kommando forklarer sig selv med `--help`, fx `kkdocs build --help`. Den fulde vejledning
(sagsformatet med alle felter, kontrollerne, skabelonerne og et gennemgået eksempel) ligger i
kkdocs' mappe `docs/`.

Egne skabeloner: kopiér en mappe fra kkdocs' `templates/` (fx `templates/investeringsforslag/`)
hertil og ret den i Word eller Excel; typer uden egen mappe bruger dem, kkdocs leveres med. Kør
`kkdocs templates check` efter hver rettelse.
"""

GITIGNORE = "# Alt i build/ dannes af kkdocs og kan dannes igen.\n/build/\n"


def init_workspace(folder: Path) -> list[Path]:
    """Make `folder` a workspace; return the files and folders written, relative to it.

    data/sager/, data/pakker/, data/reference/ with the shipped reference data and KILDER.md
    (where the figures come from), schema/ with a JSON Schema per type, LÆSMIG.md and a
    .gitignore for build/.
    """
    if (folder / "data" / "reference").is_dir():
        raise WorkspaceExists(f"{folder} er allerede et arbejdsområde (mappen data/reference/ findes).")
    written: list[Path] = []
    for sub in ("data/sager", "data/pakker", "data/reference", "schema"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        written.append(Path(sub))
    for source in sorted(SHIPPED_REFERENCE.glob("*.yaml")):
        target = folder / "data" / "reference" / source.name
        shutil.copyfile(source, target)
        written.append(target.relative_to(folder))
    texts = {Path("data/reference/KILDER.md"): SOURCES_NOTE, Path("LÆSMIG.md"): README}
    for kind in SCHEMA_KINDS:
        texts[Path("schema") / f"{kind}.json"] = json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
    if not (folder / ".gitignore").exists():
        texts[Path(".gitignore")] = GITIGNORE
    for name, text in texts.items():
        if not (folder / name).exists():
            write_text_atomically(folder / name, text)
            written.append(name)
    return written
