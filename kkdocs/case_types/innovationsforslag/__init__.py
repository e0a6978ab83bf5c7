"""The fifth case type: an innovationsforslag to the innovation pool (Bilag 4, seed 001).

The whole type is this package (model, figures, rules, form context, skeleton), the folder
templates/innovationsforslag/ (made by templates/make_innovationsforslag.py), and its line in
kkdocs/case_types/__init__.py. It has no workbooks, no reader for `kkdocs import` and attaches no
files; in a package's overview it is a row in the list of cases.
"""

from __future__ import annotations

from kkdocs.case_types.innovationsforslag.context import InnovationContext, innovation_context
from kkdocs.case_types.innovationsforslag.figures import InnovationFigures, innovation_figures
from kkdocs.case_types.innovationsforslag.form_layout import INNOVATION_LAYOUT
from kkdocs.case_types.innovationsforslag.model import InnovationCase
from kkdocs.case_types.innovationsforslag.rules import innovation_checks, raw_problems
from kkdocs.case_types.innovationsforslag.skeleton import innovation_skeleton
from kkdocs.case_types.record import CaseType
from kkdocs.documents.builders import DocumentBuilder


INNOVATIONSFORSLAG: CaseType[InnovationCase, InnovationFigures] = CaseType(
    name="innovationsforslag",
    label="Innovationsforslag",
    schema_title="Innovationsforslag til innovationspuljen",
    model=InnovationCase,
    raw_checks=raw_problems,
    calculate=innovation_figures,
    rules=innovation_checks,
    document=DocumentBuilder(innovation_context, InnovationContext),
    skeleton=innovation_skeleton,
    form_layout=INNOVATION_LAYOUT,
)
