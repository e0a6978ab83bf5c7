"""What a case type is: the record that every stage of the pipeline reads.

A record names the type's model, how its figures are computed, its checks, the contexts its
Word and Excel templates are filled with, and the skeleton `kkdocs new` writes. The records
themselves, one per type, are listed in `kkdocs/case_types/`; nothing else lists the types
or branches on them. Templates live in `templates/<name>/`, described by its manifest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

if TYPE_CHECKING:  # only named in annotations: the record itself depends on no stage
    from kkdocs.checks.reference_data import Reference
    from kkdocs.checks.references import Problem
    from kkdocs.findings import Finding
    from kkdocs.source.yaml_source import Source


@dataclass(frozen=True)
class CaseInputs:
    """What a type's checks may read besides the case and its figures."""

    source: Source
    case_folder: Path  # the folder of the case file; attachments are found from here
    data_root: Path  # data/, which attachments must stay inside
    reference: Reference


@dataclass(frozen=True)
class Builder:
    """A context builder and the dataclass it returns, which `kkdocs templates check` reads."""

    build: Callable[..., Any]
    context: type


@dataclass(frozen=True)
class CaseType:
    name: str  # the value of `type:` in a case file, and the folder templates/<name>/
    label: str  # Danish, in reports and the build summary: "Investeringsforslag"
    schema_title: str  # the title of its JSON Schema: "Tværgående investeringsforslag"
    model: type  # the pydantic model of the case file
    # FELT-TYPE checks on the raw data, run before the model is trusted (references.py)
    raw_checks: Callable[[dict, Reference], Iterator[Problem]]
    calculate: Callable[[Any, Reference], Any]  # the case's figures; may raise CalculationError
    rules: Callable[[Any, Any, CaseInputs], list[Finding]]  # the findings of the type's rules
    document: Builder  # the context of its Word templates: build(case, figures, organisation, read_sheet=)
    skeleton: Callable[[dict[str, Any]], str]  # the text of `kkdocs new`, from skeletons.skeleton_values
    workbooks: Builder | None = None  # the context of its Excel templates: build(case, figures)
