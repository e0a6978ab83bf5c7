"""The loan application's rules: the entry point its record names."""

from __future__ import annotations

from kkdocs.case_types.laaneansoegning.figures import LoanFigures
from kkdocs.case_types.laaneansoegning.model import Laaneansoegning
from kkdocs.case_types.laaneansoegning.pool_rules import loan_rules
from kkdocs.case_types.record import CaseInputs
from kkdocs.findings import Finding


def loan_checks(case: Laaneansoegning, figures: LoanFigures, inputs: CaseInputs) -> list[Finding]:
    return loan_rules(case, figures, inputs.source, inputs.reference)
