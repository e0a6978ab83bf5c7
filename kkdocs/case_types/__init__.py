"""The case types: one record each (`kkdocs.case.case_type.CaseType`), and the only list of them.

Every stage reads a case's type here: validate (model, raw checks, calculation, rules), the
renderers (Word and Excel contexts), `kkdocs new` (skeleton), `kkdocs schema` and the reports
(label). A new type is a module (or package) beside these with its record, its import and one line in
CASE_TYPES below, and a folder templates/<name>/ with its manifest.
"""

from __future__ import annotations

from kkdocs.case.case_type import CaseType
from kkdocs.case_types.fordelingsbilag import FORDELINGSBILAG
from kkdocs.case_types.innovationsforslag import INNOVATIONSFORSLAG
from kkdocs.case_types.laaneansoegning import LAANEANSOEGNING
from kkdocs.case_types.proposals import EFFEKTIVISERINGSFORSLAG, INVESTERINGSFORSLAG

CASE_TYPES: tuple[CaseType, ...] = (
    EFFEKTIVISERINGSFORSLAG,
    INVESTERINGSFORSLAG,
    LAANEANSOEGNING,
    FORDELINGSBILAG,
    INNOVATIONSFORSLAG,
)
NAMES = tuple(t.name for t in CASE_TYPES)
_BY_NAME = {t.name: t for t in CASE_TYPES}


def case_type(name: object) -> CaseType | None:
    """The record of the type a case file names in `type:`, or None for an unknown name."""
    return _BY_NAME.get(name) if isinstance(name, str) else None


def label(kind: str) -> str:
    """The Danish label of a case type; any other kind (pakke, reference) is shown as it is."""
    record = case_type(kind)
    return record.label if record is not None else kind
