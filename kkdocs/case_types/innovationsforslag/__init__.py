"""The fifth case type: an innovationsforslag to the innovation pool (Bilag 4, seed 001).

The whole type is this package (model, figures, rules, form context, skeleton), the folder
templates/innovationsforslag/ (made by templates/make_innovationsforslag.py), and its line in
kkdocs/case_types/__init__.py. It has no workbooks.
"""

from __future__ import annotations

from kkdocs.case.case_type import Builder, CaseType
from kkdocs.case_types.innovationsforslag.context import InnovationContext, innovation_context
from kkdocs.case_types.innovationsforslag.figures import innovation_figures
from kkdocs.case_types.innovationsforslag.model import InnovationCase
from kkdocs.case_types.innovationsforslag.rules import innovation_checks, raw_problems
from kkdocs.case_types.innovationsforslag.skeleton import innovation_skeleton


INNOVATIONSFORSLAG = CaseType(
    name="innovationsforslag",
    label="Innovationsforslag",
    schema_title="Innovationsforslag til innovationspuljen",
    model=InnovationCase,
    raw_checks=raw_problems,
    calculate=innovation_figures,
    rules=innovation_checks,
    document=Builder(innovation_context, InnovationContext),
    skeleton=innovation_skeleton,
)
