"""The figures of an innovationsforslag: the money by row and year, the repayment plan, and the
ceiling of its kind (Bilag 4: at most 2 mio. kr. per forslag, a foranalyse at most 1 mio. kr.).

Pure, like calculation.py: integer sums of what the case gives.
"""

from __future__ import annotations

from dataclasses import dataclass

from kkdocs.case_types.innovationsforslag.model import InnovationCase
from kkdocs.checks.reference_data import Reference
from kkdocs.figures.calculation import Row, Years, column_sum


CEILING = 2000  # 1.000 kr.: "Puljen kan maksimalt udmønte 2 mio. kr. pr. innovationsforslag."
FORANALYSE_CEILING = 1000  # "maksimalt 1.000.000 kr. pr. sag" for each kind of foranalyse
REPAYMENT_YEARS = 6  # "Det skal dog maksimalt være tilbagebetalt efter 6 år."
LOAN_ART = "forvaltningsspecifik_foranalyse"  # "Midlerne gives som lån"; the tværgående not


@dataclass(frozen=True)
class InnovationFigures:
    years: tuple[int, ...]  # every year from the first to the last of the money and the repayments
    midler: tuple[Row, ...]
    midler_i_alt: Years
    midler_total: int
    tilbagebetaling: Years  # negative amounts, as the case gives them
    tilbagebetalt: int  # the sum of the plan (negative)
    restgæld: Years  # the loan still owed at the end of each year; empty when it is no loan
    lån: bool  # given as a loan (a forvaltningsspecifik foranalyse)
    loft: int  # the most the pool gives this kind, in 1.000 kr.
    seneste_år: int | None  # the last year by which a loan must be repaid, or None


def innovation_figures(case: InnovationCase, reference: Reference) -> InnovationFigures:
    midler = tuple(Row(m.tekst, None, dict(sorted(m.beløb.items()))) for m in case.midler)
    i_alt = column_sum(midler)
    plan = dict(sorted((case.tilbagebetaling or {}).items()))
    used = sorted({*i_alt, *plan})
    years = tuple(range(used[0], used[-1] + 1)) if used else ()
    loan = case.art == LOAN_ART
    owed, restgæld = 0, {}
    if loan:
        for year in years:
            owed += i_alt.get(year, 0) + plan.get(year, 0)
            restgæld[year] = owed
    first_money = min(i_alt) if i_alt else None
    return InnovationFigures(
        years=years,
        midler=midler,
        midler_i_alt=i_alt,
        midler_total=sum(i_alt.values()),
        tilbagebetaling=plan,
        tilbagebetalt=sum(plan.values()),
        restgæld=restgæld,
        lån=loan,
        loft=CEILING if case.art == "afprøvning" else FORANALYSE_CEILING,
        seneste_år=first_money + REPAYMENT_YEARS - 1 if loan and first_money is not None else None,
    )
