"""The ansøgning om lånedispensation of seed 002: the ministry's form with columns A-G.

The whole type is this package (model, figures, raw checks, rules with those of the loan pool,
Word and Excel contexts, skeleton, the reader of `kkdocs import`), the folder
templates/laaneansoegning/ and its line in kkdocs/case_types/__init__.py. In a package's
overview it is a row in the list of cases; it attaches no files.
"""

from __future__ import annotations

from kkdocs.case.model import Organisation
from kkdocs.case_types.laaneansoegning.context import LoanContext, loan_context
from kkdocs.case_types.laaneansoegning.figures import LoanFigures, loan_figures
from kkdocs.case_types.laaneansoegning.form_layout import LOAN_LAYOUT
from kkdocs.case_types.laaneansoegning.form_reader import near_miss, read_loan, recognises
from kkdocs.case_types.laaneansoegning.model import Laaneansoegning
from kkdocs.case_types.laaneansoegning.raw_checks import loan_problems
from kkdocs.case_types.laaneansoegning.rules import loan_checks
from kkdocs.case_types.laaneansoegning.skeleton import loan_skeleton
from kkdocs.case_types.laaneansoegning.workbooks import LoanWorkbooks, loan_workbooks
from kkdocs.case_types.record import CaseType, FormReader
from kkdocs.checks.reference_data import Reference
from kkdocs.documents.builders import DocumentBuilder, WorkbookBuilder
from kkdocs.word_import.docx_reader import WordDocument
from kkdocs.word_import.imported_case import ImportedCase


def _figures(case: Laaneansoegning, reference: Reference) -> LoanFigures:
    return loan_figures(case, reference.loan_pools)


def _read(documents: list[WordDocument], organisation: Organisation | None, updating: str | None) -> ImportedCase:
    return read_loan(documents)


LAANEANSOEGNING: CaseType[Laaneansoegning, LoanFigures] = CaseType(
    name="laaneansoegning",
    label="Ansøgning om lånedispensation",
    schema_title="Ansøgning om lånedispensation",
    model=Laaneansoegning,
    raw_checks=loan_problems,
    calculate=_figures,
    rules=loan_checks,
    document=DocumentBuilder(loan_context, LoanContext),
    workbooks=WorkbookBuilder(loan_workbooks, LoanWorkbooks),
    skeleton=loan_skeleton,
    form_layout=LOAN_LAYOUT,
    form=FormReader(recognises=recognises, read=_read, near_miss=near_miss),
)
