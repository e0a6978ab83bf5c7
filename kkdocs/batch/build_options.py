"""What a build is asked to do: where to, how many workers, PDFs or not, which converter, and which texts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class BuildOptions:
    outdir: Path | None = None
    jobs: int | None = None
    pdf: bool = True
    force: bool = False
    pdfa: bool = False
    converter: str | None = None  # None: the local LibreOffice pool; "unoserver://h:p,…"
    timeout: float = 120.0  # seconds a document may convert without progress
    # Case and package files read from here instead of from disk: the editor's preview of a form not yet
    # saved (kkdocs serve). They are hashed, checked and built as the file's content would be.
    texts: Mapping[Path, str] = field(default_factory=dict)

    def fingerprint_options(self) -> dict:
        return {"pdf": self.pdf, "pdfa": self.pdfa}
