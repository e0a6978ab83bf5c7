"""Findings: what a check reports about a file, with its position.

Checks return findings as values; only the CLI prints them and picks an exit code. A message
repeats a value the way `shown` does (cut to one readable line, however long the value) and
writes a fix with `quoted` (the value as YAML must have it).
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


SHOWN_LENGTH = 60  # characters of a value a message repeats; the position says where the rest is


def shown(value: str, limit: int = SHOWN_LENGTH) -> str:
    """A value as a message quotes it: in single quotes, cut after `limit` characters."""
    return f"'{cut(value, limit)}'"


def cut(value: str, limit: int = SHOWN_LENGTH) -> str:
    """`value`, or its first `limit` characters and how long it is, so a message stays one readable line."""
    value = str(value)
    if len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value):,} tegn)".replace(",", ".")


def quoted(text: str) -> str:
    """`text` as a quoted YAML value to write in a fix: in double quotes, or single ones when it has " or \\."""
    if '"' in text or "\\" in text:
        return "'" + text.replace("'", "''") + "'"
    return f'"{text}"'
