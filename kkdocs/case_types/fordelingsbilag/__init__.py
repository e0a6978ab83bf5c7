"""The fordelingsbilag of seed 002: an amount distributed by a key, with shares that sum exactly."""

from __future__ import annotations

from kkdocs.case.case_type import Builder, CaseType
from kkdocs.case_types.fordelingsbilag.context import DistributionContext, distribution_context
from kkdocs.case_types.fordelingsbilag.figures import DistributionFigures, distribution_figures
from kkdocs.case_types.fordelingsbilag.model import Fordelingsbilag
from kkdocs.case_types.fordelingsbilag.raw_checks import distribution_problems
from kkdocs.case_types.fordelingsbilag.rules import distribution_checks
from kkdocs.case_types.fordelingsbilag.skeleton import distribution_skeleton
from kkdocs.case_types.fordelingsbilag.workbooks import DistributionWorkbooks, distribution_workbooks
from kkdocs.checks.reference_data import Reference


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
