"""`kkdocs new`: commented skeletons of each case type and of a package, ready to fill in.

Every text a user must replace is written in «…»; `placeholders.py` warns about each one left.
Every optional part is there, commented out, with one line on what it does.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import TYPE_CHECKING

from kkdocs.atomic_write import write_text_atomically
from kkdocs.workspace import CASE_ID_PATTERN, quoted, suggested_id

if TYPE_CHECKING:
    from kkdocs.case.case_type import CaseType

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

_PROPOSAL = """
tværgående: true                     # et tværgående forslag skal berøre mindst tre forvaltninger
fremstillende_forvaltning: ØKF       # kode fra data/reference/organisation.yaml
berørte_forvaltninger: [ØKF, SOF, BUF]

kort_resumé: >
  «Et kort resumé af forslaget i få linjer.»

beskrivelse: |
  «Afsnit 1: fremgangsmåde og effekt. Afsnit adskilles af en tom linje.»

  - «Punktopstillinger skrives med "- " forrest; nummererede med "1. ".»

innovationsforslag: null             # eller {{titel: …, vedtaget: "Budget 2024"}}; Ja/Nej-boksen findes kun i investeringsforslaget

økonomi:
  pl: {year}                          # prisniveau for alle beløb
  # udmøntning_pl: {this_year}                # valgfri: Kvantum-tabellerne vises også i dette p/l
  år: [{year}, {last_year}]                 # første og sidste år i tabellerne
  tekst: |
    «Afsnit 2: hvordan beløbene er beregnet.»
  # tekst_efter_tabel: |              # valgfri: afsnit 2 fortsat efter tabellen og dens noter
  #   «Det, tabellen ikke viser.»
  varige_ændringer:
    - tekst: «Bortfaldne opgaver (2 ÅV)»
      styringsområde: Service        # Service | Overførsler | Anlæg; uden står feltet tomt
      årsværk: -2                    # årsværk × sats × indfasning, afrundet til hele 1.000 kr.
      sats: 600                      # 1.000 kr. pr. årsværk
      indfasning: {{{year_1}: 0.5, {year_2}: 1, {year_3}: 1, {year_4}: 1}}   # andel pr. år, 0 til 1
      # note: …                      # valgfri: rækken får en stjerne, noten står under tabellen
    # - tekst: Faste udgifter i den nye ordning   # eller beløb pr. år i stedet for årsværk og sats
    #   styringsområde: Service
    #   beløb: {{{year_1}: 100, {year_2}: 100}}
  # samlet_note: Det bemærkes, …      # valgfri: note til rækken Samlet varig ændring (*)
  # memoposter:                      # valgfri: vises under totalerne, lægges aldrig til
  #   - tekst: Indkøbseffektiviseringer
  #     beløb: {{{year_1}: -100, {year_2}: -200}}
  #     note: Realiseres via indkøbsaftalerne
{implementation}  # oplyst:                          # valgfri: tal, du selv oplyser; kkdocs kontrollerer hvert af dem
  #   samlet_varig_ændring: {{{year_1}: -600, {year_2}: -1200, {year_3}: -1200, {year_4}: -1200}}
{stated_payback}
fordeling:
  tekst: |                           # valgfri: afsnit 2.1 Fordeling på udvalg (uden tekst intet afsnit 2.1)
    «Afsnit 2.1: hvordan den varige ændring er fordelt på udvalgene, og efter hvilken nøgle.»
  nøgle:                             # vægte pr. udvalg eller bevilling (fx årsværk eller m²)
    Økonomiudvalget: 1
    Socialudvalget: 1
    Børne- og Ungdomsudvalget: 1
  # eller beløb pr. udvalg i stedet for nøgle (kontrolleres mod totalerne):
  # beløb: {{Socialudvalget: {{{year}: 0, {year_1}: -300}}, …}}
{tabel_c}{follow_up}
implementering_og_opfølgning: |
  «Afsnit 3: hvordan forslaget gennemføres, og hvordan der følges op.»

risikovurdering: |
  «Afsnit 4: de væsentligste risici og hvordan de håndteres.»

{administration}

omfatter: []                         # hvad forslaget berører, for høringerne i Bilag 4 afsnit 4:
                                     # administration | digitalisering | arbejdsgiverområdet | m2-behov | it-systemer
{base_investment}
hørt:                                # Center for Økonomi i første tabel, andre kredse og udvalg i den næste
  - instans: Center for Økonomi, Økonomiforvaltningen
    # dato: {deadline}              # udfyldes, når Center for Økonomi har godkendt (er orienteret)
    # bemærkning: …                 # uden bemærkning står formularens faste tekst
    # svar: ja                      # Ja/Nej: uden svar Ja med en dato, ellers Nej

bilag: []                            # valgfri: Bilag 1, 2, … i denne rækkefølge; slet [] og fjern # herunder
#   - titel: Projekter i forslaget   # en tabel skrevet her
#     tekst: Teksten over tabellen.
#     tabel:
#       kolonner: [Adresse, Lejere, Indsats]
#       rækker:
#         - [Rådhuspladsen 1, 120, Nye vinduer]
#   - titel: Projektliste fra Excel  # en tabel fra et regneark: første række er overskrifterne
#     tabel: {{fra_excel: bilag/projekter.xlsx, ark: Ark1}}   # stien regnes fra denne fils mappe
#   - titel: Faseplan                # en faseplan tegnet som et månedsgitter
#     faseplan:
#       - {{fase: "Fase 1: Afklaring", start: {year}-01, slut: {year}-06}}
#       - {{fase: "Fase 2: Implementering", start: {year}-07, slut: {year_1}-06}}
#   - titel: Ekstern analyse         # en PDF, der lægges ind i samlingen, som den er
#     fil: bilag/analyse.pdf
"""

_IMPLEMENTATION = """  implementering:                    # midler fra investeringspuljen
    - tekst: "«Spor 1: Projektledelse»"
      styringsområde: Service
      beløb: {{{year}: 500, {year_1}: 300}}
      # drift: true                  # kun for en grundinvestering: varig drift, som puljen betaler i højst tre år
"""

# Bilag 4, criterion 9 (investeringsforslag only)
_BASE_INVESTMENT = """# grundinvestering:                  # valgfri: en grundinvestering i teknologi er fritaget for kravet om 6 års
#   fremtidige_forslag: [Navn på forslag, der bygger på den]   # tilbagebetalingstid
"""

# "Effektivisering på administration" (optional): the effektivisering form has the section, the
# investment form (seed 000) does not, so the investment skeleton leaves it out.
_ADMINISTRATION = ("administration: Forslaget indeholder ikke effektiviseringer på administration."
                   "   # valgfri; uden tekst intet afsnit")
_NO_ADMINISTRATION = "# administration: …                 # valgfri: afsnittet Effektivisering på administration"

_FOLLOW_UP = """
opfølgning:                          # mindst ét mål i hver af de to grupper
  - gruppe: Implementering og anvendelse af investeringsmidler
    mål: «Den nye arbejdsgang er implementeret»
    måling: «Arbejdsgangsbeskrivelsen er godkendt af styregruppen»
    ansvarlig: Projektet
    tidspunkt: Juni {year_1}
  - gruppe: Realisering af effektiviseringer
    mål: «Budgetterne er reduceret svarende til 2 ÅV»
    måling: «Forvaltningernes budgetter reduceres jf. fordelingsnøglen»
    ansvarlig: CFØ
    tidspunkt: September {year_1}
"""

_LOAN = """
pulje: LanBotilbud_2025-26           # navnet på skemaet i www.indtast.dk; puljerne står i data/reference/laanepuljer.yaml
# indsendt: 2024-05-10               # valgfri: dagen ansøgningen blev sendt (inden for puljens ansøgningsperiode)
ansøger: {{kommune: Københavns Kommune, kommunenummer: 101}}

projekter:                           # 1 til 5 projekter; kolonne A-G i ministeriets skema
  - navn: «Skriv projektets navn»
    paragraf: 108                    # SEL § 107 eller 108
    art: nybyggeri                   # nybyggeri | eksisterende_bygning | renovering
    bruttoanlægsudgift: 25000        # 1.000 kr. i alt i 2025 og 2026; skal være over 20 mio. kr.
    lån: {{2025: 10000, 2026: 10000}}
    pladser: {{2025: 0, 2026: 12}}
    andel_andre_kommuner: 25         # pct.; mindst 25
    forventet_afsluttet: 2026-10-31  # senest 31-12-2026
    koordineret_i: KKR               # KKR | tværkommunalt | ingen (KKR prioriteres først, så tværkommunalt)
    dokumentation: «Referat af drøftelse i KKR»   # hvad der er sendt til tilskudsforvaltning@sbst.dk mærket "Lånepulje"

beskrivelse:                         # de seks tekstfelter, højst 4.000 tegn tilsammen
  kapacitet: «Hvor meget og hvordan projekterne udvider kapaciteten.»
  andel_andre_kommuner: «Hvor stor en andel der stilles til rådighed for andre kommuner.»
  prissætning: «Hvordan projekterne bidrager til bedre prissætning.»
  låneadgang: «Ansøgt låneadgang for hhv. 2025 og 2026.»
  tidsplan: «Tidsplan for ibrugtagning af pladserne.»
  nyetablering_eller_renovering: «Nybyggeri, eksisterende bygning eller renovering.»

kontakter:
  - navn: «Skriv navn»
    titel: «Skriv titel»
    telefon: "33 66 00 00"           # i anførselstegn, så det læses som tekst
    email: navn@kk.dk
"""

LOAN_POOL_DEADLINE = "2024-05-15"  # the last day of LanBotilbud_2025-26's application window (laanepuljer.yaml)

_DISTRIBUTION = """
tekst: |
  «Teksten over tabellen: hvad beløbet dækker, og hvordan det fordeles.»
beløb: 100000                        # det beløb, der fordeles
enhed: kr.                           # kr. | 1.000 kr.
nøgle_navn: Indbyggere
# bilagsnummer: «Bilag 8.2»          # valgfri; står foran titlen
# område: «KKR Hovedstaden»          # valgfri; navngiver totalrækken: "Indbyggere hele KKR Hovedstaden"
nøgle:                               # navn: vægt
  København: 660692
  Frederiksberg: 105100
# oplyst_nøgletotal: 765792          # valgfri; kontrolleres mod summen af nøglen
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

_TABEL_C = """\
  # tabel_c:                         # valgfri: Tabel C's egen fordeling (bruttoeffektivisering); uden: som Tabel A
  #   total: {{{year_1}: -800, {year_2}: -1600}}   # valgfri: det, Tabel C fordeler; uden: den samlede varige ændring
  #   nøgle: {{Økonomiudvalget: 1, Socialudvalget: 1}}   # eller beløb pr. udvalg, som under fordeling
  # tekst_før_tabel_c: |              # valgfri: tekst i det administrative bilag mellem Tabel A og Tabel C
  #   «Hvorfor Tabel C afviger fra Tabel A.»
"""
_STATED_PAYBACK = "  #   tilbagebetalingstid: {service: 3, totaløkonomi: 3}   # år\n"


def skeleton(case_type: CaseType | None, path: Path, today: datetime.date | None = None,
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


def effektiviseringsforslag_skeleton(values: dict[str, object]) -> str:
    return _proposal_skeleton(values, investment=False)


def investeringsforslag_skeleton(values: dict[str, object]) -> str:
    return _proposal_skeleton(values, investment=True)


def _proposal_skeleton(values: dict[str, object], investment: bool) -> str:
    values = {**values,
              "implementation": _IMPLEMENTATION.format(**values) if investment else "",
              "stated_payback": _STATED_PAYBACK if investment else "",
              "follow_up": _FOLLOW_UP.format(**values) if investment else "",
              "tabel_c": _TABEL_C.format(**values) if investment else "",
              "administration": _NO_ADMINISTRATION if investment else _ADMINISTRATION,
              "base_investment": _BASE_INVESTMENT if investment else ""}
    return common_skeleton(values) + _PROPOSAL.format(**values)


def loan_skeleton(values: dict[str, object]) -> str:
    values = {**values, "deadline": LOAN_POOL_DEADLINE}
    return common_skeleton(values) + _LOAN.format(**values)


def distribution_skeleton(values: dict[str, object]) -> str:
    return common_skeleton(values) + _DISTRIBUTION.format(**values)


def write_skeleton(case_type: CaseType | None, path: Path, case_ids: list[str] = ()) -> None:
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
