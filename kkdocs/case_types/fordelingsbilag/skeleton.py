"""The fordelingsbilag that `kkdocs new` writes."""

from __future__ import annotations

from kkdocs.case.skeletons import common_skeleton


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


def distribution_skeleton(values: dict[str, object]) -> str:
    return common_skeleton(values) + _DISTRIBUTION.format(**values)
