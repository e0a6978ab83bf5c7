"""The fordelingsbilag of seed 002: an amount distributed by a key, with shares that sum exactly.

The whole type is this package (model, figures, raw checks, rules, Word and Excel contexts,
skeleton, the reader of `kkdocs import`), the folder templates/fordelingsbilag/ and its line
in kkdocs/case_types/__init__.py. In a package's overview it is a row in the list of cases;
it attaches no files.
"""

from __future__ import annotations

from kkdocs.case.model import Organisation
from kkdocs.case_types.fordelingsbilag.context import DistributionContext, distribution_context
from kkdocs.case_types.fordelingsbilag.figures import DistributionFigures, distribution_figures
from kkdocs.case_types.fordelingsbilag.form_layout import DISTRIBUTION_LAYOUT
from kkdocs.case_types.fordelingsbilag.form_reader import read_distribution, recognises
from kkdocs.case_types.fordelingsbilag.model import Fordelingsbilag
from kkdocs.case_types.fordelingsbilag.raw_checks import distribution_problems
from kkdocs.case_types.fordelingsbilag.rules import distribution_checks
from kkdocs.case_types.fordelingsbilag.skeleton import distribution_skeleton
from kkdocs.case_types.fordelingsbilag.workbooks import DistributionWorkbooks, distribution_workbooks
from kkdocs.case_types.record import CaseType, FormReader
from kkdocs.checks.reference_data import Reference
from kkdocs.documents.builders import DocumentBuilder, WorkbookBuilder
from kkdocs.word_import.docx_reader import WordDocument
from kkdocs.word_import.imported_case import ImportedCase


def _figures(case: Fordelingsbilag, reference: Reference) -> DistributionFigures:
    return distribution_figures(case)


def _read(documents: list[WordDocument], organisation: Organisation | None, updating: str | None) -> ImportedCase:
    return read_distribution(documents)


FORDELINGSBILAG: CaseType[Fordelingsbilag, DistributionFigures] = CaseType(
    name="fordelingsbilag",
    label="Fordelingsbilag",
    schema_title="Fordelingsbilag",
    model=Fordelingsbilag,
    raw_checks=distribution_problems,
    calculate=_figures,
    rules=distribution_checks,
    document=DocumentBuilder(distribution_context, DistributionContext),
    workbooks=WorkbookBuilder(distribution_workbooks, DistributionWorkbooks),
    skeleton=distribution_skeleton,
    form_layout=DISTRIBUTION_LAYOUT,
    form=FormReader(recognises=recognises, read=_read),
)
