"""`kkdocs new`: commented skeletons of each case type, ready to fill in."""

from __future__ import annotations

import datetime
from pathlib import Path

from kkdocs.atomic_write import write_text_atomically

_COMMON = """\
# yaml-language-server: $schema=../../schema/{type}.json  (lav den med: kkdocs schema {type} > schema/{type}.json)
# Ny sag af typen {type}. Beløb er i hele 1.000 kr.; besparelser er negative, udgifter positive.
# Kontrollér filen med:  kkdocs validate {path}
type: {type}
titel: Skriv forslagets titel her
sag: Budget {next_year}                    # budgetprocessen, står under titlen
frist: {deadline}                   # frist før udvalget (ÅÅÅÅ-MM-DD)
status: udkast                       # udkast | hørt | godkendt
"""

_PROPOSAL = """
tværgående: true                     # et tværgående forslag skal berøre mindst tre forvaltninger
fremstillende_forvaltning: ØKF       # kode fra data/reference/organisation.yaml
berørte_forvaltninger: [ØKF, SOF, BUF]

kort_resumé: >
  Et kort resumé af forslaget i få linjer.

beskrivelse: |
  Afsnit 1: fremgangsmåde og effekt. Afsnit adskilles af en tom linje.

  - Punktopstillinger skrives med "- " forrest.

innovationsforslag: null             # eller {{titel: …, vedtaget: "Budget 2024"}}

økonomi:
  pl: {year}                          # prisniveau for alle beløb
  år: [{year}, {last_year}]                 # første og sidste år i tabellerne
  tekst: |
    Afsnit 2: hvordan beløbene er beregnet.
  varige_ændringer:
    - tekst: Bortfaldne opgaver (2 ÅV)
      styringsområde: Service        # Service | Overførsler | Anlæg
      årsværk: -2                    # årsværk × sats × indfasning, afrundet til hele 1.000 kr.
      sats: 600
      indfasning: {{{year_1}: 0.5, {year_2}: 1, {year_3}: 1, {year_4}: 1}}
{implementation}
fordeling:
  tekst: |                           # valgfri: afsnit 2.1 Fordeling på udvalg (uden tekst intet afsnit 2.1)
    Afsnit 2.1: hvordan den varige ændring er fordelt på udvalgene, og efter hvilken nøgle.
  nøgle:                             # vægte pr. udvalg eller bevilling (fx årsværk eller m²)
    Økonomiudvalget: 1
    Socialudvalget: 1
    Børne- og Ungdomsudvalget: 1
{follow_up}
implementering_og_opfølgning: |
  Afsnit 3: hvordan forslaget gennemføres, og hvordan der følges op.

risikovurdering: |
  Afsnit 4: de væsentligste risici og hvordan de håndteres.

{administration}

omfatter: []                         # hvad forslaget berører, for høringerne i Bilag 4 afsnit 4:
                                     # administration | digitalisering | arbejdsgiverområdet | m2-behov | it-systemer
{base_investment}
hørt:                                # Center for Økonomi i første tabel, andre kredse og udvalg i den næste
  - instans: Center for Økonomi, Økonomiforvaltningen
    # dato: {deadline}              # udfyldes, når Center for Økonomi har godkendt (er orienteret)
    # bemærkning: …                 # uden bemærkning står formularens faste tekst

bilag: []                            # fx - {{titel: …, tekst: …}} eller - {{titel: …, fil: bilag/analyse.pdf}}
"""

_IMPLEMENTATION = """  implementering:                    # midler fra investeringspuljen
    - tekst: "Spor 1: Projektledelse"
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
_ADMINISTRATION = {
    "effektiviseringsforslag": "administration: Forslaget indeholder ikke effektiviseringer på administration."
                               "   # valgfri; uden tekst intet afsnit",
    "investeringsforslag": "# administration: …                 # valgfri: afsnittet Effektivisering på administration",
}

_FOLLOW_UP = """
opfølgning:                          # mindst ét mål i hver af de to grupper
  - gruppe: Implementering og anvendelse af investeringsmidler
    mål: Den nye arbejdsgang er implementeret
    måling: Arbejdsgangsbeskrivelsen er godkendt af styregruppen
    ansvarlig: Projektet
    tidspunkt: Juni {year_1}
  - gruppe: Realisering af effektiviseringer
    mål: Budgetterne er reduceret svarende til 2 ÅV
    måling: Forvaltningernes budgetter reduceres jf. fordelingsnøglen
    ansvarlig: CFØ
    tidspunkt: September {year_1}
"""

_LOAN = """
pulje: LanBotilbud_2025-26           # navnet på skemaet i www.indtast.dk; puljerne står i data/reference/laanepuljer.yaml
# indsendt: 2024-05-10               # valgfri: dagen ansøgningen blev sendt (inden for puljens ansøgningsperiode)
ansøger: {{kommune: Københavns Kommune, kommunenummer: 101}}

projekter:                           # 1 til 5 projekter; kolonne A-G i ministeriets skema
  - navn: Skriv projektets navn
    paragraf: 108                    # SEL § 107 eller 108
    art: nybyggeri                   # nybyggeri | eksisterende_bygning | renovering
    bruttoanlægsudgift: 25000        # 1.000 kr. i alt i 2025 og 2026; skal være over 20 mio. kr.
    lån: {{2025: 10000, 2026: 10000}}
    pladser: {{2025: 0, 2026: 12}}
    andel_andre_kommuner: 25         # pct.; mindst 25
    forventet_afsluttet: 2026-10-31  # senest 31-12-2026
    koordineret_i: KKR               # KKR | tværkommunalt | ingen (KKR prioriteres først, så tværkommunalt)
    dokumentation: Referat af drøftelse i KKR   # hvad der er sendt til tilskudsforvaltning@sbst.dk mærket "Lånepulje"

beskrivelse:                         # de seks tekstfelter, højst 4.000 tegn tilsammen
  kapacitet: Hvor meget og hvordan projekterne udvider kapaciteten.
  andel_andre_kommuner: Hvor stor en andel der stilles til rådighed for andre kommuner.
  prissætning: Hvordan projekterne bidrager til bedre prissætning.
  låneadgang: Ansøgt låneadgang for hhv. 2025 og 2026.
  tidsplan: Tidsplan for ibrugtagning af pladserne.
  nyetablering_eller_renovering: Nybyggeri, eksisterende bygning eller renovering.

kontakter:
  - navn: Skriv navn
    titel: Skriv titel
    telefon: "33 66 00 00"           # i anførselstegn, så det læses som tekst
    email: navn@kk.dk
"""

LOAN_POOL_DEADLINE = "2024-05-15"  # the last day of LanBotilbud_2025-26's application window (laanepuljer.yaml)

_DISTRIBUTION = """
tekst: |
  Teksten over tabellen: hvad beløbet dækker, og hvordan det fordeles.
beløb: 100000                        # det beløb, der fordeles
enhed: kr.                           # kr. | 1.000 kr.
nøgle_navn: Indbyggere
nøgle:                               # navn: vægt
  København: 660692
  Frederiksberg: 105100
# oplyst_nøgletotal: 765792          # valgfri; kontrolleres mod summen af nøglen
"""


def skeleton(case_type: str, path: Path, today: datetime.date | None = None) -> str:
    today = today or datetime.date.today()
    year = today.year + 1
    values = {
        "type": case_type, "path": path, "next_year": year, "deadline": (today + datetime.timedelta(days=30)).isoformat(),
        "year": year, "last_year": year + 4, **{f"year_{n}": year + n for n in range(1, 5)},
    }
    text = _COMMON.format(**values)
    if case_type in ("effektiviseringsforslag", "investeringsforslag"):
        investment = case_type == "investeringsforslag"
        values["implementation"] = _IMPLEMENTATION.format(**values) if investment else ""
        values["follow_up"] = _FOLLOW_UP.format(**values) if investment else ""
        values["administration"] = _ADMINISTRATION[case_type]
        values["base_investment"] = _BASE_INVESTMENT if investment else ""
        return text + _PROPOSAL.format(**values)
    if case_type == "laaneansoegning":
        values["deadline"] = LOAN_POOL_DEADLINE
        return _COMMON.format(**values) + _LOAN.format(**values)
    return text + _DISTRIBUTION.format(**values)


def write_skeleton(case_type: str, path: Path) -> None:
    """Write the skeleton atomically, so an interrupted write never leaves half a file."""
    write_text_atomically(path, skeleton(case_type, path))
