"""The ansøgning om lånedispensation as a typed model (seed 002): applicant, projects A-G, texts, contacts."""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import Field, StrictInt, StrictStr

from kkdocs.case.model import CaseBase, Model, Money, Number, Text, YearMap, type_field


class Ansøger(Model):
    kommune: Text = Field(description="Den ansøgende kommunes navn.", examples=["Københavns Kommune"])
    kommunenummer: StrictInt | StrictStr = Field(description="Kommunens nummer.", examples=[101])


class Projekt(Model):
    navn: Text = Field(description="Projektets navn.", examples=["Botilbud Sundholm"])
    paragraf: StrictInt = Field(description="Paragraffen i serviceloven: 107 eller 108.", examples=[108])
    art: Literal["nybyggeri", "eksisterende_bygning", "renovering"] = Field(
        description="Projektets art: nybyggeri, eksisterende_bygning eller renovering.", examples=["nybyggeri"])
    bruttoanlægsudgift: Money = Field(description="Den samlede bruttoanlægsudgift i hele 1.000 kr.; skal være over "
                                                  "20 mio. kr.", examples=[25000])
    lån: YearMap = Field(description="Den ansøgte låneadgang pr. år i hele 1.000 kr.",
                         examples=[{2025: 10000, 2026: 10000}])
    pladser: dict[StrictInt, StrictInt] = Field(description="Antal nye pladser pr. år.", examples=[{2025: 0, 2026: 12}])
    andel_andre_kommuner: Number = Field(description="Andelen af pladserne, der stilles til rådighed for andre "
                                                     "kommuner, i pct.; mindst 25.", examples=[25])
    forventet_afsluttet: datetime.date = Field(description="Dagen, projektet forventes afsluttet (ÅÅÅÅ-MM-DD).",
                                               examples=["2026-10-31"])
    koordineret_i: Literal["KKR", "tværkommunalt", "ingen"] = Field(
        description="Hvor projektet er koordineret: KKR, tværkommunalt eller ingen (KKR prioriteres først, så "
                    "tværkommunalt).", examples=["KKR"])
    # of the coordination: "referat af drøftelse i KKR", an agreement, …
    dokumentation: Text | None = Field(None, description="Valgfrit: dokumentationen for koordineringen, sendt til "
                                                         "ministeriet mærket Lånepulje.",
                                       examples=["Referat af drøftelse i KKR"])


class LåneBeskrivelse(Model):
    kapacitet: Text = Field(description="Hvor meget og hvordan projekterne udvider kapaciteten.",
                            examples=["Projektet giver 12 nye pladser til borgere med svære sindslidelser."])
    andel_andre_kommuner: Text = Field(description="Hvor stor en andel af pladserne der stilles til rådighed for "
                                                   "andre kommuner.",
                                       examples=["En fjerdedel af pladserne tilbydes kommunerne i KKR Hovedstaden."])
    prissætning: Text = Field(description="Hvordan projekterne bidrager til en bedre prissætning.",
                              examples=["Taksten fastsættes efter rammeaftalen og offentliggøres på Tilbudsportalen."])
    låneadgang: Text = Field(description="Den ansøgte låneadgang for hvert af årene.",
                             examples=["Der søges 10 mio. kr. i 2025 og 10 mio. kr. i 2026."])
    tidsplan: Text = Field(description="Tidsplanen for ibrugtagning af pladserne.",
                           examples=["Pladserne tages i brug i november 2026."])
    nyetablering_eller_renovering: Text = Field(description="Om projekterne er nybyggeri, en eksisterende bygning "
                                                            "eller en renovering.",
                                                examples=["Projektet er nybyggeri på kommunens egen grund."])


class Kontakt(Model):
    navn: Text = Field(description="Kontaktpersonens navn.", examples=["Mette Hansen"])
    titel: Text = Field(description="Kontaktpersonens titel.", examples=["Specialkonsulent"])
    telefon: Text = Field(description="Telefonnummeret, i anførselstegn, så det læses som tekst.",
                          examples=["33 66 00 00"])
    email: Text = Field(description="Kontaktpersonens e-mailadresse.", examples=["mette.hansen@kk.dk"])


class Laaneansoegning(CaseBase):
    type: Literal["laaneansoegning"] = type_field("laaneansoegning")
    pulje: Text = Field(description="Navnet på skemaet i www.indtast.dk; puljerne står i laanepuljer.yaml.",
                        examples=["LanBotilbud_2025-26"])
    # when it was sent through www.indtast.dk
    indsendt: datetime.date | None = Field(None, description="Valgfrit: dagen, ansøgningen blev sendt (inden for "
                                                             "puljens ansøgningsperiode).", examples=["2024-05-10"])
    ansøger: Ansøger = Field(description="Den ansøgende kommune med navn og kommunenummer.",
                             examples=[{"kommune": "Københavns Kommune", "kommunenummer": 101}])
    projekter: list[Projekt] = Field(
        min_length=1, description="1 til 5 projekter (kolonne A-G i ministeriets skema).",
        examples=[[{"navn": "Botilbud Sundholm", "paragraf": 108, "art": "nybyggeri", "bruttoanlægsudgift": 25000,
                    "lån": {2025: 10000, 2026: 10000}, "pladser": {2025: 0, 2026: 12}, "andel_andre_kommuner": 25,
                    "forventet_afsluttet": "2026-10-31", "koordineret_i": "KKR"}]])
    beskrivelse: LåneBeskrivelse = Field(
        description="De seks tekster til ministeriets skema, højst 4.000 tegn tilsammen.",
        examples=[{"kapacitet": "12 nye pladser.", "andel_andre_kommuner": "En fjerdedel.",
                   "prissætning": "Efter rammeaftalen.", "låneadgang": "10 mio. kr. i 2025 og i 2026.",
                   "tidsplan": "I brug i november 2026.", "nyetablering_eller_renovering": "Nybyggeri."}])
    kontakter: list[Kontakt] = Field(min_length=1, description="Mindst én kontaktperson med navn, titel, telefon og "
                                                               "e-mail.",
                                     examples=[[{"navn": "Mette Hansen", "titel": "Specialkonsulent",
                                                 "telefon": "33 66 00 00", "email": "mette.hansen@kk.dk"}]])
