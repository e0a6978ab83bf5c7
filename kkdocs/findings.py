"""Findings: what a check reports about a file, with its position.

Checks return findings as values; only the CLI prints them and picks an exit code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Level(str, Enum):
    FEJL = "fejl"  # blocks the build of the case
    ADVARSEL = "advarsel"  # reported, does not block


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int  # 1-based; 0 when the finding concerns the whole file
    column: int  # 1-based; 0 when the finding concerns the whole file
    level: Level
    code: str
    message: str

    def as_dict(self) -> dict:
        data = asdict(self)
        data["level"] = self.level.value
        return data

    def as_text(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.level.value} {self.code}: {self.message}"


def count(findings: list[Finding], level: Level) -> int:
    return sum(1 for f in findings if f.level is level)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.level is Level.FEJL for f in findings)
