"""The fordelingsbilag's case file as a typed model (seed 002): an amount, a key and its unit."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictStr

from kkdocs.case.model import CaseBase, Money, Number, Text, type_field


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
