"""The fordelingsbilag of seed 002: an amount distributed by a key, with shares that sum exactly."""

from __future__ import annotations

from kkdocs.case.case_type import Builder, CaseType
from kkdocs.case.model import Fordelingsbilag
from kkdocs.case.skeletons import distribution_skeleton
from kkdocs.checks.reference_data import Reference
from kkdocs.checks.references import distribution_problems
from kkdocs.checks.rules import distribution_checks
from kkdocs.documents.context import DistributionContext, distribution_context
from kkdocs.documents.workbook_context import DistributionWorkbooks, distribution_workbooks
from kkdocs.figures.calculation import DistributionFigures, distribution_figures


def _figures(case: Fordelingsbilag, reference: Reference) -> DistributionFigures:
    return distribution_figures(case)


FORDELINGSBILAG = CaseType(
    name="fordelingsbilag",
    label="Fordelingsbilag",
    schema_title="Fordelingsbilag",
    model=Fordelingsbilag,
    raw_checks=distribution_problems,
    calculate=_figures,
    rules=distribution_checks,
    document=Builder(distribution_context, DistributionContext),
    workbooks=Builder(distribution_workbooks, DistributionWorkbooks),
    skeleton=distribution_skeleton,
)
