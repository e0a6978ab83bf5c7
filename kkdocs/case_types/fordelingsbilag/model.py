"""The fordelingsbilag's case file as a typed model (seed 002): an amount, a key and its unit."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictStr

from kkdocs.case.model import CaseBase, Model, Money, Number, Text, type_field


class DistributionColumns(Model):
    """Tabellens kolonneoverskrifter, som bilaget skriver dem; en udeladt overskrift er kkdocs' egen."""

    navn: Text | None = Field(None, description="Valgfrit: overskriften over navnene; uden den er feltet tomt.",
                              examples=["Kommune"])
    nøgle: Text | None = Field(None, description="Valgfrit: overskriften over vægtene; uden den står der "
                                                 "\"<nøgle_navn> - antal\".", examples=["Indbyggere"])
    andel: Text | None = Field(None, description="Valgfrit: overskriften over andelene; uden den står der "
                                                 "\"Andel <nøgle_navn> pct.\".", examples=["Andel pct."])
    beløb: Text | None = Field(None, description="Valgfrit: overskriften over beløbene; uden den står der "
                                                 "\"Andel finansiering <enhed>\".", examples=["Beløb finansiering"])


class Fordelingsbilag(CaseBase):
    type: Literal["fordelingsbilag"] = type_field("fordelingsbilag")
    tekst: Text = Field(description="Teksten over tabellen: hvad beløbet dækker, og hvordan det fordeles.",
                        examples=["Udgiften til den fælles kampagne fordeles efter antal indbyggere."])
    beløb: Money = Field(description="Beløbet, der fordeles, i den valgte enhed.", examples=[100000])
    enhed: Literal["kr.", "1.000 kr."] = Field(description="Beløbets enhed: kr. eller 1.000 kr.", examples=["kr."])
    nøgle_navn: Text = Field(description="Nøglens navn, som det står over tabellens kolonne.", examples=["Indbyggere"])
    nøgle: dict[StrictStr, Number] = Field(min_length=1, description="Vægtene pr. navn, fx indbyggere pr. kommune; "
                                                                      "beløbet fordeles efter dem.",
                                           examples=[{"København": 660692, "Frederiksberg": 105100}])
    oplyst_nøgletotal: Number | None = Field(None, description="Valgfrit: summen af nøglen, du oplyser; kontrolleres "
                                                               "mod kkdocs' sum.", examples=[765792])
    bilagsnummer: Text | None = Field(None, description="Valgfrit: bilagets nummer, som står foran titlen.",
                                      examples=["Bilag 8.2"])
    område: Text | None = Field(None, description="Valgfrit: området, nøglen dækker; det navngiver totalrækken "
                                                  "(\"Indbyggere hele KKR Hovedstaden\"). Uden det står der \"I alt\".",
                                examples=["KKR Hovedstaden"])
    total_navn: Text | None = Field(None, description="Valgfrit: totalrækkens tekst, som formularen skriver den; "
                                                      "går forud for område.", examples=["Region Hovedstaden"])
    kolonner: DistributionColumns | None = Field(None, description="Valgfrit: tabellens kolonneoverskrifter, som "
                                                                   "formularen skriver dem.",
                                                 examples=[{"nøgle": "Indbyggere", "andel": "Andel pct.",
                                                            "beløb": "Beløb finansiering"}])
