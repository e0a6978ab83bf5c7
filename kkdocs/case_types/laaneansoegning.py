"""The ansøgning om lånedispensation of seed 002: the ministry's form with columns A-G."""

from __future__ import annotations

from kkdocs.calculation import LoanFigures, loan_figures
from kkdocs.case_type import Builder, CaseType
from kkdocs.context import LoanContext, loan_context
from kkdocs.model import Laaneansoegning
from kkdocs.reference_data import Reference
from kkdocs.references import loan_problems
from kkdocs.rules import loan_checks
from kkdocs.skeletons import loan_skeleton
from kkdocs.workbook_context import LoanWorkbooks, loan_workbooks


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
