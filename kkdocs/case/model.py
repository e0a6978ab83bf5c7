"""What every case model shares: the base classes, the field types, and the models of packages
and reference data, with the Danish keys of the case format.

Each case type's own model is in its package (`kkdocs/case_types/<type>/model.py`). These
classes check structure and types only; checks that need the reference data, other fields or
computed figures are each type's rules.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr, WithJsonSchema


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


# Who a proposal or an innovationsforslag was heard by (Bilag 4, section 4), and what it touches.
Emne = Literal["administration", "digitalisering", "arbejdsgiverområdet", "m2-behov", "it-systemer"]


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


def type_field(case_type: str) -> Any:
    return Field(description=f"Sagstypen, her {case_type}; bestemmer formularen og kontrollerne.",
                 examples=[case_type])


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
