"""The case file of an innovationsforslag: the innovation pool of Bilag 4 (seed 001, "Innovationspuljen").

The pool matures future proposals whose potential cannot yet be computed: a pilot or trial of a
technology (afprøvning), or a foranalyse, tværgående or forvaltningsspecifik. Amounts are whole
1.000 kr., as in every other case; money from the pool is positive, a repayment negative.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictInt

from kkdocs.case.model import CaseBase, Emne, Hørt, Model, Money, Text, YearMap


Art = Literal["afprøvning", "tværgående_foranalyse", "forvaltningsspecifik_foranalyse"]
ART_LABELS: dict[str, str] = {  # criterion 2, in the seed's words
    "afprøvning": "En konkret afprøvning af teknologi, fx software, eller et pilotprojekt, der efterfølgende kan "
                  "skaleres",
    "tværgående_foranalyse": "En foranalyse med formål at modne tværgående effektiviseringspotentialer",
    "forvaltningsspecifik_foranalyse": "En foranalyse med formål at modne forvaltningsspecifikke "
                                       "effektiviseringspotentialer",
}

Kriterium = Literal["varige_effektiviseringer", "tværgående_effektiviseringer", "storskala_udrulning",
                    "brugervenlighed", "ny_teknologi", "teknologiske_satsningsområder"]
CRITERION_LABELS: dict[str, str] = {  # "Prioritering af innovationspuljen", in the seed's words and order
    "varige_effektiviseringer": "Potentiale for varige effektiviseringer (foreløbig vurdering)",
    "tværgående_effektiviseringer": "Potentiale for tværgående effektiviseringer",
    "storskala_udrulning": "Potentiale for storskala-udrulning i én eller på tværs af forvaltninger",
    "brugervenlighed": "Potentiale for at skabe bedre brugervenlighed og services for borgere eller virksomhed "
                       "samtidig med at der sandsynliggøres en økonomisk gevinst",
    "ny_teknologi": "Potentiale for at modne anvendelse af ny teknologi på områder, hvor der kan sandsynliggøres "
                    "væsentlige økonomiske gevinster",
    "teknologiske_satsningsområder": "Potentiale for at bidrage til teknologiske satsningsområder udpeget af "
                                     "IT-kredsen",
}

Sandsynlighed = Literal["lav", "middel", "høj"]


class Midler(Model):
    tekst: Text = Field(description="Hvad beløbet bruges til (én række i tabellen over midlerne).",
                        examples=["Projektleder, 1 årsværk"])
    beløb: YearMap = Field(description="Midler fra innovationspuljen pr. år i hele 1.000 kr. (positive).",
                           examples=[{2025: 300, 2026: 300}])


class ForventetForslag(Model):
    slags: Literal["investeringsforslag", "effektiviseringsforslag"] = Field(
        description="Det forslag, innovationsforslaget skal føre til: investeringsforslag eller "
                    "effektiviseringsforslag.", examples=["investeringsforslag"])
    tidspunkt: Text = Field(description="Hvornår forslaget forventes udarbejdet (kriterium 4), fx en "
                                        "budgetproces.", examples=["Budget 2027"])


class Businesscase(Model):
    potentiale_fra: Money = Field(description="Den nedre ende af det tentative potentiale for varige "
                                              "effektiviseringer pr. år i hele 1.000 kr. (positivt).",
                                  examples=[2000])
    potentiale_til: Money = Field(description="Den øvre ende af intervallet, i hele 1.000 kr. pr. år.",
                                  examples=[4000])
    sandsynlighed: Sandsynlighed = Field(description="Sandsynligheden for, at potentialet realiseres: lav, middel "
                                                     "eller høj.", examples=["middel"])
    tekst: Text = Field(description="Den tentative businesscase (kriterium 6): hvordan potentialet er vurderet.",
                        examples=["Potentialet bygger på erfaringer fra to andre kommuner."])


class InnovationMål(Model):
    mål: Text = Field(description="Det målbare opfølgningsmål (kriterium 7).",
                      examples=["Foranalysen er afsluttet og forelagt styregruppen"])
    måling: Text = Field(description="Hvordan det måles, om målet er nået.", examples=["Rapport godkendt"])
    ansvarlig: Text = Field(description="Hvem der er ansvarlig for målet.", examples=["SUF"])
    tidspunkt: Text = Field(description="Hvornår der følges op.", examples=["December 2025"])


class InnovationOplyst(Model):
    midler_i_alt: YearMap | None = Field(None, description="De samlede midler pr. år i hele 1.000 kr., du oplyser; "
                                                           "kontrolleres mod summen af midlerne.",
                                         examples=[{2025: 600, 2026: 200}])
    tilbagebetaling_i_alt: Money | None = Field(None, description="Den samlede tilbagebetaling i hele 1.000 kr. "
                                                                  "(negativ), du oplyser; kontrolleres mod planen.",
                                                examples=[-800])


class InnovationCase(CaseBase):
    type: Literal["innovationsforslag"] = Field(description="Sagstypen, her innovationsforslag; bestemmer "
                                                            "formularen og kontrollerne.",
                                                examples=["innovationsforslag"])
    art: Art = Field(description="Forslagets art (kriterium 2): afprøvning, tværgående_foranalyse eller "
                                 "forvaltningsspecifik_foranalyse.", examples=["forvaltningsspecifik_foranalyse"])
    fremstillende_forvaltning: Text = Field(description="Koden på den forvaltning, der fremstiller forslaget, fra "
                                                        "organisation.yaml.", examples=["SUF"])
    berørte_forvaltninger: list[Text] = Field([], description="Koderne på de forvaltninger, forslaget berører, fra "
                                                              "organisation.yaml.", examples=[["SUF", "ØKF"]])
    kort_resumé: Text = Field(description="Et kort resumé af forslaget i få linjer.",
                              examples=["En foranalyse af automatisk visitation af hjælpemidler."])
    sammenhæng: Text = Field(description="Det konkrete investeringsforslag, innovationsforslaget skal modne "
                                         "(kriterium 1), og hvorfor potentialet ikke kan beregnes endnu.",
                             examples=["Foranalysen skal kvalificere et investeringsforslag om digital visitation."])
    forventet_forslag: ForventetForslag = Field(
        description="Det investerings- eller effektiviseringsforslag, der forventes udarbejdet, og hvornår "
                    "(kriterium 4).", examples=[{"slags": "investeringsforslag", "tidspunkt": "Budget 2027"}])
    anvendelse: Text = Field(description="Klart og detaljeret, hvad midlerne fra innovationspuljen skal anvendes "
                                         "til (kriterium 5).",
                             examples=["Midlerne dækker en projektleder og en ekstern kortlægning af arbejdsgangene."])
    pl: StrictInt = Field(description="Prisniveauet (p/l) for beløbene.", examples=[2025])
    midler: list[Midler] = Field(min_length=1, description="Midlerne fra innovationspuljen, én række pr. anvendelse, "
                                                           "med beløb pr. år.",
                                 examples=[[{"tekst": "Projektleder", "beløb": {2025: 300, 2026: 300}}]])
    tilbagebetaling: YearMap | None = Field(
        None, description="Tilbagebetalingsplanen pr. år i hele 1.000 kr. (negative beløb); kræves for en "
                          "forvaltningsspecifik foranalyse, som gives som lån og skal være tilbagebetalt efter "
                          "højst 6 år.", examples=[{2027: -300, 2028: -300}])
    businesscase: Businesscase = Field(
        description="Den tentative businesscase: potentialet for varige effektiviseringer som et interval pr. år, "
                    "sandsynligheden og en tekst (kriterium 6).",
        examples=[{"potentiale_fra": 2000, "potentiale_til": 4000, "sandsynlighed": "middel",
                   "tekst": "Bygger på erfaringer fra to andre kommuner."}])
    kriterier: list[Kriterium] = Field(
        [], description="De prioriteringskriterier, forslaget opfylder: varige_effektiviseringer, "
                        "tværgående_effektiviseringer, storskala_udrulning, brugervenlighed, ny_teknologi, "
                        "teknologiske_satsningsområder.", examples=[["varige_effektiviseringer", "ny_teknologi"]])
    opfølgning: list[InnovationMål] = Field(
        [], description="Målbare opfølgningsmål (kriterium 7), hvert med mål, måling, ansvarlig og tidspunkt.",
        examples=[[{"mål": "Foranalysen er afsluttet", "måling": "Rapport godkendt", "ansvarlig": "SUF",
                    "tidspunkt": "December 2025"}]])
    # seed 001, lines 274-276: the hearings of section 4 apply to "investerings- og innovationsforslag"
    omfatter: list[Emne] = Field([], description="Hvad forslaget berører: administration, digitalisering, "
                                                 "arbejdsgiverområdet, m2-behov eller it-systemer; styrer høringerne "
                                                 "i Bilag 4, afsnit 4, som for et investeringsforslag.",
                                 examples=[["digitalisering", "it-systemer"]])
    hørt: list[Hørt] = Field([], description="De instanser, forslaget er hørt hos, hver med instans og valgfri dato, "
                                             "bemærkning og svar; står under Hvem er hørt? i formularen.",
                             examples=[[{"instans": "Koncern IT", "dato": "2025-02-20"}]])
    oplyst: InnovationOplyst | None = Field(None, description="Valgfrit: tal, du oplyser, og som kkdocs "
                                                               "kontrollerer mod sin beregning.",
                                            examples=[{"tilbagebetaling_i_alt": -800}])
