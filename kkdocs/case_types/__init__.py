"""The case types: one record each (`kkdocs.case_types.record.CaseType`), and the only list of them.

Every stage reads a case's type here: validate (model, raw checks, calculation, rules), the
renderers (Word and Excel contexts), `kkdocs new` (skeleton), `kkdocs import` (form reader),
the package overview, the build's attachments, `kkdocs schema` and the reports (label). A new
type is a package beside these with its record, its import and one line in CASE_TYPES below,
and a folder templates/<name>/ with its manifest.
"""

from __future__ import annotations

from typing import Any

from kkdocs.case_types.fordelingsbilag import FORDELINGSBILAG
from kkdocs.case_types.innovationsforslag import INNOVATIONSFORSLAG
from kkdocs.case_types.laaneansoegning import LAANEANSOEGNING
from kkdocs.case_types.proposals import EFFEKTIVISERINGSFORSLAG, INVESTERINGSFORSLAG
from kkdocs.case_types.record import CaseType
from kkdocs.errors import KkdocsError


class DuplicateCaseType(KkdocsError):
    """Two records with the same name: the second would silently replace the first."""


def by_name(records: tuple[CaseType[Any, Any], ...]) -> dict[str, CaseType[Any, Any]]:
    """The records by name; raises DuplicateCaseType when two share one (at import, so no command runs)."""
    found: dict[str, CaseType[Any, Any]] = {}
    for record in records:
        if record.name in found:
            raise DuplicateCaseType(f"To sagstyper hedder '{record.name}' ({found[record.name].label} og "
                                    f"{record.label}); giv hver sagstype sit eget navn i kkdocs/case_types/.")
        found[record.name] = record
    return found


CASE_TYPES: tuple[CaseType[Any, Any], ...] = (
    EFFEKTIVISERINGSFORSLAG,
    INVESTERINGSFORSLAG,
    LAANEANSOEGNING,
    FORDELINGSBILAG,
    INNOVATIONSFORSLAG,
)
_BY_NAME = by_name(CASE_TYPES)
NAMES = tuple(_BY_NAME)


def case_type(name: object) -> CaseType[Any, Any] | None:
    """The record of the type a case file names in `type:`, or None for an unknown name."""
    return _BY_NAME.get(name) if isinstance(name, str) else None


def label(kind: str) -> str:
    """The Danish label of a case type; any other kind (pakke, reference) is shown as it is."""
    record = case_type(kind)
    return record.label if record is not None else kind
