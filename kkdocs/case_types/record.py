"""What a case type is: the record that every stage of the pipeline reads.

A record names the type's model, how its figures are computed, its checks, the contexts its
Word and Excel templates are filled with, the skeleton `kkdocs new` writes, how `kkdocs
import` reads its form, how `kkdocs serve` lays out its form in the browser, what it adds to a
package's overview and which files it attaches.
It is generic over the type's case and figures classes, so that a type checker follows a case
from its model through its calculation and rules to its contexts. The records themselves, one
per type, are listed in `kkdocs/case_types/__init__.py`; nothing else lists the types or
branches on them. Templates live in `templates/<name>/`, described by its manifest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from kkdocs.case.form_layout import COMMON, FormLayout
from kkdocs.case.model import Organisation, Package
from kkdocs.checks.reference_data import Reference
from kkdocs.checks.references import Problem
from kkdocs.documents.builders import DocumentBuilder, WorkbookBuilder
from kkdocs.figures.package_overview import OverviewPart
from kkdocs.findings import Finding
from kkdocs.source.yaml_source import Source
from kkdocs.word_import.docx_reader import WordDocument
from kkdocs.word_import.imported_case import ImportedCase

CaseT = TypeVar("CaseT", bound=BaseModel)
FiguresT = TypeVar("FiguresT")


@dataclass(frozen=True)
class CaseInputs:
    """What a type's checks may read besides the case and its figures."""

    source: Source
    case_folder: Path  # the folder of the case file; attachments are found from here
    data_root: Path  # data/, which attachments must stay inside
    reference: Reference


def _no_near_miss(documents: list[WordDocument]) -> str | None:
    return None


@dataclass(frozen=True)
class FormReader:
    """How `kkdocs import` reads a type's filled-in Word form.

    `recognises(documents, updating)` says whether the documents are this type's form;
    `updating` is the type of the case they update, if any (a proposal's bilag-N.docx alone is
    recognised only then). `read(documents, organisation, updating)` reads them into case data.
    `near_miss(documents)` may say, in Danish, why documents that look like the form are not.
    `headings` are the titles its form begins with, named when no form is recognised.
    """

    recognises: Callable[[list[WordDocument], str | None], bool]
    read: Callable[[list[WordDocument], Organisation | None, str | None], ImportedCase]
    near_miss: Callable[[list[WordDocument]], str | None] = field(default=_no_near_miss)
    headings: tuple[str, ...] = ()


def _no_overview(case: Any, figures: Any) -> OverviewPart | None:
    return None


def _no_attachments(case: Any) -> list[str]:
    return []


def _no_package_rules(package: Package, source: Source, cases: Path, organisation: Organisation) -> list[Finding]:
    return []


@dataclass(frozen=True)
class CaseType(Generic[CaseT, FiguresT]):
    name: str  # the value of `type:` in a case file, and the folder templates/<name>/
    label: str  # Danish, in reports and the build summary: "Investeringsforslag"
    schema_title: str  # the title of its JSON Schema: "Tværgående investeringsforslag"
    model: type[CaseT]  # the pydantic model of the case file
    # FELT-TYPE checks on the raw data, run before the model is trusted
    raw_checks: Callable[[dict, Reference], Iterator[Problem]]
    calculate: Callable[[CaseT, Reference], FiguresT]  # the case's figures; may raise CalculationError
    rules: Callable[[CaseT, FiguresT, CaseInputs], list[Finding]]  # the findings of the type's rules
    document: DocumentBuilder[CaseT, FiguresT, Any]  # the context of its Word templates
    skeleton: Callable[[dict[str, object]], str]  # the text of `kkdocs new`, from skeletons.skeleton_values
    workbooks: WorkbookBuilder[CaseT, FiguresT, Any] | None = None  # the context of its Excel templates
    form: FormReader | None = None  # how `kkdocs import` reads its Word form; None: it cannot be imported
    # what its browser form needs beyond the model: choices, paragraphs, years, labels (`kkdocs serve`)
    form_layout: FormLayout = field(default=COMMON)
    # what a case of the type adds to its package's overview (Tabel A, implementation, payback)
    overview: Callable[[CaseT, FiguresT], OverviewPart | None] = field(default=_no_overview)
    # the files a case attaches (relative to its case file), which its build depends on
    attachments: Callable[[CaseT], list[str]] = field(default=_no_attachments)
    # what the type asks of a package that holds its cases (the package's source; data/sager/ to read them from)
    package_rules: Callable[[Package, Source, Path, Organisation], list[Finding]] = field(default=_no_package_rules)
