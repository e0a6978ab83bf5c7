"""The typed case model: one class per case type, with the Danish keys of the case format.

These classes check structure and types only. Checks that need the reference data, other
fields or computed figures live in `consistency.py` and `rules.py`.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StrictStr,
                      WithJsonSchema, model_validator)

CASE_TYPES = ("effektiviseringsforslag", "investeringsforslag", "laaneansoegning", "fordelingsbilag")
CASE_TYPE_LABELS = {
    "effektiviseringsforslag": "Effektiviseringsforslag",
    "investeringsforslag": "Investeringsforslag",
    "laaneansoegning": "Ansøgning om lånedispensation",
    "fordelingsbilag": "Fordelingsbilag",
}
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

class CaseBase(Model):
    titel: Text
    sag: Text
    frist: datetime.date
    status: Literal["udkast", "hørt", "godkendt"]


# --- proposals ------------------------------------------------------------------------------

Styringsområde = Literal["Service", "Overførsler", "Anlæg"]


class Innovationsforslag(Model):
    titel: Text
    vedtaget: Text


class VarigÆndring(Model):
    tekst: Text
    styringsområde: Styringsområde
    årsværk: Number | None = None
    sats: Number | None = None
    indfasning: dict[StrictInt, Number] | None = None
    beløb: YearMap | None = None

    @model_validator(mode="after")
    def _one_source(self) -> "VarigÆndring":
        from_fte = self.årsværk is not None or self.sats is not None or self.indfasning is not None
        if self.beløb is not None and from_fte:
            raise ValueError("angiv enten beløb eller årsværk og sats, ikke begge")
        if self.beløb is None and (self.årsværk is None or self.sats is None):
            raise ValueError("angiv enten beløb eller både årsværk og sats")
        return self


class Memopost(Model):
    tekst: Text
    beløb: YearMap
    note: Text | None = None


class Implementering(Model):
    tekst: Text
    styringsområde: Styringsområde
    beløb: YearMap
    drift: StrictBool = False  # varig drift of a grundinvestering, which the pool pays for at most three years


class OplystTilbagebetaling(Model):
    service: StrictInt | None = None
    totaløkonomi: StrictInt | None = None


class Oplyst(Model):
    tilbagebetalingstid: OplystTilbagebetaling | None = None
    samlet_varig_ændring: YearMap | None = None
    samlede_implementeringsomkostninger: YearMap | None = None
    samlet_økonomisk_påvirkning: YearMap | None = None


class Økonomi(Model):
    pl: StrictInt
    udmøntning_pl: StrictInt | None = None
    år: list[StrictInt] = Field(min_length=2, max_length=2)
    tekst: Text | None = None
    varige_ændringer: list[VarigÆndring] = Field(min_length=1)
    memoposter: list[Memopost] = []
    implementering: list[Implementering] = []
    oplyst: Oplyst | None = None

    @property
    def years(self) -> list[int]:
        return list(range(self.år[0], self.år[1] + 1))


class Fordeling(Model):
    nøgle: dict[StrictStr, Number] | None = None
    beløb: dict[StrictStr, YearMap] | None = None
    tekst: Text | None = None  # the prose of "2.1 Fordeling på udvalg"; absent: no section 2.1

    @model_validator(mode="after")
    def _one_source(self) -> "Fordeling":
        if (self.nøgle is None) == (self.beløb is None):
            raise ValueError("angiv enten nøgle eller beløb under fordeling")
        return self


class TabelCFordeling(Model):
    """Tabel C's own distribution (bruttoeffektivisering), given like Tabel A's."""

    total: YearMap | None = None  # what Tabel C distributes; absent: the net permanent change, as Tabel A
    nøgle: dict[StrictStr, Number] | None = None
    beløb: dict[StrictStr, YearMap] | None = None

    @model_validator(mode="after")
    def _one_source(self) -> "TabelCFordeling":
        if (self.nøgle is None) == (self.beløb is None):
            raise ValueError("angiv enten nøgle eller beløb under fordeling.tabel_c")
        return self


class FordelingMedTabelC(Fordeling):
    """An investeringsforslag's fordeling: Tabel A's, and optionally Tabel C's own."""

    tabel_c: TabelCFordeling | None = None  # absent: Tabel C is Tabel A


class Opfølgning(Model):
    gruppe: Literal[FOLLOW_UP_GROUPS]  # type: ignore[valid-type]
    mål: Text
    måling: Text
    ansvarlig: Text
    tidspunkt: Text


class Hørt(Model):
    instans: Text
    dato: datetime.date | None = None
    bemærkning: Text | None = None


def is_center_for_økonomi(instans: str) -> bool:
    """Whether a `hørt` entry is Center for Økonomi (the HØRT-CFØ rule and the form's first table)."""
    return "center for økonomi" in instans.lower() or instans.strip().upper() == "CFØ"


class Tabel(Model):
    kolonner: list[Text] | None = None
    rækker: list[list[Cell]] | None = None
    fra_excel: Text | None = None
    ark: Text | None = None

    @model_validator(mode="after")
    def _one_source(self) -> "Tabel":
        inline = self.kolonner is not None or self.rækker is not None
        if inline and self.fra_excel is not None:
            raise ValueError("angiv enten kolonner og rækker eller fra_excel, ikke begge")
        if not inline and self.fra_excel is None:
            raise ValueError("angiv kolonner og rækker, eller fra_excel")
        if inline and self.kolonner is None:
            raise ValueError("tabellen mangler kolonner")
        return self


class Fase(Model):
    fase: Text
    start: YearMonth
    slut: YearMonth


class Bilag(Model):
    titel: Text
    tekst: Text | None = None
    tabel: Tabel | None = None
    faseplan: list[Fase] | None = None
    fil: Text | None = None


# What a proposal's savings or purchases touch, for the hearings of Bilag 4, section 4.
Emne = Literal["administration", "digitalisering", "arbejdsgiverområdet", "m2-behov", "it-systemer"]


class Grundinvestering(Model):
    """Bilag 4, criterion 9: a basic investment in technology, exempt from the six-year payback."""

    fremtidige_forslag: list[Text]  # the future proposals that depend on it


class Proposal(CaseBase):
    tværgående: StrictBool
    fremstillende_forvaltning: Text
    berørte_forvaltninger: list[Text]
    kort_resumé: Text
    beskrivelse: Text
    innovationsforslag: Innovationsforslag | None = None
    økonomi: Økonomi
    fordeling: Fordeling
    opfølgning: list[Opfølgning] = []
    implementering_og_opfølgning: Text
    risikovurdering: Text
    administration: Text | None = None
    omfatter: list[Emne] = []
    hørt: list[Hørt] = []
    bilag: list[Bilag] = []


class Effektiviseringsforslag(Proposal):
    type: Literal["effektiviseringsforslag"]

    @model_validator(mode="before")
    @classmethod
    def _no_implementation(cls, data: Any) -> Any:
        økonomi = data.get("økonomi") if isinstance(data, dict) else None
        if isinstance(økonomi, dict) and "implementering" in økonomi:
            raise ValueError("implementering (midler fra investeringspuljen) hører kun til et investeringsforslag")
        return data


class Investeringsforslag(Proposal):
    type: Literal["investeringsforslag"]
    grundinvestering: Grundinvestering | None = None
    fordeling: FordelingMedTabelC


# --- laaneansoegning -----------------------------------------------------------------------

class Ansøger(Model):
    kommune: Text
    kommunenummer: StrictInt | StrictStr


class Projekt(Model):
    navn: Text
    paragraf: StrictInt
    art: Literal["nybyggeri", "eksisterende_bygning", "renovering"]
    bruttoanlægsudgift: Money
    lån: YearMap
    pladser: dict[StrictInt, StrictInt]
    andel_andre_kommuner: Number
    forventet_afsluttet: datetime.date
    koordineret_i: Literal["KKR", "tværkommunalt", "ingen"]
    dokumentation: Text | None = None  # of the coordination: "referat af drøftelse i KKR", an agreement, …


class LåneBeskrivelse(Model):
    kapacitet: Text
    andel_andre_kommuner: Text
    prissætning: Text
    låneadgang: Text
    tidsplan: Text
    nyetablering_eller_renovering: Text


class Kontakt(Model):
    navn: Text
    titel: Text
    telefon: Text
    email: Text


class Laaneansoegning(CaseBase):
    type: Literal["laaneansoegning"]
    pulje: Text
    indsendt: datetime.date | None = None  # when it was sent through www.indtast.dk
    ansøger: Ansøger
    projekter: list[Projekt] = Field(min_length=1)
    beskrivelse: LåneBeskrivelse
    kontakter: list[Kontakt] = Field(min_length=1)


# --- fordelingsbilag -----------------------------------------------------------------------

class Fordelingsbilag(CaseBase):
    type: Literal["fordelingsbilag"]
    tekst: Text
    beløb: Money
    enhed: Literal["kr.", "1.000 kr."]
    nøgle_navn: Text
    nøgle: dict[StrictStr, Number] = Field(min_length=1)
    oplyst_nøgletotal: Number | None = None
    bilagsnummer: Text | None = None  # "Bilag 8.2", "Bilag A": printed before the title
    område: Text | None = None  # the area the key covers, "KKR Hovedstaden": names the total row


Case = Union[Effektiviseringsforslag, Investeringsforslag, Laaneansoegning, Fordelingsbilag]
CASE_MODELS: dict[str, type[Model]] = {
    "effektiviseringsforslag": Effektiviseringsforslag,
    "investeringsforslag": Investeringsforslag,
    "laaneansoegning": Laaneansoegning,
    "fordelingsbilag": Fordelingsbilag,
}


# --- packages and reference data -----------------------------------------------------------

class Package(Model):
    titel: Text
    udvalg: Text
    mødedato: datetime.date
    pl: StrictInt | None = None  # the price level of the overview; absent: the latest of its cases
    sager: list[Annotated[StrictStr, Field(pattern=r"^[a-z0-9-]+$")]] = Field(min_length=1)


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
