"""The typed case model: one class per case type, with the Danish keys of the case format.

A case type's record (`kkdocs/case_types/`) names its class here; this module lists no types.

These classes check structure and types only. Checks that need the reference data, other
fields or computed figures live in `rules.py` and the modules it routes to (`bilag4_rules.py`,
`loan_pool_rules.py`, `plausibility.py`).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StrictStr,
                      WithJsonSchema, model_validator)

FOLLOW_UP_GROUPS = ("Implementering og anvendelse af investeringsmidler", "Realisering af effektiviseringer")


def _to_decimal(value: Any) -> Any:
    """Accept YAML ints and floats as exact decimals; leave anything else for the type error."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _year_month(value: str) -> str:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise ValueError("skal være en måned skrevet ÅÅÅÅ-MM, fx 2024-04")
    return value


Number = Annotated[Decimal, BeforeValidator(_to_decimal), WithJsonSchema({"type": "number"})]
Money = StrictInt  # whole 1.000 kr. unless a field says otherwise
YearMap = dict[StrictInt, Money]
Text = StrictStr
YearMonth = Annotated[StrictStr, AfterValidator(_year_month), WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}$"})]
Cell = Union[StrictStr, StrictInt, Number, None]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- common -------------------------------------------------------------------------------
#
# Every field a user writes carries a Danish `description` and `examples`: `kkdocs schema` puts
# them in the JSON Schema, and the editor's YAML language server shows them on hover. They are
# worded as docs/sagsformat.md words the same field. Neither changes what a field accepts.

class CaseBase(Model):
    titel: Text = Field(description="Sagens titel, som den står på forsiden og i oversigterne.",
                        examples=["Fælles mobilaftale for hele kommunen"])
    sag: Text = Field(description="Budgetprocessen, sagen hører til; står under titlen og giver p/l-kontrollen "
                                  "via processer.yaml.", examples=["Budget 2025"])
    frist: datetime.date = Field(description="Fristen før udvalget, skrevet ÅÅÅÅ-MM-DD; kkdocs status ordner "
                                             "sagerne efter den.", examples=["2025-03-14"])
    status: Literal["udkast", "hørt", "godkendt"] = Field(
        description="Sagens status: udkast (giver UDKAST på hver side), hørt eller godkendt.", examples=["udkast"])


# --- proposals ------------------------------------------------------------------------------

Styringsområde = Literal["Service", "Overførsler", "Anlæg"]
ROW_NOTE = ("Valgfri note til rækken: rækken får en stjerne (*, **, … i tabellens rækkefølge), og noten står "
            "under tabellen.")
STYRINGSOMRÅDE_VALGFRIT = ("Styringsområdet: Service, Overførsler eller Anlæg. Uden står feltet tomt i tabellen, og "
                           "rækken tæller ikke med i tilbagebetalingstiden på service.")


class Innovationsforslag(Model):
    titel: Text = Field(description="Innovationsforslagets titel.", examples=["Digital post til borgerne"])
    vedtaget: Text = Field(description="Budgettet, innovationsforslaget blev vedtaget i.", examples=["Budget 2024"])


class VarigÆndring(Model):
    tekst: Text = Field(description="Rækkens tekst i tabellen over den varige ændring.",
                        examples=["Bortfaldne opgaver (2 ÅV)"])
    styringsområde: Styringsområde | None = Field(None, description=STYRINGSOMRÅDE_VALGFRIT, examples=["Service"])
    årsværk: Number | None = Field(None, description="Antal årsværk, rækken ændrer (negativt ved en besparelse); "
                                                     "beløbet bliver årsværk × sats × indfasning, afrundet til hele "
                                                     "1.000 kr. Angives sammen med sats i stedet for beløb.",
                                   examples=[-2])
    sats: Number | None = Field(None, description="Satsen i 1.000 kr. pr. årsværk; angives sammen med årsværk.",
                                examples=[600])
    indfasning: dict[StrictInt, Number] | None = Field(
        None, description="Valgfri andel af den fulde effekt pr. år, fra 0 til 1; uden indfasning regnes den fulde "
                          "effekt i alle år.", examples=[{2025: 0.5, 2026: 1, 2027: 1}])
    beløb: YearMap | None = Field(None, description="Beløb pr. år i hele 1.000 kr. (besparelser negative), i stedet "
                                                    "for årsværk og sats.", examples=[{2025: -600, 2026: -1200}])
    note: Text | None = Field(None, description=ROW_NOTE, examples=["Svarer til 7 ÅV på tværs af forvaltningerne."])

    @model_validator(mode="after")
    def _one_source(self) -> "VarigÆndring":
        from_fte = self.årsværk is not None or self.sats is not None or self.indfasning is not None
        if self.beløb is not None and from_fte:
            raise ValueError("angiv enten beløb eller årsværk og sats, ikke begge")
        if self.beløb is None and (self.årsværk is None or self.sats is None):
            raise ValueError("angiv enten beløb eller både årsværk og sats")
        return self


class Memopost(Model):
    tekst: Text = Field(description="Memopostens tekst.", examples=["Indkøbseffektiviseringer"])
    beløb: YearMap = Field(description="Beløb pr. år i hele 1.000 kr.; vises under totalerne og lægges aldrig til.",
                           examples=[{2025: -100, 2026: -200}])
    note: Text | None = Field(None, description="Valgfri note til memoposten.",
                              examples=["Realiseres via indkøbsaftalerne"])


class Implementering(Model):
    tekst: Text = Field(description="Rækkens tekst i tabellen over implementeringsomkostningerne.",
                        examples=["Spor 1: Projektledelse"])
    styringsområde: Styringsområde | None = Field(None, description=STYRINGSOMRÅDE_VALGFRIT, examples=["Service"])
    beløb: YearMap = Field(description="Implementeringsomkostninger pr. år i hele 1.000 kr. (midler fra "
                                       "investeringspuljen).", examples=[{2025: 500, 2026: 300}])
    # varig drift of a grundinvestering, which the pool pays for at most three years
    drift: StrictBool = Field(False, description="true for en grundinvesterings varige drift, som puljen betaler "
                                                 "i højst tre år.", examples=[True])
    note: Text | None = Field(None, description=ROW_NOTE, examples=["Omfatter også undervisning af decentrale ledere."])


class OplystTilbagebetaling(Model):
    service: StrictInt | None = Field(None, description="Den tilbagebetalingstid på service i hele år, du oplyser; "
                                                        "kontrolleres mod kkdocs' beregning.", examples=[3])
    totaløkonomi: StrictInt | None = Field(None, description="Den tilbagebetalingstid på totaløkonomien i hele år, "
                                                             "du oplyser; kontrolleres mod kkdocs' beregning.",
                                           examples=[4])


class Oplyst(Model):
    tilbagebetalingstid: OplystTilbagebetaling | None = Field(
        None, description="Den tilbagebetalingstid i år, du oplyser, på service og totaløkonomi.",
        examples=[{"service": 3, "totaløkonomi": 3}])
    samlet_varig_ændring: YearMap | None = Field(
        None, description="Den samlede varige ændring pr. år i hele 1.000 kr., du oplyser; kontrolleres mod summen "
                          "af de varige ændringer.", examples=[{2025: -600, 2026: -1200}])
    samlede_implementeringsomkostninger: YearMap | None = Field(
        None, description="De samlede implementeringsomkostninger pr. år i hele 1.000 kr., du oplyser; kontrolleres "
                          "mod summen af implementeringen.", examples=[{2025: 500, 2026: 300}])
    samlet_økonomisk_påvirkning: YearMap | None = Field(
        None, description="Den samlede økonomiske påvirkning pr. år i hele 1.000 kr. (varig ændring plus "
                          "implementering), du oplyser; kontrolleres mod kkdocs' beregning.",
        examples=[{2025: -100, 2026: -900}])


class Økonomi(Model):
    pl: StrictInt = Field(description="Prisniveauet (p/l) for alle beløb i forslaget; skal passe med "
                                      "budgetprocessen i processer.yaml.", examples=[2025])
    udmøntning_pl: StrictInt | None = Field(None, description="Valgfrit: et andet p/l, som Kvantum-tabellerne også "
                                                              "vises i.", examples=[2024])
    år: list[StrictInt] = Field(min_length=2, max_length=2, description="Første og sidste år i tabellerne.",
                                examples=[[2025, 2029]])
    tekst: Text | None = Field(None, description="Afsnit 2: hvordan beløbene er beregnet.",
                               examples=["Besparelsen er beregnet ud fra to årsværk à 600.000 kr."])
    tekst_efter_tabel: Text | None = Field(
        None, description="Valgfri tekst i afsnit 2 efter tabellen og dens noter (Tabel 1 eller 2).",
        examples=["Udover projektudgifterne i tabel 2 skal forvaltningerne afsætte personaleressourcer."])
    samlet_note: Text | None = Field(
        None, description="Valgfri note til rækken Samlet varig ændring: rækken får en stjerne (*), og noten står "
                          "under tabellen; memoposternes og rækkernes noter tæller videre (**, ***).",
        examples=["Det bemærkes, at der kun foretages rammeændringer for effektiviseringen af 7 ÅV."])
    varige_ændringer: list[VarigÆndring] = Field(
        min_length=1, description="Mindst én række med den varige ændring: tekst, styringsområde og enten årsværk og "
                                  "sats (med valgfri indfasning) eller beløb pr. år.",
        examples=[[{"tekst": "Bortfaldne opgaver (2 ÅV)", "styringsområde": "Service", "årsværk": -2, "sats": 600,
                    "indfasning": {2025: 0.5, 2026: 1}}]])
    memoposter: list[Memopost] = Field(
        [], description="Valgfrie rækker med tekst, beløb og valgfri note; vises under totalerne og lægges aldrig til.",
        examples=[[{"tekst": "Indkøbseffektiviseringer", "beløb": {2025: -100, 2026: -200}}]])
    implementering: list[Implementering] = Field(
        [], description="Kun i et investeringsforslag: midler fra investeringspuljen, rækker med tekst, "
                        "styringsområde, beløb og valgfri drift.",
        examples=[[{"tekst": "Spor 1: Projektledelse", "styringsområde": "Service", "beløb": {2025: 500, 2026: 300}}]])
    oplyst: Oplyst | None = Field(None, description="Valgfrie tal, du selv oplyser; kkdocs kontrollerer hvert af dem "
                                                    "mod sin egen beregning.",
                                  examples=[{"samlet_varig_ændring": {2025: -600, 2026: -1200}}])

    @property
    def years(self) -> list[int]:
        return list(range(self.år[0], self.år[1] + 1))


class Fordeling(Model):
    nøgle: dict[StrictStr, Number] | None = Field(
        None, description="Vægte pr. udvalg, eller pr. bevilling skrevet Økonomiudvalget/<bevilling> (Tabel A og C), "
                          "fx årsværk eller m²; den varige ændring fordeles efter dem.",
        examples=[{"Økonomiudvalget": 1, "Socialudvalget": 1, "Børne- og Ungdomsudvalget": 1}])
    beløb: dict[StrictStr, YearMap] | None = Field(
        None, description="Beløb pr. udvalg og år i hele 1.000 kr., i stedet for en nøgle; kontrolleres mod "
                          "totalerne.", examples=[{"Socialudvalget": {2025: -300, 2026: -600}}])
    # the prose of "2.1 Fordeling på udvalg"; absent: no section 2.1
    tekst: Text | None = Field(None, description="Afsnit 2.1 Fordeling på udvalg; uden tekst intet afsnit 2.1.",
                               examples=["Besparelsen fordeles efter forvaltningernes antal årsværk."])

    @model_validator(mode="after")
    def _one_source(self) -> "Fordeling":
        if (self.nøgle is None) == (self.beløb is None):
            raise ValueError("angiv enten nøgle eller beløb under fordeling")
        return self


# Tabel C's own distribution (bruttoeffektivisering), given like Tabel A's.
class TabelCFordeling(Model):
    total: YearMap | None = Field(
        None, description="Valgfrit: bruttobeløbet pr. år i hele 1.000 kr., som Tabel C fordeler; uden det fordeles "
                          "den samlede varige ændring, som i Tabel A.", examples=[{2025: -1500, 2026: -3000}])
    nøgle: dict[StrictStr, Number] | None = Field(
        None, description="Vægte pr. udvalg for Tabel C, i stedet for beløb.",
        examples=[{"Økonomiudvalget": 2, "Socialudvalget": 1}])
    beløb: dict[StrictStr, YearMap] | None = Field(
        None, description="Tabel C's beløb pr. udvalg og år i hele 1.000 kr., i stedet for en nøgle; skal give "
                          "totalen.", examples=[{"Økonomiudvalget": {2025: -1000, 2026: -2000},
                                                 "Socialudvalget": {2025: -500, 2026: -1000}}])

    @model_validator(mode="after")
    def _one_source(self) -> "TabelCFordeling":
        if (self.nøgle is None) == (self.beløb is None):
            raise ValueError("angiv enten nøgle eller beløb under fordeling.tabel_c")
        return self


# An investeringsforslag's fordeling: Tabel A's, and optionally Tabel C's own.
class FordelingMedTabelC(Fordeling):
    tabel_c: TabelCFordeling | None = Field(
        None, description="Valgfrit: Tabel C's egen fordeling (bruttoeffektivisering på bevillingerne), når den "
                          "afviger fra Tabel A (nettoeffekt på måltallet); uden den er Tabel C lig Tabel A.",
        examples=[{"nøgle": {"Økonomiudvalget": 2, "Socialudvalget": 1}}])
    tekst_før_tabel_c: Text | None = Field(
        None, description="Valgfri tekst i det administrative bilag mellem Tabel A og Tabel C, fx hvorfor de "
                          "afviger.",
        examples=["Da driftsudgifterne finansieres via et abonnement, foretages der ikke rammeændringer udover "
                  "nettoeffektiviseringen."])


class Opfølgning(Model):
    gruppe: Literal[FOLLOW_UP_GROUPS] = Field(  # type: ignore[valid-type]
        description="Gruppen: Implementering og anvendelse af investeringsmidler eller Realisering af "
                    "effektiviseringer.", examples=[FOLLOW_UP_GROUPS[0]])
    mål: Text = Field(description="Målet, der følges op på.", examples=["Den nye arbejdsgang er implementeret"])
    måling: Text = Field(description="Hvordan det måles, om målet er nået.",
                         examples=["Arbejdsgangsbeskrivelsen er godkendt af styregruppen"])
    ansvarlig: Text = Field(description="Hvem der er ansvarlig for målet.", examples=["CFØ"])
    tidspunkt: Text = Field(description="Hvornår der følges op.", examples=["Juni 2026"])


class Hørt(Model):
    instans: Text = Field(description="Den instans, forslaget er hørt hos; Center for Økonomi står i formularens "
                                      "første tabel, andre kredse og udvalg i den næste.",
                          examples=["Center for Økonomi, Økonomiforvaltningen"])
    dato: datetime.date | None = Field(None, description="Valgfrit: dagen, instansen godkendte eller blev orienteret "
                                                         "(ÅÅÅÅ-MM-DD).", examples=["2025-02-20"])
    # seed 000, lines 751-756: Digitaliseringschefkredsen is "Ja" with no date, only a remark
    svar: Literal["ja", "nej"] | None = Field(None, description="Valgfrit: formularens Ja/Nej, ja eller nej; uden svar "
                                                                 "står Ja, når der er en dato, ellers Nej. Skriv svar: "
                                                                 "ja for en instans, der er hørt uden en dato.",
                                              examples=["ja"])
    bemærkning: Text | None = Field(None, description="Valgfri bemærkning; uden bemærkning står formularens faste "
                                                      "tekst.", examples=["Ingen bemærkninger til forslaget."])


def is_center_for_økonomi(instans: str) -> bool:
    """Whether a `hørt` entry is Center for Økonomi (the HØRT-CFØ rule and the form's first table)."""
    return "center for økonomi" in instans.lower() or instans.strip().upper() == "CFØ"


class Tabel(Model):
    kolonner: list[Text] | None = Field(None, description="Tabellens kolonneoverskrifter; angives sammen med rækker.",
                                        examples=[["Adresse", "Lejere", "Indsats"]])
    rækker: list[list[Cell]] | None = Field(
        None, description="Tabellens rækker: hver en liste med én værdi pr. kolonne (tekst eller tal).",
        examples=[[["Rådhuspladsen 1", 120, "Nye vinduer"], ["Sundholmsvej 8", 45, "Ny ventilation"]]])
    fra_excel: Text | None = Field(None, description="Et regneark (.xlsx) med tabellen, i stedet for kolonner og "
                                                     "rækker; første række er overskrifterne. Stien regnes fra "
                                                     "sagsfilens mappe.", examples=["bilag/projekter.xlsx"])
    ark: Text | None = Field(None, description="Valgfrit: navnet på arket i regnearket; uden: det første ark.",
                             examples=["Ark1"])
    titel: Text | None = Field(None, description="Valgfri tabeltekst over tabellen, fx \"Tabel 1. Grundabonnement og "
                                                 "antal enheder\".", examples=["Tabel 1. Grundabonnement og antal enheder"])
    i_alt: list[Text] | None = Field(
        None, description="Valgfrit: de kolonner, kkdocs lægger sammen i en række \"I alt\" under tabellen; skriv ikke "
                          "selv en I alt-række.", examples=[["Antal enheder", "Grundabonnement"]])
    oplyst_i_alt: dict[StrictStr, Number] | None = Field(
        None, description="Valgfrit: de totaler, du oplyser, pr. kolonne under i_alt; hver kontrolleres mod kkdocs' "
                          "sum (SUM-AFVIGER).", examples=[{"Grundabonnement": 8920}])

    @model_validator(mode="after")
    def _one_source(self) -> "Tabel":
        inline = self.kolonner is not None or self.rækker is not None
        if inline and self.fra_excel is not None:
            raise ValueError("angiv enten kolonner og rækker eller fra_excel, ikke begge")
        if not inline and self.fra_excel is None:
            raise ValueError("angiv kolonner og rækker, eller fra_excel")
        if inline and self.kolonner is None:
            raise ValueError("tabellen mangler kolonner")
        summed = self.i_alt or []
        if inline:
            unknown = [name for name in summed if name not in (self.kolonner or [])]
            if unknown:
                raise ValueError(f"i_alt nævner {', '.join(repr(n) for n in unknown)}, som ikke er en af tabellens "
                                 f"kolonner ({', '.join(self.kolonner or [])})")
        stated = [name for name in (self.oplyst_i_alt or {}) if name not in summed]
        if stated:
            raise ValueError(f"oplyst_i_alt nævner {', '.join(repr(n) for n in stated)}, som ikke står under i_alt")
        return self


class Fase(Model):
    fase: Text = Field(description="Fasens navn i faseplanen.", examples=["Fase 1: Afklaring"])
    start: YearMonth = Field(description="Måneden, fasen begynder, skrevet ÅÅÅÅ-MM.", examples=["2025-01"])
    slut: YearMonth = Field(description="Måneden, fasen slutter, skrevet ÅÅÅÅ-MM.", examples=["2025-06"])


class Bilag(Model):
    titel: Text = Field(description="Bilagets titel.", examples=["Projekter i forslaget"])
    tekst: Text | None = Field(None, description="Valgfri tekst i bilaget, over en eventuel tabel.",
                               examples=["Tabellen viser de bygninger, forslaget omfatter."])
    tabel: Tabel | None = Field(None, description="Valgfri tabel: kolonner og rækker skrevet i sagen, eller "
                                                  "fra_excel med valgfrit ark.",
                                examples=[{"kolonner": ["Adresse", "Lejere"], "rækker": [["Rådhuspladsen 1", 120]]}])
    faseplan: list[Fase] | None = Field(
        None, description="Valgfri faseplan, tegnet som et månedsgitter: en liste af faser, hver med navn, første og "
                          "sidste måned (ÅÅÅÅ-MM).",
        examples=[[{"fase": "Fase 1: Afklaring", "start": "2025-01", "slut": "2025-06"},
                   {"fase": "Fase 2: Implementering", "start": "2025-07", "slut": "2026-06"}]])
    fil: Text | None = Field(None, description="Valgfri PDF, der lægges ind i samlingen, som den er; stien regnes "
                                               "fra sagsfilens mappe og skal ligge inden for data/.",
                             examples=["bilag/analyse.pdf"])


# What a proposal's savings or purchases touch, for the hearings of Bilag 4, section 4.
Emne = Literal["administration", "digitalisering", "arbejdsgiverområdet", "m2-behov", "it-systemer"]


class Grundinvestering(Model):
    # Bilag 4, criterion 9: a basic investment in technology, exempt from the six-year payback.
    fremtidige_forslag: list[Text] = Field(description="De fremtidige forslag, der bygger på grundinvesteringen.",
                                           examples=[["Automatisk fakturabehandling i alle forvaltninger"]])


def _case_type(case_type: str) -> Any:
    return Field(description=f"Sagstypen, her {case_type}; bestemmer formularen og kontrollerne.",
                 examples=[case_type])


class Proposal(CaseBase):
    tværgående: StrictBool = Field(description="true, hvis forslaget er tværgående; et tværgående forslag skal "
                                               "berøre mindst tre forvaltninger.", examples=[True])
    fremstillende_forvaltning: Text = Field(description="Koden på den forvaltning, der fremstiller forslaget, fra "
                                                        "organisation.yaml.", examples=["ØKF"])
    berørte_forvaltninger: list[Text] = Field(description="Koderne på de forvaltninger, forslaget berører, fra "
                                                          "organisation.yaml.", examples=[["ØKF", "SOF", "BUF"]])
    kort_resumé: Text = Field(description="Et kort resumé af forslaget i få linjer.",
                              examples=["Kommunens mobilaftaler samles i én aftale, der sparer 1,2 mio. kr. om året."])
    beskrivelse: Text = Field(description="Afsnit 1: fremgangsmåde og effekt. Afsnit adskilles af en tom linje; "
                                          "linjer, der begynder med en bindestreg, er punktopstillinger.",
                              examples=["Kommunens 42 mobilaftaler samles i én.\n\n- Færre abonnementer\n"
                                        "- Lavere minutpriser"])
    innovationsforslag: Innovationsforslag | None = Field(
        None, description="Det innovationsforslag, forslaget bygger på, med titel og budgettet, det blev vedtaget i; "
                          "null, hvis der ikke er et.",
        examples=[{"titel": "Digital post til borgerne", "vedtaget": "Budget 2024"}])
    økonomi: Økonomi = Field(
        description="Forslagets økonomi: prisniveau, tabelår, varige ændringer, memoposter, implementering og "
                    "oplyste tal. Beløb i hele 1.000 kr.; besparelser negative, udgifter positive.",
        examples=[{"pl": 2025, "år": [2025, 2028],
                   "varige_ændringer": [{"tekst": "Billigere abonnementer", "styringsområde": "Service",
                                         "beløb": {2025: -600, 2026: -1200, 2027: -1200, 2028: -1200}}]}])
    fordeling: Fordeling = Field(description="Hvordan den varige ændring fordeles på udvalgene (Tabel A og C): "
                                             "enten en nøgle eller beløb pr. udvalg, og valgfri tekst.",
                                 examples=[{"nøgle": {"Økonomiudvalget": 1, "Socialudvalget": 2}}])
    opfølgning: list[Opfølgning] = Field(
        [], description="Mål for opfølgningen, hvert med gruppe, mål, måling, ansvarlig og tidspunkt; et "
                        "investeringsforslag skal have mindst ét mål i hver af de to grupper.",
        examples=[[{"gruppe": FOLLOW_UP_GROUPS[1], "mål": "Budgetterne er reduceret svarende til 2 ÅV",
                    "måling": "Forvaltningernes budgetter reduceres jf. fordelingsnøglen", "ansvarlig": "CFØ",
                    "tidspunkt": "September 2026"}]])
    implementering_og_opfølgning: Text = Field(
        description="Afsnit 3: hvordan forslaget gennemføres, og hvordan der følges op.",
        examples=["Aftalen udbydes i foråret 2025, og de gamle abonnementer opsiges ved årsskiftet."])
    risikovurdering: Text = Field(description="Afsnit 4: de væsentligste risici, og hvordan de håndteres.",
                                  examples=["Risikoen er lav: priserne er kendt fra den fælles indkøbsaftale."])
    administration: Text | None = Field(None, description="Valgfrit: afsnittet Effektivisering på administration; "
                                                          "uden tekst intet afsnit.",
                                        examples=["Forslaget indeholder ikke effektiviseringer på administration."])
    omfatter: list[Emne] = Field([], description="Hvad forslaget berører: administration, digitalisering, "
                                                 "arbejdsgiverområdet, m2-behov eller it-systemer; styrer høringerne "
                                                 "i Bilag 4, afsnit 4.", examples=[["digitalisering", "it-systemer"]])
    hørt: list[Hørt] = Field([], description="De instanser, forslaget er hørt hos, hver med instans og valgfri dato "
                                             "og bemærkning.",
                             examples=[[{"instans": "Center for Økonomi, Økonomiforvaltningen", "dato": "2025-02-20"}]])
    bilag: list[Bilag] = Field([], description="Bilag 1, 2, … i denne rækkefølge, hvert med titel og et eller flere "
                                               "af tekst, tabel, faseplan og fil.",
                               examples=[[{"titel": "Ekstern analyse", "fil": "bilag/analyse.pdf"}]])


class Effektiviseringsforslag(Proposal):
    type: Literal["effektiviseringsforslag"] = _case_type("effektiviseringsforslag")

    @model_validator(mode="before")
    @classmethod
    def _no_implementation(cls, data: Any) -> Any:
        økonomi = data.get("økonomi") if isinstance(data, dict) else None
        if isinstance(økonomi, dict) and "implementering" in økonomi:
            raise ValueError("implementering (midler fra investeringspuljen) hører kun til et investeringsforslag")
        return data


class Investeringsforslag(Proposal):
    type: Literal["investeringsforslag"] = _case_type("investeringsforslag")
    grundinvestering: Grundinvestering | None = Field(
        None, description="Valgfrit: en grundinvestering i teknologi (Bilag 4, kriterium 9) er fritaget for kravet om "
                          "seks års tilbagebetalingstid; angiv de fremtidige forslag, der bygger på den.",
        examples=[{"fremtidige_forslag": ["Automatisk fakturabehandling i alle forvaltninger"]}])
    fordeling: FordelingMedTabelC = Field(
        description="Hvordan ændringen fordeles på udvalg i Tabel A (nettoeffekt på måltallet) og, hvis den "
                    "afviger, i Tabel C (bruttoeffektivisering på bevillingerne) med tabel_c.",
        examples=[{"nøgle": {"Økonomiudvalget": 1, "Socialudvalget": 1}}])


# --- laaneansoegning -----------------------------------------------------------------------

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
    type: Literal["laaneansoegning"] = _case_type("laaneansoegning")
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


# --- fordelingsbilag -----------------------------------------------------------------------

class Fordelingsbilag(CaseBase):
    type: Literal["fordelingsbilag"] = _case_type("fordelingsbilag")
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


# --- packages and reference data -----------------------------------------------------------

class Package(Model):
    titel: Text = Field(description="Pakkens titel på forsiden.", examples=["Økonomiudvalgets møde den 4. marts 2025"])
    udvalg: Text = Field(description="Udvalget fra organisation.yaml.", examples=["Økonomiudvalget"])
    mødedato: datetime.date = Field(description="Mødedatoen (ÅÅÅÅ-MM-DD); står på forsiden.", examples=["2025-03-04"])
    # the price level of the overview; absent: the latest of its cases
    pl: StrictInt | None = Field(None, description="Valgfrit: oversigtens prisniveau; uden: det nyeste af sagernes.",
                                 examples=[2025])
    sager: list[Annotated[StrictStr, Field(pattern=r"^[a-z0-9-]+$")]] = Field(
        min_length=1, description="Sagernes id (filnavnet uden .yaml), i pakkens rækkefølge.",
        examples=[["mobil-2025", "digital-post"]])


class Forvaltning(Model):
    navn: Text
    udvalg: Text


class Udvalg(Model):
    navn: Text
    bevillinger: list[Text] = []


class Organisation(Model):
    forvaltninger: dict[StrictStr, Forvaltning] = Field(min_length=1)
    udvalg: list[Udvalg] = Field(min_length=1)

    def kvantum_rows(self) -> list[str]:
        """Row keys of Tabel A and C: each udvalg, with its bevillinger as own rows under it."""
        rows = []
        for udvalg in self.udvalg:
            rows.append(udvalg.navn)
            rows.extend(f"{udvalg.navn}/{b}" for b in udvalg.bevillinger)
        return rows


class PriceIndex(Model):
    indeks: dict[StrictInt, Number] = Field(min_length=1)


class Budgetproces(Model):
    pl: StrictInt  # the price level every proposal of the process is made in
    # the part of the innovation pool given out in the process, in 1.000 kr. (seed 001, lines 176-177)
    innovationspulje: StrictInt | None = None


class Processes(Model):
    """processer.yaml: the budget processes, by the name a case gives under `sag`."""

    processer: dict[StrictStr, Budgetproces] = Field(min_length=1)


class Ansøgningsvindue(Model):
    fra: datetime.date
    til: datetime.date


class Lånepulje(Model):
    størrelse: dict[StrictInt, Money] = Field(min_length=1)  # 1.000 kr. per year; its keys are the pool's years
    ansøgning: Ansøgningsvindue


class LoanPools(Model):
    """laanepuljer.yaml: each loan pool by its form name (`pulje`)."""

    puljer: dict[StrictStr, Lånepulje] = Field(min_length=1)


class Municipalities(Model):
    """kommuner.yaml: the municipalities of KKR Hovedstaden."""

    kkr_hovedstaden: list[StrictStr] = Field(min_length=1)


def author_name(case: BaseModel, organisation: Organisation | None) -> str:
    """Who a case's documents are by: the fremstillende forvaltning, or the applicant's kommune."""
    code = getattr(case, "fremstillende_forvaltning", None)
    if code is not None:
        forvaltning = organisation.forvaltninger.get(code) if organisation is not None else None
        return forvaltning.navn if forvaltning is not None else code
    applicant = getattr(case, "ansøger", None)
    return applicant.kommune if applicant is not None else "Københavns Kommune"
