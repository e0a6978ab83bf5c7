"""Dates and months as the forms write them: "13. oktober 2023", "31/10/2026", "apr. 2024 - sep. 2024"."""

from __future__ import annotations

import datetime
import re

from kkdocs.word_import.docx_reader import plain

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december"]
MONTH_ABBREV = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
PERIOD = re.compile(r"([a-zæøå]+)\.?\s+(\d{4})\s*[-–]\s*([a-zæøå]+)\.?\s+(\d{4})")


def parse_date(text: str) -> datetime.date | None:
    """"13. oktober 2023", "13/10/2023", "13-10-2023" or "2023-10-13"; None for anything else."""
    text = plain(text).rstrip(".")
    match = re.fullmatch(r"(\d{1,2})\.\s*([a-zæøå]+)\s+(\d{4})", text)
    try:
        if match and match.group(2) in MONTHS:
            return datetime.date(int(match.group(3)), MONTHS.index(match.group(2)) + 1, int(match.group(1)))
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if match:
            return datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
        if match:
            return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return None


def parse_month(name: str, year: str) -> str | None:
    """"apr", "2024" -> "2024-04" (a phase plan's month); None for a name that is not a month."""
    name = name.rstrip(".")[:3]
    if name not in MONTH_ABBREV:
        return None
    return f"{year}-{MONTH_ABBREV.index(name) + 1:02d}"
