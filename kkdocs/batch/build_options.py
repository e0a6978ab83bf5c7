"""What a build is asked to do: where to, how many workers, PDFs or not, and which converter."""

from __future__ import annotations

from dataclasses import dataclass
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

    def fingerprint_options(self) -> dict:
        return {"pdf": self.pdf, "pdfa": self.pdfa}
