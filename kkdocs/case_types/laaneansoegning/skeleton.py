"""The ansøgning om lånedispensation that `kkdocs new` writes."""

from __future__ import annotations

from kkdocs.case.skeletons import common_skeleton


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


def loan_skeleton(values: dict[str, object]) -> str:
    values = {**values, "deadline": LOAN_POOL_DEADLINE}
    return common_skeleton(values) + _LOAN.format(**values)
