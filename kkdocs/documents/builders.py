"""What a case type gives the renderers: its context builders, with their signatures, and what a
renderer reads of a validated case.

A builder turns a typed case and its figures into the dataclass a template is filled with; the
dataclass is named beside it so that `kkdocs templates check` can walk it. The renderers read
a case through `RenderedCase`, which batch's `CaseResult` satisfies without being imported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from kkdocs.case.model import Organisation
from kkdocs.documents.context import SheetReader

CaseT = TypeVar("CaseT")
FiguresT = TypeVar("FiguresT")
ContextT = TypeVar("ContextT")
CaseIn = TypeVar("CaseIn", contravariant=True)
FiguresIn = TypeVar("FiguresIn", contravariant=True)
ContextOut = TypeVar("ContextOut", covariant=True)


class DocumentBuild(Protocol[CaseIn, FiguresIn, ContextOut]):
    """Builds the context of a type's Word templates; `read_sheet` reads a table given `fra_excel`.
    The organisation is the workspace's (validation reports a case before it gets here without one)."""

    def __call__(self, case: CaseIn, figures: FiguresIn, organisation: Organisation, *,
                 read_sheet: SheetReader | None = None) -> ContextOut: ...


class WorkbookBuild(Protocol[CaseIn, FiguresIn, ContextOut]):
    """Builds the context of a type's Excel templates: numbers, not formatted text."""

    def __call__(self, case: CaseIn, figures: FiguresIn) -> ContextOut: ...


@dataclass(frozen=True)
class DocumentBuilder(Generic[CaseT, FiguresT, ContextT]):
    build: DocumentBuild[CaseT, FiguresT, ContextT]
    context: type[ContextT]  # what `kkdocs templates check` walks


@dataclass(frozen=True)
class WorkbookBuilder(Generic[CaseT, FiguresT, ContextT]):
    build: WorkbookBuild[CaseT, FiguresT, ContextT]
    context: type[ContextT]


class CaseForms(Protocol):
    """The part of a case type's record that the renderers read."""

    @property
    def document(self) -> DocumentBuilder[Any, Any, Any]: ...

    @property
    def workbooks(self) -> WorkbookBuilder[Any, Any, Any] | None: ...


class RenderedCase(Protocol):
    """A validated case as the renderers read it (batch's `CaseResult`)."""

    @property
    def path(self) -> Path: ...

    @property
    def file(self) -> str: ...

    @property
    def case(self) -> Any: ...

    @property
    def figures(self) -> Any: ...

    @property
    def case_type(self) -> CaseForms | None: ...
