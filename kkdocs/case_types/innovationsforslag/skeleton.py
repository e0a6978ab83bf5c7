"""The skeleton `kkdocs new innovationsforslag` writes (see skeletons.py for the conventions)."""

from __future__ import annotations

from kkdocs.case.skeletons import common_skeleton


_INNOVATION = """
art: forvaltningsspecifik_foranalyse   # afprøvning | tværgående_foranalyse | forvaltningsspecifik_foranalyse
fremstillende_forvaltning: SUF       # kode fra data/reference/organisation.yaml
berørte_forvaltninger: [SUF]

kort_resumé: >
  «Et kort resumé af forslaget i få linjer.»

sammenhæng: |
  «Det konkrete investeringsforslag, innovationsforslaget skal modne (kriterium 1), og hvorfor
  potentialet ikke kan beregnes endnu.»

forventet_forslag:                   # kriterium 4
  slags: investeringsforslag         # investeringsforslag | effektiviseringsforslag
  tidspunkt: Budget {year_1}

anvendelse: |
  «Klart og detaljeret, hvad midlerne fra innovationspuljen skal anvendes til (kriterium 5).»

pl: {year}                            # prisniveau for beløbene
midler:                              # midler fra innovationspuljen i hele 1.000 kr., positive
  - tekst: «Projektleder»
    beløb: {{{year}: 300, {year_1}: 200}}
tilbagebetaling: {{{year_2}: -250, {year_3}: -250}}   # kun en forvaltningsspecifik foranalyse (et lån): negative
                                     # beløb, tilbagebetalt senest 6 år fra det første år med midler

businesscase:                        # kriterium 6: potentialet for varige effektiviseringer pr. år
  potentiale_fra: 1000               # 1.000 kr. om året
  potentiale_til: 3000
  sandsynlighed: middel              # lav | middel | høj
  tekst: |
    «Hvordan potentialet og sandsynligheden er vurderet.»

kriterier: [varige_effektiviseringer]   # dem, forslaget opfylder: varige_effektiviseringer,
                                     # tværgående_effektiviseringer, storskala_udrulning, brugervenlighed,
                                     # ny_teknologi, teknologiske_satsningsområder
opfølgning:                          # kriterium 7: målbare opfølgningsmål
  - mål: «Foranalysen er afsluttet og forelagt styregruppen»
    måling: «Rapporten er godkendt»
    ansvarlig: SUF
    tidspunkt: «December {year}»
# omfatter: [it-systemer]            # valgfri: administration | digitalisering | arbejdsgiverområdet | m2-behov | it-systemer
# hørt:                              # valgfri: "Hvem er hørt?"; kræves dateret for det, omfatter nævner, når godkendt
#   - instans: Koncern IT
#     dato: «ÅÅÅÅ-MM-DD»
# oplyst:                            # valgfri: tal, du oplyser; kkdocs kontrollerer dem
#   midler_i_alt: {{{year}: 300, {year_1}: 200}}
#   tilbagebetaling_i_alt: -500
"""


def innovation_skeleton(values: dict[str, object]) -> str:
    return common_skeleton(values) + _INNOVATION.format(**values)
