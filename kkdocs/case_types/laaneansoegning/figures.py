"""The loan application's figures: each project's loan, places and share, and the table's totals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, ROUND_HALF_UP

from kkdocs.case.model import LoanPools
from kkdocs.case_types.laaneansoegning.model import Laaneansoegning
from kkdocs.figures.calculation import Row, Years, column_sum


@dataclass(frozen=True)
class LoanProjectFigures:
    navn: str
    lån: Years
    pladser: Years
    andel_andre_kommuner: Decimal
    forventet_afsluttet: datetime.date


@dataclass(frozen=True)
class LoanFigures:
    years: tuple[int, ...]
    projekter: tuple[LoanProjectFigures, ...]
    lån_i_alt: Years
    pladser_i_alt: Years
    bruttoanlægsudgift_i_alt: int
    andel_i_alt: Decimal | None  # per cent of all places, weighted by places; None without places
    afsluttet_senest: datetime.date
    beskrivelse_tegn: int


def loan_figures(case: Laaneansoegning, loan_pools: LoanPools | None = None) -> LoanFigures:
    """The loan form's figures. Its year columns (B-C loans, D-E places) are the pool's years
    (laanepuljer.yaml), whatever years the projects fill in; a year outside the pool is LÅN-ÅR.
    Without a known pool, the years the projects use."""
    pool = loan_pools.puljer.get(case.pulje) if loan_pools is not None else None
    pool_years = sorted(pool.størrelse) if pool is not None else None
    projects = tuple(LoanProjectFigures(p.navn, dict(sorted(p.lån.items())), dict(sorted(p.pladser.items())),
                                        p.andel_andre_kommuner, p.forventet_afsluttet) for p in case.projekter)
    used = sorted({year for p in projects for year in (*p.lån, *p.pladser)})
    years = pool_years or used
    lån = column_sum([Row("", None, p.lån) for p in projects])
    pladser = column_sum([Row("", None, p.pladser) for p in projects])
    places = [sum(p.pladser.values()) for p in projects]
    shared = sum((Decimal(n) * p.andel_andre_kommuner for n, p in zip(places, projects)), Decimal(0))
    andel = (shared / sum(places)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if sum(places) else None
    return LoanFigures(
        years=tuple(years),
        projekter=projects,
        lån_i_alt=lån,
        pladser_i_alt=pladser,
        bruttoanlægsudgift_i_alt=sum(p.bruttoanlægsudgift for p in case.projekter),
        andel_i_alt=andel,
        afsluttet_senest=max(p.forventet_afsluttet for p in case.projekter),
        beskrivelse_tegn=description_length(case),
    )


def description_length(case: Laaneansoegning) -> int:
    """Characters of the six text fields together, as the form counts them (trailing space excluded)."""
    return sum(len(text.strip()) for text in case.beskrivelse.model_dump().values())
