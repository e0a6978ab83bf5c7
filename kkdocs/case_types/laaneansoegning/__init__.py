"""The ansøgning om lånedispensation of seed 002: the ministry's form with columns A-G."""

from __future__ import annotations

from kkdocs.case.case_type import Builder, CaseType
from kkdocs.case_types.laaneansoegning.context import LoanContext, loan_context
from kkdocs.case_types.laaneansoegning.figures import LoanFigures, loan_figures
from kkdocs.case_types.laaneansoegning.model import Laaneansoegning
from kkdocs.case_types.laaneansoegning.raw_checks import loan_problems
from kkdocs.case_types.laaneansoegning.rules import loan_checks
from kkdocs.case_types.laaneansoegning.skeleton import loan_skeleton
from kkdocs.case_types.laaneansoegning.workbooks import LoanWorkbooks, loan_workbooks
from kkdocs.checks.reference_data import Reference


def _figures(case: Laaneansoegning, reference: Reference) -> LoanFigures:
    return loan_figures(case, reference.loan_pools)


LAANEANSOEGNING = CaseType(
    name="laaneansoegning",
    label="Ansøgning om lånedispensation",
    schema_title="Ansøgning om lånedispensation",
    model=Laaneansoegning,
    raw_checks=loan_problems,
    calculate=_figures,
    rules=loan_checks,
    document=Builder(loan_context, LoanContext),
    workbooks=Builder(loan_workbooks, LoanWorkbooks),
    skeleton=loan_skeleton,
)
