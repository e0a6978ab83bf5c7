"""What a build did: one outcome per case and package, as `build` returns it and manifest.json stores it."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kkdocs.danish_format import format_date_long
from kkdocs.findings import Finding, Level

BUILT = "bygget"
UNCHANGED = "uændret"
FAILED = "fejlet"


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the build folder, with "/" separators
    sha256: str
    size: int
    archival: bool | None = None  # a PDF that declares PDF/UA-1 and PDF/A-2b; None for other files


@dataclass
class CaseOutcome:
    id: str
    file: str  # the case file as the user sees it
    kind: str  # case type, or "pakke"
    titel: str
    status: str  # BUILT, UNCHANGED or FAILED
    case_status: str | None = None  # udkast | hørt | godkendt
    frist: datetime.date | None = None
    input_hash: str = ""
    inputs: list[str] = field(default_factory=list)  # attachments the case read, relative to the workspace
    findings: list[Finding] = field(default_factory=list)
    outputs: list[OutputFile] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)  # bundle parts: {title, pdf, children}
    error: str | None = None  # why the build failed, beyond the findings
    # A case that fails keeps its last good outputs: since when they are outdated (ISO time of the
    # first failing build). A package: since when one of its cases is.
    outdated_since: str | None = None
    # A case built from valid data: that data as its model validated it (JSON), so that a package's overview
    # can show the case's figures without reading its file again, also once the file has fejl.
    case_data: dict[str, Any] | None = None

    @property
    def fejl(self) -> int:
        return sum(1 for f in self.findings if f.level is Level.FEJL)

    @property
    def advarsler(self) -> int:
        return sum(1 for f in self.findings if f.level is Level.ADVARSEL)

    def as_dict(self) -> dict[str, Any]:
        """As manifest.json stores it; field by field, as `asdict` would copy each part's tree again."""
        return {
            "id": self.id, "file": self.file, "kind": self.kind, "titel": self.titel, "status": self.status,
            "case_status": self.case_status, "frist": self.frist.isoformat() if self.frist else None,
            "input_hash": self.input_hash, "inputs": list(self.inputs),
            "findings": [f.as_dict() for f in self.findings],
            "outputs": [{"path": o.path, "sha256": o.sha256, "size": o.size, "archival": o.archival}
                        for o in self.outputs],
            "parts": self.parts, "error": self.error, "outdated_since": self.outdated_since,
            "case_data": self.case_data,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CaseOutcome":
        findings = [Finding(f["file"], f["line"], f["column"], Level(f["level"]), f["code"], f["message"])
                    for f in data.get("findings", [])]
        outputs = [OutputFile(**o) for o in data.get("outputs", [])]
        frist = datetime.date.fromisoformat(data["frist"]) if data.get("frist") else None
        fields = {k: v for k, v in data.items() if k not in ("findings", "outputs", "frist")}
        return cls(**fields, frist=frist, findings=findings, outputs=outputs)


def failing_since(since: str) -> str:
    """"2. december 2026 kl. 08.17" for the ISO time of `CaseOutcome.outdated_since`."""
    moment = datetime.datetime.fromisoformat(since)
    return f"{format_date_long(moment.date())} kl. {moment:%H.%M}"


def outdated_text(since: str) -> str:
    """"forældet: sagen har fejl siden 2. december 2026 kl. 08.17"."""
    return f"forældet: sagen har fejl siden {failing_since(since)}"


def no_documents_text(case_id: str) -> str:
    """Why a failing case has no documents at all: it has no last good build to keep."""
    return (f"Ingen dokumenter: sagen har fejl, og der er ikke noget tidligere godt byg at beholde, så der er "
            f"ingen filer i {case_id}/. Ret fejlene, og byg igen.")


@dataclass
class BuildReport:
    outcomes: list[CaseOutcome]  # cases first, then packages
    seconds: float
    started: datetime.datetime
    pdf: bool = True
    converted_by: dict[str, int] = field(default_factory=dict)  # documents per unoserver server, and locally

    @property
    def failed(self) -> bool:
        return any(o.status == FAILED for o in self.outcomes)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def advarsler(self) -> int:
        return sum(o.advarsler for o in self.outcomes)


def outputs_of(folder: Path, build_dir: Path) -> list[OutputFile]:
    """Every file under `folder`, as the report and manifest.json list it."""
    return [output_file(path, build_dir) for path in sorted(folder.rglob("*")) if path.is_file()]


def output_file(path: Path, build_dir: Path) -> OutputFile:
    """A written file by its path under the build folder, its hash and size, and whether a PDF declares PDF/A."""
    from kkdocs.pdf.pdf_archive import declares_archive

    data = path.read_bytes()
    archival = declares_archive(data) if path.suffix.lower() == ".pdf" else None
    return OutputFile(path.relative_to(build_dir).as_posix(), hashlib.sha256(data).hexdigest(), len(data), archival)
