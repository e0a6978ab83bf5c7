"""The effektiviseringsforslag and investeringsforslag that `kkdocs new` writes."""

from __future__ import annotations

from kkdocs.case.skeletons import common_skeleton


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


_TABEL_C = """\
  # tabel_c:                         # valgfri: Tabel C's egen fordeling (bruttoeffektivisering); uden: som Tabel A
  #   total: {{{year_1}: -800, {year_2}: -1600}}   # valgfri: det, Tabel C fordeler; uden: den samlede varige ændring
  #   nøgle: {{Økonomiudvalget: 1, Socialudvalget: 1}}   # eller beløb pr. udvalg, som under fordeling
  # tekst_før_tabel_c: |              # valgfri: tekst i det administrative bilag mellem Tabel A og Tabel C
  #   «Hvorfor Tabel C afviger fra Tabel A.»
"""


_STATED_PAYBACK = "  #   tilbagebetalingstid: {service: 3, totaløkonomi: 3}   # år\n"


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
