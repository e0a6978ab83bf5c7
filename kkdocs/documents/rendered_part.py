"""A part of a case as the renderers write it, the one form a part has from render to bundle.

The render workers return these (they pickle), the conversions send the office files among
them to LibreOffice, and the bundle step reads their bookmarks, groups and PDFs. A part says
itself what it is (`kind`); nothing guesses it again from a file name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Kind = Literal["docx", "xlsx", "pdf"]  # Word or Excel to convert; "pdf": an attached file, appended as it is


@dataclass(frozen=True)
class RenderedPart:
    path: Path  # the written .docx or .xlsx, or the attached PDF as resolved inside data/
    bookmark: str
    in_bundle: bool
    order: int  # position among the case's parts, 0-based: Word parts in manifest order, then workbooks
    kind: Kind = "docx"
    group: str | None = None  # the bookmark this part is nested under, from the manifest

    @property
    def converted(self) -> bool:
        """Whether LibreOffice makes this part's PDF (an attached PDF is used as it is)."""
        return self.kind != "pdf"

    @property
    def pdf(self) -> Path:
        """The PDF LibreOffice writes beside a converted part."""
        return self.path.with_suffix(".pdf")
