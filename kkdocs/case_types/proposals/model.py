"""The two proposals' case files as typed models (seed 000): the shared `Proposal` and one class per form."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr, model_validator

from kkdocs.case.model import CaseBase, Cell, Emne, Hørt, Model, Number, Text, YearMap, YearMonth, type_field


FOLLOW_UP_GROUPS = ("Implementering og anvendelse af investeringsmidler", "Realisering af effektiviseringer")


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


class Grundinvestering(Model):
    # Bilag 4, criterion 9: a basic investment in technology, exempt from the six-year payback.
    fremtidige_forslag: list[Text] = Field(description="De fremtidige forslag, der bygger på grundinvesteringen.",
                                           examples=[["Automatisk fakturabehandling i alle forvaltninger"]])


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
    type: Literal["effektiviseringsforslag"] = type_field("effektiviseringsforslag")

    @model_validator(mode="before")
    @classmethod
    def _no_implementation(cls, data: Any) -> Any:
        økonomi = data.get("økonomi") if isinstance(data, dict) else None
        if isinstance(økonomi, dict) and "implementering" in økonomi:
            raise ValueError("implementering (midler fra investeringspuljen) hører kun til et investeringsforslag")
        return data


class Investeringsforslag(Proposal):
    type: Literal["investeringsforslag"] = type_field("investeringsforslag")
    grundinvestering: Grundinvestering | None = Field(
        None, description="Valgfrit: en grundinvestering i teknologi (Bilag 4, kriterium 9) er fritaget for kravet om "
                          "seks års tilbagebetalingstid; angiv de fremtidige forslag, der bygger på den.",
        examples=[{"fremtidige_forslag": ["Automatisk fakturabehandling i alle forvaltninger"]}])
    fordeling: FordelingMedTabelC = Field(
        description="Hvordan ændringen fordeles på udvalg i Tabel A (nettoeffekt på måltallet) og, hvis den "
                    "afviger, i Tabel C (bruttoeffektivisering på bevillingerne) med tabel_c.",
        examples=[{"nøgle": {"Økonomiudvalget": 1, "Socialudvalget": 1}}])


def appendix_files(case: Proposal) -> list[str]:
    """The files a proposal's bilag attach or read a table from."""
    names = []
    for bilag in case.bilag:
        if bilag.fil:
            names.append(bilag.fil)
        if bilag.tabel is not None and bilag.tabel.fra_excel:
            names.append(bilag.tabel.fra_excel)
    return names
